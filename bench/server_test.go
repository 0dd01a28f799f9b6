package bench

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/rtmkit/livechat-rtm/rtm/rtmtest"
)

// The benchmarks (and TestIdleConnectionFootprint) talk to an rtmtest
// server in a child process: this test binary, started again with
// BENCH_CHILD_SERVER=1 (see rtmtest.Child). The allocations, heap and
// goroutines measured are then the client's only, and the server does not
// compete for the client's heap and garbage collector.
// BENCH_CHILD_SERVER_INPROCESS=1 runs the server in the process instead
// (e.g. to profile both sides at once).
var child = rtmtest.NewChild("BENCH_CHILD_SERVER", newBenchServer)

// TestMain serves as the child server when asked to, and otherwise runs the
// tests and benchmarks, then stops the child server if one was started.
func TestMain(m *testing.M) { child.Main(m) }

// newBenchServer is the scripted server of the benchmarks. Each connection
// handles its requests in order on its reader goroutine (like one RTM
// connection), without recording them.
func newBenchServer() *rtmtest.Server {
	srv := rtmtest.NewServer(rtmtest.WithoutRecording(), rtmtest.WithSerialHandling())
	srv.Handle("send_event", func(context.Context, *rtmtest.Request) (any, error) {
		return sendEventResponse, nil
	})
	srv.Handle("login", func(context.Context, *rtmtest.Request) (any, error) {
		return loginResponse, nil
	})
	// push_burst {"n": N} writes N incoming_event pushes, then answers:
	// when the client has the response, it has read every push.
	srv.Handle("push_burst", func(ctx context.Context, r *rtmtest.Request) (any, error) {
		var p struct{ N int }
		if err := json.Unmarshal(r.Payload, &p); err != nil {
			return nil, err
		}
		sc := rtmtest.ConnFromContext(ctx)
		for range p.N {
			if err := sc.WriteText(incomingEventFrame); err != nil {
				return nil, err
			}
		}
		return nil, nil
	})
	return srv
}

// serverURL returns the URL of the shared server, starting it if needed.
func serverURL(tb testing.TB) string {
	tb.Helper()
	url, err := child.URL()
	if err != nil {
		tb.Fatal(err)
	}
	return url
}
