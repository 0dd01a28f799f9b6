package codegen

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// structDecls declares st and, after it, the structs of its inline objects.
func (m *model) structDecls(f *jen.File, st *goStruct, doc string) {
	f.Add(comment(doc))
	f.Type().Id(st.Name).StructFunc(func(g *jen.Group) {
		for _, fl := range st.Fields {
			if d := withDeprecated(fieldDoc(fl), fl.Deprecated); d != "" {
				g.Add(comment(d))
			}
			g.Id(fl.Name).Add(m.fieldType(fl)).Tag(fieldTag(fl))
		}
		if len(st.Fields) > 0 {
			g.Line()
		}
		g.Add(comment("Extra holds the received fields that the spec does not describe, as they were received. MarshalJSON writes them back, so decoding and encoding loses nothing. rtm.UnknownFields lists them."))
		g.Id("Extra").Map(jen.String()).Qual("encoding/json", "RawMessage").Tag(map[string]string{"json": "-"})
	})
	f.Line()
	for _, in := range st.Inline {
		m.structDecls(f, in, fmt.Sprintf("%s is an inline object of %s.%s.", in.Name, st.Name, strings.TrimPrefix(in.Name, st.Name)))
	}
}

// typesFile declares the structs and definitions of the spec's types section.
func (m *model) typesFile(f *jen.File) {
	for _, t := range m.spec.Types {
		switch t.Kind {
		case spec.StructType:
			for _, st := range m.types {
				if st.Name == t.Name {
					m.structDecls(f, st, typeDoc(t))
				}
			}
		case spec.DefType:
			d := m.def(t.Name)
			f.Add(comment(typeDoc(t)))
			if d.Alias {
				f.Type().Id(d.Name).Op("=").Add(m.baseType(d.Ref, nil))
			} else {
				f.Type().Id(d.Name).Add(m.baseType(d.Ref, nil))
			}
			f.Line()
			if len(d.Enum) > 0 {
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
		}
	}
}

func typeDoc(t *spec.Type) string {
	doc := declDoc(t.Name, sentence(t.Doc))
	if t.Deprecated != "" {
		doc += "\n\nDeprecated: " + t.Deprecated
	}
	return doc
}

// unionsFile declares each union: an interface sealed by an unexported method, the type
// holding unknown kinds, and the decoder choosing the kind by the discriminator.
func (m *model) unionsFile(f *jen.File) {
	for _, u := range m.unions {
		t := m.spec.Type(u.Name)
		kinds := make([]string, len(u.Variants))
		for i, v := range u.Variants {
			kinds[i] = fmt.Sprintf("*%s (%q)", v.Type, v.Value)
		}
		doc := typeDoc(t) + fmt.Sprintf("\n\nIts kinds, by the value of %q: %s. A kind the spec does not describe decodes to *%s, which keeps it as received. Decode one with %s.",
			u.Discriminator, strings.Join(kinds, ", "), u.Unknown, u.Decode)
		f.Add(comment(doc))
		f.Type().Id(u.Name).Interface(jen.Id(u.Marker).Params())
		f.Line()
		seen := map[string]bool{}
		for _, v := range u.Variants {
			if seen[v.Type] {
				continue
			}
			seen[v.Type] = true
			f.Func().Params(jen.Op("*").Id(v.Type)).Id(u.Marker).Params().Block()
		}
		f.Func().Params(jen.Op("*").Id(u.Unknown)).Id(u.Marker).Params().Block()
		f.Line()

		f.Add(comment(fmt.Sprintf("%s is a %s of a kind the spec does not describe, kept as received.", u.Unknown, u.Name)))
		f.Type().Id(u.Unknown).Struct(
			comment(fmt.Sprintf("Kind is the value of its %q field.", u.Discriminator)),
			jen.Id("Kind").String(),
			comment("Raw is the whole JSON value."),
			jen.Id("Raw").Qual("encoding/json", "RawMessage"),
		)
		f.Line()
		f.Add(comment("UnknownKind returns the kind; rtm.UnknownFields reports values that have this method."))
		f.Func().Params(jen.Id("x").Op("*").Id(u.Unknown)).Id("UnknownKind").Params().String().Block(jen.Return(jen.Id("x").Dot("Kind")))
		f.Line()
		f.Add(comment("MarshalJSON writes the value as it was received."))
		f.Func().Params(jen.Id("x").Id(u.Unknown)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
			jen.If(jen.Len(jen.Id("x").Dot("Raw")).Op("==").Lit(0)).Block(
				jen.Return(jen.Index().Byte().Parens(jen.Lit("null")), jen.Nil()),
			),
			jen.Return(jen.Id("x").Dot("Raw"), jen.Nil()),
		)
		f.Line()

		m.unionDecoder(f, u)
	}
}

// allStructs returns every generated struct with its inline objects, in emission order.
func (m *model) allStructs() []*goStruct {
	var out []*goStruct
	var add func(st *goStruct)
	add = func(st *goStruct) {
		out = append(out, st)
		for _, in := range st.Inline {
			add(in)
		}
	}
	for _, st := range m.types {
		add(st)
	}
	for _, a := range m.actions {
		if a.Request != nil {
			add(a.Request)
		}
		if a.Response != nil {
			add(a.Response)
		}
	}
	for _, p := range m.pushes {
		if p.Struct != nil {
			add(p.Struct)
		}
	}
	for _, d := range m.payloadDefs {
		if d.Inline != nil {
			add(d.Inline)
		}
	}
	for _, st := range m.webhookStructs() {
		add(st)
	}
	return out
}

// payloadDefDecl declares the type of an array or map payload and its element struct.
func (m *model) payloadDefDecl(f *jen.File, d *goDef, doc string) {
	f.Add(comment(doc))
	f.Type().Id(d.Name).Add(m.baseType(d.Ref, d.Inline))
	f.Line()
	if d.Inline != nil {
		m.structDecls(f, d.Inline, fmt.Sprintf("%s is an element of %s.", d.Inline.Name, d.Name))
	}
}
