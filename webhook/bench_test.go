package webhook_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/rtmkit/livechat-rtm/webhook"
)

// benchBody is an incoming_event webhook of about 2 KB.
var benchBody = []byte(body(secret, "incoming_event", `{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","event":{"id":"Q20N9CKRX2_1","created_at":"2019-12-17T07:57:41.512000Z","visibility":"all","type":"message","text":"`+strings.Repeat("hello ", 250)+`","author_id":"b7eff798-f8df-4364-8059-649c35c9ed0c","properties":{"ns":{"a":1,"b":[true,false]}}}}`))

// BenchmarkParse is the core's check of a body (syntax, duplicate keys at every depth, secret).
func BenchmarkParse(b *testing.B) {
	s := webhook.SecretKey(secret)
	b.SetBytes(int64(len(benchBody)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := webhook.Parse(benchBody, s); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStdlibEnvelope is the baseline: encoding/json splitting the same body into its
// members, without duplicate-key or secret checks.
func BenchmarkStdlibEnvelope(b *testing.B) {
	b.SetBytes(int64(len(benchBody)))
	b.ReportAllocs()
	for b.Loop() {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(benchBody, &m); err != nil {
			b.Fatal(err)
		}
	}
}
