package bench

import (
	"encoding/json"
	"testing"

	v36 "github.com/rtmkit/livechat-rtm/gen/agent/v36"
)

// The generated JSON code alone, without the network: what a typed call
// adds to rtm.Conn.Call (encode the request, decode the response), and what
// the typed dispatch of a push costs.

// BenchmarkCodec/encode-send_event: the SendEventRequest of the round-trip
// benchmarks to JSON.
// BenchmarkCodec/decode-send_event: the send_event response payload into
// SendEventResponse.
// BenchmarkCodec/decode-incoming_event: the payload of the incoming_event
// push of the push benchmarks into IncomingEventPush (with its
// MessageEvent).
func BenchmarkCodec(b *testing.B) {
	b.Run("encode-send_event", func(b *testing.B) {
		req := newSendEventRequest()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(req); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decode-send_event", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var r v36.SendEventResponse
			if err := json.Unmarshal(sendEventResponse, &r); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decode-incoming_event", func(b *testing.B) {
		payload := incomingEventPayload(b)
		b.ReportAllocs()
		for b.Loop() {
			var p v36.IncomingEventPush
			if err := json.Unmarshal(payload, &p); err != nil {
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
