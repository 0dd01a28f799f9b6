package livechatdocs

import (
	"fmt"
	"slices"
	"strings"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// The docs describe a data structure once (a table and a sample file) and then show it again
// in the samples of actions, pushes and other structures, often with members its own section
// leaves out or without members its table calls required. This file reads those other
// samples as evidence about the structure, with three rules:
//
//   - a sample member that the structure does not have is a field of the structure (optional:
//     only some samples show it); see widen;
//   - a field the tables call required that a sample of the structure lacks is optional, the
//     sample being what the server sends; see loosen;
//   - a sample object that lacks members of the structure's own sample file and has members
//     the structure does not know is another shape, described inline (the login response's
//     customer, with `statistics` and without `type`, is not a Customer); see isShapeOf.

// locate records where each object of a parsed sample is in the docs, for notes.
func (im *importer) locate(v *Value, base Loc) {
	if v == nil {
		return
	}
	if v.Kind == Object {
		im.valueLoc[v] = Loc{File: base.File, Line: base.Line + v.Line - 1}
	}
	for _, c := range v.Vals {
		im.locate(c, base)
	}
}

// record notes that the importer read a sample value as the named type: objects of a struct
// type are kept as evidence about it, the items of an array one by one, and a union's
// members as the variant their discriminator names.
func (im *importer) record(name string, v *Value) {
	if v == nil || im.typedSeen == nil {
		return
	}
	if v.Kind == Array {
		for _, it := range v.Vals {
			im.record(name, it)
		}
		return
	}
	t := im.types[name]
	if v.Kind != Object || len(v.Keys) == 0 || t == nil {
		return
	}
	switch t.Kind {
	case spec.UnionType:
		dv := v.Get(t.Union.Discriminator)
		if dv == nil || dv.Kind != String {
			return
		}
		for _, vr := range t.Union.Variants {
			if vr.Value == dv.Raw {
				im.record(vr.Type, v)
			}
		}
	case spec.StructType:
		if tv := (typedValue{name, v}); !im.typedSeen[tv] {
			im.typedSeen[tv] = true
			im.typedOrder = append(im.typedOrder, tv)
		}
	}
}

type typedValue struct {
	name string
	v    *Value
}

// isShapeOf reports whether a sample object fits the named struct type as a value of it
// rather than as another shape: it does unless it both lacks members that the type's own
// sample file shows and has members the type does not know.
func (im *importer) isShapeOf(name string, v *Value) bool {
	own := im.ownSample[name]
	names := im.fieldNames[name]
	if own == nil || names == nil || v.Kind != Object {
		return true
	}
	lacks, extra := false, false
	for _, k := range own.Keys {
		if v.Get(k) == nil {
			lacks = true
		}
	}
	for i, k := range v.Keys {
		// A typo of a known name is not a new member, nor is a member the sample marks
		// `// optional` (an optional member of the structure: get_chat's thread `summary`).
		if !names[k] && !v.Vals[i].Optional() && !nearMissOf(k, names) {
			extra = true
		}
	}
	return !(lacks && extra)
}

// nearMissOf reports whether k is a typo of one of names.
func nearMissOf(k string, names map[string]bool) bool {
	for n := range names {
		if nearMiss(k, n) {
			return true
		}
	}
	return false
}

// widen adds to each struct type the members that samples read as that type show and the
// type lacks, as optional fields (rule one above), in the order first seen.
func (im *importer) widen() {
	for _, tv := range im.typedOrder {
		t := im.types[tv.name]
		if t == nil || t.Kind != spec.StructType || im.ownSample[tv.name] == tv.v {
			continue
		}
		for i, k := range tv.v.Keys {
			if !fieldNameRE.MatchString(k) || slices.ContainsFunc(t.Fields, func(f *spec.Field) bool { return f.Name == k || nearMiss(k, f.Name) }) {
				continue // known, or a typo of a known name
			}
			key := []string{"type", t.Name, "field"}
			typ, ff := im.sampleType(k, tv.v.Vals[i], 1)
			f := &spec.Field{Name: k, Type: mustType(typ), Fields: ff}
			if f.Type.Innermost().Kind == spec.Object && len(ff) == 0 {
				f.Type = mustType("map[string]any")
			}
			t.Fields = append(t.Fields, f)
			loc := im.valueLoc[tv.v]
			im.origin(loc, append(slices.Clone(key), k)...)
			im.res.Unstated[Key(append(slices.Clone(key), k)...)] = true
			im.unstated(key, k, ff)
			t.Notes = append(t.Notes, fmt.Sprintf("%s: a sample of this structure has `%s`, which its own section does not show: an optional field.", loc, k))
		}
	}
}

// loosen makes optional each required field of a struct type that a sample read as that type
// lacks (rule two above), with a note naming the sample.
func (im *importer) loosen() {
	for _, tv := range im.typedOrder {
		t := im.types[tv.name]
		if t == nil || t.Kind != spec.StructType || len(tv.v.Placeholders) > 0 {
			continue
		}
		disc := im.discriminators(tv.name)
		for _, f := range t.Fields {
			if f.Required && tv.v.Get(f.Name) == nil && !disc[f.Name] {
				f.Required = false
				t.Notes = append(t.Notes, fmt.Sprintf("%s: the tables make `%s` required, but this sample of the structure has none: optional (the sample is what the server sends).", im.valueLoc[tv.v], f.Name))
			}
		}
	}
}

// discriminators returns the members that tell a struct type apart in the unions it is a
// variant of (an event's `type`): required whatever a sample shows.
func (im *importer) discriminators(name string) map[string]bool {
	out := map[string]bool{}
	for _, t := range im.types {
		if t.Kind != spec.UnionType {
			continue
		}
		for _, vr := range t.Union.Variants {
			if vr.Type == name {
				out[t.Union.Discriminator] = true
			}
		}
	}
	return out
}

// mergeItems reads an array sample's items as one object: the members of all of them, in the
// order first seen; a member that some items lack is marked optional. It returns the first
// item when the items are not all objects.
func mergeItems(v *Value) *Value {
	if v == nil || v.Kind != Array || len(v.Vals) == 0 {
		return nil
	}
	first := v.Vals[0]
	if len(v.Vals) == 1 || first.Kind != Object {
		return first
	}
	m := &Value{Kind: Object, Line: first.Line, Comment: first.Comment, Placeholders: first.Placeholders}
	for _, it := range v.Vals {
		if it.Kind != Object {
			return first
		}
		for i, k := range it.Keys {
			if m.Get(k) == nil {
				m.Keys = append(m.Keys, k)
				m.Vals = append(m.Vals, it.Vals[i])
			}
		}
	}
	for i, k := range m.Keys {
		for _, it := range v.Vals {
			if it.Get(k) == nil && !m.Vals[i].Optional() {
				c := *m.Vals[i]
				c.Comment = strings.TrimSpace(c.Comment + " optional: absent from some items")
				m.Vals[i] = &c
				break
			}
		}
	}
	return m
}

// privateMember reports whether a sample member is private by its name (`__priv_...`): no
// table documents those, so they are optional.
func privateMember(name string) bool { return strings.HasPrefix(name, "__") }

// pluralMap reports whether a sample object is a map: under a key "X_per_Y" whose members are
// all objects, or under a plural key with a map of entries: every
// member is an object with an `id` (`customer_groups: {"monitoring": {"id": 1, ...}}` is
// keyed by group name). Objects of other objects without ids (`conditions: {"url": {...}}`,
// `recipients: {"agents": {...}}`) are structures.
func pluralMap(key string, v *Value) bool {
	if strings.Contains(key, "_per_") && len(v.Keys) > 0 && !slices.ContainsFunc(v.Vals, func(c *Value) bool { return c.Kind != Object }) {
		return true // "X per Y" is keyed by Y (`last_event_per_type`)
	}
	if singular(key) == key || len(v.Keys) == 0 {
		return false
	}
	for _, c := range v.Vals {
		if c.Kind != Object || c.Get("id") == nil {
			return false
		}
	}
	return true
}

// responseStructures applies rule two to action responses: a response whose fields are
// those of a data structure (at least three, and three quarters of them fields of it) takes
// that structure's stated optionality. Response tables have no Required column and a response
// read from a sample shows every member, but the structure's table says which of them can be
// missing (get_chat returns a Chat, whose table makes `access` and `properties` optional).
func (im *importer) responseStructures() {
	for _, a := range im.s.Actions {
		if len(a.Response) < 3 {
			continue
		}
		best, bestN, tie := "", 0, false
		for _, name := range sortedKeys(im.fieldNames) {
			n := 0
			for _, f := range a.Response {
				if im.fieldNames[name][f.Name] {
					n++
				}
			}
			switch {
			case n > bestN:
				best, bestN, tie = name, n, false
			case n == bestN:
				tie = true
			}
		}
		t := im.types[best]
		if tie || 4*bestN < 3*len(a.Response) || t == nil || t.Kind != spec.StructType {
			continue
		}
		var loosened []string
		for _, f := range a.Response {
			g := findField(t.Fields, f.Name)
			if f.Required && g != nil && !g.Required && !im.res.Unstated[Key("type", t.Name, "field", g.Name)] {
				f.Required = false
				loosened = append(loosened, "`"+f.Name+"`")
			}
		}
		if len(loosened) > 0 {
			a.Notes = append(a.Notes, fmt.Sprintf("The response is a %s (its fields are that structure's), whose table makes %s optional: optional here too.", t.Name, strings.Join(loosened, ", ")))
		}
	}
}

// combineSamples reads several samples of one payload (auto_accesses_updated has one after
// adding, one after updating and one after deleting a rule) as one value: the items of
// array samples together, object samples merged as by mergeItems. It returns first when
// there is nothing to combine or the samples are of different kinds.
func combineSamples(first *Value, more []*Value) *Value {
	if first == nil || len(more) == 0 {
		return first
	}
	all := &Value{Kind: Array, Line: first.Line}
	for _, v := range append([]*Value{first}, more...) {
		switch {
		case v.Kind != first.Kind:
			return first
		case v.Kind == Array:
			all.Vals = append(all.Vals, v.Vals...)
		case v.Kind == Object && len(v.Keys) > 0:
			all.Vals = append(all.Vals, v)
		default:
			return first
		}
	}
	if first.Kind == Object {
		return mergeItems(all)
	}
	return all
}
