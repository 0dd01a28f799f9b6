package rtm_test

import (
	"encoding/json"
	"errors"
	"testing"

	v36 "github.com/rtmkit/livechat-rtm/gen/agent/v36"
	"github.com/rtmkit/livechat-rtm/rtm"
	"github.com/rtmkit/livechat-rtm/rtm/rtmtest"
)

// TestInvalidUTF8FailsOnlyThatCall: a json.RawMessage, []byte or Extra
// value holding invalid UTF-8 fails its own call with ErrEncode, sends
// nothing, and leaves the connection and a call in flight unharmed (a
// conforming server would close the connection with 1007).
func TestInvalidUTF8FailsOnlyThatCall(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	srv.Handle("echo", echo)
	c := dial(t, srv)
	ctx := testCtx(t)

	bad := []byte("{\"text\":\"caf\xe9\"}") // Latin-1 é: valid JSON syntax, invalid UTF-8
	req := &v36.SendEventRequest{ChatID: "PJ0MRSHTDG", Event: &v36.MessageEvent{Text: rtm.Ptr("hi")},
		Extra: map[string]json.RawMessage{"note": json.RawMessage("\"\xff\"")}}
	for name, payload := range map[string]any{
		"RawMessage": json.RawMessage(bad),
		"[]byte":     bad,
		"Extra":      req,
		"nested raw": map[string]any{"x": json.RawMessage("\"\xc3\"")},
	} {
		if err := c.Call(ctx, "echo", payload, nil); !errors.Is(err, rtm.ErrEncode) {
			t.Errorf("%s: %v; want ErrEncode", name, err)
		}
	}
	var got map[string]string
	if err := c.Call(ctx, "echo", map[string]string{"text": "café"}, &got); err != nil || got["text"] != "café" {
		t.Fatalf("call after the refused ones: %v, %v", err, got)
	}
	for _, r := range srv.Requests() {
		if r.Action == "echo" && string(r.Payload) != `{"text":"café"}` {
			t.Errorf("sent: %s", r.Raw)
		}
	}
	if c.Err() != nil || c.Stats().Disconnects != 0 {
		t.Errorf("connection harmed: %v, %+v", c.Err(), c.Stats())
	}
}
