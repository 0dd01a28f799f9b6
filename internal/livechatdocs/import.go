package livechatdocs

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// Result is what the importer read from the docs for one API version.
type Result struct {
	// Spec is the draft spec. Its positions are zero; Origins says where each item comes from.
	Spec *spec.Spec
	// Origins maps each item's key (see Key) to the docs line it was read from.
	Origins map[string]Loc
	// Changelog holds the changelog's facts about actions and pushes, every version.
	Changelog []Fact
	Pages     *Pages
	// Unstated holds the keys of the fields whose requiredness the docs do not state (the
	// members of nested sample objects): the importer decides, verify does not compare.
	Unstated map[string]bool
}

// Key names an item of a spec for Origins and for acknowledgements: kind and name, nested
// as "action send_event param chat_id", "push incoming_chat field chat",
// "type Thread field events", "action login response access"; nested fields are dotted
// ("action list_chats param filters.active").
func Key(parts ...string) string { return strings.Join(parts, " ") }

// Import reads one version of one API from the docs into a draft spec.
func (d *Docs) Import(api, version string) (*Result, error) {
	pages, err := d.Locate(api, version)
	if err != nil {
		return nil, err
	}
	im := &importer{docs: d, pages: pages, res: &Result{Origins: map[string]Loc{}, Pages: pages, Unstated: map[string]bool{}},
		types: map[string]*spec.Type{}, anchors: map[string]string{}, fieldNames: map[string]map[string]bool{}}
	s := &spec.Spec{API: api, Version: version, Path: pages.Reference}
	im.s = s
	im.res.Spec = s
	im.valueLoc = map[*Value]Loc{}
	if webOnly(api) {
		if err := im.webReference(); err != nil {
			return nil, err
		}
		return im.finish(api, version)
	}
	s.Doc = fmt.Sprintf("%s Chat RTM API v%s, imported from the LiveChat docs by gen import (a draft to review).", strings.ToUpper(api[:1])+api[1:], version)
	s.Sources = []string{pages.Reference, pages.Pushes, pages.Structures}
	im.typedSeen, im.ownSample = map[typedValue]bool{}, map[string]*Value{}
	if err := im.structures(); err != nil {
		return nil, err
	}
	if err := im.reference(); err != nil {
		return nil, err
	}
	if err := im.pushes(); err != nil {
		return nil, err
	}
	im.undocumentedPushes()
	im.loosen()
	im.widen()
	im.responseStructures()
	im.pushParamsOptional()
	if err := im.importWebhooks(); err != nil {
		return nil, err
	}
	if err := im.errors(); err != nil {
		return nil, err
	}
	return im.finish(api, version)
}

// finish adds the notes on the importer's decisions and loads the draft.
func (im *importer) finish(api, version string) (*Result, error) {
	s := im.s
	if cl, err := im.docs.Changelog(api); err == nil {
		im.res.Changelog = cl
	}
	im.note("Requiredness, as decided by gen import: request params follow the Required column. Response tables have no Required column: a field is required unless its notes make it conditional (\"Returned only if\", \"Appears ...\") or the sample marks it `// optional`; members of a response sample that its table does not list are optional. Fields read from a push or response sample alone are required unless the sample marks them `// optional` or the text makes them conditional. Data-structure fields are required only where a table says so (required, always); fields only in a sample file, and the members of nested sample objects, are optional (the docs do not say). Every sample read as a structure is evidence about it: a member it shows that the structure lacks is an optional field, a required field it lacks is optional; a response whose fields are a structure's takes that structure's optionality; a member of several items or samples that some lack is optional.")
	im.note("Types, as decided by gen import: `number` is int unless the sample shows a fraction; RFC 3339 sample strings are time; an object or array whose notes link a data structure takes that type; a sample member named after a data structure (`thread`, `users`) or standing for one (`// \"Thread\" object`) takes it too; objects keyed by IDs are maps.")
	// The draft goes through the spec loader: it must load, and the loaded model is indexed
	// (Spec.Action, Spec.Push, Spec.Type) for gen verify.
	data, err := spec.Encode(s)
	if err != nil {
		return nil, err
	}
	loaded, err := spec.Parse(fmt.Sprintf("(draft of %s v%s)", api, version), data)
	if err != nil {
		return nil, fmt.Errorf("the draft does not load (an importer bug): %w", err)
	}
	loaded.Path = ""
	im.res.Spec = loaded
	return im.res, nil
}

type importer struct {
	docs    *Docs
	pages   *Pages
	res     *Result
	s       *spec.Spec
	types   map[string]*spec.Type
	anchors map[string]string // data-structures anchor -> type name
	// fieldNames are the field names of each struct type of data-structures (its sample's
	// members and its tables' rows), known before any type's fields are typed.
	fieldNames map[string]map[string]bool
	ref        *page
	// typedOrder holds the sample objects read as values of a struct type, each with the
	// type, in the order read (see shapes.go); typedSeen is the same as a set, nil for the
	// Web-only APIs (record does nothing then).
	typedOrder []typedValue
	typedSeen  map[typedValue]bool
	// ownSample is each data structure's own sample (its section's, unwrapped).
	ownSample map[string]*Value
	// valueLoc says where each sample object is in the docs.
	valueLoc map[*Value]Loc
}

func (im *importer) webOnly() bool { return webOnly(im.pages.API) }

func (im *importer) origin(loc Loc, parts ...string) { im.res.Origins[Key(parts...)] = loc }

func (im *importer) note(format string, args ...any) {
	im.s.Notes = append(im.s.Notes, fmt.Sprintf(format, args...))
}

// ---------------------------------------------------------------- tables

// columns finds the columns of a table by their header.
type columns struct {
	name, required, typ, notes int
}

func findColumns(t *table) columns {
	c := columns{name: -1, required: -1, typ: -1, notes: -1}
	for i, h := range t.header {
		l := strings.ToLower(plain(h))
		switch {
		case c.name < 0 && (strings.HasPrefix(l, "param") || l == "field" || l == "fields" || strings.HasPrefix(l, "required parameter") || l == "name"):
			c.name = i
		case c.required < 0 && (l == "required" || strings.HasPrefix(l, "req") || l == "returned"):
			c.required = i
		case c.typ < 0 && (l == "type" || l == "data type"):
			c.typ = i
		case c.notes < 0 && (strings.HasPrefix(l, "note") || l == "description"):
			c.notes = i
		}
	}
	if c.notes < 0 && len(t.header) > 1 && strings.TrimSpace(t.header[len(t.header)-1]) == "" {
		c.notes = len(t.header) - 1
	}
	return c
}

func cell(r row, i int) string {
	if i < 0 || i >= len(r.cells) {
		return ""
	}
	return r.cells[i]
}

// tableRow is one row of a fields table, decoded.
type tableRow struct {
	loc      Loc
	name     string // possibly dotted
	required string // "yes", "no", "" (no column)
	typ      string // docs spelling, lower case, without backticks
	notes    string // raw markdown
}

func (im *importer) rows(p *page, t *table, wantRequired, wantType bool, what string) ([]tableRow, error) {
	c := findColumns(t)
	headerless := strings.TrimSpace(strings.Join(t.header, "")) == ""
	if headerless {
		// A table without header names: the first column names the fields, the last is notes.
		c = columns{name: 0, required: -1, typ: -1, notes: len(t.header) - 1}
		wantRequired, wantType = false, false
	}
	if c.name < 0 {
		return nil, errorf(p.loc(t.line), "%s: table has no Parameter/Field column (header %q)", what, strings.Join(t.header, " | "))
	}
	if wantRequired && c.required < 0 {
		im.note("%s: %s: the table has no Required column (header %q); every row is taken as optional unless its notes say it is required.", p.loc(t.line), what, strings.Join(t.header, " | "))
	}
	if wantType && c.typ < 0 {
		im.note("%s: %s: the table has no Data type column (header %q); the types come from the sample.", p.loc(t.line), what, strings.Join(t.header, " | "))
	}
	var out []tableRow
	for _, r := range t.rows {
		nameCell := cell(r, c.name)
		for _, n := range splitNames(nameCell) {
			tr := tableRow{loc: p.loc(r.line), name: n, notes: cell(r, c.notes)}
			req := strings.ToLower(plain(cell(r, c.required)))
			switch {
			case c.required < 0 && wantRequired:
				tr.required = "no"
				if strings.HasPrefix(strings.ToLower(plain(tr.notes)), "required") {
					tr.required = "yes"
				}
			case c.required < 0:
			case strings.HasPrefix(req, "yes") || req == "required" || req == "always":
				tr.required = "yes"
			default:
				tr.required = "no"
			}
			tr.typ = strings.ToLower(strings.Trim(plain(cell(r, c.typ)), "` "))
			out = append(out, tr)
		}
	}
	return out, nil
}

// splitNames splits a name cell that lists several fields ("`size`, `width`, `height`").
func splitNames(s string) []string {
	names := codeNames(s)
	if len(names) == 0 {
		if n := cellName(s); n != "" {
			return []string{n}
		}
		return nil
	}
	if len(names) > 1 && strings.Contains(s, ",") {
		return names
	}
	return names[:1]
}

// ---------------------------------------------------------------- types from tables and samples

var fieldNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// docsType maps a docs type spelling to a type expression of the spec, or "" when the docs
// give a structure (object, array) that must be refined by a sample or a link.
func docsType(t string) string {
	t = strings.TrimSpace(strings.ToLower(t))
	switch t {
	case "string", "uuid":
		return "string"
	case "number", "int", "integer", "uint":
		return "int"
	case "float", "double":
		return "float"
	case "bool", "boolean":
		return "bool"
	case "any", "":
		return "any"
	case "[]string", "array of strings", "string[]":
		return "[]string"
	case "[]number", "[]int", "array of numbers", "[]integer", "int[]", "number[]", "uint[]":
		return "[]int"
	case "[]bool":
		return "[]bool"
	}
	return ""
}

// linkedType returns the named type a notes cell links to ("An array of [Chat
// summary](.../data-structures/#chat-summaries)"), or "".
func (im *importer) linkedType(notes string) string {
	for _, m := range anchorRE.FindAllStringSubmatch(notes, -1) {
		if n, ok := im.anchors[m[1]]; ok {
			return n
		}
	}
	return ""
}

// sampleType infers a field's type from a sample value. key is the member name (a hint for
// named types). It returns the type expression and, for inline objects, the fields.
func (im *importer) sampleType(key string, v *Value, depth int) (string, []*spec.Field) {
	if v == nil {
		return "any", nil
	}
	switch v.Kind {
	case String:
		if rfc3339RE.MatchString(v.Raw) {
			return "time", nil
		}
		return "string", nil
	case Number:
		if strings.ContainsAny(v.Raw, ".eE") {
			return "float", nil
		}
		return "int", nil
	case Bool:
		return "bool", nil
	case Object:
		if n := im.placeholderType(v); n != "" {
			return n, nil
		}
		if n := im.keyType(key); n != "" && im.fits(n, v) && im.isShapeOf(n, v) {
			im.record(n, v)
			return n, nil
		}
		if len(v.Keys) == 0 || depth > 12 {
			return "map[string]any", nil
		}
		if isMapSample(v) || pluralMap(key, v) {
			ek := singular(key) // the entries of `chats` are chats; of `last_event_per_type`, unnamed
			if ek == key {
				ek = ""
			}
			et, ef := im.sampleType(ek, v.Vals[0], depth+1)
			if ef != nil {
				return "map[string]object", ef
			}
			return "map[string]" + et, nil
		}
		for _, k := range v.Keys {
			if !fieldNameRE.MatchString(k) {
				et, ef := im.sampleType(singular(key), v.Vals[0], depth+1)
				if ef != nil {
					return "map[string]any", nil
				}
				return "map[string]" + et, nil
			}
		}
		var fields []*spec.Field
		for i, k := range v.Keys {
			t, ff := im.sampleType(k, v.Vals[i], depth+1)
			// Members of nested sample objects are optional: no table says they are always sent.
			fields = append(fields, &spec.Field{Name: k, Type: mustType(t), Fields: ff})
		}
		return "object", fields
	case Array:
		for _, ph := range v.Placeholders {
			if n := im.placeholderName(ph); n != "" {
				return "[]" + n, nil
			}
		}
		if len(v.Vals) == 0 {
			if n := im.keyType(singular(key)); n != "" {
				return "[]" + n, nil
			}
			return "[]any", nil
		}
		t, ff := im.sampleType(singular(key), v.Vals[0], depth+1)
		if ff == nil {
			// A named or scalar type: the other items are values of it too (evidence about a
			// named structure, see record).
			for _, it := range v.Vals[1:] {
				im.sampleType(singular(key), it, depth+1)
			}
			return "[]" + t, nil
		}
		// An inline object: the members of all the items.
		t, ff = im.sampleType(singular(key), mergeItems(v), depth+1)
		return "[]" + t, ff
	}
	return "any", nil
}

var quotedRE = regexp.MustCompile(`"([^"]+)"`)

// placeholderName resolves a placeholder comment (`"Thread" object`, `array of "User"
// objects`, `"System message" event`, `"User > Customer" object`: the docs' path to a
// section) to a known type name, or "". A placeholder naming several structures (`"User >
// Customer" or "User > Agent" object`) stands for the union both are under.
func (im *importer) placeholderName(ph string) string {
	ms := quotedRE.FindAllStringSubmatch(ph, -1)
	if len(ms) == 0 {
		return ""
	}
	if len(ms) > 1 {
		return im.commonSection(ms)
	}
	return im.sectionType(ms[0][1])
}

// sectionType is the type of a docs section name ("Thread", "User > Customer"), or "".
func (im *importer) sectionType(name string) string {
	parts := strings.Split(name, ">")
	last := strings.TrimSpace(parts[len(parts)-1])
	for _, cand := range []string{pascal(last), pascal(last) + "Event", pascal(strings.TrimSuffix(last, " user"))} {
		if _, ok := im.types[cand]; ok {
			return cand
		}
	}
	return ""
}

// commonSection is the type of the section that the quoted section paths share ("User" for
// "User > Customer" and "User > Agent"), or "".
func (im *importer) commonSection(ms [][]string) string {
	parent := ""
	for i, m := range ms {
		p, _, ok := strings.Cut(m[1], ">")
		if !ok || (i > 0 && strings.TrimSpace(p) != parent) {
			return ""
		}
		parent = strings.TrimSpace(p)
	}
	return im.sectionType(parent)
}

func (im *importer) placeholderType(v *Value) string {
	// One placeholder per line (`// "Event > Message" object`, `// or`,
	// `// "Event > Rich message" object`) reads as one naming several sections.
	var named []string
	for _, ph := range v.Placeholders {
		if im.placeholderName(ph) != "" {
			if strings.Contains(strings.ToLower(ph), "array") {
				return ""
			}
			named = append(named, ph)
		}
	}
	if len(named) == 0 {
		return ""
	}
	return im.placeholderName(strings.Join(named, " "))
}

// keyType returns the named type a member name stands for ("thread" -> Thread), or "".
func (im *importer) keyType(key string) string {
	if n := pascal(key); n != "" && im.types[n] != nil {
		return n
	}
	return ""
}

// fits reports whether a sample object can be a value of the named type: at least half of
// its members are fields of the type (a member named `chats` holding `{chat_id,
// has_unread_events}` is not a Chat). Maps, unions and definitions fit anything.
func (im *importer) fits(name string, v *Value) bool {
	names, ok := im.fieldNames[name]
	if !ok || v.Kind != Object || len(v.Keys) == 0 {
		return true
	}
	n := 0
	for _, k := range v.Keys {
		if names[k] {
			n++
		}
	}
	return 2*n >= len(v.Keys)
}

func mustType(s string) *spec.TypeRef {
	t, err := spec.ParseType(s)
	if err != nil {
		panic(fmt.Sprintf("livechatdocs: bad type %q: %v", s, err))
	}
	return t
}

// ---------------------------------------------------------------- samples

// sample reads a fenced JSON sample leniently. It returns nil (and a note) for a sample that
// cannot be repaired when optional; the error names the page line.
func (im *importer) sample(p *page, b block) (*Value, []string, error) {
	v, repairs, err := ParseSample(b.text)
	if err != nil {
		var line int
		fmt.Sscanf(err.Error(), "line %d", &line)
		return nil, nil, errorf(p.loc(b.line+max(line, 1)-1), "sample cannot be repaired: %v", err)
	}
	im.locate(v, p.loc(b.line))
	var notes []string
	if n := repairNote(p.loc(b.line).String(), repairs); n != "" {
		notes = append(notes, n)
	}
	return v, notes, nil
}

// collectPlaceholders lists the placeholders of a value tree, for notes.
func collectPlaceholders(v *Value, out *[]string) {
	if v == nil {
		return
	}
	for _, ph := range v.Placeholders {
		if !slices.Contains(*out, ph) {
			*out = append(*out, ph)
		}
	}
	for _, c := range v.Vals {
		collectPlaceholders(c, out)
	}
}

func placeholderNote(v *Value, where Loc) string {
	var phs []string
	collectPlaceholders(v, &phs)
	if len(phs) == 0 {
		return ""
	}
	q := make([]string, len(phs))
	for i, p := range phs {
		q[i] = "`// " + p + "`"
	}
	return fmt.Sprintf("The sample at %s has placeholders (%s); they are left out of the example, and the fields they stand for take the named type.", where, strings.Join(q, ", "))
}

// ---------------------------------------------------------------- fields

// buildFields turns the rows of a fields table into a field tree (dotted rows become inline
// objects), refining types by the sample and by links. key is the item key of the list
// ("action send_event param"), for Origins.
func (im *importer) buildFields(rows []tableRow, sample *Value, key []string, notes *[]string) []*spec.Field {
	type node struct {
		f        *spec.Field
		row      tableRow
		children []*node
		mapDepth int
		elems    bool // a row below it names it `x[]`: an array of objects
	}
	var roots []*node
	find := func(list []*node, name string) *node {
		for _, n := range list {
			if n.f.Name == name {
				return n
			}
		}
		return nil
	}
	rows = expandAlternatives(rows)
	for _, r := range rows {
		segs := strings.Split(r.name, ".")
		var path []string
		var elems []bool // per path segment: written `x[]`, its rows below are its elements' fields
		depth := 0
		for _, s := range segs {
			if strings.HasPrefix(s, "<") || strings.HasPrefix(s, "{") {
				depth++
				continue
			}
			if depth > 0 {
				path = nil // a field below a map level: describe the map value as any
				break
			}
			name, elem := strings.CutSuffix(s, "[]")
			path, elems = append(path, name), append(elems, elem)
		}
		if len(path) == 0 {
			*notes = append(*notes, fmt.Sprintf("%s: row `%s` names no field; left out.", r.loc, r.name))
			continue
		}
		list := &roots
		for i, s := range path {
			n := find(*list, s)
			if n == nil {
				if !fieldNameRE.MatchString(s) {
					*notes = append(*notes, fmt.Sprintf("%s: row `%s` is not a field name; left out.", r.loc, r.name))
					break
				}
				n = &node{f: &spec.Field{Name: s}}
				if i < len(path)-1 {
					n.row = tableRow{loc: r.loc, name: strings.Join(path[:i+1], "."), required: "no", typ: "object"}
					what := "an optional object"
					if elems[i] {
						n.row.typ, what = "object[]", "an optional array of objects"
					}
					*notes = append(*notes, fmt.Sprintf("%s: `%s` has no row of its own; it is %s.", r.loc, n.row.name, what))
				} else {
					n.row = r
					n.mapDepth = depth
				}
				*list = append(*list, n)
			} else if i == len(path)-1 {
				if depth > n.mapDepth {
					n.mapDepth = depth
					if n.row.typ == "" || n.row.typ == "object" {
						n.row.typ = r.typ
					}
				}
			}
			if i < len(path)-1 && elems[i] {
				n.elems = true
			}
			list = &n.children
		}
	}
	// A row's notes can make another row conditional: get_form's `enabled` says "If
	// `enabled: false`, the `form` object is not returned".
	notReturned := map[string]bool{}
	for _, r := range rows {
		for _, m := range notReturnedRE.FindAllStringSubmatch(r.notes, -1) {
			if m[1] != r.name {
				notReturned[m[1]] = true
			}
		}
	}
	var build func(ns []*node, sample *Value, path []string) []*spec.Field
	build = func(ns []*node, sample *Value, path []string) []*spec.Field {
		var out []*spec.Field
		for _, n := range ns {
			f, r := n.f, n.row
			f.Doc = plain(r.notes)
			f.Required = r.required == "yes" || (r.required == "" && !conditional(r.notes) && !notReturned[r.name])
			sv := sample.Get(f.Name)
			if r.required == "" && sv.Optional() {
				f.Required = false
			}
			p := append(slices.Clone(path), f.Name)
			im.origin(r.loc, append(slices.Clone(key), strings.Join(p, "."))...)
			t := docsType(r.typ)
			switch {
			case len(n.children) > 0:
				elemSample := sv
				if sv != nil && sv.Kind == Array && len(sv.Vals) > 0 {
					elemSample = sv.Vals[0]
				}
				f.Fields = build(n.children, elemSample, p)
				if n.elems || isArrayType(r.typ) {
					t = "[]object"
				} else {
					t = "object"
				}
			case t != "" && t != "any":
				if t == "string" && sv != nil && sv.Kind == String && rfc3339RE.MatchString(sv.Raw) {
					t = "time"
				}
				if t == "int" && sv != nil && sv.Kind == Number && strings.ContainsAny(sv.Raw, ".eE") {
					t = "float"
				}
				if sv != nil && sv.Kind != Null && n.mapDepth == 0 && !sameClass(t, sv) {
					*notes = append(*notes, fmt.Sprintf("%s: the table gives `%s` the type `%s`, but the sample shows %s; the table is followed.", r.loc, strings.Join(p, "."), r.typ, kindName(sv.Kind)))
				}
			default:
				linked := im.linkedType(r.notes)
				isArray := isArrayType(r.typ)
				switch {
				case linked != "" && isArray:
					t = "[]" + linked
					im.record(linked, sv)
				case linked != "" && (r.typ == "object" || (r.typ == "" && sv == nil && standsFor(f.Name, linked))):
					t = linked
					im.record(linked, sv)
				case sv != nil && sv.Kind != Null && (r.typ != "any" || sv.Kind == Object):
					st, sf := im.sampleType(f.Name, sv, 0)
					if (isArray && !strings.HasPrefix(st, "[]")) || (r.typ == "object" && strings.HasPrefix(st, "[]")) {
						st, sf = "", nil
					}
					if st != "" {
						t, f.Fields = st, sf
						im.unstated(key, strings.Join(p, "."), sf)
					}
				}
				if t == "" {
					switch {
					case r.typ == "any":
						t = "any"
					case isArray:
						t = "[]any"
					case r.typ == "object":
						t = "map[string]any"
					default:
						t = "any"
					}
					if r.typ != "any" {
						*notes = append(*notes, fmt.Sprintf("%s: `%s` is documented as `%s` with no structure (no link, no sample); typed %s.", r.loc, strings.Join(p, "."), r.typ, t))
					}
				}
			}
			for i := 0; i < n.mapDepth; i++ {
				t = "map[string]" + t
			}
			f.Type = mustType(t)
			if len(f.Fields) > 0 && f.Type.Innermost().Kind != spec.Object {
				f.Fields = nil
			}
			if f.Type.Innermost().Kind == spec.Object && len(f.Fields) == 0 {
				f.Type = mustType(strings.Replace(t, "object", "map[string]any", 1))
			}
			f.Enum = enumOf(r.notes, f.Type)
			f.Default = defaultOf(r.notes, f.Type)
			out = append(out, f)
		}
		return out
	}
	return build(roots, sample, nil)
}

// notReturnedRE finds "the `form` object is not returned" in a row's notes.
var notReturnedRE = regexp.MustCompile("`([A-Za-z_][A-Za-z0-9_.]*)`(?: object| field| array)? (?:is|are) not returned")

// standsFor reports whether a member name names the type a row links ("thread" links
// Thread, "chats_summary" ChatSummary); a link in the prose of another row ("[The
// customer's](...#customer) phone number") does not type it.
func standsFor(name, typ string) bool {
	words := strings.Split(name, "_")
	for i, w := range words {
		words[i] = singular(w)
	}
	n := pascal(strings.Join(words, "_"))
	return n == typ || strings.HasSuffix(typ, n) || strings.HasPrefix(n, typ)
}

var defaultRE = regexp.MustCompile("Default(?: value)?:\\s*(?:`([^`]+)`|(-?\\d+(?:\\.\\d+)?|true|false)\\b)")

// alternativesRE finds a path segment that lists alternatives: `conditions.{url,domain}.values`.
var alternativesRE = regexp.MustCompile(`\{([a-z0-9_]+(?:, ?[a-z0-9_]+)+)\}`)

// expandAlternatives turns a row whose name lists alternatives (`conditions.{url,domain}.values`)
// into one row per alternative (`conditions.url.values`, `conditions.domain.values`). A
// segment in braces without a comma is left alone (a map level).
func expandAlternatives(rows []tableRow) []tableRow {
	var out []tableRow
	for _, r := range rows {
		m := alternativesRE.FindStringSubmatchIndex(r.name)
		if m == nil {
			out = append(out, r)
			continue
		}
		var alts []tableRow
		for _, alt := range strings.Split(r.name[m[2]:m[3]], ",") {
			c := r
			c.name = r.name[:m[0]] + strings.TrimSpace(alt) + r.name[m[1]:]
			alts = append(alts, c)
		}
		out = append(out, expandAlternatives(alts)...)
	}
	return out
}

// isArrayType reports whether a docs type spelling is an array: `array`, `[]T`, `T[]`.
func isArrayType(t string) bool {
	return strings.Contains(t, "array") || strings.HasPrefix(t, "[]") || strings.HasSuffix(t, "[]")
}

// defaultOf reads "Default: 10." or "Default: `desc`" of a scalar field.
func defaultOf(notes string, t *spec.TypeRef) string {
	switch t.Kind {
	case spec.String, spec.Int, spec.Float, spec.Bool:
	default:
		return ""
	}
	m := defaultRE.FindStringSubmatch(notes)
	if m == nil {
		return ""
	}
	return m[1] + m[2]
}

var possibleRE = regexp.MustCompile("(?i)possible values?:?\\s*((?:`[^`]+`[^`.;]*?)+)(?:\\.|;|$)")

// enumOf reads "Possible values: `a`, `b`" of a string field.
func enumOf(notes string, t *spec.TypeRef) []spec.EnumValue {
	if t.Kind != spec.String {
		return nil
	}
	m := possibleRE.FindStringSubmatch(notes)
	if m == nil {
		return nil
	}
	var out []spec.EnumValue
	seen := map[string]bool{}
	for _, v := range codeNames(m[1]) {
		if !seen[v] && !strings.ContainsAny(v, " <>") {
			seen[v] = true
			out = append(out, spec.EnumValue{Value: v})
		}
	}
	return out
}

// sampleFields turns the members of a sample object into fields (for responses and pushes
// that have no table): a member is required unless `// optional` or a notes row says so.
func (im *importer) sampleFields(v *Value, extra map[string]tableRow, loc Loc, key []string) []*spec.Field {
	var out []*spec.Field
	if v == nil || v.Kind != Object {
		return nil
	}
	for i, k := range v.Keys {
		if !fieldNameRE.MatchString(k) {
			continue
		}
		t, ff := im.sampleType(k, v.Vals[i], 0)
		f := &spec.Field{Name: k, Type: mustType(t), Fields: ff, Required: !v.Vals[i].Optional() && !privateMember(k)}
		if r, ok := extra[k]; ok {
			f.Doc = plain(r.notes)
			if conditional(r.notes) || r.required == "no" {
				f.Required = false
			}
			if r.required == "yes" {
				f.Required = true
			}
		}
		if ff == nil && f.Type.Innermost().Kind == spec.Object {
			f.Type = mustType("map[string]any")
		}
		im.origin(Loc{File: loc.File, Line: loc.Line + v.Vals[i].Line - 1}, append(slices.Clone(key), k)...)
		im.unstated(key, k, f.Fields)
		out = append(out, f)
	}
	return out
}

func sortedKeys[M ~map[string]V, V any](m M) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

var idKeyRE = regexp.MustCompile(`^[0-9a-f-]{16,}$|^[^@\s]+@[^@\s]+$|^\d+$`)

// isMapSample reports whether a sample object is a map rather than a structure: its keys
// are IDs (hex, e-mail addresses, numbers), or it has several members whose values are
// objects with the same members (`last_event_per_type`: message, system_message, ...).
func isMapSample(v *Value) bool {
	if v.Kind != Object || len(v.Keys) == 0 {
		return false
	}
	ids := true
	for _, k := range v.Keys {
		if !idKeyRE.MatchString(k) || !strings.ContainsAny(k, "0123456789@") {
			ids = false
		}
	}
	if ids {
		return true
	}
	if len(v.Keys) < 2 {
		return false
	}
	first := v.Vals[0]
	if first.Kind != Object || len(first.Keys) < 2 {
		return false
	}
	for _, o := range v.Vals[1:] {
		if o.Kind != Object || !slices.Equal(o.Keys, first.Keys) {
			return false
		}
	}
	return true
}

// unstated records the nested fields of a field read from a sample as having no stated
// requiredness: keys "push X field a.b".
func (im *importer) unstated(key []string, path string, fields []*spec.Field) {
	for _, f := range fields {
		p := path + "." + f.Name
		im.res.Unstated[Key(append(slices.Clone(key), p)...)] = true
		im.unstated(key, p, f.Fields)
	}
}

// repairNote says how a sample was repaired, by kind of repair; "" when only comments were
// removed (the docs' samples routinely carry comments, which the spec format drops).
func repairNote(where string, repairs []Repair) string {
	var kinds []string
	for _, r := range repairs {
		w := r.What
		for _, k := range [][2]string{{"comment", "comments"}, {"missing comma", "missing commas"}, {"trailing comma", "trailing commas"},
			{"ellipsis", "`...` ellipses"}, {"unquoted member name", "unquoted member names"}, {"extra closing bracket", "extra closing brackets"},
			{"unterminated comment", "unterminated comments"}} {
			if strings.HasPrefix(w, k[0]) {
				w = k[1]
				break
			}
		}
		if !slices.Contains(kinds, w) {
			kinds = append(kinds, w)
		}
	}
	if len(kinds) == 0 || (len(kinds) == 1 && kinds[0] == "comments") {
		return ""
	}
	return fmt.Sprintf("The sample at %s is not valid JSON; it was read leniently (repaired: %s).", where, strings.Join(kinds, ", "))
}

// sameClass reports whether a sample value can be of the scalar or array type t.
func sameClass(t string, v *Value) bool {
	switch {
	case t == "string" || t == "time":
		return v.Kind == String
	case t == "int" || t == "float":
		return v.Kind == Number
	case t == "bool":
		return v.Kind == Bool
	case strings.HasPrefix(t, "[]"):
		return v.Kind == Array
	}
	return true
}

func kindName(k ValueKind) string {
	return [...]string{Null: "null", Bool: "a boolean", Number: "a number", String: "a string", Object: "an object", Array: "an array"}[k]
}
