package codegen

import (
	"encoding/json"
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// This file emits the JSON code of the generated packages: for every struct an appendJSON
// that writes the struct field by field (and MarshalJSON on top of it), a readJSON that reads
// it member by member from a wire.Decoder in one pass over valid JSON (and UnmarshalJSON, which
// checks its data once, on top of it), both keeping the fields the spec does not describe (and
// the explicit nulls of optional fields) in Extra; for every union its decoder and its writer;
// the read functions of definitions; and the unexported adapters through which rtm.Conn.Call
// reaches the fast paths without their showing in the package's documentation. Values of every
// kind are read without encoding/json; floats, any and maps are written by encoding/json. The
// bytes written are those json.Marshal writes.

// jsonUse records which helpers the emitted code calls.
type jsonUse struct {
	key, value bool
	// defReaders are the definitions whose read function some decoder calls.
	defReaders map[string]bool
}

// jsonFile gives every struct its JSON methods, every union its writer, definitions holding
// unions and payload definitions an UnmarshalJSON, and adds the helpers they use.
func (m *model) jsonFile(f *jen.File) {
	use := jsonUse{defReaders: map[string]bool{}}
	for _, st := range m.allStructs() {
		m.appendMethod(f, st, &use)
		m.unmarshalMethod(f, st, &use)
	}
	for _, u := range m.unions {
		m.unionAppender(f, u)
	}
	for _, d := range m.payloadDefs {
		m.defUnmarshal(f, d, &use)
	}
	for _, d := range m.defs {
		if !d.Alias && m.unionLeaf(d.Ref) != nil {
			m.defUnmarshal(f, d, &use)
		}
	}
	// The read functions of definitions, in declaration order, each once (reading one may
	// need another).
	done := map[string]bool{}
	for again := true; again; {
		again = false
		for _, d := range append(append([]*goDef(nil), m.defs...), m.payloadDefs...) {
			if use.defReaders[d.Name] && !done[d.Name] {
				done[d.Name] = true
				again = true
				m.defReader(f, d, &use)
			}
		}
	}
	m.callAdapters(f)
	m.jsonHelpers(f, use)
}

// defUnmarshal emits UnmarshalJSON of a definition: it checks data, then reads it.
func (m *model) defUnmarshal(f *jen.File, d *goDef, use *jsonUse) {
	use.defReaders[d.Name] = true
	f.Add(comment("UnmarshalJSON decodes x" + map[bool]string{true: ", choosing the kind of each " + m.unionLeafName(d.Ref) + " by its discriminator", false: ""}[m.unionLeaf(d.Ref) != nil] + "."))
	f.Func().Params(jen.Id("x").Op("*").Id(d.Name)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
		jen.If(jen.Err().Op(":=").Qual(WireImport, "Valid").Call(jen.Id("data")), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit("decode "+d.Name+": %w"), jen.Err())),
		),
		jen.Id("d").Op(":=").Qual(WireImport, "NewCopyDecoder").Call(jen.Id("data")),
		jen.If(jen.Err().Op(":=").Id(defReader(d.Name)).Call(jen.Id("x"), jen.Op("&").Id("d")), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit("decode "+d.Name+": %w"), jen.Err())),
		),
		jen.Return(jen.Nil()),
	)
	f.Line()
}

func (m *model) unionLeafName(ref *spec.TypeRef) string {
	if u := m.unionLeaf(ref); u != nil {
		return u.Name
	}
	return ""
}

// defReader is the name of the function reading a value of the definition name.
func defReader(name string) string { return "read" + name + "JSON" }

// defReader emits the read function of a definition: its underlying type's.
func (m *model) defReader(f *jen.File, d *goDef, use *jsonUse) {
	f.Add(comment(fmt.Sprintf("%s reads a %s from d.", defReader(d.Name), d.Name)))
	f.Func().Id(defReader(d.Name)).Params(jen.Id("v").Op("*").Id(d.Name), jen.Id("d").Op("*").Qual(WireImport, "Decoder")).Error().Block(
		jen.Return(m.readFunc(d.Ref, d.Inline, use).Call(jen.Parens(jen.Op("*").Add(m.baseType(d.Ref, d.Inline))).Parens(jen.Id("v")), jen.Id("d"))),
	)
	f.Line()
}

// codec is how a value of a type is read and written.
type codec int

const (
	codecJSON   codec = iota // encoding/json
	codecString              // wire.ReadString, wire.AppendString
	codecInt
	codecFloat // read by wire.ReadFloat, written by encoding/json (its number format)
	codecBool
	codecStruct // a generated struct: its readJSON and appendJSON
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
		t := m.spec.Type(ref.Name)
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

// scalarReader names the wire read function of a scalar codec.
var scalarReader = map[codec]string{codecString: "ReadString", codecInt: "ReadInt", codecFloat: "ReadFloat", codecBool: "ReadBool"}

// unionReader is the name of the function reading a union value.
func unionReader(u *goUnion) string { return "read" + u.Name + "JSON" }

// readFunc returns an expression of type func(*wire.Decoder, *T) error reading a value of ref
// (of Go type T).
func (m *model) readFunc(ref *spec.TypeRef, inline *goStruct, use *jsonUse) *jen.Statement {
	switch ref.Kind {
	case spec.Any:
		return jen.Qual(WireImport, "ReadAny")
	case spec.Map:
		if ref.Elem.Kind == spec.Any {
			return jen.Qual(WireImport, "ReadAnyMap")
		}
	}
	switch ref.Kind {
	case spec.Slice, spec.Map:
		fn := "ReadSlice"
		if ref.Kind == spec.Map {
			fn = "ReadMap"
		}
		return jen.Func().Params(jen.Id("v").Op("*").Add(m.baseType(ref, inline)), jen.Id("d").Op("*").Qual(WireImport, "Decoder")).Error().Block(
			jen.Return(jen.Qual(WireImport, fn).Call(jen.Id("v"), jen.Id("d"), m.readFunc(ref.Elem, inline, use))),
		)
	}
	c, name, u := m.codecOf(ref, inline)
	switch {
	case scalarReader[c] != "":
		return jen.Qual(WireImport, scalarReader[c]).Index(m.baseType(ref, inline))
	case c == codecStruct:
		return jen.Parens(jen.Op("*").Id(name)).Dot("readJSON")
	case c == codecUnion:
		return jen.Id(unionReader(u))
	}
	if ref.Kind == spec.Named {
		if d := m.def(ref.Name); d != nil {
			if d.Alias {
				return m.readFunc(d.Ref, d.Inline, use)
			}
			use.defReaders[d.Name] = true
			return jen.Id(defReader(d.Name))
		}
	}
	return jen.Qual(WireImport, "ReadJSON").Index(m.baseType(ref, inline))
}

// slabFields returns the optional fields of st kept in its string slab: pointers to strings
// (or to types of strings), which a decode allocates together.
func (m *model) slabFields(st *goStruct) map[*goField]int {
	out := map[*goField]int{}
	for _, fl := range st.Fields {
		if c, _, _ := m.codecOf(fl.Ref, fl.Inline); c == codecString && IsPointer(m.spec, fl.Ref, fl.Required) {
			out[fl] = len(out)
		}
	}
	return out
}

// requiredScalarZero returns the zero value of a required field of a scalar codec (whose
// explicit null Extra keeps), else nil.
func requiredScalarZero(fl *goField, c codec) jen.Code {
	if !fl.Required {
		return nil
	}
	switch c {
	case codecString:
		return jen.Lit("")
	case codecInt, codecFloat:
		return jen.Lit(0)
	case codecBool:
		return jen.False()
	}
	return nil
}

// readStmt returns the statements reading the value of the field fl of x from d; they set
// err.
func (m *model) readStmt(st *goStruct, fl *goField, slab map[*goField]int, use *jsonUse) []jen.Code {
	stmts := m.readValueStmt(st, fl, slab, use)
	if c, _, _ := m.codecOf(fl.Ref, fl.Inline); requiredScalarZero(fl, c) != nil && st.Disc != fl {
		// A required scalar received as null keeps its value (as with encoding/json); Extra
		// keeps the null, written back while the field stays zero.
		return []jen.Code{jen.If(jen.Op("!").Id("d").Dot("NullMember").Call(jen.Op("&").Id("x").Dot("Extra"), jen.Lit(fl.Wire))).Block(stmts...)}
	}
	if fl.Required {
		return stmts
	}
	// An optional field received as an explicit null is nil, as when absent; Extra keeps the
	// null, so that encoding writes it back.
	dst := jen.Id("x").Dot(fl.Name)
	return []jen.Code{jen.If(jen.Id("d").Dot("NullMember").Call(jen.Op("&").Id("x").Dot("Extra"), jen.Lit(fl.Wire))).Block(
		dst.Clone().Op("=").Nil(),
	).Else().Block(stmts...)}
}

// readValueStmt returns the statements reading the value of the field fl of x from d; they
// set err.
func (m *model) readValueStmt(st *goStruct, fl *goField, slab map[*goField]int, use *jsonUse) []jen.Code {
	dst := jen.Id("x").Dot(fl.Name)
	d := jen.Id("d")
	ptr := IsPointer(m.spec, fl.Ref, fl.Required)
	c, name, _ := m.codecOf(fl.Ref, fl.Inline)
	base := m.baseType(fl.Ref, fl.Inline)
	switch {
	case c == codecString && ptr:
		// An optional string: its value lives in the struct's slab, allocated once for all.
		return []jen.Code{jen.List(dst, jen.Err()).Op("=").Qual(WireImport, "ReadOptString").Index(base).Call(d, jen.Op("&").Id("slab"), jen.Lit(len(slab)))}
	case c == codecString && !ptr && st.Disc == fl:
		// The discriminator: null empties it (encoding/json would leave it), so that it always
		// holds the last member, which the union decoder checks the kind against.
		return []jen.Code{jen.If(d.Clone().Dot("Null").Call()).Block(dst.Clone().Op("=").Lit("")).Else().Block(
			jen.Err().Op("=").Qual(WireImport, "ReadString").Call(jen.Op("&").Add(dst), d))}
	case scalarReader[c] != "" && !ptr:
		return []jen.Code{jen.Err().Op("=").Qual(WireImport, scalarReader[c]).Call(jen.Op("&").Add(dst), d)}
	case c == codecStruct && !ptr:
		return []jen.Code{jen.Err().Op("=").Add(dst).Dot("readJSON").Call(d)}
	case ptr:
		return []jen.Code{jen.Err().Op("=").Qual(WireImport, "ReadPtr").Call(jen.Op("&").Add(dst), d, m.readFunc(fl.Ref, fl.Inline, use))}
	case fl.Ref.Kind == spec.Slice:
		return []jen.Code{jen.Err().Op("=").Qual(WireImport, "ReadSlice").Call(jen.Op("&").Add(dst), d, m.readFunc(fl.Ref.Elem, fl.Inline, use))}
	case fl.Ref.Kind == spec.Map && fl.Ref.Elem.Kind == spec.Any:
		return []jen.Code{jen.Err().Op("=").Qual(WireImport, "ReadAnyMap").Call(jen.Op("&").Add(dst), d)}
	case fl.Ref.Kind == spec.Map:
		return []jen.Code{jen.Err().Op("=").Qual(WireImport, "ReadMap").Call(jen.Op("&").Add(dst), d, m.readFunc(fl.Ref.Elem, fl.Inline, use))}
	}
	_ = name
	return []jen.Code{jen.Err().Op("=").Add(m.readFunc(fl.Ref, fl.Inline, use)).Call(jen.Op("&").Add(dst), d)}
}

// unmarshalMethod emits UnmarshalJSON, which checks its data, and readJSON, which reads a
// valid value member by member: members the spec describes go to their fields, the others to
// Extra.
func (m *model) unmarshalMethod(f *jen.File, st *goStruct, use *jsonUse) {
	f.Add(comment("UnmarshalJSON decodes x; the fields the spec does not describe go to x.Extra. JSON null decodes to the zero value. The strings of x share one copy of data."))
	f.Func().Params(jen.Id("x").Op("*").Id(st.Name)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
		jen.If(jen.Err().Op(":=").Qual(WireImport, "Valid").Call(jen.Id("data")), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit("decode "+st.Name+": %w"), jen.Err())),
		),
		jen.Id("d").Op(":=").Qual(WireImport, "NewCopyDecoder").Call(jen.Id("data")),
		jen.Return(jen.Id("x").Dot("readJSON").Call(jen.Op("&").Id("d"))),
	)
	f.Line()
	slab := m.slabFields(st)
	body := []jen.Code{
		jen.Op("*").Id("x").Op("=").Id(st.Name).Values(),
		jen.If(jen.List(jen.Id("ok"), jen.Err()).Op(":=").Id("d").Dot("Object").Call(jen.Lit(st.Name)), jen.Op("!").Id("ok").Op("||").Err().Op("!=").Nil()).Block(
			jen.Return(jen.Err()),
		),
	}
	if len(slab) > 0 {
		body = append(body, jen.Var().Id("slab").Index().String())
	}
	body = append(body,
		jen.For().Block(
			jen.List(jen.Id("key"), jen.Id("more")).Op(":=").Id("d").Dot("Member").Call(),
			jen.If(jen.Op("!").Id("more")).Block(jen.Return(jen.Nil())),
			jen.Var().Err().Error(),
			jen.Switch(jen.String().Parens(jen.Id("key"))).BlockFunc(func(g *jen.Group) {
				for _, fl := range st.Fields {
					g.Case(jen.Lit(fl.Wire)).Block(m.readStmt(st, fl, slab, use)...)
				}
				g.Default().Block(
					jen.If(jen.Id("x").Dot("Extra").Op("==").Nil()).Block(
						jen.Id("x").Dot("Extra").Op("=").Make(jen.Map(jen.String()).Qual("encoding/json", "RawMessage")),
					),
					jen.Id("x").Dot("Extra").Index(jen.String().Parens(jen.Id("key"))).Op("=").Id("d").Dot("Raw").Call(),
				)
			}),
			jen.If(jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit("decode "+st.Name+".%s: %w"), jen.Id("key"), jen.Err())),
			),
		),
	)
	f.Add(comment("readJSON reads x from d."))
	f.Func().Params(jen.Id("x").Op("*").Id(st.Name)).Id("readJSON").Params(jen.Id("d").Op("*").Qual(WireImport, "Decoder")).Error().Block(body...)
	f.Line()
}

// comma says whether a member written next needs a comma before it.
type comma int

const (
	commaNo    comma = iota // nothing written yet
	commaYes                // something written
	commaMaybe              // depends on optional fields: checked at run time
)

// appendMethod emits appendJSON, writtenJSON and MarshalJSON.
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
				jen.Id("dst").Op("=").Qual(WireImport, "AppendString").Call(jen.Id("dst"), val)))
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
			stmts = append(stmts, jen.Id("dst").Op("=").Qual(WireImport, "AppendString").Call(jen.Id("dst"), val))
		case c == codecInt:
			stmts = append(stmts, jen.Id("dst").Op("=").Qual("strconv", "AppendInt").Call(jen.Id("dst"), jen.Int64().Parens(val), jen.Lit(10)))
		case c == codecBool:
			if fl.Ref.Kind != spec.Bool {
				val = jen.Bool().Parens(val)
			}
			stmts = append(stmts, jen.Id("dst").Op("=").Qual("strconv", "AppendBool").Call(jen.Id("dst"), val))
		case c == codecStruct:
			stmts = append(stmts, wrap(jen.Id("x").Dot(fl.Name).Dot("appendJSON").Call(jen.Id("dst"))))
		case c == codecUnion:
			stmts = append(stmts, wrap(jen.Id(unionAppender(u)).Call(jen.Id("dst"), val)))
		case fl.Ref.Kind == spec.Slice && m.sliceAppender(fl.Ref.Elem, fl.Inline) != nil:
			stmts = append(stmts, wrap(jen.Qual(WireImport, "AppendSlice").Call(jen.Id("dst"), val, m.sliceAppender(fl.Ref.Elem, fl.Inline))))
		default:
			use.value = true
			stmts = append(stmts, wrap(jen.Id("appendJSONValue").Call(jen.Id("dst"), val)))
		}
		if zero := requiredScalarZero(fl, c); zero != nil {
			// A required scalar received as null (kept in Extra) and still zero: null again.
			stmts = []jen.Code{jen.If(jen.Id("x").Dot(fl.Name).Op("==").Add(zero).Op("&&").Qual(WireImport, "IsNullIn").Call(jen.Id("x").Dot("Extra"), jen.Lit(fl.Wire))).Block(
				jen.Id("dst").Op("=").Append(jen.Id("dst"), jen.Lit("null").Op("...")),
			).Else().Block(stmts...)}
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
	written := jen.Nil()
	if len(st.Fields) > 0 {
		written = jen.Id("x").Dot("writtenJSON")
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
		jen.If(jen.List(jen.Id("dst"), jen.Err()).Op("=").Qual(WireImport, "AppendFields").Call(jen.Id("dst"), more, jen.Id("x").Dot("Extra"), written), jen.Err().Op("!=").Nil()).Block(
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

	f.Add(comment("appendJSON appends the JSON encoding of x to dst: its fields, then those of x.Extra in key order. A nil x is null."))
	f.Func().Params(jen.Id("x").Op("*").Id(st.Name)).Id("appendJSON").Params(jen.Id("dst").Index().Byte()).Params(jen.Index().Byte(), jen.Error()).Block(append(head, body...)...)
	f.Line()
	if len(st.Fields) > 0 {
		f.Add(comment("writtenJSON reports whether appendJSON writes the member key from a field of x (then an Extra entry of the same key is not written)."))
		f.Func().Params(jen.Id("x").Op("*").Id(st.Name)).Id("writtenJSON").Params(jen.Id("key").String()).Bool().Block(
			jen.Switch(jen.Id("key")).BlockFunc(func(g *jen.Group) {
				var always []jen.Code
				for _, fl := range st.Fields {
					if fl.Required || st.Disc == fl {
						always = append(always, jen.Lit(fl.Wire))
						continue
					}
					g.Case(jen.Lit(fl.Wire)).Block(jen.Return(jen.Id("x").Dot(fl.Name).Op("!=").Nil()))
				}
				if len(always) > 0 {
					g.Case(always...).Block(jen.Return(jen.True()))
				}
			}),
			jen.Return(jen.False()),
		)
		f.Line()
	}
	f.Add(comment("MarshalJSON encodes x, the fields of x.Extra included, in key order after the others."))
	f.Func().Params(jen.Id("x").Id(st.Name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Return(jen.Id("x").Dot("appendJSON").Call(jen.Make(jen.Index().Byte(), jen.Lit(0), jen.Lit(256)))),
	)
	f.Line()
}

// sliceAppender returns the function wire.AppendSlice writes the elements of a []elem with, or
// nil when encoding/json writes the slice.
func (m *model) sliceAppender(elem *spec.TypeRef, inline *goStruct) jen.Code {
	c, name, u := m.codecOf(elem, inline)
	switch c {
	case codecStruct:
		return jen.Parens(jen.Op("*").Id(name)).Dot("appendJSON")
	case codecUnion:
		return jen.Func().Params(jen.Id("v").Op("*").Id(u.Name), jen.Id("dst").Index().Byte()).Params(jen.Index().Byte(), jen.Error()).Block(
			jen.Return(jen.Id(unionAppender(u)).Call(jen.Id("dst"), jen.Op("*").Id("v"))),
		)
	}
	return nil
}

// unionAppender is the name of the function writing a union value.
func unionAppender(u *goUnion) string { return "append" + u.Name + "JSON" }

// unionAppender emits the function writing a value of u: its kind's appendJSON, the raw JSON
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
				g.Case(jen.Op("*").Id(v.Type)).Block(jen.Return(jen.Id("v").Dot("appendJSON").Call(jen.Id("dst"))))
			}
			g.Default().Block(
				jen.List(jen.Id("b"), jen.Err()).Op(":=").Qual("encoding/json", "Marshal").Call(jen.Id("v")),
				jen.Return(jen.Append(jen.Id("dst"), jen.Id("b").Op("...")), jen.Err()),
			)
		}),
	)
	f.Line()
}

// unionDecoder emits the decoder of u (it checks its data) and its read function: that
// finds the discriminator, then reads the kind it names from the same bytes.
func (m *model) unionDecoder(f *jen.File, u *goUnion) {
	f.Add(comment(fmt.Sprintf("%s decodes a %s, choosing its kind by the %q field. JSON null decodes to nil.", u.Decode, u.Name, u.Discriminator)))
	f.Func().Id(u.Decode).Params(jen.Id("data").Index().Byte()).Params(jen.Id(u.Name), jen.Error()).Block(
		jen.If(jen.Err().Op(":=").Qual(WireImport, "Valid").Call(jen.Id("data")), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Nil(), jen.Qual("fmt", "Errorf").Call(jen.Lit("decode "+u.Name+": %w"), jen.Err())),
		),
		jen.Var().Id("v").Id(u.Name),
		jen.Id("d").Op(":=").Qual(WireImport, "NewCopyDecoder").Call(jen.Id("data")),
		jen.Err().Op(":=").Id(unionReader(u)).Call(jen.Op("&").Id("v"), jen.Op("&").Id("d")),
		jen.Return(jen.Id("v"), jen.Err()),
	)
	f.Line()
	// The kind is taken from the first discriminator member, and checked after decoding
	// against the variant's discriminator field, which holds the last one; a variant without
	// such a field needs the whole object scanned first.
	first := true
	for _, v := range u.Variants {
		if disc := m.discField(v.Type); disc == nil {
			first = false
		}
	}
	scan := "Discriminator"
	if first {
		scan = "FirstDiscriminator"
	}
	f.Add(comment(fmt.Sprintf("%s reads a %s from d (nil for null).", unionReader(u), u.Name)))
	f.Func().Id(unionReader(u)).Params(jen.Id("dst").Op("*").Id(u.Name), jen.Id("d").Op("*").Qual(WireImport, "Decoder")).Error().Block(
		jen.If(jen.Id("d").Dot("Null").Call()).Block(jen.Op("*").Id("dst").Op("=").Nil(), jen.Return(jen.Nil())),
		jen.Id("start").Op(":=").Id("d").Dot("Pos").Call(),
		jen.List(jen.Id("kind"), jen.Err()).Op(":=").Id("d").Dot(scan).Call(jen.Lit(u.Name), jen.Lit(u.Discriminator)),
		jen.For(jen.Id("last").Op(":=").Lit(!first), jen.Err().Op("==").Nil(), jen.Id("last").Op("=").True()).Block(
			jen.Switch(jen.Id("kind")).BlockFunc(func(g *jen.Group) {
				for _, v := range u.Variants {
					body := []jen.Code{
						jen.Id("v").Op(":=").New(jen.Id(v.Type)),
						jen.Op("*").Id("dst").Op("=").Id("v"),
					}
					if disc := m.discField(v.Type); first && disc != nil {
						body = append(body,
							jen.If(jen.Err().Op(":=").Id("v").Dot("readJSON").Call(jen.Id("d")), jen.Err().Op("!=").Nil().Op("||").Id("last").Op("||").Id("v").Dot(disc.Name).Op("==").Id("kind")).Block(jen.Return(jen.Err())))
					} else {
						body = append(body, jen.Return(jen.Id("v").Dot("readJSON").Call(jen.Id("d"))))
					}
					g.Case(jen.Lit(v.Value)).Block(body...)
				}
				g.Default().Block(
					jen.If(jen.Op("!").Id("last")).Block(jen.Break()), // a later discriminator may name a known kind
					jen.Op("*").Id("dst").Op("=").Op("&").Id(u.Unknown).Values(jen.Dict{
						jen.Id("Kind"): jen.Id("kind"),
						jen.Id("Raw"):  jen.Id("d").Dot("Raw").Call(),
					}),
					jen.Return(jen.Nil()),
				)
			}),
			jen.Comment("A later discriminator member decides: read the object again by the last one."),
			jen.Id("d").Dot("SetPos").Call(jen.Id("start")),
			jen.List(jen.Id("kind"), jen.Err()).Op("=").Id("d").Dot("Discriminator").Call(jen.Lit(u.Name), jen.Lit(u.Discriminator)),
		),
		jen.Return(jen.Err()),
	)
	f.Line()
}

// discField returns the discriminator field of the variant struct named name when it is a
// plain string (the kind decoded is checked against it), else nil.
func (m *model) discField(name string) *goField {
	for _, st := range m.types {
		if st.Name == name && st.Disc != nil && st.Disc.Required && st.Disc.Ref.Kind == spec.String {
			return st.Disc
		}
	}
	return nil
}

// quotedKey is a member name as json.Marshal writes it.
func quotedKey(name string) string {
	b, err := json.Marshal(name)
	if err != nil {
		panic(err) // a string always encodes
	}
	return string(b)
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
}

// adapterName is the name of the unexported type through which rtm.Conn.Call writes a request
// or reads a response of type name: its methods are rtm's fast paths, kept out of the
// package's documentation.
func adapterName(name string) string { return "wire" + name }

// callAdapters emits, for every request and response type, the type Client passes to
// rtm.Conn.Call: a request writes itself as valid JSON (AppendValidJSON: Call does not check it
// again), a response reads the payload the connection has already checked (UnmarshalValidJSON).
func (m *model) callAdapters(f *jen.File) {
	for _, a := range m.actions {
		if !a.Spec.RTM() {
			continue
		}
		if st := a.Request; st != nil {
			f.Add(comment(fmt.Sprintf("%s is %s as rtm.Conn.Call writes it.", adapterName(st.Name), st.Name)))
			f.Type().Id(adapterName(st.Name)).Id(st.Name)
			f.Line()
			f.Add(comment("AppendValidJSON appends the encoding of x, valid JSON by construction."))
			f.Func().Params(jen.Id("x").Op("*").Id(adapterName(st.Name))).Id("AppendValidJSON").Params(jen.Id("dst").Index().Byte()).Params(jen.Index().Byte(), jen.Error()).Block(
				jen.Return(jen.Parens(jen.Op("*").Id(st.Name)).Parens(jen.Id("x")).Dot("appendJSON").Call(jen.Id("dst"))),
			)
			f.Line()
		}
		var name string
		var read jen.Code
		switch {
		case a.Response != nil:
			name = a.Response.Name
			read = jen.Parens(jen.Op("*").Id(name)).Parens(jen.Id("x")).Dot("readJSON").Call(jen.Op("&").Id("d"))
		case a.ResponseDef != nil:
			name = a.ResponseDef.Name
			read = jen.Id(defReader(name)).Call(jen.Parens(jen.Op("*").Id(name)).Parens(jen.Id("x")), jen.Op("&").Id("d"))
		default:
			continue
		}
		f.Add(comment(fmt.Sprintf("%s is %s as rtm.Conn.Call reads it.", adapterName(name), name)))
		f.Type().Id(adapterName(name)).Id(name)
		f.Line()
		f.Add(comment("UnmarshalValidJSON decodes x from data, valid JSON (the connection checked the frame) that is x's own: x's strings share it."))
		f.Func().Params(jen.Id("x").Op("*").Id(adapterName(name))).Id("UnmarshalValidJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
			jen.Id("d").Op(":=").Qual(WireImport, "NewAliasDecoder").Call(jen.Id("data")),
			jen.Return(read),
		)
		f.Line()
	}
}

// requestArg is the payload argument of the Call of a's method: the request through its
// adapter.
func requestArg(a *goAction) *jen.Statement {
	return jen.Parens(jen.Op("*").Id(adapterName(a.Request.Name))).Parens(jen.Id("req"))
}

// responseArg is the result argument of the Call of a's method: resp (a pointer) through its
// adapter.
func responseArg(name string, resp jen.Code) jen.Code {
	return jen.Parens(jen.Op("*").Id(adapterName(name))).Parens(resp)
}

// pushDecode returns the statement decoding the payload of p (valid JSON: the connection
// checked the frame) into v, in one pass; its strings share the payload's memory, which no
// handler may modify (see rtm.Push).
func (m *model) pushDecode(p *goPush) *jen.Statement {
	if p.Def != nil {
		return jen.Id("d").Op(":=").Qual(WireImport, "NewAliasDecoder").Call(jen.Id("p").Dot("Payload")).Line().
			If(jen.Err().Op(":=").Id(defReader(p.Def.Name)).Call(jen.Op("&").Id("v"), jen.Op("&").Id("d")), jen.Err().Op("!=").Nil())
	}
	return jen.Id("s").Dot("d").Op("=").Qual(WireImport, "NewAliasDecoder").Call(jen.Id("p").Dot("Payload")).Line().
		If(jen.Err().Op(":=").Id("v").Dot("readJSON").Call(jen.Op("&").Id("s").Dot("d")), jen.Err().Op("!=").Nil())
}

// pushDecl declares v, the typed payload of p; a struct is allocated with its decoder, in one
// allocation.
func (m *model) pushDecl(p *goPush) jen.Code {
	if p.Def != nil {
		return jen.Var().Id("v").Id(p.TypeName())
	}
	return jen.Id("s").Op(":=").New(jen.Struct(jen.Id("v").Id(p.TypeName()), jen.Id("d").Qual(WireImport, "Decoder"))).Line().
		Id("v").Op(":=").Op("&").Id("s").Dot("v")
}
