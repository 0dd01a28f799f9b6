package livechatdocs

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// baseURLRE splits a Method URL into the base URL of the API and the action.
var baseURLRE = regexp.MustCompile("`(https://[^`]+?)/action/([a-z0-9_]+)`")

// webReference reads the reference of a Web-only API (the Configuration API): the base URL
// of its Method URLs, one action per method section (a heading with a Specifics table whose
// Method URL names the action), and the errors of the page.
func (im *importer) webReference() error {
	p, err := im.docs.page(im.pages.Reference)
	if err != nil {
		return err
	}
	im.ref = p
	s := im.s
	title := strings.ToUpper(s.API[:1]) + s.API[1:]
	s.Doc = fmt.Sprintf("%s API v%s (Web API only), imported from the LiveChat docs by gen import (a draft to review).", title, s.Version)
	s.Sources = []string{im.pages.Reference}
	seen := map[string]Loc{}
	bySlug := map[string]*spec.Action{} // the method sections by anchor, for the batch tables
	untyped := map[*spec.Action]bool{}  // responses given only as a payload file the checkout lacks
	for _, sec := range p.sections(3) {
		spc, ok := sec.subNamed(4, "Specifics")
		if !ok {
			continue
		}
		tb, ok := spc.first(tableBlock)
		if !ok {
			return errorf(p.loc(spc.heading.line), "method %q: Specifics has no table", sec.heading.text)
		}
		if r, ok := specificsRow(tb.table, "Method URL"); ok && s.Web == nil {
			if m := baseURLRE.FindStringSubmatch(strings.Join(r.cells, " ")); m != nil {
				s.Web = &spec.Web{URL: m[1], AuthorID: "none", Payload: "plain"}
				im.origin(p.loc(r.line), "web", "url")
			}
		}
		a, err := im.action(p, sec, tb.table, nil)
		if err != nil {
			return err
		}
		if first, dup := seen[a.Name]; dup {
			im.note("%s: action `%s` is documented a second time (first at %s); the second section is left out.", p.loc(sec.heading.line), a.Name, first)
			continue
		}
		im.possibleActions(p, sec, a)
		seen[a.Name] = p.loc(sec.heading.line)
		bySlug[slug(sec.heading.text)] = a
		s.Actions = append(s.Actions, a)
		if payloadOnly(sec, a) {
			untyped[a] = true
		}
	}
	if len(s.Actions) == 0 {
		return errorf(p.loc(1), "no methods found (no heading with a Specifics table whose Method URL names an action)")
	}
	if s.Web == nil {
		return errorf(p.loc(1), "no Method URL of the form https://.../action/<name>: cannot tell the API's base URL")
	}
	if err := im.footnoteStructures(p, bySlug); err != nil {
		return err
	}
	im.seeMethod(p, bySlug)
	im.returnedIn(p, bySlug, untyped)
	im.changelogResponses(bySlug, untyped)
	im.batches(p, bySlug)
	return im.errors()
}

// payloadOnly reports whether the reference gives a method's response only as a payload file
// (<CodeResponse json="createBot"/>) that the checkout lacks: no response table, no inline
// sample, and the response kept whole.
func payloadOnly(sec section, a *spec.Action) bool {
	if a.ResponseType == nil || a.ResponseType.Kind != spec.Map || len(a.Response) > 0 || a.Example.Response != nil {
		return false
	}
	for _, b := range sec.blocks {
		if b.kind == tagBlock && b.name == "CodeResponse" && b.attrs["json"] != "" {
			return true
		}
	}
	return false
}

// returnedInRE reads a sentence of a method's text that says a value is returned by other
// methods: "The required `bot_secret` is returned in [Create Bot Template](#create-bot-template)
// and [Create Bot](#create-bot) methods".
var returnedInRE = regexp.MustCompile("`([a-z0-9_]+)` (?:is|are) returned (?:in|by) ((?:\\[[^\\]]+\\]\\(#[a-z0-9-]+\\)(?:,? (?:and|or) |, )?)+)")

// returnedIn notes, on the methods whose response is only a missing payload file, what the
// text of another method says they return: the docs say a value comes back but not under
// which member, so the note is for the reviewer and the response stays untyped.
func (im *importer) returnedIn(p *page, bySlug map[string]*spec.Action, untyped map[*spec.Action]bool) {
	for _, sec := range p.sections(3) {
		by := "the page"
		if a := bySlug[slug(sec.heading.text)]; a != nil {
			by = "`" + a.Name + "`"
		}
		for _, b := range sec.blocks {
			if b.kind != textBlock {
				continue
			}
			for _, m := range returnedInRE.FindAllStringSubmatch(b.text, -1) {
				for _, l := range sectionLinkRE.FindAllStringSubmatch(m[2], -1) {
					a := bySlug[l[1]]
					if a == nil || !untyped[a] {
						continue
					}
					a.Notes = append(a.Notes, fmt.Sprintf("%s: the text of %s says `%s` is returned by this method, without naming the response member that holds it (the payload file that would show it is missing); it is not typed.", p.loc(b.line), by, m[1]))
				}
			}
		}
	}
}

// keptWhole ends the reference's note on a response given only as a missing payload file
// (reference.go writes it, changelogResponses rewrites it).
const keptWhole = "the response is kept whole, as map[string]any."

var (
	// clMethodRE finds the method a changelog line is about: "The [**Create Bot**](...#create-bot) method".
	clMethodRE = regexp.MustCompile(`\[\*\*[^*\]]+\*\*\]\([^)#]*#([a-z0-9-]+)\) method\b`)
	// clRenamedRE finds a renamed member: "`bot_agent_id` was rename to `id`".
	clRenamedRE = regexp.MustCompile("`([a-z0-9_]+)`[^`]*?\\brenamed? to `([a-z0-9_]+)`")
)

// changelogResponses types, from the changelog, the responses that the reference gives only
// as a payload file the checkout lacks: a line of a method's entry that renames a member of
// its response ("had its response format changed; `bot_agent_id` was rename to `id`", "had
// the `webhook_id` field in response renamed to `id`") says the response has that member from
// that version on. The changelog gives no type and no requiredness: the member is `any`, its
// requiredness unstated; the members it does not name are kept in Extra as received.
func (im *importer) changelogResponses(bySlug map[string]*spec.Action, untyped map[*spec.Action]bool) {
	items, err := im.docs.readChangelog(im.s.API)
	if err != nil {
		return // no changelog: nothing to add
	}
	type member struct {
		version, from, to string
		loc               Loc
	}
	facts := map[*spec.Action][]member{}
	type parent struct {
		indent int
		slug   string
	}
	var stack []parent
	for _, it := range items {
		if it.Fresh {
			stack = nil
		}
		trim := it.Text
		indent := len(it.Line) - len(strings.TrimLeft(it.Line, " \t"))
		for len(stack) > 0 && stack[len(stack)-1].indent >= indent {
			stack = stack[:len(stack)-1]
		}
		method := ""
		if m := clMethodRE.FindStringSubmatch(trim); m != nil {
			method = m[1]
			if strings.HasSuffix(trim, ":") {
				stack = append(stack, parent{indent, method})
				continue
			}
		} else if len(stack) > 0 {
			method = stack[len(stack)-1].slug
		}
		a := bySlug[method]
		if a == nil || !untyped[a] || !strings.Contains(strings.ToLower(trim), "response") {
			continue
		}
		for _, m := range clRenamedRE.FindAllStringSubmatch(trim, -1) {
			facts[a] = append(facts[a], member{version: it.Version, from: m[1], to: m[2], loc: it.Loc})
		}
	}
	for _, a := range im.s.Actions {
		ms := facts[a]
		if len(ms) == 0 {
			continue
		}
		slices.SortStableFunc(ms, func(x, y member) int { return compareVersions(x.version, y.version) })
		var fields []*spec.Field
		var locs []Loc
		for _, m := range ms {
			if compareVersions(m.version, im.s.Version) > 0 {
				continue
			}
			if i := slices.IndexFunc(fields, func(f *spec.Field) bool { return f.Name == m.from }); i >= 0 {
				fields, locs = slices.Delete(fields, i, i+1), slices.Delete(locs, i, i+1)
			}
			if !slices.ContainsFunc(fields, func(f *spec.Field) bool { return f.Name == m.to }) {
				fields, locs = append(fields, &spec.Field{Name: m.to, Type: mustType("any")}), append(locs, m.loc)
			}
		}
		if len(fields) == 0 {
			continue
		}
		a.ResponseType, a.Response = nil, fields
		for i, n := range a.Notes {
			// The reference's note on the missing payload file no longer says what was done.
			if strings.HasSuffix(n, keptWhole) {
				a.Notes[i] = strings.TrimSuffix(n, keptWhole) + "the response has the members the changelog names (below)."
			}
		}
		var names []string
		for i, f := range fields {
			im.origin(locs[i], "action", a.Name, "response", f.Name)
			im.res.Unstated[Key("action", a.Name, "response", f.Name)] = true
			names = append(names, fmt.Sprintf("`%s` (%s)", f.Name, locs[i]))
		}
		a.Notes = append(a.Notes, fmt.Sprintf("The changelog names members of the response: %s. They are typed `any` and optional (the changelog gives neither type nor requiredness); the other members are kept as received.", strings.Join(names, ", ")))
	}
}

// batchRowRE reads a row of the "Methods with batch support" tables: the linked method and
// its batch URL.
var batchRowRE = regexp.MustCompile("\\]\\(#([a-z0-9-]+)\\).*?/action/(batch_[a-z0-9_]+)`")

// batches adds the batch methods of the "Methods with batch support" tables: one action per
// row, batching the action of the linked section.
func (im *importer) batches(p *page, byTitle map[string]*spec.Action) {
	for _, b := range p.blocks {
		if b.kind != tableBlock || !strings.Contains(strings.ToLower(plain(strings.Join(b.table.header, " "))), "batch method url") {
			continue
		}
		for _, r := range b.table.rows {
			m := batchRowRE.FindStringSubmatch(strings.Join(r.cells, " "))
			if m == nil {
				continue
			}
			of := byTitle[m[1]]
			if of == nil {
				im.note("%s: the batch method `%s` links #%s, which names no method section; it is left out.", p.loc(r.line), m[2], m[1])
				continue
			}
			im.s.Actions = append(im.s.Actions, &spec.Action{
				Name:       m[2],
				Doc:        fmt.Sprintf("Runs %s for each request of a batch, in one call; each result is the response of one request or its error, in the order of the requests.", of.Name),
				Transports: []string{"web"},
				Scopes:     of.Scopes,
				BatchOf:    of.Name,
			})
			im.origin(p.loc(r.line), "action", m[2])
		}
	}
}

// possibleActions reads a "Possible action" table of a method section (register_webhook's
// Triggering actions) into the enum of the method's `action` param.
func (im *importer) possibleActions(p *page, sec section, a *spec.Action) {
	var param *spec.Field
	for _, f := range a.Params {
		if f.Name == "action" && f.Type != nil && f.Type.Kind == spec.String && len(f.Enum) == 0 {
			param = f
		}
	}
	if param == nil {
		return
	}
	for _, b := range sec.blocks {
		if b.kind != tableBlock || len(b.table.header) == 0 || !strings.HasPrefix(strings.ToLower(plain(b.table.header[0])), "possible action") {
			continue
		}
		for _, r := range b.table.rows {
			if names := codeNames(cell(r, 0)); len(names) > 0 {
				param.Enum = append(param.Enum, spec.EnumValue{Value: names[0]})
			}
		}
		im.origin(p.loc(b.line), "action", a.Name, "param", "action", "enum")
		return
	}
}

// seeRE finds a row's reference to another method section for its structure: "See
// [**Create Agent**](#create-agent) for details", "See [Create Greeting](#create-greeting) for
// complete structure".
var seeRE = regexp.MustCompile(`See \[\*{0,2}[^\]*]+\*{0,2}\]\(#([a-z0-9-]+)\) for`)

// seeMethod completes a field whose row sends the reader to another method for its structure
// ("See Create Agent for details"): the linked method's param of the same name gives the
// fields this one's rows and sample do not (a field known only from this method's sample is
// replaced by the linked one's, which its rows state); a field with no structure of its own
// takes the linked one's type. Request rows and response rows alike; the linked method is read
// first, so a chain of links resolves in page order.
func (im *importer) seeMethod(p *page, bySlug map[string]*spec.Action) {
	for _, sec := range p.sections(3) {
		a := bySlug[slug(sec.heading.text)]
		if a == nil {
			continue
		}
		for _, b := range sec.blocks {
			if b.kind != tableBlock {
				continue
			}
			c := findColumns(b.table)
			if c.name < 0 || c.notes < 0 {
				continue
			}
			list, kind := tableFields(sec, b, a)
			for _, r := range b.table.rows {
				m := seeRE.FindStringSubmatch(cell(r, c.notes))
				names := splitNames(cell(r, c.name))
				if m == nil || len(names) != 1 {
					continue
				}
				other := bySlug[m[1]]
				f, g := findField(*list, names[0]), (*spec.Field)(nil)
				if other != nil && other != a {
					g = findField(other.Params, names[0])
				}
				if f == nil || g == nil || len(g.Fields) == 0 || class(f.Type, im.s) != class(g.Type, im.s) && class(f.Type, im.s) != "any" {
					continue
				}
				ours, theirs := []string{"action", a.Name, kind}, []string{"action", other.Name, "param"}
				was, shaped := f.Type, len(f.Fields) > 0
				added, dropped := im.adopt(f, g, theirs, ours, f.Name, g.Name)
				switch {
				case !shaped:
					f.Type = g.Type
				case f.Type.Kind != g.Type.Kind:
					// The shape the sample suggests (a map of days) yields to the rows'.
					f.Type = g.Type
					a.Notes = append(a.Notes, fmt.Sprintf("%s: the sample gives `%s` another shape (%s) than %s's rows (%s); the rows are followed (the sample may show an older format).", p.loc(r.line), f.Name, was, other.Name, g.Type))
				}
				if len(added) > 0 {
					a.Notes = append(a.Notes, fmt.Sprintf("%s: `%s` refers to %s for its structure: %s taken from its param `%s` (%s).", p.loc(r.line), f.Name, other.Name, strings.Join(added, ", "), g.Name, im.res.Origins[Key(append(theirs, g.Name)...)]))
				}
				if len(dropped) > 0 {
					a.Notes = append(a.Notes, fmt.Sprintf("%s: the sample shows members of `%s` that %s's structure does not have (%s); they are left out (the rows are followed, the sample may show an older format).", p.loc(r.line), f.Name, other.Name, strings.Join(dropped, ", ")))
				}
			}
		}
	}
}

// adopt gives f the structure of g: a copy of all of g's fields when f has none, else as
// mergeFields merges them. It returns what it took and dropped, for notes.
func (im *importer) adopt(f, g *spec.Field, from, to []string, fp, gp string) (took, dropped []string) {
	if len(f.Fields) == 0 {
		f.Fields = im.cloneFields(g.Fields, from, to, gp, fp)
		return []string{"all its fields"}, nil
	}
	return im.mergeFields(f, g, from, to, fp, gp)
}

// mergeFields adds to f the fields of g it lacks, replaces those f knows only from a sample,
// and drops the sample's members that g does not have; it returns the dotted names it took
// and dropped. Keys name both sides for origins.
func (im *importer) mergeFields(f, g *spec.Field, from, to []string, fp, gp string) (took, dropped []string) {
	for _, gf := range g.Fields {
		fk, gk := fp+"."+gf.Name, gp+"."+gf.Name
		i := slices.IndexFunc(f.Fields, func(x *spec.Field) bool { return x.Name == gf.Name })
		switch {
		case i < 0:
			f.Fields = append(f.Fields, im.cloneFields([]*spec.Field{gf}, from, to, gp, fp)...)
			took = append(took, "`"+fk+"`")
		case im.res.Unstated[Key(append(slices.Clone(to), fk)...)]:
			// Known here only from the sample: the linked rows state it.
			im.unmark(to, fk, f.Fields[i])
			dropped = append(dropped, sampleOnly(f.Fields[i], gf, fk)...)
			f.Fields[i] = im.cloneFields([]*spec.Field{gf}, from, to, gp, fp)[0]
			took = append(took, "`"+fk+"`")
		default:
			t, d := im.mergeFields(f.Fields[i], gf, from, to, fk, gk)
			took, dropped = append(took, t...), append(dropped, d...)
		}
	}
	// A member that only this method's sample shows, beside a structure the linked rows state,
	// is the sample's (an older format, a typo): the rows are followed.
	f.Fields = slices.DeleteFunc(f.Fields, func(x *spec.Field) bool {
		fk := fp + "." + x.Name
		if findField(g.Fields, x.Name) != nil || !im.res.Unstated[Key(append(slices.Clone(to), fk)...)] {
			return false
		}
		im.unmark(to, fk, x)
		dropped = append(dropped, "`"+fk+"`")
		return true
	})
	return took, dropped
}

// sampleOnly lists the members of f (read from a sample) that g, which replaces it, lacks.
func sampleOnly(f, g *spec.Field, path string) []string {
	var out []string
	for _, c := range f.Fields {
		if gc := findField(g.Fields, c.Name); gc != nil {
			out = append(out, sampleOnly(c, gc, path+"."+c.Name)...)
		} else {
			out = append(out, "`"+path+"."+c.Name+"`")
		}
	}
	return out
}

// unmark forgets the origins and unstated marks of a field that is dropped or replaced.
func (im *importer) unmark(key []string, path string, f *spec.Field) {
	k := Key(append(slices.Clone(key), path)...)
	delete(im.res.Unstated, k)
	delete(im.res.Origins, k)
	for _, c := range f.Fields {
		im.unmark(key, path+"."+c.Name, c)
	}
}

// cloneFields copies fields (deeply) from the linked method, with their origins and unstated
// marks re-keyed under this one: from/fromPath name the copied fields' parent there,
// to/toPath here.
func (im *importer) cloneFields(fields []*spec.Field, from, to []string, fromPath, toPath string) []*spec.Field {
	var out []*spec.Field
	for _, f := range fields {
		c := *f
		c.Enum = slices.Clone(f.Enum)
		fk, tk := Key(append(slices.Clone(from), fromPath+"."+f.Name)...), Key(append(slices.Clone(to), toPath+"."+f.Name)...)
		if l, ok := im.res.Origins[fk]; ok {
			im.res.Origins[tk] = l
		}
		if im.res.Unstated[fk] {
			im.res.Unstated[tk] = true
		} else {
			delete(im.res.Unstated, tk)
		}
		c.Fields = im.cloneFields(f.Fields, from, to, fromPath+"."+f.Name, toPath+"."+f.Name)
		out = append(out, &c)
	}
	return out
}

// structureRE reads the text before a footnote table that documents a structure the rows
// above name: "**2)** `<match_object>` structure:", "**3)** the `geolocation_object`
// structure.", "**4)** The `rich_message` object structure:".
var structureRE = regexp.MustCompile("^\\*\\*\\d+\\)\\*\\*\\s+(?:[Tt]he\\s+)?`<?([a-z_]+)>?`(?: object)? structure\\b")

// footnoteStructures reads the footnote tables of a method section that document a structure
// named in its tables: a row whose type is that structure (`[]match_object`, `match_object`)
// or a field of that name (`rich_message`) gets the table's fields, as seeMethod merges a
// linked method's: fields known only from the sample yield to the table's rows.
func (im *importer) footnoteStructures(p *page, bySlug map[string]*spec.Action) error {
	for _, sec := range p.sections(3) {
		a := bySlug[slug(sec.heading.text)]
		if a == nil {
			continue
		}
		structs := map[string]*spec.Field{}
		for i, b := range sec.blocks {
			m := structureRE.FindStringSubmatch(strings.TrimSpace(b.text))
			if b.kind != textBlock || m == nil || i+1 >= len(sec.blocks) || sec.blocks[i+1].kind != tableBlock {
				continue
			}
			tb := sec.blocks[i+1]
			rows, err := im.rows(p, tb.table, true, true, fmt.Sprintf("action %q: the %s structure", a.Name, m[1]))
			if err != nil {
				return err
			}
			// The rows are relative to the structure: root them at a field of its name.
			root := []tableRow{{loc: p.loc(b.line), name: m[1], required: "no", typ: "object"}}
			for _, r := range rows {
				r.name = m[1] + "." + r.name
				root = append(root, r)
			}
			var notes []string
			fs := im.buildFields(root, nil, []string{"action", a.Name, "structure"}, &notes)
			a.Notes = append(a.Notes, notes...)
			if len(fs) == 1 && len(fs[0].Fields) > 0 {
				structs[m[1]] = fs[0]
			}
		}
		if len(structs) == 0 {
			continue
		}
		from := []string{"action", a.Name, "structure"}
		for _, b := range sec.blocks {
			if b.kind != tableBlock || structureTable(sec, b) {
				continue
			}
			c := findColumns(b.table)
			if c.name < 0 {
				continue
			}
			list, kind := tableFields(sec, b, a)
			for _, r := range b.table.rows {
				names := splitNames(cell(r, c.name))
				if len(names) != 1 {
					continue
				}
				name, typ := names[0], ""
				if t := codeNames(cell(r, c.typ)); len(t) > 0 {
					typ = strings.ToLower(t[0])
				}
				st := strings.Trim(strings.TrimSuffix(strings.TrimPrefix(typ, "[]"), "[]"), "<>")
				g := structs[st]
				last := name[strings.LastIndex(name, ".")+1:]
				if g == nil && (typ == "object" || isArrayType(typ)) {
					g = structs[strings.TrimSuffix(last, "[]")]
				}
				if g == nil {
					continue
				}
				for _, tr := range expandAlternatives([]tableRow{{name: name}}) {
					path := strings.ReplaceAll(tr.name, "[]", "")
					f := fieldAt(*list, path)
					if f == nil {
						continue
					}
					to := []string{"action", a.Name, kind}
					if f.Type.Innermost().Kind != spec.Object {
						t := "object"
						if f.Type.Kind == spec.Slice || isArrayType(typ) {
							t = "[]object"
						}
						f.Type, f.Fields = mustType(t), nil
					}
					took, dropped := im.adopt(f, g, from, to, path, g.Name)
					// The note that the row had no structure no longer holds.
					a.Notes = slices.DeleteFunc(a.Notes, func(n string) bool { return strings.Contains(n, ": `"+path+"` is documented as `") })
					a.Notes = append(a.Notes, fmt.Sprintf("%s: `%s` is a `%s` (the structure at %s): %s taken from it.", p.loc(r.line), path, g.Name, im.res.Origins[Key(append(from, g.Name)...)], strings.Join(took, ", ")))
					if len(dropped) > 0 {
						a.Notes = append(a.Notes, fmt.Sprintf("%s: the sample shows members of `%s` that the `%s` structure does not have (%s); they are left out (the rows are followed).", p.loc(r.line), path, g.Name, strings.Join(dropped, ", ")))
					}
				}
			}
		}
	}
	return nil
}

// tableFields returns the fields a table of a's section describes, and their kind in keys:
// the response's for a table under the section's Response heading, else the params.
func tableFields(sec section, b block, a *spec.Action) (*[]*spec.Field, string) {
	if resp, ok := sec.subNamed(4, "Response"); ok && slices.ContainsFunc(resp.blocks, func(x block) bool { return x.line == b.line }) {
		return &a.Response, "response"
	}
	return &a.Params, "param"
}

// structureTable reports whether a table of a section is a footnote structure's.
func structureTable(sec section, tb block) bool {
	for i, b := range sec.blocks {
		if b.line == tb.line && i > 0 && sec.blocks[i-1].kind == textBlock && structureRE.MatchString(strings.TrimSpace(sec.blocks[i-1].text)) {
			return true
		}
	}
	return false
}

// fieldAt finds a field by its dotted path.
func fieldAt(fields []*spec.Field, path string) *spec.Field {
	name, rest, nested := strings.Cut(path, ".")
	f := findField(fields, name)
	if f == nil || !nested {
		return f
	}
	return fieldAt(f.Fields, rest)
}
