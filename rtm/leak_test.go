package rtm_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/rtmkit/livechat-rtm/rtm"
	"github.com/rtmkit/livechat-rtm/rtm/rtmtest"
)

// TestNoGoroutineLeftAfterClose exercises every goroutine a Conn starts
// (reader, dispatcher, keepalive, reconnect hook), then closes it: none may
// be left.
func TestNoGoroutineLeftAfterClose(t *testing.T) {
	checkGoroutines(t)
	srv := rtmtest.New(t)
	srv.Handle("echo", echo)
	srv.Handle("login", echo)
	srv.Handle("never", never)
	ev := newEvents()
	c, err := rtm.Dial(testCtx(t), srv.URL(),
		rtm.WithPingInterval(5*time.Millisecond),
		rtm.WithReconnect(fastReconnect),
		rtm.WithOnReconnect(login),
		rtm.WithLifecycle(ev.record),
		rtm.WithMaxInFlight(10),
	)
	if err != nil {
		t.Fatal(err)
	}
	ctx := testCtx(t)
	pushed := make(chan struct{}, 10)
	c.Handle("incoming_event", func(context.Context, rtm.Push) { pushed <- struct{}{} })

	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			if err := c.Call(ctx, "echo", map[string]int{"n": 1}, nil); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if err := srv.Conn(1).Push("incoming_event", nil); err != nil {
		t.Fatal(err)
	}
	<-pushed
	srv.Conn(1).Drop()
	ev.wait(t, rtm.EventDisconnected)
	if err := c.Call(ctx, "echo", nil, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.WaitRequest(ctx, func(r rtmtest.Request) bool { return r.ConnID == 2 && r.Action == "ping" }); err != nil {
		t.Fatal(err)
	}
	for range 5 { // calls pending at Close
		go func() { _ = c.Call(ctx, "never", nil, nil) }()
	}
	if _, err := srv.WaitRequests(ctx, 5, rtmtest.ActionIs("never")); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	// checkGoroutines verifies that they all end (each closes its done
	// channel, which Close waits for, just before it returns).
}

// TestIdleConnGoroutines: an idle Conn runs at most three goroutines.
func TestIdleConnGoroutines(t *testing.T) {
	checkGoroutines(t)
	srv := rtmtest.New(t)
	srv.Handle("echo", echo)
	before := rtmGoroutines()
	c := dial(t, srv, rtm.WithReconnect(fastReconnect), rtm.WithOnReconnect(login))
	c.Handle("incoming_event", func(context.Context, rtm.Push) {})
	if err := c.Call(testCtx(t), "echo", nil, nil); err != nil {
		t.Fatal(err)
	}
	if n := rtmGoroutines() - before; n > 3 {
		t.Errorf("idle Conn runs %d goroutines, want <= 3", n)
	}
}
