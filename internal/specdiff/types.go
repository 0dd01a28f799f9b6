package specdiff

import (
	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// matchTypes pairs the types of both specs; field comparisons need the pairs to tell a
// renamed type from another one.
func (d *differ) matchTypes() {
	d.types_ = match(d.old.Types, d.new.Types,
		func(t *spec.Type) string { return t.Name },
		func(t *spec.Type) string { return t.RenamedFrom })
	d.typeMap = map[string]string{}
	for _, p := range d.types_.Pairs {
		d.typeMap[p.Old.Name] = p.New.Name
	}
}

func typeSimilarity(t *spec.Type) similarity {
	s := similarity{name: t.Name, doc: t.Doc}
	switch t.Kind {
	case spec.StructType:
		s.body = fieldNames("", t.Fields)
	case spec.DefType:
		s.body = []string{"def:" + t.Def.String()}
		for _, e := range t.Enum {
			s.body = append(s.body, "enum:"+e.Value)
		}
	case spec.UnionType:
		for _, v := range t.Union.Variants {
			s.body = append(s.body, "variant:"+v.Value)
		}
	}
	return s
}

// typeDirection is how a pair of types is used, on either side. A type that nothing uses is
// graded as used both ways: code may still use it either way.
func (d *differ) typeDirection(oldName, newName string) Direction {
	dir := d.useOld[oldName] | d.useNew[newName]
	if dir == 0 {
		return Both
	}
	return dir
}

// types compares the named types: added, removed, renamed, and the changes of each pair.
func (d *differ) types() {
	m := d.types_
	onRemoved, onAdded := suggestions(m.Removed, m.Added, typeSimilarity, score)
	for i, t := range m.Removed {
		d.emit(&Change{
			Rule: "type-removed", Subject: Subject{Kind: KindType, Old: t.Name}, Direction: d.typeDirection(t.Name, ""),
			GoRule: "go-type-removed", Go: []Ident{{Old: d.oldGo.q(t.Name)}}, Suggestion: onRemoved[i],
		})
	}
	for i, t := range m.Added {
		d.emit(&Change{
			Rule: "type-added", Subject: Subject{Kind: KindType, New: t.Name}, Direction: d.typeDirection("", t.Name),
			Go: []Ident{{New: d.newGo.q(t.Name)}}, Suggestion: onAdded[i],
		})
	}
	for _, p := range m.Pairs {
		d.typ(p.Old, p.New, p.Renamed)
	}
}

func kindName(t *spec.Type) string {
	switch t.Kind {
	case spec.StructType:
		return "struct"
	case spec.UnionType:
		return "union"
	}
	return "definition of " + t.Def.String()
}

// typ compares one type with its counterpart.
func (d *differ) typ(o, n *spec.Type, renamed bool) {
	subj := Subject{Kind: KindType, Old: o.Name, New: n.Name}
	dir := d.typeDirection(o.Name, n.Name)
	if renamed {
		d.emit(&Change{
			Rule: "type-renamed", Subject: subj, Direction: dir, Old: o.Name, New: n.Name,
			GoRule: "go-type-renamed", Go: []Ident{{Old: d.oldGo.q(o.Name), New: d.newGo.q(n.Name)}},
		})
	}
	d.deprecation(subj, dir, o.Deprecated, n.Deprecated)
	if o.Kind != n.Kind {
		d.emit(&Change{
			Rule: "type-kind-changed", Subject: subj, Direction: dir, Old: kindName(o), New: kindName(n),
			GoRule: "go-type-changed", Go: []Ident{{Old: d.oldGo.q(o.Name), New: d.newGo.q(n.Name)}},
		})
		return
	}
	switch o.Kind {
	case spec.StructType:
		d.fields(fieldScope{
			family: "type-field", dir: dir,
			subj:      Subject{Kind: KindType, Old: o.Name, New: n.Name, Part: PartFields},
			oldStruct: o.Name, newStruct: n.Name,
		}, o.Fields, n.Fields)
	case spec.DefType:
		goID := []Ident{{Old: d.oldGo.q(o.Name), New: d.newGo.q(n.Name)}}
		goChanged := d.oldGo.baseType(o.Def, "", d.renameOld) != d.newGo.baseType(n.Def, "", nil)
		if diff, _, _ := d.compareRefs(o.Def, n.Def); diff == refChanged {
			c := &Change{Rule: "type-definition-changed", Subject: subj, Direction: dir, Old: o.Def.String(), New: n.Def.String()}
			if goChanged {
				c.GoRule, c.Go = "go-type-changed", goID
			}
			d.emit(c)
		} else if goChanged {
			d.emit(&Change{
				Rule: "go-type-changed", Subject: subj, Direction: dir, Go: goID,
				Old: d.oldGo.baseType(o.Def, "", nil), New: d.newGo.baseType(n.Def, "", nil),
			})
		}
		d.enum(Subject{Kind: KindType, Old: o.Name, New: n.Name, Part: PartEnum}, dir, o.Enum, n.Enum,
			func(v string) string { return d.oldGo.enumConst(o.Name, v) },
			func(v string) string { return d.newGo.enumConst(n.Name, v) })
	case spec.UnionType:
		d.union(Subject{Kind: KindType, Old: o.Name, New: n.Name, Part: PartVariants}, dir, o.Union, n.Union)
	}
}

// union compares the discriminators and variants of two unions.
func (d *differ) union(subj Subject, dir Direction, o, n *spec.Union) {
	if o.Discriminator != n.Discriminator {
		d.emit(&Change{Rule: "union-discriminator-changed", Subject: subj, Direction: dir, Old: o.Discriminator, New: n.Discriminator})
	}
	m := match(o.Variants, n.Variants,
		func(v *spec.Variant) string { return v.Value },
		func(*spec.Variant) string { return "" })
	for _, v := range m.Removed {
		s := subj
		s.OldPath = v.Value
		d.emit(&Change{Rule: "union-variant-removed", Subject: s, Direction: dir, Old: v.Type})
	}
	for _, v := range m.Added {
		s := subj
		s.NewPath = v.Value
		d.emit(&Change{Rule: "union-variant-added", Subject: s, Direction: dir, New: v.Type})
	}
	for _, p := range m.Pairs {
		if !d.sameType(p.Old.Type, p.New.Type) {
			s := subj
			s.OldPath, s.NewPath = p.Old.Value, p.New.Value
			d.emit(&Change{Rule: "union-variant-type-changed", Subject: s, Direction: dir, Old: p.Old.Type, New: p.New.Type})
		}
	}
}
