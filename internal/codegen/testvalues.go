package codegen

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/dave/jennifer/jen"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// This file makes the requests the generated tests send, for every transport from one place:
// a complete, valid request of an action (validRequest: every required param filled with a
// value of its type, a param with documented values with the first of them, optional params
// left out), the same request with one documented-values param set to a value the documents do
// not list (invalidRequests), and the table and test of Validate itself (validateCases,
// TestValidate). TestActions (RTM), TestWebActions, TestWebBatches, TestWebUploads, TestPages and
// TestErrorsSameAcrossTransports all send these requests.

// badValue is the value the generated tests give a param with documented values to see it refused.
const badValue = "value_from_the_future"

// Filled values, by kind.
const (
	fillString = "X1"
	fillTime   = "2020-05-07T07:11:28.288340Z"
)

// validRequest is a complete, valid request of these fields as one line of JSON ("" for none):
// decoding it into the request and encoding that gives it back, and Validate accepts it.
func (m *model) validRequest(fields []*goField) string {
	if fields == nil {
		return ""
	}
	return mustJSON(m.validFields(fields, 0))
}

func mustJSON(v any) string {
	data, err := json.Marshal(v) // maps marshal with sorted keys: the output is deterministic
	if err != nil {
		panic("codegen: a filled request does not encode: " + err.Error())
	}
	return string(data)
}

// validFields fills the required fields of a struct.
func (m *model) validFields(fields []*goField, depth int) map[string]any {
	out := map[string]any{}
	for _, fl := range fields {
		if fl.Required {
			out[fl.Wire] = m.validField(fl, depth)
		}
	}
	return out
}

// validField is a value of one field: the first documented value, or a value of its type.
func (m *model) validField(fl *goField, depth int) any {
	if _, values := m.enumOf(fl); len(values) > 0 {
		return shaped(fl.Ref, values[0].Value)
	}
	return m.validValue(fl.Ref, fl.Inline, depth)
}

// shaped puts a value in a list or map when ref is one.
func shaped(ref *spec.TypeRef, v any) any {
	switch ref.Kind {
	case spec.Slice:
		return []any{v}
	case spec.Map:
		return map[string]any{fillString: v}
	}
	return v
}

// validValue is a value of a type expression; inline is the struct of an inline object.
func (m *model) validValue(ref *spec.TypeRef, inline *goStruct, depth int) any {
	if depth > 8 {
		return nil // a type that requires itself: nothing finite is valid
	}
	switch ref.Kind {
	case spec.String, spec.Any:
		return fillString
	case spec.Time:
		return fillTime
	case spec.Int, spec.Float:
		return 1
	case spec.Bool:
		return true
	case spec.Object:
		if inline == nil {
			return map[string]any{}
		}
		return m.validFields(inline.Fields, depth+1)
	case spec.Slice, spec.Map:
		return shaped(ref, m.validValue(ref.Elem, inline, depth+1))
	case spec.Named:
		if u := m.union(ref.Name); u != nil && len(u.Variants) > 0 {
			v := u.Variants[0]
			obj := map[string]any{}
			if st := m.structNamed(v.Type); st != nil {
				obj = m.validFields(st.Fields, depth+1)
			}
			obj[u.Discriminator] = v.Value
			return obj
		}
		if st := m.structNamed(ref.Name); st != nil {
			obj := m.validFields(st.Fields, depth+1)
			if st.Disc != nil {
				obj[st.Disc.Wire] = st.DiscValue
			}
			return obj
		}
		if t := m.typeOf(ref.Name); t != nil && t.Kind == spec.DefType {
			if len(t.Enum) > 0 {
				return t.Enum[0].Value
			}
			return m.validValue(t.Def, nil, depth+1)
		}
	}
	return fillString
}

// formText is a filled scalar as a form field's text.
func formText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case bool:
		return strconv.FormatBool(v)
	}
	return fmt.Sprint(v)
}

// invalidRequest is a valid request with one param set to badValue.
type invalidRequest struct {
	Param   string // dotted wire name
	Request string // JSON
	Allowed []string
}

// invalidRequests are, for each param with documented values, the valid request with that param
// (the one element of a list of them; the objects on its way created when optional) set to
// badValue.
func (m *model) invalidRequests(fields []*goField) []invalidRequest {
	var out []invalidRequest
	for _, e := range m.enumParams(fields) {
		req := m.validFields(fields, 0)
		obj := req
		for i, fl := range e.Path {
			if i == len(e.Path)-1 {
				obj[fl.Wire] = shaped(fl.Ref, badValue)
				break
			}
			inner := m.validFields(fl.Inline.Fields, i+1)
			obj[fl.Wire] = shaped(fl.Ref, inner)
			obj = inner
		}
		allowed := make([]string, len(e.Values))
		for i, v := range e.Values {
			allowed[i] = v.Value
		}
		out = append(out, invalidRequest{Param: e.Wire(), Request: mustJSON(req), Allowed: allowed})
	}
	return out
}

// missingParams are the wire names of the required params Validate reports in a zero request.
func (m *model) missingParams(a *goAction) []string {
	if !m.validated(a) {
		return nil
	}
	fields, _ := a.requestFields()
	missing, _ := m.checkable(fields)
	out := make([]string, len(missing))
	for i, fl := range missing {
		out[i] = fl.Wire
	}
	return out
}

// firstInvalid is the first invalid request of an action ("" when it has no param with
// documented values), for the transport tests.
func (m *model) firstInvalid(a *goAction) string {
	if !m.validated(a) {
		return ""
	}
	fields, _ := a.requestFields()
	if inv := m.invalidRequests(fields); len(inv) > 0 && a.Upload == nil {
		return inv[0].Request
	}
	return ""
}

// validateCases declares the table of TestValidate: every request with a Validate method.
func (m *model) validateCases(f *jen.File, pkg func(string) *jen.Statement) {
	f.Add(comment("validateCase is a request with a Validate method: what it reports for a zero request, the filled request it accepts, and one request per param with documented values that it refuses."))
	f.Type().Id("validateCase").Struct(
		jen.Id("action").String(),
		jen.Id("missing").Index().String().Comment("the required params Validate reports in a zero request"),
		jen.Id("valid").String().Comment("a complete request"),
		jen.Id("sample").String().Comment("the spec's sample request, or empty"),
		jen.Id("invalid").Index().Id("invalidCase"),
		jen.Id("validate").Func().Params(jen.Index().Byte()).Params(jen.Float64(), jen.Error()).Comment("Validate on a request decoded from JSON: allocations, result"),
	)
	f.Line()
	f.Add(comment("invalidCase is a complete request with param set to \"" + badValue + "\"."))
	f.Type().Id("invalidCase").Struct(
		jen.Id("param").String(),
		jen.Id("request").String(),
		jen.Id("allowed").Index().String(),
	)
	f.Line()
	f.Var().Id("validateCases").Op("=").Index().Id("validateCase").ValuesFunc(func(g *jen.Group) {
		for _, a := range m.actions {
			if !m.validated(a) || a.Upload != nil { // an upload's form has no JSON: TestWebUploads checks it
				continue
			}
			fields, typeName := a.requestFields()
			var invalid []jen.Code
			for _, inv := range m.invalidRequests(fields) {
				invalid = append(invalid, jen.Values(jen.Dict{
					jen.Id("param"):   jen.Lit(inv.Param),
					jen.Id("request"): jen.Lit(inv.Request),
					jen.Id("allowed"): strList(inv.Allowed),
				}))
			}
			d := jen.Dict{
				jen.Id("action"):  pkg(a.Const),
				jen.Id("missing"): strList(m.missingParams(a)),
				jen.Id("valid"):   jen.Lit(m.validRequest(fields)),
				jen.Id("validate"): jen.Func().Params(jen.Id("b").Index().Byte()).Params(jen.Float64(), jen.Error()).Block(
					jen.Id("r").Op(":=").New(pkg(typeName)),
					jen.If(jen.Err().Op(":=").Qual("encoding/json", "Unmarshal").Call(jen.Id("b"), jen.Id("r")), jen.Err().Op("!=").Nil()).Block(
						jen.Return(jen.Lit(0), jen.Err()),
					),
					jen.Var().Err().Error(),
					jen.Id("n").Op(":=").Qual("testing", "AllocsPerRun").Call(jen.Lit(10), jen.Func().Params().Block(jen.Err().Op("=").Id("r").Dot("Validate").Call())),
					jen.Return(jen.Id("n"), jen.Err()),
				),
			}
			if sample := compactJSON(a.Spec.Example.Request); sample != "" {
				d[jen.Id("sample")] = jen.Lit(sample)
			}
			if len(invalid) > 0 {
				d[jen.Id("invalid")] = jen.Index().Id("invalidCase").Values(invalid...)
			}
			g.Values(d)
		}
	})
	f.Line()
}

// validateHarness is TestValidate, part of the generated test of a package's first transport.
func validateHarness(pkg string) string {
	return `
// TestValidate: every request with a Validate method refuses a zero request naming exactly its
// missing required params, refuses each param with documented values set to a value outside
// them (naming the param, the value and the documented values), and accepts a complete request
// and the spec's sample without allocating.
func TestValidate(t *testing.T) {
	for _, tc := range validateCases {
		t.Run(tc.action, func(t *testing.T) {
			if len(tc.missing) > 0 {
				_, err := tc.validate([]byte("{}"))
				var me *rtm.MissingParamsError
				if !errors.As(err, &me) {
					t.Fatalf("a zero request: got error %v, want an *rtm.MissingParamsError", err)
				}
				if diff := cmp.Diff(&rtm.MissingParamsError{Package: "` + pkg + `", Action: tc.action, Params: tc.missing}, me); diff != "" {
					t.Errorf("a zero request (-want +got):\n%s", diff)
				}
			}
			for _, ok := range []struct{ what, request string }{{"a complete request", tc.valid}, {"the sample request", tc.sample}} {
				if ok.request == "" {
					continue
				}
				allocs, err := tc.validate([]byte(ok.request))
				if err != nil {
					t.Errorf("%s %s fails Validate: %v", ok.what, ok.request, err)
				}
				if allocs != 0 {
					t.Errorf("Validate of %s allocates %v times, want 0", ok.what, allocs)
				}
			}
			for _, inv := range tc.invalid {
				_, err := tc.validate([]byte(inv.request))
				var ie *rtm.InvalidParamError
				if !errors.As(err, &ie) {
					t.Errorf("%s: got error %v, want an *rtm.InvalidParamError", inv.request, err)
					continue
				}
				want := &rtm.InvalidParamError{Package: "` + pkg + `", Action: tc.action, Param: inv.param, Value: "` + badValue + `", Allowed: inv.allowed}
				if diff := cmp.Diff(want, ie); diff != "" {
					t.Errorf("%s (-want +got):\n%s", inv.request, diff)
				}
			}
		})
	}
}
`
}
