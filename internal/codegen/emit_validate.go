package codegen

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// This file emits validate.go: for every request (of any transport: RTM, Web API, a multipart
// upload, each request of a batch) with required params whose zero value can be told from a
// meant value, or with params that have documented values, a Validate method that every method
// sending the request calls first:
//
//	func (x *AddUserToChatRequest) Validate() error {
//		if x.ChatID == "" || x.UserID == "" {
//			var missing []string
//			if x.ChatID == "" {
//				missing = append(missing, "chat_id")
//			}
//			...
//			return &rtm.MissingParamsError{Package: "v36", Action: ActionAddUserToChat, Params: missing}
//		}
//		switch x.Visibility {
//		case VisibilityAll, VisibilityAgents:
//		default:
//			return &rtm.InvalidParamError{Package: "v36", Action: ActionAddUserToChat, Param: "visibility", Value: string(x.Visibility), Allowed: []string{"all", "agents"}}
//		}
//		if x.SortOrder != nil { // an optional param is checked when it is set
//			switch *x.SortOrder { ... }
//		}
//		return nil
//	}
//
// The happy path is one comparison per check and allocates nothing. Missing means an empty
// string (times and value sets are strings) or a nil slice, map, union or any; numbers, bools
// and structs are never missing. Documented values are checked in the params and in the inline
// objects of params (filters.author_type), not inside the named types a request shares with
// responses. See testdata/golden/validate.go.golden.

// MissingDoc says which zero values count as missing, for the generated docs.
const MissingDoc = "a required param is missing when it is an empty string (or time, or value of a value set) or a nil slice, map, union or any; numbers, bools and structs are never missing, since their zero value may be meant"

// EnumDoc says how documented values are checked, for the generated docs (a sentence).
const EnumDoc = "A param with documented values (a required one, an optional one that is set, each element of a list) holding another value fails with an *rtm.InvalidParamError naming the param, the value and the documented values"

// checkable returns the required fields whose missing value Validate can see, and for each the
// condition that holds when it is missing.
func (m *model) checkable(fields []*goField) ([]*goField, []*jen.Statement) {
	var out []*goField
	var absent []*jen.Statement
	for _, fl := range fields {
		if !fl.Required {
			continue
		}
		x := jen.Id("x").Dot(fl.Name)
		switch {
		case m.nilable(fl.Ref):
			absent = append(absent, x.Clone().Op("==").Nil())
		case m.stringLike(fl.Ref):
			absent = append(absent, x.Clone().Op("==").Lit(""))
		default:
			continue
		}
		out = append(out, fl)
	}
	return out, absent
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

// enumOf returns the documented values of a string type expression's leaf (through one list or
// map) and the Go type holding them ("" for a plain string with values), or nil.
func (m *model) enumOf(fl *goField) (string, []spec.EnumValue) {
	ref := fl.Ref
	if ref.Kind == spec.Slice || ref.Kind == spec.Map {
		ref = ref.Elem
	}
	for range 100 {
		switch ref.Kind {
		case spec.String:
			if len(fl.Enum) > 0 && fl.Ref.Innermost().Kind == spec.String {
				return "", fl.Enum
			}
			return "", nil
		case spec.Named:
			t := m.typeOf(ref.Name)
			if t == nil || t.Kind != spec.DefType {
				return "", nil
			}
			if len(t.Enum) > 0 && m.stringLike(t.Def) {
				return ref.Name, t.Enum
			}
			ref = t.Def
			continue
		}
		return "", nil
	}
	return "", nil
}

// enumParam is one param (or field of an inline object of a param) with documented values.
type enumParam struct {
	Path   []*goField // from the request's field down to the field with the values
	Type   string     // the Go type of the values, "" for a plain string
	Values []spec.EnumValue
}

// Wire is the param's dotted wire name: "filters.author_type", "chat.users[].type" (an
// element of a list or map of objects).
func (e enumParam) Wire() string {
	names := make([]string, len(e.Path))
	for i, fl := range e.Path {
		names[i] = fl.Wire
		if i < len(e.Path)-1 && (fl.Ref.Kind == spec.Slice || fl.Ref.Kind == spec.Map) {
			names[i] += "[]"
		}
	}
	return strings.Join(names, ".")
}

// optional reports whether the param may be absent: a field on its path is optional.
func (e enumParam) optional() bool {
	for _, fl := range e.Path {
		if !fl.Required {
			return true
		}
	}
	return false
}

// enumParams lists the fields with documented values of a request, and those of the inline
// objects of its fields, in field order.
func (m *model) enumParams(fields []*goField) []enumParam {
	var out []enumParam
	var walk func(path []*goField, fields []*goField)
	walk = func(path []*goField, fields []*goField) {
		if len(path) > 8 {
			return
		}
		for _, fl := range fields {
			p := append(append([]*goField(nil), path...), fl)
			if typ, values := m.enumOf(fl); len(values) > 0 {
				out = append(out, enumParam{Path: p, Type: typ, Values: values})
				continue
			}
			if fl.Inline != nil && inlineShape(fl.Ref) {
				walk(p, fl.Inline.Fields)
			}
		}
	}
	walk(nil, fields)
	return out
}

// inlineShape reports whether Validate reaches into an inline object of this shape: object,
// []object or map[string]object.
func inlineShape(ref *spec.TypeRef) bool {
	switch ref.Kind {
	case spec.Object:
		return true
	case spec.Slice, spec.Map:
		return ref.Elem.Kind == spec.Object
	}
	return false
}

// requestChecks is what Validate checks of a request's fields.
type requestChecks struct {
	missing []*goField
	absent  []*jen.Statement // per missing field, the condition that holds when it is missing
	enums   []enumParam
}

func (m *model) requestChecks(fields []*goField) requestChecks {
	var c requestChecks
	c.missing, c.absent = m.checkable(fields)
	c.enums = m.enumParams(fields)
	return c
}

func (c requestChecks) empty() bool { return len(c.missing) == 0 && len(c.enums) == 0 }

// requestFields are the fields of the action's request that Validate checks (the form fields of
// an upload), or nil when it has no request.
func (a *goAction) requestFields() ([]*goField, string) {
	switch {
	case a.Upload != nil:
		return a.Upload.Fields, a.Upload.Name
	case a.Request != nil:
		return a.Request.Fields, a.Request.Name
	}
	return nil, ""
}

// validated reports whether the action's request has a Validate method.
func (m *model) validated(a *goAction) bool {
	if a.BatchOf != nil || (!a.Spec.RTM() && !a.Spec.Web()) {
		return false
	}
	fields, _ := a.requestFields()
	return fields != nil && !m.requestChecks(fields).empty()
}

// callers names the methods that call the action's Validate ("Client.SendEvent and
// WebClient.SendEvent"), and how many they are.
func (m *model) callers(a *goAction) (string, int) {
	var out []string
	if a.Spec.RTM() {
		out = append(out, "Client."+a.Method)
	}
	if a.Spec.Web() {
		out = append(out, "WebClient."+a.Method)
	}
	for _, b := range m.actions {
		if b.BatchOf == a {
			out = append(out, "WebClient."+b.Method+" (for each request)")
		}
	}
	switch len(out) {
	case 1:
		return out[0], 1
	case 2:
		return out[0] + " and " + out[1], 2
	}
	return strings.Join(out[:len(out)-1], ", ") + " and " + out[len(out)-1], len(out)
}

// validateFile declares the Validate methods.
func (m *model) validateFile(f *jen.File) {
	for _, a := range m.actions {
		if !m.validated(a) {
			continue
		}
		fields, typeName := a.requestFields()
		c := m.requestChecks(fields)
		var parts []string
		if len(c.missing) > 0 {
			wires := make([]string, len(c.missing))
			for i, fl := range c.missing {
				wires[i] = fl.Wire + map[bool]string{true: " (nil)", false: " (empty)"}[m.nilable(fl.Ref)]
			}
			parts = append(parts, "an *rtm.MissingParamsError naming the required params of x that are missing: "+strings.Join(wires, ", "))
		}
		if len(c.enums) > 0 {
			wires := make([]string, len(c.enums))
			for i, e := range c.enums {
				wires[i] = e.Wire()
			}
			what := "an *rtm.InvalidParamError for the first param outside its documented values: "
			if len(c.missing) > 0 {
				what = "then " + what
			}
			what += strings.Join(wires, ", ")
			for _, e := range c.enums {
				if e.optional() {
					what += " (an optional one only when set)"
					break
				}
			}
			parts = append(parts, what)
		}
		callers, n := m.callers(a)
		verb := "calls"
		if n > 1 {
			verb = "call"
		}
		f.Add(comment(fmt.Sprintf("Validate returns nil, or %s. %s %s it before sending.", strings.Join(parts, "; "), callers, verb)))
		f.Func().Params(jen.Id("x").Op("*").Id(typeName)).Id("Validate").Params().Error().BlockFunc(func(g *jen.Group) {
			if len(c.missing) > 0 {
				cond := jen.Null()
				for i, p := range c.absent {
					if i > 0 {
						cond.Op("||")
					}
					cond.Add(p.Clone())
				}
				g.If(cond).BlockFunc(func(g *jen.Group) {
					g.Var().Id("missing").Index().String()
					for i, fl := range c.missing {
						g.If(c.absent[i]).Block(
							jen.Id("missing").Op("=").Append(jen.Id("missing"), jen.Lit(fl.Wire)),
						)
					}
					g.Return(jen.Op("&").Qual(RTMImport, "MissingParamsError").Values(jen.Dict{
						jen.Id("Package"): jen.Lit(m.pkgName),
						jen.Id("Action"):  jen.Id(a.Const),
						jen.Id("Params"):  jen.Id("missing"),
					}))
				})
			}
			for _, e := range c.enums {
				g.Add(m.enumCheck(a, e, jen.Id("x"), 0))
			}
			g.Return(jen.Nil())
		})
		f.Line()
	}
}

// enumCheck is the check of one enumParam below the value x (a struct or a pointer to one),
// from its path's element i: through optional objects (if x.F != nil), lists and maps of
// objects (for _, v := range x.F) down to the switch on the value.
func (m *model) enumCheck(a *goAction, e enumParam, x *jen.Statement, i int) jen.Code {
	fl := e.Path[i]
	v := x.Clone().Dot(fl.Name)
	optional := !fl.Required && !m.nilable(fl.Ref)
	item := jen.Id(fmt.Sprintf("v%d", i))
	if i < len(e.Path)-1 {
		switch fl.Ref.Kind {
		case spec.Slice, spec.Map:
			return jen.For(jen.List(jen.Id("_"), item.Clone()).Op(":=").Range().Add(v)).Block(m.enumCheck(a, e, item, i+1))
		}
		if optional {
			return jen.If(v.Clone().Op("!=").Nil()).Block(m.enumCheck(a, e, v, i+1))
		}
		return m.enumCheck(a, e, v, i+1)
	}
	switch fl.Ref.Kind {
	case spec.Slice, spec.Map:
		return jen.For(jen.List(jen.Id("_"), item.Clone()).Op(":=").Range().Add(v)).Block(m.valueSwitch(a, e, item))
	}
	if optional {
		return jen.If(v.Clone().Op("!=").Nil()).Block(m.valueSwitch(a, e, jen.Op("*").Add(v)))
	}
	return m.valueSwitch(a, e, v)
}

// valueSwitch is the switch that returns an *rtm.InvalidParamError unless v is a documented value.
func (m *model) valueSwitch(a *goAction, e enumParam, v *jen.Statement) jen.Code {
	cases := make([]jen.Code, len(e.Values))
	allowed := make([]jen.Code, len(e.Values))
	for i, ev := range e.Values {
		if e.Type != "" {
			cases[i] = jen.Id(EnumConst(e.Type, ev.Value))
		} else {
			cases[i] = jen.Lit(ev.Value)
		}
		allowed[i] = jen.Lit(ev.Value)
	}
	value := v.Clone()
	if e.Type != "" {
		value = jen.String().Parens(v.Clone())
	}
	return jen.Switch(v.Clone()).Block(
		jen.Case(cases...),
		jen.Default().Block(jen.Return(jen.Op("&").Qual(RTMImport, "InvalidParamError").Values(jen.Dict{
			jen.Id("Package"): jen.Lit(m.pkgName),
			jen.Id("Action"):  jen.Id(a.Const),
			jen.Id("Param"):   jen.Lit(e.Wire()),
			jen.Id("Value"):   value,
			jen.Id("Allowed"): jen.Index().String().Values(allowed...),
		}))),
	)
}

// validateCall is the statement a method runs before sending req: return its Validate error.
func validateCall(a *goAction, req jen.Code) jen.Code {
	ret := []jen.Code{jen.Err()}
	if a.ResponseName() != "" {
		ret = []jen.Code{jen.Nil(), jen.Err()}
	}
	return jen.If(jen.Err().Op(":=").Add(req).Dot("Validate").Call(), jen.Err().Op("!=").Nil()).Block(jen.Return(ret...))
}

// validateDoc is the sentence of a method's doc that says what fails before sending ("" when
// nothing is checked); required are the required params.
func (m *model) validateDoc(a *goAction, required []string) string {
	if !m.validated(a) {
		return ""
	}
	fields, typeName := a.requestFields()
	c := m.requestChecks(fields)
	var what []string
	if len(c.missing) > 0 && len(required) > 0 {
		what = append(what, "missing one")
	}
	if len(c.enums) > 0 {
		what = append(what, "with a value outside the documented ones")
	}
	if len(what) == 0 {
		return ""
	}
	return " A request " + strings.Join(what, " or ") + " fails before it is sent (see " + typeName + ".Validate)."
}

// validatedCount is the number of actions whose requests are checked.
func (m *model) validatedCount() int {
	n := 0
	for _, a := range m.actions {
		if m.validated(a) {
			n++
		}
	}
	return n
}
