package rtm_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/rtmkit/livechat-rtm/internal/leakcheck"
	"github.com/rtmkit/livechat-rtm/rtm/rtmtest"
)

// The benchmarks run against an rtmtest server in a child process (this
// test binary, started with RTM_BENCH_SERVER=1; see rtmtest.Child), so that
// allocs/op and B/op count the client only and the server does not compete
// for its heap. Set RTM_BENCH_SERVER_INPROCESS=1 to run the server in the
// benchmark's process instead.
var benchChild = rtmtest.NewChild("RTM_BENCH_SERVER", newBenchServer)

// TestMain runs the tests (or, in the benchmarks' child, serves) and then fails the run if
// goroutines outlive the tests: a reader, dispatcher, keepalive or reconnect loop left behind
// by a Conn, or a fake's connection. Checking once, after all tests, lets the tests run in
// parallel; only the tests that assert on goroutines themselves (leak_test.go, the Close
// tests) stay sequential and call checkGoroutines.
func TestMain(m *testing.M) {
	if benchChild.ServeChild() {
		return
	}
	leakcheck.Main(m, benchChild.Stop)
}

// Frames of the benchmarks: a typical send_event response and
// incoming_event push.
var (
	benchResponse = json.RawMessage(`{"event_id":"K600PKZON8_1"}`)
	benchPush     = []byte(`{"action":"incoming_event","type":"push","payload":{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","event":{"id":"K600PKZON8_2","created_at":"2026-11-21T10:00:00.000000Z","type":"message","text":"Hello, how can I help you?","author_id":"b7eff798-f8df-4364-8059-649c35c9ed0c","visibility":"all"}}}`)
)

// newBenchServer scripts the server of the benchmarks.
func newBenchServer() *rtmtest.Server {
	srv := rtmtest.NewServer(rtmtest.WithoutRecording(), rtmtest.WithSerialHandling())
	srv.Handle("send_event", func(context.Context, *rtmtest.Request) (any, error) { return benchResponse, nil })
	srv.Handle("push_burst", func(ctx context.Context, r *rtmtest.Request) (any, error) {
		var p struct{ N int }
		if err := json.Unmarshal(r.Payload, &p); err != nil {
			return nil, err
		}
		sc := rtmtest.ConnFromContext(ctx)
		for range p.N {
			if err := sc.WriteText(benchPush); err != nil {
				return nil, err
			}
		}
		return nil, nil
	})
	return srv
}

func benchServerURL(b *testing.B) string {
	b.Helper()
	url, err := benchChild.URL()
	if err != nil {
		b.Fatal(err)
	}
	return url
}
