package livechatdocs

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// pushes reads rtm-pushes: one push per heading that is a backticked name; its payload
// fields come from the sample, with the "Push payload" table's notes deciding optionality.
func (im *importer) pushes() error {
	p, err := im.docs.page(im.pages.Pushes)
	if err != nil {
		return err
	}
	if v, loc := pageVersion(p); v != "" && v != im.s.Version {
		return errorf(loc, "page of another version: it documents v%s, not v%s", v, im.s.Version)
	}
	var partial []*spec.Push
	for _, sec := range p.sections(3) {
		names := codeNames(sec.heading.text)
		if len(names) != 1 || !fieldNameRE.MatchString(names[0]) {
			continue
		}
		ps := &spec.Push{Name: names[0]}
		if im.s.Push(ps.Name) != nil || slices.ContainsFunc(im.s.Pushes, func(q *spec.Push) bool { return q.Name == ps.Name }) {
			im.note("%s: push `%s` is documented a second time; the second section is left out.", p.loc(sec.heading.line), ps.Name)
			continue
		}
		key := []string{"push", ps.Name}
		im.origin(p.loc(sec.heading.line), key...)
		var docs []string
		for _, b := range sec.intro() {
			docs = append(docs, plain(b.text))
		}
		ps.Doc = strings.Join(docs, " ")
		if ps.Doc == "" {
			ps.Doc = fmt.Sprintf("The %s push.", ps.Name)
			ps.Notes = append(ps.Notes, fmt.Sprintf("%s: the section has no description.", p.loc(sec.heading.line)))
		}
		var v *Value
		var vLoc Loc
		var more []*Value // the payloads of the other samples
		for _, b := range sec.blocks {
			if b.kind != codeBlock {
				continue
			}
			val, notes, err := im.sample(p, b)
			if err != nil {
				return err
			}
			pLoc := p.loc(b.line)
			if pl := val.Get("payload"); pl != nil && val.Get("action") != nil {
				// A sample of the whole push message: the payload is inside the envelope.
				val, pLoc = pl, p.loc(b.line+pl.Line-1)
				ps.Notes = append(ps.Notes, fmt.Sprintf("%s: the sample is the whole push message; the payload is its `payload`.", p.loc(b.line)))
			}
			ps.Notes = append(ps.Notes, notes...)
			if v != nil {
				more = append(more, val)
				continue
			}
			v, vLoc = val, pLoc
			im.origin(vLoc, append(slices.Clone(key), "field")...)
		}
		example := v
		if all := combineSamples(v, more); all != v {
			v = all
			ps.Notes = append(ps.Notes, fmt.Sprintf("%s: the push has %d samples; its fields are those of all of them (a member some lack is optional), its example is the first.", vLoc, 1+len(more)))
		}
		rows := map[string]tableRow{}
		var tableRows []tableRow
		if sub, ok := sec.subNamed(4, "Push payload"); ok {
			if tb, ok := sub.first(tableBlock); ok {
				rs, err := im.rows(p, tb.table, false, false, fmt.Sprintf("push %q: payload", ps.Name))
				if err != nil {
					return err
				}
				tableRows = rs
				for _, r := range rs {
					rows[r.name] = r
				}
			}
		}
		switch {
		case v == nil:
			ps.Notes = append(ps.Notes, fmt.Sprintf("%s: the push has no sample payload; its fields are unknown.", p.loc(sec.heading.line)))
		case v.Kind == Array:
			et, ef := im.sampleType("item", v, 0)
			ps.PayloadType = mustType(et)
			if ef != nil {
				ps.Fields = im.sampleFields(mergeItems(v), rows, vLoc, append(slices.Clone(key), "field"))
			}
			if ps.PayloadType.Innermost().Kind == spec.Object && len(ps.Fields) == 0 {
				ps.PayloadType = mustType("[]any")
			}
			ps.Example = []byte(strip(example).JSON())
		case v.Kind == Object && len(v.Keys) == 0 && im.placeholderType(v) != "":
			// The payload is a whole structure: `{ // "Customer" user object }`.
			name := im.placeholderType(v)
			if t := im.types[name]; t.Kind == spec.StructType {
				for _, f := range t.Fields {
					c := *f
					ps.Fields = append(ps.Fields, &c)
					im.origin(vLoc, append(slices.Clone(key), "field", f.Name)...)
					// What the docs do not state of the structure's fields (and their nested
					// fields) they do not state of the push's either.
					for k := range im.res.Unstated {
						if k == Key("type", name, "field", f.Name) || strings.HasPrefix(k, Key("type", name, "field", f.Name+".")) {
							im.res.Unstated[Key(append(slices.Clone(key), "field")...)+strings.TrimPrefix(k, Key("type", name, "field"))] = true
						}
					}
				}
				if ex := t.Example; len(ex) > 0 {
					ps.Example = ex
				}
				ps.Notes = append(ps.Notes, fmt.Sprintf("%s: the sample payload is only the placeholder `// %s`; the payload fields are those of %s.", vLoc, v.Placeholders[0], name))
			}
		case v.Kind == Object && isMapSample(v):
			et, _ := im.sampleType("item", v, 0)
			ps.PayloadType = mustType(et)
			if ps.PayloadType.Innermost().Kind == spec.Object {
				ps.PayloadType = mustType("map[string]any")
			}
			ps.Example = []byte(strip(example).JSON())
			ps.Notes = append(ps.Notes, fmt.Sprintf("%s: the sample payload is keyed by IDs: a map, not an object with fields.", vLoc))
		case v.Kind == Object:
			ps.Fields = im.sampleFields(v, rows, vLoc, append(slices.Clone(key), "field"))
			if partialPayload(ps.Doc) && len(ps.Fields) > 1 {
				for _, f := range ps.Fields {
					if f.Name != "id" && !strings.HasSuffix(f.Name, "_id") {
						f.Required = false
					}
				}
				ps.Notes = append(ps.Notes, "The push carries only what changed (its description says so): every payload field is optional but the IDs saying what changed.")
				partial = append(partial, ps)
			}
			if len(ps.Fields) == 0 && len(v.Keys) > 0 {
				et, _ := im.sampleType("item", v, 0)
				ps.PayloadType = mustType(et)
			}
			ps.Example = []byte(strip(example).JSON())
			if n := placeholderNote(v, vLoc); n != "" {
				ps.Notes = append(ps.Notes, n)
			}
		}
		// Table rows naming fields the sample lacks.
		for _, r := range tableRows {
			if strings.Contains(r.name, ".") || !fieldNameRE.MatchString(r.name) {
				continue
			}
			if !slices.ContainsFunc(ps.Fields, func(f *spec.Field) bool { return f.Name == r.name }) && ps.PayloadType == nil {
				t := docsType(r.typ)
				if t == "" {
					t = "any"
				}
				ps.Fields = append(ps.Fields, &spec.Field{Name: r.name, Type: mustType(t), Required: r.required == "yes", Doc: plain(r.notes)})
				im.origin(r.loc, append(slices.Clone(key), "field", r.name)...)
				ps.Notes = append(ps.Notes, fmt.Sprintf("%s: `%s` is in the payload table but not in the sample.", r.loc, r.name))
			}
		}
		im.s.Pushes = append(im.s.Pushes, ps)
	}
	for _, ps := range partial {
		im.createdFields(ps)
	}
	return nil
}

// createdFields completes a partial `<object>_updated` push with the fields of the
// `<object>_created` push: the update carries any of the created object's properties, and
// its sample shows only some of them. The added fields are optional.
func (im *importer) createdFields(ps *spec.Push) {
	stem, ok := strings.CutSuffix(ps.Name, "_updated")
	if !ok {
		return
	}
	i := slices.IndexFunc(im.s.Pushes, func(q *spec.Push) bool { return q.Name == stem+"_created" })
	if i < 0 {
		return
	}
	created := im.s.Pushes[i]
	var added []string
	for _, f := range created.Fields {
		if slices.ContainsFunc(ps.Fields, func(g *spec.Field) bool { return g.Name == f.Name }) {
			continue
		}
		g := *f
		g.Required = false
		ps.Fields = append(ps.Fields, &g)
		added = append(added, "`"+f.Name+"`")
		from, to := Key("push", created.Name, "field", f.Name), Key("push", ps.Name, "field", f.Name)
		for _, k := range sortedKeys(im.res.Unstated) {
			if k == from || strings.HasPrefix(k, from+".") {
				im.res.Unstated[to+strings.TrimPrefix(k, from)] = true
			}
		}
		if loc, ok := im.res.Origins[from]; ok {
			im.origin(loc, "push", ps.Name, "field", f.Name)
		}
	}
	if len(added) > 0 {
		ps.Notes = append(ps.Notes, fmt.Sprintf("The push carries any updated property of the object `%s` describes; the fields of that push its sample lacks are added, optional: %s.", created.Name, strings.Join(added, ", ")))
	}
}

// undocumentedPushes adds an entry for each push an action names that rtm-pushes does not
// describe.
func (im *importer) undocumentedPushes() {
	have := map[string]bool{}
	for _, p := range im.s.Pushes {
		have[p.Name] = true
	}
	for _, a := range im.s.Actions {
		for _, n := range a.Pushes {
			if have[n] {
				continue
			}
			have[n] = true
			loc := im.res.Origins[Key("action", a.Name)]
			im.s.Pushes = append(im.s.Pushes, &spec.Push{Name: n, Undocumented: true,
				Doc:   fmt.Sprintf("The %s push (named by %s, not described in rtm-pushes).", n, a.Name),
				Notes: []string{fmt.Sprintf("%s: named in the Specifics table of `%s`; %s has no section for it.", loc, a.Name, im.pages.Pushes)}})
		}
	}
}

// errors reads the possible errors of the reference, with the messages of the catalogue.
func (im *importer) errors() error {
	var ids []string
	var loc Loc
	for _, b := range im.ref.blocks {
		if b.kind == tagBlock && b.name == "Errors" {
			for _, id := range strings.Split(b.attrs["errors"], ",") {
				if id = strings.TrimSpace(id); id != "" {
					ids = append(ids, id)
				}
			}
			loc = im.ref.loc(b.line)
		}
	}
	if len(ids) == 0 {
		// Older pages list the errors in a table: | Type | Default Message | Notes |.
		for _, b := range im.ref.blocks {
			if b.kind != tableBlock || len(b.table.header) < 2 || !strings.EqualFold(plain(b.table.header[0]), "type") {
				continue
			}
			for _, r := range b.table.rows {
				e := &spec.ErrorType{Type: cellName(cell(r, 0)), Message: plain(cell(r, 1)), Doc: plain(cell(r, 2))}
				im.s.Errors = append(im.s.Errors, e)
				im.origin(im.ref.loc(r.line), "error", e.Type)
			}
		}
		return nil
	}
	cat, err := im.docs.Catalogue()
	if err != nil {
		im.note("The error catalogue is missing (%v); the errors have no messages.", err)
	}
	for _, id := range ids {
		e := &spec.ErrorType{Type: id}
		if c, ok := cat[id]; ok {
			e.Message, e.Doc = c.Message, c.Description
		}
		im.s.Errors = append(im.s.Errors, e)
		im.origin(loc, "error", id)
	}
	return nil
}

// CatalogueEntry is one error of src/constants/index.js.
type CatalogueEntry struct {
	ID, Message, Description string
	Loc                      Loc
}

var catalogueRE = regexp.MustCompile(`id:\s*"([^"]*)",\s*message:\s*"([^"]*)",\s*description:\s*"([^"]*)"`)

// Catalogue reads the error catalogue (the ERRORS array of src/constants/index.js).
func (d *Docs) Catalogue() (map[string]CatalogueEntry, error) {
	const name = "src/constants/index.js"
	data, err := d.read(name)
	if err != nil {
		return nil, err
	}
	text := string(data)
	start := strings.Index(text, "const ERRORS")
	if start < 0 {
		return nil, errorf(Loc{File: name}, "no ERRORS array")
	}
	out := map[string]CatalogueEntry{}
	for _, m := range catalogueRE.FindAllStringSubmatchIndex(text[start:], -1) {
		sub := text[start:]
		line := 1 + strings.Count(text[:start+m[0]], "\n")
		out[sub[m[2]:m[3]]] = CatalogueEntry{ID: sub[m[2]:m[3]], Message: sub[m[4]:m[5]], Description: sub[m[6]:m[7]], Loc: Loc{File: name, Line: line}}
	}
	return out, nil
}

var partialRE = regexp.MustCompile(`(?i)(?:contains|includes) (?:only )?the updated (?:fields|properties)|only (?:includes |contains )?the updated (?:fields|properties)|contains only the fields`)

// partialPayload reports whether a push's description says its payload holds only the
// changed fields.
func partialPayload(doc string) bool {
	return partialRE.MatchString(doc)
}

// pushParamsOptional makes a push field optional when the actions whose Specifics name the
// push all take a param of that name, of the same type class, as optional: the push relays
// what the sender gave (send_thinking_indicator's `title` in incoming_thinking_indicator), so
// a sample that shows it proves only that it can be there. Fields with nested fields (a
// whole chat or event) are left alone: those are built by the server, not relayed; so are
// params whose notes give a fallback ("If not specified, the requester's status", a
// default): the server fills those in.
func (im *importer) pushParamsOptional() {
	for _, ps := range im.s.Pushes {
		var senders []*spec.Action
		for _, a := range im.s.Actions {
			if slices.Contains(a.Pushes, ps.Name) {
				senders = append(senders, a)
			}
		}
		if len(senders) == 0 {
			continue
		}
		for _, f := range ps.Fields {
			if !f.Required || len(f.Fields) > 0 || f.Type.Innermost().Kind == spec.Named {
				continue
			}
			optional := true
			for _, a := range senders {
				i := slices.IndexFunc(a.Params, func(p *spec.Field) bool { return p.Name == f.Name })
				if i < 0 || a.Params[i].Required || class(a.Params[i].Type, im.s) != class(f.Type, im.s) || hasFallback(a.Params[i]) {
					optional = false
					break
				}
			}
			if optional {
				f.Required = false
				var names []string
				for _, a := range senders {
					names = append(names, "`"+a.Name+"`")
				}
				ps.Notes = append(ps.Notes, fmt.Sprintf("`%s` is an optional param of %s, which sends this push: it is relayed only when given, so optional.", f.Name, strings.Join(names, ", ")))
			}
		}
	}
}

// hasFallback reports whether a param's notes say what the server uses when it is not
// given.
func hasFallback(p *spec.Field) bool {
	l := strings.ToLower(p.Doc)
	return p.Default != "" || strings.Contains(l, "not specified") || strings.Contains(l, "not provided") || strings.Contains(l, "default")
}
