package codegen

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// This file gives every documented value set of a string field ("enum: [all, agents]") a named
// string type and constants, shared by every field with the same set of values:
//
//	// Visibility is a documented value set ...
//	type Visibility string
//	const (
//		VisibilityAll    Visibility = "all"
//		VisibilityAgents Visibility = "agents"
//	)
//
// A string definition of the types section with an enum (spec type Visibility) is such a type
// already; fields with its set use it. A value outside the set still decodes: the type is a
// string. See testdata/golden/enums.go.golden.

// enumSet is one value set and the fields that use it.
type enumSet struct {
	key    string // the sorted values, joined
	values []spec.EnumValue
	uses   []enumUse
	def    *goDef // the Go type, once named
}

type enumUse struct {
	owner, field string // Go struct name, wire field name
	pos          spec.Pos
}

func enumKey(values []spec.EnumValue) string {
	vs := make([]string, len(values))
	for i, v := range values {
		vs[i] = v.Value
	}
	slices.Sort(vs)
	return strings.Join(vs, "\x00")
}

// enumField reports whether a field's enum becomes a named type: the field is a string or a
// collection of strings.
func enumField(f *spec.Field) bool {
	return len(f.Enum) > 0 && f.Type != nil && f.Type.Innermost().Kind == spec.String
}

// collectEnums names the Go type of every value set of the spec's fields, before the structs
// are built. A set takes the Go name of its first field when no other set has a field of that
// name, the name is not too vague (genericEnumNames) and not taken (Visibility, SortOrder);
// otherwise the name of the struct of its first field plus the field's (FormFieldType). A set
// equal to that of a string definition type uses that type.
func (m *model) collectEnums() {
	m.enumSets = map[string]*enumSet{}
	var order []*enumSet
	for _, d := range m.defs {
		if len(d.Enum) > 0 && d.Ref.Kind == spec.String {
			m.enumSets[enumKey(d.Enum)] = &enumSet{key: enumKey(d.Enum), values: d.Enum, def: d}
		}
	}
	var walk func(owner string, fields []*spec.Field)
	walk = func(owner string, fields []*spec.Field) {
		for _, f := range fields {
			if f.Type != nil && f.Type.Innermost().Kind == spec.Object {
				walk(InlineType(owner, f.Name), f.Fields)
			}
			if !enumField(f) {
				continue
			}
			k := enumKey(f.Enum)
			set := m.enumSets[k]
			if set == nil {
				set = &enumSet{key: k, values: slices.Clone(f.Enum)}
				m.enumSets[k] = set
				order = append(order, set)
			} else if set.def == nil || set.def.Synth {
				mergeEnumDocs(set.values, f.Enum)
			}
			set.uses = append(set.uses, enumUse{owner, f.Name, f.Pos})
		}
	}
	for _, t := range m.spec.Types {
		if t.Kind == spec.StructType {
			walk(t.Name, t.Fields)
		}
	}
	for _, a := range m.spec.Actions {
		walk(RequestType(a.Name), a.Params)
		if a.ResponseType != nil {
			walk(ItemType(ResponseType(a.Name)), a.Response)
		} else {
			walk(ResponseType(a.Name), a.Response)
		}
	}
	for _, p := range m.spec.Pushes {
		if p.PayloadType != nil {
			walk(ItemType(PushType(p.Name)), p.Fields)
		} else {
			walk(PushType(p.Name), p.Fields)
		}
	}
	// How many sets each field name serves.
	byName := map[string]int{}
	for _, set := range order {
		seen := map[string]bool{}
		for _, u := range set.uses {
			if n := GoName(u.field); !seen[n] {
				seen[n] = true
				byName[n]++
			}
		}
	}
	for _, d := range m.defs {
		byName[d.Name]++ // a field named like a definition type does not take its name
	}
	for _, set := range order {
		if set.def != nil {
			continue
		}
		first := set.uses[0]
		name := GoName(first.field)
		if byName[name] > 1 || genericEnumNames[name] || m.claimed[name] != "" || m.spec.Type(name) != nil {
			name = first.owner + GoName(first.field)
		}
		set.def = &goDef{Name: name, Ref: &spec.TypeRef{Kind: spec.String}, Enum: set.values, Synth: true}
		uses := make([]string, len(set.uses))
		for i, u := range set.uses {
			uses[i] = u.owner + "." + GoName(u.field)
		}
		set.def.Doc = fmt.Sprintf("%s is a value set of the documents, used by %s. A value outside the set decodes as well (servers add values).", name, strings.Join(uses, ", "))
		m.claim(first.pos, name, fmt.Sprintf("the value set of field %q of %s", first.field, first.owner))
		for _, e := range set.values {
			m.claim(first.pos, EnumConst(name, e.Value), fmt.Sprintf("value %q of the value set %s", e.Value, name))
		}
		m.enumDefs = append(m.enumDefs, set.def)
	}
}

// genericEnumNames are field names too vague to name a package-level type alone.
var genericEnumNames = map[string]bool{"Type": true, "Status": true, "Kind": true, "Name": true, "Value": true, "Reason": true, "State": true}

// mergeEnumDocs keeps a value's doc only where every field documents the value alike.
func mergeEnumDocs(into, other []spec.EnumValue) {
	for i := range into {
		for _, o := range other {
			if o.Value == into[i].Value && o.Doc != into[i].Doc {
				into[i].Doc = ""
			}
		}
	}
}

// enumRef is the type of a field with a value set: its string leaf becomes the set's type.
func (m *model) enumRef(f *spec.Field) *spec.TypeRef {
	set := m.enumSets[enumKey(f.Enum)]
	if set == nil || set.def == nil {
		return f.Type
	}
	var repl func(r *spec.TypeRef) *spec.TypeRef
	repl = func(r *spec.TypeRef) *spec.TypeRef {
		switch r.Kind {
		case spec.Slice, spec.Map:
			return &spec.TypeRef{Kind: r.Kind, Elem: repl(r.Elem)}
		case spec.String:
			return &spec.TypeRef{Kind: spec.Named, Name: set.def.Name}
		}
		return r
	}
	return repl(f.Type)
}

// typeOf returns the spec type named name, or the definition of a value set's type.
func (m *model) typeOf(name string) *spec.Type {
	if t := m.spec.Type(name); t != nil {
		return t
	}
	for _, d := range m.enumDefs {
		if d.Name == name {
			return &spec.Type{Name: d.Name, Doc: d.Doc, Kind: spec.DefType, Def: d.Ref, Enum: d.Enum}
		}
	}
	return nil
}

// enumsFile declares the types of the value sets of fields.
func (m *model) enumsFile(f *jen.File) {
	for _, d := range m.enumDefs {
		f.Add(comment(d.Doc))
		f.Type().Id(d.Name).String()
		f.Line()
		m.enumConsts(f, d)
	}
}

// enumConsts declares the constants of a value set.
func (m *model) enumConsts(f *jen.File, d *goDef) {
	f.Add(comment(fmt.Sprintf("The documented values of %s.", d.Name)))
	f.Const().DefsFunc(func(g *jen.Group) {
		for _, e := range d.Enum {
			if e.Doc != "" {
				g.Add(comment(fmt.Sprintf("%s is %q: %s", EnumConst(d.Name, e.Value), e.Value, sentence(e.Doc))))
			}
			g.Id(EnumConst(d.Name, e.Value)).Id(d.Name).Op("=").Lit(e.Value)
		}
	})
	f.Line()
}

// enumDefsAll are the types with documented values: string definitions of the spec, then the
// value sets of fields.
func (m *model) enumDefsAll() []*goDef {
	var out []*goDef
	for _, d := range m.defs {
		if len(d.Enum) > 0 && d.Ref.Kind == spec.String {
			out = append(out, d)
		}
	}
	return append(out, m.enumDefs...)
}

// enumCases is the generated test's table of value sets: for each, a struct field of the type,
// decoded from JSON holding one value.
func (m *model) enumCases(pkg func(string) *jen.Statement) jen.Code {
	return jen.Var().Id("enumCases").Op("=").Index().Id("enumCase").ValuesFunc(func(g *jen.Group) {
		for _, d := range m.enumDefsAll() {
			st, fl := m.enumUser(d.Name)
			if fl == nil {
				continue
			}
			// got reads the field as a string: through a pointer, or the first element.
			x := jen.Id("x").Dot(fl.Name)
			var got jen.Code
			slice := fl.Ref.Kind == spec.Slice
			switch {
			case slice:
				got = jen.If(jen.Len(x.Clone()).Op("==").Lit(1)).Block(jen.Id("got").Op("=").String().Parens(x.Clone().Index(jen.Lit(0))))
			case IsPointer(m.spec, fl.Ref, fl.Required):
				got = jen.If(x.Clone().Op("!=").Nil()).Block(jen.Id("got").Op("=").String().Parens(jen.Op("*").Add(x.Clone())))
			default:
				got = jen.Id("got").Op("=").String().Parens(x.Clone())
			}
			consts := make([]jen.Code, len(d.Enum))
			wires := make([]jen.Code, len(d.Enum))
			for i, e := range d.Enum {
				consts[i] = jen.String().Parens(pkg(EnumConst(d.Name, e.Value)))
				wires[i] = jen.Lit(e.Value)
			}
			g.Values(jen.Dict{
				jen.Id("name"):   jen.Lit(d.Name),
				jen.Id("field"):  jen.Lit(st.Name + "." + fl.Name),
				jen.Id("wire"):   jen.Lit(fl.Wire),
				jen.Id("slice"):  jen.Lit(slice),
				jen.Id("consts"): jen.Index().String().Values(consts...),
				jen.Id("values"): jen.Index().String().Values(wires...),
				jen.Id("decode"): jen.Func().Params(jen.Id("b").Index().Byte()).Params(jen.Id("got").String(), jen.Id("v").Any(), jen.Err().Error()).Block(
					jen.Var().Id("x").Add(pkg(st.Name)),
					jen.Err().Op("=").Qual("encoding/json", "Unmarshal").Call(jen.Id("b"), jen.Op("&").Id("x")),
					got,
					jen.Return(jen.Id("got"), jen.Op("&").Id("x"), jen.Err()),
				),
			})
		}
	})
}

// enumUser returns the first struct field whose type is the named type or a slice of it.
func (m *model) enumUser(name string) (*goStruct, *goField) {
	for _, st := range m.allStructs() {
		for _, fl := range st.Fields {
			r := fl.Ref
			if r.Kind == spec.Slice {
				r = r.Elem
			}
			if r.Kind == spec.Named && r.Name == name {
				return st, fl
			}
		}
	}
	return nil, nil
}

// EnumTypes returns the Go type that the generated package gives each field of s with a value
// set (the type's name, also for a list of values), for tools that speak of the generated API
// (internal/specdiff); nil when s does not generate.
func EnumTypes(s *spec.Spec) map[*spec.Field]string {
	m, err := newModel(s, PackageName(s.Version))
	if err != nil {
		return nil
	}
	out := map[*spec.Field]string{}
	var walk func(fields []*spec.Field)
	walk = func(fields []*spec.Field) {
		for _, f := range fields {
			walk(f.Fields)
			if enumField(f) {
				if set := m.enumSets[enumKey(f.Enum)]; set != nil && set.def != nil {
					out[f] = set.def.Name
				}
			}
		}
	}
	for _, t := range s.Types {
		walk(t.Fields)
	}
	for _, a := range s.Actions {
		walk(a.Params)
		walk(a.Response)
	}
	for _, p := range s.Pushes {
		walk(p.Fields)
	}
	return out
}
