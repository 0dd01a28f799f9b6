package livechatdocs

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// reference reads the RTM reference: the connection, and one action per method section
// (a heading with a Specifics table naming the action).
func (im *importer) reference() error {
	p, err := im.docs.page(im.pages.Reference)
	if err != nil {
		return err
	}
	im.ref = p
	im.connection(p)
	web := im.webActions()
	seen := map[string]Loc{}
	for _, sec := range p.sections(3) {
		spc, ok := sec.subNamed(4, "Specifics")
		if !ok {
			continue
		}
		tb, ok := spc.first(tableBlock)
		if !ok {
			return errorf(p.loc(spc.heading.line), "method %q: Specifics has no table", sec.heading.text)
		}
		a, err := im.action(p, sec, tb.table, web)
		if err != nil {
			return err
		}
		if first, dup := seen[a.Name]; dup {
			im.note("%s: action `%s` is documented a second time (first at %s); the second section is left out.", p.loc(sec.heading.line), a.Name, first)
			continue
		}
		seen[a.Name] = p.loc(sec.heading.line)
		im.s.Actions = append(im.s.Actions, a)
	}
	if len(im.s.Actions) == 0 {
		return errorf(p.loc(1), "no methods found (no heading with a Specifics table naming an action)")
	}
	im.sharedOptional()
	if web != nil {
		var only []string
		for _, n := range sortedKeys(web) {
			if im.s.Action(n) == nil && !slices.ContainsFunc(im.s.Actions, func(a *spec.Action) bool { return a.Name == n }) {
				only = append(only, "`"+n+"`")
			}
		}
		if len(only) > 0 {
			im.note("The Web API reference (%s) documents methods that the RTM reference does not: %s. They are Web-only and left out of this RTM spec.", im.pages.Web, strings.Join(only, ", "))
		}
	}
	return nil
}

func specificsRow(t *table, label string) (row, bool) {
	rows := append([]row{{line: t.line, cells: t.header}}, t.rows...)
	for _, r := range rows {
		if len(r.cells) > 0 && strings.EqualFold(plain(strings.ReplaceAll(r.cells[0], `\*`, "")), label) {
			return r, true
		}
		if len(r.cells) > 0 && strings.HasPrefix(strings.ToLower(plain(r.cells[0])), strings.ToLower(label)) {
			return r, true
		}
	}
	return row{}, false
}

func (im *importer) action(p *page, sec section, spc *table, web map[string]Loc) (*spec.Action, error) {
	var a *spec.Action
	r, ok := specificsRow(spc, "Action")
	switch {
	case ok && len(codeNames(strings.Join(r.cells[1:], " "))) > 0:
		a = &spec.Action{Name: codeNames(strings.Join(r.cells[1:], " "))[0], Transports: []string{"rtm"}}
	case im.webOnly():
		// A Web-only reference names the action in its Method URL.
		r, ok = specificsRow(spc, "Method URL")
		m := methodURLRE.FindStringSubmatch(strings.Join(r.cells, " "))
		if !ok || m == nil {
			return nil, errorf(p.loc(spc.line), "method %q: Specifics table has no Method URL row naming an action", sec.heading.text)
		}
		a = &spec.Action{Name: m[1], Transports: []string{"web"}}
	default:
		return nil, errorf(p.loc(spc.line), "method %q: Specifics table has no Action row", sec.heading.text)
	}
	key := []string{"action", a.Name}
	im.origin(p.loc(r.line), key...)
	var docs []string
	for _, b := range sec.intro() {
		docs = append(docs, plain(b.text))
	}
	a.Doc = strings.Join(docs, " ")
	if a.Doc == "" {
		a.Doc = plain(sec.heading.text) + "."
		a.Notes = append(a.Notes, fmt.Sprintf("%s: the section has no description; the doc is its title.", p.loc(sec.heading.line)))
	}
	r, ok = specificsRow(spc, "Required scopes")
	if !ok {
		r, ok = specificsRow(spc, "Required token scopes")
	}
	if ok {
		for _, n := range codeNames(strings.Join(r.cells[1:], " ")) {
			if !slices.Contains(a.Scopes, n) {
				a.Scopes = append(a.Scopes, n)
			}
		}
	}
	if r, ok := specificsRow(spc, "Web API equivalent"); ok {
		names := codeNames(strings.Join(r.cells[1:], " "))
		if len(names) > 0 {
			a.Transports = []string{"rtm", "web"}
			if web != nil {
				if _, ok := web[names[0]]; !ok {
					a.Notes = append(a.Notes, fmt.Sprintf("%s: the Specifics table names the Web API equivalent `%s`, which the Web API reference (%s) does not document.", p.loc(r.line), names[0], im.pages.Web))
				}
			}
		}
	}
	if r, ok := specificsRow(spc, "Push message"); ok {
		for _, n := range codeNames(strings.Join(r.cells[1:], " ")) {
			if fieldNameRE.MatchString(n) && !slices.Contains(a.Pushes, n) {
				a.Pushes = append(a.Pushes, n)
			}
		}
	}
	// Samples: the request and the response of the section.
	var reqV, respV *Value
	var reqLoc, respLoc Loc
	var missingResp *block // a response sample that is a payload file the checkout lacks
	for _, b := range sec.blocks {
		if im.webOnly() {
			// Web reference: the request is the body of the curl sample, the response a
			// JSON block (not wrapped in {"payload": ...}) or a payload file.
			switch {
			case b.kind == tagBlock && b.name == "CodeResponse" && b.attrs["json"] != "" && respV == nil && missingResp == nil:
				missingResp = &b
			case b.kind == codeBlock && b.lang == "shell" && reqV == nil:
				body, line, ok := curlBody(b.text)
				if !ok {
					continue
				}
				v, notes, err := im.sample(p, block{kind: codeBlock, line: b.line + line - 1, text: body})
				if err != nil {
					return nil, err
				}
				reqV, reqLoc = v, p.loc(b.line+line-1)
				a.Notes = append(a.Notes, notes...)
			case b.kind == codeBlock && (b.lang == "json" || b.lang == "js") && respV == nil:
				v, notes, err := im.sample(p, b)
				if err != nil {
					return nil, err
				}
				respV, respLoc = v, p.loc(b.line)
				a.Notes = append(a.Notes, notes...)
			}
			continue
		}
		if b.kind != codeBlock || (b.lang != "json" && b.lang != "js" && b.lang != "") {
			continue
		}
		v, notes, err := im.sample(p, b)
		if err != nil {
			return nil, err
		}
		payload := v.Get("payload")
		if payload == nil {
			continue
		}
		if t := v.Get("type"); t != nil && t.Raw == "response" {
			if respV == nil {
				respV, respLoc = payload, p.loc(b.line+payload.Line-1)
				a.Notes = append(a.Notes, notes...)
			}
		} else if reqV == nil {
			reqV, reqLoc = payload, p.loc(b.line+payload.Line-1)
			a.Notes = append(a.Notes, notes...)
		}
	}
	var notes []string
	reqTable, hasReq := block{}, false
	if req, ok := sec.subNamed(4, "Request"); ok {
		reqTable, hasReq = req.first(tableBlock)
	} else if im.webOnly() {
		// Some sections put the request table right after Specifics, without a heading: the
		// first table with Parameter and Required columns.
		for _, b := range sec.blocks {
			if c := (columns{}); b.kind == tableBlock {
				if c = findColumns(b.table); c.name >= 0 && c.required >= 0 {
					reqTable, hasReq = b, true
					notes = append(notes, fmt.Sprintf("%s: the request table has no Request heading; it is the first table with Parameter and Required columns.", p.loc(b.line)))
					break
				}
			}
		}
	}
	if hasReq {
		if tb := reqTable; true {
			rows, err := im.rows(p, tb.table, true, true, fmt.Sprintf("action %q: request", a.Name))
			if err != nil {
				return nil, err
			}
			im.origin(p.loc(tb.line), append(slices.Clone(key), "param")...)
			a.Params = im.buildFields(rows, reqV, append(slices.Clone(key), "param"), &notes)
		}
	} else if reqV != nil && len(reqV.Keys) > 0 {
		im.origin(reqLoc, append(slices.Clone(key), "param")...)
		a.Params = im.sampleFields(reqV, nil, reqLoc, append(slices.Clone(key), "param"))
		for _, f := range a.Params {
			f.Required = false
		}
		notes = append(notes, fmt.Sprintf("%s: no request table; the params come from the request sample, all optional.", reqLoc))
	}
	if resp, ok := sec.subNamed(4, "Response"); ok {
		tb, ok := resp.first(tableBlock)
		if ok && im.webOnly() && findColumns(tb.table).name < 0 {
			// A table of values, not of fields ("Resource Name | Notes").
			notes = append(notes, fmt.Sprintf("%s: the response table (%q) lists values, not fields; the response comes from the sample.", p.loc(tb.line), strings.Join(tb.table.header, " | ")))
			ok = false
		}
		if ok {
			rows, err := im.rows(p, tb.table, false, true, fmt.Sprintf("action %q: response", a.Name))
			if err != nil {
				return nil, err
			}
			im.origin(p.loc(tb.line), append(slices.Clone(key), "response")...)
			a.HasResponse = true
			a.Response = im.buildFields(rows, respV, append(slices.Clone(key), "response"), &notes)
			// Members of the sample that the table leaves out are kept, optional: nothing
			// the server sends is dropped.
			if respV != nil && respV.Kind == Object {
				var extra []string
				for _, f := range im.sampleFields(respV, nil, respLoc, append(slices.Clone(key), "response")) {
					if !slices.ContainsFunc(a.Response, func(g *spec.Field) bool { return g.Name == f.Name }) {
						f.Required = false
						im.res.Unstated[Key(append(slices.Clone(key), "response", f.Name)...)] = true
						a.Response = append(a.Response, f)
						extra = append(extra, "`"+f.Name+"`")
					}
				}
				if len(extra) > 0 {
					notes = append(notes, fmt.Sprintf("%s: the response sample has members the table does not list (%s); they are kept as optional fields.", respLoc, strings.Join(extra, ", ")))
				}
			}

		}
	}
	if !a.HasResponse && respV != nil {
		a.HasResponse = true
		im.origin(respLoc, append(slices.Clone(key), "response")...)
		if respV.Kind == Array {
			et, ef := im.sampleType("item", respV, 0)
			a.ResponseType = mustType(et)
			if ef != nil {
				a.Response = im.sampleFields(mergeItems(respV), nil, respLoc, append(slices.Clone(key), "response"))
			}
			if a.ResponseType.Innermost().Kind == spec.Object && len(a.Response) == 0 {
				a.ResponseType = mustType("[]any")
			}
		} else {
			a.Response = im.sampleFields(respV, nil, respLoc, append(slices.Clone(key), "response"))
			if len(a.Response) == 0 && len(respV.Keys) > 0 {
				a.ResponseType = mustType("map[string]any")
				a.Response = nil
			}
		}
		if len(a.Response) > 0 {
			notes = append(notes, fmt.Sprintf("%s: no response table; the response fields come from the sample (required unless marked `// optional`).", respLoc))
		}
	}
	if resp, ok := sec.subNamed(4, "Response"); ok && !a.HasResponse && im.webOnly() {
		for _, b := range resp.blocks {
			if b.kind == textBlock && strings.Contains(strings.ToLower(plain(b.text)), "no response payload") {
				a.HasResponse = true // an empty object
				im.origin(p.loc(b.line), append(slices.Clone(key), "response")...)
			}
		}
	}
	if !a.HasResponse && missingResp != nil {
		a.HasResponse = true
		a.ResponseType = mustType("map[string]any")
		im.origin(p.loc(missingResp.line), append(slices.Clone(key), "response")...)
		notes = append(notes, fmt.Sprintf("%s: the response sample is the payload file %q (type %s, version %s), which the docs checkout does not have, and there is no response table: "+keptWhole,
			p.loc(missingResp.line), missingResp.attrs["json"], missingResp.attrs["type"], missingResp.attrs["version"]))
	}
	if a.HasResponse && a.Response == nil && a.ResponseType == nil {
		a.Response = []*spec.Field{}
	}
	if reqV != nil {
		if n := placeholderNote(reqV, reqLoc); n != "" {
			notes = append(notes, n)
		}
		a.Example.Request = []byte(strip(reqV).JSON())
		if reqV.Kind != Object {
			a.Example.Request = nil
		}
	}
	if respV != nil && a.HasResponse {
		if n := placeholderNote(respV, respLoc); n != "" {
			notes = append(notes, n)
		}
		if (respV.Kind == Object) == (a.ResponseType == nil) {
			a.Example.Response = []byte(strip(respV).JSON())
		}
	}
	a.Notes = append(a.Notes, notes...)
	return a, nil
}

// strip returns the value without the members that only held placeholders (an empty object
// or array whose content the sample left out).
func strip(v *Value) *Value {
	if v == nil {
		return nil
	}
	c := *v
	c.Keys, c.Vals = nil, nil
	for i, it := range v.Vals {
		if len(it.Placeholders) > 0 && len(it.Vals) == 0 {
			continue
		}
		if v.Kind == Object {
			c.Keys = append(c.Keys, v.Keys[i])
		}
		c.Vals = append(c.Vals, strip(it))
	}
	return &c
}

var (
	endpointRE  = regexp.MustCompile("`(wss?://[^`]+)`")
	pingRE      = regexp.MustCompile(`ping the server\*?\*? every (\d+) seconds`)
	methodURLRE = regexp.MustCompile(`/action/([a-z0-9_]+)`)
)

// connection reads the endpoint table and the required query string parameters.
func (im *importer) connection(p *page) {
	c := &im.s.Connection
	for _, b := range p.blocks {
		if b.kind != tableBlock {
			continue
		}
		t := b.table
		h := strings.ToLower(plain(strings.Join(t.header, " ")))
		switch {
		case strings.Contains(h, "api endpoint") && c.URL == "":
			for _, r := range t.rows {
				if m := endpointRE.FindStringSubmatch(strings.Join(r.cells, " ")); m != nil {
					c.URL = m[1]
					im.origin(p.loc(r.line), "connection", "url")
					break
				}
			}
		case strings.Contains(h, "required parameter") && c.Query == nil:
			col := findColumns(t)
			for _, r := range t.rows {
				name := cellName(cell(r, col.name))
				typ := docsType(strings.Trim(plain(cell(r, col.typ)), "`"))
				if typ == "" || strings.HasPrefix(typ, "[]") || typ == "any" {
					typ = "string"
				}
				f := &spec.Field{Name: name, Type: mustType(typ), Required: true, Doc: plain(cell(r, col.notes))}
				if f.Doc == "" {
					f.Doc = "Required query string parameter of the endpoint."
				}
				c.Query = append(c.Query, f)
				im.origin(p.loc(r.line), "connection", "query", name)
			}
		}
	}
	if c.URL == "" {
		c.URL = fmt.Sprintf("wss://api.livechatinc.com/v%s/%s/rtm/ws", im.s.Version, im.s.API)
		c.Notes = append(c.Notes, fmt.Sprintf("%s has no endpoint table; the URL follows the pattern of the other versions.", p.path))
	}
	for i, l := range p.lines {
		if m := pingRE.FindStringSubmatch(l); m != nil {
			var n int
			fmt.Sscanf(m[1], "%d", &n)
			c.PingInterval = time.Duration(n) * time.Second
			im.origin(p.loc(i+1), "connection", "ping_interval")
			break
		}
	}
}

// webActions lists the methods of the Web API reference (by the Action row of their
// Specifics tables, or the method heading), or nil when the page is missing.
func (im *importer) webActions() map[string]Loc {
	p, err := im.docs.page(im.pages.Web)
	if err != nil {
		return nil
	}
	out := map[string]Loc{}
	for _, sec := range p.sections(3) {
		spc, ok := sec.subNamed(4, "Specifics")
		if !ok {
			continue
		}
		tb, ok := spc.first(tableBlock)
		if !ok {
			continue
		}
		for _, label := range []string{"Method URL", "Action"} {
			if r, ok := specificsRow(tb.table, label); ok {
				text := strings.Join(r.cells[1:], " ")
				if m := methodURLRE.FindStringSubmatch(text); m != nil {
					out[m[1]] = p.loc(r.line)
					break
				}
				if n := codeNames(text); len(n) > 0 && fieldNameRE.MatchString(n[0]) {
					out[n[0]] = p.loc(r.line)
					break
				}
			}
		}
	}
	return out
}

// curlBodyRE finds the body of a curl sample: -d '...' (the body runs to the closing quote).
var curlBodyRE = regexp.MustCompile(`(?s)(?:-d|--data(?:-raw)?) '(.*?)'`)

// curlBody returns the JSON body of a curl sample and the line (1-based, within the sample)
// where it starts; ok is false when the sample sends no body.
func curlBody(text string) (body string, line int, ok bool) {
	m := curlBodyRE.FindStringSubmatchIndex(text)
	if m == nil {
		return "", 0, false
	}
	return text[m[2]:m[3]], strings.Count(text[:m[2]], "\n") + 1, true
}

// sharedOptional makes a top-level response field optional when another action's response
// documents a field of the same name as conditional (a table note "Appears in the response
// only when there's a next page") relative to a request param both actions take ("In
// relation to the `page_id` specified in the request"): the same member, answering the same
// param, is sent on the same condition; a sample that shows it proves only that it can be
// there.
func (im *importer) sharedOptional() {
	type source struct {
		action string
		params []string // the request params the field's notes name
	}
	optional := map[string]source{}
	for _, a := range im.s.Actions {
		for _, f := range a.Response {
			if _, ok := optional[f.Name]; ok || f.Required || !conditional(f.Doc) {
				continue
			}
			var ps []string
			for _, n := range codeNames(f.Doc) {
				if hasParam(a, n) {
					ps = append(ps, n)
				}
			}
			if len(ps) > 0 {
				optional[f.Name] = source{a.Name, ps}
			}
		}
	}
	for _, a := range im.s.Actions {
		for _, f := range a.Response {
			src, ok := optional[f.Name]
			if !ok || !f.Required || src.action == a.Name || !slices.ContainsFunc(src.params, func(n string) bool { return hasParam(a, n) }) {
				continue
			}
			f.Required = false
			a.Notes = append(a.Notes, fmt.Sprintf("Response field `%s`: optional, as the response of `%s` documents it relative to the request param `%s` that this action takes too.", f.Name, src.action, strings.Join(src.params, "`, `")))
		}
	}
}

func hasParam(a *spec.Action, name string) bool {
	return slices.ContainsFunc(a.Params, func(f *spec.Field) bool { return f.Name == name })
}
