package codegen

import (
	"github.com/dave/jennifer/jen"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// RTMImport is the import path of the transport package the generated code uses.
const RTMImport = "github.com/rtmkit/livechat-rtm/rtm"

// WireImport is the import path of the JSON plumbing the generated JSON code uses.
const WireImport = "github.com/rtmkit/livechat-rtm/internal/wire"

// baseType is the Go type of a type expression; inline is the struct of an inline object.
func (m *model) baseType(ref *spec.TypeRef, inline *goStruct) *jen.Statement {
	switch ref.Kind {
	case spec.String:
		return jen.String()
	case spec.Int:
		return jen.Int()
	case spec.Float:
		return jen.Float64()
	case spec.Bool:
		return jen.Bool()
	case spec.Any:
		return jen.Any()
	case spec.Time:
		return jen.Qual(RTMImport, "Time")
	case spec.Object:
		return jen.Id(inline.Name)
	case spec.Named:
		return jen.Id(ref.Name)
	case spec.Slice:
		return jen.Index().Add(m.baseType(ref.Elem, inline))
	case spec.Map:
		return jen.Map(jen.String()).Add(m.baseType(ref.Elem, inline))
	}
	panic("codegen: unknown kind " + ref.String())
}

// nilable reports whether the Go type of ref has a nil value of its own (see Nilable).
func (m *model) nilable(ref *spec.TypeRef) bool { return Nilable(m.spec, ref) }

// fieldType is the Go type of a struct field: optional fields are pointers unless nil-able.
func (m *model) fieldType(f *goField) *jen.Statement {
	t := m.baseType(f.Ref, f.Inline)
	if !f.Required && !m.nilable(f.Ref) {
		return jen.Op("*").Add(t)
	}
	return t
}

// fieldTag is the json struct tag of a field. Optional fields use omitzero: nil is left out,
// while an empty but non-nil slice or map is kept, so [] and {} survive a round trip.
func fieldTag(f *goField) map[string]string {
	if f.Required {
		return map[string]string{"json": f.Wire}
	}
	return map[string]string{"json": f.Wire + ",omitzero"}
}
