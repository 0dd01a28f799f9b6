package rtm_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rtmkit/livechat-rtm/rtm"
	"github.com/rtmkit/livechat-rtm/rtm/rtmtest"
)

// recorder is an interceptor that logs what it sees under a name.
type recorder struct {
	name string
	mu   *sync.Mutex
	log  *[]string
}

func (r recorder) add(s string) {
	r.mu.Lock()
	*r.log = append(*r.log, s)
	r.mu.Unlock()
}

func (r recorder) WrapCall(next rtm.CallFunc) rtm.CallFunc {
	return func(ctx context.Context, call *rtm.Call) error {
		r.add(r.name + ">" + call.Action)
		err := next(ctx, call)
		r.add(r.name + "<" + call.Action + "#" + call.RequestID + ":" + rtm.ErrorType(err))
		return err
	}
}

func (r recorder) WrapPush(next rtm.PushHandler) rtm.PushHandler {
	return func(ctx context.Context, p rtm.Push) {
		r.add(r.name + " push " + p.Action)
		if p.Action != "dropped_by_b" || r.name != "B" {
			next(ctx, p)
		}
	}
}

// TestInterceptorsOrderAndRetries: interceptors run first-outermost, repeated options append,
// they see every call once with its final request_id (retries run inside them, each attempt
// with a fresh id), and they see every push once, handled or not, and may drop it.
func TestInterceptorsOrderAndRetries(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	var attempts atomic.Int32
	srv.Handle("busy_once", func(context.Context, *rtmtest.Request) (any, error) {
		if attempts.Add(1) == 1 {
			return nil, &rtmtest.Error{Type: rtm.ErrorTypeTooManyRequests, Message: "Too many requests"}
		}
		return nil, nil
	})
	srv.Handle("bad", func(context.Context, *rtmtest.Request) (any, error) {
		return nil, &rtmtest.Error{Type: rtm.ErrorTypeValidation, Message: "no"}
	})
	var mu sync.Mutex
	var log []string
	rec := func(n string) recorder { return recorder{n, &mu, &log} }
	handled := make(chan string, 10)
	c := dial(t, srv, rtm.WithInterceptors(rec("A"), rec("B")), rtm.WithInterceptors(rec("C")),
		rtm.WithRetry(rtm.RetryPolicy{MinDelay: time.Millisecond, Jitter: rtm.NoJitter}))
	c.Handle("incoming_event", func(_ context.Context, p rtm.Push) { handled <- p.Action })
	ctx := testCtx(t)

	if err := c.Call(ctx, "busy_once", nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Call(ctx, "bad", nil, nil); rtm.ErrorType(err) != rtm.ErrorTypeValidation {
		t.Fatalf("bad: %v", err)
	}
	for _, a := range []string{"dropped_by_b", "unhandled", "incoming_event"} {
		if err := srv.Conn(1).Push(a, nil); err != nil {
			t.Fatal(err)
		}
	}
	if a := <-handled; a != "incoming_event" {
		t.Fatalf("handled %s", a)
	}
	want := []string{
		"A>busy_once", "B>busy_once", "C>busy_once", "C<busy_once#2:", "B<busy_once#2:", "A<busy_once#2:",
		"A>bad", "B>bad", "C>bad", "C<bad#3:validation", "B<bad#3:validation", "A<bad#3:validation",
		"A push dropped_by_b", "B push dropped_by_b",
		"A push unhandled", "B push unhandled", "C push unhandled",
		"A push incoming_event", "B push incoming_event", "C push incoming_event",
	}
	mu.Lock()
	defer mu.Unlock()
	if diff := cmp.Diff(want, log); diff != "" {
		t.Errorf("interceptor log (-want +got):\n%s", diff)
	}
	if s := c.Stats(); s.PushesUnhandled != 1 {
		t.Errorf("PushesUnhandled = %d, want 1", s.PushesUnhandled)
	}
}

// TestRetryOnlyWhatWasNotExecuted: without Idempotent a lost connection or timeout is never
// retried (the action may have run); with it, it is; a retry wait ends with the context.
func TestRetryOnlyWhatWasNotExecuted(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	var n atomic.Int32
	srv.Handle("drop_once", func(ctx context.Context, r *rtmtest.Request) (any, error) {
		if n.Add(1) == 1 {
			rtmtest.ConnFromContext(ctx).Drop()
			return nil, rtmtest.ErrNoReply
		}
		return nil, nil
	})
	srv.Handle("always_busy", func(context.Context, *rtmtest.Request) (any, error) {
		return nil, &rtmtest.Error{Type: rtm.ErrorTypePendingRequestsLimitReached, Message: "Requests limit reached"}
	})
	c := dial(t, srv, rtm.WithReconnect(fastReconnect),
		rtm.WithRetry(rtm.RetryPolicy{MaxAttempts: 5, MinDelay: time.Millisecond, MaxDelay: time.Millisecond}))
	ctx := testCtx(t)

	if err := c.Call(ctx, "drop_once", nil, nil); !rtm.IsConnectionLost(err) {
		t.Fatalf("not idempotent: %v; want the lost connection, not a retry", err)
	}
	n.Store(0)
	if err := c.Call(ctx, "drop_once", nil, nil, rtm.Idempotent()); err != nil {
		t.Fatalf("idempotent: %v; want a retry on the new connection", err)
	}
	before := len(srv.Requests())
	if err := c.Call(ctx, "always_busy", nil, nil); rtm.ErrorType(err) != rtm.ErrorTypePendingRequestsLimitReached {
		t.Fatalf("always busy: %v", err)
	}
	if got := len(srv.Requests()) - before; got != 5 {
		t.Errorf("%d attempts, want MaxAttempts = 5", got)
	}

	slow := dial(t, srv, rtm.WithRetry(rtm.RetryPolicy{MinDelay: time.Hour}))
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := slow.Call(short, "always_busy", nil, nil)
	if rtm.ErrorType(err) != rtm.ErrorTypePendingRequestsLimitReached || time.Since(start) > promptly {
		t.Errorf("retry wait beyond ctx: %v after %v", err, time.Since(start))
	}
}

// TestWrongRegionReconnectsThere: a wrong-region disconnect reason with data.region makes the
// Conn reconnect to that region's URL, query kept; without a URL for it, it stops.
func TestWrongRegionReconnectsThere(t *testing.T) {
	t.Parallel()
	dal, fra := rtmtest.New(t), rtmtest.New(t)
	fra.Handle("echo", echo)
	ev := newEvents()
	pol := rtm.DisconnectPolicy{Push: "agent_disconnected", Stop: []string{"agent_logged_out_remotely"},
		WrongRegion: []string{"misdirected_connection"},
		RegionURL: func(r string) string {
			if r == "fra" {
				return fra.URL()
			}
			return ""
		}}
	c := dial(t, dal, rtm.WithReconnect(fastReconnect), rtm.WithDisconnectPolicy(pol),
		rtm.WithQuery("organization_id", "o"), rtm.WithLifecycle(ev.record))
	ctx := testCtx(t)
	_ = dal.Conn(1).Push("agent_disconnected", map[string]any{"reason": "misdirected_connection", "data": map[string]string{"region": "fra"}})
	dal.Conn(1).Drop()
	if err := func() error { _, err := fra.WaitConn(ctx, 1); return err }(); err != nil {
		t.Fatal(err)
	}
	if err := c.Call(ctx, "echo", nil, nil); err != nil {
		t.Fatal(err)
	}
	if q := fra.Conn(1).Query().Get("organization_id"); q != "o" {
		t.Errorf("query on the new region: %q", q)
	}
	if e := ev.wait(t, rtm.EventRetrying); e.Reason != "misdirected_connection" {
		t.Errorf("retrying event: %v", e)
	}

	_ = fra.Conn(1).Push("agent_disconnected", map[string]any{"reason": "misdirected_connection", "data": map[string]string{"region": "mars"}})
	fra.Conn(1).Drop()
	<-c.Done()
	var de *rtm.DisconnectError
	if !errors.As(c.Err(), &de) || de.Region != "mars" || !strings.Contains(c.Err().Error(), "region mars") {
		t.Errorf("Err() = %v; want a DisconnectError naming region mars", c.Err())
	}
}

// TestMisdirectedRequestNamesRegion: the error of a misdirected_request names the region.
func TestMisdirectedRequestNamesRegion(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	srv.Handle("login", func(context.Context, *rtmtest.Request) (any, error) {
		return nil, &rtmtest.Error{Type: rtm.ErrorTypeMisdirectedRequest, Message: "Wrong region", Data: map[string]string{"region": "dal"}}
	})
	c := dial(t, srv)
	err := c.Call(testCtx(t), "login", nil, nil)
	var rerr *rtm.Error
	if !errors.As(err, &rerr) || rerr.Region() != "dal" || !strings.Contains(err.Error(), "(region dal)") {
		t.Errorf("misdirected_request: %v", err)
	}
}

// TestCallDebugLine: at Debug, each call logs one line with action, request id, duration and
// outcome, never the payload.
func TestCallDebugLine(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	srv.Handle("echo", echo)
	var logs syncBuffer
	c := dial(t, srv, rtm.WithLogger(debugLogger(&logs)))
	if err := c.Call(testCtx(t), "echo", map[string]string{"secret": "PAYLOAD"}, nil); err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	var line string
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, `msg="rtm: call"`) {
			line = l
		}
	}
	for _, want := range []string{"action=echo", "request_id=1", "duration=", "outcome=ok"} {
		if !strings.Contains(line, want) {
			t.Errorf("call line %q lacks %s", line, want)
		}
	}
	if strings.Contains(out, "PAYLOAD") {
		t.Error("payload logged")
	}
}
