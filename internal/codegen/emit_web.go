package codegen

import (
	"fmt"
	"go/format"
	"net/url"
	"sort"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// WebImport is the import path of the Web API transport package the generated code uses.
const WebImport = "github.com/rtmkit/livechat-rtm/web"

// webClientMethods are the WebClient's own methods; no action may take their names.
var webClientMethods = []string{"Web"}

// goUpload is the request of a multipart Web API action: the file and the other form fields.
type goUpload struct {
	Name      string
	FileField *goField   // the param of type file
	Fields    []*goField // the other params: form fields
}

func (m *model) uploadOf(a *spec.Action) *goUpload {
	u := &goUpload{Name: RequestType(a.Name)}
	m.claim(a.Pos, u.Name, fmt.Sprintf("action %q request", a.Name))
	goNames := map[string]string{"File": "the file", "Validate": "the method Validate"}
	for _, p := range a.Params {
		gf := &goField{Wire: p.Name, Name: GoName(p.Name), Ref: p.Type, Required: p.Required, Doc: p.Doc, Enum: p.Enum, Default: p.Default}
		if p.Type != nil && p.Type.Kind == spec.File {
			u.FileField = gf
			continue
		}
		if prev, ok := goNames[gf.Name]; ok {
			m.errorf(p.Pos, "action %q request: form field %q: Go field %s.%s is already taken by %s", a.Name, p.Name, u.Name, gf.Name, prev)
			continue
		}
		goNames[gf.Name] = fmt.Sprintf("form field %q", p.Name)
		u.Fields = append(u.Fields, gf)
	}
	return u
}

// webActions are the actions with a WebClient method, in spec order.
func (m *model) webActions() []*goAction {
	var out []*goAction
	for _, a := range m.actions {
		if a.Spec.Web() {
			out = append(out, a)
		}
	}
	return out
}

func (m *model) webTitle() string {
	return fmt.Sprintf("%s%s Chat Web API v%s", strings.ToUpper(m.spec.API[:1]), m.spec.API[1:], m.spec.Version)
}

// methodSignature returns the params and results of an action's method, the same on Client and
// WebClient (so that both implement Actions).
func (m *model) methodSignature(a *goAction) (params []jen.Code, results []jen.Code) {
	params = []jen.Code{jen.Id("ctx").Qual("context", "Context")}
	if b := a.BatchOf; b != nil {
		params = append(params, jen.Id("reqs").Index().Op("*").Id(b.Request.Name), jen.Id("opts").Op("...").Qual(RTMImport, "CallOption"))
		return params, []jen.Code{jen.Index().Add(m.batchResult(b)), jen.Error()}
	}
	switch {
	case a.Upload != nil:
		params = append(params, jen.Id("req").Op("*").Id(a.Upload.Name))
	case a.Request != nil:
		params = append(params, jen.Id("req").Op("*").Id(a.Request.Name))
	}
	params = append(params, jen.Id("opts").Op("...").Qual(RTMImport, "CallOption"))
	switch {
	case a.ResponseDef != nil:
		results = []jen.Code{jen.Id(a.ResponseDef.Name), jen.Error()}
	case a.Response != nil:
		results = []jen.Code{jen.Op("*").Id(a.Response.Name), jen.Error()}
	default:
		results = []jen.Code{jen.Error()}
	}
	return params, results
}

// webFile declares WebClient, WebConfig, NewWebClient, a method per Web API action, the
// requests of multipart actions and the Actions interface both clients implement. Output shape:
//
//	const DefaultWebURL = "https://api.livechatinc.com/v3.6/agent"
//	type WebConfig struct{ Credentials web.Credentials; URL string; ... }
//	func NewWebClient(cfg WebConfig, opts ...web.Option) (*WebClient, error)
//	func (c *WebClient) SendEvent(ctx context.Context, req *SendEventRequest, opts ...rtm.CallOption) (*SendEventResponse, error)
//	type Actions interface{ SendEvent(...) ... } // the actions of both transports
func (m *model) webFile(f *jen.File) {
	w := m.spec.WebEndpoint()
	webQ := func(name string) *jen.Statement { return jen.Qual(WebImport, name) }
	basePath := ""
	if u, err := url.Parse(w.URL); err == nil {
		basePath = u.Path
	}

	f.Add(comment("DefaultWebURL is the base URL of the Web API NewWebClient uses by default: a call goes to DefaultWebURL + \"/action/<action>\"."))
	f.Const().Id("DefaultWebURL").Op("=").Lit(w.URL)
	f.Line()

	// WebConfig.
	f.Add(comment("WebConfig says how NewWebClient reaches the Web API."))
	f.Type().Id("WebConfig").StructFunc(func(g *jen.Group) {
		g.Add(comment("Credentials authenticate every request (required): web.Bearer(token) for an access token, web.PersonalAccessToken(accountID, token), or web.BearerFunc / web.TokenFunc for a token that is refreshed."))
		g.Id("Credentials").Add(webQ("Credentials"))
		doc := "URL, when set, replaces DefaultWebURL, e.g. with a webtest server's URL() + " + fmt.Sprintf("%q", basePath) + "."
		if len(w.Regions) > 0 {
			doc += " Without it, a token whose prefix names a region (\"fra:...\") goes to that region's host."
		}
		g.Add(comment(doc))
		g.Id("URL").String()
		m.queryFields(g, w.Query, " of every request")
	})
	f.Line()

	f.Add(comment(fmt.Sprintf("WebClient is a typed client of the %s: each call is one HTTPS request, with the same request and response types as Client; actions that only one transport has are only on its client. Failed calls return the same *rtm.Error as Client (with the HTTP status), or a transport error of package web. Its methods are safe for concurrent use.", m.webTitle())))
	f.Type().Id("WebClient").Struct(jen.Id("web").Op("*").Add(webQ("Client")))
	f.Line()

	var defaults []jen.Code
	var notes []string
	switch w.AuthorID {
	case "header":
		defaults = append(defaults, webQ("WithAuthorID").Call(webQ("AuthorIDHeader")))
		notes = append(notes, "rtm.WithAuthorID is sent as the X-Author-Id header")
	case "body":
		defaults = append(defaults, webQ("WithAuthorID").Call(webQ("AuthorIDBody")))
		notes = append(notes, "payloads are wrapped in {\"payload\": ...} and rtm.WithAuthorID is sent beside it as author_id")
	default:
		notes = append(notes, "the version has no author ID: a call with rtm.WithAuthorID fails with web.ErrAuthorIDUnsupported")
	}
	if w.Payload == "wrapped" && w.AuthorID != "body" {
		defaults = append(defaults, webQ("WithWrappedPayload").Call())
		notes = append(notes, "payloads are wrapped in {\"payload\": ...}")
	}
	f.Add(comment("NewWebClient returns a WebClient as cfg says, with the version's defaults (" + strings.Join(notes, "; ") + "), which opts may override. It sends nothing."))
	f.Func().Id("NewWebClient").Params(jen.Id("cfg").Id("WebConfig"), jen.Id("opts").Op("...").Add(webQ("Option"))).Params(jen.Op("*").Id("WebClient"), jen.Error()).BlockFunc(func(g *jen.Group) {
		g.Id("base").Op(":=").Id("DefaultWebURL")
		g.Id("all").Op(":=").Make(jen.Index().Add(webQ("Option")), jen.Lit(0), jen.Len(jen.Id("opts")).Op("+").Lit(len(defaults)+len(w.Query)+1))
		if len(defaults) > 0 {
			g.Id("all").Op("=").Append(append([]jen.Code{jen.Id("all")}, defaults...)...)
		}
		if len(w.Regions) > 0 {
			dict := jen.Dict{}
			for _, r := range w.Regions {
				dict[jen.Lit(r.Name)] = jen.Lit(r.URL)
			}
			g.If(jen.Id("cfg").Dot("URL").Op("==").Lit("")).Block(
				jen.Id("all").Op("=").Append(jen.Id("all"), webQ("WithRegions").Call(jen.Map(jen.String()).String().Values(dict))),
			)
		}
		g.If(jen.Id("cfg").Dot("URL").Op("!=").Lit("")).Block(jen.Id("base").Op("=").Id("cfg").Dot("URL"))
		for _, q := range w.Query {
			name := QueryField(q.Name)
			val := jen.Id("cfg").Dot(name)
			if !q.Required {
				val = jen.Op("*").Id("cfg").Dot(name)
			}
			add := jen.Id("all").Op("=").Append(jen.Id("all"), webQ("WithQuery").Call(jen.Lit(q.Name), formatScalar(q.Type.Kind, val)))
			switch {
			case !q.Required:
				g.If(jen.Id("cfg").Dot(name).Op("!=").Nil()).Block(add)
			case q.Type.Kind == spec.Bool:
				g.Add(add)
			default:
				zero := jen.Lit(0)
				switch q.Type.Kind {
				case spec.String:
					zero = jen.Lit("")
				case spec.Float:
					zero = jen.Lit(0.0)
				}
				g.If(jen.Id("cfg").Dot(name).Op("==").Add(zero)).Block(
					jen.Return(jen.Nil(), jen.Qual("errors", "New").Call(jen.Lit(fmt.Sprintf("%s: WebConfig.%s is required (query parameter %s)", m.pkgName, name, q.Name)))),
				)
				g.Add(add)
			}
		}
		g.Id("all").Op("=").Append(jen.Id("all"), jen.Id("opts").Op("..."))
		g.List(jen.Id("c"), jen.Err()).Op(":=").Add(webQ("New")).Call(jen.Id("base"), jen.Id("cfg").Dot("Credentials"), jen.Id("all").Op("..."))
		g.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err()))
		g.Return(jen.Op("&").Id("WebClient").Values(jen.Dict{jen.Id("web"): jen.Id("c")}), jen.Nil())
	})
	f.Line()
	f.Add(comment("Web returns the underlying Web API client (for Stats and raw calls)."))
	f.Func().Params(jen.Id("c").Op("*").Id("WebClient")).Id("Web").Params().Op("*").Add(webQ("Client")).Block(jen.Return(jen.Id("c").Dot("web")))
	f.Line()

	for _, a := range m.webActions() {
		if a.Upload != nil {
			m.uploadDecl(f, a)
		}
		m.webMethod(f, a, w)
	}

	if m.spec.WebOnly() {
		return // no RTM Client: no Actions interface shared with it
	}
	// Actions.
	var both []*goAction
	for _, a := range m.actions {
		if a.Spec.RTM() && a.Spec.Web() {
			both = append(both, a)
		}
	}
	f.Add(comment("Actions is the method set Client (RTM) and WebClient (Web API) share: the actions both transports have. A program written against it switches transport by changing one constructor, Dial or NewWebClient."))
	f.Type().Id("Actions").InterfaceFunc(func(g *jen.Group) {
		for _, a := range both {
			params, results := m.methodSignature(a)
			g.Id(a.Method).Params(params...).Params(results...)
		}
	})
	f.Line()
	f.Var().Defs(
		jen.Id("_").Id("Actions").Op("=").Parens(jen.Op("*").Id("Client")).Parens(jen.Nil()),
		jen.Id("_").Id("Actions").Op("=").Parens(jen.Op("*").Id("WebClient")).Parens(jen.Nil()),
	)
}

// formatScalar is the query-string text of a scalar value.
func formatScalar(k spec.Kind, val jen.Code) jen.Code {
	switch k {
	case spec.Int:
		return jen.Qual("strconv", "Itoa").Call(val)
	case spec.Bool:
		return jen.Qual("strconv", "FormatBool").Call(val)
	case spec.Float:
		return jen.Qual("strconv", "FormatFloat").Call(val, jen.LitByte('g'), jen.Lit(-1), jen.Lit(64))
	}
	return val
}

// formatField is formatScalar for a field, converting a string definition (an enum) to string.
func (m *model) formatField(ref *spec.TypeRef, val jen.Code) jen.Code {
	if ref.Kind == spec.Named && m.scalarKind(ref) == spec.String {
		return jen.String().Call(val)
	}
	return formatScalar(m.scalarKind(ref), val)
}

// scalarKind is the kind of a scalar or of the definition it names.
func (m *model) scalarKind(ref *spec.TypeRef) spec.Kind {
	if ref.Kind == spec.Named {
		if d := m.def(ref.Name); d != nil {
			return m.scalarKind(d.Ref)
		}
	}
	return ref.Kind
}

func (m *model) uploadDecl(f *jen.File, a *goAction) {
	u := a.Upload
	f.Add(comment(fmt.Sprintf("%s is the request of the %s action (WebClient.%s): a multipart/form-data upload of File%s.",
		u.Name, a.Spec.Name, a.Method, map[bool]string{true: " with form fields", false: ""}[len(u.Fields) > 0])))
	f.Type().Id(u.Name).StructFunc(func(g *jen.Group) {
		doc := "File is the file, the form part " + u.FileField.Wire + "."
		if u.FileField.Doc != "" {
			doc += " " + sentence(u.FileField.Doc)
		}
		g.Add(comment(doc))
		g.Id("File").Qual(WebImport, "File")
		for _, fl := range u.Fields {
			if d := fieldDoc(fl); d != "" {
				g.Add(comment(d))
			}
			t := m.baseType(fl.Ref, nil)
			if !fl.Required {
				t = jen.Op("*").Add(t)
			}
			g.Id(fl.Name).Add(t)
		}
	})
	f.Line()
}

// batchResult is the result type of one request of a batch of b: web.BatchResult[<b's response>].
func (m *model) batchResult(b *goAction) jen.Code {
	var resp jen.Code = jen.Struct()
	if n := b.ResponseName(); n != "" {
		resp = jen.Id(n)
	}
	return jen.Qual(WebImport, "BatchResult").Types(resp)
}

// batchMethod is the method of a batch action: the batched action's requests in, one
// web.BatchResult per request out.
func (m *model) batchMethod(f *jen.File, a *goAction) {
	b := a.BatchOf
	doc := declDoc(a.Method, sentence(a.Spec.Doc)) + "\n\nIt is the " + a.Spec.Name + " action: POST DefaultWebURL/action/" + a.Spec.Name +
		" with {\"requests\": reqs}. Web API only. Each result holds the response of one request or its *rtm.Error, in the order of reqs; the error is the call's own (HTTP, transport, or a response count that does not match)."
	if m.validated(b) {
		doc += " A request of reqs that fails " + b.Request.Name + ".Validate fails the call before anything is sent, with that error (wrapped, naming its index)."
	}
	if len(a.Spec.Scopes) > 0 {
		doc += " Scopes: " + strings.Join(a.Spec.Scopes, ", ") + "."
	}
	f.Add(comment(doc))
	params, results := m.methodSignature(a)
	var resp jen.Code = jen.Struct()
	if n := b.ResponseName(); n != "" {
		resp = jen.Id(n)
	}
	var body []jen.Code
	if m.validated(b) {
		body = append(body, jen.For(jen.List(jen.Id("i"), jen.Id("req")).Op(":=").Range().Id("reqs")).Block(
			jen.If(jen.Id("req").Op("==").Nil()).Block(jen.Id("req").Op("=").New(jen.Id(b.Request.Name))),
			jen.If(jen.Err().Op(":=").Id("req").Dot("Validate").Call(), jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Nil(), jen.Qual("fmt", "Errorf").Call(jen.Lit(m.pkgName+": "+a.Spec.Name+": requests[%d]: %w"), jen.Id("i"), jen.Err())),
			),
		))
	}
	body = append(body, jen.Return(jen.Qual(WebImport, "CallBatch").Types(jen.Op("*").Id(b.Request.Name), resp).Call(
		jen.Id("ctx"), jen.Id("c").Dot("web"), jen.Id(a.Const), jen.Id("reqs"), jen.Id("opts").Op("..."))))
	f.Func().Params(jen.Id("c").Op("*").Id("WebClient")).Id(a.Method).Params(params...).Params(results...).Block(body...)
	f.Line()
}

func (m *model) webMethod(f *jen.File, a *goAction, w *spec.Web) {
	if a.BatchOf != nil {
		m.batchMethod(f, a)
		return
	}
	s := a.Spec
	method := s.HTTP.Method
	if method == "" {
		method = "POST"
	}
	doc := declDoc(a.Method, sentence(s.Doc)) + "\n\nIt is the " + s.Name + " action: " + method + " DefaultWebURL/action/" + s.Name
	switch {
	case a.Upload != nil:
		doc += " as multipart/form-data, the file streamed from req.File.Body (see web.Client.Upload)."
	case method == "GET":
		doc += " with the params in the query string."
	default:
		doc += "."
	}
	if !s.RTM() {
		doc += " Web API only."
	}
	if s.HTTP.NoAuth {
		doc += " It sends no Authorization header."
	}
	if req := names(s.Params, true); len(req) > 0 {
		doc += " Required params: " + strings.Join(req, ", ") + "."
	}
	doc += m.validateDoc(a, names(s.Params, true))
	if len(s.Scopes) > 0 {
		doc += " Scopes: " + strings.Join(s.Scopes, ", ") + "."
	}
	if s.Deprecated != "" {
		doc += "\n\nDeprecated: " + s.Deprecated
	}
	f.Add(comment(doc))
	params, results := m.methodSignature(a)
	fn := f.Func().Params(jen.Id("c").Op("*").Id("WebClient")).Id(a.Method).Params(params...).Params(results...)

	var body []jen.Code
	var resultArg jen.Code = jen.Nil()
	var ret func(err jen.Code) []jen.Code
	switch {
	case a.ResponseDef != nil:
		body = append(body, jen.Var().Id("resp").Id(a.ResponseDef.Name))
		resultArg = jen.Op("&").Id("resp")
	case a.Response != nil:
		body = append(body, jen.Id("resp").Op(":=").New(jen.Id(a.Response.Name)))
		resultArg = jen.Id("resp")
	}
	hasResp := a.ResponseDef != nil || a.Response != nil
	ret = func(call jen.Code) []jen.Code {
		if !hasResp {
			return []jen.Code{jen.Return(call)}
		}
		return []jen.Code{
			jen.If(jen.Err().Op(":=").Add(call), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
			jen.Return(jen.Id("resp"), jen.Nil()),
		}
	}
	opts := jen.Id("opts").Op("...")
	switch {
	case a.Upload != nil:
		u := a.Upload
		noReq := []jen.Code{jen.Qual("errors", "New").Call(jen.Lit(m.pkgName + ": " + a.Method + ": no request (its File is required)"))}
		if hasResp {
			noReq = append([]jen.Code{jen.Nil()}, noReq...)
		}
		pre := []jen.Code{jen.If(jen.Id("req").Op("==").Nil()).Block(jen.Return(noReq...))}
		if m.validated(a) {
			pre = append(pre, validateCall(a, jen.Id("req")))
		}
		pre = append(pre,
			jen.Id("u").Op(":=").Op("&").Qual(WebImport, "Upload").Values(jen.Dict{
				jen.Id("Action"):    jen.Id(a.Const),
				jen.Id("FileField"): jen.Lit(u.FileField.Wire),
				jen.Id("File"):      jen.Id("req").Dot("File"),
			}),
		)
		for _, fl := range u.Fields {
			val := jen.Id("req").Dot(fl.Name)
			if !fl.Required {
				val = jen.Op("*").Id("req").Dot(fl.Name)
			}
			add := jen.Id("u").Dot("Fields").Op("=").Append(jen.Id("u").Dot("Fields"), jen.Qual(WebImport, "FormField").Values(jen.Dict{
				jen.Id("Name"): jen.Lit(fl.Wire), jen.Id("Value"): m.formatField(fl.Ref, val),
			}))
			if fl.Required {
				pre = append(pre, add)
			} else {
				pre = append(pre, jen.If(jen.Id("req").Dot(fl.Name).Op("!=").Nil()).Block(add))
			}
		}
		body = append(pre, body...)
		body = append(body, ret(jen.Id("c").Dot("web").Dot("Upload").Call(jen.Id("ctx"), jen.Id("u"), resultArg, opts))...)
	case method == "GET":
		if a.Request != nil {
			body = append(body, jen.If(jen.Id("req").Op("==").Nil()).Block(jen.Id("req").Op("=").New(jen.Id(a.Request.Name))))
			if m.validated(a) {
				body = append(body, validateCall(a, jen.Id("req")))
			}
			body = append(body, jen.Id("q").Op(":=").Qual("net/url", "Values").Values())
			for _, fl := range a.Request.Fields {
				val := jen.Id("req").Dot(fl.Name)
				if !fl.Required {
					val = jen.Op("*").Id("req").Dot(fl.Name)
				}
				set := jen.Id("q").Dot("Set").Call(jen.Lit(fl.Wire), m.formatField(fl.Ref, val))
				if fl.Required {
					body = append(body, set)
				} else {
					body = append(body, jen.If(jen.Id("req").Dot(fl.Name).Op("!=").Nil()).Block(set))
				}
			}
		}
		r := jen.Dict{jen.Id("Action"): jen.Id(a.Const), jen.Id("Method"): jen.Qual("net/http", "MethodGet")}
		if a.Request != nil {
			r[jen.Id("Query")] = jen.Id("q")
		}
		if s.HTTP.NoAuth {
			r[jen.Id("NoAuth")] = jen.True()
		}
		body = append(body, ret(jen.Id("c").Dot("web").Dot("Do").Call(jen.Id("ctx"), jen.Op("&").Qual(WebImport, "Request").Values(r), resultArg, opts))...)
	default:
		payload := jen.Nil()
		if a.Request != nil {
			pre := []jen.Code{jen.If(jen.Id("req").Op("==").Nil()).Block(jen.Id("req").Op("=").New(jen.Id(a.Request.Name)))}
			if m.validated(a) {
				pre = append(pre, validateCall(a, jen.Id("req")))
			}
			body = append(pre, body...)
			payload = jen.Id("req")
		}
		if s.HTTP.NoAuth {
			r := jen.Dict{jen.Id("Action"): jen.Id(a.Const), jen.Id("NoAuth"): jen.True()}
			if a.Request != nil {
				r[jen.Id("Payload")] = jen.Id("req")
			}
			body = append(body, ret(jen.Id("c").Dot("web").Dot("Do").Call(jen.Id("ctx"), jen.Op("&").Qual(WebImport, "Request").Values(r), resultArg, opts))...)
		} else {
			body = append(body, ret(jen.Id("c").Dot("web").Dot("Call").Call(jen.Id("ctx"), jen.Id(a.Const), payload, resultArg, opts))...)
		}
	}
	fn.Block(body...)
	f.Line()
}

// webTestFile writes the package's generated Web API test: every web action is called through
// webtest and its request on the wire (method, path, query, Authorization, body or form) and
// decoded response are checked against the spec's samples.
func (m *model) webTestFile(f *jen.File, importPath string) {
	pkg := func(name string) *jen.Statement { return jen.Qual(importPath, name) }
	ctxT := jen.Qual("context", "Context")
	w := m.spec.WebEndpoint()

	f.Add(comment("webCase is one Web API action with the spec's samples of its payloads."))
	f.Type().Id("webCase").Struct(
		jen.Id("action").String(),
		jen.Id("method").String(),
		jen.Id("noAuth").Bool(),
		jen.Id("request").String().Comment("sample request payload, or empty"),
		jen.Id("response").String().Comment("sample response payload, or empty"),
		jen.Id("hasResponse").Bool().Comment("the method decodes a response"),
		jen.Id("required").Index().String().Comment("required params, sorted"),
		jen.Id("undeclared").Index().String(),
		jen.Id("missing").Index().String().Comment("the required params Validate reports in a zero request"),
		jen.Id("valid").String().Comment("a complete request, sent when there is no sample"),
		jen.Id("invalid").String().Comment("a complete request with a param outside its documented values, or empty"),
		jen.Id("call").Func().Params(ctxT, jen.Op("*").Add(pkg("WebClient")), jen.Index().Byte()).Params(jen.Any(), jen.Any(), jen.Error()),
	)
	f.Line()
	f.Var().Id("webCases").Op("=").Index().Id("webCase").ValuesFunc(func(g *jen.Group) {
		for _, a := range m.webActions() {
			if a.Upload != nil || a.BatchOf != nil {
				continue
			}
			required := names(a.Spec.Params, true)
			sort.Strings(required)
			var body []jen.Code
			reqVal := jen.Nil()
			args := []jen.Code{jen.Id("ctx")}
			reqName := "_"
			if a.Request != nil {
				reqName = "req"
				body = append(body,
					jen.Id("r").Op(":=").New(pkg(a.Request.Name)),
					jen.If(jen.Id("req").Op("!=").Nil()).Block(
						jen.If(jen.Err().Op(":=").Qual("encoding/json", "Unmarshal").Call(jen.Id("req"), jen.Id("r")), jen.Err().Op("!=").Nil()).Block(
							jen.Return(jen.Nil(), jen.Nil(), jen.Err()),
						),
					),
				)
				reqVal = jen.Id("r")
				args = append(args, jen.Id("r"))
			}
			if a.ResponseName() != "" {
				body = append(body,
					jen.List(jen.Id("resp"), jen.Err()).Op(":=").Id("c").Dot(a.Method).Call(args...),
					jen.Return(reqVal, jen.Id("resp"), jen.Err()),
				)
			} else {
				body = append(body, jen.Return(reqVal, jen.Nil(), jen.Id("c").Dot(a.Method).Call(args...)))
			}
			method := a.Spec.HTTP.Method
			if method == "" {
				method = "POST"
			}
			var valid string
			if a.Request != nil {
				valid = m.validRequest(a.Request.Fields)
			}
			g.Values(jen.Dict{
				jen.Id("missing"):     strList(m.missingParams(a)),
				jen.Id("valid"):       jen.Lit(valid),
				jen.Id("invalid"):     jen.Lit(m.firstInvalid(a)),
				jen.Id("action"):      pkg(a.Const),
				jen.Id("method"):      jen.Lit(method),
				jen.Id("noAuth"):      jen.Lit(a.Spec.HTTP.NoAuth),
				jen.Id("request"):     jen.Lit(compactJSON(a.Spec.Example.Request)),
				jen.Id("response"):    jen.Lit(compactJSON(a.Spec.Example.Response)),
				jen.Id("hasResponse"): jen.Lit(a.ResponseName() != ""),
				jen.Id("required"):    strList(required),
				jen.Id("undeclared"):  strList(a.Spec.Example.Undeclared),
				jen.Id("call"):        jen.Func().Params(jen.Id("ctx").Add(ctxT), jen.Id("c").Op("*").Add(pkg("WebClient")), jen.Id(reqName).Index().Byte()).Params(jen.Any(), jen.Any(), jen.Error()).Block(body...),
			})
		}
	})
	f.Line()

	f.Add(comment("batchCase is one batch action: call sends a batch of two requests of the batched action, each decoded from JSON (nil: a zero request)."))
	f.Type().Id("batchCase").Struct(
		jen.Id("action").String(),
		jen.Id("want").String().Comment("a complete request of the batched action, as JSON"),
		jen.Id("missing").Index().String().Comment("the required params Validate reports in a zero request of the batched action"),
		jen.Id("call").Func().Params(ctxT, jen.Op("*").Add(pkg("WebClient")), jen.Index().Byte(), jen.Index().Byte()).Params(jen.Index().Any(), jen.Index().Op("*").Qual(RTMImport, "Error"), jen.Error()),
	)
	f.Line()
	f.Var().Id("batchCases").Op("=").Index().Id("batchCase").ValuesFunc(func(g *jen.Group) {
		for _, a := range m.webActions() {
			b := a.BatchOf
			if b == nil {
				continue
			}
			var decode []jen.Code
			for i, name := range []string{"first", "second"} {
				r := jen.Id(fmt.Sprintf("r%d", i))
				decode = append(decode,
					r.Clone().Op(":=").New(pkg(b.Request.Name)),
					jen.If(jen.Id(name).Op("!=").Nil()).Block(
						jen.If(jen.Err().Op(":=").Qual("encoding/json", "Unmarshal").Call(jen.Id(name), r.Clone()), jen.Err().Op("!=").Nil()).Block(
							jen.Return(jen.Nil(), jen.Nil(), jen.Err()),
						),
					),
				)
			}
			body := append(decode,
				jen.List(jen.Id("res"), jen.Err()).Op(":=").Id("c").Dot(a.Method).Call(jen.Id("ctx"), jen.Index().Op("*").Add(pkg(b.Request.Name)).Values(jen.Id("r0"), jen.Id("r1"))),
				jen.Var().Id("resps").Index().Any(),
				jen.Var().Id("errs").Index().Op("*").Qual(RTMImport, "Error"),
				jen.For(jen.List(jen.Id("_"), jen.Id("r")).Op(":=").Range().Id("res")).Block(
					jen.If(jen.Id("r").Dot("Response").Op("!=").Nil()).Block(
						jen.Id("resps").Op("=").Append(jen.Id("resps"), jen.Id("r").Dot("Response")),
					).Else().Block(
						jen.Id("resps").Op("=").Append(jen.Id("resps"), jen.Nil()),
					),
					jen.Id("errs").Op("=").Append(jen.Id("errs"), jen.Id("r").Dot("Err")),
				),
				jen.Return(jen.Id("resps"), jen.Id("errs"), jen.Err()),
			)
			g.Values(jen.Dict{
				jen.Id("action"):  pkg(a.Const),
				jen.Id("want"):    jen.Lit(m.validRequest(b.Request.Fields)),
				jen.Id("missing"): strList(m.missingParams(b)),
				jen.Id("call"): jen.Func().Params(jen.Id("ctx").Add(ctxT), jen.Id("c").Op("*").Add(pkg("WebClient")), jen.Id("first").Index().Byte(), jen.Id("second").Index().Byte()).
					Params(jen.Index().Any(), jen.Index().Op("*").Qual(RTMImport, "Error"), jen.Error()).Block(body...),
			})
		}
	})
	f.Line()

	f.Add(comment("uploadCase is one multipart Web API action: call sends a file with the complete form; zero a file alone (nil when that is valid), invalid the form with a field outside its documented values (nil when none has any)."))
	uploadCall := jen.Func().Params(ctxT, jen.Op("*").Add(pkg("WebClient")), jen.Qual(WebImport, "File")).Params(jen.Any(), jen.Error())
	f.Type().Id("uploadCase").Struct(
		jen.Id("action").String(),
		jen.Id("fileField").String(),
		jen.Id("fields").Map(jen.String()).String().Comment("the form fields the call sends"),
		jen.Id("response").String(),
		jen.Id("missing").Index().String().Comment("the required params Validate reports in a zero request"),
		jen.Id("call").Add(uploadCall.Clone()),
		jen.Id("zero").Add(uploadCall.Clone()),
		jen.Id("invalid").Add(uploadCall.Clone()),
	)
	f.Line()
	f.Var().Id("uploadCases").Op("=").Index().Id("uploadCase").ValuesFunc(func(g *jen.Group) {
		for _, a := range m.webActions() {
			u := a.Upload
			if u == nil {
				continue
			}
			prefix := ""
			if w.Payload == "wrapped" || w.AuthorID == "body" {
				prefix = "payload."
			}
			// literal is the Go value of a filled form field.
			literal := func(fl *goField, v any) jen.Code {
				var lit jen.Code = jen.Lit(v)
				if fl.Ref.Kind == spec.Named {
					lit = pkg(fl.Ref.Name).Call(lit)
				}
				if !fl.Required {
					lit = jen.Qual(RTMImport, "Ptr").Call(lit)
				}
				return lit
			}
			// caller is the call of the action with a request of these form fields.
			caller := func(values map[string]any) jen.Code {
				req := jen.Dict{jen.Id("File"): jen.Id("file")}
				for _, fl := range u.Fields {
					if v, ok := values[fl.Wire]; ok {
						req[jen.Id(fl.Name)] = literal(fl, v)
					}
				}
				r := jen.Op("&").Add(pkg(u.Name)).Values(req)
				var call []jen.Code
				if a.ResponseName() != "" {
					call = []jen.Code{jen.List(jen.Id("resp"), jen.Err()).Op(":=").Id("c").Dot(a.Method).Call(jen.Id("ctx"), r), jen.Return(jen.Id("resp"), jen.Err())}
				} else {
					call = []jen.Code{jen.Return(jen.Nil(), jen.Id("c").Dot(a.Method).Call(jen.Id("ctx"), r))}
				}
				return jen.Func().Params(jen.Id("ctx").Add(ctxT), jen.Id("c").Op("*").Add(pkg("WebClient")), jen.Id("file").Qual(WebImport, "File")).Params(jen.Any(), jen.Error()).Block(call...)
			}
			values := m.validFields(u.Fields, 0)
			fields := jen.Dict{}
			for wire, v := range values {
				fields[jen.Lit(prefix+wire)] = jen.Lit(formText(v))
			}
			d := jen.Dict{
				jen.Id("action"):    pkg(a.Const),
				jen.Id("fileField"): jen.Lit(prefix + u.FileField.Wire),
				jen.Id("fields"):    jen.Map(jen.String()).String().Values(fields),
				jen.Id("response"):  jen.Lit(compactJSON(a.Spec.Example.Response)),
				jen.Id("missing"):   strList(m.missingParams(a)),
				jen.Id("call"):      caller(values),
			}
			if len(m.missingParams(a)) > 0 {
				d[jen.Id("zero")] = caller(nil)
			}
			if es := m.enumParams(u.Fields); m.validated(a) && len(es) > 0 {
				bad := m.validFields(u.Fields, 0)
				bad[es[0].Wire()] = badValue
				d[jen.Id("invalid")] = caller(bad)
			}
			g.Values(d)
		}
	})
	f.Line()

	if m.spec.WebOnly() {
		m.validateCases(f, pkg) // no RTM test: TestValidate is here
		return                  // no RTM transport to compare with
	}
	// The shared actions of the cross-transport test: the first action both transports have
	// (called with a complete request), and the first of them with required params (called with
	// a zero request, which both refuse before sending).
	var shared, refused, invalid *goAction
	for _, a := range m.actions {
		if a.Spec.RTM() && a.Spec.Web() {
			if shared == nil {
				shared = a
			}
			if refused == nil && len(m.missingParams(a)) > 0 {
				refused = a
			}
			if invalid == nil && m.firstInvalid(a) != "" {
				invalid = a
			}
		}
	}
	sharedFunc := func(a *goAction, req jen.Code) jen.Code {
		var body []jen.Code
		args := []jen.Code{jen.Id("ctx")}
		if a.Request != nil {
			body = append(body, jen.Id("r").Op(":=").New(pkg(a.Request.Name)))
			if req != nil {
				body = append(body, jen.If(jen.Err().Op(":=").Qual("encoding/json", "Unmarshal").Call(req, jen.Id("r")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())))
			}
			args = append(args, jen.Id("r"))
		}
		if a.ResponseName() != "" {
			body = append(body, jen.List(jen.Id("_"), jen.Err()).Op(":=").Id("c").Dot(a.Method).Call(args...), jen.Return(jen.Err()))
		} else {
			body = append(body, jen.Return(jen.Id("c").Dot(a.Method).Call(args...)))
		}
		return jen.Func().Params(jen.Id("ctx").Add(ctxT), jen.Id("c").Add(pkg("Actions"))).Error().Block(body...)
	}
	// callDecl declares <name>Call, which calls a through the Actions interface with the
	// request that request gives as JSON ("": a zero request), and <name>Action, a's action; nil
	// and "" when a is nil.
	callDecl := func(name, doc string, a *goAction, request func() string) {
		f.Add(comment(doc))
		if a == nil {
			f.Var().Id(name+"Call").Func().Params(ctxT, pkg("Actions")).Error()
			f.Var().Id(name + "Action").Op("=").Lit("")
			return
		}
		var req jen.Code
		if r := request(); r != "" {
			req = jen.Index().Byte().Parens(jen.Lit(r))
		}
		f.Var().Id(name + "Call").Op("=").Add(sharedFunc(a, req))
		f.Var().Id(name + "Action").Op("=").Add(pkg(a.Const))
	}
	callDecl("shared", "sharedCall calls one action both transports have through the Actions interface, with a complete request (nil when there is none).", shared, func() string {
		if shared.Request == nil {
			return ""
		}
		return m.validRequest(shared.Request.Fields)
	})
	f.Line()
	callDecl("refused", "refusedCall calls one action both transports have through the Actions interface, with a zero request that lacks its required params refusedMissing (nil when there is none).", refused, func() string { return "" })
	if refused == nil {
		f.Var().Id("refusedMissing").Index().String()
	} else {
		f.Var().Id("refusedMissing").Op("=").Add(strList(m.missingParams(refused)))
	}
	f.Line()
	callDecl("invalid", "invalidCall calls one action both transports have through the Actions interface, with a complete request but for one param outside its documented values (nil when there is none).", invalid, func() string { return m.firstInvalid(invalid) })
}

// webHarnessImports are the imports of webTestHarness, by name.
var webHarnessImports = map[string]string{
	"context": "context",
	"errors":  "errors",
	"json":    "encoding/json",
	"net/url": "net/url",
	"sort":    "sort",
	"strings": "strings",
	"testing": "testing",
	"time":    "time",
	"cmp":     "github.com/google/go-cmp/cmp",
	"cmpopts": "github.com/google/go-cmp/cmp/cmpopts",
	"rtm":     RTMImport,
	"rtmtest": RTMImport + "/rtmtest",
	"web":     WebImport,
	"webtest": WebImport + "/webtest",
}

// appendWebHarness adds the hand-written part of the web test to the rendered tables.
func (m *model) appendWebHarness(src []byte) ([]byte, error) {
	w := m.spec.WebEndpoint()
	var cfg []string
	query := url.Values{}
	for _, q := range w.Query {
		if !q.Required {
			continue
		}
		val := map[spec.Kind]string{spec.Int: "1", spec.Float: "1", spec.String: `"1"`, spec.Bool: "true"}[q.Type.Kind]
		cfg = append(cfg, QueryField(q.Name)+": "+val)
		query.Set(q.Name, strings.Trim(val, `"`))
	}
	wrapped := w.Payload == "wrapped" || w.AuthorID == "body"
	r := strings.NewReplacer(
		"PKG", m.pkgName,
		"WEBCONFIGURL", strings.Join(append(cfg, "URL"), ", "),
		"QUERY", fmt.Sprintf("%q", query.Encode()),
		"WRAPPED", fmt.Sprint(wrapped),
		"DIALCONFIG", m.dialConfig(),
	)
	harness, imports := webTestHarness, webHarnessImports
	if m.spec.WebOnly() {
		harness = webOnlyHarness(harness, testHarness(m.pkgName, "")) + validateHarness(m.pkgName)
		imports = map[string]string{}
		for name, path := range webHarnessImports {
			base := name[strings.LastIndex(name, "/")+1:]
			if strings.Contains(harness, base+".") || strings.Contains(string(src), base+".") {
				imports[name] = path
			}
		}
	}
	return appendHarnessText(src, imports, r.Replace(harness))
}

// webOnlyHarness adapts the web test harness to a package without an RTM client (the
// Configuration API): no cross-transport test, and the JSON helpers the RTM test would share.
func webOnlyHarness(web, rtmHarness string) string {
	const cross = "\n// TestErrorsSameAcrossTransports"
	if i := strings.Index(web, cross); i >= 0 {
		end := strings.Index(web[i:], "\n}\n")
		web = web[:i] + web[i+end+len("\n}\n"):]
	}
	if i := strings.Index(rtmHarness, "\n// roundTrip checks"); i >= 0 {
		web += rtmHarness[i:]
	}
	return web
}

// appendHarnessText adds a hand-written test harness and its imports to rendered tables, and
// formats the result (format.Source drops the imports both name).
func appendHarnessText(src []byte, imports map[string]string, harness string) ([]byte, error) {
	paths := make([]string, 0, len(imports))
	for _, p := range imports {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var b strings.Builder
	for _, p := range paths {
		fmt.Fprintf(&b, "\t%q\n", p)
	}
	text := string(src)
	if i := strings.Index(text, "import (\n"); i >= 0 {
		i += len("import (\n")
		text = text[:i] + b.String() + text[i:]
	} else {
		nl := strings.Index(text, "\npackage ")
		end := nl + 1 + strings.Index(text[nl+1:], "\n")
		text = text[:end+1] + "\nimport (\n" + b.String() + ")\n" + text[end+1:]
	}
	out, err := format.Source([]byte(text + harness))
	if err != nil {
		return nil, fmt.Errorf("format the generated test: %w", err)
	}
	return out, nil
}

// webTestHarness is the hand-written part of every generated web test (it shares diffJSON,
// roundTrip, checkUnknown and dial with the RTM test of the same package).
const webTestHarness = `
// newWebClient starts a webtest server and a WebClient of it; it returns the path prefix of
// the calls too ("/v3.6/agent").
func newWebClient(t *testing.T) (*webtest.Server, *PKG.WebClient, string) {
	t.Helper()
	srv := webtest.New(t)
	u, err := url.Parse(PKG.DefaultWebURL)
	if err != nil {
		t.Fatal(err)
	}
	c, err := PKG.NewWebClient(PKG.WebConfig{WEBCONFIGURL: srv.URL() + u.Path, Credentials: web.Bearer("dal:test-token")})
	if err != nil {
		t.Fatalf("NewWebClient: %v", err)
	}
	t.Cleanup(c.Web().CloseIdleConnections)
	return srv, c, u.Path
}

// TestWebBatches: every batch action sends {"requests": [...]} of the batched action's
// requests, and keeps each result: a response where the server sent one, a typed *rtm.Error
// where it sent {"error": ...}, in order. A batch with a request missing required params fails
// before anything is sent, with the batched action's *rtm.MissingParamsError.
func TestWebBatches(t *testing.T) {
	for _, tc := range batchCases {
		t.Run(tc.action, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			srv, c, _ := newWebClient(t)
			srv.Handle(tc.action, webtest.Reply(map[string]any{"responses": []any{
				map[string]any{}, map[string]any{"error": map[string]any{"type": "validation", "message": "` + "`id`" + ` is required"}},
			}}))
			if len(tc.missing) > 0 {
				_, _, err := tc.call(ctx, c, []byte(tc.want), nil)
				var me *rtm.MissingParamsError
				if !errors.As(err, &me) || !strings.Contains(err.Error(), "requests[1]") {
					t.Fatalf("a batch with a zero request: got error %v, want an *rtm.MissingParamsError naming requests[1]", err)
				}
				if diff := cmp.Diff(tc.missing, me.Params); diff != "" {
					t.Errorf("a batch with a zero request: missing params (-want +got):\n%s", diff)
				}
				if r, ok := srv.LastRequest(tc.action); ok {
					t.Fatalf("a batch that fails Validate was sent: %s", r.Body)
				}
			}
			resps, errs, err := tc.call(ctx, c, []byte(tc.want), []byte(tc.want))
			if err != nil {
				t.Fatalf("call: %v", err)
			}
			req, ok := srv.LastRequest(tc.action)
			if !ok {
				t.Fatal("the server received no request")
			}
			diffJSON(t, "the batch request", ` + "`" + `{"requests": [` + "`" + `+tc.want+` + "`" + `, ` + "`" + `+tc.want+` + "`" + `]}` + "`" + `, req.Body)
			if len(resps) != 2 || len(errs) != 2 || resps[0] == nil || errs[0] != nil || resps[1] != nil || errs[1] == nil || errs[1].Type != "validation" || errs[1].Action != tc.action {
				t.Errorf("results: responses %v, errors %v; want a response, then a validation error", resps, errs)
			}
		})
	}
}

// TestWebActions calls every Web API action through webtest: a zero request missing required
// params and a request with a param outside its documented values fail before anything is
// sent, with the errors Client's methods return; the method, path, query and Authorization must
// be the documented ones, the payload on the wire must equal the spec's sample (or, without one,
// the complete request of the required params), and the sample response must decode and
// re-encode without loss.
func TestWebActions(t *testing.T) {
	srv, c, base := newWebClient(t)
	global, err := url.ParseQuery(QUERY)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range webCases {
		response, hasResponse := tc.response, tc.hasResponse
		srv.Handle(tc.action, func(context.Context, *webtest.Request) (any, error) {
			switch {
			case response != "":
				return json.RawMessage(response), nil
			case hasResponse:
				return json.RawMessage("{}"), nil
			}
			return nil, nil // "No response payload (200 OK)"
		})
	}
	for _, tc := range webCases {
		t.Run(tc.action, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if len(tc.missing) > 0 {
				_, _, err := tc.call(ctx, c, nil)
				var me *rtm.MissingParamsError
				if !errors.As(err, &me) {
					t.Fatalf("a zero request: got error %v, want an *rtm.MissingParamsError", err)
				}
				want := &rtm.MissingParamsError{Package: "PKG", Action: tc.action, Params: tc.missing}
				if diff := cmp.Diff(want, me); diff != "" {
					t.Errorf("a zero request (-want +got):\n%s", diff)
				}
			}
			if tc.invalid != "" {
				_, _, err := tc.call(ctx, c, []byte(tc.invalid))
				var ie *rtm.InvalidParamError
				if !errors.As(err, &ie) {
					t.Fatalf("%s: got error %v, want an *rtm.InvalidParamError", tc.invalid, err)
				}
			}
			if r, ok := srv.LastRequest(tc.action); ok {
				t.Fatalf("a request that fails Validate was sent: %s %s", r.Query.Encode(), r.Body)
			}
			req := []byte(tc.valid)
			if tc.request != "" {
				req = []byte(tc.request)
			}
			if len(req) == 0 {
				req = nil
			}
			sentReq, resp, err := tc.call(ctx, c, req)
			if err != nil {
				t.Fatalf("call: %v", err)
			}
			got, ok := srv.LastRequest(tc.action)
			if !ok {
				t.Fatal("the server received no request")
			}
			if got.Method != tc.method || got.Path != base+"/action/"+tc.action {
				t.Errorf("request line %s %s, want %s %s", got.Method, got.Path, tc.method, base+"/action/"+tc.action)
			}
			wantAuth := "Bearer dal:test-token"
			if tc.noAuth {
				wantAuth = ""
			}
			if a := got.Header.Get("Authorization"); a != wantAuth {
				t.Errorf("Authorization %q, want %q", a, wantAuth)
			}
			params := url.Values{}
			for k, v := range got.Query {
				if _, ok := global[k]; !ok {
					params[k] = v
				} else if got.Query.Get(k) != global.Get(k) {
					t.Errorf("query parameter %s = %q, want %q", k, got.Query.Get(k), global.Get(k))
				}
			}
			for k := range global {
				if !got.Query.Has(k) {
					t.Errorf("query parameter %s missing", k)
				}
			}
			var keys []string
			if tc.method == "GET" {
				if len(got.Body) != 0 {
					t.Errorf("a GET with a body: %s", got.Body)
				}
				for k := range params {
					keys = append(keys, k)
				}
				if tc.request == "" && tc.valid != "" {
					var valid map[string]json.RawMessage
					if err := json.Unmarshal([]byte(tc.valid), &valid); err != nil {
						t.Fatal(err)
					}
					for k, v := range valid {
						if want := strings.Trim(string(v), ` + "`" + `"` + "`" + `); params.Get(k) != want {
							t.Errorf("query parameter %s = %q, want %q", k, params.Get(k), want)
						}
					}
				}
			} else {
				if len(params) != 0 {
					t.Errorf("a POST with query parameters %v", params)
				}
				if ct := got.Header.Get("Content-Type"); ct != "application/json" {
					t.Errorf("Content-Type %q", ct)
				}
				body := got.Body
				if WRAPPED {
					var env struct {
						Payload json.RawMessage ` + "`json:\"payload\"`" + `
					}
					if err := json.Unmarshal(body, &env); err != nil || env.Payload == nil {
						t.Fatalf("body %s: not a wrapped payload (%v)", body, err)
					}
					body = env.Payload
				}
				if tc.request != "" {
					diffJSON(t, "request on the wire", tc.request, body)
				} else {
					var payload map[string]json.RawMessage
					if err := json.Unmarshal(body, &payload); err != nil {
						t.Fatalf("request payload %s: %v", body, err)
					}
					for k := range payload {
						keys = append(keys, k)
					}
					if tc.valid != "" {
						diffJSON(t, "a complete request on the wire", tc.valid, body)
					}
				}
			}
			if tc.request == "" {
				sort.Strings(keys)
				if diff := cmp.Diff(tc.required, keys, cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("a complete request must send exactly the required params (-want +got):\n%s", diff)
				}
			}
			checkUnknown(t, "request", sentReq, tc.undeclared)
			if resp != nil && tc.response != "" {
				roundTrip(t, tc.response, resp)
				checkUnknown(t, "response", resp, tc.undeclared)
			}
		})
	}
}

// TestWebUploads sends a file through every multipart action: a form missing required fields or
// with a field outside its documented values fails before anything is sent; the file part must
// carry the name, content type and bytes given, beside the required form fields, and the sample
// response must decode.
func TestWebUploads(t *testing.T) {
	srv, c, base := newWebClient(t)
	for _, tc := range uploadCases {
		t.Run(tc.action, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			response := tc.response
			if response == "" {
				response = "{}"
			}
			srv.Handle(tc.action, webtest.Reply(json.RawMessage(response)))
			if tc.zero != nil {
				_, err := tc.zero(ctx, c, web.File{Name: "hello.txt", Body: strings.NewReader("hello")})
				var me *rtm.MissingParamsError
				if !errors.As(err, &me) {
					t.Fatalf("a file alone: got error %v, want an *rtm.MissingParamsError", err)
				}
				if diff := cmp.Diff(&rtm.MissingParamsError{Package: "PKG", Action: tc.action, Params: tc.missing}, me); diff != "" {
					t.Errorf("a file alone (-want +got):\n%s", diff)
				}
			}
			if tc.invalid != nil {
				_, err := tc.invalid(ctx, c, web.File{Name: "hello.txt", Body: strings.NewReader("hello")})
				var ie *rtm.InvalidParamError
				if !errors.As(err, &ie) {
					t.Fatalf("a field outside its documented values: got error %v, want an *rtm.InvalidParamError", err)
				}
			}
			if _, ok := srv.LastRequest(tc.action); ok {
				t.Fatal("an upload that fails Validate was sent")
			}
			resp, err := tc.call(ctx, c, web.File{Name: "hello.txt", ContentType: "text/plain", Body: strings.NewReader("hello"), Size: 5})
			if err != nil {
				t.Fatalf("call: %v", err)
			}
			got, ok := srv.LastRequest(tc.action)
			if !ok {
				t.Fatal("the server received no request")
			}
			if got.Method != "POST" || got.Path != base+"/action/"+tc.action || got.Header.Get("Authorization") != "Bearer dal:test-token" {
				t.Errorf("request %s %s, Authorization %q", got.Method, got.Path, got.Header.Get("Authorization"))
			}
			want := []webtest.File{{Field: tc.fileField, Name: "hello.txt", ContentType: "text/plain", Data: []byte("hello")}}
			if diff := cmp.Diff(want, got.Files); diff != "" {
				t.Errorf("files (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.fields, got.Form, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("form fields (-want +got):\n%s", diff)
			}
			if tc.response != "" {
				roundTrip(t, tc.response, resp)
			}
		})
	}
}

// TestErrorsSameAcrossTransports: one call through Actions, made over RTM and over the Web
// API, fails with the same *rtm.Error (type, message, action); the Web API's keeps its status.
// A request missing required params, and one with a param outside its documented values, fail
// over both with the same *rtm.MissingParamsError and *rtm.InvalidParamError, and neither
// server receives anything.
func TestErrorsSameAcrossTransports(t *testing.T) {
	if sharedCall == nil {
		t.Skip("no action has both transports")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rsrv, _, rc := dial(t)
	rsrv.Handle(sharedAction, func(context.Context, *rtmtest.Request) (any, error) {
		return nil, &rtm.Error{Type: "not_found", Message: "Chat not found"}
	})
	wsrv, wc, _ := newWebClient(t)
	wsrv.Handle(sharedAction, webtest.Fail(&webtest.Error{Status: 404, Type: "not_found", Message: "Chat not found"}))
	for _, tr := range []struct {
		name   string
		c      PKG.Actions
		status int
	}{{"rtm", rc, 0}, {"web", wc, 404}} {
		err := sharedCall(ctx, tr.c)
		var e *rtm.Error
		if !errors.As(err, &e) {
			t.Fatalf("%s: err = %v, want an *rtm.Error", tr.name, err)
		}
		if e.Type != "not_found" || e.Message != "Chat not found" || e.Action != sharedAction || e.StatusCode != tr.status {
			t.Errorf("%s: %+v", tr.name, e)
		}
	}
	// sent counts the requests of the refused actions that reached either server.
	sent := func() int {
		n := 0
		for _, r := range rsrv.Requests() {
			if r.Action == invalidAction || r.Action == refusedAction {
				n++
			}
		}
		for _, r := range wsrv.Requests() {
			if r.Action == invalidAction || r.Action == refusedAction {
				n++
			}
		}
		return n
	}
	sentBefore := sent()
	if invalidCall != nil {
		var errs [2]error
		for i, c := range []PKG.Actions{rc, wc} {
			errs[i] = invalidCall(ctx, c)
			var ie *rtm.InvalidParamError
			if !errors.As(errs[i], &ie) || ie.Action != invalidAction {
				t.Fatalf("transport %d: a param outside its documented values: err = %v, want an *rtm.InvalidParamError", i, errs[i])
			}
		}
		if diff := cmp.Diff(errs[0], errs[1]); diff != "" || errs[0].Error() != errs[1].Error() {
			t.Errorf("a param outside its documented values: rtm %q, web %q (-rtm +web):\n%s", errs[0], errs[1], diff)
		}
	}
	defer func() {
		if n := sent() - sentBefore; n != 0 {
			t.Errorf("%d requests that fail Validate were sent", n)
		}
	}()
	if refusedCall == nil {
		return
	}
	want := &rtm.MissingParamsError{Package: "PKG", Action: refusedAction, Params: refusedMissing}
	for _, tr := range []struct {
		name string
		c    PKG.Actions
	}{{"rtm", rc}, {"web", wc}} {
		err := refusedCall(ctx, tr.c)
		var me *rtm.MissingParamsError
		if !errors.As(err, &me) {
			t.Fatalf("%s: a zero request: err = %v, want an *rtm.MissingParamsError", tr.name, err)
		}
		if diff := cmp.Diff(want, me); diff != "" || err.Error() != want.Error() {
			t.Errorf("%s: a zero request: %q (-want +got):\n%s", tr.name, err, diff)
		}
	}
}
`
