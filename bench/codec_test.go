package bench

import (
	"encoding/json"
	"testing"
	"time"

	v36 "github.com/rtmkit/livechat-rtm/gen/agent/v36"
)

// BenchmarkCodec is the generated JSON code alone, without the network,
// called the way the typed client calls it: what a typed call adds to
// rtm.Conn.Call, and what the typed dispatch of a push costs.
//
//   - encode-send_event: SendEventRequest.MarshalJSON (rtm.Conn.Call has
//     the same code append the payload into its request buffer, without
//     the allocation of the result);
//   - decode-send_event: SendEventResponse.UnmarshalJSON of the response
//     payload;
//   - decode-incoming_event: IncomingEventPush.UnmarshalJSON of the payload
//     of the push benchmarks' incoming_event (a MessageEvent inside).
//
// The json-* variants go through encoding/json (json.Marshal,
// json.Unmarshal), as a program marshalling the same values does: they
// check the bytes, then call the generated methods. json-reflect-decode is
// encoding/json alone, by reflection, into plain structs of the same shape
// (the reference of "faster than encoding/json on the same bytes").
func BenchmarkCodec(b *testing.B) {
	req := newSendEventRequest()
	push := incomingEventPayload(b)
	b.Run("encode-send_event", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := req.MarshalJSON(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decode-send_event", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var r v36.SendEventResponse
			if err := r.UnmarshalJSON(sendEventResponse); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decode-incoming_event", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var p v36.IncomingEventPush
			if err := p.UnmarshalJSON(push); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("json-encode-send_event", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(req); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("json-reflect-decode-incoming_event", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var p reflectIncomingEvent
			if err := json.Unmarshal(push, &p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("json-decode-incoming_event", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var p v36.IncomingEventPush
			if err := json.Unmarshal(push, &p); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// incomingEventPayload is the payload of incomingEventFrame.
func incomingEventPayload(tb testing.TB) json.RawMessage {
	tb.Helper()
	var f struct{ Payload json.RawMessage }
	if err := json.Unmarshal(incomingEventFrame, &f); err != nil {
		tb.Fatal(err)
	}
	return f.Payload
}

// reflectIncomingEvent is v36.IncomingEventPush with a v36.MessageEvent
// inside as plain structs: what encoding/json decodes by reflection alone.
type reflectIncomingEvent struct {
	ChatID   string `json:"chat_id"`
	ThreadID string `json:"thread_id"`
	Event    struct {
		ID         *string `json:"id"`
		CustomID   *string `json:"custom_id"`
		CreatedAt  *string `json:"created_at"`
		Type       string  `json:"type"`
		AuthorID   *string `json:"author_id"`
		Visibility *string `json:"visibility"`
		Text       string  `json:"text"`
		Postback   *struct {
			ID       string  `json:"id"`
			ThreadID string  `json:"thread_id"`
			EventID  string  `json:"event_id"`
			Type     *string `json:"type"`
			Value    *string `json:"value"`
		} `json:"postback"`
		Properties map[string]map[string]any `json:"properties"`
		Deleted    any                       `json:"deleted"`
	} `json:"event"`
}

// BenchmarkCodecRatio times the generated decode of the incoming_event payload
// (IncomingEventPush.UnmarshalJSON) and encoding/json's decode of the same
// bytes by reflection into plain structs of the same shape in one loop,
// alternating, so that both see the same machine; one op is one of each.
// It reports the mean of each and their ratio (reflect-ns / generated-ns:
// how many times faster the generated code is).
func BenchmarkCodecRatio(b *testing.B) {
	push := incomingEventPayload(b)
	var gen, refl time.Duration
	n := 0
	for b.Loop() {
		t0 := time.Now()
		var p v36.IncomingEventPush
		if err := p.UnmarshalJSON(push); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		var r reflectIncomingEvent
		if err := json.Unmarshal(push, &r); err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		gen += t1.Sub(t0)
		refl += t2.Sub(t1)
		n++
	}
	b.ReportMetric(float64(gen.Nanoseconds())/float64(n), "generated-ns")
	b.ReportMetric(float64(refl.Nanoseconds())/float64(n), "reflect-ns")
	b.ReportMetric(float64(refl)/float64(gen), "reflect/generated")
}
