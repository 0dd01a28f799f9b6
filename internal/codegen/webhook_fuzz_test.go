package codegen_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	v36 "github.com/rtmkit/livechat-rtm/gen/agent/v36"
	"github.com/rtmkit/livechat-rtm/internal/spec"
	"github.com/rtmkit/livechat-rtm/webhook"
)

// FuzzWebhookDecode feeds arbitrary bodies, seeded with every webhook sample of agent v3.6, to
// the generated v36.ParseWebhook (the core's checks, then the typed decoder of the action): it
// never panics; a refusal is a 400 or 401 *webhook.Error; what it accepts re-encodes without
// losing any value of the body except secret_key (it may add zero values of required
// fields), and decoding the re-encoded webhook gives the same webhook.
func FuzzWebhookDecode(f *testing.F) {
	s, err := spec.Load("../../spec/agent/v3.6.yaml")
	if err != nil {
		f.Fatal(err)
	}
	for _, w := range s.Webhooks {
		if len(w.Example) > 0 {
			f.Add([]byte(w.Example))
		}
	}
	for _, b := range []string{
		`{"secret_key":"k","action":"incoming_event","payload":{"event":{"type":"hologram"}}}`,
		`{"secret_key":"k","action":"auto_accesses_updated","payload":[{"id":"a","status":"deleted","x":{}}],"requester":{"user_id":1}}`,
		`{"secret_key":"k","action":"from_the_future","payload":null,"additional_data":{"a":[]}}`,
		`{"secret_key":"k","action":"chat_deactivated","payload":"nope"}`,
	} {
		f.Add([]byte(b))
	}
	secret := webhook.NoSecret()
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := v36.ParseWebhook(data, secret)
		if err != nil {
			var e *webhook.Error
			if !errors.As(err, &e) || e.Status != 400 && e.Status != 401 {
				t.Fatalf("refusal %v is not a 400/401 *webhook.Error", err)
			}
			return
		}
		out, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("re-encode: %v\nin: %s", err, data)
		}
		var in, back map[string]any
		if err := json.Unmarshal(data, &in); err != nil {
			t.Fatalf("accepted a body that is not a JSON object: %q", data)
		}
		if raw, ok := v.(*webhook.Webhook); ok {
			out = raw.JSON()
		}
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("re-encoded to invalid JSON %q", out)
		}
		delete(in, "secret_key")
		if path, ok := contains(back, any(in), "$"); !ok {
			t.Errorf("decode then encode lost %s\nin:  %s\nout: %s", path, data, out)
		}
		again, err := v36.ParseWebhook(out, secret)
		if err != nil {
			t.Fatalf("the re-encoded webhook does not parse: %v\n%s", err, out)
		}
		out2, err := json.Marshal(again)
		if err != nil {
			t.Fatalf("re-encode again: %v", err)
		}
		if raw, ok := again.(*webhook.Webhook); ok {
			out2 = raw.JSON()
		}
		var back2 any
		if err := json.Unmarshal(out2, &back2); err != nil {
			t.Fatalf("re-encoded to invalid JSON %q", out2)
		}
		if diff := cmp.Diff(any(back), back2); diff != "" {
			t.Errorf("decoding is not idempotent (-first +second):\n%s", diff)
		}
	})
}

// TestWebhookPayloadErrorNamesTheField: a payload of the wrong shape is a 400 whose reason
// names the member and the field inside it.
func TestWebhookPayloadErrorNamesTheField(t *testing.T) {
	for body, want := range map[string][]string{
		`{"secret_key":"k","action":"incoming_event","payload":{"chat_id":"c","event":{"type":"message","text":42}}}`:  {"payload", "IncomingEventPush.event", "MessageEvent.text"},
		`{"secret_key":"k","action":"chat_deactivated","payload":[1]}`:                                                 {"payload", "ChatDeactivatedPush"},
		`{"secret_key":"k","action":"auto_accesses_updated","payload":{"id":"a"}}`:                                     {"payload"},
		`{"secret_key":"k","action":"agent_created","payload":{},"requester":{"user_id":7}}`:                           {"requester"},
		`{"secret_key":"k","action":"chat_deactivated","payload":{},"additional_data":{"chat_presence_user_ids":"x"}}`: {"additional_data", "chat_presence_user_ids"},
	} {
		_, err := v36.ParseWebhook([]byte(body), webhook.SecretKey("k"))
		var e *webhook.Error
		if !errors.As(err, &e) || e.Status != 400 {
			t.Errorf("%s: err = %v, want a 400", body, err)
			continue
		}
		for _, w := range want {
			if !strings.Contains(e.Error(), w) {
				t.Errorf("%s: %q does not name %q", body, e.Error(), w)
			}
		}
	}
}
