package rtm_test

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/rtmkit/livechat-rtm/rtm"
	"github.com/rtmkit/livechat-rtm/rtm/rtmtest"
)

// The payload and result of the round-trip benchmarks: what generated code
// passes for send_event.
type benchEvent struct {
	Type       string `json:"type"`
	Text       string `json:"text"`
	Visibility string `json:"visibility,omitempty"`
}

type benchRequest struct {
	ChatID             string     `json:"chat_id"`
	Event              benchEvent `json:"event"`
	AttachToLastThread *bool      `json:"attach_to_last_thread,omitempty"`
}

type benchResult struct {
	EventID string `json:"event_id"`
}

var benchPayload = &benchRequest{
	ChatID:             "PJ0MRSHTDG",
	Event:              benchEvent{Type: "message", Text: "Hello, how can I help you?", Visibility: "all"},
	AttachToLastThread: rtm.Ptr(true),
}

func benchConn(b *testing.B, opts ...rtm.Option) *rtm.Conn {
	b.Helper()
	url := benchServerURL(b)
	c, err := rtm.Dial(context.Background(), url, append([]rtm.Option{rtm.WithPingInterval(0)}, opts...)...)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close() })
	return c
}

// rawConn is a bare coder/websocket connection and the frame Call would
// write for benchPayload.
func rawConn(b *testing.B) (*websocket.Conn, []byte) {
	b.Helper()
	ws, _, err := websocket.Dial(context.Background(), benchServerURL(b), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ws.CloseNow() })
	payload, err := json.Marshal(benchPayload)
	if err != nil {
		b.Fatal(err)
	}
	msg := append([]byte(`{"request_id":"1000000","action":"send_event","payload":`), payload...)
	return ws, append(msg, '}')
}

func rawRoundTrip(b *testing.B, ws *websocket.Conn, msg []byte) {
	ctx := context.Background()
	if err := ws.Write(ctx, websocket.MessageText, msg); err != nil {
		b.Fatal(err)
	}
	if _, _, err := ws.Read(ctx); err != nil {
		b.Fatal(err)
	}
}

func callRoundTrip(b *testing.B, c *rtm.Conn) {
	var res benchResult
	if err := c.Call(context.Background(), "send_event", benchPayload, &res); err != nil {
		b.Fatal(err)
	}
	if res.EventID == "" {
		b.Fatal("empty result")
	}
}

// BenchmarkRawRoundTrip is the baseline: a coder/websocket write of the
// frame Call writes, and a read of the response, on loopback.
func BenchmarkRawRoundTrip(b *testing.B) {
	ws, msg := rawConn(b)
	b.ReportAllocs()
	for b.Loop() {
		rawRoundTrip(b, ws, msg)
	}
}

// BenchmarkCall is a typed Call round trip: encode the payload, write,
// match the response, decode the result.
func BenchmarkCall(b *testing.B) {
	c := benchConn(b)
	b.ReportAllocs()
	for b.Loop() {
		callRoundTrip(b, c)
	}
}

// BenchmarkCallVsRaw alternates a raw round trip and a Call in the same
// loop, timing each, so that both see the same machine state; it reports
// both and their ratio.
func BenchmarkCallVsRaw(b *testing.B) {
	ws, msg := rawConn(b)
	c := benchConn(b)
	var raw, call time.Duration
	for b.Loop() {
		t0 := time.Now()
		rawRoundTrip(b, ws, msg)
		t1 := time.Now()
		callRoundTrip(b, c)
		t2 := time.Now()
		raw += t1.Sub(t0)
		call += t2.Sub(t1)
	}
	b.ReportMetric(float64(raw.Nanoseconds())/float64(b.N), "raw-ns/op")
	b.ReportMetric(float64(call.Nanoseconds())/float64(b.N), "call-ns/op")
	b.ReportMetric(float64(call)/float64(raw), "call/raw")
}

// BenchmarkCallConcurrent64: 64 goroutines calling on one Conn.
func BenchmarkCallConcurrent64(b *testing.B) {
	c := benchConn(b)
	procs := runtime.GOMAXPROCS(0)
	b.SetParallelism((64 + procs - 1) / procs)
	b.ReportAllocs()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			callRoundTrip(b, c)
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "calls/s")
}

// BenchmarkPushDispatch: pushes read, decoded into a typed struct by their
// handler, in bursts of 500 (within the default queue).
func BenchmarkPushDispatch(b *testing.B) {
	c := benchConn(b)
	type incomingEvent struct {
		ChatID   string `json:"chat_id"`
		ThreadID string `json:"thread_id"`
		Event    struct {
			ID, CreatedAt, Type, Text, AuthorID, Visibility string
		} `json:"event"`
	}
	var handled atomic.Int64
	target := make(chan struct{}, 1)
	var want atomic.Int64
	c.Handle("incoming_event", func(_ context.Context, p rtm.Push) {
		var ev incomingEvent
		if err := json.Unmarshal(p.Payload, &ev); err != nil {
			c.PushError(p, err)
		}
		if handled.Add(1) == want.Load() {
			target <- struct{}{}
		}
	})
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for done := 0; done < b.N; {
		n := min(500, b.N-done)
		done += n
		want.Store(int64(done))
		if err := c.Call(ctx, "push_burst", map[string]int{"n": n}, nil); err != nil {
			b.Fatal(err)
		}
		<-target
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "pushes/s")
	if s := c.Stats(); s.PushesDropped != 0 || s.PushErrors != 0 {
		b.Fatalf("stats: %+v", s)
	}
}

// BenchmarkIdleConn measures what an idle Conn costs: the heap it holds
// and its goroutines (keepalive on, one handler, after one call). Each
// iteration dials one Conn; they are measured and closed by batches of 100.
func BenchmarkIdleConn(b *testing.B) {
	url := benchServerURL(b)
	ctx := context.Background()
	var heap, goroutines, conns float64
	var ms runtime.MemStats
	for done := 0; done < b.N; {
		n := min(100, b.N-done)
		done += n
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&ms)
		heap0, g0 := ms.HeapAlloc, runtime.NumGoroutine()
		b.StartTimer()
		cs := make([]*rtm.Conn, n)
		for i := range cs {
			c, err := rtm.Dial(ctx, url)
			if err != nil {
				b.Fatal(err)
			}
			c.Handle("incoming_event", func(context.Context, rtm.Push) {})
			if err := c.Call(ctx, "send_event", benchPayload, nil); err != nil {
				b.Fatal(err)
			}
			cs[i] = c
		}
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&ms)
		heap += float64(int64(ms.HeapAlloc) - int64(heap0))
		goroutines += float64(runtime.NumGoroutine() - g0)
		conns += float64(n)
		b.StartTimer()
		for _, c := range cs {
			c.Close()
		}
	}
	b.ReportMetric(heap/conns, "heap-B/conn")
	b.ReportMetric(goroutines/conns, "goroutines/conn")
}

// passThrough is an interceptor that only calls next.
var passThrough = rtm.CallInterceptorFunc(func(next rtm.CallFunc) rtm.CallFunc {
	return func(ctx context.Context, call *rtm.Call) error { return next(ctx, call) }
})

// BenchmarkInterceptorOverhead alternates, in one loop, a Call on a Conn
// without interceptors, one on a Conn with an empty chain
// (WithInterceptors()), and one with a pass-through interceptor, timing
// each, and reports the ratios to the first: of the means, and of the
// medians (less sensitive to a noisy neighbour).
func BenchmarkInterceptorOverhead(b *testing.B) {
	plain := benchConn(b)
	empty := benchConn(b, rtm.WithInterceptors())
	one := benchConn(b, rtm.WithInterceptors(passThrough))
	var tPlain, tEmpty, tOne []time.Duration
	for b.Loop() {
		t0 := time.Now()
		callRoundTrip(b, plain)
		t1 := time.Now()
		callRoundTrip(b, empty)
		t2 := time.Now()
		callRoundTrip(b, one)
		t3 := time.Now()
		tPlain = append(tPlain, t1.Sub(t0))
		tEmpty = append(tEmpty, t2.Sub(t1))
		tOne = append(tOne, t3.Sub(t2))
	}
	sum := func(ds []time.Duration) (s float64) {
		for _, d := range ds {
			s += float64(d)
		}
		return s
	}
	median := func(ds []time.Duration) float64 {
		slices.Sort(ds)
		return float64(ds[len(ds)/2])
	}
	b.ReportMetric(sum(tPlain)/float64(len(tPlain)), "plain-ns/op")
	b.ReportMetric(sum(tEmpty)/sum(tPlain), "empty/plain")
	b.ReportMetric(sum(tOne)/sum(tPlain), "passthrough/plain")
	b.ReportMetric(median(tEmpty)/median(tPlain), "empty/plain-p50")
	b.ReportMetric(median(tOne)/median(tPlain), "passthrough/plain-p50")
}

// BenchmarkCallPassThroughInterceptor is BenchmarkCall through one
// pass-through interceptor (for its allocations).
func BenchmarkCallPassThroughInterceptor(b *testing.B) {
	c := benchConn(b, rtm.WithInterceptors(passThrough))
	b.ReportAllocs()
	for b.Loop() {
		callRoundTrip(b, c)
	}
}

// BenchmarkTenChatsSlowCalls: ten pushes of ten chats arrive at once, and
// each handler makes a call the server answers after 100 ms. One at a time
// (the default), the last is answered after about 1 s; with
// WithConcurrentHandlers(10), after about 100 ms. It reports the time until
// all ten are answered (in-process server answering concurrently).
func BenchmarkTenChatsSlowCalls(b *testing.B) {
	srv := rtmtest.NewServer(rtmtest.WithoutRecording())
	b.Cleanup(srv.Close)
	srv.Handle("send_event", func(ctx context.Context, _ *rtmtest.Request) (any, error) {
		select {
		case <-time.After(100 * time.Millisecond):
		case <-ctx.Done():
		}
		return benchResponse, nil
	})
	srv.Handle("ten_pushes", func(ctx context.Context, _ *rtmtest.Request) (any, error) {
		sc := rtmtest.ConnFromContext(ctx)
		for i := range 10 {
			if err := sc.Push("incoming_event", map[string]string{"chat_id": "CHAT" + string(rune('0'+i))}); err != nil {
				return nil, err
			}
		}
		return nil, nil
	})
	for _, n := range []int{1, 10} {
		b.Run(fmt.Sprintf("handlers=%d", n), func(b *testing.B) {
			c, err := rtm.Dial(context.Background(), srv.URL(), rtm.WithPingInterval(0), rtm.WithConcurrentHandlers(n))
			if err != nil {
				b.Fatal(err)
			}
			defer c.Close()
			answered := make(chan struct{}, 10)
			c.Handle("incoming_event", func(ctx context.Context, p rtm.Push) {
				if err := c.Call(ctx, "send_event", benchPayload, nil); err != nil {
					b.Error(err)
				}
				answered <- struct{}{}
			})
			var total time.Duration
			for b.Loop() {
				start := time.Now()
				if err := c.Call(context.Background(), "ten_pushes", nil, nil); err != nil {
					b.Fatal(err)
				}
				for range 10 {
					<-answered
				}
				total += time.Since(start)
			}
			b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/10-chats")
		})
	}
}

// BenchmarkInterceptorChainCost measures, without the network, what a
// pass-through interceptor adds to a call: the *Call the chain carries and
// two indirect calls (Conn.Call builds the same around its innermost
// function). Compare it with BenchmarkCall's ns/op.
func BenchmarkInterceptorChainCost(b *testing.B) {
	inner := rtm.CallFunc(func(ctx context.Context, call *rtm.Call) error {
		call.RequestID = "1"
		return nil
	})
	chain := passThrough.WrapCall(inner)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := chain(ctx, &rtm.Call{Action: "send_event", Payload: benchPayload}); err != nil {
			b.Fatal(err)
		}
	}
}
