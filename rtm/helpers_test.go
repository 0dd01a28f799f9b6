package rtm_test

import (
	"bytes"
	"context"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rtmkit/livechat-rtm/rtm"
	"github.com/rtmkit/livechat-rtm/rtm/rtmtest"
)

// testTimeout bounds every wait of a test: a hang fails the test instead of
// the whole run. No test asserts that something is fast, only that it ends.
const testTimeout = 10 * time.Second

// promptly is the generous upper bound of "at once" (e.g. pending calls
// failing after a dropped connection).
const promptly = time.Second

func testCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	t.Cleanup(cancel)
	return ctx
}

// checkGoroutines fails the test if, at its end (after the cleanups
// registered later, such as closing connections and servers), more
// goroutines run than when it was called. It waits a few seconds for them to
// finish before failing. It counts the whole process's goroutines, so a test
// that calls it must not call t.Parallel: it is for the tests that assert on
// goroutines (leak_test.go, the Close tests); TestMain checks for leaks
// after all tests.
func checkGoroutines(t testing.TB) {
	t.Helper()
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		deadline := time.Now().Add(5 * time.Second)
		for {
			n := runtime.NumGoroutine()
			if n <= before {
				return
			}
			if time.Now().After(deadline) {
				buf := make([]byte, 1<<20)
				buf = buf[:runtime.Stack(buf, true)]
				t.Errorf("%d goroutines left behind (%d before, %d now):\n%s", n-before, before, n, buf)
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	})
}

// rtmGoroutines counts the running goroutines started by package rtm.
func rtmGoroutines() int {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	return strings.Count(string(buf), "created by github.com/rtmkit/livechat-rtm/rtm.")
}

// rtmGoroutinesIn counts the goroutines running the method fn of rtm.Conn.
func rtmGoroutinesIn(fn string) int {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	return strings.Count(string(buf), "github.com/rtmkit/livechat-rtm/rtm.(*Conn)."+fn+"(")
}

// dial connects to srv and closes the Conn when the test ends.
func dial(t testing.TB, srv *rtmtest.Server, opts ...rtm.Option) *rtm.Conn {
	t.Helper()
	c, err := rtm.Dial(testCtx(t), srv.URL(), opts...)
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// echo answers with the request's payload.
func echo(_ context.Context, r *rtmtest.Request) (any, error) { return r.Payload, nil }

// never does not answer.
func never(context.Context, *rtmtest.Request) (any, error) { return nil, rtmtest.ErrNoReply }

// syncBuffer collects log output from several goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// debugLogger logs everything to w.
func debugLogger(w *syncBuffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// events records lifecycle events and lets a test wait for one.
type events struct {
	mu   sync.Mutex
	list []rtm.LifecycleEvent
	ch   chan rtm.LifecycleEvent
}

func newEvents() *events { return &events{ch: make(chan rtm.LifecycleEvent, 1000)} }

func (e *events) record(ev rtm.LifecycleEvent) {
	e.mu.Lock()
	e.list = append(e.list, ev)
	e.mu.Unlock()
	e.ch <- ev
}

func (e *events) kinds() []rtm.EventKind {
	e.mu.Lock()
	defer e.mu.Unlock()
	var ks []rtm.EventKind
	for _, ev := range e.list {
		ks = append(ks, ev.Kind)
	}
	return ks
}

// wait returns the next event of kind k, skipping others.
func (e *events) wait(t testing.TB, k rtm.EventKind) rtm.LifecycleEvent {
	t.Helper()
	timer := time.NewTimer(testTimeout)
	defer timer.Stop()
	for {
		select {
		case ev := <-e.ch:
			if ev.Kind == k {
				return ev
			}
		case <-timer.C:
			t.Fatalf("no %v event; got %v", k, e.kinds())
		}
	}
}

// fastReconnect retries quickly, for tests.
var fastReconnect = rtm.ReconnectPolicy{MinDelay: time.Millisecond, MaxDelay: 20 * time.Millisecond}

// waitStat waits until cond holds for the Conn's stats. Counters are
// updated by the reader; a round trip is the usual sync point, this is for
// the rare counter with none.
func waitStat(t testing.TB, c *rtm.Conn, what string, cond func(rtm.Stats) bool) {
	t.Helper()
	deadline := time.Now().Add(testTimeout)
	for !cond(c.Stats()) {
		if time.Now().After(deadline) {
			t.Fatalf("stats never satisfied %s: %+v", what, c.Stats())
		}
		time.Sleep(time.Millisecond)
	}
}
