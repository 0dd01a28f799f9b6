package rtm_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/rtmkit/livechat-rtm/rtm"
	"github.com/rtmkit/livechat-rtm/rtm/rtmtest"
)

// garbage is what a broken server might send.
var garbage = []string{
	``,
	`not json at all`,
	`{"request_id":"1","action":"x","type":"response"`,
	`[{"type":"push"}]`,
	`null`,
	`"a string"`,
	`{"type":"push","action":["not","a","string"]}`,
	`{"request_id":{"id":1},"type":"response"}`,
	"{\"type\":\"push\",\"action\":\"x\"}\x00",
	strings.Repeat("[", 100000),
	`{"type":"response","success":true,"payload":{"a":1}} trailing`,
}

// TestGarbageFrames: frames that are not RTM JSON, or binary, are counted
// and dropped; calls in flight and later are not disturbed.
func TestGarbageFrames(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	srv.Handle("echo", func(ctx context.Context, r *rtmtest.Request) (any, error) {
		sc := rtmtest.ConnFromContext(ctx)
		for _, g := range garbage { // garbage before the answer
			if err := sc.WriteText([]byte(g)); err != nil {
				return nil, err
			}
		}
		if err := sc.WriteBinary([]byte(`{"type":"push","action":"x","payload":{}}`)); err != nil {
			return nil, err
		}
		return r.Payload, nil
	})
	var logs syncBuffer
	c := dial(t, srv, rtm.WithLogger(debugLogger(&logs)))
	ctx := testCtx(t)

	var got struct{ N int }
	if err := c.Call(ctx, "echo", map[string]int{"n": 7}, &got); err != nil || got.N != 7 {
		t.Fatalf("call among garbage: %v, %+v", err, got)
	}
	s := c.Stats()
	if s.MalformedFrames != uint64(len(garbage)) || s.BinaryFrames != 1 || s.Pushes != 0 {
		t.Errorf("stats: %+v, want %d malformed and 1 binary frame", s, len(garbage))
	}
	if n := strings.Count(logs.String(), "malformed frame dropped"); n != len(garbage) {
		t.Errorf("%d malformed frames logged, want %d", n, len(garbage))
	}
	if err := c.Call(ctx, "echo", nil, nil); err != nil {
		t.Fatalf("call after garbage: %v", err)
	}
}

// TestUnknownRequestID: responses that match no call are dropped and
// counted; the call waiting alongside gets its own response.
func TestUnknownRequestID(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	srv.Handle("echo", func(ctx context.Context, r *rtmtest.Request) (any, error) {
		sc := rtmtest.ConnFromContext(ctx)
		ok := true
		for _, id := range []string{"999999", "abc", "", "0", "-1", r.RequestID + "0"} {
			if err := sc.Send(rtmtest.Frame{RequestID: id, Action: "echo", Type: "response", Success: &ok,
				Payload: map[string]int{"n": -1}}); err != nil {
				return nil, err
			}
		}
		return r.Payload, nil
	})
	c := dial(t, srv)
	ctx := testCtx(t)

	var got struct{ N int }
	if err := c.Call(ctx, "echo", map[string]int{"n": 1}, &got); err != nil || got.N != 1 {
		t.Fatalf("call: %v, %+v", err, got)
	}
	if s := c.Stats(); s.UnknownRequestIDs != 6 || s.Responses != 1 || s.LateResponses != 0 {
		t.Errorf("stats: %+v, want 6 unknown request ids", s)
	}
}

// TestUnknownFrameType: frames neither response nor push are counted and
// dropped.
func TestUnknownFrameType(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	srv.Handle("echo", func(ctx context.Context, r *rtmtest.Request) (any, error) {
		sc := rtmtest.ConnFromContext(ctx)
		for _, f := range []rtmtest.Frame{
			{RequestID: r.RequestID, Action: "echo", Type: "event"}, // right id, wrong type
			{Action: "incoming_event"},                              // no type
		} {
			if err := sc.Send(f); err != nil {
				return nil, err
			}
		}
		return r.Payload, nil
	})
	c := dial(t, srv)
	c.HandleUnknown(func(context.Context, rtm.Push) { t.Error("a frame of unknown type was dispatched") })

	if err := c.Call(testCtx(t), "echo", nil, nil); err != nil {
		t.Fatal(err)
	}
	if s := c.Stats(); s.UnknownFrameTypes != 2 || s.Pushes != 0 {
		t.Errorf("stats: %+v, want 2 frames of unknown type", s)
	}
}

// TestOversizedFrame: a frame above the read limit closes the connection;
// pending calls fail with a clear error.
func TestOversizedFrame(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	srv.Handle("never", never)
	c := dial(t, srv, rtm.WithReadLimit(1024))
	ctx := testCtx(t)

	done := make(chan error, 1)
	go func() { done <- c.Call(ctx, "never", nil, nil) }()
	if _, err := srv.WaitRequest(ctx, rtmtest.ActionIs("never")); err != nil {
		t.Fatal(err)
	}
	if err := srv.Conn(1).Push("huge", map[string]string{"blob": strings.Repeat("x", 4096)}); err != nil {
		t.Fatal(err)
	}
	err := <-done
	if !rtm.IsConnectionLost(err) || !errors.Is(err, rtm.ErrFrameTooLarge) {
		t.Fatalf("got %v, want ErrConnectionLost wrapping ErrFrameTooLarge", err)
	}
	if !strings.Contains(err.Error(), "1024") {
		t.Errorf("error %q does not state the limit", err)
	}
	if s := c.Stats(); s.OversizedFrames != 1 {
		t.Errorf("Stats.OversizedFrames = %d, want 1", s.OversizedFrames)
	}
	sc := srv.Conn(1)
	<-sc.Done()
	if code := rtm.CloseCode(sc.Err()); code != 1009 {
		t.Errorf("server saw close code %d, want 1009 (message too big)", code)
	}
}

// TestLargeFrames: the default read limit takes frames of more than 10 MiB,
// both ways.
func TestLargeFrames(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	srv.Handle("echo", echo)
	c := dial(t, srv)

	big := strings.Repeat("x", 11<<20)
	var got json.RawMessage
	// A size test, not a speed test: 11 MiB each way under -race on a loaded machine can take
	// longer than testTimeout.
	ctx, cancel := context.WithTimeout(context.Background(), 6*testTimeout)
	defer cancel()
	if err := c.Call(ctx, "echo", json.RawMessage(`"`+big+`"`), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(big)+2 {
		t.Fatalf("got %d bytes back, want %d", len(got), len(big)+2)
	}
	received := make(chan int, 1)
	c.Handle("big_push", func(_ context.Context, p rtm.Push) { received <- len(p.Payload) })
	if err := srv.Conn(1).Push("big_push", json.RawMessage(`"`+big+`"`)); err != nil {
		t.Fatal(err)
	}
	if n := <-received; n != len(big)+2 {
		t.Fatalf("push of %d bytes, want %d", n, len(big)+2)
	}
}
