package rtm_test

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rtmkit/livechat-rtm/rtm"
	"github.com/rtmkit/livechat-rtm/rtm/rtmtest"
)

// login is what a bot's OnReconnect hook does.
func login(ctx context.Context, c *rtm.Conn) error {
	return c.Call(ctx, "login", map[string]any{"token": "Bearer t0ken", "reconnect": true}, nil)
}

// TestReconnectReLogin: after a drop the same Conn reconnects, runs the
// re-login hook before anything else, and keeps its handlers.
func TestReconnectReLogin(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	srv.Handle("login", func(ctx context.Context, r *rtmtest.Request) (any, error) {
		time.Sleep(20 * time.Millisecond) // a slow login: other calls must wait for it
		return map[string]string{"license": "ok"}, nil
	})
	srv.Handle("echo", echo)
	ev := newEvents()
	c := dial(t, srv, rtm.WithReconnect(fastReconnect), rtm.WithOnReconnect(login), rtm.WithLifecycle(ev.record))
	ctx := testCtx(t)

	pushes := make(chan string, 10)
	c.Handle("incoming_event", func(_ context.Context, p rtm.Push) { pushes <- string(p.Payload) })
	ev.wait(t, rtm.EventConnected)

	srv.Conn(1).Drop()
	ev.wait(t, rtm.EventDisconnected)
	// Calls made while disconnected wait for the new, logged-in connection.
	var got struct{ N int }
	if err := c.Call(ctx, "echo", map[string]int{"n": 5}, &got); err != nil || got.N != 5 {
		t.Fatalf("call across the reconnection: %v, %+v", err, got)
	}
	var onConn2 []string
	for _, r := range srv.Requests() {
		if r.ConnID == 2 && r.Action != "ping" {
			onConn2 = append(onConn2, r.Action)
		}
	}
	if diff := cmp.Diff([]string{"login", "echo"}, onConn2); diff != "" {
		t.Errorf("requests on the new connection (-want +got):\n%s", diff)
	}

	// The handler registered before the drop still works.
	if err := srv.Conn(2).Push("incoming_event", map[string]int{"after": 1}); err != nil {
		t.Fatal(err)
	}
	if p := <-pushes; p != `{"after":1}` {
		t.Errorf("push after reconnection: %s", p)
	}

	connected := ev.wait(t, rtm.EventConnected)
	if connected.Attempt != 1 {
		t.Errorf("reconnection attempt = %d, want 1", connected.Attempt)
	}
	if s := c.Stats(); s.Reconnects != 1 || s.ReconnectAttempts != 1 || s.Disconnects != 1 {
		t.Errorf("stats: %+v", s)
	}
	want := []rtm.EventKind{rtm.EventConnecting, rtm.EventConnected, rtm.EventDisconnected,
		rtm.EventRetrying, rtm.EventConnecting, rtm.EventConnected}
	if diff := cmp.Diff(want, ev.kinds()); diff != "" {
		t.Errorf("lifecycle (-want +got):\n%s", diff)
	}
}

// TestReconnectBackoff: refused reconnections are retried with backoff
// until the server accepts again.
func TestReconnectBackoff(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	srv.Handle("echo", echo)
	ev := newEvents()
	c := dial(t, srv, rtm.WithReconnect(fastReconnect), rtm.WithLifecycle(ev.record))
	ctx := testCtx(t)

	srv.RejectConnections(http.StatusServiceUnavailable)
	srv.Conn(1).Drop()
	var delays []time.Duration
	for range 3 {
		r := ev.wait(t, rtm.EventRetrying)
		delays = append(delays, r.Delay)
		if r.Attempt > 1 {
			var de *rtm.DialError
			if !errors.As(r.Err, &de) || de.StatusCode != http.StatusServiceUnavailable || rtm.IsFatal(r.Err) {
				t.Errorf("retry after %v, want a non-fatal HTTP 503 DialError", r.Err)
			}
		}
	}
	for i, d := range delays {
		if d > fastReconnect.MaxDelay {
			t.Errorf("delay %d = %v above the cap %v", i, d, fastReconnect.MaxDelay)
		}
	}
	srv.RejectConnections(0)
	if err := c.Call(ctx, "echo", nil, nil); err != nil {
		t.Fatalf("call after the server came back: %v", err)
	}
}

// TestReconnectStopsOnFatalDialError: a handshake refused with 401 stops
// reconnecting at once; waiting calls fail.
func TestReconnectStopsOnFatalDialError(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	ev := newEvents()
	c := dial(t, srv, rtm.WithReconnect(fastReconnect), rtm.WithLifecycle(ev.record))
	ctx := testCtx(t)

	srv.RejectConnections(http.StatusUnauthorized)
	srv.Conn(1).Drop()
	gaveUp := ev.wait(t, rtm.EventGaveUp)
	if !rtm.IsFatal(gaveUp.Err) || !rtm.IsConnectionLost(gaveUp.Err) {
		t.Errorf("gave up with %v, want a fatal lost-connection error", gaveUp.Err)
	}
	<-c.Done()
	err := c.Call(ctx, "echo", nil, nil)
	var de *rtm.DialError
	if !rtm.IsConnectionLost(err) || !errors.As(err, &de) || de.StatusCode != http.StatusUnauthorized {
		t.Errorf("call after giving up: %v, want ErrConnectionLost wrapping the 401", err)
	}
	if s := c.Stats(); s.ReconnectAttempts != 1 {
		t.Errorf("%d reconnect attempts, want 1", s.ReconnectAttempts)
	}
}

// TestReconnectStopsOnFatalLogin: an authentication error from the re-login
// hook stops reconnecting.
func TestReconnectStopsOnFatalLogin(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	ev := newEvents()
	c := dial(t, srv, rtm.WithReconnect(fastReconnect), rtm.WithOnReconnect(login), rtm.WithLifecycle(ev.record))

	srv.Handle("login", func(context.Context, *rtmtest.Request) (any, error) {
		return nil, &rtmtest.Error{Type: rtm.ErrorTypeAuthentication, Message: "Invalid access token"}
	})
	srv.Conn(1).Drop()
	gaveUp := ev.wait(t, rtm.EventGaveUp)
	if rtm.ErrorType(gaveUp.Err) != rtm.ErrorTypeAuthentication || !rtm.IsFatal(gaveUp.Err) {
		t.Errorf("gave up with %v, want the authentication error", gaveUp.Err)
	}
	<-c.Done()
	<-srv.Conn(2).Done() // the client dropped the connection of the failed login

	if s := c.Stats(); s.ReconnectAttempts != 1 || s.Reconnects != 0 {
		t.Errorf("stats: %+v", s)
	}
}

// TestReconnectHookFailureRetries: a non-fatal hook error drops the new
// connection and reconnecting goes on.
func TestReconnectHookFailureRetries(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	var logins atomic.Int32
	srv.Handle("login", func(context.Context, *rtmtest.Request) (any, error) {
		if logins.Add(1) == 1 {
			return nil, &rtmtest.Error{Type: rtm.ErrorTypeInternal, Message: "Internal server error"}
		}
		return nil, nil
	})
	srv.Handle("echo", echo)
	ev := newEvents()
	c := dial(t, srv, rtm.WithReconnect(fastReconnect), rtm.WithOnReconnect(login), rtm.WithLifecycle(ev.record))
	ctx := testCtx(t)

	srv.Conn(1).Drop()
	ev.wait(t, rtm.EventDisconnected)
	if err := c.Call(ctx, "echo", nil, nil); err != nil {
		t.Fatal(err)
	}
	if r, err := srv.WaitRequest(ctx, rtmtest.ActionIs("echo")); err != nil || r.ConnID != 3 {
		t.Errorf("echo on connection %d (%v), want 3 (after a failed login on 2)", r.ConnID, err)
	}
	if s := c.Stats(); s.ReconnectAttempts != 2 || s.Reconnects != 1 {
		t.Errorf("stats: %+v", s)
	}
}

// TestReconnectGivesUpAfterMaxAttempts.
func TestReconnectGivesUpAfterMaxAttempts(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	ev := newEvents()
	p := fastReconnect
	p.MaxAttempts = 3
	c := dial(t, srv, rtm.WithReconnect(p), rtm.WithLifecycle(ev.record))

	srv.RejectConnections(http.StatusBadGateway)
	srv.Conn(1).Drop()
	gaveUp := ev.wait(t, rtm.EventGaveUp)
	var de *rtm.DialError
	if !errors.As(gaveUp.Err, &de) || de.StatusCode != http.StatusBadGateway {
		t.Errorf("gave up with %v, want the last dial error", gaveUp.Err)
	}
	if s := c.Stats(); s.ReconnectAttempts != 3 {
		t.Errorf("%d attempts, want 3", s.ReconnectAttempts)
	}
}

// TestCloseWhileReconnecting: Close stops a reconnect loop at once.
func TestCloseWhileReconnecting(t *testing.T) {
	checkGoroutines(t)
	srv := rtmtest.New(t)
	ev := newEvents()
	c := dial(t, srv, rtm.WithReconnect(rtm.ReconnectPolicy{MinDelay: time.Hour}), rtm.WithLifecycle(ev.record))
	ctx := testCtx(t)

	srv.Conn(1).Drop()
	ev.wait(t, rtm.EventRetrying) // waiting an hour
	waiting := make(chan error, 1)
	go func() { waiting <- c.Call(ctx, "echo", nil, nil) }()
	c.Close()
	if err := <-waiting; !rtm.IsClosed(err) {
		t.Errorf("call waiting for the reconnection: %v, want ErrClosed", err)
	}
	ev.wait(t, rtm.EventClosed)
}
