package specdiff

import (
	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// Options configure Diff.
type Options struct {
	// Lens is the point of view changes are graded from; the zero value grades by both.
	Lens Lens
}

// Diff compares two specs, old and new, and returns every difference, classified. The two
// specs should be valid (as spec.Load returns them); the result is sorted and the same specs
// always give the same report.
func Diff(old, new *spec.Spec, opts Options) *Report {
	d := &differ{
		old: old, new: new,
		oldGo: newGoAPI(old), newGo: newGoAPI(new),
		useOld: typeUse(old), useNew: typeUse(new),
	}
	d.matchTypes()
	d.matchPushes()
	d.actions()
	d.pushes()
	d.webhooks()
	d.types()
	d.errors()
	d.connection()

	r := &Report{
		Old:  SpecInfo{Path: old.Path, API: old.API, Version: old.Version, Package: d.oldGo.pkg},
		New:  SpecInfo{Path: new.Path, API: new.API, Version: new.Version, Package: d.newGo.pkg},
		Lens: opts.Lens,
	}
	for _, c := range d.changes {
		switch opts.Lens {
		case LensWire:
			if c.WireLevel == 0 {
				continue // invisible on the wire
			}
			c.Level = c.WireLevel
		case LensGo:
			c.Level = c.GoLevel
		default:
			c.Level = max(c.WireLevel, c.GoLevel)
		}
		r.Changes = append(r.Changes, c)
	}
	sortChanges(r.Changes)
	return r
}

// differ holds the state of one comparison.
type differ struct {
	old, new     *spec.Spec
	oldGo, newGo goAPI
	// useOld and useNew say how each type of each spec is used (see typeUse).
	useOld, useNew map[string]Direction
	// typeMap maps each old type name to its counterpart's name; pushMap does the same for
	// pushes.
	typeMap, pushMap map[string]string
	types_           matching[*spec.Type]
	pushes_          matching[*spec.Push]
	changes          []*Change
}

// emit records a change, grading it by its rules: the wire level from c.Rule and
// c.Direction (none for a change invisible on the wire, whose Rule is a go-api rule), and ERR
// on the go-api lens when c.GoRule is set.
func (d *differ) emit(c *Change) {
	r := mustRule(c.Rule)
	if r.Lens == LensGo {
		c.GoRule = c.Rule
		c.Reason = r.Why
	} else {
		c.WireLevel = r.LevelFor(c.Direction)
		c.Reason = r.WhyFor(c.Direction)
	}
	c.GoLevel = Info
	if c.GoRule != "" {
		mustRule(c.GoRule)
		c.GoLevel = Err
	}
	d.changes = append(d.changes, c)
}

// renameOld maps an old type name to its counterpart's name (or leaves it), so that Go types
// of both sides compare.
func (d *differ) renameOld(name string) string {
	if n, ok := d.typeMap[name]; ok {
		return n
	}
	return name
}

func removedIdents(names []string) []Ident {
	out := make([]Ident, 0, len(names))
	for _, n := range names {
		if n != "" {
			out = append(out, Ident{Old: n})
		}
	}
	return out
}

func addedIdents(names []string) []Ident {
	out := make([]Ident, 0, len(names))
	for _, n := range names {
		if n != "" {
			out = append(out, Ident{New: n})
		}
	}
	return out
}

// renamedIdents pairs the identifiers of two items that exist on both sides, leaving out
// those that exist on one side only and those that did not change.
func renamedIdents(old, new []string) []Ident {
	var out []Ident
	for i := range min(len(old), len(new)) {
		if old[i] != "" && new[i] != "" && old[i] != new[i] {
			out = append(out, Ident{Old: old[i], New: new[i]})
		}
	}
	return out
}

// suggestions builds the rename suggestions between removed and added items.
func suggestions[T any](removed, added []T, sim func(T) similarity, score func(a, b similarity) float64) (onRemoved, onAdded map[int]*Suggestion) {
	rs := make([]similarity, len(removed))
	for i, r := range removed {
		rs[i] = sim(r)
	}
	as := make([]similarity, len(added))
	for i, a := range added {
		as[i] = sim(a)
	}
	onRemoved, onAdded = map[int]*Suggestion{}, map[int]*Suggestion{}
	for i, c := range suggest(rs, as, score) {
		sc := float64(int(c.score*100+0.5)) / 100
		onRemoved[i] = &Suggestion{Name: as[c.added].name, Score: sc}
		onAdded[c.added] = &Suggestion{Name: rs[i].name, Score: sc}
	}
	return onRemoved, onAdded
}

func fieldNames(prefix string, fs []*spec.Field) []string {
	var out []string
	for _, f := range fs {
		out = append(out, prefix+f.Name)
		if f.RenamedFrom != "" {
			out = append(out, prefix+f.RenamedFrom)
		}
	}
	return out
}

// deprecation reports an item or field that became deprecated, or stopped being.
func (d *differ) deprecation(subj Subject, dir Direction, old, new string) {
	switch {
	case old == "" && new != "":
		d.emit(&Change{Rule: "deprecated", Subject: subj, Direction: dir, New: new})
	case old != "" && new == "":
		d.emit(&Change{Rule: "undeprecated", Subject: subj, Direction: dir, Old: old})
	}
}

func hasString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
