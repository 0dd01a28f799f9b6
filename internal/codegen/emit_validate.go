package codegen

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// This file emits validate.go: for every request with required params whose zero value can be
// told from a meant value, a Validate method that the Client's method calls before sending:
//
//	func (x *SendEventRequest) Validate() error {
//		if x.ChatID != "" && x.Event != nil {
//			return nil
//		}
//		var missing []string
//		if x.ChatID == "" {
//			missing = append(missing, "chat_id")
//		}
//		...
//		return &rtm.MissingParamsError{Package: "v36", Action: ActionSendEvent, Params: missing}
//	}
//
// The happy path is one comparison per param and allocates nothing. Missing means an empty
// string (times and value sets are strings) or a nil slice, map, union or any; numbers, bools
// and structs are never missing. See testdata/golden/validate.go.golden.

// MissingDoc says which zero values count as missing, for the generated docs.
const MissingDoc = "a required param is missing when it is an empty string (or time, or value of a value set) or a nil slice, map, union or any; numbers, bools and structs are never missing, since their zero value may be meant"

// checkable returns the required fields whose missing value Validate can see, and for each the
// condition that holds when it is present.
func (m *model) checkable(st *goStruct) ([]*goField, []*jen.Statement, []*jen.Statement) {
	var fields []*goField
	var present, absent []*jen.Statement
	for _, fl := range st.Fields {
		if !fl.Required {
			continue
		}
		x := jen.Id("x").Dot(fl.Name)
		switch {
		case m.nilable(fl.Ref):
			present = append(present, x.Clone().Op("!=").Nil())
			absent = append(absent, x.Clone().Op("==").Nil())
		case m.stringLike(fl.Ref):
			present = append(present, x.Clone().Op("!=").Lit(""))
			absent = append(absent, x.Clone().Op("==").Lit(""))
		default:
			continue
		}
		fields = append(fields, fl)
	}
	return fields, present, absent
}

// stringLike reports whether the Go type of ref is a string or a definition of one.
func (m *model) stringLike(ref *spec.TypeRef) bool {
	for range 100 {
		switch ref.Kind {
		case spec.String, spec.Time:
			return true
		case spec.Named:
			t := m.typeOf(ref.Name)
			if t == nil || t.Kind != spec.DefType {
				return false
			}
			ref = t.Def
			continue
		}
		return false
	}
	return false
}

// validated reports whether the action's request has a Validate method.
func (m *model) validated(a *goAction) bool {
	if a.Request == nil {
		return false
	}
	fields, _, _ := m.checkable(a.Request)
	return len(fields) > 0
}

// validateFile declares the Validate methods.
func (m *model) validateFile(f *jen.File) {
	for _, a := range m.actions {
		if !a.Spec.RTM() || !m.validated(a) {
			continue
		}
		fields, present, absent := m.checkable(a.Request)
		wires := make([]string, len(fields))
		for i, fl := range fields {
			wires[i] = fl.Wire + map[bool]string{true: " (nil)", false: " (empty)"}[m.nilable(fl.Ref)]
		}
		f.Add(comment(fmt.Sprintf("Validate returns nil, or an *rtm.MissingParamsError naming the required params of x that are missing: %s. Client.%s calls it before sending.",
			strings.Join(wires, ", "), a.Method)))
		cond := jen.Null()
		for i, p := range present {
			if i > 0 {
				cond.Op("&&")
			}
			cond.Add(p)
		}
		f.Func().Params(jen.Id("x").Op("*").Id(a.Request.Name)).Id("Validate").Params().Error().BlockFunc(func(g *jen.Group) {
			g.If(cond).Block(jen.Return(jen.Nil()))
			g.Var().Id("missing").Index().String()
			for i, fl := range fields {
				g.If(absent[i]).Block(
					jen.Id("missing").Op("=").Append(jen.Id("missing"), jen.Lit(fl.Wire)),
				)
			}
			g.Return(jen.Op("&").Qual(RTMImport, "MissingParamsError").Values(jen.Dict{
				jen.Id("Package"): jen.Lit(m.pkgName),
				jen.Id("Action"):  jen.Id(a.Const),
				jen.Id("Params"):  jen.Id("missing"),
			}))
		})
		f.Line()
	}
}

// validatedCount is the number of actions whose requests are checked.
func (m *model) validatedCount() int {
	n := 0
	for _, a := range m.actions {
		if a.Spec.RTM() && m.validated(a) {
			n++
		}
	}
	return n
}
