package livechatdocs

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

var exportRE = regexp.MustCompile(`export\s*\{\s*default\s+as\s+(\w+)\s*\}\s*from\s*"([^"]+)"`)

// SampleFiles reads the index.js of a payloads folder: sample name -> file (relative to the
// docs root), with the line of each export.
func (d *Docs) SampleFiles(dir string) (map[string]string, map[string]Loc, error) {
	name := path.Join(dir, "index.js")
	data, err := d.read(name)
	if err != nil {
		return nil, nil, err
	}
	files, locs := map[string]string{}, map[string]Loc{}
	for i, l := range strings.Split(string(data), "\n") {
		if m := exportRE.FindStringSubmatch(l); m != nil {
			files[m[1]] = path.Join(dir, m[2])
			locs[m[1]] = Loc{File: name, Line: i + 1}
		}
	}
	return files, locs, nil
}

// structDef is a data structure section being read.
type structDef struct {
	t       *spec.Type
	sample  *Value
	loc     Loc
	group   string // the H1 it is under: Events, Users, ...
	heading string
	rows    []tableRow
	// reqRows and respRows are an event's Request and Response tables.
	reqRows, respRows []tableRow
}

// structures reads data-structures: one named type per section with a sample (a
// <CodeResponse json="..."/> resolved through the payloads index.js, or an inline sample).
func (im *importer) structures() error {
	p, err := im.docs.page(im.pages.Structures)
	if err != nil {
		return err
	}
	if v, loc := pageVersion(p); v != "" && v != im.s.Version {
		return errorf(loc, "page of another version: it documents v%s, not v%s", v, im.s.Version)
	}
	files, fileLocs, ferr := im.docs.SampleFiles(im.pages.Payloads)
	var defs []*structDef
	group := ""
	var cur *structDef
	var curLevel int
	var sub string // the current H3 under an event: Request / Response
	for _, b := range p.blocks {
		switch b.kind {
		case headingBlock:
			switch {
			case b.level == 1:
				group = plain(b.text)
				cur = nil
			case cur != nil && b.level > curLevel && (strings.EqualFold(b.text, "Request") || strings.EqualFold(b.text, "Response")):
				sub = strings.ToLower(b.text)
				continue
			default:
				cur = &structDef{loc: p.loc(b.line), group: group, heading: b.text,
					t: &spec.Type{Name: pascal(plain(b.text)), Kind: spec.StructType}}
				curLevel = b.level
				sub = ""
				defs = append(defs, cur)
			}
		case textBlock:
			if cur != nil && cur.t.Doc == "" && sub == "" {
				cur.t.Doc = plain(b.text)
			}
		case tableBlock:
			if cur == nil {
				continue
			}
			rs, err := im.rows(p, b.table, false, false, fmt.Sprintf("data structure %q", cur.t.Name))
			if err != nil {
				return err
			}
			switch sub {
			case "request":
				cur.reqRows = append(cur.reqRows, rs...)
			case "response":
				cur.respRows = append(cur.respRows, rs...)
			default:
				cur.rows = append(cur.rows, rs...)
			}
		case tagBlock:
			if cur == nil || b.name != "CodeResponse" || b.attrs["json"] == "" {
				continue
			}
			name := b.attrs["json"]
			if ferr != nil {
				return errorf(p.loc(b.line), "sample %q: %v", name, ferr)
			}
			file, ok := files[name]
			if !ok {
				return errorf(p.loc(b.line), "sample %q is not exported by %s/index.js", name, im.pages.Payloads)
			}
			data, err := im.docs.read(file)
			if err != nil {
				return errorf(fileLocs[name], "sample %q: %v", name, err)
			}
			v, repairs, err := ParseSample(string(data))
			if err != nil {
				return errorf(Loc{File: file}, "sample cannot be repaired: %v", err)
			}
			im.locate(v, Loc{File: file, Line: 1})
			if n := repairNote(file, repairs); n != "" {
				cur.t.Notes = append(cur.t.Notes, n)
			}
			cur.sample = v
			cur.t.Name = typeName(name, cur.group)
			cur.t.Example = []byte(strip(v).JSON())
			cur.loc = p.loc(b.line)
		case codeBlock:
			if cur == nil || cur.sample != nil || (b.lang != "json" && b.lang != "js") {
				continue
			}
			v, notes, err := im.sample(p, b)
			if err != nil {
				return err
			}
			cur.sample = v
			cur.t.Notes = append(cur.t.Notes, notes...)
			cur.t.Example = []byte(strip(v).JSON())
		}
	}
	// Keep the sections that describe a structure: a sample or a fields table.
	var kept []*structDef
	for _, d := range defs {
		if d.sample == nil && len(d.reqRows)+len(d.respRows) == 0 {
			continue
		}
		if d.group == "Events" && !strings.HasSuffix(d.t.Name, "Event") {
			d.t.Name += "Event"
		}
		if _, dup := im.types[d.t.Name]; dup {
			im.note("%s: a second data structure named %s is left out.", d.loc, d.t.Name)
			continue
		}
		im.types[d.t.Name] = d.t
		kept = append(kept, d)
		im.anchors[slug(d.heading)] = d.t.Name
	}
	// Unions first, then fields, now that every type name is known.
	im.unions(kept)
	// Every name a table of the page gives: the vocabulary against which sample typos are
	// recognised.
	vocab := map[string]bool{}
	for _, d := range kept {
		for _, rs := range [][]tableRow{d.reqRows, d.respRows, d.rows} {
			for _, r := range rs {
				vocab[r.name] = true
			}
		}
	}
	for _, d := range kept {
		if d.t.Name == "Properties" {
			continue
		}
		names := map[string]bool{}
		v := d.sample
		if w := unwrap(v, d.t.Name); w != nil {
			v = w
			if inner := d.sample.Vals[0]; inner.Kind == Array {
				im.record(d.t.Name, inner) // each item is a value of the structure
			}
		}
		if v != nil {
			for _, k := range v.Keys {
				names[k] = true
			}
			im.ownSample[d.t.Name] = v
			im.record(d.t.Name, v)
			if strings.HasSuffix(d.t.Name, "Event") {
				// An event structure outside the union (Deleted event) is still an event
				// of its `type`: evidence about that variant (a deleted message has no text).
				im.record("Event", v)
			}
		}
		for _, rs := range [][]tableRow{d.reqRows, d.respRows, d.rows} {
			for _, r := range rs {
				names[r.name] = true
			}
		}
		im.fieldNames[d.t.Name] = names
	}
	for _, d := range kept {
		im.structFields(d, vocab)
	}
	for _, d := range kept {
		im.s.Types = append(im.s.Types, d.t)
	}
	return nil
}

// rowLink returns the data structure that a table row of the structure links for a member,
// or "" (also for a link to the structure itself).
func (im *importer) rowLink(d *structDef, name string) string {
	for _, rs := range [][]tableRow{d.reqRows, d.respRows, d.rows} {
		for _, r := range rs {
			if r.name == name {
				l := im.linkedType(r.notes)
				if m := sectionLinkRE.FindStringSubmatch(r.notes); l == "" && m != nil {
					l = im.anchors[m[1]] // a link within the data-structures page
				}
				if l != "" && l != d.t.Name && im.types[l] != nil && im.types[l].Kind == spec.StructType {
					return l
				}
			}
		}
	}
	return ""
}

// sampleItem is an array sample's first item, or the value itself.
func sampleItem(v *Value) *Value {
	if v != nil && v.Kind == Array && len(v.Vals) > 0 {
		return v.Vals[0]
	}
	return v
}

// typeName names a structure by its sample: "chatSummary" -> ChatSummary, "formFields" ->
// FormField, "systemMessage" under Events -> SystemMessageEvent.
func typeName(sample, group string) string {
	n := pascal(sample)
	if strings.HasSuffix(n, "Fields") {
		n = strings.TrimSuffix(n, "s")
	}
	if group == "Events" && !strings.HasSuffix(n, "Event") {
		n += "Event"
	}
	return n
}

func (im *importer) structFields(d *structDef, vocab map[string]bool) {
	t := d.t
	key := []string{"type", t.Name, "field"}
	im.origin(d.loc, "type", t.Name)
	if t.Doc == "" {
		t.Doc = fmt.Sprintf("The %s data structure.", t.Name)
		t.Notes = append(t.Notes, fmt.Sprintf("%s: the section has no description.", d.loc))
	}
	if t.Name == "Properties" {
		t.Kind = spec.DefType
		t.Def = mustType("map[string]map[string]any")
		t.Notes = append(t.Notes, "Properties are namespace -> property name -> value; the sample's keys are data, not fields.")
		return
	}
	v := d.sample
	if w := unwrap(v, t.Name); w != nil {
		wrapper := v.Keys[0]
		t.Notes = append(t.Notes, fmt.Sprintf("The sample wraps the structure in a member `%s`; the fields are those inside it.", wrapper))
		if v.Vals[0].Kind == Array {
			t.Notes = append(t.Notes, fmt.Sprintf("`%s` is an array: the fields are those of all its items, the example is the first item.", wrapper))
			t.Example = []byte(strip(v.Vals[0].Vals[0]).JSON())
		} else {
			t.Example = []byte(strip(w).JSON())
		}
		v = w
		drop := func(rs []tableRow) []tableRow {
			return slices.DeleteFunc(rs, func(r tableRow) bool { return r.name == wrapper })
		}
		d.rows, d.reqRows, d.respRows = drop(d.rows), drop(d.reqRows), drop(d.respRows)
	}
	// A sample member that no table names, but that is a near miss of a table row the sample
	// lacks, is a typo of the docs: the table's name is used.
	rename := map[string]string{}
	if v != nil && v.Kind == Object {
		for _, k := range v.Keys {
			if vocab[k] {
				continue
			}
			for _, name := range sortedKeys(vocab) {
				if v.Get(name) == nil && nearMiss(k, name) {
					rename[k] = name
					t.Notes = append(t.Notes, fmt.Sprintf("The sample's member `%s` is taken as `%s`, which the tables name (a typo of the docs); the example keeps the sample as it is.", k, name))
					t.ExampleUndeclared = append(t.ExampleUndeclared, k)
					break
				}
			}
		}
	}
	byName := map[string]*spec.Field{}
	var order []*spec.Field
	if v != nil && v.Kind == Object {
		for i, k := range v.Keys {
			if !fieldNameRE.MatchString(k) {
				continue
			}
			if r, ok := rename[k]; ok {
				k = r
			}
			typ, ff := im.sampleType(k, v.Vals[i], 0)
			if l := im.rowLink(d, k); l != "" && ff != nil && im.fits(l, sampleItem(v.Vals[i])) {
				// The table links a data structure for this member ("An array of [form
				// fields](#form-fields)"): the member is of that type, as in action tables.
				typ, ff = l, nil
				if v.Vals[i].Kind == Array {
					typ = "[]" + l
				}
				im.record(l, v.Vals[i])
			}
			f := &spec.Field{Name: k, Type: mustType(typ), Fields: ff}
			if f.Type.Innermost().Kind == spec.Object && len(ff) == 0 {
				f.Type = mustType("map[string]any")
			}
			byName[k] = f
			order = append(order, f)
			im.origin(d.loc, append(slices.Clone(key), k)...)
			im.unstated(key, k, ff)
		}
	}
	// Requiredness: the tables, else optional.
	req := map[string]string{}
	docs := map[string]string{}
	apply := func(rows []tableRow, table string) {
		for _, r := range rows {
			if strings.Contains(r.name, ".") || !fieldNameRE.MatchString(r.name) {
				continue
			}
			f := byName[r.name]
			if f == nil {
				typ := docsType(r.typ)
				if typ == "" {
					typ = "any"
					if l := im.linkedType(r.notes); l != "" {
						typ = l
						if strings.Contains(r.typ, "array") {
							typ = "[]" + l
						}
					} else if strings.Contains(r.typ, "array") {
						typ = "[]any"
					} else if r.typ == "object" {
						typ = "map[string]any"
					}
				}
				f = &spec.Field{Name: r.name, Type: mustType(typ)}
				byName[r.name] = f
				order = append(order, f)
				im.origin(r.loc, append(slices.Clone(key), r.name)...)
				if v != nil {
					t.Notes = append(t.Notes, fmt.Sprintf("%s: `%s` is in the %s table but not in the sample.", r.loc, r.name, table))
				}
			}
			if docs[r.name] == "" {
				docs[r.name] = plain(r.notes)
			}
			prev, seen := req[r.name]
			switch {
			case !seen:
				req[r.name] = r.required
			case prev == "yes" && r.required != "yes":
				req[r.name] = "no"
			}
			if table == "response" && len(d.reqRows) > 0 && !slices.ContainsFunc(d.reqRows, func(q tableRow) bool { return q.name == r.name }) {
				// Both directions: a field the request does not take is set by the server.
				req[r.name] = "no"
			}
			if r.required == "" && conditional(r.notes) {
				req[r.name] = "no"
			}
		}
	}
	apply(d.reqRows, "request")
	apply(d.respRows, "response")
	apply(d.rows, "fields")
	var untabled []string
	noColumn := false
	for _, f := range order {
		f.Doc = docs[f.Name]
		f.Enum = enumOf(f.Doc, f.Type)
		switch r, ok := req[f.Name]; {
		case !ok:
			// No table says: optional, so that a structure the server sends without it
			// still decodes and re-encodes as it came (absent stays absent).
			untabled = append(untabled, "`"+f.Name+"`")
			im.res.Unstated[Key(append(slices.Clone(key), f.Name)...)] = true
		case r == "yes":
			f.Required = true
		case r == "" && !conditional(f.Doc):
			// A table without a Required column: the docs do not say.
			im.res.Unstated[Key(append(slices.Clone(key), f.Name)...)] = true
			noColumn = true
		}
	}
	if noColumn {
		t.Notes = append(t.Notes, "The table has no Required column; its fields are optional unless their notes say otherwise.")
	}
	if len(d.reqRows) > 0 && len(d.respRows) > 0 {
		t.Notes = append(t.Notes, "Requiredness: required only where the request table says yes and the response table says always (the type serves both directions).")
	}
	if len(untabled) > 0 && len(untabled) < len(order) {
		t.Notes = append(t.Notes, fmt.Sprintf("Fields only in the sample, not in a table, are optional (the docs do not say): %s.", strings.Join(untabled, ", ")))
	} else if len(untabled) > 0 {
		t.Notes = append(t.Notes, "No table gives requiredness: the fields of the sample are optional (the docs do not say).")
	}
	im.dottedRows(d, key, byName, v)
	t.Fields = order
	if len(t.Fields) == 0 {
		t.Kind = spec.DefType
		t.Def = mustType("map[string]any")
	}
}

// dottedRows applies a structure's dotted rows (`postback.ecommerce.product_id`,
// `elements.buttons.type`) to the nested fields read from its sample: a row the sample lacks
// adds the field (and the objects on its path), and the rows' requiredness, combined as for
// top-level fields, replaces the "unstated" of sample-read members. A member the tables
// require that the sample's items do not all have is optional (the sample is what the server
// sends). Rows below a member of a named type (Properties) are that type's business.
func (im *importer) dottedRows(d *structDef, key []string, byName map[string]*spec.Field, v *Value) {
	type rowState struct{ req, doc, typ string }
	var paths []string
	states := map[string]*rowState{}
	for _, set := range []struct {
		rows  []tableRow
		table string
	}{{d.reqRows, "request"}, {d.respRows, "response"}, {d.rows, "fields"}} {
		for _, r := range set.rows {
			parts := strings.Split(r.name, ".")
			if len(parts) < 2 || slices.ContainsFunc(parts, func(p string) bool { return !fieldNameRE.MatchString(p) }) {
				continue
			}
			st := states[r.name]
			if st == nil {
				st = &rowState{req: r.required}
				states[r.name] = st
				paths = append(paths, r.name)
			} else if st.req == "yes" && r.required != "yes" {
				st.req = "no"
			}
			if st.doc == "" {
				st.doc = plain(r.notes)
			}
			if st.typ == "" {
				st.typ = r.typ
			}
			if set.table == "response" && len(d.reqRows) > 0 && !slices.ContainsFunc(d.reqRows, func(q tableRow) bool { return q.name == r.name }) {
				st.req = "no"
			}
			if r.required == "" && conditional(r.notes) {
				st.req = "no"
			}
		}
	}
	var added, loosened []string
	for _, p := range paths {
		parts := strings.Split(p, ".")
		f := byName[parts[0]]
		sv := v.Get(parts[0])
		var parentSample *Value // the sample object holding the row's member, if any
		for _, seg := range parts[1:] {
			if f == nil || !im.inlineObject(f) {
				f = nil
				break
			}
			if sv != nil && sv.Kind == Array {
				sv = mergeItems(sv)
			}
			parentSample, sv = sv, sv.Get(seg)
			child := findField(f.Fields, seg)
			if child == nil {
				child = &spec.Field{Name: seg, Type: mustType("any")}
				f.Fields = append(f.Fields, child)
				added = append(added, "`"+p+"`")
			}
			f = child
		}
		if f == nil {
			continue
		}
		lacks := parentSample != nil && parentSample.Kind == Object && (sv == nil || sv.Optional())
		st := states[p]
		if f.Doc == "" {
			f.Doc = st.doc
		}
		if f.Type.Kind == spec.Any {
			if t := docsType(st.typ); t != "" && t != "any" {
				f.Type = mustType(t)
			} else if strings.Contains(st.typ, "array") {
				f.Type = mustType("[]any")
			} else if st.typ == "object" {
				f.Type = mustType("map[string]any")
			}
			f.Enum = enumOf(f.Doc, f.Type)
		}
		k := Key(append(slices.Clone(key), p)...)
		switch {
		case st.req == "yes" && lacks:
			delete(im.res.Unstated, k)
			loosened = append(loosened, "`"+p+"`")
		case st.req == "yes":
			f.Required = true
			delete(im.res.Unstated, k)
		case st.req == "no":
			f.Required = false
			delete(im.res.Unstated, k)
		default:
			im.res.Unstated[k] = true
		}
		im.origin(d.loc, append(slices.Clone(key), p)...)
	}
	if len(added) > 0 {
		d.t.Notes = append(d.t.Notes, fmt.Sprintf("Dotted rows the sample does not show add nested fields: %s.", strings.Join(added, ", ")))
	}
	if len(loosened) > 0 {
		d.t.Notes = append(d.t.Notes, fmt.Sprintf("The tables require %s, but the sample's items do not all have them: optional.", strings.Join(loosened, ", ")))
	}
}

// inlineObject makes a field an inline object (or array of them) when its type allows nested
// fields: an inline object already, or a shapeless map or any read from a sample. It reports
// false for named types and scalars.
func (im *importer) inlineObject(f *spec.Field) bool {
	in := f.Type.Innermost()
	switch {
	case in.Kind == spec.Object:
		return true
	case in.Kind == spec.Any || (in.Kind == spec.Map && f.Type.String() == "map[string]any" && len(f.Fields) == 0):
		if f.Type.Kind == spec.Slice {
			f.Type = mustType("[]object")
		} else {
			f.Type = mustType("object")
		}
		return true
	}
	return false
}

// unions builds the Event union (the structures under Events, by `type`) and the User union
// (the structures under Users whose sample has a `type`).
func (im *importer) unions(defs []*structDef) {
	for _, u := range []struct{ group, name, doc string }{
		{"Events", "Event", "Any event of a chat thread, told apart by its type."},
		{"Users", "User", "A user of a chat (an agent or a customer), told apart by its type."},
	} {
		if _, taken := im.types[u.name]; taken {
			continue
		}
		un := &spec.Union{Discriminator: "type"}
		seen := map[string]bool{}
		for _, d := range defs {
			if d.group != u.group || d.sample == nil || d.t.Kind != spec.StructType {
				continue
			}
			tv := d.sample.Get("type")
			if tv == nil || tv.Kind != String || seen[tv.Raw] {
				continue
			}
			if d.t.Name == "MyProfile" || d.t.Name == "DeletedEvent" {
				continue
			}
			seen[tv.Raw] = true
			un.Variants = append(un.Variants, &spec.Variant{Value: tv.Raw, Type: d.t.Name})
		}
		if len(un.Variants) == 0 {
			continue
		}
		t := &spec.Type{Name: u.name, Doc: u.doc, Kind: spec.UnionType, Union: un,
			Notes: []string{fmt.Sprintf("The %s union is made of the %s structures of data-structures whose sample has a `type`.", u.name, u.group)}}
		im.types[u.name] = t
		im.s.Types = append(im.s.Types, t)
	}
}

// nearMiss reports whether a and b differ by one edit or one swap of neighbours (the typos
// of the docs: "properites" for "properties").
func nearMiss(a, b string) bool {
	if a == b || len(a) < 4 || len(b) < 4 {
		return false
	}
	if len(a) == len(b) {
		var diff []int
		for i := range a {
			if a[i] != b[i] {
				diff = append(diff, i)
			}
		}
		switch len(diff) {
		case 1:
			return true
		case 2:
			i, j := diff[0], diff[1]
			return j == i+1 && a[i] == b[j] && a[j] == b[i]
		}
		return false
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) != 1 {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return a[i:] == b[i+1:]
		}
	}
	return true
}

// unwrap returns the structure inside a sample that wraps it in one member named after it
// (`{"access": {...}}` for Access, `{"fields": [{...}, ...]}` for FormField; for an array,
// an object with the members of all its items), or nil.
func unwrap(v *Value, typeName string) *Value {
	if v == nil || v.Kind != Object || len(v.Keys) != 1 {
		return nil
	}
	inner := v.Vals[0]
	if !strings.HasSuffix(typeName, singular(pascal(v.Keys[0]))) {
		return nil
	}
	switch {
	case inner.Kind == Object:
		return inner
	case inner.Kind == Array && len(inner.Vals) > 0:
		if m := mergeItems(inner); m.Kind == Object {
			return m
		}
	}
	return nil
}
