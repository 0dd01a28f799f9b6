package rtm_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/rtmkit/livechat-rtm/rtm"
	"github.com/rtmkit/livechat-rtm/rtm/rtmtest"
)

func TestCallWireFormat(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	srv.Handle("send_event", echo)
	c := dial(t, srv)
	ctx := testCtx(t)

	type event struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	type sendEvent struct {
		ChatID string `json:"chat_id"`
		Event  event  `json:"event"`
		Attach *bool  `json:"attach_to_last_thread,omitempty"`
	}
	calls := []struct {
		payload any
		opts    []rtm.CallOption
	}{
		{sendEvent{ChatID: "PJ0MRSHTDG", Event: event{Type: "message", Text: "hi"}, Attach: rtm.Ptr(false)}, nil},
		{nil, nil},
		{json.RawMessage(`{"chat_id":"X"}`), []rtm.CallOption{rtm.WithAuthorID("bot@example.com")}},
		{[]byte(`{"raw":true}`), nil},
		{(*sendEvent)(nil), nil},
		{map[string]any{"n": 1}, []rtm.CallOption{nil}},
	}
	for _, call := range calls {
		if err := c.Call(ctx, "send_event", call.payload, nil, call.opts...); err != nil {
			t.Fatalf("Call(%v): %v", call.payload, err)
		}
	}

	want := []rtmtest.Request{
		{ConnID: 1, RequestID: "1", Action: "send_event", Payload: json.RawMessage(`{"chat_id":"PJ0MRSHTDG","event":{"type":"message","text":"hi"},"attach_to_last_thread":false}`)},
		{ConnID: 1, RequestID: "2", Action: "send_event", Payload: json.RawMessage(`{}`)},
		{ConnID: 1, RequestID: "3", Action: "send_event", AuthorID: "bot@example.com", Payload: json.RawMessage(`{"chat_id":"X"}`)},
		{ConnID: 1, RequestID: "4", Action: "send_event", Payload: json.RawMessage(`{"raw":true}`)},
		{ConnID: 1, RequestID: "5", Action: "send_event", Payload: json.RawMessage(`{}`)},
		{ConnID: 1, RequestID: "6", Action: "send_event", Payload: json.RawMessage(`{"n":1}`)},
	}
	got := srv.Requests()
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(rtmtest.Request{}, "Raw")); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
	if want := `{"request_id":"3","action":"send_event","payload":{"chat_id":"X"},"author_id":"bot@example.com"}`; string(got[2].Raw) != want {
		t.Errorf("raw frame:\n got %s\nwant %s", got[2].Raw, want)
	}
}

func TestCallDecodesResult(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	srv.Handle("get_chat", func(context.Context, *rtmtest.Request) (any, error) {
		return map[string]any{"id": "PJ0MRSHTDG", "users": []string{"a", "b"}}, nil
	})
	srv.Handle("bad_shape", func(context.Context, *rtmtest.Request) (any, error) {
		return map[string]any{"id": 12}, nil
	})
	c := dial(t, srv)
	ctx := testCtx(t)

	type chat struct {
		ID    string   `json:"id"`
		Users []string `json:"users"`
	}
	var got chat
	if err := c.Call(ctx, "get_chat", nil, &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(chat{ID: "PJ0MRSHTDG", Users: []string{"a", "b"}}, got); diff != "" {
		t.Errorf("result (-want +got):\n%s", diff)
	}
	if err := c.Call(ctx, "get_chat", nil, nil); err != nil {
		t.Errorf("nil result: %v", err)
	}

	err := c.Call(ctx, "bad_shape", nil, &got)
	var typeErr *json.UnmarshalTypeError
	if !errors.Is(err, rtm.ErrDecode) || !errors.As(err, &typeErr) {
		t.Errorf("undecodable result: got %v, want ErrDecode wrapping *json.UnmarshalTypeError", err)
	}
	if rtm.IsRetryable(err) || rtm.IsConnectionLost(err) {
		t.Errorf("decode error classified as retryable or lost: %v", err)
	}
}

func TestCallServerError(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	srv.Handle("send_event", func(context.Context, *rtmtest.Request) (any, error) {
		return nil, &rtmtest.Error{Type: "validation", Message: "Wrong format of request", Data: map[string]string{"field": "chat_id"}}
	})
	srv.Handle("login", func(context.Context, *rtmtest.Request) (any, error) {
		return nil, &rtm.Error{Type: rtm.ErrorTypeAuthentication, Message: "Invalid access token"}
	})
	srv.Handle("broken", func(context.Context, *rtmtest.Request) (any, error) {
		return nil, errors.New("database on fire")
	})
	srv.Handle("too_fast", func(context.Context, *rtmtest.Request) (any, error) {
		return nil, &rtmtest.Error{Type: rtm.ErrorTypeTooManyRequests, Message: "Too many requests"}
	})
	c := dial(t, srv)
	ctx := testCtx(t)

	err := c.Call(ctx, "send_event", map[string]string{"chat_id": ""}, nil)
	var rerr *rtm.Error
	if !errors.As(err, &rerr) {
		t.Fatalf("got %v (%T), want *rtm.Error", err, err)
	}
	want := &rtm.Error{Type: "validation", Message: "Wrong format of request", Data: json.RawMessage(`{"field":"chat_id"}`),
		Action: "send_event", RequestID: "1"}
	if diff := cmp.Diff(want, rerr); diff != "" {
		t.Errorf("error (-want +got):\n%s", diff)
	}
	if want := "rtm: send_event (request 1) rejected: validation: Wrong format of request"; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err, want)
	}

	tests := []struct {
		action                  string
		typ                     string
		fatal, retryable, tmout bool
	}{
		{"login", rtm.ErrorTypeAuthentication, true, false, false},
		{"broken", rtm.ErrorTypeInternal, false, true, false},
		{"too_fast", rtm.ErrorTypeTooManyRequests, false, true, false},
		{"no_such_action", rtmtest.TypeNoHandler, false, false, false},
	}
	for _, tt := range tests {
		err := c.Call(ctx, tt.action, nil, nil)
		if got := rtm.ErrorType(err); got != tt.typ {
			t.Errorf("%s: ErrorType = %q, want %q (err %v)", tt.action, got, tt.typ, err)
		}
		if rtm.IsFatal(err) != tt.fatal || rtm.IsRetryable(err) != tt.retryable || rtm.IsTimeout(err) != tt.tmout {
			t.Errorf("%s: IsFatal %v IsRetryable %v IsTimeout %v, want %v %v %v", tt.action,
				rtm.IsFatal(err), rtm.IsRetryable(err), rtm.IsTimeout(err), tt.fatal, tt.retryable, tt.tmout)
		}
		if rtm.IsConnectionLost(err) || rtm.IsClosed(err) {
			t.Errorf("%s: server error classified as a transport failure: %v", tt.action, err)
		}
	}
	if s := c.Stats(); s.ErrorResponses != 5 {
		t.Errorf("Stats.ErrorResponses = %d, want 5", s.ErrorResponses)
	}
}

// TestCallConcurrent: hundreds of concurrent calls, answered out of order,
// each gets its own response.
func TestCallConcurrent(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	srv.Handle("echo", func(ctx context.Context, r *rtmtest.Request) (any, error) {
		select { // answer in a shuffled order
		case <-time.After(time.Duration(rand.IntN(2000)) * time.Microsecond):
		case <-ctx.Done():
		}
		return r.Payload, nil
	})
	c := dial(t, srv)
	ctx := testCtx(t)

	const n = 500
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			var got struct{ N int }
			if err := c.Call(ctx, "echo", map[string]int{"n": i}, &got); err != nil {
				errs <- err
				return
			}
			if got.N != i {
				errs <- fmt.Errorf("call %d got the response of call %d", i, got.N)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	s := c.Stats()
	if s.Calls != n || s.Responses != n || s.InFlight != 0 || s.UnknownRequestIDs != 0 || s.LateResponses != 0 {
		t.Errorf("stats after %d calls: %+v", n, s)
	}
	ids := map[string]bool{}
	for _, r := range srv.Requests() {
		if ids[r.RequestID] {
			t.Fatalf("request id %q used twice", r.RequestID)
		}
		ids[r.RequestID] = true
	}
}

func TestCallCtxCancelled(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	release := make(chan struct{})
	wrote := make(chan error, 1)
	srv.Handle("slow", func(ctx context.Context, r *rtmtest.Request) (any, error) {
		<-release
		yes := true // answer here, so that the test knows when it is sent
		wrote <- rtmtest.ConnFromContext(ctx).Send(rtmtest.Frame{RequestID: r.RequestID, Action: r.Action,
			Type: "response", Success: &yes, Payload: map[string]string{"late": "yes"}})
		return nil, rtmtest.ErrNoReply
	})
	srv.Handle("echo", echo)
	c := dial(t, srv)
	ctx := testCtx(t)

	callCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- c.Call(callCtx, "slow", nil, new(json.RawMessage)) }()
	if _, err := srv.WaitRequest(ctx, rtmtest.ActionIs("slow")); err != nil {
		t.Fatal(err)
	}
	cancel()
	err := <-done
	if !errors.Is(err, context.Canceled) || !rtm.IsCanceled(err) || rtm.IsTimeout(err) || rtm.IsRetryable(err) {
		t.Fatalf("got %v, want a canceled error", err)
	}
	if !strings.Contains(err.Error(), "slow") {
		t.Errorf("error %q does not name the action", err)
	}

	// The late reply is dropped and counted; the connection goes on.
	close(release)
	if err := <-wrote; err != nil {
		t.Fatal(err)
	}
	if err := c.Call(ctx, "echo", nil, nil); err != nil { // the late reply was written before this response
		t.Fatal(err)
	}
	if s := c.Stats(); s.LateResponses != 1 || s.UnknownRequestIDs != 0 || s.InFlight != 0 {
		t.Errorf("stats: %+v, want 1 late response", s)
	}
}

func TestCallCtxDeadline(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	srv.Handle("never", never)
	c := dial(t, srv)

	ctx, cancel := context.WithTimeout(testCtx(t), 50*time.Millisecond)
	defer cancel()
	err := c.Call(ctx, "never", nil, nil)
	if !errors.Is(err, context.DeadlineExceeded) || !rtm.IsTimeout(err) || !rtm.IsRetryable(err) {
		t.Fatalf("got %v, want a timeout", err)
	}
}

func TestCallDefaultTimeout(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	srv.Handle("never", never)
	c := dial(t, srv, rtm.WithCallTimeout(50*time.Millisecond))

	err := c.Call(context.Background(), "never", nil, nil)
	if !rtm.IsTimeout(err) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want a timeout", err)
	}
	if want := "rtm: never: no response within 50ms"; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err, want)
	}
}

// TestCallServerNeverAnswers: calls to a server that never answers time out
// one by one, and the connection survives them (a caller's expired context
// must not close the websocket).
func TestCallServerNeverAnswers(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	srv.Handle("never", never)
	srv.Handle("echo", echo)
	c := dial(t, srv)

	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
			defer cancel()
			if err := c.Call(ctx, "never", nil, nil); !rtm.IsTimeout(err) {
				t.Errorf("got %v, want a timeout", err)
			}
		})
	}
	wg.Wait()
	if err := c.Call(testCtx(t), "echo", map[string]int{"still": 1}, nil); err != nil {
		t.Fatalf("connection broken by expired contexts: %v", err)
	}
	if len(srv.Conns()) != 1 || c.Stats().Disconnects != 0 {
		t.Errorf("the connection was replaced: %d conns, stats %+v", len(srv.Conns()), c.Stats())
	}
}

// TestCallServerDropsMidCall: every pending call fails within a second of
// the drop, with an error that says the connection was lost.
func TestCallServerDropsMidCall(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	srv.Handle("never", never)
	c := dial(t, srv)
	ctx := testCtx(t)

	const n = 50
	type result struct {
		err error
		at  time.Time
	}
	results := make(chan result, n)
	for range n {
		go func() {
			err := c.Call(ctx, "never", nil, nil)
			results <- result{err, time.Now()}
		}()
	}
	if _, err := srv.WaitRequests(ctx, n, rtmtest.ActionIs("never")); err != nil {
		t.Fatal(err)
	}
	dropped := time.Now()
	srv.Conn(1).Drop()
	for range n {
		r := <-results
		if !rtm.IsConnectionLost(r.err) || !rtm.IsRetryable(r.err) || rtm.IsClosed(r.err) {
			t.Errorf("got %v, want ErrConnectionLost", r.err)
		}
		if d := r.at.Sub(dropped); d > promptly {
			t.Errorf("a pending call failed %v after the drop", d)
		}
	}
	select {
	case <-c.Done():
	case <-ctx.Done():
		t.Fatal("Conn not dead after the drop (no reconnect policy)")
	}
	if err := c.Err(); !rtm.IsConnectionLost(err) {
		t.Errorf("Err() = %v, want ErrConnectionLost", err)
	}
	if err := c.Call(ctx, "never", nil, nil); !rtm.IsConnectionLost(err) {
		t.Errorf("call after the drop: %v, want ErrConnectionLost", err)
	}
	if s := c.Stats(); s.InFlight != 0 || s.Disconnects != 1 {
		t.Errorf("stats: %+v", s)
	}
}

// TestCallServerClosesWithCode: the close code reaches the caller.
func TestCallServerClosesWithCode(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	srv.Handle("never", never)
	c := dial(t, srv)
	ctx := testCtx(t)

	done := make(chan error, 1)
	go func() { done <- c.Call(ctx, "never", nil, nil) }()
	if _, err := srv.WaitRequest(ctx, rtmtest.ActionIs("never")); err != nil {
		t.Fatal(err)
	}
	if err := srv.Conn(1).Close(4001, "license expired"); err != nil {
		t.Fatal(err)
	}
	err := <-done
	if !rtm.IsConnectionLost(err) || rtm.CloseCode(err) != 4001 {
		t.Fatalf("got %v (close code %d), want ErrConnectionLost with code 4001", err, rtm.CloseCode(err))
	}
}

func TestMaxInFlight(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	var mu sync.Mutex
	active, maxActive := 0, 0
	release := make(chan struct{})
	srv.Handle("work", func(ctx context.Context, r *rtmtest.Request) (any, error) {
		mu.Lock()
		active++
		maxActive = max(maxActive, active)
		mu.Unlock()
		<-release
		mu.Lock()
		active--
		mu.Unlock()
		return nil, nil
	})
	c := dial(t, srv, rtm.WithMaxInFlight(3))
	ctx := testCtx(t)

	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			if err := c.Call(ctx, "work", nil, nil); err != nil {
				t.Error(err)
			}
		})
	}
	if _, err := srv.WaitRequests(ctx, 3, rtmtest.ActionIs("work")); err != nil {
		t.Fatal(err)
	}
	// All slots are taken: a call waits for one, within its context. It is
	// never written.
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if err := c.Call(short, "extra", nil, nil); !rtm.IsTimeout(err) {
		t.Errorf("call without a slot: got %v, want a timeout", err)
	}
	if _, err := srv.WaitRequest(short, rtmtest.ActionIs("extra")); err == nil {
		t.Error("the call waiting for a slot was sent")
	}
	close(release)
	wg.Wait()
	if maxActive != 3 {
		t.Errorf("max requests in flight at the server = %d, want 3", maxActive)
	}
	if n := len(srv.Requests()); n != 10 {
		t.Errorf("server got %d requests, want 10", n)
	}
}

// TestCloseDuringCalls: Close fails the pending calls with ErrClosed.
func TestCloseDuringCalls(t *testing.T) {
	checkGoroutines(t)
	srv := rtmtest.New(t)
	srv.Handle("never", never)
	c := dial(t, srv)
	ctx := testCtx(t)

	const n = 20
	errs := make(chan error, n)
	for range n {
		go func() { errs <- c.Call(ctx, "never", nil, nil) }()
	}
	if _, err := srv.WaitRequests(ctx, n, rtmtest.ActionIs("never")); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	for range n {
		if err := <-errs; !rtm.IsClosed(err) || rtm.IsRetryable(err) {
			t.Errorf("pending call: got %v, want ErrClosed", err)
		}
	}
	if err := c.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if err := c.Call(ctx, "never", nil, nil); !errors.Is(err, rtm.ErrClosed) {
		t.Errorf("call after Close: %v, want ErrClosed", err)
	}
	if !rtm.IsClosed(c.Err()) {
		t.Errorf("Err() = %v, want ErrClosed", c.Err())
	}
	<-c.Done()
	// The server saw a clean close.
	sc := srv.Conn(1)
	<-sc.Done()
	if code := rtm.CloseCode(sc.Err()); code != 1000 {
		t.Errorf("server saw close code %d (%v), want 1000", code, sc.Err())
	}
}

func TestCallPayloadEncodeError(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	srv.Handle("x", echo)
	c := dial(t, srv)
	ctx := testCtx(t)

	for _, p := range []any{make(chan int), json.RawMessage(`{"a":`), []byte(`not json`)} {
		err := c.Call(ctx, "x", p, nil)
		if !errors.Is(err, rtm.ErrEncode) {
			t.Errorf("payload %T: got %v, want ErrEncode", p, err)
		}
	}
	if err := c.Call(ctx, "x", nil, nil); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("%d requests sent, want only the valid one", n)
	}
}
