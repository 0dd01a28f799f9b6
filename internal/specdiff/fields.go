package specdiff

import (
	"strings"

	"github.com/rtmkit/livechat-rtm/internal/codegen"
	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// fieldScope says where a list of fields is and how to report its changes.
type fieldScope struct {
	// family is the prefix of the field rules: "request-param", "response-field",
	// "push-field", "type-field" or "connection-query".
	family string
	dir    Direction
	subj   Subject // the item and part; the paths are filled per field
	// oldPath and newPath prefix the fields' paths ("filters." within an inline object).
	oldPath, newPath string
	// oldStruct and newStruct are the generated structs holding the fields, "" when there
	// is none (Web-only actions).
	oldStruct, newStruct string
}

// ruleID returns the rule of the scope's family for a change ("removed", "became-required").
func (sc fieldScope) ruleID(change string) string { return sc.family + "-" + change }

// addedRule is the rule for an added field: families graded by whether the new field is
// required have two rules, the others one.
func (sc fieldScope) addedRule(required bool) string {
	id := sc.ruleID("added-optional")
	if required {
		id = sc.ruleID("added-required")
	}
	if _, ok := LookupRule(id); ok {
		return id
	}
	return sc.ruleID("added")
}

func fieldSimilarity(f *spec.Field) similarity {
	return similarity{name: f.Name, body: []string{"type:" + f.Type.String()}, doc: f.Doc}
}

// fields compares two lists of fields: added, removed, renamed, and the changes of each pair.
func (d *differ) fields(sc fieldScope, old, new []*spec.Field) {
	m := match(old, new,
		func(f *spec.Field) string { return f.Name },
		func(f *spec.Field) string { return f.RenamedFrom })
	onRemoved, onAdded := suggestions(m.Removed, m.Added, fieldSimilarity, fieldScore)
	for i, f := range m.Removed {
		subj := sc.subj
		subj.OldPath = sc.oldPath + f.Name
		c := &Change{Rule: sc.ruleID("removed"), Subject: subj, Direction: sc.dir, Old: f.Type.String(), Suggestion: onRemoved[i]}
		if id := d.oldGo.field(sc.oldStruct, f.Name); id != "" {
			c.GoRule, c.Go = "go-field-removed", []Ident{{Old: id}}
		}
		d.emit(c)
	}
	for i, f := range m.Added {
		subj := sc.subj
		subj.NewPath = sc.newPath + f.Name
		c := &Change{Rule: sc.addedRule(f.Required), Subject: subj, Direction: sc.dir, New: f.Type.String(), Suggestion: onAdded[i]}
		if id := d.newGo.field(sc.newStruct, f.Name); id != "" {
			c.Go = []Ident{{New: id}}
		}
		d.emit(c)
	}
	for _, p := range m.Pairs {
		d.field(sc, p.Old, p.New, p.Renamed)
	}
}

// field compares one field with its counterpart.
func (d *differ) field(sc fieldScope, o, n *spec.Field, renamed bool) {
	subj := sc.subj
	subj.OldPath, subj.NewPath = sc.oldPath+o.Name, sc.newPath+n.Name
	oldID, newID := d.oldGo.field(sc.oldStruct, o.Name), d.newGo.field(sc.newStruct, n.Name)
	goBoth := oldID != "" && newID != ""
	if renamed {
		c := &Change{Rule: sc.ruleID("renamed"), Subject: subj, Direction: sc.dir, Old: o.Name, New: n.Name}
		if goBoth && codegen.GoName(o.Name) != codegen.GoName(n.Name) {
			c.GoRule, c.Go = "go-field-renamed", []Ident{{Old: oldID, New: newID}}
		}
		d.emit(c)
	}
	d.deprecation(subj, sc.dir, o.Deprecated, n.Deprecated)

	oInline, nInline := "", ""
	if o.Type.Innermost().Kind == spec.Object {
		oInline = inlineStruct(sc.oldStruct, o.Name)
	}
	if n.Type.Innermost().Kind == spec.Object {
		nInline = inlineStruct(sc.newStruct, n.Name)
	}
	// Go types compare with inline objects left anonymous (their fields are compared
	// below) and old type names mapped to new ones; they print with their real names.
	goChanged := d.oldGo.baseType(o.Type, "", d.renameOld) != d.newGo.baseType(n.Type, "", nil)
	goTypes := func(c *Change) {
		c.Old = d.oldGo.goType(o.Type, o.Required, oInline, nil)
		c.New = d.newGo.goType(n.Type, n.Required, nInline, nil)
	}

	diff, ol, nl := d.compareRefs(o.Type, n.Type)
	switch diff {
	case refChanged:
		c := &Change{Rule: sc.ruleID("type-changed"), Subject: subj, Direction: sc.dir, Old: o.Type.String(), New: n.Type.String()}
		if goBoth && goChanged {
			c.GoRule, c.Go = "go-field-type-changed", []Ident{{Old: oldID, New: newID}}
		}
		d.emit(c)
	default:
		if goBoth && goChanged {
			c := &Change{Rule: "go-field-type-changed", Subject: subj, Direction: sc.dir, Go: []Ident{{Old: oldID, New: newID}}}
			goTypes(c)
			d.emit(c)
		}
		if diff == refObjects {
			child := sc
			child.oldPath, child.newPath = subj.OldPath+nest(o.Type), subj.NewPath+nest(n.Type)
			child.oldStruct, child.newStruct = oInline, nInline
			if ol.Kind == spec.Named {
				child.oldStruct = ol.Name
			}
			if nl.Kind == spec.Named {
				child.newStruct = nl.Name
			}
			if sc.oldStruct == "" {
				child.oldStruct = ""
			}
			if sc.newStruct == "" {
				child.newStruct = ""
			}
			d.fields(child, objectFields(d.old, ol, o.Fields), objectFields(d.new, nl, n.Fields))
		}
		d.enum(subj, sc.dir, o.Enum, n.Enum, d.oldGo.fieldEnumConst(o), d.newGo.fieldEnumConst(n))
		if o.Default != "" && n.Default != "" && o.Default != n.Default {
			d.emit(&Change{Rule: "default-changed", Subject: subj, Direction: sc.dir, Old: o.Default, New: n.Default})
		}
	}

	if o.Required != n.Required {
		change := "became-optional"
		goRule := "go-field-became-pointer"
		if n.Required {
			change, goRule = "became-required", "go-field-became-value"
		}
		c := &Change{Rule: sc.ruleID(change), Subject: subj, Direction: sc.dir, Old: required(o.Required), New: required(n.Required)}
		if goBoth && d.oldGo.pointer(o.Type, o.Required) != d.newGo.pointer(n.Type, n.Required) {
			c.GoRule, c.Go = goRule, []Ident{{Old: oldID, New: newID}}
		}
		d.emit(c)
	}
}

// nest is what separates a field's path from the paths of its inline object's fields:
// "." for an object, "[]." for an array of objects, "{}." for a map of them.
func nest(t *spec.TypeRef) string {
	var b strings.Builder
	for t.Kind == spec.Slice || t.Kind == spec.Map {
		if t.Kind == spec.Slice {
			b.WriteString("[]")
		} else {
			b.WriteString("{}")
		}
		t = t.Elem
	}
	b.WriteString(".")
	return b.String()
}

func required(r bool) string {
	if r {
		return "required"
	}
	return "optional"
}

// enum compares the enum values of a field or definition type. oldConst and newConst name
// the Go constants of the values (nil when there are none).
func (d *differ) enum(subj Subject, dir Direction, old, new []spec.EnumValue, oldConst, newConst func(string) string) {
	values := func(es []spec.EnumValue) []string {
		out := make([]string, len(es))
		for i, e := range es {
			out[i] = e.Value
		}
		return out
	}
	consts := func(f func(string) string, vs []string) []string {
		if f == nil {
			return nil
		}
		out := make([]string, len(vs))
		for i, v := range vs {
			out[i] = f(v)
		}
		return out
	}
	ov, nv := values(old), values(new)
	switch {
	case len(ov) == 0 && len(nv) == 0:
		return
	case len(ov) == 0:
		d.emit(&Change{Rule: "enum-constraint-added", Subject: subj, Direction: dir, New: strings.Join(nv, ", "), Go: addedIdents(consts(newConst, nv))})
		return
	case len(nv) == 0:
		c := &Change{Rule: "enum-constraint-removed", Subject: subj, Direction: dir, Old: strings.Join(ov, ", ")}
		if oldConst != nil {
			c.GoRule, c.Go = "go-const-removed", removedIdents(consts(oldConst, ov))
		}
		d.emit(c)
		return
	}
	for _, v := range ov {
		if !hasString(nv, v) {
			c := &Change{Rule: "enum-value-removed", Subject: subj, Direction: dir, Old: v}
			if oldConst != nil {
				c.GoRule, c.Go = "go-const-removed", []Ident{{Old: oldConst(v)}}
			}
			d.emit(c)
		}
	}
	for _, v := range nv {
		if !hasString(ov, v) {
			c := &Change{Rule: "enum-value-added", Subject: subj, Direction: dir, New: v}
			if newConst != nil {
				c.Go = []Ident{{New: newConst(v)}}
			}
			d.emit(c)
		}
	}
}
