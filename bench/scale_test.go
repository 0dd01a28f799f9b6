package bench

import (
	"context"
	"runtime"
	"sync"
	"testing"
	"time"

	v36 "github.com/rtmkit/livechat-rtm/gen/agent/v36"
	"github.com/rtmkit/livechat-rtm/rtm"
)

// The per-connection budget of an idle, logged-in connection (the issue's
// target).
const (
	maxGoroutinesPerConn = 3
	maxHeapPerConn       = 64 << 10
)

// footprint is what idle connections cost the process, per connection.
type footprint struct {
	goroutines float64 // goroutines started
	heap       float64 // bytes of live heap, after a garbage collection
}

// idleConns dials n typed clients to url, logs each in, registers a push
// handler on each and waits until each has pinged the server at least
// twice (websocket ping and the protocol "ping" action, every ping
// interval). It returns their footprint and how long dialling and logging
// in took; the clients are closed when tb ends.
func idleConns(tb testing.TB, url string, n int, ping time.Duration) (footprint, time.Duration) {
	tb.Helper()
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	heap0, g0 := ms.HeapAlloc, runtime.NumGoroutine()

	start := time.Now()
	clients := make([]*v36.Client, n)
	errs := make(chan error, n)
	var wg sync.WaitGroup
	const dialers = 8
	for w := range dialers {
		wg.Go(func() {
			for i := w; i < n; i += dialers {
				c, err := dialIdle(url, ping)
				if err != nil {
					errs <- err
					return
				}
				clients[i] = c
			}
		})
	}
	wg.Wait()
	dialed := time.Since(start)
	tb.Cleanup(func() {
		for _, c := range clients {
			if c != nil {
				c.Close()
			}
		}
	})
	select {
	case err := <-errs:
		tb.Fatal(err)
	default:
	}

	// Wait for the pings: two rounds each (a hang guard, not a timing).
	deadline := time.Now().Add(time.Minute + 4*ping)
	for _, c := range clients {
		for c.Conn().Stats().Pings < 2 {
			if time.Now().After(deadline) {
				tb.Fatalf("a connection did not ping within %v: %+v", time.Minute, c.Conn().Stats())
			}
			time.Sleep(ping / 4)
		}
	}
	for _, c := range clients {
		if s := c.Conn().Stats(); s.Disconnects != 0 || s.Responses < 2 {
			tb.Fatalf("a connection is not idle and well: %+v", s)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&ms)
	return footprint{
		goroutines: float64(runtime.NumGoroutine()-g0) / float64(n),
		heap:       float64(int64(ms.HeapAlloc)-int64(heap0)) / float64(n),
	}, dialed
}

// dialIdle opens one connection as a bot would keep it: logged in, a push
// handler registered, keepalive and reconnection on.
func dialIdle(url string, ping time.Duration) (*v36.Client, error) {
	ctx := context.Background()
	login := &v36.LoginRequest{Token: "dal:token"}
	c, err := v36.Dial(ctx, v36.Config{URL: url, OrganizationID: "o"},
		rtm.WithPingInterval(ping),
		rtm.WithReconnect(rtm.ReconnectPolicy{}),
		rtm.WithOnReconnect(func(ctx context.Context, conn *rtm.Conn) error {
			_, err := v36.NewClient(conn).Login(ctx, login)
			return err
		}))
	if err != nil {
		return nil, err
	}
	if _, err := c.Login(ctx, login); err != nil {
		c.Close()
		return nil, err
	}
	c.OnIncomingEvent(func(context.Context, *v36.IncomingEventPush) {})
	return c, nil
}

// BenchmarkIdleConnections: 1,000 connections from one process to the
// server (in its own process), each logged in, with a push handler, pinging
// every second. One op is dialling and logging in the thousand (ns/op);
// it reports the goroutines and the live heap bytes per connection once
// they have all pinged twice.
func BenchmarkIdleConnections(b *testing.B) {
	url := serverURL(b)
	const n = 1000
	var fp footprint
	var dialed time.Duration
	ops := 0
	for b.Loop() { // one op takes seconds: b.Loop runs it once
		f, d := func() (footprint, time.Duration) {
			tb := &opTB{TB: b}
			defer tb.cleanup()
			return idleConns(tb, url, n, time.Second)
		}()
		fp.goroutines += f.goroutines
		fp.heap += f.heap
		dialed += d
		ops++
	}
	b.ReportMetric(float64(dialed.Nanoseconds())/float64(ops), "ns/op")
	b.ReportMetric(fp.goroutines/float64(ops), "goroutines/conn")
	b.ReportMetric(fp.heap/float64(ops), "heap-B/conn")
}

// opTB runs the cleanups registered during one op of a benchmark at the end
// of the op, not at the end of the benchmark.
type opTB struct {
	testing.TB
	cleanups []func()
}

func (t *opTB) Cleanup(f func()) { t.cleanups = append(t.cleanups, f) }

func (t *opTB) cleanup() {
	for i := len(t.cleanups) - 1; i >= 0; i-- {
		t.cleanups[i]()
	}
}

// TestIdleConnectionFootprint checks the budget of an idle connection: at
// most 3 goroutines and under 64 KiB of heap, measured over many
// connections to the server in its own process.
func TestIdleConnectionFootprint(t *testing.T) {
	n := 200 // BenchmarkIdleConnections measures 1,000
	if testing.Short() {
		n = 50
	}
	fp, _ := idleConns(t, serverURL(t), n, 250*time.Millisecond)
	t.Logf("%d idle connections: %.2f goroutines and %.0f heap bytes per connection", n, fp.goroutines, fp.heap)
	if fp.goroutines > maxGoroutinesPerConn {
		t.Errorf("%.2f goroutines per idle connection, want at most %d", fp.goroutines, maxGoroutinesPerConn)
	}
	if fp.heap >= maxHeapPerConn {
		t.Errorf("%.0f heap bytes per idle connection, want under %d", fp.heap, maxHeapPerConn)
	}
}
