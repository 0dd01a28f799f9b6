package codegen_test

// These tests check what the generator's output does, on the committed generated packages:
// the conventions of DESIGN.md ("Generated packages") as a user meets them. (A test may import
// gen/: nothing under gen/ imports internal/, so there is no cycle.)

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	v36 "github.com/rtmkit/livechat-rtm/gen/agent/v36"
	v32 "github.com/rtmkit/livechat-rtm/gen/customer/v32"
	"github.com/rtmkit/livechat-rtm/rtm"
	"github.com/rtmkit/livechat-rtm/rtm/rtmtest"
)

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func dialV36(t *testing.T) (*rtmtest.Server, *rtmtest.ServerConn, *v36.Client) {
	t.Helper()
	srv := rtmtest.New(t)
	c, err := v36.Dial(ctxT(t), v36.Config{URL: srv.URL(), OrganizationID: "org-1"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	sc, err := srv.WaitConn(ctxT(t), 1)
	if err != nil {
		t.Fatal(err)
	}
	return srv, sc, c
}

// wire decodes a recorded payload for comparison.
func wire(t *testing.T, raw []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("payload %s: %v", raw, err)
	}
	return m
}

// TestSendEventWire: required params are always sent, an explicit false optional is sent, an
// unset optional is not, and the union's discriminator is filled in.
func TestSendEventWire(t *testing.T) {
	srv, _, c := dialV36(t)
	srv.Handle(v36.ActionSendEvent, func(context.Context, *rtmtest.Request) (any, error) {
		return map[string]any{"event_id": "E1", "new_in_v37": true}, nil
	})
	resp, err := c.SendEvent(ctxT(t), &v36.SendEventRequest{
		ChatID: "C1",
		Event:  &v36.MessageEvent{Text: rtm.Ptr("hello")},
	}, rtm.WithAuthorID("bot@example.com"))
	if err != nil {
		t.Fatal(err)
	}
	req := srv.Requests()[len(srv.Requests())-1]
	want := map[string]any{
		"chat_id": "C1",
		"event":   map[string]any{"type": "message", "text": "hello"},
	}
	if diff := cmp.Diff(want, wire(t, req.Payload)); diff != "" {
		t.Errorf("wire payload (-want +got):\n%s", diff)
	}
	if req.Action != "send_event" || req.AuthorID != "bot@example.com" {
		t.Errorf("action %q author %q", req.Action, req.AuthorID)
	}
	if resp.EventID != "E1" {
		t.Errorf("EventID = %q", resp.EventID)
	}
	// A field the spec does not know is kept, reported, and written back.
	if got := rtm.UnknownFields(resp); !cmp.Equal(got, []string{"new_in_v37"}) {
		t.Errorf("UnknownFields = %v", got)
	}
	out, _ := json.Marshal(resp)
	if string(out) != `{"event_id":"E1","new_in_v37":true}` {
		t.Errorf("re-encoded response = %s", out)
	}
	// An explicit false optional is sent.
	srv.Handle(v36.ActionDeactivateChat, func(context.Context, *rtmtest.Request) (any, error) { return map[string]any{}, nil })
	if err := c.DeactivateChat(ctxT(t), &v36.DeactivateChatRequest{ID: "C1", IgnoreRequesterPresence: rtm.Ptr(false)}); err != nil {
		t.Fatal(err)
	}
	req = srv.Requests()[len(srv.Requests())-1]
	if diff := cmp.Diff(map[string]any{"id": "C1", "ignore_requester_presence": false}, wire(t, req.Payload)); diff != "" {
		t.Errorf("deactivate_chat wire payload (-want +got):\n%s", diff)
	}
}

// TestNilRequest: a nil request of an action whose params are all optional sends {}.
func TestNilRequest(t *testing.T) {
	srv, _, c := dialV36(t)
	srv.Handle(v36.ActionListChats, func(context.Context, *rtmtest.Request) (any, error) {
		return map[string]any{"chats_summary": []any{}, "found_chats": 0}, nil
	})
	resp, err := c.ListChats(ctxT(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(srv.Requests()[len(srv.Requests())-1].Payload); got != "{}" {
		t.Errorf("payload = %s, want {}", got)
	}
	if resp.ChatsSummary == nil || len(resp.ChatsSummary) != 0 {
		t.Errorf("an empty array must decode to an empty, non-nil slice: %#v", resp.ChatsSummary)
	}
	out, _ := json.Marshal(resp)
	if !strings.Contains(string(out), `"chats_summary":[]`) {
		t.Errorf("an empty array must survive re-encoding: %s", out)
	}
}

// TestUnknownEventKind: an event of a kind the spec does not describe decodes to
// UnknownEvent, re-encodes unchanged, and is reported by rtm.UnknownFields.
func TestUnknownEventKind(t *testing.T) {
	raw := `{"chat_id":"C1","thread_id":"T1","event":{"type":"hologram","id":"E9","depth":3}}`
	var p v36.IncomingEventPush
	if err := json.Unmarshal([]byte(raw), &p); err != nil {
		t.Fatal(err)
	}
	u, ok := p.Event.(*v36.UnknownEvent)
	if !ok || u.Kind != "hologram" {
		t.Fatalf("Event = %#v, want *UnknownEvent of kind hologram", p.Event)
	}
	out, err := json.Marshal(&p)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != raw {
		t.Errorf("re-encoded %s, want %s", out, raw)
	}
	if got := rtm.UnknownFields(&p); !cmp.Equal(got, []string{"event"}) {
		t.Errorf("UnknownFields = %v, want [event]", got)
	}
}

// TestEventKinds decodes each kind to its own type.
func TestEventKinds(t *testing.T) {
	for raw, want := range map[string]v36.Event{
		`{"type":"message","text":"hi"}`:            &v36.MessageEvent{Type: "message", Text: rtm.Ptr("hi")},
		`{"type":"file","url":"https://x/y.png"}`:   &v36.FileEvent{Type: "file", URL: "https://x/y.png"},
		`{"type":"system_message","text":"closed"}`: &v36.SystemMessageEvent{Type: "system_message", Text: rtm.Ptr("closed")},
		`null`: nil,
	} {
		got, err := v36.UnmarshalEvent([]byte(raw))
		if err != nil {
			t.Errorf("%s: %v", raw, err)
			continue
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", raw, diff)
		}
	}
}

// TestDecodeErrorsNameTheField: a wrongly typed field fails with the struct and field named.
func TestDecodeErrorsNameTheField(t *testing.T) {
	var p v36.IncomingEventPush
	err := json.Unmarshal([]byte(`{"chat_id":"C1","event":{"type":"message","text":42}}`), &p)
	if err == nil || !strings.Contains(err.Error(), "IncomingEventPush.event") || !strings.Contains(err.Error(), "MessageEvent.text") {
		t.Errorf("err = %v", err)
	}
	if _, err := v36.UnmarshalEvent([]byte(`[1]`)); err == nil {
		t.Error("an array decoded as an Event")
	}
}

// TestPushDecodeFailureGoesToPushError: a push whose payload does not decode does not reach the
// typed handler; the connection's push error handler gets it.
func TestPushDecodeFailureGoesToPushError(t *testing.T) {
	srv := rtmtest.New(t)
	pushErrs := make(chan error, 1)
	c, err := v36.Dial(ctxT(t), v36.Config{URL: srv.URL(), OrganizationID: "o"},
		rtm.WithPushErrorHandler(func(p rtm.Push, err error) { pushErrs <- err }))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sc, err := srv.WaitConn(ctxT(t), 1)
	if err != nil {
		t.Fatal(err)
	}
	typed := make(chan *v36.IncomingEventPush, 1)
	c.OnIncomingEvent(func(_ context.Context, p *v36.IncomingEventPush) { typed <- p })
	if err := sc.Push(v36.PushIncomingEvent, json.RawMessage(`{"chat_id": 7}`)); err != nil {
		t.Fatal(err)
	}
	if err := sc.Push(v36.PushIncomingEvent, json.RawMessage(`{"chat_id":"C2","thread_id":"T","event":{"type":"message","text":"ok"}}`)); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-pushErrs:
		if !strings.Contains(err.Error(), "IncomingEventPush.chat_id") || !errors.Is(err, rtm.ErrDecode) {
			t.Errorf("push error = %v, want rtm.ErrDecode naming the field", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no push error reported")
	}
	select {
	case p := <-typed:
		if p.ChatID != "C2" {
			t.Errorf("typed handler got %+v, want the second push", p)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the good push never reached its handler")
	}
}

// TestAPIErrorIsTyped: success:false comes back as an *rtm.Error with the version's type.
func TestAPIErrorIsTyped(t *testing.T) {
	srv, _, c := dialV36(t)
	srv.Handle(v36.ActionGetChat, func(context.Context, *rtmtest.Request) (any, error) {
		return nil, &rtmtest.Error{Type: v36.ErrorTypeNotFound, Message: "Chat not found"}
	})
	_, err := c.GetChat(ctxT(t), &v36.GetChatRequest{ChatID: "nope"})
	var apiErr *rtm.Error
	if !errors.As(err, &apiErr) || apiErr.Type != v36.ErrorTypeNotFound || apiErr.Action != "get_chat" {
		t.Fatalf("err = %#v", err)
	}
}

// TestDialConfig: required query parameters, regions, and the version's defaults.
func TestDialConfig(t *testing.T) {
	ctx := ctxT(t)
	if _, err := v36.Dial(ctx, v36.Config{URL: "ws://127.0.0.1:1"}); err == nil || !strings.Contains(err.Error(), "OrganizationID is required") {
		t.Errorf("missing organization_id: %v", err)
	}
	if _, err := v32.Dial(ctx, v32.Config{Region: "mars", LicenseID: 1}); err == nil || !strings.Contains(err.Error(), `unknown region "mars"`) {
		t.Errorf("unknown region: %v", err)
	}
	srv := rtmtest.New(t)
	c, err := v32.Dial(ctx, v32.Config{URL: srv.URL(), LicenseID: 12345})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sc, err := srv.WaitConn(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := sc.Query().Get("license_id"); got != "12345" {
		t.Errorf("license_id = %q", got)
	}
}

// TestArrayResponse: an action whose response is a JSON array returns a slice.
func TestArrayResponse(t *testing.T) {
	srv, _, c := dialV36(t)
	srv.Handle(v36.ActionListRoutingStatuses, func(context.Context, *rtmtest.Request) (any, error) {
		return json.RawMessage(`[{"agent_id":"a@b.c","status":"accepting_chats"}]`), nil
	})
	resp, err := c.ListRoutingStatuses(ctxT(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(resp) != 1 || resp[0].AgentID != "a@b.c" {
		t.Errorf("resp = %+v", resp)
	}
}
