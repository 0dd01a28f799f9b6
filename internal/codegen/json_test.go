package codegen_test

// These tests check the generated JSON methods (emit_json.go) on the committed packages:
// MarshalJSON writes what json.Marshal writes, UnmarshalJSON reads what encoding/json reads,
// and nothing received is lost.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	v36 "github.com/rtmkit/livechat-rtm/gen/agent/v36"
	"github.com/rtmkit/livechat-rtm/rtm"
)

// jsonSamples are payloads exercising every kind of field: scalars and their pointers,
// nested and inline structs, unions and slices of them, maps, any, unknown fields and kinds,
// escapes and HTML characters.
var jsonSamples = []struct {
	name string
	new  func() any
	data string
}{
	{"IncomingEventPush", func() any { return new(v36.IncomingEventPush) },
		`{"chat_id":"C<1>&","thread_id":"T","event":{"id":"K_2","created_at":"2026-11-21T10:00:00.000000Z","type":"message","text":"a\"b\\c\u00e9\u2028","author_id":"a","visibility":"all","properties":{"lc2":{"x":false,"y":[1,2.5,null]}},"zz":[1,{"q":"<"}]},"extra":{"a":1}}`},
	{"GetChatResponse", func() any { return new(v36.GetChatResponse) },
		`{"id":"PJ","users":[{"id":"x","type":"agent","name":"n","present":true},{"type":"customer","id":"c","fields":{"k":"v"}},{"type":"bot","id":"b"}],"thread":{"id":"K","active":false,"events":[{"type":"file","url":"u","width":640},{"type":"hologram","depth":3},null],"tags":["a"],"queue":null},"properties":{}}`},
	{"LoginResponse", func() any { return new(v36.LoginResponse) },
		`{"license":{"id":"1","organization_id":"o","plan":"e","expiration_timestamp":-1,"creation_timestamp":0,"in_trial":true},"my_profile":{"id":"a","routing_status":"accepting_chats"},"chats_summary":[]}`},
	{"SendEventRequest", func() any { return new(v36.SendEventRequest) },
		`{"chat_id":"C","event":{"type":"rich_message","template_id":"cards","elements":[{"title":"t","buttons":[{"type":"url","text":"go","value":"https://x"}]}]},"attach_to_last_thread":false}`},
	{"empty", func() any { return new(v36.ListChatsResponse) }, `{}`},
}

// TestAppendJSONIsMarshal: UnmarshalJSON decodes a sample as json.Unmarshal does; MarshalJSON
// and json.Marshal write the same bytes (but for the space and the HTML characters inside
// unknown fields' values, which MarshalJSON writes as received and json.Marshal compacts and
// escapes); and every value of the sample is in the output (which may add the zero values of
// required fields the sample lacks: see contains).
func TestAppendJSONIsMarshal(t *testing.T) {
	for _, tc := range jsonSamples {
		t.Run(tc.name, func(t *testing.T) {
			v := tc.new()
			if err := v.(json.Unmarshaler).UnmarshalJSON([]byte(tc.data)); err != nil {
				t.Fatal(err)
			}
			viaJSON := tc.new()
			if err := json.Unmarshal([]byte(tc.data), viaJSON); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(viaJSON, v); diff != "" {
				t.Errorf("UnmarshalJSON and json.Unmarshal differ (-json +direct):\n%s", diff)
			}
			got, err := v.(json.Marshaler).MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			marshaled, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			var compact, escaped bytes.Buffer
			if json.Compact(&compact, got) != nil {
				t.Fatalf("MarshalJSON wrote %s", got)
			}
			json.HTMLEscape(&escaped, compact.Bytes())
			if !bytes.Equal(escaped.Bytes(), marshaled) {
				t.Errorf("MarshalJSON:  %s\njson.Marshal: %s", got, marshaled)
			}
			var in, out any
			_ = json.Unmarshal([]byte(tc.data), &in)
			if err := json.Unmarshal(marshaled, &out); err != nil {
				t.Fatal(err)
			}
			if path, ok := contains(out, in, "$"); !ok {
				t.Errorf("decode then encode lost %s\nin:  %s\nout: %s", path, tc.data, marshaled)
			}
		})
	}
}

// TestEmptyTimeKept: an optional time received empty is sent back empty, not dropped
// (encoding/json's omitzero would drop it, rtm.Time having an IsZero method).
func TestEmptyTimeKept(t *testing.T) {
	ev, err := v36.UnmarshalEvent([]byte(`{"type":"message","created_at":""}`))
	if err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(ev)
	if !strings.Contains(string(out), `"created_at":""`) {
		t.Errorf("encoded %s", out)
	}
}

func TestJSONEdges(t *testing.T) {
	bad := v36.SendEventResponse{EventID: "e", Extra: map[string]json.RawMessage{"x": json.RawMessage("{")}}
	if _, err := json.Marshal(bad); err == nil || !strings.Contains(err.Error(), `field "x"`) {
		t.Errorf("an invalid Extra value encoded: %v", err)
	}
	var r v36.SendEventResponse
	if err := r.UnmarshalJSON([]byte(`null`)); err != nil || r.EventID != "" || r.Extra != nil {
		t.Errorf("null: %+v, %v", r, err)
	}
	if err := r.UnmarshalJSON([]byte(`{"event_id":"a","event_id":"b","k":1,"k":2}`)); err != nil || r.EventID != "b" || string(r.Extra["k"]) != "2" {
		t.Errorf("duplicates: the last one must win: %+v, %v", r, err)
	}
	for _, in := range []string{``, `[]`, `"x"`, `{"event_id":1}`, `{"event_id":"a"`, `{"event_id":"a"} x`} {
		if err := r.UnmarshalJSON([]byte(in)); err == nil {
			t.Errorf("%q decoded", in)
		}
	}
}

// TestAbsentAndZeroKept: decode then encode keeps a field that was absent absent, and a zero
// value (an empty string, false, 0, an empty object or array) as it was, for every kind of
// optional field: pointers to strings, times, bools, ints and structs, maps, slices, any.
func TestAbsentAndZeroKept(t *testing.T) {
	for _, in := range []string{
		`{"type":"message","text":"x"}`,
		`{"type":"message","text":"","id":"","created_at":"","properties":{},"deleted":false}`,
		`{"type":"message","text":"t","properties":{"a":{}},"deleted":0,"postback":{"id":"","thread_id":"","event_id":""}}`,
		`{"type":"file","url":"u","width":0,"height":0,"properties":{"ns":{"k":[]}}}`,
		`{"type":"rich_message","template_id":"cards","elements":[]}`,
		`{"type":"rich_message","template_id":"cards","elements":[{"buttons":[]}]}`,
	} {
		ev, err := v36.UnmarshalEvent([]byte(in))
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		out, err := json.Marshal(ev)
		if err != nil {
			t.Fatal(err)
		}
		var want, got any
		_ = json.Unmarshal([]byte(in), &want)
		_ = json.Unmarshal(out, &got)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: decode then encode changed it (-in +out):\n%s", in, diff)
		}
	}
}

// TestExplicitNullKept: an optional field received as an explicit null is nil, as when
// absent, yet is written back as null; set meanwhile, it is written with its value, once; and
// rtm.UnknownFields does not count it as unknown. A required scalar received as null is written
// back as null while it stays zero.
func TestExplicitNullKept(t *testing.T) {
	in := `{"type":"message","text":"t","id":null,"properties":null,"deleted":null,"postback":null,"custom_id":"c","custom_id":null}`
	ev, err := v36.UnmarshalEvent([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	m := ev.(*v36.MessageEvent)
	if m.ID != nil || m.Properties != nil || m.Deleted != nil || m.Postback != nil || m.CustomID != nil {
		t.Fatalf("null fields decoded as %+v", m)
	}
	if u := rtm.UnknownFields(m); len(u) != 0 {
		t.Errorf("UnknownFields = %v, want none", u)
	}
	out, _ := json.Marshal(m)
	var want, got any
	_ = json.Unmarshal([]byte(in), &want)
	_ = json.Unmarshal(out, &got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("decode then encode changed it (-in +out):\n%s", diff)
	}
	m.ID = rtm.Ptr("K_1")
	out, _ = json.Marshal(m)
	if strings.Count(string(out), `"id":`) != 1 || !strings.Contains(string(out), `"id":"K_1"`) {
		t.Errorf("a field set after a null decoded: %s", out)
	}
	// A required scalar received as null: zero in Go, null again on encode until it is set.
	var req v36.SendEventResponse
	if err := req.UnmarshalJSON([]byte(`{"event_id":null}`)); err != nil {
		t.Fatal(err)
	}
	if out, _ := json.Marshal(req); string(out) != `{"event_id":null}` {
		t.Errorf("a required null re-encoded as %s", out)
	}
	if u := rtm.UnknownFields(&req); len(u) != 0 {
		t.Errorf("UnknownFields = %v, want none", u)
	}
	req.EventID = "e"
	if out, _ := json.Marshal(req); string(out) != `{"event_id":"e"}` {
		t.Errorf("a required null set since re-encoded as %s", out)
	}
	again, err := v36.UnmarshalEvent([]byte(`{"type":"message","id":null,"id":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	if out, _ := json.Marshal(again); strings.Contains(string(out), "null") {
		t.Errorf("a null followed by a value of the same member is kept: %s", out)
	}
}

// TestDuplicateDiscriminator: the last "type" member decides the kind, as with encoding/json
// into a map, although the decoder starts from the first.
func TestDuplicateDiscriminator(t *testing.T) {
	for in, want := range map[string]string{
		`{"type":"message","text":"t","type":"file","url":"u"}`: "*v36.FileEvent",
		`{"type":"message","type":null}`:                        "*v36.UnknownEvent",
		`{"type":"hologram","type":"message"}`:                  "*v36.MessageEvent",
		`{"text":"t","type":"message"}`:                         "*v36.MessageEvent",
		`{"type":"file","type":"hologram"}`:                     "*v36.UnknownEvent",
	} {
		ev, err := v36.UnmarshalEvent([]byte(in))
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if got := fmt.Sprintf("%T", ev); got != want {
			t.Errorf("%s decoded as %s, want %s", in, got, want)
		}
	}
}
