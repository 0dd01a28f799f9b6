package livechatdocs

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// Disagreement is one difference between a reviewed spec and what the importer reads from
// the docs, with the position on both sides.
type Disagreement struct {
	Spec spec.Pos // in the spec file (the item, or its parent when the spec lacks the item)
	Docs Loc      // in the docs (the item, or where it would be documented)
	// Item names the item as spec errors do: `action "send_event": param "chat_id"`. A
	// top-level differs_from_docs entry acknowledges a disagreement by this name.
	Item string
	Msg  string
	// Reason is the acknowledgement's reason when the spec acknowledges the difference.
	Reason string
}

// Acknowledged reports whether the spec acknowledges the difference.
func (d *Disagreement) Acknowledged() bool { return d.Reason != "" }

// Format prints the disagreement as `spec.yaml:line: item: message`.
func (d *Disagreement) Format(specPath string) string {
	loc := specPath
	if d.Spec.Line > 0 {
		loc += ":" + strconv.Itoa(d.Spec.Line)
	}
	s := loc + ": " + d.Item + ": " + d.Msg
	if d.Reason != "" {
		s += " (acknowledged: " + d.Reason + ")"
	}
	return s
}

// Report is the outcome of verifying one spec.
type Report struct {
	Spec          *spec.Spec
	Disagreements []*Disagreement
	// Unverified says what could not be checked (no docs folder for the version).
	Unverified []string
	// Stale lists the top-level differs_from_docs entries that acknowledge no disagreement
	// (fixed since, or misspelled): a warning, not a failure.
	Stale []*spec.DocsDifference
	// StaleItems lists the items whose own differs_from_docs acknowledges no disagreement
	// (the importer or the spec has caught up since): a warning, not a failure. Only checked
	// when the docs document the version.
	StaleItems []StaleAck
	Stats      Stats
}

// StaleAck is an item-level differs_from_docs that acknowledges nothing.
type StaleAck struct {
	Pos  spec.Pos
	Item string
}

// Unacknowledged counts the disagreements the spec does not acknowledge.
func (r *Report) Unacknowledged() int {
	n := 0
	for _, d := range r.Disagreements {
		if !d.Acknowledged() {
			n++
		}
	}
	return n
}

// Stats counts agreement item by item: for each category, the items on either side and
// those that agree (present on both sides, with the same requiredness and type class for
// params and fields).
type Stats struct {
	Categories []string
	Total      map[string]int
	Agree      map[string]int
	// Acknowledged counts the items that disagree, all their disagreements acknowledged.
	Acknowledged map[string]int
}

// count counts an item that agrees or not (an acknowledged disagreement counts apart: tally).
func (s *Stats) count(cat string, agree bool) { s.tally(cat, agree, false) }

func (s *Stats) tally(cat string, agree, acked bool) {
	if s.Total == nil {
		s.Total, s.Agree, s.Acknowledged = map[string]int{}, map[string]int{}, map[string]int{}
	}
	if !slices.Contains(s.Categories, cat) {
		s.Categories = append(s.Categories, cat)
	}
	s.Total[cat]++
	switch {
	case agree:
		s.Agree[cat]++
	case acked:
		s.Acknowledged[cat]++
	}
}

// ackedSince reports whether the disagreements added since mark are all acknowledged.
func (v *verifier) ackedSince(mark int) bool {
	for _, d := range v.rep.Disagreements[mark:] {
		if !d.Acknowledged() {
			return false
		}
	}
	return true
}

// The stats categories, in print order.
const (
	CatActions        = "actions"
	CatParams         = "params"
	CatResponseFields = "response fields"
	CatPushes         = "pushes"
	CatPushFields     = "push fields"
	CatTypeFields     = "data-structure fields"
)

// Verify compares a loaded spec with the docs. others are the other specs of the same API
// (to know the previous version, for renamed_from); they may be nil.
func (d *Docs) Verify(s *spec.Spec, others []*spec.Spec) (*Report, error) {
	rep := &Report{Spec: s}
	facts, err := d.Changelog(s.API)
	if err != nil {
		return nil, err
	}
	v := &verifier{s: s, rep: rep, acks: map[string]string{}, ackUsed: map[spec.Pos]bool{}}
	for _, dd := range s.DocsDifferences {
		v.acks[dd.Item] = dd.Reason
	}
	res, err := d.Import(s.API, s.Version)
	switch {
	case err == nil:
		v.docs = res.Spec
		v.origins = res.Origins
		v.pages = res.Pages
		v.unstated = res.Unstated
		v.webMethods = (&importer{docs: d, pages: res.Pages}).webActions()
		v.compare()
	case isNoFolder(err):
		rep.Unverified = append(rep.Unverified, fmt.Sprintf(
			"no docs folder documents %s v%s (%v); actions, params, response fields, pushes, types and errors are not checked against the docs, only the changelog facts are",
			s.API, s.Version, errMsg(err)))
	default:
		return nil, err
	}
	v.changelog(facts, previous(s, others))
	if v.docs != nil {
		v.staleItems()
	}
	used := map[string]bool{}
	for _, d := range rep.Disagreements {
		used[d.Item] = true
	}
	for _, dd := range s.DocsDifferences {
		if !used[dd.Item] {
			rep.Stale = append(rep.Stale, dd)
		}
	}
	slices.SortStableFunc(rep.Disagreements, func(a, b *Disagreement) int {
		return cmp.Or(cmp.Compare(a.Spec.Line, b.Spec.Line), strings.Compare(a.Item, b.Item))
	})
	return rep, nil
}

// errMsg is an import error's message without its location (the location is the page that
// documents another version, which the message names anyway).
func errMsg(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Loc.File + ": " + e.Msg
	}
	return err.Error()
}

// isNoFolder reports whether Import failed because the docs have no pages for the version
// (as opposed to broken pages, which are errors).
func isNoFolder(err error) bool {
	var e *Error
	return errors.As(err, &e) && (strings.HasPrefix(e.Msg, "page of another version") || strings.HasPrefix(e.Msg, "missing page")) || errors.Is(err, fs.ErrNotExist)
}

func previous(s *spec.Spec, others []*spec.Spec) *spec.Spec {
	var prev *spec.Spec
	for _, o := range others {
		if o.API == s.API && compareVersions(o.Version, s.Version) < 0 && (prev == nil || compareVersions(o.Version, prev.Version) > 0) {
			prev = o
		}
	}
	return prev
}

func compareVersions(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		x, _ := strconv.Atoi(pa[i])
		y, _ := strconv.Atoi(pb[i])
		if c := cmp.Compare(x, y); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(pa), len(pb))
}

type verifier struct {
	// seen holds, per named type of the spec, the field names the docs show where the spec
	// uses the type; collecting is set during the first pass, which gathers them.
	seen       map[string]map[string]bool
	collecting bool

	s, docs  *spec.Spec
	origins  map[string]Loc
	pages    *Pages
	unstated map[string]bool
	rep      *Report
	acks     map[string]string
	// webMethods are the methods of the Web API reference (nil without the page): a Web-only
	// action of the spec is checked against it, since the RTM reference cannot have it.
	webMethods map[string]Loc
	// ackUsed holds the positions of the items whose own acknowledgement was given to a
	// disagreement (by position, not line: a flow mapping may hold a field and its fields).
	ackUsed map[spec.Pos]bool
}

func (v *verifier) add(pos spec.Pos, docs Loc, item, ack, format string, args ...any) *Disagreement {
	if ack != "" {
		v.ackUsed[pos] = true
	}
	d := &Disagreement{Spec: pos, Docs: docs, Item: item, Msg: fmt.Sprintf(format, args...), Reason: ack}
	if d.Reason == "" {
		d.Reason = v.acks[item]
	}
	v.rep.Disagreements = append(v.rep.Disagreements, d)
	return d
}

func (v *verifier) origin(parts ...string) Loc {
	for len(parts) > 0 {
		if l, ok := v.origins[Key(parts...)]; ok {
			return l
		}
		parts = parts[:len(parts)-1]
	}
	return Loc{}
}

func quote(kind, name string) string { return fmt.Sprintf("%s %q", kind, name) }

// compare runs the comparison twice: the first pass only collects, for each named type of
// the spec, the fields that the docs show wherever the spec uses the type (a structure the
// docs repeat inline shows different members in different samples); the second reports.
func (v *verifier) compare() {
	v.seen = map[string]map[string]bool{}
	for _, t := range v.docs.Types {
		if t.Kind == spec.StructType {
			v.see(t.Name, t.Fields)
		}
	}
	v.collecting = true
	v.compareOnce()
	v.rep.Disagreements, v.rep.Stats = nil, Stats{}
	clear(v.ackUsed)
	v.collecting = false
	v.compareOnce()
}

func (v *verifier) see(specType string, fields []*spec.Field) {
	if v.seen[specType] == nil {
		v.seen[specType] = map[string]bool{}
	}
	for _, f := range fields {
		v.seen[specType][f.Name] = true
	}
}

func (v *verifier) compareOnce() {
	st := &v.rep.Stats
	// Actions.
	for _, a := range v.s.Actions {
		item := quote("action", a.Name)
		b := v.docs.Action(a.Name)
		if b == nil && !a.RTM() && a.Web() {
			if _, ok := v.webMethods[a.Name]; ok {
				st.tally(CatActions, true, false)
			} else {
				ack := cmp.Or(a.DiffersFromDocs, a.Deprecated)
				d := v.add(a.Pos, Loc{File: v.pages.Web}, item, ack, "a Web-only action not in %s", v.pages.Web)
				st.tally(CatActions, false, d.Acknowledged())
			}
			continue
		}
		if b == nil {
			ack := cmp.Or(a.DiffersFromDocs, a.Deprecated)
			d := v.add(a.Pos, Loc{File: v.pages.Reference}, item, ack, "not in %s", v.pages.Reference)
			st.tally(CatActions, false, d.Acknowledged())
			for range a.Params {
				st.tally(CatParams, false, d.Acknowledged())
			}
			continue
		}
		st.tally(CatActions, true, false)
		docLoc := v.origin("action", a.Name)
		ack := a.DiffersFromDocs
		if a.Web() != b.Web() {
			v.add(a.Pos, docLoc, item, ack, "transports %v, but %s says %v (Web API equivalent)", a.Transports, docLoc, b.Transports)
		}
		for _, p := range a.Pushes {
			if !slices.Contains(b.Pushes, p) {
				v.add(a.Pos, docLoc, item, ack, "names push %q, which %s does not (Specifics: %s)", p, docLoc, orNone(b.Pushes))
			}
		}
		for _, p := range b.Pushes {
			if !slices.Contains(a.Pushes, p) {
				v.add(a.Pos, docLoc, item, ack, "does not name push %q, which %s does", p, docLoc)
			}
		}
		v.fields(CatParams, item, "param", a.Pos, a.Params, b.Params, []string{"action", a.Name, "param"}, "request table")
		if b.HasResponse && a.HasResponse {
			v.fields(CatResponseFields, item, "response field", a.Pos, a.Response, b.Response, []string{"action", a.Name, "response"}, "response")
		}
	}
	for _, b := range v.docs.Actions {
		if v.s.Action(b.Name) == nil {
			loc := v.origin("action", b.Name)
			d := v.add(v.topPos("actions"), loc, quote("action", b.Name), "", "documented at %s, not in the spec", loc)
			st.tally(CatActions, false, d.Acknowledged())
			for range b.Params {
				st.tally(CatParams, false, d.Acknowledged())
			}
		}
	}
	// Pushes.
	for _, p := range v.s.Pushes {
		item := quote("push", p.Name)
		q := v.docs.Push(p.Name)
		if q == nil {
			d := v.add(p.Pos, Loc{File: v.pages.Pushes}, item, cmp.Or(p.DiffersFromDocs, p.Deprecated), "not in %s", v.pages.Pushes)
			st.tally(CatPushes, false, d.Acknowledged())
			continue
		}
		docLoc := v.origin("push", p.Name)
		if q.Undocumented != p.Undocumented {
			d := v.add(p.Pos, docLoc, item, p.DiffersFromDocs, "undocumented is %v in the spec, %v in the docs (%s)", p.Undocumented, q.Undocumented, docLoc)
			st.tally(CatPushes, false, d.Acknowledged())
		} else {
			st.tally(CatPushes, true, false)
		}
		if !q.Undocumented {
			v.fields(CatPushFields, item, "field", p.Pos, p.Fields, q.Fields, []string{"push", p.Name, "field"}, "sample payload")
		}
	}
	for _, q := range v.docs.Pushes {
		if v.s.Push(q.Name) == nil {
			loc := v.origin("push", q.Name)
			d := v.add(v.topPos("pushes"), loc, quote("push", q.Name), "", "documented at %s, not in the spec", loc)
			st.tally(CatPushes, false, d.Acknowledged())
		}
	}
	// Types the docs name (data-structures). Types the spec names for structures the docs
	// leave inline are the spec's own factoring, not a disagreement.
	for _, t := range v.docs.Types {
		item := quote("type", t.Name)
		u := v.s.Type(t.Name)
		loc := v.origin("type", t.Name)
		if u == nil {
			d := v.add(v.topPos("types"), loc, item, "", "documented at %s, not in the spec", loc)
			for range t.Fields {
				st.tally(CatTypeFields, false, d.Acknowledged())
			}
			continue
		}
		if t.Kind == spec.StructType && u.Kind == spec.StructType {
			v.fields(CatTypeFields, item, "field", u.Pos, u.Fields, t.Fields, []string{"type", t.Name, "field"}, "data structure")
		}
		if t.Kind == spec.UnionType && u.Kind == spec.UnionType {
			for _, vr := range t.Union.Variants {
				if !slices.ContainsFunc(u.Union.Variants, func(x *spec.Variant) bool { return x.Value == vr.Value }) {
					v.add(u.Pos, loc, item, u.DiffersFromDocs, "no variant %q (%s), which the docs have", vr.Value, vr.Type)
				}
			}
		}
	}
	// Errors.
	for _, e := range v.s.Errors {
		if !slices.ContainsFunc(v.docs.Errors, func(x *spec.ErrorType) bool { return x.Type == e.Type }) {
			v.add(e.Pos, v.origin("error"), quote("error", e.Type), v.acks[quote("error", e.Type)], "not in the possible errors of %s", v.pages.Reference)
		}
	}
	for _, e := range v.docs.Errors {
		if !slices.ContainsFunc(v.s.Errors, func(x *spec.ErrorType) bool { return x.Type == e.Type }) {
			loc := v.origin("error", e.Type)
			v.add(v.topPos("errors"), loc, quote("error", e.Type), "", "in the possible errors at %s, not in the spec", loc)
		}
	}
	// Connection.
	if v.s.Connection.URL != v.docs.Connection.URL {
		loc := v.origin("connection", "url")
		v.add(v.s.Connection.Pos, loc, "connection", "", "url %q, but %s says %q", v.s.Connection.URL, loc, v.docs.Connection.URL)
	}
	for _, q := range v.docs.Connection.Query {
		if !slices.ContainsFunc(v.s.Connection.Query, func(f *spec.Field) bool { return f.Name == q.Name }) {
			loc := v.origin("connection", "query", q.Name)
			v.add(v.s.Connection.Pos, loc, quote("connection: query param", q.Name), "", "required at %s, not in the spec", loc)
		}
	}
	v.compareWebhooks()
}

func orNone(list []string) string {
	if len(list) == 0 {
		return "none"
	}
	return strings.Join(list, ", ")
}

// topPos is where a missing item would go: the spec has no position for it, so the line of
// the section is given when known (the first item of the list).
func (v *verifier) topPos(list string) spec.Pos {
	switch list {
	case "actions":
		if len(v.s.Actions) > 0 {
			return v.s.Actions[0].Pos
		}
	case "pushes":
		if len(v.s.Pushes) > 0 {
			return v.s.Pushes[0].Pos
		}
	case "types":
		if len(v.s.Types) > 0 {
			return v.s.Types[0].Pos
		}
	case "errors":
		if len(v.s.Errors) > 0 {
			return v.s.Errors[0].Pos
		}
	}
	return spec.Pos{}
}

// class is the type class compared between spec and docs: string (and time), number, bool,
// array, object (inline objects, maps, structs, unions) or any.
func class(t *spec.TypeRef, s *spec.Spec) string {
	if t == nil {
		return "any"
	}
	switch t.Kind {
	case spec.String, spec.Time:
		return "string"
	case spec.Int, spec.Float:
		return "number"
	case spec.Bool:
		return "bool"
	case spec.Any:
		return "any"
	case spec.Slice:
		return "array"
	case spec.Map, spec.Object:
		return "object"
	case spec.Named:
		nt := s.Type(t.Name)
		switch {
		case nt == nil:
			return "any"
		case nt.Kind == spec.DefType:
			return class(nt.Def, s)
		default:
			return "object"
		}
	}
	return "any"
}

// childrenOf returns the fields nested in a field (its inline object's, or its named struct
// type's), the name of the named type they belong to, and whether they are inline.
func childrenOf(f *spec.Field, s *spec.Spec) (fields []*spec.Field, typeName string, inline bool) {
	if len(f.Fields) > 0 {
		return f.Fields, "", true
	}
	if in := f.Type.Innermost(); in.Kind == spec.Named {
		if t := s.Type(in.Name); t != nil && t.Kind == spec.StructType {
			return t.Fields, t.Name, false
		}
	}
	return nil, "", false
}

// fields compares two field lists: present on one side only, requiredness, type class; then,
// recursively, the fields of inline objects.
func (v *verifier) fields(cat, parent, kind string, parentPos spec.Pos, ours, theirs []*spec.Field, key []string, what string) {
	for _, f := range ours {
		item := parent + ": " + quote(kind, f.Name)
		g := findField(theirs, f.Name)
		fkey := append(slices.Clone(key), f.Name)
		if g == nil {
			loc := v.origin(key...)
			d := v.add(f.Pos, loc, item, cmp.Or(f.DiffersFromDocs, f.Deprecated), "not in %s %s", loc, what)
			v.rep.Stats.tally(cat, false, d.Acknowledged())
			continue
		}
		loc := v.origin(fkey...)
		mark := len(v.rep.Disagreements)
		agree := true
		if f.Required != g.Required && !v.unstated[Key(fkey...)] {
			agree = false
			v.add(f.Pos, loc, item, f.DiffersFromDocs, "required is %v in the spec, %v in %s", f.Required, g.Required, loc)
		}
		cs, cd := class(f.Type, v.s), class(g.Type, v.docs)
		if cs != cd && cs != "any" && cd != "any" {
			agree = false
			v.add(f.Pos, loc, item, f.DiffersFromDocs, "type %s (%s) in the spec, %s (%s) in %s", f.Type, cs, g.Type, cd, loc)
		}
		v.rep.Stats.tally(cat, agree, v.ackedSince(mark))
		ours2, specType, in1 := childrenOf(f, v.s)
		theirs2, docsType, in2 := childrenOf(g, v.docs)
		if (in1 || in2) && len(ours2) > 0 && len(theirs2) > 0 {
			v.fieldsNested(cat, item, f.Pos, ours2, theirs2, key, f.Name, what, in1, docsType, specType)
		}
	}
	for _, g := range theirs {
		if findField(ours, g.Name) == nil {
			loc := v.origin(append(slices.Clone(key), g.Name)...)
			d := v.add(parentPos, loc, parent+": "+quote(kind, g.Name), "", "in %s %s, not in the spec", loc, what)
			v.rep.Stats.tally(cat, false, d.Acknowledged())
		}
	}
}

// fieldsNested compares the fields of inline objects; docs keys are dotted
// ("action list_chats param filters.active").
// counted is false below a named type of the spec: those fields are the type's, counted (and
// acknowledged) with the type, not again with every place that uses it.
// docsType names the docs' named type the theirs fields belong to ("" for inline ones): their
// requiredness is stated or not as that type's.
// specType names the spec's named type the ours fields belong to ("" for inline ones).
func (v *verifier) fieldsNested(cat, parent string, parentPos spec.Pos, ours, theirs []*spec.Field, key []string, path, what string, counted bool, docsType, specType string) {
	if specType != "" && v.collecting {
		v.see(specType, theirs)
	}
	st := &v.rep.Stats
	if !counted {
		st = &Stats{}
	}
	last := len(key) - 1
	nk := slices.Clone(key)
	nk = append(nk[:last+1:last+1], path)
	// origins of nested fields are keyed with the dotted path as the last part.
	dotted := func(name string) []string { return append(slices.Clone(key), path+"."+name) }
	for _, f := range ours {
		item := parent + ": " + quote("field", f.Name)
		g := findField(theirs, f.Name)
		if g == nil && specType != "" && v.seen[specType][f.Name] {
			continue // the docs show it in another sample of the same structure
		}
		if g == nil {
			loc := v.origin(dotted(f.Name)...)
			if loc == (Loc{}) {
				loc = v.origin(nk...)
			}
			d := v.add(f.Pos, loc, item, cmp.Or(f.DiffersFromDocs, f.Deprecated), "not in %s %s", loc, what)
			st.tally(cat, false, d.Acknowledged())
			continue
		}
		loc := v.origin(dotted(f.Name)...)
		mark := len(v.rep.Disagreements)
		agree := true
		unstated := v.unstated[Key(dotted(f.Name)...)]
		if docsType != "" {
			unstated = v.unstated[Key("type", docsType, "field", f.Name)]
		}
		if f.Required != g.Required && !unstated {
			agree = false
			v.add(f.Pos, loc, item, f.DiffersFromDocs, "required is %v in the spec, %v in %s", f.Required, g.Required, loc)
		}
		cs, cd := class(f.Type, v.s), class(g.Type, v.docs)
		if cs != cd && cs != "any" && cd != "any" {
			agree = false
			v.add(f.Pos, loc, item, f.DiffersFromDocs, "type %s (%s) in the spec, %s (%s) in %s", f.Type, cs, g.Type, cd, loc)
		}
		st.tally(cat, agree, v.ackedSince(mark))
		ours2, specType2, in1 := childrenOf(f, v.s)
		theirs2, docsType2, in2 := childrenOf(g, v.docs)
		if (in1 || in2) && len(ours2) > 0 && len(theirs2) > 0 && strings.Count(path, ".") < 8 {
			v.fieldsNested(cat, item, f.Pos, ours2, theirs2, key, path+"."+f.Name, what, counted && in1, docsType2, specType2)
		}
	}
	for _, g := range theirs {
		if findField(ours, g.Name) == nil {
			loc := v.origin(dotted(g.Name)...)
			if loc == (Loc{}) {
				loc = v.origin(nk...)
			}
			d := v.add(parentPos, loc, parent+": "+quote("field", g.Name), "", "in %s %s, not in the spec", loc, what)
			st.tally(cat, false, d.Acknowledged())
		}
	}
}

func findField(list []*spec.Field, name string) *spec.Field {
	for _, f := range list {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// documented reports whether the docs of the spec's version have the item: they outrank an
// older changelog line (agent_updated, replaced in v3.2, is a push again in v3.6).
func (v *verifier) documented(kind, name string) bool {
	if v.docs == nil {
		return false
	}
	if kind == "action" {
		return v.docs.Action(name) != nil
	}
	return v.docs.Push(name) != nil
}

// changelog checks the changelog's facts against the spec's version: what was removed or
// renamed by that version is not in the spec (unless deprecated or acknowledged), what was
// added later is not in it yet, and a rename since the previous spec is recorded with
// renamed_from.
func (v *verifier) changelog(facts []Fact, prev *spec.Spec) {
	has := func(kind, name string) (spec.Pos, string, string, bool) {
		if kind == "action" {
			if a := v.s.Action(name); a != nil {
				return a.Pos, cmp.Or(a.DiffersFromDocs, a.Deprecated), a.RenamedFrom, true
			}
			return spec.Pos{}, "", "", false
		}
		if p := v.s.Push(name); p != nil {
			return p.Pos, cmp.Or(p.DiffersFromDocs, p.Deprecated), p.RenamedFrom, true
		}
		return spec.Pos{}, "", "", false
	}
	for _, f := range facts {
		c := compareVersions(f.Version, v.s.Version)
		switch f.Change {
		case "removed":
			if pos, ack, _, ok := has(f.Kind, f.Name); ok && c <= 0 && !v.documented(f.Kind, f.Name) {
				v.add(pos, f.Loc, quote(f.Kind, f.Name), ack, "removed in v%s by the changelog (%s: %q)", f.Version, f.Loc, f.Text)
			}
		case "renamed":
			if pos, ack, _, ok := has(f.Kind, f.From); ok && c <= 0 {
				v.add(pos, f.Loc, quote(f.Kind, f.From), ack, "renamed to %s in v%s by the changelog (%s)", f.Name, f.Version, f.Loc)
			}
			if pos, ack, from, ok := has(f.Kind, f.Name); ok {
				switch {
				case c > 0:
					v.add(pos, f.Loc, quote(f.Kind, f.Name), ack, "is named %s until v%s, when the changelog renames it (%s)", f.From, f.Version, f.Loc)
				case prev != nil && compareVersions(f.Version, prev.Version) > 0 && from == "":
					v.add(pos, f.Loc, quote(f.Kind, f.Name), ack, "renamed from %s in v%s (%s), after v%s: want renamed_from", f.From, f.Version, f.Loc, prev.Version)
				}
			}
		case "added":
			if pos, ack, _, ok := has(f.Kind, f.Name); ok && c > 0 && !v.documented(f.Kind, f.Name) {
				v.add(pos, f.Loc, quote(f.Kind, f.Name), ack, "added only in v%s by the changelog (%s: %q)", f.Version, f.Loc, f.Text)
			}
		}
	}
}

// staleItems lists the spec's item-level acknowledgements that no disagreement used.
func (v *verifier) staleItems() {
	check := func(pos spec.Pos, ack, item string) {
		if ack != "" && !v.ackUsed[pos] {
			v.rep.StaleItems = append(v.rep.StaleItems, StaleAck{Pos: pos, Item: item})
		}
	}
	var walk func(parent, kind string, fs []*spec.Field)
	walk = func(parent, kind string, fs []*spec.Field) {
		for _, f := range fs {
			item := parent + ": " + quote(kind, f.Name)
			check(f.Pos, f.DiffersFromDocs, item)
			walk(item, "field", f.Fields)
		}
	}
	for _, a := range v.s.Actions {
		item := quote("action", a.Name)
		check(a.Pos, a.DiffersFromDocs, item)
		walk(item, "param", a.Params)
		walk(item, "response field", a.Response)
	}
	for _, p := range v.s.Pushes {
		item := quote("push", p.Name)
		check(p.Pos, p.DiffersFromDocs, item)
		walk(item, "field", p.Fields)
	}
	for _, t := range v.s.Types {
		item := quote("type", t.Name)
		check(t.Pos, t.DiffersFromDocs, item)
		walk(item, "field", t.Fields)
	}
}
