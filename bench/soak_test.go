package bench

import (
	"context"
	"flag"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	v36 "github.com/rtmkit/livechat-rtm/gen/agent/v36"
	"github.com/rtmkit/livechat-rtm/rtm"
)

var soakFlag = flag.Duration("soak", 0, "how long TestSoak runs (default 10s, 3s with -short; also $BENCH_SOAK)")

// soakDuration is how long TestSoak injects faults: -soak, else
// $BENCH_SOAK, else 10 s (3 s with -short).
func soakDuration(t *testing.T) time.Duration {
	if *soakFlag > 0 {
		return *soakFlag
	}
	if v := os.Getenv("BENCH_SOAK"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			t.Fatalf("BENCH_SOAK=%q: want a positive duration such as 5m", v)
		}
		return d
	}
	if testing.Short() {
		return 3 * time.Second
	}
	return 10 * time.Second
}

// Generous bounds of the soak: hang guards, never timings.
const (
	soakCallers     = 48
	soakCallTimeout = time.Second
	soakHangGuard   = time.Minute
	soakHeapSlack   = 4 << 20 // live heap allowed above the baseline after Close
)

// TestSoak: many goroutines call SendEvent on one typed client, with
// reconnection and re-login on, while the server drops the connection,
// plays dead, answers late, never or with errors, and sends garbage frames,
// unknown frames, unknown and undecodable pushes. It asserts that every
// call returns (a response, an API error, a lost connection or its own
// timeout) by its deadline, that no caller ever gets another's response,
// that pushes reach the handlers after every reconnection, and that the
// goroutines and the heap are back to where they were after Close. It
// logs the counts.
//
//	go test ./bench -run TestSoak -v             # 10 s
//	go test ./bench -run TestSoak -v -soak=5m    # or BENCH_SOAK=5m
func TestSoak(t *testing.T) {
	d := soakDuration(t)
	g0, heap0 := baseline()

	srv := newChaosServer()
	sc := newSoakClient(soakCallTimeout)
	ctx := context.Background()
	c, err := v36.Dial(ctx, v36.Config{URL: srv.URL(), OrganizationID: "o"}, sc.options()...)
	if err != nil {
		t.Fatal(err)
	}
	sc.Client = c
	sc.handle()
	if err := sc.login(ctx, c); err != nil {
		t.Fatal(err)
	}

	chaos, stopChaos := context.WithCancel(ctx)
	var bg sync.WaitGroup
	bg.Go(func() { srv.faults(chaos) })
	bg.Go(func() { srv.stream(chaos, 5*time.Millisecond) })
	stop := make(chan struct{})
	var callers sync.WaitGroup
	for i := range soakCallers {
		callers.Go(func() { sc.caller(i, stop) })
	}
	time.Sleep(d)
	close(stop)
	waitOrDump(t, &callers, "callers")
	stopChaos()
	waitOrDump(t, &bg, "fault injection")

	// Calm: the client must recover, answer and receive pushes.
	srv.calm.Store(true)
	recovered := awaitRecovery(t, sc, srv)
	stats := c.Conn().Stats()
	c.Close()
	srv.Close()

	report(t, d, sc, srv, stats)
	if !recovered {
		return
	}
	if v := sc.violations; len(v) > 0 {
		t.Errorf("%d+ invariants broken:\n%s", len(v), strings.Join(v, "\n"))
	}
	if missing := sc.missingLoginPushes(); len(missing) > 0 {
		slices.Sort(missing)
		t.Errorf("the login pushes of connections %v never reached the handler", missing)
	}
	if stats.Reconnects == 0 || sc.n.streamPushes.Load() == 0 || sc.n.succeeded.Load() == 0 {
		t.Errorf("the soak did not exercise reconnection, pushes and calls: %+v", stats)
	}
	if stats.PushesDropped != 0 {
		t.Errorf("%d pushes dropped by a full queue", stats.PushesDropped)
	}
	checkBaseline(t, g0, heap0)
}

// awaitRecovery waits until, faults over, a call succeeds and a push sent
// after it reaches the handler; every push before it has then been handled
// (one dispatch queue, in order).
func awaitRecovery(t *testing.T, sc *soakClient, srv *chaosServer) bool {
	deadline := time.Now().Add(soakHangGuard)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), soakCallTimeout)
		resp, err := sc.SendEvent(ctx, &v36.SendEventRequest{ChatID: "final", Event: &v36.MessageEvent{Text: rtm.Ptr("final")}})
		cancel()
		if err == nil && resp.EventID == "final" {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("no successful call within %v after the faults stopped: %v", soakHangGuard, err)
			return false
		}
	}
	// Push to every open server connection until one push comes through
	// (the connection pushed to may be a stalled one about to be dropped).
	for seq := 1; ; seq++ {
		tag := "sync-" + strconv.Itoa(seq)
		for _, c := range srv.Conns() {
			_ = c.Push(v36.PushIncomingEvent, eventPush("sync", tag))
		}
		select {
		case <-sc.synced:
			return true
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Errorf("no push reached the handler within %v after the faults stopped", soakHangGuard)
			return false
		}
	}
}

// report logs the counts of the soak.
func report(t *testing.T, d time.Duration, sc *soakClient, srv *chaosServer, st rtm.Stats) {
	n, s := &sc.n, &srv.n
	t.Logf("soak %v, %d callers, call timeout %v", d, soakCallers, soakCallTimeout)
	t.Logf("calls: %d made, %d succeeded, %d API errors, %d connection lost, %d timed out, %d other; %d misdelivered, %d hung",
		n.calls.Load(), n.succeeded.Load(), n.apiErrors.Load(), n.connLost.Load(), n.timeouts.Load(), n.other.Load(),
		n.misdelivered.Load(), n.hung.Load())
	t.Logf("connection: %d disconnects, %d reconnect dials, %d reconnects, %d keepalive failures; %d logins ok, %d failed",
		st.Disconnects, st.ReconnectAttempts, st.Reconnects, st.PingFailures, n.logins.Load(), n.loginFailures.Load())
	t.Logf("pushes received: %d stream, %d unknown (catch-all), %d undecodable; %d dropped",
		n.streamPushes.Load(), n.unknownPushes.Load(), n.pushErrors.Load(), st.PushesDropped)
	t.Logf("frames dropped by the client: %d malformed, %d unknown type, %d binary, %d unknown request id, %d late responses",
		st.MalformedFrames, st.UnknownFrameTypes, st.BinaryFrames, st.UnknownRequestIDs, st.LateResponses)
	t.Logf("server faults: %d drops, %d stalls, %d garbage, %d binary, %d unknown pushes, %d unknown ids, %d unknown types, %d bad pushes; %d delayed, %d API errors, %d never answered",
		s.drops.Load(), s.stalls.Load(), s.garbage.Load(), s.binary.Load(), s.unknownPushes.Load(), s.unknownIDs.Load(),
		s.unknownTypes.Load(), s.badPushes.Load(), s.delayed.Load(), s.apiErrors.Load(), s.noReplies.Load())
}

// waitOrDump waits for wg, or fails the test with every goroutine's stack
// if it takes longer than the hang guard.
func waitOrDump(t *testing.T, wg *sync.WaitGroup, what string) {
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(soakHangGuard):
		var b strings.Builder
		_ = pprof.Lookup("goroutine").WriteTo(&b, 1)
		t.Fatalf("%s still running after %v:\n%s", what, soakHangGuard, b.String())
	}
}

// baseline returns the goroutine count and the live heap now, after two
// collections: the first only moves what sync.Pools hold to their victim
// caches, and a pooled buffer can still reach a closed connection (and
// from it the test server with every connection it ever accepted); the
// second frees them.
func baseline() (int, uint64) {
	var ms runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&ms)
	return runtime.NumGoroutine(), ms.HeapAlloc
}

// checkBaseline waits (up to the hang guard) for the goroutines to go back
// to g0, then checks the live heap against heap0.
func checkBaseline(t *testing.T, g0 int, heap0 uint64) {
	deadline := time.Now().Add(soakHangGuard)
	for runtime.NumGoroutine() > g0 {
		if time.Now().After(deadline) {
			var b strings.Builder
			_ = pprof.Lookup("goroutine").WriteTo(&b, 1)
			t.Errorf("%d goroutines after Close, %d before:\n%s", runtime.NumGoroutine(), g0, b.String())
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	g, heap := baseline()
	t.Logf("after Close: %d goroutines (%d before), live heap %+d bytes", g, g0, int64(heap)-int64(heap0))
	if heap > heap0+soakHeapSlack {
		t.Errorf("live heap %d bytes after Close, %d before: more than %d above", heap, heap0, soakHeapSlack)
	}
}
