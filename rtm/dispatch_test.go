package rtm_test

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rtmkit/livechat-rtm/rtm"
	"github.com/rtmkit/livechat-rtm/rtm/rtmtest"
)

// TestHandlerGoexitKeepsDispatching: a handler that calls runtime.Goexit
// (what t.Fatal does) ends only its own run: the next pushes are still
// delivered, and the exit is counted.
func TestHandlerGoexitKeepsDispatching(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 4} {
		t.Run(fmt.Sprintf("concurrency %d", n), func(t *testing.T) {
			t.Parallel()
			srv := rtmtest.New(t)
			c := dial(t, srv, rtm.WithConcurrentHandlers(n))
			got := make(chan string, 10)
			c.Handle("incoming_event", func(_ context.Context, p rtm.Push) {
				if strings.Contains(string(p.Payload), "exit") {
					runtime.Goexit()
				}
				got <- string(p.Payload)
			})
			for _, p := range []string{"exit", "after"} {
				if err := srv.Conn(1).Push("incoming_event", map[string]string{"chat_id": "C", "x": p}); err != nil {
					t.Fatal(err)
				}
			}
			select {
			case p := <-got:
				if !strings.Contains(p, "after") {
					t.Errorf("got %s", p)
				}
			case <-time.After(testTimeout):
				t.Fatal("no push delivered after a handler's Goexit")
			}
			if s := c.Stats(); s.HandlerPanics != 1 {
				t.Errorf("HandlerPanics = %d, want 1", s.HandlerPanics)
			}
		})
	}
}

// TestQueuedPushesCountsWaitingOnly: Stats.QueuedPushes counts the pushes
// not yet handed to their handlers, one by one, not a batch at once.
func TestQueuedPushesCountsWaitingOnly(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	c := dial(t, srv)
	release := make(chan struct{})
	started := make(chan struct{}, 10)
	c.Handle("incoming_event", func(context.Context, rtm.Push) {
		started <- struct{}{}
		<-release
	})
	for range 3 {
		if err := srv.Conn(1).Push("incoming_event", nil); err != nil {
			t.Fatal(err)
		}
	}
	<-started // the first runs; two wait
	waitStat(t, c, "Pushes == 3", func(s rtm.Stats) bool { return s.Pushes == 3 })
	if q := c.Stats().QueuedPushes; q != 2 {
		t.Errorf("QueuedPushes = %d while 1 runs and 2 wait, want 2", q)
	}
	release <- struct{}{}
	<-started
	if q := c.Stats().QueuedPushes; q != 1 {
		t.Errorf("QueuedPushes = %d, want 1", q)
	}
	close(release)
	waitStat(t, c, "QueuedPushes == 0", func(s rtm.Stats) bool { return s.QueuedPushes == 0 })
}

// TestPushQueueBoundedByBytes: pushes beyond WithPushQueueBytes are dropped
// and counted while handlers are behind, whatever their number; a single
// push larger than the bound still gets through an empty queue.
func TestPushQueueBoundedByBytes(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	c := dial(t, srv, rtm.WithPushQueueBytes(10_000))
	release, took := make(chan struct{}), make(chan struct{}, 10)
	var mu sync.Mutex
	var sizes []int
	c.Handle("incoming_event", func(_ context.Context, p rtm.Push) {
		took <- struct{}{}
		<-release
		mu.Lock()
		sizes = append(sizes, len(p.Payload))
		mu.Unlock()
	})
	big := map[string]string{"text": strings.Repeat("x", 20_000)}   // above the bound alone
	small := map[string]string{"text": strings.Repeat("y", 3_000)}  // three fit
	if err := srv.Conn(1).Push("incoming_event", big); err != nil { // taken by the handler at once
		t.Fatal(err)
	}
	<-took
	for range 5 {
		if err := srv.Conn(1).Push("incoming_event", small); err != nil {
			t.Fatal(err)
		}
	}
	waitStat(t, c, "Pushes == 6", func(s rtm.Stats) bool { return s.Pushes == 6 })
	if s := c.Stats(); s.PushesDropped != 2 {
		t.Errorf("PushesDropped = %d, want 2 (3 of 5 small pushes fit in 10000 bytes)", s.PushesDropped)
	}
	close(release)
	waitStat(t, c, "QueuedPushes == 0", func(s rtm.Stats) bool { return s.QueuedPushes == 0 })
	mu.Lock()
	defer mu.Unlock()
	if len(sizes) != 4 || sizes[0] < 20_000 {
		t.Errorf("delivered sizes %v, want the big one then 3 small", sizes)
	}
}

// TestConcurrentHandlersKeepChatOrder: with concurrent handlers, the pushes
// of one chat are handled one at a time in arrival order, while different
// chats overlap (a slow chat does not hold back the others).
func TestConcurrentHandlersKeepChatOrder(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	c := dial(t, srv, rtm.WithConcurrentHandlers(4))
	var mu sync.Mutex
	got := map[string][]int{}
	running := map[string]int{}
	slowStarted, fastDone := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(2 * 20)
	c.Handle("incoming_event", func(_ context.Context, p rtm.Push) {
		defer wg.Done()
		var e struct {
			ChatID string `json:"chat_id"`
			N      int    `json:"n"`
		}
		if err := jsonUnmarshal(p.Payload, &e); err != nil {
			t.Error(err)
			return
		}
		mu.Lock()
		running[e.ChatID]++
		if running[e.ChatID] > 1 {
			t.Errorf("two handlers of chat %s at once", e.ChatID)
		}
		got[e.ChatID] = append(got[e.ChatID], e.N)
		mu.Unlock()
		if e.ChatID == "slow" && e.N == 0 {
			close(slowStarted)
			<-fastDone // blocks until the fast chat is done: it must not wait for us
		}
		mu.Lock()
		running[e.ChatID]--
		mu.Unlock()
	})
	for n := range 20 {
		for _, chat := range []string{"slow", "fast"} {
			if err := srv.Conn(1).Push("incoming_event", map[string]any{"chat_id": chat, "n": n}); err != nil {
				t.Fatal(err)
			}
		}
	}
	<-slowStarted
	deadline := time.Now().Add(testTimeout)
	for {
		mu.Lock()
		n := len(got["fast"])
		mu.Unlock()
		if n == 20 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the fast chat is held back by the slow one: %d of 20 handled", n)
		}
		time.Sleep(time.Millisecond)
	}
	close(fastDone)
	wg.Wait()
	want := make([]int, 20)
	for i := range want {
		want[i] = i
	}
	if diff := cmp.Diff(map[string][]int{"slow": want, "fast": want}, got); diff != "" {
		t.Errorf("order per chat (-want +got):\n%s", diff)
	}
}

// TestCloseDoesNotWaitForRunningHandler pins Close's behaviour: it returns
// while a handler still runs (its context canceled), without goroutine ids;
// Stopped is closed only once the handler has returned; no later push is
// delivered; a second Close returns too.
func TestCloseDoesNotWaitForRunningHandler(t *testing.T) {
	checkGoroutines(t)
	srv := rtmtest.New(t)
	c, err := rtm.Dial(testCtx(t), srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	entered, release := make(chan struct{}), make(chan struct{})
	var calls int
	c.Handle("incoming_event", func(ctx context.Context, p rtm.Push) {
		calls++
		close(entered)
		<-release // ignores ctx on purpose
		if ctx.Err() == nil {
			t.Error("handler context not canceled by Close")
		}
	})
	for range 2 {
		if err := srv.Conn(1).Push("incoming_event", nil); err != nil {
			t.Fatal(err)
		}
	}
	<-entered
	closed := make(chan struct{})
	go func() {
		c.Close()
		c.Close()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(testTimeout):
		t.Fatal("Close waited for a running handler")
	}
	select {
	case <-c.Stopped():
		t.Fatal("Stopped closed while a handler runs")
	default:
	}
	close(release)
	select {
	case <-c.Stopped():
	case <-time.After(testTimeout):
		t.Fatal("Stopped not closed after the handler returned")
	}
	if calls != 1 {
		t.Errorf("handler ran %d times, want 1 (no push after Close)", calls)
	}
	if remove := c.Handle("x", func(context.Context, rtm.Push) {}); remove == nil {
		t.Error("Handle after Close returned a nil remove")
	}
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
