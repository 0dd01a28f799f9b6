package codegen

import (
	"bytes"
	"fmt"
	"go/format"
	"strings"
	"text/template"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// This file writes example_test.go: runnable examples of the generated package, each against an
// rtmtest server and checked by go test through its // Output: comment. Which examples a
// package gets depends on what its spec has: logging in (a login action with a token), sending
// a message (send_event with chat_id and a message event), handling a push (incoming_event
// with chat_id and an event), a pagination loop (the first paged action), and testing a bot
// (the last two together). See testdata/golden/example_test.go.golden.

// Alias is the import name the documentation gives a generated package, so that packages of
// both APIs read apart in one file: agent36 for gen/agent/v36, customer32 for gen/customer/v32.
func Alias(api, pkgName string) string { return api + strings.TrimPrefix(pkgName, "v") }

// exampleData is what the examples template needs.
type exampleData struct {
	Path, Alias, Pkg, Config string
	UsesRTM                  bool // rtm.Ptr or rtm.Or appear

	Login *struct{ Token string }
	Send  *struct {
		Missing  string // the error of an empty request
		EventID  bool   // the response has a string event_id
		TextPtr  bool   // MessageEvent.Text is a pointer
		Response string // the handler's response
	}
	Push  *struct{ TextPtr, ThreadID bool }
	Pages *struct {
		Method, Const, Request, Items, First string
		IDPtr, HasID                         bool
	}
}

func (m *model) exampleData(importPath string) *exampleData {
	d := &exampleData{Path: importPath, Alias: Alias(m.spec.API, m.pkgName), Pkg: m.pkgName}
	d.Config = d.Alias + strings.TrimPrefix(m.dialConfig(), m.pkgName)
	action := func(name string) *goAction {
		for _, a := range m.actions {
			if a.Spec.Name == name && a.Spec.RTM() {
				return a
			}
		}
		return nil
	}
	field := func(st *goStruct, wire string) *goField {
		if st == nil {
			return nil
		}
		for _, f := range st.Fields {
			if f.Wire == wire {
				return f
			}
		}
		return nil
	}
	// The message event: MessageEvent with a string text, a variant of the Event union.
	var text *goField
	if u := m.union("Event"); u != nil {
		for _, v := range u.Variants {
			if v.Value == "message" && v.Type == "MessageEvent" {
				for _, st := range m.types {
					if st.Name == "MessageEvent" {
						if f := field(st, "text"); f != nil && f.Ref.Kind == spec.String {
							text = f
						}
					}
				}
			}
		}
	}
	isEvent := func(f *goField) bool { return f != nil && f.Ref.Kind == spec.Named && f.Ref.Name == "Event" }
	isStr := func(f *goField) bool { return f != nil && f.Ref.Kind == spec.String && f.Required }
	if a := action("login"); a != nil && a.Request != nil {
		if f := field(a.Request, "token"); isStr(f) {
			token := "Bearer dal:<access token>"
			if m.spec.API == "customer" {
				token = "Bearer <customer access token>"
			}
			d.Login = &struct{ Token string }{token}
		}
	}
	if a := action("send_event"); a != nil && a.Request != nil && text != nil &&
		isStr(field(a.Request, "chat_id")) && isEvent(field(a.Request, "event")) {
		fields, _ := m.checkable(a.Request.Fields)
		wires := make([]string, len(fields))
		for i, f := range fields {
			wires[i] = f.Wire
		}
		s := &struct {
			Missing  string
			EventID  bool
			TextPtr  bool
			Response string
		}{TextPtr: IsPointer(m.spec, text.Ref, text.Required), Response: "{}"}
		if len(wires) > 0 {
			s.Missing = (&missingText{m.pkgName, a.Spec.Name, wires}).String()
		}
		if isStr(field(a.Response, "event_id")) {
			s.EventID, s.Response = true, `{"event_id": "K600PKZON8_1"}`
		}
		d.Send = s
	}
	for _, p := range m.pushes {
		if p.Spec.Name == "incoming_event" && p.Struct != nil && text != nil &&
			isStr(field(p.Struct, "chat_id")) && isEvent(field(p.Struct, "event")) {
			d.Push = &struct{ TextPtr, ThreadID bool }{IsPointer(m.spec, text.Ref, text.Required), isStr(field(p.Struct, "thread_id"))}
		}
	}
	for _, a := range m.actions {
		if a.Pages == nil || !a.Spec.RTM() {
			continue
		}
		first := []string{}
		for _, f := range a.Request.Fields {
			if f.Required && isStr(f) {
				first = append(first, f.Name+`: "PJ0MRSHTDG"`)
			}
		}
		pg := &struct {
			Method, Const, Request, Items, First string
			IDPtr, HasID                         bool
		}{Method: a.Pages.Method, Const: a.Const, Request: a.Request.Name, Items: a.Pages.Items.Wire, First: strings.Join(first, ", ")}
		if elem := a.Pages.Items.Ref.Elem; elem.Kind == spec.Named {
			for _, st := range m.types {
				if st.Name == elem.Name {
					if f := field(st, "id"); f != nil && f.Ref.Kind == spec.String && f.Name == "ID" {
						pg.HasID, pg.IDPtr = true, IsPointer(m.spec, f.Ref, f.Required)
					}
				}
			}
		}
		d.Pages = pg
		break
	}
	d.UsesRTM = d.Send != nil && d.Send.TextPtr || d.Push != nil && d.Push.TextPtr
	return d
}

type missingText struct {
	pkg, action string
	params      []string
}

func (e *missingText) String() string {
	return e.pkg + ": " + e.action + ": missing required params: " + strings.Join(e.params, ", ")
}

// examplesFile renders example_test.go, or nil when the spec allows no example.
func (m *model) examplesFile(importPath string) ([]byte, error) {
	d := m.exampleData(importPath)
	if d.Login == nil && d.Send == nil && d.Push == nil && d.Pages == nil {
		return nil, nil
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "// Code generated by cmd/gen from %s; DO NOT EDIT.\n\n", m.spec.Path)
	if err := examplesTemplate.Execute(&buf, d); err != nil {
		return nil, fmt.Errorf("examples: %w", err)
	}
	out, err := format.Source(buf.Bytes())
	if err != nil {
		return nil, fmt.Errorf("format the examples: %w\n%s", err, buf.Bytes())
	}
	return out, nil
}

var examplesTemplate = template.Must(template.New("examples").Parse(`package {{.Pkg}}_test

import (
	"context"
	{{- if or .Send .Pages}}
	"encoding/json"
	{{- end}}
	"fmt"
	"log"
	"time"

	{{.Alias}} "{{.Path}}"
	{{- if .UsesRTM}}
	"github.com/rtmkit/livechat-rtm/rtm"
	{{- end}}
	"github.com/rtmkit/livechat-rtm/rtm/rtmtest"
)

{{- if .Login}}
// A program dials, logs in with its token, and closes the connection when done. The rtmtest
// server stands in for {{.Alias}}.DefaultURL: without Config.URL, Dial connects to LiveChat.
func Example() {
	srv := rtmtest.NewServer()
	defer srv.Close()
	srv.Handle({{.Alias}}.ActionLogin, func(context.Context, *rtmtest.Request) (any, error) {
		return map[string]any{}, nil
	})

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := {{.Alias}}.Dial(ctx, {{.Config}})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Login(ctx, &{{.Alias}}.LoginRequest{Token: "{{.Login.Token}}"}); err != nil {
		log.Fatal(err)
	}
	fmt.Println("logged in")
	// Output: logged in
}
{{end}}

{{- if .Send}}
// SendEvent sends a message to a chat. A request missing required params fails before it is
// sent, with an *rtm.MissingParamsError.
func ExampleClient_SendEvent() {
	srv := rtmtest.NewServer()
	defer srv.Close()
	srv.Handle({{.Alias}}.ActionSendEvent, func(context.Context, *rtmtest.Request) (any, error) {
		return json.RawMessage(` + "`" + `{{.Send.Response}}` + "`" + `), nil
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := {{.Alias}}.Dial(ctx, {{.Config}})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	resp, err := c.SendEvent(ctx, &{{.Alias}}.SendEventRequest{
		ChatID: "PJ0MRSHTDG",
		Event:  &{{.Alias}}.MessageEvent{Text: {{if .Send.TextPtr}}rtm.Ptr("Hello!"){{else}}"Hello!"{{end}}},
	})
	if err != nil {
		log.Fatal(err)
	}
	{{- if .Send.EventID}}
	fmt.Println("sent event", resp.EventID)
	{{- else}}
	_ = resp
	fmt.Println("sent")
	{{- end}}
	{{- if .Send.Missing}}

	_, err = c.SendEvent(ctx, &{{.Alias}}.SendEventRequest{})
	fmt.Println(err)
	{{- end}}
	// Output:
	{{- if .Send.EventID}}
	// sent event K600PKZON8_1
	{{- else}}
	// sent
	{{- end}}
	{{- if .Send.Missing}}
	// {{.Send.Missing}}
	{{- end}}
}
{{end}}

{{- if .Push}}
// OnIncomingEvent registers a handler for a push; a type switch tells the kinds of event apart.
// Handlers run one at a time, in the order the pushes arrive.
func ExampleClient_OnIncomingEvent() {
	srv := rtmtest.NewServer()
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := {{.Alias}}.Dial(ctx, {{.Config}})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	done := make(chan struct{})
	c.OnIncomingEvent(func(ctx context.Context, p *{{.Alias}}.IncomingEventPush) {
		defer close(done)
		switch e := p.Event.(type) {
		case *{{.Alias}}.MessageEvent:
			fmt.Printf("message in chat %s: %s\n", p.ChatID, {{if .Push.TextPtr}}rtm.Or(e.Text, ""){{else}}e.Text{{end}})
		default:
			fmt.Printf("event %T in chat %s\n", e, p.ChatID)
		}
	})

	sc, err := srv.WaitConn(ctx, 1) // the server's side of the connection
	if err != nil {
		log.Fatal(err)
	}
	err = sc.Push({{.Alias}}.PushIncomingEvent, &{{.Alias}}.IncomingEventPush{
		ChatID: "PJ0MRSHTDG",
		Event:  &{{.Alias}}.MessageEvent{Text: {{if .Push.TextPtr}}rtm.Ptr("Hi there"){{else}}"Hi there"{{end}}},
	})
	if err != nil {
		log.Fatal(err)
	}
	select {
	case <-done:
	case <-ctx.Done():
		log.Fatal("no push")
	}
	// Output: message in chat PJ0MRSHTDG: Hi there
}
{{end}}

{{- if .Pages}}
// {{.Pages.Method}} follows the pages of a listing: one loop over every item, with an error
// at most once, at the end.
func ExampleClient_{{.Pages.Method}}() {
	srv := rtmtest.NewServer()
	defer srv.Close()
	pages := map[string]string{ // page_id -> the page
		"":   ` + "`" + `{"{{.Pages.Items}}": [{"id": "PJ0MRSHTDG"}, {"id": "PWJ8Y4THAV"}], "next_page_id": "MTUxNzM5ODEzMTQ5Ng=="}` + "`" + `,
		"MTUxNzM5ODEzMTQ5Ng==": ` + "`" + `{"{{.Pages.Items}}": [{"id": "PGDGHT5G9N"}]}` + "`" + `,
	}
	srv.Handle({{.Alias}}.{{.Pages.Const}}, func(_ context.Context, r *rtmtest.Request) (any, error) {
		var req {{.Alias}}.{{.Pages.Request}}
		if err := json.Unmarshal(r.Payload, &req); err != nil {
			return nil, err
		}
		page := ""
		if req.PageID != nil {
			page = *req.PageID
		}
		return json.RawMessage(pages[page]), nil
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := {{.Alias}}.Dial(ctx, {{.Config}})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	for item, err := range c.{{.Pages.Method}}(ctx, &{{.Alias}}.{{.Pages.Request}}{ {{- .Pages.First -}} }) {
		if err != nil {
			log.Fatal(err)
		}
		{{- if .Pages.HasID}}
		fmt.Println({{if .Pages.IDPtr}}*item.ID{{else}}item.ID{{end}})
		{{- else}}
		fmt.Printf("%T\n", item)
		{{- end}}
	}
	// Output:
	// PJ0MRSHTDG
	// PWJ8Y4THAV
	// PGDGHT5G9N
}
{{end}}

{{- if and .Push .Send}}
// A test of a bot: rtmtest plays LiveChat, pushes a message to the bot and records what the bot
// sends back. In a test, rtmtest.New(t) closes the server when the test ends, and a context from
// t.Context() with a timeout bounds every wait, so a bot that never answers fails the test
// instead of hanging it.
func Example_testing() {
	// The bot under test: it echoes every message.
	bot := func(c *{{.Alias}}.Client) {
		c.OnIncomingEvent(func(ctx context.Context, p *{{.Alias}}.IncomingEventPush) {
			if m, ok := p.Event.(*{{.Alias}}.MessageEvent); ok {
				reply := &{{.Alias}}.MessageEvent{Text: {{if .Send.TextPtr}}rtm.Ptr("You said: " + rtm.Or(m.Text, "")){{else}}"You said: " + m.Text{{end}}}
				if _, err := c.SendEvent(ctx, &{{.Alias}}.SendEventRequest{ChatID: p.ChatID, Event: reply}); err != nil {
					log.Print(err)
				}
			}
		})
	}

	srv := rtmtest.NewServer()
	defer srv.Close()
	srv.Handle({{.Alias}}.ActionSendEvent, func(context.Context, *rtmtest.Request) (any, error) {
		return json.RawMessage(` + "`" + `{{.Send.Response}}` + "`" + `), nil
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := {{.Alias}}.Dial(ctx, {{.Config}})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	bot(c)

	sc, err := srv.WaitConn(ctx, 1)
	if err != nil {
		log.Fatal(err)
	}
	err = sc.Push({{.Alias}}.PushIncomingEvent, &{{.Alias}}.IncomingEventPush{
		ChatID: "PJ0MRSHTDG",
		Event:  &{{.Alias}}.MessageEvent{Text: {{if .Push.TextPtr}}rtm.Ptr("Hi"){{else}}"Hi"{{end}}},
	})
	if err != nil {
		log.Fatal(err)
	}
	r, err := srv.WaitRequest(ctx, rtmtest.ActionIs({{.Alias}}.ActionSendEvent))
	if err != nil {
		log.Fatal("the bot sent nothing: ", err)
	}
	var sent {{.Alias}}.SendEventRequest
	if err := json.Unmarshal(r.Payload, &sent); err != nil {
		log.Fatal(err)
	}
	if m, ok := sent.Event.(*{{.Alias}}.MessageEvent); ok {
		fmt.Printf("the bot answered in %s: %s\n", sent.ChatID, {{if .Send.TextPtr}}rtm.Or(m.Text, ""){{else}}m.Text{{end}})
	}
	// Output: the bot answered in PJ0MRSHTDG: You said: Hi
}
{{end}}
`))
