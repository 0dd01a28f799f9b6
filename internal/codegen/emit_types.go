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
			if d := fieldDoc(fl); d != "" {
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

		f.Add(comment(fmt.Sprintf("%s decodes a %s, choosing its kind by the %q field. JSON null decodes to nil.", u.Decode, u.Name, u.Discriminator)))
		f.Func().Id(u.Decode).Params(jen.Id("data").Index().Byte()).Params(jen.Id(u.Name), jen.Error()).Block(
			jen.If(jen.Id("isNull").Call(jen.Id("data"))).Block(jen.Return(jen.Nil(), jen.Nil())),
			jen.Var().Id("fields").Map(jen.String()).Qual("encoding/json", "RawMessage"),
			jen.If(jen.Err().Op(":=").Qual("encoding/json", "Unmarshal").Call(jen.Id("data"), jen.Op("&").Id("fields")), jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Nil(), jen.Qual("fmt", "Errorf").Call(jen.Lit("decode "+u.Name+": %w"), jen.Err())),
			),
			jen.Var().Id("kind").String(),
			jen.If(jen.List(jen.Id("raw"), jen.Id("ok")).Op(":=").Id("fields").Index(jen.Lit(u.Discriminator)), jen.Id("ok")).Block(
				jen.If(jen.Err().Op(":=").Qual("encoding/json", "Unmarshal").Call(jen.Id("raw"), jen.Op("&").Id("kind")), jen.Err().Op("!=").Nil()).Block(
					jen.Return(jen.Nil(), jen.Qual("fmt", "Errorf").Call(jen.Lit("decode "+u.Name+"."+u.Discriminator+": %w"), jen.Err())),
				),
			),
			jen.Switch(jen.Id("kind")).BlockFunc(func(g *jen.Group) {
				for _, v := range u.Variants {
					g.Case(jen.Lit(v.Value)).Block(
						jen.Id("v").Op(":=").New(jen.Id(v.Type)),
						jen.If(jen.Err().Op(":=").Id("v").Dot("decodeFields").Call(jen.Id("fields")), jen.Err().Op("!=").Nil()).Block(
							jen.Return(jen.Nil(), jen.Err()),
						),
						jen.Return(jen.Id("v"), jen.Nil()),
					)
				}
				g.Default().Block(jen.Return(
					jen.Op("&").Id(u.Unknown).Values(jen.Dict{
						jen.Id("Kind"): jen.Id("kind"),
						jen.Id("Raw"):  jen.Append(jen.Qual("encoding/json", "RawMessage").Parens(jen.Nil()), jen.Id("data").Op("...")),
					}),
					jen.Nil(),
				))
			}),
		)
		f.Line()
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

// jsonFile gives every struct a MarshalJSON and UnmarshalJSON that keep unknown fields, gives
// definitions holding unions an UnmarshalJSON, and adds the helpers they use.
func (m *model) jsonFile(f *jen.File) {
	usesSlice, usesMap := false, false
	note := func(ref *spec.TypeRef) {
		if m.unionLeaf(ref) == nil {
			return
		}
		for r := ref; r.Kind == spec.Slice || r.Kind == spec.Map; r = r.Elem {
			usesSlice = usesSlice || r.Kind == spec.Slice
			usesMap = usesMap || r.Kind == spec.Map
		}
	}
	for _, st := range m.allStructs() {
		m.marshalMethod(f, st)
		m.unmarshalMethod(f, st)
		for _, fl := range st.Fields {
			if fl.Ref != nil {
				note(fl.Ref)
			}
		}
	}
	for _, d := range append(append([]*goDef(nil), m.defs...), m.payloadDefs...) {
		if d.Alias {
			continue
		}
		call := m.decodeCall(d.Ref, d.Inline, jen.Id("data"))
		if call == nil {
			continue
		}
		note(d.Ref)
		f.Add(comment(fmt.Sprintf("UnmarshalJSON decodes x, choosing the kind of each %s by its discriminator.", m.unionLeaf(d.Ref).Name)))
		f.Func().Params(jen.Id("x").Op("*").Id(d.Name)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
			jen.List(jen.Id("v"), jen.Err()).Op(":=").Add(call),
			jen.If(jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit("decode "+d.Name+": %w"), jen.Err())),
			),
			jen.Op("*").Id("x").Op("=").Id("v"),
			jen.Return(jen.Nil()),
		)
		f.Line()
	}
	m.jsonHelpers(f, usesSlice, usesMap)
}

func (m *model) marshalMethod(f *jen.File, st *goStruct) {
	f.Add(comment("MarshalJSON encodes x with the fields of x.Extra."))
	f.Func().Params(jen.Id("x").Id(st.Name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).BlockFunc(func(g *jen.Group) {
		g.Type().Id("plain").Id(st.Name)
		if d := st.Disc; d != nil {
			if d.Required {
				g.If(jen.Id("x").Dot(d.Name).Op("==").Lit("")).Block(jen.Id("x").Dot(d.Name).Op("=").Lit(st.DiscValue))
			} else {
				g.If(jen.Id("x").Dot(d.Name).Op("==").Nil()).Block(
					jen.Id("kind").Op(":=").Lit(st.DiscValue),
					jen.Id("x").Dot(d.Name).Op("=").Op("&").Id("kind"),
				)
			}
		}
		g.Return(jen.Id("marshalWithExtra").Call(jen.Id("plain").Call(jen.Id("x")), jen.Id("x").Dot("Extra")))
	})
	f.Line()
}

func (m *model) unmarshalMethod(f *jen.File, st *goStruct) {
	f.Add(comment("UnmarshalJSON decodes x; the fields the spec does not describe go to x.Extra."))
	f.Func().Params(jen.Id("x").Op("*").Id(st.Name)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
		jen.Var().Id("fields").Map(jen.String()).Qual("encoding/json", "RawMessage"),
		jen.If(jen.Err().Op(":=").Qual("encoding/json", "Unmarshal").Call(jen.Id("data"), jen.Op("&").Id("fields")), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit("decode "+st.Name+": %w"), jen.Err())),
		),
		jen.Return(jen.Id("x").Dot("decodeFields").Call(jen.Id("fields"))),
	)
	f.Line()
	f.Add(comment("decodeFields sets x from the fields of a JSON object (union decoders call it with the fields they have already read)."))
	f.Func().Params(jen.Id("x").Op("*").Id(st.Name)).Id("decodeFields").Params(jen.Id("fields").Map(jen.String()).Qual("encoding/json", "RawMessage")).Error().Block(
		jen.Op("*").Id("x").Op("=").Id(st.Name).Values(),
		jen.For(jen.List(jen.Id("key"), jen.Id("raw")).Op(":=").Range().Id("fields")).Block(
			jen.Var().Err().Error(),
			jen.Switch(jen.Id("key")).BlockFunc(func(g *jen.Group) {
				for _, fl := range st.Fields {
					if call := m.decodeCall(fl.Ref, fl.Inline, jen.Id("raw")); call != nil {
						g.Case(jen.Lit(fl.Wire)).Block(jen.List(jen.Id("x").Dot(fl.Name), jen.Err()).Op("=").Add(call))
					} else {
						g.Case(jen.Lit(fl.Wire)).Block(jen.Err().Op("=").Qual("encoding/json", "Unmarshal").Call(jen.Id("raw"), jen.Op("&").Id("x").Dot(fl.Name)))
					}
				}
				g.Default().Block(
					jen.If(jen.Id("x").Dot("Extra").Op("==").Nil()).Block(
						jen.Id("x").Dot("Extra").Op("=").Make(jen.Map(jen.String()).Qual("encoding/json", "RawMessage")),
					),
					jen.Id("x").Dot("Extra").Index(jen.Id("key")).Op("=").Id("raw"),
				)
			}),
			jen.If(jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit("decode "+st.Name+".%s: %w"), jen.Id("key"), jen.Err())),
			),
		),
		jen.Return(jen.Nil()),
	)
	f.Line()
}

func (m *model) jsonHelpers(f *jen.File, usesSlice, usesMap bool) {
	rawMap := jen.Map(jen.String()).Qual("encoding/json", "RawMessage")
	f.Add(comment("marshalWithExtra encodes v, a struct without methods, and appends the fields of extra in key order."))
	f.Func().Id("marshalWithExtra").Params(jen.Id("v").Any(), jen.Id("extra").Add(rawMap)).Params(jen.Index().Byte(), jen.Error()).Block(
		jen.List(jen.Id("data"), jen.Err()).Op(":=").Qual("encoding/json", "Marshal").Call(jen.Id("v")),
		jen.If(jen.Err().Op("!=").Nil().Op("||").Len(jen.Id("extra")).Op("==").Lit(0)).Block(jen.Return(jen.Id("data"), jen.Err())),
		jen.Id("keys").Op(":=").Make(jen.Index().String(), jen.Lit(0), jen.Len(jen.Id("extra"))),
		jen.For(jen.Id("k").Op(":=").Range().Id("extra")).Block(jen.Id("keys").Op("=").Append(jen.Id("keys"), jen.Id("k"))),
		jen.Qual("slices", "Sort").Call(jen.Id("keys")),
		jen.Id("out").Op(":=").Id("data").Index(jen.Empty(), jen.Len(jen.Id("data")).Op("-").Lit(1)),
		jen.For(jen.List(jen.Id("_"), jen.Id("k")).Op(":=").Range().Id("keys")).Block(
			jen.If(jen.Len(jen.Id("out")).Op(">").Lit(1)).Block(jen.Id("out").Op("=").Append(jen.Id("out"), jen.LitRune(','))),
			jen.List(jen.Id("key"), jen.Err()).Op(":=").Qual("encoding/json", "Marshal").Call(jen.Id("k")),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
			jen.Id("out").Op("=").Append(jen.Id("out"), jen.Id("key").Op("...")),
			jen.Id("out").Op("=").Append(jen.Id("out"), jen.LitRune(':')),
			jen.Id("out").Op("=").Append(jen.Id("out"), jen.Id("extra").Index(jen.Id("k")).Op("...")),
		),
		jen.Return(jen.Append(jen.Id("out"), jen.LitRune('}')), jen.Nil()),
	)
	f.Line()
	if len(m.unions) > 0 {
		f.Add(comment("isNull reports whether data is the JSON null."))
		f.Func().Id("isNull").Params(jen.Id("data").Index().Byte()).Bool().Block(
			jen.Return(jen.String().Parens(jen.Qual("bytes", "TrimSpace").Call(jen.Id("data"))).Op("==").Lit("null")),
		)
		f.Line()
	}
	if usesSlice {
		f.Add(comment("decodeSlice decodes a JSON array whose items need decode (a union's decoder)."))
		f.Func().Id("decodeSlice").Types(jen.Id("T").Any()).Params(jen.Id("data").Index().Byte(), jen.Id("decode").Func().Params(jen.Index().Byte()).Params(jen.Id("T"), jen.Error())).Params(jen.Index().Id("T"), jen.Error()).Block(
			jen.Var().Id("items").Index().Qual("encoding/json", "RawMessage"),
			jen.If(jen.Err().Op(":=").Qual("encoding/json", "Unmarshal").Call(jen.Id("data"), jen.Op("&").Id("items")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
			jen.If(jen.Id("items").Op("==").Nil()).Block(jen.Return(jen.Nil(), jen.Nil())),
			jen.Id("out").Op(":=").Make(jen.Index().Id("T"), jen.Len(jen.Id("items"))),
			jen.For(jen.List(jen.Id("i"), jen.Id("item")).Op(":=").Range().Id("items")).Block(
				jen.List(jen.Id("v"), jen.Err()).Op(":=").Id("decode").Call(jen.Id("item")),
				jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Qual("fmt", "Errorf").Call(jen.Lit("[%d]: %w"), jen.Id("i"), jen.Err()))),
				jen.Id("out").Index(jen.Id("i")).Op("=").Id("v"),
			),
			jen.Return(jen.Id("out"), jen.Nil()),
		)
		f.Line()
	}
	if usesMap {
		f.Add(comment("decodeMap decodes a JSON object whose values need decode (a union's decoder)."))
		f.Func().Id("decodeMap").Types(jen.Id("T").Any()).Params(jen.Id("data").Index().Byte(), jen.Id("decode").Func().Params(jen.Index().Byte()).Params(jen.Id("T"), jen.Error())).Params(jen.Map(jen.String()).Id("T"), jen.Error()).Block(
			jen.Var().Id("items").Add(rawMap),
			jen.If(jen.Err().Op(":=").Qual("encoding/json", "Unmarshal").Call(jen.Id("data"), jen.Op("&").Id("items")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
			jen.If(jen.Id("items").Op("==").Nil()).Block(jen.Return(jen.Nil(), jen.Nil())),
			jen.Id("out").Op(":=").Make(jen.Map(jen.String()).Id("T"), jen.Len(jen.Id("items"))),
			jen.For(jen.List(jen.Id("k"), jen.Id("item")).Op(":=").Range().Id("items")).Block(
				jen.List(jen.Id("v"), jen.Err()).Op(":=").Id("decode").Call(jen.Id("item")),
				jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Qual("fmt", "Errorf").Call(jen.Lit("[%q]: %w"), jen.Id("k"), jen.Err()))),
				jen.Id("out").Index(jen.Id("k")).Op("=").Id("v"),
			),
			jen.Return(jen.Id("out"), jen.Nil()),
		)
		f.Line()
	}
}
