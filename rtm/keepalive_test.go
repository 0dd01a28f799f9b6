package rtm_test

import (
	"errors"
	"testing"
	"time"

	"github.com/rtmkit/livechat-rtm/rtm"
	"github.com/rtmkit/livechat-rtm/rtm/rtmtest"
)

// TestProtocolPing: the Conn sends {"action":"ping","payload":{}} every
// interval, as the RTM API requires, and reads the answers.
func TestProtocolPing(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	c := dial(t, srv, rtm.WithPingInterval(10*time.Millisecond))
	ctx := testCtx(t)

	pings, err := srv.WaitRequests(ctx, 3, rtmtest.ActionIs("ping"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pings {
		if want := `{"request_id":"` + p.RequestID + `","action":"ping","payload":{}}`; string(p.Raw) != want {
			t.Errorf("ping frame %s, want %s", p.Raw, want)
		}
	}
	waitStat(t, c, "3 ping responses", func(s rtm.Stats) bool { return s.Responses >= 3 })
	if s := c.Stats(); s.UnknownRequestIDs != 0 || s.PingFailures != 0 {
		t.Errorf("stats: %+v", s)
	}
}

// TestKeepaliveOff: no pings with an interval of 0.
func TestKeepaliveOff(t *testing.T) {
	checkGoroutines(t)
	srv := rtmtest.New(t)
	c := dial(t, srv, rtm.WithPingInterval(0))
	if n := rtmGoroutinesIn("keepalive"); n != 0 {
		t.Errorf("%d keepalive goroutines with keepalive off", n)
	}
	if s := c.Stats(); s.Pings != 0 {
		t.Errorf("Stats.Pings = %d", s.Pings)
	}
}

// TestDeadPeerDetected: a peer that stops answering websocket pings is
// declared dead; the pending calls fail at once.
func TestDeadPeerDetected(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	srv.Handle("never", never)
	c := dial(t, srv, rtm.WithPingInterval(20*time.Millisecond), rtm.WithPingTimeout(100*time.Millisecond))
	ctx := testCtx(t)

	done := make(chan error, 1)
	go func() { done <- c.Call(ctx, "never", nil, nil) }()
	if _, err := srv.WaitRequest(ctx, rtmtest.ActionIs("never")); err != nil {
		t.Fatal(err)
	}
	srv.Conn(1).Stall()
	err := <-done
	if !rtm.IsConnectionLost(err) || !errors.Is(err, rtm.ErrKeepaliveTimeout) {
		t.Fatalf("got %v, want ErrConnectionLost wrapping ErrKeepaliveTimeout", err)
	}
	if s := c.Stats(); s.PingFailures != 1 {
		t.Errorf("Stats.PingFailures = %d, want 1", s.PingFailures)
	}
	<-c.Done()
}
