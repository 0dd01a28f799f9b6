package webhook_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rtmkit/livechat-rtm/webhook"
)

// FuzzWebhookParse feeds arbitrary bodies to Parse: it never panics; it accepts only valid
// JSON objects whose secret matches; what it accepts re-encodes (JSON, without the secret) to
// an object that parses again to the same webhook; every refusal is an *Error.
func FuzzWebhookParse(f *testing.F) {
	for _, s := range []string{
		body(secret, "incoming_event", `{"chat_id":"c","event":{"type":"message","text":"hi"}}`),
		body(secret, "auto_accesses_updated", `[{"id":"a","status":"deleted"}]`),
		body("-", "x", `null`),
		body(secret, "a", `{"a":{"b":[1,2,{"c":"\u00e9\n"}]},"a":1}`),
		`{"secret_key":"` + secret + `","action":"a","payload":1,"extra":{"k":[true,false,null,-1.5e3]}}`,
		`{"action":"\ud800","payload":"\xff"}`,
		`[]`, `"x"`, `{`, `{"a":}`, `{"a":1,}`, ` {"a" : 1 } `,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		w, err := webhook.Parse(data, webhook.SecretKey(secret))
		if err != nil {
			var e *webhook.Error
			if !errors.As(err, &e) || (e.Status != 400 && e.Status != 401) {
				t.Fatalf("refusal %v is not a 400/401 *webhook.Error", err)
			}
			return
		}
		var top map[string]json.RawMessage
		if err := json.Unmarshal(data, &top); err != nil {
			t.Fatalf("accepted a body that is not a JSON object: %q: %v", data, err)
		}
		var key string
		if json.Unmarshal(top["secret_key"], &key) != nil || key != secret {
			t.Fatalf("accepted a body without the secret: %q", data)
		}
		out := w.JSON()
		if !json.Valid(out) {
			t.Fatalf("JSON() is invalid: %q", out)
		}
		again, err := webhook.Parse(out, webhook.NoSecret())
		if err != nil {
			t.Fatalf("JSON() does not parse again: %v\n%s", err, out)
		}
		if diff := cmp.Diff(w, again); diff != "" {
			t.Errorf("parse, JSON, parse changed the webhook (-first +second):\n%s", diff)
		}
	})
}
