package rtm_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rtmkit/livechat-rtm/rtm"
	"github.com/rtmkit/livechat-rtm/rtm/rtmtest"
)

// TestPushOrdering: pushes reach the handler in the order they were sent.
func TestPushOrdering(t *testing.T) {
	t.Parallel()
	const n = 2000
	srv := rtmtest.New(t)
	c := dial(t, srv, rtm.WithPushQueueSize(n)) // a slow (-race) handler must not drop any
	ctx := testCtx(t)

	var got []int
	all := make(chan struct{})
	c.Handle("incoming_event", func(ctx context.Context, p rtm.Push) {
		var v struct{ Seq int }
		if err := json.Unmarshal(p.Payload, &v); err != nil {
			t.Error(err)
		}
		got = append(got, v.Seq) // handlers run one at a time
		if len(got) == n {
			close(all)
		}
	})
	for i := range n {
		if err := srv.Conn(1).Push("incoming_event", map[string]int{"seq": i}); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case <-all:
	case <-ctx.Done():
		t.Fatalf("not all %d pushes delivered: %+v", n, c.Stats())
	}
	want := make([]int, n)
	for i := range want {
		want[i] = i
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("push order (-want +got):\n%s", diff)
	}
}

// TestPushHandlers: several handlers per push in registration order, the
// catch-all for the others, removal, and the fields of a Push.
func TestPushHandlers(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	c := dial(t, srv)
	ctx := testCtx(t)

	var mu sync.Mutex
	var got []string
	seen := make(chan struct{}, 100)
	record := func(name string) rtm.PushHandler {
		return func(_ context.Context, p rtm.Push) {
			mu.Lock()
			got = append(got, name+" "+p.Action+" "+p.RequestID+" "+p.Version+" "+string(p.Payload))
			mu.Unlock()
			seen <- struct{}{}
		}
	}
	remove1 := c.Handle("incoming_chat", record("h1"))
	c.Handle("incoming_chat", record("h2"))
	c.HandleUnknown(record("any"))

	sc := srv.Conn(1)
	wait := func(k int) {
		for range k {
			select {
			case <-seen:
			case <-ctx.Done():
				t.Fatal("handler not called")
			}
		}
	}
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(sc.Push("incoming_chat", map[string]int{"n": 1}))
	wait(2)
	must(sc.WriteText([]byte(`{"request_id":"9","action":"incoming_chat","type":"push","version":"3.6","payload":{"n":2}}`)))
	wait(2)
	must(sc.Push("brand_new_push", nil))
	wait(1)
	remove1()
	remove1() // twice: no effect
	must(sc.Push("incoming_chat", map[string]int{"n": 3}))
	wait(1)

	want := []string{
		`h1 incoming_chat   {"n":1}`,
		`h2 incoming_chat   {"n":1}`,
		`h1 incoming_chat 9 3.6 {"n":2}`,
		`h2 incoming_chat 9 3.6 {"n":2}`,
		`any brand_new_push   {}`,
		`h2 incoming_chat   {"n":3}`,
	}
	mu.Lock()
	defer mu.Unlock()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("handler calls (-want +got):\n%s", diff)
	}
}

// TestPushUnhandledDropped: pushes nobody handles are counted and dropped,
// never queued.
func TestPushUnhandledDropped(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	srv.Handle("echo", echo)
	c := dial(t, srv)
	ctx := testCtx(t)

	for range 100 {
		if err := srv.Conn(1).Push("nobody_listens", map[string]string{"x": "y"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Call(ctx, "echo", nil, nil); err != nil { // the pushes were read before the response
		t.Fatal(err)
	}
	if s := c.Stats(); s.Pushes != 100 || s.PushesUnhandled != 100 || s.QueuedPushes != 0 || s.PushesDropped != 0 {
		t.Errorf("stats: %+v", s)
	}
}

// TestSlowHandlerDoesNotStallResponses: a handler that blocks does not
// delay responses.
func TestSlowHandlerDoesNotStallResponses(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	srv.Handle("echo", echo)
	c := dial(t, srv)
	ctx := testCtx(t)

	entered := make(chan struct{})
	unblock := make(chan struct{})
	defer close(unblock)
	var once sync.Once
	c.Handle("incoming_event", func(ctx context.Context, p rtm.Push) {
		once.Do(func() { close(entered) })
		<-unblock
	})
	sc := srv.Conn(1)
	for range 10 {
		if err := sc.Push("incoming_event", nil); err != nil {
			t.Fatal(err)
		}
	}
	<-entered
	for i := range 50 {
		var got struct{ I int }
		if err := c.Call(ctx, "echo", map[string]int{"i": i}, &got); err != nil || got.I != i {
			t.Fatalf("call %d with a blocked handler: %v, %+v", i, err, got)
		}
	}
}

// TestPushQueueOverflow: when handlers fall behind by more than the queue
// size, new pushes are dropped, counted and logged.
func TestPushQueueOverflow(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	srv.Handle("echo", echo)
	var logs syncBuffer
	c := dial(t, srv, rtm.WithPushQueueSize(4), rtm.WithLogger(debugLogger(&logs)))
	ctx := testCtx(t)

	entered := make(chan struct{}, 100)
	unblock := make(chan struct{})
	var mu sync.Mutex
	var got []int
	c.Handle("incoming_event", func(ctx context.Context, p rtm.Push) {
		var v struct{ Seq int }
		_ = json.Unmarshal(p.Payload, &v)
		mu.Lock()
		got = append(got, v.Seq)
		mu.Unlock()
		entered <- struct{}{}
		<-unblock
	})
	sc := srv.Conn(1)
	if err := sc.Push("incoming_event", map[string]int{"seq": 0}); err != nil {
		t.Fatal(err)
	}
	<-entered // the dispatcher holds push 0; the queue is empty
	for i := 1; i <= 14; i++ {
		if err := sc.Push("incoming_event", map[string]int{"seq": i}); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Call(ctx, "echo", nil, nil); err != nil {
		t.Fatal(err)
	}
	if s := c.Stats(); s.PushesDropped != 10 || s.QueuedPushes != 4 {
		t.Errorf("stats: %+v, want 4 queued and 10 dropped", s)
	}
	close(unblock)
	for range 4 {
		<-entered
	}
	mu.Lock()
	if diff := cmp.Diff([]int{0, 1, 2, 3, 4}, got); diff != "" {
		t.Errorf("delivered pushes (-want +got):\n%s", diff)
	}
	mu.Unlock()
	if n := strings.Count(logs.String(), "push queue full"); n != 1 {
		t.Errorf("%d log lines about the full queue, want 1 for the whole overflow", n)
	}
}

func TestHandlerPanics(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	c := dial(t, srv)
	ctx := testCtx(t)

	delivered := make(chan int, 2)
	c.Handle("incoming_event", func(ctx context.Context, p rtm.Push) {
		var v struct{ N int }
		_ = json.Unmarshal(p.Payload, &v)
		delivered <- v.N
		if v.N == 1 {
			panic("handler bug")
		}
	})
	for i := 1; i <= 2; i++ {
		if err := srv.Conn(1).Push("incoming_event", map[string]int{"n": i}); err != nil {
			t.Fatal(err)
		}
	}
	for want := 1; want <= 2; want++ {
		select {
		case got := <-delivered:
			if got != want {
				t.Fatalf("got push %d, want %d", got, want)
			}
		case <-ctx.Done():
			t.Fatal("dispatcher died with the panicking handler")
		}
	}
	if s := c.Stats(); s.HandlerPanics != 1 {
		t.Errorf("Stats.HandlerPanics = %d, want 1", s.HandlerPanics)
	}
}

func TestPushError(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	var logs syncBuffer
	type reported struct {
		p   rtm.Push
		err error
	}
	reports := make(chan reported, 1)
	c := dial(t, srv, rtm.WithLogger(debugLogger(&logs)), rtm.WithPushErrorHandler(func(p rtm.Push, err error) {
		reports <- reported{p, err}
	}))
	ctx := testCtx(t)

	// What generated code does with a push it cannot decode.
	c.Handle("incoming_event", func(ctx context.Context, p rtm.Push) {
		var v struct {
			ChatID int `json:"chat_id"`
		}
		if err := json.Unmarshal(p.Payload, &v); err != nil {
			c.PushError(p, err)
		}
	})
	if err := srv.Conn(1).Push("incoming_event", map[string]string{"chat_id": "not-a-number-PAYLOAD"}); err != nil {
		t.Fatal(err)
	}
	var r reported
	select {
	case r = <-reports:
	case <-ctx.Done():
		t.Fatal("push error handler not called")
	}
	var typeErr *json.UnmarshalTypeError
	if r.p.Action != "incoming_event" || !errors.As(r.err, &typeErr) {
		t.Errorf("reported %+v", r)
	}
	if s := c.Stats(); s.PushErrors != 1 {
		t.Errorf("Stats.PushErrors = %d, want 1", s.PushErrors)
	}
	out := logs.String()
	if !strings.Contains(out, "push could not be decoded") || !strings.Contains(out, "action=incoming_event") {
		t.Errorf("no warning logged:\n%s", out)
	}
	if strings.Contains(out, "PAYLOAD") {
		t.Errorf("payload logged:\n%s", out)
	}
}

// TestCloseFromHandler: a handler may close its Conn.
func TestCloseFromHandler(t *testing.T) {
	checkGoroutines(t)
	srv := rtmtest.New(t)
	c := dial(t, srv)
	ctx := testCtx(t)

	returned := make(chan error, 1)
	c.Handle("customer_disconnected", func(ctx context.Context, p rtm.Push) {
		returned <- c.Close()
		if ctx.Err() == nil {
			t.Error("handler context not canceled by Close")
		}
	})
	if err := srv.Conn(1).Push("customer_disconnected", map[string]string{"reason": "license_expired"}); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-returned:
		if err != nil {
			t.Errorf("Close: %v", err)
		}
	case <-ctx.Done():
		t.Fatal("Close from a handler deadlocked")
	}
	<-c.Done()
}

// TestCallFromHandler: a handler may make calls.
func TestCallFromHandler(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	srv.Handle("mark_events_as_seen", echo)
	c := dial(t, srv)
	ctx := testCtx(t)

	done := make(chan error, 1)
	c.Handle("incoming_event", func(ctx context.Context, p rtm.Push) {
		done <- c.Call(ctx, "mark_events_as_seen", p.Payload, nil)
	})
	if err := srv.Conn(1).Push("incoming_event", map[string]string{"chat_id": "X"}); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-ctx.Done():
		t.Fatal("call from a handler hung")
	}
}
