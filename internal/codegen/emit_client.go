package codegen

import (
	"fmt"
	"strings"
	"time"

	"github.com/dave/jennifer/jen"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// defaultPingInterval is rtm's own default; a spec with another interval sets it in Dial.
const defaultPingInterval = 15 * time.Second

func (m *model) apiTitle() string {
	return fmt.Sprintf("%s%s Chat RTM API v%s", strings.ToUpper(m.spec.API[:1]), m.spec.API[1:], m.spec.Version)
}

// docFile holds the package doc and the version constants.
func (m *model) docFile(f *jen.File) {
	s := m.spec
	doc := fmt.Sprintf("Package %s is a typed client of the LiveChat %s, generated from %s.%s\n\n%s\n\n"+
		"Dial connects and returns a Client with one method per RTM action and one On method per push; "+
		"requests, responses and pushes are structs whose optional fields are pointers (set them with rtm.Ptr). "+
		"Fields the spec does not know are kept in each struct's Extra map. Failed calls return an *rtm.Error "+
		"whose Type is one of the ErrorType constants, or a transport error (see package rtm).",
		m.pkgName, m.apiTitle(), s.Path, statusSentence(s), sentence(s.Doc))
	f.PackageComment(commentText(doc))
	f.Const().Defs(
		comment("API is the API this package speaks."),
		jen.Id("API").Op("=").Lit(s.API),
		comment("Version is the API version this package speaks."),
		jen.Id("Version").Op("=").Lit(s.Version),
		comment("DefaultURL is the websocket endpoint Dial connects to by default."),
		jen.Id("DefaultURL").Op("=").Lit(s.Connection.URL),
	)
}

// statusSentence says, in the first paragraph of the package doc, what LiveChat calls the
// version: a program should not pick a preview or a deprecated version by accident.
func statusSentence(s *spec.Spec) string {
	switch s.Status {
	case spec.StatusStable:
		return fmt.Sprintf(" v%s is the current stable version of the API.", s.Version)
	case spec.StatusPreview:
		return fmt.Sprintf(" v%s is a developer preview: LiveChat says it is not open to public use (access is"+
			" given on request) and it may still change.", s.Version)
	case spec.StatusDeprecated:
		return fmt.Sprintf(" LiveChat calls v%s deprecated: new programs should use the current stable version.", s.Version)
	}
	return ""
}

// constantsFile names every action, push, error type and region.
func (m *model) constantsFile(f *jen.File) {
	f.Add(comment("The actions of the API, by their wire names."))
	f.Const().DefsFunc(func(g *jen.Group) {
		for _, a := range m.actions {
			doc := declDoc(a.Const, sentence(a.Spec.Doc))
			switch {
			case !a.Spec.RTM():
				doc += fmt.Sprintf(" See WebClient.%s (Web API only).", a.Method)
			default:
				doc += fmt.Sprintf(" See Client.%s.", a.Method)
			}
			g.Add(comment(doc))
			g.Id(a.Const).Op("=").Lit(a.Spec.Name)
		}
	})
	f.Line()
	if len(m.pushes) > 0 {
		f.Add(comment("The pushes of the API, by their wire names."))
		f.Const().DefsFunc(func(g *jen.Group) {
			for _, p := range m.pushes {
				g.Add(comment(declDoc(p.Const, sentence(p.Spec.Doc)) + fmt.Sprintf(" See Client.%s.", p.Handler)))
				g.Id(p.Const).Op("=").Lit(p.Spec.Name)
			}
		})
		f.Line()
	}
	if len(m.spec.Errors) > 0 {
		f.Add(comment("The error types of the API: the Type of an *rtm.Error returned by a call."))
		f.Const().DefsFunc(func(g *jen.Group) {
			for _, e := range m.spec.Errors {
				doc := fmt.Sprintf("%s is the %q error", ErrorConst(e.Type), e.Type)
				if e.Message != "" {
					doc += fmt.Sprintf(" (default message %q)", e.Message)
				}
				doc += "."
				if e.Doc != "" {
					doc += " " + sentence(e.Doc)
				}
				g.Add(comment(doc))
				g.Id(ErrorConst(e.Type)).Op("=").Lit(e.Type)
			}
		})
		f.Line()
	}
	if regions := m.spec.Connection.Regions; len(regions) > 0 {
		f.Add(comment("The data centers, for Config.Region."))
		f.Const().DefsFunc(func(g *jen.Group) {
			for _, r := range regions {
				doc := fmt.Sprintf("%s is the %s data center (%s).", RegionConst(r.Name), r.Name, r.URL)
				if r.Default {
					doc += " It is the default."
				}
				g.Add(comment(doc))
				g.Id(RegionConst(r.Name)).Op("=").Lit(r.Name)
			}
		})
		f.Line()
	}
}

// clientFile declares Client, Config, Dial, and the methods of the actions and pushes.
func (m *model) clientFile(f *jen.File) {
	c := m.spec.Connection
	rtmQ := func(name string) *jen.Statement { return jen.Qual(RTMImport, name) }

	f.Add(comment(fmt.Sprintf("Client is a typed client of the %s over one *rtm.Conn. Its methods are safe for concurrent use.", m.apiTitle())))
	f.Type().Id("Client").Struct(jen.Id("conn").Op("*").Add(rtmQ("Conn")))
	f.Line()
	f.Add(comment("NewClient wraps an open connection, e.g. one made with rtm.Dial and options of your own."))
	f.Func().Id("NewClient").Params(jen.Id("conn").Op("*").Add(rtmQ("Conn"))).Op("*").Id("Client").Block(
		jen.Return(jen.Op("&").Id("Client").Values(jen.Dict{jen.Id("conn"): jen.Id("conn")})),
	)
	f.Line()
	f.Add(comment("Conn returns the underlying connection (for Stats, Done, Err and raw Calls)."))
	f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id("Conn").Params().Op("*").Add(rtmQ("Conn")).Block(jen.Return(jen.Id("c").Dot("conn")))
	f.Line()
	f.Add(comment("Close closes the connection; pending calls fail with rtm.ErrClosed."))
	f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id("Close").Params().Error().Block(jen.Return(jen.Id("c").Dot("conn").Dot("Close").Call()))
	f.Line()

	// Config.
	f.Add(comment("Config says where Dial connects. The zero Config connects to DefaultURL" + map[bool]string{true: "", false: " (and fails if a required query parameter is missing)"}[len(c.Query) == 0] + "."))
	f.Type().Id("Config").StructFunc(func(g *jen.Group) {
		if len(c.Regions) > 0 {
			names := make([]string, len(c.Regions))
			for i, r := range c.Regions {
				names[i] = RegionConst(r.Name)
			}
			g.Add(comment("Region is the data center to connect to: " + strings.Join(names, ", ") + ". Empty means the default."))
			g.Id("Region").String()
		}
		g.Add(comment("URL, when set, replaces the endpoint" + map[bool]string{true: " and the Region", false: ""}[len(c.Regions) > 0] + ", e.g. with the URL of an rtmtest server. Query parameters are still added."))
		g.Id("URL").String()
		for _, q := range c.Query {
			doc := sentence(q.Doc)
			if q.Required {
				doc += " Required: the query parameter " + q.Name + "."
			} else {
				doc += " Optional: the query parameter " + q.Name + "."
			}
			g.Add(comment(QueryField(q.Name) + " is " + lowerFirst(strings.TrimSpace(doc))))
			t := m.baseType(q.Type, nil)
			if !q.Required {
				t = jen.Op("*").Add(t)
			}
			g.Id(QueryField(q.Name)).Add(t)
		}
	})
	f.Line()

	// Dial.
	dialDoc := fmt.Sprintf("Dial connects to the %s as cfg says, with the version's defaults", m.apiTitle())
	var defaults []jen.Code
	var defaultNames []string
	if c.PingInterval != 0 && c.PingInterval != defaultPingInterval {
		d := jen.Lit(int64(c.PingInterval/time.Millisecond)).Op("*").Qual("time", "Millisecond")
		if c.PingInterval%time.Second == 0 {
			d = jen.Lit(int64(c.PingInterval/time.Second)).Op("*").Qual("time", "Second")
		}
		defaults = append(defaults, rtmQ("WithPingInterval").Call(d))
		defaultNames = append(defaultNames, "a ping every "+c.PingInterval.String())
	}
	if c.MaxPendingRequests > 0 {
		defaults = append(defaults, rtmQ("WithMaxInFlight").Call(jen.Lit(c.MaxPendingRequests)))
		defaultNames = append(defaultNames, fmt.Sprintf("at most %d requests in flight (the documented limit)", c.MaxPendingRequests))
	}
	if len(defaultNames) > 0 {
		dialDoc += " (" + strings.Join(defaultNames, ", ") + ")"
	}
	dialDoc += ", which opts may override. It returns when the websocket is open; log in next."
	f.Add(comment(dialDoc))
	f.Func().Id("Dial").Params(
		jen.Id("ctx").Qual("context", "Context"), jen.Id("cfg").Id("Config"), jen.Id("opts").Op("...").Add(rtmQ("Option")),
	).Params(jen.Op("*").Id("Client"), jen.Error()).BlockFunc(func(g *jen.Group) {
		g.Id("url").Op(":=").Id("DefaultURL")
		if len(c.Regions) > 0 {
			g.Switch(jen.Id("cfg").Dot("Region")).BlockFunc(func(sw *jen.Group) {
				sw.Case(jen.Lit(""))
				names := make([]string, len(c.Regions))
				for i, r := range c.Regions {
					names[i] = r.Name
					sw.Case(jen.Id(RegionConst(r.Name))).Block(jen.Id("url").Op("=").Lit(r.URL))
				}
				sw.Default().Block(jen.Return(jen.Nil(), jen.Qual("fmt", "Errorf").Call(
					jen.Lit(m.pkgName+": unknown region %q (want "+strings.Join(names, " or ")+")"), jen.Id("cfg").Dot("Region"))))
			})
		}
		g.If(jen.Id("cfg").Dot("URL").Op("!=").Lit("")).Block(jen.Id("url").Op("=").Id("cfg").Dot("URL"))
		g.Id("all").Op(":=").Make(jen.Index().Add(rtmQ("Option")), jen.Lit(0), jen.Len(jen.Id("opts")).Op("+").Lit(len(defaults)+len(c.Query)))
		if len(defaults) > 0 {
			g.Id("all").Op("=").Append(append([]jen.Code{jen.Id("all")}, defaults...)...)
		}
		for _, q := range c.Query {
			name := QueryField(q.Name)
			val := jen.Id("cfg").Dot(name)
			if !q.Required {
				val = jen.Op("*").Id("cfg").Dot(name)
			}
			var str jen.Code
			switch q.Type.Kind {
			case spec.Int:
				str = jen.Qual("strconv", "Itoa").Call(val)
			case spec.Bool:
				str = jen.Qual("strconv", "FormatBool").Call(val)
			case spec.Float:
				str = jen.Qual("strconv", "FormatFloat").Call(val, jen.LitByte('g'), jen.Lit(-1), jen.Lit(64))
			default:
				str = val
			}
			add := jen.Id("all").Op("=").Append(jen.Id("all"), rtmQ("WithQuery").Call(jen.Lit(q.Name), str))
			switch {
			case !q.Required:
				g.If(jen.Id("cfg").Dot(name).Op("!=").Nil()).Block(add)
			default:
				zero := jen.Lit(0)
				switch q.Type.Kind {
				case spec.String:
					zero = jen.Lit("")
				case spec.Float:
					zero = jen.Lit(0.0)
				}
				if q.Type.Kind == spec.Bool {
					g.Add(add)
					continue
				}
				g.If(jen.Id("cfg").Dot(name).Op("==").Add(zero)).Block(
					jen.Return(jen.Nil(), jen.Qual("errors", "New").Call(jen.Lit(fmt.Sprintf("%s: Config.%s is required (query parameter %s)", m.pkgName, name, q.Name)))),
				)
				g.Add(add)
			}
		}
		g.Id("all").Op("=").Append(jen.Id("all"), jen.Id("opts").Op("..."))
		g.List(jen.Id("conn"), jen.Err()).Op(":=").Add(rtmQ("Dial")).Call(jen.Id("ctx"), jen.Id("url"), jen.Id("all").Op("..."))
		g.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err()))
		g.Return(jen.Id("NewClient").Call(jen.Id("conn")), jen.Nil())
	})
	f.Line()

	for _, a := range m.actions {
		if a.Spec.RTM() {
			m.actionMethod(f, a)
		}
	}
	for _, p := range m.pushes {
		m.pushMethod(f, p)
	}
	f.Add(comment("OnUnhandledPush registers fn to run for each push that no other registered handler takes: pushes this spec does not describe, and described pushes nobody registered for. It returns a function that removes the registration."))
	f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id("OnUnhandledPush").Params(
		jen.Id("fn").Func().Params(jen.Qual("context", "Context"), rtmQ("Push")),
	).Params(jen.Id("remove").Func().Params()).Block(
		jen.Return(jen.Id("c").Dot("conn").Dot("HandleUnknown").Call(jen.Id("fn"))),
	)
}

func names(fields []*spec.Field, required bool) []string {
	var out []string
	for _, f := range fields {
		if f.Required == required {
			out = append(out, f.Name)
		}
	}
	return out
}

func (m *model) actionMethod(f *jen.File, a *goAction) {
	s := a.Spec
	doc := declDoc(a.Method, sentence(s.Doc)) + "\n\nIt is the " + s.Name + " action."
	if req := names(s.Params, true); len(req) > 0 {
		doc += " Required params: " + strings.Join(req, ", ") + "."
	}
	switch len(s.Pushes) {
	case 0:
	case 1:
		doc += " It triggers the push " + s.Pushes[0] + "."
	default:
		doc += " It triggers the pushes " + strings.Join(s.Pushes, ", ") + "."
	}
	if len(s.Scopes) > 0 {
		doc += " Scopes: " + strings.Join(s.Scopes, ", ") + "."
	}
	if s.Deprecated != "" {
		doc += "\n\nDeprecated: " + s.Deprecated
	}
	f.Add(comment(doc))
	params := []jen.Code{jen.Id("ctx").Qual("context", "Context")}
	payload := jen.Nil()
	if a.Request != nil {
		params = append(params, jen.Id("req").Op("*").Id(a.Request.Name))
		payload = requestArg(a)
	}
	params = append(params, jen.Id("opts").Op("...").Qual(RTMImport, "CallOption"))
	fn := f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id(a.Method).Params(params...)
	var body []jen.Code
	if a.Request != nil {
		body = append(body, jen.If(jen.Id("req").Op("==").Nil()).Block(jen.Id("req").Op("=").New(jen.Id(a.Request.Name))))
	}
	if a.ResponseDef != nil {
		fn.Params(jen.Id(a.ResponseDef.Name), jen.Error())
		body = append(body,
			jen.Var().Id("resp").Id(a.ResponseDef.Name),
			jen.If(jen.Err().Op(":=").Id("c").Dot("conn").Dot("Call").Call(jen.Id("ctx"), jen.Id(a.Const), payload, responseArg(a.ResponseDef.Name, jen.Op("&").Id("resp")), jen.Id("opts").Op("...")), jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Nil(), jen.Err()),
			),
			jen.Return(jen.Id("resp"), jen.Nil()),
		)
	} else if a.Response != nil {
		fn.Params(jen.Op("*").Id(a.Response.Name), jen.Error())
		body = append(body,
			jen.Id("resp").Op(":=").New(jen.Id(a.Response.Name)),
			jen.If(jen.Err().Op(":=").Id("c").Dot("conn").Dot("Call").Call(jen.Id("ctx"), jen.Id(a.Const), payload, responseArg(a.Response.Name, jen.Id("resp")), jen.Id("opts").Op("...")), jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Nil(), jen.Err()),
			),
			jen.Return(jen.Id("resp"), jen.Nil()),
		)
	} else {
		fn.Error()
		body = append(body, jen.Return(jen.Id("c").Dot("conn").Dot("Call").Call(jen.Id("ctx"), jen.Id(a.Const), payload, jen.Nil(), jen.Id("opts").Op("..."))))
	}
	fn.Block(body...)
	f.Line()
}

func (m *model) pushMethod(f *jen.File, p *goPush) {
	doc := fmt.Sprintf("%s registers fn to run for each %s push: %s Handlers run one at a time in the order pushes arrive (see rtm.Conn.Handle). A payload that fails to decode goes to rtm.Conn.PushError instead. It returns a function that removes the registration.",
		p.Handler, p.Spec.Name, lowerFirst(sentence(p.Spec.Doc)))
	f.Add(comment(withDeprecated(doc, p.Spec.Deprecated)))
	argType := jen.Op("*").Id(p.TypeName())
	decl := m.pushDecl(p)
	if p.Def != nil {
		argType = jen.Id(p.TypeName())
	}
	f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id(p.Handler).Params(
		jen.Id("fn").Func().Params(jen.Qual("context", "Context"), argType),
	).Params(jen.Id("remove").Func().Params()).Block(
		jen.Return(jen.Id("c").Dot("conn").Dot("Handle").Call(jen.Id(p.Const), jen.Func().Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("p").Qual(RTMImport, "Push")).Block(
			decl,
			m.pushDecode(p).Block(
				jen.Id("c").Dot("conn").Dot("PushError").Call(jen.Id("p"), jen.Err()),
				jen.Return(),
			),
			jen.Id("fn").Call(jen.Id("ctx"), jen.Id("v")),
		))),
	)
	f.Line()
}

// requestsFile, responsesFile and pushesFile declare the payload structs.
func (m *model) requestsFile(f *jen.File) {
	for _, a := range m.actions {
		if a.Request != nil {
			m.structDecls(f, a.Request, fmt.Sprintf("%s is the request payload of the %s action (%s).", a.Request.Name, a.Spec.Name, holder(a)+"."+a.Method))
		}
	}
}

func (m *model) responsesFile(f *jen.File) {
	for _, a := range m.actions {
		switch {
		case a.Response != nil:
			m.structDecls(f, a.Response, fmt.Sprintf("%s is the response payload of the %s action (%s).", a.Response.Name, a.Spec.Name, holder(a)+"."+a.Method))
		case a.ResponseDef != nil:
			m.payloadDefDecl(f, a.ResponseDef, fmt.Sprintf("%s is the response payload of the %s action (%s).", a.ResponseDef.Name, a.Spec.Name, holder(a)+"."+a.Method))
		}
	}
}

func (m *model) pushesFile(f *jen.File) {
	for _, p := range m.pushes {
		doc := fmt.Sprintf("%s is the payload of the %s push (Client.%s): %s", p.TypeName(), p.Spec.Name, p.Handler, lowerFirst(sentence(p.Spec.Doc)))
		if p.Spec.Undocumented {
			doc += " The documents do not describe its payload: every field is in Extra."
		}
		doc = withDeprecated(doc, p.Spec.Deprecated)
		if p.Def != nil {
			m.payloadDefDecl(f, p.Def, doc)
			continue
		}
		m.structDecls(f, p.Struct, doc)
	}
}

// holder is the client whose method calls the action: Client, or WebClient for Web-only ones.
func holder(a *goAction) string {
	if a.Spec.RTM() {
		return "Client"
	}
	return "WebClient"
}
