package codegen

import (
	"encoding/json"
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// This file emits the JSON code of the generated packages: for every struct an AppendJSON
// that writes the struct field by field (and MarshalJSON on top of it) and an UnmarshalJSON
// that reads it member by member with rtm.ObjectReader, both keeping the fields the spec does
// not describe in Extra; for every union its decoder and its writer. Scalars, structs, unions
// and slices of them take direct paths (rtm's Decode and Append functions, the generated
// methods); other values (any, maps, floats...) go through encoding/json. The bytes written
// are those json.Marshal writes.

// jsonUse records which helpers the emitted code calls.
type jsonUse struct {
	key, value, slice, mapOf bool
}

// jsonFile gives every struct its JSON methods, every union its writer, definitions holding
// unions an UnmarshalJSON, and adds the helpers they use.
func (m *model) jsonFile(f *jen.File) {
	var use jsonUse
	for _, st := range m.allStructs() {
		m.appendMethod(f, st, &use)
		m.unmarshalMethod(f, st, &use)
	}
	for _, u := range m.unions {
		m.unionAppender(f, u)
	}
	for _, d := range append(append([]*goDef(nil), m.defs...), m.payloadDefs...) {
		if d.Alias {
			continue
		}
		call := m.decodeCall(d.Ref, d.Inline, jen.Id("data"), &use)
		if call == nil {
			continue
		}
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
	m.jsonHelpers(f, use)
}

// codec is how a value of a type is read and written.
type codec int

const (
	codecJSON   codec = iota // encoding/json
	codecString              // rtm.DecodeString, rtm.AppendString
	codecInt
	codecFloat // decoded by rtm.DecodeFloat, written by encoding/json (its number format)
	codecBool
	codecStruct // a generated struct: its UnmarshalJSON and AppendJSON
	codecUnion  // a union: its decoder and writer
)

// codecOf returns the codec of ref and, for structs and unions, the struct or union.
func (m *model) codecOf(ref *spec.TypeRef, inline *goStruct) (codec, string, *goUnion) {
	switch ref.Kind {
	case spec.String, spec.Time:
		return codecString, "", nil
	case spec.Int:
		return codecInt, "", nil
	case spec.Float:
		return codecFloat, "", nil
	case spec.Bool:
		return codecBool, "", nil
	case spec.Object:
		return codecStruct, inline.Name, nil
	case spec.Named:
		if u := m.union(ref.Name); u != nil {
			return codecUnion, "", u
		}
		t := m.typeOf(ref.Name) // a spec type or a value set's type (enums.go)
		switch {
		case t == nil:
		case t.Kind == spec.StructType:
			return codecStruct, ref.Name, nil
		case t.Kind == spec.DefType:
			// A defined scalar type (an enum of strings) keeps the scalar's codec: the
			// Decode and Append functions are generic over it. Other definitions are
			// left to encoding/json.
			switch t.Def.Kind {
			case spec.String, spec.Time, spec.Int, spec.Float, spec.Bool:
				c, _, _ := m.codecOf(t.Def, nil)
				return c, "", nil
			}
		}
	}
	return codecJSON, "", nil
}

// scalarDecoder names the rtm Decode function of a scalar codec.
var scalarDecoder = map[codec]string{codecString: "DecodeString", codecInt: "DecodeInt", codecFloat: "DecodeFloat", codecBool: "DecodeBool"}

// decodeStmt returns the statement decoding the JSON value raw into the field fl of x; it sets
// err.
func (m *model) decodeStmt(fl *goField, use *jsonUse) jen.Code {
	dst := jen.Id("x").Dot(fl.Name)
	raw := jen.Id("raw")
	ptr := IsPointer(m.spec, fl.Ref, fl.Required)
	if call := m.decodeCall(fl.Ref, fl.Inline, raw, use); call != nil { // unions and collections of them
		return jen.List(dst, jen.Err()).Op("=").Add(call)
	}
	c, name, _ := m.codecOf(fl.Ref, fl.Inline)
	switch {
	case scalarDecoder[c] != "" && !ptr:
		return jen.Err().Op("=").Qual(RTMImport, scalarDecoder[c]).Call(jen.Op("&").Add(dst), raw)
	case scalarDecoder[c] != "":
		return jen.Err().Op("=").Qual(RTMImport, "DecodePtr").Call(jen.Op("&").Add(dst), raw,
			jen.Qual(RTMImport, scalarDecoder[c]).Index(m.baseType(fl.Ref, fl.Inline)))
	case c == codecStruct && !ptr:
		return jen.Err().Op("=").Add(dst).Dot("UnmarshalJSON").Call(raw)
	case c == codecStruct:
		return jen.Err().Op("=").Qual(RTMImport, "DecodePtr").Call(jen.Op("&").Add(dst), raw, jen.Parens(jen.Op("*").Id(name)).Dot("UnmarshalJSON"))
	case fl.Ref.Kind == spec.Slice:
		ec, ename, _ := m.codecOf(fl.Ref.Elem, fl.Inline)
		switch {
		case ec == codecStruct:
			return jen.Err().Op("=").Qual(RTMImport, "DecodeSlice").Call(jen.Op("&").Add(dst), raw, jen.Parens(jen.Op("*").Id(ename)).Dot("UnmarshalJSON"))
		case scalarDecoder[ec] != "":
			return jen.Err().Op("=").Qual(RTMImport, "DecodeSlice").Call(jen.Op("&").Add(dst), raw,
				jen.Qual(RTMImport, scalarDecoder[ec]).Index(m.baseType(fl.Ref.Elem, fl.Inline)))
		}
	}
	return jen.Err().Op("=").Qual("encoding/json", "Unmarshal").Call(raw, jen.Op("&").Add(dst))
}

// unmarshalMethod emits UnmarshalJSON: members the spec describes go to their fields, the
// others to Extra.
func (m *model) unmarshalMethod(f *jen.File, st *goStruct, use *jsonUse) {
	f.Add(comment("UnmarshalJSON decodes x; the fields the spec does not describe go to x.Extra. JSON null decodes to the zero value."))
	f.Func().Params(jen.Id("x").Op("*").Id(st.Name)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
		jen.Op("*").Id("x").Op("=").Id(st.Name).Values(),
		jen.Id("r").Op(":=").Qual(RTMImport, "ReadObject").Call(jen.Id("data")),
		jen.For(jen.Id("r").Dot("Next").Call()).Block(
			jen.Var().Err().Error(),
			jen.Id("raw").Op(":=").Id("r").Dot("Value").Call(),
			jen.Switch(jen.String().Parens(jen.Id("r").Dot("Key").Call())).BlockFunc(func(g *jen.Group) {
				for _, fl := range st.Fields {
					g.Case(jen.Lit(fl.Wire)).Block(m.decodeStmt(fl, use))
				}
				g.Default().Block(
					jen.If(jen.Id("x").Dot("Extra").Op("==").Nil()).Block(
						jen.Id("x").Dot("Extra").Op("=").Make(jen.Map(jen.String()).Qual("encoding/json", "RawMessage")),
					),
					jen.Id("x").Dot("Extra").Index(jen.String().Parens(jen.Id("r").Dot("Key").Call())).Op("=").
						Append(jen.Qual("encoding/json", "RawMessage").Parens(jen.Nil()), jen.Id("raw").Op("...")),
				)
			}),
			jen.If(jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit("decode "+st.Name+".%s: %w"), jen.Id("r").Dot("Key").Call(), jen.Err())),
			),
		),
		jen.If(jen.Err().Op(":=").Id("r").Dot("Err").Call(), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit("decode "+st.Name+": %w"), jen.Err())),
		),
		jen.Return(jen.Nil()),
	)
	f.Line()
}

// comma says whether a member written next needs a comma before it.
type comma int

const (
	commaNo    comma = iota // nothing written yet
	commaYes                // something written
	commaMaybe              // depends on optional fields: checked at run time
)

// appendMethod emits AppendJSON and MarshalJSON.
func (m *model) appendMethod(f *jen.File, st *goStruct, use *jsonUse) {
	var body []jen.Code
	state := commaNo
	usesStart, usesErr := false, false
	for _, fl := range st.Fields {
		key := quotedKey(fl.Wire)
		keyStmt := func(s comma) jen.Code {
			switch s {
			case commaNo:
				return jen.Id("dst").Op("=").Append(jen.Id("dst"), jen.Lit(key+":").Op("..."))
			case commaYes:
				return jen.Id("dst").Op("=").Append(jen.Id("dst"), jen.Lit(","+key+":").Op("..."))
			}
			usesStart, use.key = true, true
			return jen.Id("dst").Op("=").Id("appendJSONKey").Call(jen.Id("dst"), jen.Id("start"), jen.Lit(key+":"))
		}
		ptr := IsPointer(m.spec, fl.Ref, fl.Required)
		val := jen.Id("x").Dot(fl.Name)
		if ptr {
			val = jen.Op("*").Id("x").Dot(fl.Name)
		}
		var stmts []jen.Code
		if d := st.Disc; d == fl {
			// The discriminator of a variant: its kind when left empty.
			lit := jen.Id("dst").Op("=").Append(jen.Id("dst"), jen.Lit(quotedKey(st.DiscValue)).Op("..."))
			empty := jen.Id("x").Dot(fl.Name).Op("==").Lit("")
			if ptr {
				empty = jen.Id("x").Dot(fl.Name).Op("==").Nil()
			}
			body = append(body, keyStmt(state), jen.If(empty).Block(lit).Else().Block(
				jen.Id("dst").Op("=").Qual(RTMImport, "AppendString").Call(jen.Id("dst"), val)))
			state = commaYes
			continue
		}
		wrap := func(call jen.Code) jen.Code {
			usesErr = true
			return jen.If(jen.List(jen.Id("dst"), jen.Err()).Op("=").Add(call), jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Id("dst"), jen.Qual("fmt", "Errorf").Call(jen.Lit("encode "+st.Name+"."+fl.Wire+": %w"), jen.Err())),
			)
		}
		c, _, u := m.codecOf(fl.Ref, fl.Inline)
		switch {
		case c == codecString:
			stmts = append(stmts, jen.Id("dst").Op("=").Qual(RTMImport, "AppendString").Call(jen.Id("dst"), val))
		case c == codecInt:
			stmts = append(stmts, jen.Id("dst").Op("=").Qual("strconv", "AppendInt").Call(jen.Id("dst"), jen.Int64().Parens(val), jen.Lit(10)))
		case c == codecBool:
			if fl.Ref.Kind != spec.Bool {
				val = jen.Bool().Parens(val)
			}
			stmts = append(stmts, jen.Id("dst").Op("=").Qual("strconv", "AppendBool").Call(jen.Id("dst"), val))
		case c == codecStruct:
			stmts = append(stmts, wrap(jen.Id("x").Dot(fl.Name).Dot("AppendJSON").Call(jen.Id("dst"))))
		case c == codecUnion:
			stmts = append(stmts, wrap(jen.Id(unionAppender(u)).Call(jen.Id("dst"), val)))
		case fl.Ref.Kind == spec.Slice && m.sliceAppender(fl.Ref.Elem, fl.Inline) != nil:
			stmts = append(stmts, wrap(jen.Qual(RTMImport, "AppendSlice").Call(jen.Id("dst"), val, m.sliceAppender(fl.Ref.Elem, fl.Inline))))
		default:
			use.value = true
			stmts = append(stmts, wrap(jen.Id("appendJSONValue").Call(jen.Id("dst"), val)))
		}
		if fl.Required {
			body = append(body, keyStmt(state))
			body = append(body, stmts...)
			state = commaYes
			continue
		}
		// An optional field is a pointer, or a slice, map, interface: left out when nil.
		body = append(body, jen.If(jen.Id("x").Dot(fl.Name).Op("!=").Nil()).Block(append([]jen.Code{keyStmt(state)}, stmts...)...))
		if state == commaNo {
			state = commaMaybe
		}
	}
	var more jen.Code
	switch state {
	case commaNo:
		more = jen.False()
	case commaYes:
		more = jen.True()
	default:
		usesStart = true
		more = jen.Len(jen.Id("dst")).Op(">").Id("start").Op("+").Lit(1)
	}
	usesErr = true
	body = append(body,
		jen.If(jen.List(jen.Id("dst"), jen.Err()).Op("=").Qual(RTMImport, "AppendFields").Call(jen.Id("dst"), more, jen.Id("x").Dot("Extra")), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Id("dst"), jen.Qual("fmt", "Errorf").Call(jen.Lit("encode "+st.Name+": %w"), jen.Err())),
		),
		jen.Return(jen.Append(jen.Id("dst"), jen.LitRune('}')), jen.Nil()),
	)
	head := []jen.Code{
		jen.If(jen.Id("x").Op("==").Nil()).Block(jen.Return(jen.Append(jen.Id("dst"), jen.Lit("null").Op("...")), jen.Nil())),
	}
	if usesStart {
		head = append(head, jen.Id("start").Op(":=").Len(jen.Id("dst")))
	}
	if usesErr {
		head = append(head, jen.Var().Err().Error())
	}
	head = append(head, jen.Id("dst").Op("=").Append(jen.Id("dst"), jen.LitRune('{')))

	f.Add(comment("AppendJSON appends the JSON encoding of x to dst: its fields, then those of x.Extra in key order. A nil x is null."))
	f.Func().Params(jen.Id("x").Op("*").Id(st.Name)).Id("AppendJSON").Params(jen.Id("dst").Index().Byte()).Params(jen.Index().Byte(), jen.Error()).Block(append(head, body...)...)
	f.Line()
	f.Add(comment("MarshalJSON encodes x with the fields of x.Extra (see AppendJSON)."))
	f.Func().Params(jen.Id("x").Id(st.Name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Return(jen.Id("x").Dot("AppendJSON").Call(jen.Make(jen.Index().Byte(), jen.Lit(0), jen.Lit(256)))),
	)
	f.Line()
}

// sliceAppender returns the function rtm.AppendSlice writes the elements of a []elem with, or
// nil when encoding/json writes the slice.
func (m *model) sliceAppender(elem *spec.TypeRef, inline *goStruct) jen.Code {
	c, name, u := m.codecOf(elem, inline)
	switch c {
	case codecStruct:
		return jen.Parens(jen.Op("*").Id(name)).Dot("AppendJSON")
	case codecUnion:
		return jen.Func().Params(jen.Id("v").Op("*").Id(u.Name), jen.Id("dst").Index().Byte()).Params(jen.Index().Byte(), jen.Error()).Block(
			jen.Return(jen.Id(unionAppender(u)).Call(jen.Id("dst"), jen.Op("*").Id("v"))),
		)
	}
	return nil
}

// unionAppender is the name of the function writing a union value.
func unionAppender(u *goUnion) string { return "append" + u.Name + "JSON" }

// unionAppender emits the function writing a value of u: its kind's AppendJSON, the raw JSON
// of an unknown kind, null for nil.
func (m *model) unionAppender(f *jen.File, u *goUnion) {
	f.Add(comment(fmt.Sprintf("%s appends the JSON encoding of v, a %s, to dst (null for nil).", unionAppender(u), u.Name)))
	f.Func().Id(unionAppender(u)).Params(jen.Id("dst").Index().Byte(), jen.Id("v").Id(u.Name)).Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Switch(jen.Id("v").Op(":=").Id("v").Assert(jen.Type())).BlockFunc(func(g *jen.Group) {
			g.Case(jen.Nil()).Block(jen.Return(jen.Append(jen.Id("dst"), jen.Lit("null").Op("...")), jen.Nil()))
			seen := map[string]bool{}
			for _, v := range u.Variants {
				if seen[v.Type] {
					continue
				}
				seen[v.Type] = true
				g.Case(jen.Op("*").Id(v.Type)).Block(jen.Return(jen.Id("v").Dot("AppendJSON").Call(jen.Id("dst"))))
			}
			g.Default().Block(
				jen.List(jen.Id("b"), jen.Err()).Op(":=").Qual("encoding/json", "Marshal").Call(jen.Id("v")),
				jen.Return(jen.Append(jen.Id("dst"), jen.Id("b").Op("...")), jen.Err()),
			)
		}),
	)
	f.Line()
}

// unionDecoder emits the decoder of u: it reads the discriminator, then decodes the kind it
// names from the same bytes.
func (m *model) unionDecoder(f *jen.File, u *goUnion) {
	f.Add(comment(fmt.Sprintf("%s decodes a %s, choosing its kind by the %q field. JSON null decodes to nil.", u.Decode, u.Name, u.Discriminator)))
	f.Func().Id(u.Decode).Params(jen.Id("data").Index().Byte()).Params(jen.Id(u.Name), jen.Error()).Block(
		jen.If(jen.Id("isNull").Call(jen.Id("data"))).Block(jen.Return(jen.Nil(), jen.Nil())),
		jen.Var().Id("kind").String(),
		jen.Id("r").Op(":=").Qual(RTMImport, "ReadObject").Call(jen.Id("data")),
		jen.For(jen.Id("r").Dot("Next").Call()).Block(
			jen.If(jen.String().Parens(jen.Id("r").Dot("Key").Call()).Op("!=").Lit(u.Discriminator)).Block(jen.Continue()),
			jen.Id("kind").Op("=").Lit(""), // the last one counts, as in a map
			jen.If(jen.Err().Op(":=").Qual(RTMImport, "DecodeString").Call(jen.Op("&").Id("kind"), jen.Id("r").Dot("Value").Call()), jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Nil(), jen.Qual("fmt", "Errorf").Call(jen.Lit("decode "+u.Name+"."+u.Discriminator+": %w"), jen.Err())),
			),
		),
		jen.If(jen.Err().Op(":=").Id("r").Dot("Err").Call(), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Nil(), jen.Qual("fmt", "Errorf").Call(jen.Lit("decode "+u.Name+": %w"), jen.Err())),
		),
		jen.Switch(jen.Id("kind")).BlockFunc(func(g *jen.Group) {
			for _, v := range u.Variants {
				g.Case(jen.Lit(v.Value)).Block(
					jen.Id("v").Op(":=").New(jen.Id(v.Type)),
					jen.If(jen.Err().Op(":=").Id("v").Dot("UnmarshalJSON").Call(jen.Id("data")), jen.Err().Op("!=").Nil()).Block(
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

// quotedKey is a member name as json.Marshal writes it.
func quotedKey(name string) string {
	b, err := json.Marshal(name)
	if err != nil {
		panic(err) // a string always encodes
	}
	return string(b)
}

// decodeCall returns a call expression of type (T, error) decoding src as ref, when ref
// contains a union that encoding/json cannot decode by itself (an interface); nil otherwise.
func (m *model) decodeCall(ref *spec.TypeRef, inline *goStruct, src jen.Code, use *jsonUse) jen.Code {
	u := m.unionLeaf(ref)
	if u == nil {
		return nil
	}
	// elemFunc is a func([]byte) (T, error) decoding r.
	var elemFunc func(r *spec.TypeRef) jen.Code
	call := func(r *spec.TypeRef, src jen.Code) jen.Code {
		switch r.Kind {
		case spec.Slice:
			use.slice = true
			return jen.Id("decodeSlice").Call(src, elemFunc(r.Elem))
		case spec.Map:
			use.mapOf = true
			return jen.Id("decodeMap").Call(src, elemFunc(r.Elem))
		}
		return jen.Id(u.Decode).Call(src)
	}
	elemFunc = func(r *spec.TypeRef) jen.Code {
		if r.Kind != spec.Slice && r.Kind != spec.Map {
			return jen.Id(u.Decode)
		}
		return jen.Func().Params(jen.Id("data").Index().Byte()).Params(m.baseType(r, inline), jen.Error()).Block(
			jen.Return(call(r, jen.Id("data"))),
		)
	}
	return call(ref, src)
}

func (m *model) jsonHelpers(f *jen.File, use jsonUse) {
	if use.key {
		f.Add(comment("appendJSONKey appends key (a quoted member name and its colon) to the object started at dst[start], after a comma unless it is the first member."))
		f.Func().Id("appendJSONKey").Params(jen.Id("dst").Index().Byte(), jen.Id("start").Int(), jen.Id("key").String()).Index().Byte().Block(
			jen.If(jen.Len(jen.Id("dst")).Op(">").Id("start").Op("+").Lit(1)).Block(jen.Id("dst").Op("=").Append(jen.Id("dst"), jen.LitRune(','))),
			jen.Return(jen.Append(jen.Id("dst"), jen.Id("key").Op("..."))),
		)
		f.Line()
	}
	if use.value {
		f.Add(comment("appendJSONValue appends v as encoding/json writes it."))
		f.Func().Id("appendJSONValue").Params(jen.Id("dst").Index().Byte(), jen.Id("v").Any()).Params(jen.Index().Byte(), jen.Error()).Block(
			jen.List(jen.Id("b"), jen.Err()).Op(":=").Qual("encoding/json", "Marshal").Call(jen.Id("v")),
			jen.Return(jen.Append(jen.Id("dst"), jen.Id("b").Op("...")), jen.Err()),
		)
		f.Line()
	}
	if len(m.unions) > 0 {
		f.Add(comment("isNull reports whether data is the JSON null."))
		f.Func().Id("isNull").Params(jen.Id("data").Index().Byte()).Bool().Block(
			jen.Return(jen.String().Parens(jen.Qual("bytes", "TrimSpace").Call(jen.Id("data"))).Op("==").Lit("null")),
		)
		f.Line()
	}
	if use.slice {
		f.Add(comment("decodeSlice decodes a JSON array whose items need decode (a union's decoder)."))
		f.Func().Id("decodeSlice").Types(jen.Id("T").Any()).Params(jen.Id("data").Index().Byte(), jen.Id("decode").Func().Params(jen.Index().Byte()).Params(jen.Id("T"), jen.Error())).Params(jen.Index().Id("T"), jen.Error()).Block(
			jen.Var().Id("out").Index().Id("T"),
			jen.Err().Op(":=").Qual(RTMImport, "DecodeSlice").Call(jen.Op("&").Id("out"), jen.Id("data"),
				jen.Func().Params(jen.Id("v").Op("*").Id("T"), jen.Id("item").Index().Byte()).Params(jen.Err().Error()).Block(
					jen.List(jen.Op("*").Id("v"), jen.Err()).Op("=").Id("decode").Call(jen.Id("item")),
					jen.Return(jen.Err()),
				)),
			jen.Return(jen.Id("out"), jen.Err()),
		)
		f.Line()
	}
	if use.mapOf {
		f.Add(comment("decodeMap decodes a JSON object whose values need decode (a union's decoder)."))
		f.Func().Id("decodeMap").Types(jen.Id("T").Any()).Params(jen.Id("data").Index().Byte(), jen.Id("decode").Func().Params(jen.Index().Byte()).Params(jen.Id("T"), jen.Error())).Params(jen.Map(jen.String()).Id("T"), jen.Error()).Block(
			jen.If(jen.Id("isNull").Call(jen.Id("data"))).Block(jen.Return(jen.Nil(), jen.Nil())),
			jen.Id("out").Op(":=").Map(jen.String()).Id("T").Values(),
			jen.Id("r").Op(":=").Qual(RTMImport, "ReadObject").Call(jen.Id("data")),
			jen.For(jen.Id("r").Dot("Next").Call()).Block(
				jen.List(jen.Id("v"), jen.Err()).Op(":=").Id("decode").Call(jen.Id("r").Dot("Value").Call()),
				jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Qual("fmt", "Errorf").Call(jen.Lit("[%q]: %w"), jen.Id("r").Dot("Key").Call(), jen.Err()))),
				jen.Id("out").Index(jen.String().Parens(jen.Id("r").Dot("Key").Call())).Op("=").Id("v"),
			),
			jen.Return(jen.Id("out"), jen.Id("r").Dot("Err").Call()),
		)
		f.Line()
	}
}
