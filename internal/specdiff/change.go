package specdiff

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Level is how serious a change is for programs written against the old version.
type Level int

// The levels, in increasing order of seriousness.
const (
	Info Level = iota + 1 // non-breaking: nothing to do
	Warn                  // may break some programs, depending on what they do
	Err                   // breaking: programs written for the old version fail
)

// String returns "INFO", "WARN" or "ERR".
func (l Level) String() string {
	switch l {
	case Info:
		return "INFO"
	case Warn:
		return "WARN"
	case Err:
		return "ERR"
	}
	return fmt.Sprintf("Level(%d)", int(l))
}

// ParseLevel parses "ERR", "WARN" or "INFO" (any case); "breaking" is an alias of ERR.
func ParseLevel(s string) (Level, error) {
	switch strings.ToUpper(s) {
	case "ERR", "BREAKING":
		return Err, nil
	case "WARN":
		return Warn, nil
	case "INFO":
		return Info, nil
	}
	return 0, fmt.Errorf("unknown level %q (want ERR, WARN, INFO or breaking)", s)
}

// Lens is a point of view a change is graded from.
type Lens int

// The lenses.
const (
	// LensAll grades a change by the worse of its wire and Go verdicts (the default).
	LensAll Lens = iota
	// LensWire asks: does a program written for the old JSON still work against the new API?
	LensWire
	// LensGo asks: does a program using the old generated Go package still compile against
	// the new one (with the import path changed)?
	LensGo
)

// String returns "all", "wire" or "go-api".
func (l Lens) String() string {
	switch l {
	case LensWire:
		return "wire"
	case LensGo:
		return "go-api"
	}
	return "all"
}

// ParseLens parses "all", "wire" or "go-api" ("go" is accepted too).
func ParseLens(s string) (Lens, error) {
	switch strings.ToLower(s) {
	case "all", "":
		return LensAll, nil
	case "wire":
		return LensWire, nil
	case "go-api", "go":
		return LensGo, nil
	}
	return 0, fmt.Errorf("unknown lens %q (want all, wire or go-api)", s)
}

// Direction says which way the changed data travels, which decides how some rules grade a
// change: a value a client sends is graded differently from one it only receives.
type Direction int

// The directions. Both is Sent|Received.
const (
	Sent     Direction = 1 << iota // in requests (action params, connection query)
	Received                       // in responses and pushes
	Both     = Sent | Received
)

// String returns "request", "response" or "both".
func (d Direction) String() string {
	switch d {
	case Sent:
		return "request"
	case Received:
		return "response"
	case Both:
		return "both"
	}
	return ""
}

// Kind is the kind of top-level spec item a change belongs to.
type Kind string

// The kinds, in report order.
const (
	KindConnection Kind = "connection"
	KindAction     Kind = "action"
	KindPush       Kind = "push"
	KindWebhook    Kind = "webhook"
	KindType       Kind = "type"
	KindError      Kind = "error"
)

var kindOrder = map[Kind]int{KindAction: 1, KindPush: 2, KindWebhook: 3, KindType: 4, KindError: 5, KindConnection: 6}

// Part is the part of an item a change is in.
type Part string

// The parts.
const (
	PartItem     Part = ""         // the item itself (its name, transports, kind ...)
	PartParams   Part = "params"   // an action's request params
	PartResponse Part = "response" // an action's response payload
	PartPayload  Part = "payload"  // a push's payload
	PartFields   Part = "fields"   // a struct type's fields
	PartEnum     Part = "enum"     // a definition type's enum values
	PartVariants Part = "variants" // a union type's variants
	PartQuery    Part = "query"    // the connection's query parameters
	PartRegions  Part = "regions"  // the connection's regions
)

var partOrder = map[Part]int{
	PartItem: 0, PartParams: 1, PartResponse: 2, PartPayload: 3, PartFields: 4, PartEnum: 5,
	PartVariants: 6, PartQuery: 7, PartRegions: 8,
}

// Subject is what a change is about: an item (an action, push, type, error type, or the
// connection), and optionally a part of it and a field path within that part.
type Subject struct {
	Kind Kind
	// Old and New are the item's names in the old and new spec; Old is empty for an added
	// item, New for a removed one. For the connection both are "connection".
	Old, New string
	Part     Part
	// OldPath and NewPath locate a field within the part, as dotted wire names
	// ("filters.query", "users[].id"), or a region's name; empty for the part itself.
	OldPath, NewPath string
}

// Name is the item's name in the new spec, or in the old one when it was removed.
func (s Subject) Name() string { return cmp.Or(s.New, s.Old) }

// Path is the field path in the new spec, or in the old one when it was removed.
func (s Subject) Path() string { return cmp.Or(s.NewPath, s.OldPath) }

// Ident is a Go identifier of a generated package affected by a change, such as
// "v30.Client.GetArchives" -> "v36.Client.ListArchives". Old is empty when the identifier is
// new, New when it is gone.
type Ident struct {
	Old, New string
}

// String returns "old -> new", "old (removed)" or "new (new)".
func (id Ident) String() string {
	switch {
	case id.New == "":
		return id.Old + " (removed)"
	case id.Old == "":
		return id.New + " (new)"
	case id.Old == id.New:
		return id.New
	}
	return id.Old + " -> " + id.New
}

// Suggestion is a likely rename that the specs do not declare: a removed item that resembles
// an added one. It is reported next to the removal and the addition, never applied.
type Suggestion struct {
	// Name is the other item: the added one on a removal, the removed one on an addition.
	Name string
	// Score is the similarity, from 0 to 1.
	Score float64
}

// Change is one classified difference between two specs.
type Change struct {
	// Rule is the stable id of the rule that matched (see Rules).
	Rule string
	// Level is the change's level under the report's lens.
	Level Level
	// WireLevel is the level from the wire rule (Info when the change is invisible on the
	// wire); GoLevel is Err when old Go code no longer compiles, else Info.
	WireLevel, GoLevel Level
	Subject            Subject
	// Direction is how the changed data travels, for rules graded by direction.
	Direction Direction
	// Old and New are the values that changed, when the change is about a value: type
	// expressions, enum values, URLs, scopes.
	Old, New string
	// Reason says in one line why the change has its wire level.
	Reason string
	// GoRule is the id of the go-api rule that matched when old Go code no longer
	// compiles, else empty.
	GoRule string
	// Go lists the identifiers of the generated packages that the change affects.
	Go []Ident
	// Suggestion is a likely undeclared rename, on removals and additions.
	Suggestion *Suggestion
}

// Breaking reports whether the change is at level ERR.
func (c *Change) Breaking() bool { return c.Level == Err }

// Report is the result of comparing two specs.
type Report struct {
	Old, New SpecInfo
	Lens     Lens
	// Changes are sorted by kind, item, part, path and rule.
	Changes []*Change
}

// SpecInfo names one side of a comparison.
type SpecInfo struct {
	Path    string // the file, as given
	API     string // "agent" or "customer"
	Version string // "3.6"
	Package string // the generated package name, "v36"
}

// Summary counts the changes of a report by level.
type Summary struct {
	Err, Warn, Info int
}

// Breaking is the number of ERR changes.
func (s Summary) Breaking() int { return s.Err }

// NonBreaking is the number of WARN and INFO changes.
func (s Summary) NonBreaking() int { return s.Warn + s.Info }

// String returns e.g. "12 breaking, 30 non-breaking (ERR 12, WARN 4, INFO 26)".
func (s Summary) String() string {
	return fmt.Sprintf("%d breaking, %d non-breaking (ERR %d, WARN %d, INFO %d)",
		s.Breaking(), s.NonBreaking(), s.Err, s.Warn, s.Info)
}

// Summary counts the report's changes by level.
func (r *Report) Summary() Summary {
	var s Summary
	for _, c := range r.Changes {
		switch c.Level {
		case Err:
			s.Err++
		case Warn:
			s.Warn++
		default:
			s.Info++
		}
	}
	return s
}

// Max returns the highest level of the report's changes, or 0 when there are none.
func (r *Report) Max() Level {
	var m Level
	for _, c := range r.Changes {
		m = max(m, c.Level)
	}
	return m
}

// compareChanges orders changes for reports: by kind, item, part, path, then rule.
func compareChanges(a, b *Change) int {
	sa, sb := a.Subject, b.Subject
	return cmp.Or(
		cmp.Compare(kindOrder[sa.Kind], kindOrder[sb.Kind]),
		cmp.Compare(itemKey(sa), itemKey(sb)),
		cmp.Compare(partOrder[sa.Part], partOrder[sb.Part]),
		cmp.Compare(sa.Path(), sb.Path()),
		cmp.Compare(sa.OldPath, sb.OldPath),
		cmp.Compare(a.Rule, b.Rule),
		cmp.Compare(a.Old, b.Old),
		cmp.Compare(a.New, b.New),
	)
}

// itemKey sorts items by their old name (a migration guide reads from the old version), and
// added items by their new name among them.
func itemKey(s Subject) string { return cmp.Or(s.Old, s.New) }

func sortChanges(cs []*Change) { slices.SortStableFunc(cs, compareChanges) }
