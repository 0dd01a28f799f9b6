package codegen

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"
)

// This file emits doc.go: the package doc, written for a user of the package (what the version
// is, how to import, connect and log in, a code sample, how values are represented, where the
// changes from other versions are listed), and the version constants. See
// testdata/golden/doc.go.golden.

// ModulePath is the module the generated packages belong to.
const ModulePath = "github.com/rtmkit/livechat-rtm"

// docsURL is the root of LiveChat's public documentation.
const docsURL = "https://platform.text.com/docs"

// docFile holds the package doc and the version constants.
func (m *model) docFile(f *jen.File) {
	s := m.spec
	if s.WebOnly() {
		m.webOnlyDocFile(f)
		return
	}
	alias := Alias(s.API, m.pkgName)
	importPath := ModulePath + "/gen/" + s.API + "/" + m.pkgName
	var b strings.Builder
	fmt.Fprintf(&b, "Package %s is a typed client of the LiveChat %s, generated from %s.%s\n\n%s\n\n", m.pkgName, m.apiTitle(), s.Path, statusSentence(s), sentence(s.Doc))
	fmt.Fprintf(&b, "Import it as %s: the agent and the customer API both have packages named %s (and goimports takes the /%s of the path for a major-version suffix), so a name that says the API keeps them apart in one file:\n\n\timport %s %q\n\n",
		alias, m.pkgName, m.pkgName, alias, importPath)

	b.WriteString("# Connecting\n\n")
	fmt.Fprintf(&b, "Dial connects to %s", s.Connection.URL)
	if len(s.Connection.Regions) > 1 {
		names := make([]string, len(s.Connection.Regions))
		for i, r := range s.Connection.Regions {
			names[i] = RegionConst(r.Name)
		}
		fmt.Fprintf(&b, " (DefaultURL), or to the data center of Config.Region (%s)", strings.Join(names, ", "))
	}
	var required []string
	for _, q := range s.Connection.Query {
		if q.Required {
			required = append(required, "Config."+QueryField(q.Name))
		}
	}
	if len(required) > 0 {
		fmt.Fprintf(&b, "; %s must be set", strings.Join(required, " and "))
	}
	b.WriteString(". ")
	switch s.API {
	case "agent":
		b.WriteString("Config.Login logs in, at Dial and again after every reconnection (reconnection is on by default; rtm.WithoutReconnect turns it off); the login authenticates the agent (or bot) with an access token, sent as \"Bearer <token>\": an OAuth access token of your app (" + docsURL + "/authorization/agent-authorization), or, for your own scripts, a personal access token (" + docsURL + "/authorization/personal-access-tokens). Each method's doc lists the scopes it needs.")
	case "customer":
		b.WriteString("Config.Login logs in, at Dial and again after every reconnection (reconnection is on by default; rtm.WithoutReconnect turns it off); the login authenticates the customer with a customer access token, sent as \"Bearer <token>\", which the customer authorization flow issues (" + docsURL + "/authorization/customer-authorization).")
	}
	b.WriteString("\n\n")
	b.WriteString(m.docSample(alias))
	b.WriteString("\n\nThe package's examples run this against rtmtest, the fake server of package rtm/rtmtest, which is also how to test a program that uses this package.\n\n")

	b.WriteString("# Values\n\n")
	b.WriteString("Dial returns a Client with one method per RTM action and one On method per push. Requests, responses and pushes are structs whose required fields are values and whose optional fields are pointers (set them with rtm.Ptr, read them with rtm.Or) or nil-able slices and maps, left out when nil. ")
	b.WriteString("Fields with documented values have a named string type with a constant per value (a value the documents do not list still decodes). Date-times are rtm.Time, kept as received; Time() gives the time.Time. ")
	b.WriteString("Fields the spec does not describe are kept in each struct's Extra map and written back when encoding, so nothing received is lost; rtm.UnknownFields lists them.\n\n")
	b.WriteString("Every method, over both transports, checks its request before sending (see the request's Validate method, where it has one). A request missing required params fails with an *rtm.MissingParamsError naming them: " + MissingDoc + ". " + EnumDoc + ". ")
	b.WriteString("A call the server refuses returns an *rtm.Error whose Type is one of the ErrorType constants; transport failures are told apart with rtm.IsClosed, rtm.IsConnectionLost and rtm.IsTimeout.\n\n")

	b.WriteString("# Other versions\n\n")
	fmt.Fprintf(&b, "The migration guides between consecutive versions of each API, with every change and the Go identifiers it renames, are in the module's docs/migrations (%s-v<old>-to-v<new>.md); LiveChat's changelog (%s/messaging/%s-chat-api/changelog) says what changed and why. go run ./cmd/gen diff OLD NEW, in the module, compares any two specs.",
		s.API, docsURL, s.API)
	f.PackageComment(commentText(b.String()))
	f.Const().Defs(
		comment("API is the API this package speaks."),
		jen.Id("API").Op("=").Lit(s.API),
		comment("Version is the API version this package speaks."),
		jen.Id("Version").Op("=").Lit(s.Version),
		comment("DefaultURL is the websocket endpoint Dial connects to by default."),
		jen.Id("DefaultURL").Op("=").Lit(s.Connection.URL),
	)
}

// docSample is the package doc's code sample: dial, log in, send a message.
func (m *model) docSample(alias string) string {
	cfg := []string{}
	for _, q := range m.spec.Connection.Query {
		if q.Required {
			cfg = append(cfg, QueryField(q.Name)+": "+lowerFirst(QueryField(q.Name)))
		}
	}
	lines := []string{
		fmt.Sprintf("c, err := %s.Dial(ctx, %s.Config{%s})", alias, alias, strings.Join(cfg, ", ")),
		"if err != nil {", "\treturn err", "}", "defer c.Close()",
	}
	var login, send bool
	for _, a := range m.actions {
		switch {
		case a.Spec.Name == "login" && a.Request != nil:
			login = true
		case a.Spec.Name == "send_event" && a.Request != nil:
			send = true
		}
	}
	if login {
		lines = append(lines, fmt.Sprintf("if _, err := c.Login(ctx, &%s.LoginRequest{Token: \"Bearer \" + token}); err != nil {", alias), "\treturn err", "}")
	}
	if send && m.union("Event") != nil && m.spec.Type("MessageEvent") != nil {
		text := `"Hello!"`
		for _, st := range m.types {
			if st.Name == "MessageEvent" {
				for _, fl := range st.Fields {
					if fl.Wire == "text" && IsPointer(m.spec, fl.Ref, fl.Required) {
						text = `rtm.Ptr("Hello!")`
					}
				}
			}
		}
		lines = append(lines,
			fmt.Sprintf("_, err = c.SendEvent(ctx, &%s.SendEventRequest{", alias),
			"\tChatID: chatID,",
			fmt.Sprintf("\tEvent:  &%s.MessageEvent{Text: %s},", alias, text),
			"})")
	}
	return "\t" + strings.Join(lines, "\n\t")
}

// webOnlyDocFile is docFile for an API without an RTM endpoint (the Configuration API).
func (m *model) webOnlyDocFile(f *jen.File) {
	s := m.spec
	alias := Alias(s.API, m.pkgName)
	importPath := ModulePath + "/gen/" + s.API + "/" + m.pkgName
	doc := fmt.Sprintf("Package %s is a typed client of the LiveChat %s (a Web API only: no RTM connection, no pushes), generated from %s.%s\n\n%s\n\n"+
		"Import it as %s:\n\n\timport %s %q\n\n"+
		"NewWebClient returns a WebClient with one method per action, each an HTTP POST to DefaultWebURL/action/<action> over package web; "+
		"requests and responses are structs whose optional fields are pointers (set them with rtm.Ptr). "+
		"Fields the spec does not know are kept in each struct's Extra map. Failed calls return an *rtm.Error "+
		"whose Type is one of the ErrorType constants and whose StatusCode is the HTTP status, or a transport error (see package web). "+
		"Batch methods (Batch...) take the batched method's requests and return a web.BatchResult per request.\n\n"+
		"Every method checks its request before sending (see the request's Validate method, where it has one; a batch method checks each of its requests). A request missing required params fails with an *rtm.MissingParamsError naming them: "+MissingDoc+". "+EnumDoc+".",
		m.pkgName, m.apiTitle(), s.Path, statusSentence(s), sentence(s.Doc), alias, alias, importPath)
	f.PackageComment(commentText(doc))
	f.Const().Defs(
		comment("API is the API this package speaks."),
		jen.Id("API").Op("=").Lit(s.API),
		comment("Version is the API version this package speaks."),
		jen.Id("Version").Op("=").Lit(s.Version),
	)
}
