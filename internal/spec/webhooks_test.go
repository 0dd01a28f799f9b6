package spec

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestLoadWebhooks checks that every key of a webhook reaches the model.
func TestLoadWebhooks(t *testing.T) {
	s, err := Load("testdata/webhooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Webhooks) != 3 {
		t.Fatalf("%d webhooks, want 3", len(s.Webhooks))
	}
	ie := s.Webhook("incoming_event")
	if ie == nil || ie.Push != "incoming_event" || len(ie.Fields) != 0 || ie.Pos.Line != 14 {
		t.Fatalf("incoming_event = %+v", ie)
	}
	if got := ie.AdditionalData[0]; got.Name != "chat_properties" || got.Type.String() != "Properties" {
		t.Errorf("additional_data[0] = %+v", got)
	}
	if !cmp.Equal(ie.ExampleUndeclared, []string{"payload.x"}) || !cmp.Equal(ie.ExampleAbsent, []string{"payload.requester_id"}) ||
		!strings.Contains(string(ie.Example), `"secret_key": "s"`) || len(ie.Notes) != 1 {
		t.Errorf("incoming_event example = %s %v %v", ie.Example, ie.ExampleUndeclared, ie.ExampleAbsent)
	}
	sf := s.Webhook("session_fields_updated")
	if sf.Push != "" || len(sf.Fields) != 1 || sf.Envelope[0].Name != "requester" || sf.Envelope[0].Fields[0].Name != "user_id" {
		t.Errorf("session_fields_updated = %+v", sf)
	}
	if ru := s.Webhook("rules_updated"); ru.PayloadType.String() != "[]object" || len(ru.Fields) != 1 {
		t.Errorf("rules_updated = %+v", ru)
	}
	if s.Webhook("nope") != nil {
		t.Error("lookup of an unknown webhook found one")
	}
}

// TestLoadWebhookErrors feeds broken webhooks sections: each gives its error at its line.
func TestLoadWebhookErrors(t *testing.T) {
	const head = "api: agent\nversion: \"3.6\"\ndoc: d\nconnection: {url: \"wss://x\"}\n" +
		"pushes:\n  - {name: p, doc: d, fields: [{name: x, type: int}]}\nwebhooks:\n"
	tests := []struct{ name, spec, want string }{
		{"not a list", "api: agent\nversion: \"3.6\"\ndoc: d\nconnection: {url: \"wss://x\"}\nwebhooks: {}\n", `x.yaml:5:11: webhooks: want a list, got a mapping`},
		{"unknown key", head + "  - {name: w, doc: d, push: p, pushh: p}\n", `x.yaml:8:32: webhook "w": unknown key "pushh"`},
		{"missing doc", head + "  - {name: w, push: p}\n", `x.yaml:8:5: webhook "w": missing key "doc"`},
		{"empty doc", head + "  - {name: w, doc: \" \", push: p}\n", `x.yaml:8:5: webhook "w": doc: empty`},
		{"bad name", head + "  - {name: Incoming-Event, doc: d, push: p}\n", `x.yaml:8:5: webhook "Incoming-Event": malformed name`},
		{"duplicate", head + "  - {name: w, doc: d, push: p}\n  - {name: w, doc: d, push: p}\n", `x.yaml:9:5: webhook "w": duplicate webhook (first at line 8)`},
		{"undefined push", head + "  - {name: w, doc: d, push: nope}\n", `x.yaml:8:29: webhook "w": push: push "nope" is not defined`},
		{"push and fields", head + "  - {name: w, doc: d, push: p, fields: [{name: x, type: int}]}\n", `x.yaml:8:29: webhook "w": push and fields/payload_type given`},
		{"no payload", head + "  - {name: w, doc: d}\n", `x.yaml:8:5: webhook "w": needs push (the push whose payload it carries) or fields`},
		{"payload_type without fields", head + "  - {name: w, doc: d, payload_type: \"[]object\"}\n", `webhook "w": payload_type: []object needs fields describing the object`},
		{"unknown type", head + "  - {name: w, doc: d, push: p, additional_data: [{name: a, type: Nope}]}\n", `x.yaml:8:66: webhook "w": additional_data field "a": unknown type "Nope"`},
		{"duplicate additional field", head + "  - {name: w, doc: d, push: p, additional_data: [{name: a, type: int}, {name: a, type: int}]}\n",
			`webhook "w": additional_data field "a": duplicate additional_data field`},
		{"standard envelope member", head + "  - {name: w, doc: d, push: p, envelope: [{name: payload, type: any}]}\n",
			`x.yaml:8:43: webhook "w": envelope field "payload": every webhook has "payload"`},
		{"example not JSON", head + "  - {name: w, doc: d, push: p, example: \"{\"}\n", `webhook "w": example: invalid JSON`},
		{"example not object", head + "  - {name: w, doc: d, push: p, example: \"[]\"}\n", `webhook "w": example: want a JSON object`},
		{"example of another action", head + "  - {name: w, doc: d, push: p, example: '{\"action\": \"v\", \"payload\": {}}'}\n",
			`x.yaml:8:41: webhook "w": example: want a webhook body whose action is "w", got "v"`},
		{"example without payload", head + "  - {name: w, doc: d, push: p, example: '{\"action\": \"w\"}'}\n", `webhook "w": example: the body has no payload`},
		{"absent path outside payload", head + "  - {name: w, doc: d, push: p, example: '{\"action\": \"w\", \"payload\": {}}', example_absent: [webhook_id]}\n",
			`webhook "w": example_absent: "webhook_id": want a dotted path`},
		{"paths without example", head + "  - {name: w, doc: d, push: p, example_undeclared: [payload.x]}\n", `webhook "w": example paths given without an example`},
		{"self rename", head + "  - {name: w, doc: d, push: p, renamed_from: w}\n", `webhook "w": renamed_from: names itself`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.yaml", []byte(tt.spec))
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("errors:\n%v\nwant one containing %q", err, tt.want)
			}
		})
	}
}

// TestEncodeWebhooks: Encode writes the webhooks section so that it loads back the same.
func TestEncodeWebhooks(t *testing.T) {
	s, err := Load("testdata/webhooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	data, err := Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse("encoded.yaml", data)
	if err != nil {
		t.Fatalf("the encoded spec does not load: %v\n%s", err, data)
	}
	opts := cmp.Options{
		cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".Pos" }, cmp.Ignore()),
		cmp.Transformer("json", func(r json.RawMessage) any {
			var v any
			json.Unmarshal(r, &v)
			return v
		}),
	}
	if diff := cmp.Diff(s.Webhooks, back.Webhooks, opts); diff != "" {
		t.Errorf("webhooks after Encode and Parse (-loaded +encoded):\n%s", diff)
	}
}

// agentWebhooks are the webhooks of the "Available webhooks" table of the webhook reference
// (../shared/livechat-docs/src/pages/management/webhooks/index.mdx for v3.6, v3.7/ for v3.7:
// the same 38), written here by hand so that an accidental deletion fails a test.
const agentWebhooks = "incoming_chat chat_deactivated chat_access_updated chat_transferred user_added_to_chat " +
	"user_removed_from_chat incoming_event event_deleted event_updated incoming_rich_message_postback " +
	"chat_properties_updated chat_properties_deleted thread_properties_updated thread_properties_deleted " +
	"event_properties_updated event_properties_deleted thread_tagged thread_untagged routing_status_set " +
	"customer_session_fields_updated agent_created agent_approved agent_updated agent_suspended " +
	"agent_unsuspended agent_deleted auto_accesses_updated bot_created bot_updated bot_deleted group_created " +
	"group_updated group_deleted tag_created tag_deleted tag_updated events_marked_as_seen thread_summary_set"

// TestSpecWebhookInventory: the agent specs with webhooks have every webhook of the reference,
// each with a sample, and all but customer_session_fields_updated reuse their push.
func TestSpecWebhookInventory(t *testing.T) {
	want := strings.Fields(agentWebhooks)
	slices.Sort(want)
	for _, path := range []string{"../../spec/agent/v3.6.yaml", "../../spec/agent/v3.7.yaml"} {
		s, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, w := range s.Webhooks {
			got = append(got, w.Name)
			if len(w.Example) == 0 {
				t.Errorf("%s: webhook %s has no example", path, w.Name)
			}
			if (w.Push == "") != (w.Name == "customer_session_fields_updated") {
				t.Errorf("%s: webhook %s: push %q", path, w.Name, w.Push)
			}
		}
		slices.Sort(got)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: webhooks (-reference +spec):\n%s", path, diff)
		}
	}
}
