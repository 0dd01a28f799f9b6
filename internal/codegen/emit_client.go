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
	if m.spec.WebOnly() {
		return fmt.Sprintf("%s%s API v%s", strings.ToUpper(m.spec.API[:1]), m.spec.API[1:], m.spec.Version)
	}
	return fmt.Sprintf("%s%s Chat RTM API v%s", strings.ToUpper(m.spec.API[:1]), m.spec.API[1:], m.spec.Version)
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

	login := m.loginAction()
	m.configDecl(f, login)
	m.dialDecl(f, login)
	f.Line()

	for _, a := range m.actions {
		if a.Spec.RTM() {
			m.actionMethod(f, a)
			if a.Pages != nil {
				m.pagesMethod(f, a, a.Pages)
			}
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
	doc += m.validateDoc(a, names(s.Params, true))
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
	if m.validated(a) {
		body = append(body, validateCall(a, jen.Id("req")))
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

// loginAction returns the RTM login action with a request (what Config.Login sends), or nil.
func (m *model) loginAction() *goAction {
	for _, a := range m.actions {
		if a.Spec.Name == "login" && a.Spec.RTM() && a.Request != nil {
			return a
		}
	}
	return nil
}

// loginResponseType returns the Go type of the login response as LoggedIn receives it, or nil
// when the action has none.
func loginResponseType(login *goAction) jen.Code {
	switch {
	case login.Response != nil:
		return jen.Op("*").Id(login.Response.Name)
	case login.ResponseDef != nil:
		return jen.Id(login.ResponseDef.Name)
	}
	return nil
}

// loginCallCode is the login call of the OnConnect hook, and the LoggedIn call after it.
func loginCallCode(login *goAction) []jen.Code {
	c := jen.Id("c").Op(":=").Id("NewClient").Call(jen.Id("conn"))
	if loginResponseType(login) == nil {
		return []jen.Code{c, jen.Return(jen.Id("c").Dot(login.Method).Call(jen.Id("ctx"), jen.Id("req")))}
	}
	return []jen.Code{
		c,
		jen.List(jen.Id("resp"), jen.Err()).Op(":=").Id("c").Dot(login.Method).Call(jen.Id("ctx"), jen.Id("req")),
		jen.If(jen.Err().Op("!=").Nil().Op("||").Id("cfg").Dot("LoggedIn").Op("==").Nil()).Block(jen.Return(jen.Err())),
		jen.Return(jen.Id("cfg").Dot("LoggedIn").Call(jen.Id("ctx"), jen.Id("c"), jen.Id("resp"))),
	}
}

// tokenField returns the Go name of the login request's token field, or "".
func tokenField(login *goAction) string {
	if login == nil {
		return ""
	}
	for _, f := range login.Request.Fields {
		if f.Wire == "token" && f.Ref != nil && f.Ref.Kind == spec.String {
			return f.Name
		}
	}
	return ""
}

// configDecl declares Config: where to connect, the login, the reconnect hook. Output:
//
//	type Config struct {
//		Region string
//		URL string
//		OrganizationID string
//		Login func(ctx context.Context) (*LoginRequest, error)
//		OnReconnect func(ctx context.Context, c *Client) error
//	}
func (m *model) configDecl(f *jen.File, login *goAction) {
	c := m.spec.Connection
	f.Add(comment("Config says where Dial connects, how it logs in, and what runs after a reconnection. The zero Config connects to DefaultURL" + map[bool]string{true: "", false: " (and fails if a required query parameter is missing)"}[len(c.Query) == 0] + " without logging in."))
	f.Type().Id("Config").StructFunc(func(g *jen.Group) {
		if len(c.Regions) > 0 {
			names := make([]string, len(c.Regions))
			for i, r := range c.Regions {
				names[i] = RegionConst(r.Name)
			}
			doc := "Region is the data center to connect to: " + strings.Join(names, ", ") + "."
			if tokenField(login) != "" {
				doc += " Empty means the region of the login token's prefix (\"dal:...\", \"fra:...\", after an optional \"Bearer \"), else the default."
			} else {
				doc += " Empty means the default."
			}
			g.Add(comment(doc))
			g.Id("Region").String()
		}
		g.Add(comment("URL, when set, replaces the endpoint" + map[bool]string{true: " and the Region", false: ""}[len(c.Regions) > 0] + ", e.g. with the URL of an rtmtest server. Query parameters are still added."))
		g.Id("URL").String()
		m.queryFields(g, c.Query, "")
		g.Add(comment("Register, when set, runs once, on the first connection and before Login, with the Client: register the push handlers there, so that no push the server sends right after the login finds none (handlers stay registered across reconnections)."))
		g.Id("Register").Func().Params(jen.Id("c").Op("*").Id("Client"))
		if login != nil {
			g.Add(comment(fmt.Sprintf("Login, when set, logs in at Dial and again after every reconnection, before any other call may use the connection: it returns the %s request to send, so it may refresh the access token first (the server disconnects with access_token_expired when it has expired). Dial fails with its error or the server's refusal; after a reconnection, a fatal refusal (rtm.IsFatal, e.g. authentication) stops reconnecting and the waiting calls fail with it.", login.Spec.Name)))
			g.Id("Login").Func().Params(jen.Id("ctx").Qual("context", "Context")).Params(jen.Op("*").Id(login.Request.Name), jen.Error())
			if t := loginResponseType(login); t != nil {
				g.Add(comment("LoggedIn, when set, runs after each successful Login (at Dial and after each reconnection), before other calls may use the connection, with the server's answer: the place to catch up on what happened while disconnected (e.g. its chats summary). Its calls must use ctx; an error is handled as Login's."))
				g.Id("LoggedIn").Func().Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("c").Op("*").Id("Client"), jen.Id("resp").Add(t)).Error()
			}
		}
		g.Add(comment("OnReconnect, when set, runs after each reconnection (after Login), before other calls may use the connection; its calls must use ctx. An error drops the connection (see rtm.WithOnReconnect). It needs reconnection, which is on by default (see Dial)."))
		g.Id("OnReconnect").Func().Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("c").Op("*").Id("Client")).Error()
	})
	f.Line()
}

// dialDecl declares Dial (and the region helpers it needs).
func (m *model) dialDecl(f *jen.File, login *goAction) {
	c := m.spec.Connection
	rtmQ := func(name string) *jen.Statement { return jen.Qual(RTMImport, name) }
	token := tokenField(login)

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

	if len(c.Regions) > 0 {
		f.Add(comment("RegionURL returns the endpoint of a region (RegionDal...), or \"\" if the region is unknown."))
		f.Func().Id("RegionURL").Params(jen.Id("region").String()).String().Block(
			jen.Switch(jen.Id("region")).BlockFunc(func(sw *jen.Group) {
				for _, r := range c.Regions {
					sw.Case(jen.Id(RegionConst(r.Name))).Block(jen.Return(jen.Lit(r.URL)))
				}
			}),
			jen.Return(jen.Lit("")),
		)
		f.Line()
		if token != "" {
			f.Add(comment("TokenRegion returns the region of an access token's prefix (\"fra:...\" or \"Bearer fra:...\"), or \"\" if it names none."))
			f.Func().Id("TokenRegion").Params(jen.Id("token").String()).String().Block(
				jen.Id("token").Op("=").Qual("strings", "TrimPrefix").Call(jen.Id("token"), jen.Lit("Bearer ")),
				jen.List(jen.Id("prefix"), jen.Id("_"), jen.Id("ok")).Op(":=").Qual("strings", "Cut").Call(jen.Id("token"), jen.Lit(":")),
				jen.If(jen.Op("!").Id("ok").Op("||").Id("RegionURL").Call(jen.Id("prefix")).Op("==").Lit("")).Block(jen.Return(jen.Lit(""))),
				jen.Return(jen.Id("prefix")),
			)
			f.Line()
		}
	}

	doc := fmt.Sprintf("Dial connects to the %s as cfg says, logs in if cfg.Login is set, and returns a Client ready for calls. ", m.apiTitle())
	doc += "It applies the version's defaults, which opts may override: reconnection with rtm.ReconnectPolicy{} (a first retry after about 500 ms, doubling up to 1 min, with jitter, never giving up except on a fatal error; rtm.WithReconnect changes it, rtm.WithoutReconnect turns it off)"
	if d := c.Disconnect; d != nil {
		doc += fmt.Sprintf(", the server's %s reasons (those the docs mark \"Don't reconnect\" stop reconnecting with an *rtm.DisconnectError", d.Push)
		if len(d.WrongRegion) > 0 {
			if len(c.Regions) > 0 {
				doc += "; " + strings.Join(d.WrongRegion, ", ") + " reconnects to the region the server names, and a login refused with misdirected_request is sent again in the region it names (once at Dial), unless Config.URL is set"
			} else {
				doc += "; " + strings.Join(d.WrongRegion, ", ") + " stops too, naming the region, since this version has one endpoint"
			}
		}
		doc += ")"
	}
	for _, n := range defaultNames {
		doc += ", " + n
	}
	doc += ". Problems of cfg and opts fail Dial with one error listing each. A nil ctx panics."
	f.Add(comment(doc))
	f.Func().Id("Dial").Params(
		jen.Id("ctx").Qual("context", "Context"), jen.Id("cfg").Id("Config"), jen.Id("opts").Op("...").Add(rtmQ("Option")),
	).Params(jen.Op("*").Id("Client"), jen.Error()).BlockFunc(func(g *jen.Group) {
		g.If(jen.Id("ctx").Op("==").Nil()).Block(jen.Panic(jen.Lit(m.pkgName + ": Dial with nil Context")))
		n := 2 + len(defaults) + len(c.Query)
		g.Id("all").Op(":=").Make(jen.Index().Add(rtmQ("Option")), jen.Lit(0), jen.Len(jen.Id("opts")).Op("+").Lit(n+3))
		g.Id("all").Op("=").Append(jen.Id("all"), rtmQ("WithReconnect").Call(rtmQ("ReconnectPolicy").Values()))
		if len(defaults) > 0 {
			g.Id("all").Op("=").Append(append([]jen.Code{jen.Id("all")}, defaults...)...)
		}
		problem := func(msg jen.Code) jen.Code {
			return jen.Id("all").Op("=").Append(jen.Id("all"), rtmQ("WithProblem").Call(msg))
		}
		if login != nil {
			g.Var().Id("first").Op("*").Id(login.Request.Name)
		}
		g.Id("url").Op(":=").Id("DefaultURL")
		if len(c.Regions) > 0 {
			g.Id("region").Op(":=").Id("cfg").Dot("Region")
			if token != "" {
				g.If(jen.Id("region").Op("==").Lit("").Op("&&").Id("cfg").Dot("URL").Op("==").Lit("").Op("&&").Id("cfg").Dot("Login").Op("!=").Nil()).Block(
					// The login request is needed now to know the region: it is the first one sent.
					jen.List(jen.Id("req"), jen.Err()).Op(":=").Id("cfg").Dot("Login").Call(jen.Id("ctx")),
					jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Qual("fmt", "Errorf").Call(jen.Lit(m.pkgName+": Config.Login: %w"), jen.Err()))),
					jen.If(jen.Id("req").Op("!=").Nil()).Block(
						jen.Id("region").Op("=").Id("TokenRegion").Call(jen.Id("req").Dot(token)),
					),
					jen.Id("first").Op("=").Id("req"),
				)
			}
			names := make([]string, len(c.Regions))
			for i, r := range c.Regions {
				names[i] = r.Name
			}
			g.If(jen.Id("region").Op("!=").Lit("")).Block(
				jen.Id("url").Op("=").Id("RegionURL").Call(jen.Id("region")),
				jen.If(jen.Id("url").Op("==").Lit("")).Block(
					problem(jen.Qual("fmt", "Sprintf").Call(jen.Lit(m.pkgName+": unknown region %q (want "+strings.Join(names, " or ")+")"), jen.Id("region"))),
				),
			)
		}
		g.If(jen.Id("cfg").Dot("URL").Op("!=").Lit("")).Block(jen.Id("url").Op("=").Id("cfg").Dot("URL"))
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
					problem(jen.Lit(fmt.Sprintf("%s: Config.%s is required (query parameter %s)", m.pkgName, name, q.Name))),
				).Else().Block(add)
			}
		}
		if d := c.Disconnect; d != nil {
			var push jen.Code = jen.Lit(d.Push)
			if p := m.pushByName(d.Push); p != nil {
				push = jen.Id(p.Const)
			}
			pol := jen.Dict{jen.Id("Push"): push}
			if len(d.Stop) > 0 {
				pol[jen.Id("Stop")] = jen.Index().String().ValuesFunc(func(vg *jen.Group) {
					for _, r := range d.Stop {
						vg.Lit(r)
					}
				})
			}
			if len(d.WrongRegion) > 0 {
				pol[jen.Id("WrongRegion")] = jen.Index().String().ValuesFunc(func(vg *jen.Group) {
					for _, r := range d.WrongRegion {
						vg.Lit(r)
					}
				})
			}
			g.Id("disconnect").Op(":=").Add(rtmQ("DisconnectPolicy").Values(pol))
			if len(c.Regions) > 0 {
				g.If(jen.Id("cfg").Dot("URL").Op("==").Lit("")).Block(jen.Id("disconnect").Dot("RegionURL").Op("=").Id("RegionURL"))
			}
			g.Id("all").Op("=").Append(jen.Id("all"), rtmQ("WithDisconnectPolicy").Call(jen.Id("disconnect")))
		}
		g.If(jen.Id("cfg").Dot("Register").Op("!=").Nil()).Block(
			jen.Id("register").Op(":=").Id("cfg").Dot("Register"),
			jen.Id("all").Op("=").Append(jen.Id("all"), rtmQ("WithOnConnect").Call(
				jen.Func().Params(jen.Id("_").Qual("context", "Context"), jen.Id("conn").Op("*").Add(rtmQ("Conn"))).Error().Block(
					jen.If(jen.Id("register").Op("!=").Nil()).Block(
						jen.Id("register").Call(jen.Id("NewClient").Call(jen.Id("conn"))),
						jen.Id("register").Op("=").Nil(), // once: handlers survive reconnections
					),
					jen.Return(jen.Nil()),
				),
			)),
		)
		if login != nil {
			g.If(jen.Id("cfg").Dot("Login").Op("!=").Nil()).Block(
				jen.Id("all").Op("=").Append(jen.Id("all"), rtmQ("WithOnConnect").Call(
					jen.Func().Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("conn").Op("*").Add(rtmQ("Conn"))).Error().Block(append([]jen.Code{
						jen.Id("req").Op(":=").Id("first"),
						jen.Id("first").Op("=").Nil(), // the next connection asks Login again
						jen.If(jen.Id("req").Op("==").Nil()).Block(
							jen.Var().Err().Error(),
							jen.If(jen.List(jen.Id("req"), jen.Err()).Op("=").Id("cfg").Dot("Login").Call(jen.Id("ctx")), jen.Err().Op("!=").Nil()).Block(
								jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit(m.pkgName+": Config.Login: %w"), jen.Err())),
							),
						),
						jen.If(jen.Id("req").Op("==").Nil()).Block(
							jen.Return(jen.Qual("errors", "New").Call(jen.Lit(m.pkgName + ": Config.Login returned no request"))),
						),
					}, loginCallCode(login)...)...),
				)),
			)
		}
		g.If(jen.Id("cfg").Dot("OnReconnect").Op("!=").Nil()).Block(
			jen.Id("all").Op("=").Append(jen.Id("all"), rtmQ("WithOnReconnect").Call(
				jen.Func().Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("conn").Op("*").Add(rtmQ("Conn"))).Error().Block(
					jen.Return(jen.Id("cfg").Dot("OnReconnect").Call(jen.Id("ctx"), jen.Id("NewClient").Call(jen.Id("conn")))),
				),
			)),
		)
		g.Id("all").Op("=").Append(jen.Id("all"), jen.Id("opts").Op("..."))
		g.List(jen.Id("conn"), jen.Err()).Op(":=").Add(rtmQ("Dial")).Call(jen.Id("ctx"), jen.Id("url"), jen.Id("all").Op("..."))
		g.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err()))
		g.Return(jen.Id("NewClient").Call(jen.Id("conn")), jen.Nil())
	})
}

// pushByName returns the push named name, or nil.
func (m *model) pushByName(name string) *goPush {
	for _, p := range m.pushes {
		if p.Spec.Name == name {
			return p
		}
	}
	return nil
}

// holder is the client whose method calls the action: Client, or WebClient for Web-only ones.
func holder(a *goAction) string {
	if a.Spec.RTM() {
		return "Client"
	}
	return "WebClient"
}

// queryFields declares a config field per query parameter: a value when required, a pointer
// when optional; scope, if any, ends the doc (e.g. " of every request"). Config and WebConfig
// share it.
func (m *model) queryFields(g *jen.Group, query []*spec.Field, scope string) {
	for _, q := range query {
		doc := sentence(q.Doc)
		if q.Required {
			doc += " Required: the query parameter " + q.Name + scope + "."
		} else {
			doc += " Optional: the query parameter " + q.Name + scope + "."
		}
		g.Add(comment(QueryField(q.Name) + " is " + lowerFirst(strings.TrimSpace(doc))))
		t := m.baseType(q.Type, nil)
		if !q.Required {
			t = jen.Op("*").Add(t)
		}
		g.Id(QueryField(q.Name)).Add(t)
	}
}
