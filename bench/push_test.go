package bench

import (
	"context"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	v36 "github.com/rtmkit/livechat-rtm/gen/agent/v36"
)

// pushBurst asks the server for n incoming_event pushes; it returns when
// the client has read them all (the response follows them).
func pushBurst(tb testing.TB, c *v36.Client, n int) {
	if err := c.Conn().Call(context.Background(), "push_burst", map[string]int{"n": n}, nil); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkPushDispatch: incoming_event pushes carrying a customer's
// message, read by the Conn, decoded by the generated code into
// *v36.IncomingEventPush (the Event union into *v36.MessageEvent) and handed
// to the handler registered with OnIncomingEvent. One op is one push; the
// server sends them in bursts of 500 (within the default push queue), so
// none is dropped. It reports pushes/s; allocs/op is the allocations per
// push.
func BenchmarkPushDispatch(b *testing.B) {
	c := dialTyped(b, serverURL(b))
	var handled, want atomic.Int64
	var bad atomic.Value
	reached := make(chan struct{}, 1)
	c.OnIncomingEvent(func(_ context.Context, p *v36.IncomingEventPush) {
		if m, ok := p.Event.(*v36.MessageEvent); !ok || m.Text == nil || *m.Text != pushText || p.ChatID != "PJ0MRSHTDG" {
			bad.Store(fmt.Errorf("unexpected push %+v", p))
		}
		if handled.Add(1) == want.Load() {
			reached <- struct{}{}
		}
	})
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for done := 0; done < b.N; {
		n := min(500, b.N-done)
		done += n
		want.Store(int64(done))
		pushBurst(b, c, n)
		<-reached
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "pushes/s")
	b.StopTimer()
	if err, _ := bad.Load().(error); err != nil {
		b.Fatal(err)
	}
	if s := c.Conn().Stats(); s.PushesDropped != 0 || s.PushErrors != 0 {
		b.Fatalf("pushes dropped or undecodable: %+v", s)
	}
}

// unhandledPushes is how many pushes BenchmarkUnhandledPushes receives per
// op.
const unhandledPushes = 1_000_000

// BenchmarkUnhandledPushes: 1,000,000 incoming_event pushes arrive on a
// client that has a handler for another push only; one op is the million.
// Every 100,000 pushes it collects the garbage and samples the live heap.
// It reports pushes/s, allocations and bytes allocated per push, the
// largest growth of the live heap seen (max-heap-growth-B) and the growth
// at the end (heap-growth-B): flat means a few KiB, whatever the count.
func BenchmarkUnhandledPushes(b *testing.B) {
	c := dialTyped(b, serverURL(b))
	c.OnIncomingChat(func(context.Context, *v36.IncomingChatPush) {})
	const burst, sample = 10_000, 100_000
	var ms runtime.MemStats
	var maxGrowth, endGrowth, mallocs, bytes float64
	var elapsed time.Duration
	ops := 0
	for b.Loop() {
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&ms)
		base, m0, t0 := ms.HeapAlloc, ms.Mallocs, ms.TotalAlloc
		unhandled0 := c.Conn().Stats().PushesUnhandled
		b.StartTimer()
		for done := 0; done < unhandledPushes; done += burst {
			start := time.Now()
			pushBurst(b, c, burst)
			elapsed += time.Since(start)
			if (done+burst)%sample == 0 {
				b.StopTimer()
				runtime.GC()
				runtime.ReadMemStats(&ms)
				maxGrowth = max(maxGrowth, float64(int64(ms.HeapAlloc)-int64(base)))
				b.StartTimer()
			}
		}
		b.StopTimer()
		runtime.ReadMemStats(&ms)
		mallocs += float64(ms.Mallocs - m0)
		bytes += float64(ms.TotalAlloc - t0)
		endGrowth = float64(int64(ms.HeapAlloc) - int64(base))
		if got := c.Conn().Stats().PushesUnhandled - unhandled0; got != unhandledPushes {
			b.Fatalf("%d unhandled pushes counted, want %d", got, unhandledPushes)
		}
		ops++
		b.StartTimer()
	}
	n := float64(ops) * unhandledPushes
	b.ReportMetric(n/elapsed.Seconds(), "pushes/s")
	b.ReportMetric(mallocs/n, "allocs/push")
	b.ReportMetric(bytes/n, "B/push")
	b.ReportMetric(maxGrowth, "max-heap-growth-B")
	b.ReportMetric(endGrowth, "heap-growth-B")
}
