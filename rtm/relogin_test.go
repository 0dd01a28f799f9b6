package rtm_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/rtmkit/livechat-rtm/rtm"
	"github.com/rtmkit/livechat-rtm/rtm/rtmtest"
)

// TestRefusedReLoginWithCloseStopsReconnecting: when the re-login after a
// reconnection is refused with an authentication error and the server
// closes right after (refusal and close in one write), reconnecting stops
// on that error even though the hook returns after the connection ended;
// waiting callers and Err see the authentication error.
func TestRefusedReLoginWithCloseStopsReconnecting(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	srv.Handle("login", func(ctx context.Context, r *rtmtest.Request) (any, error) {
		sc := rtmtest.ConnFromContext(ctx)
		no := false
		_ = sc.Send(rtmtest.Frame{RequestID: r.RequestID, Action: "login", Type: "response", Success: &no,
			Payload: map[string]any{"error": map[string]string{"type": "authentication", "message": "Invalid access token"}}})
		sc.Drop()
		return nil, rtmtest.ErrNoReply
	})
	srv.Handle("echo", echo)
	hook := func(ctx context.Context, c *rtm.Conn) error {
		err := login(ctx, c)
		time.Sleep(50 * time.Millisecond) // return after the session has surely ended
		return err
	}
	ev := newEvents()
	c := dial(t, srv, rtm.WithReconnect(fastReconnect), rtm.WithOnReconnect(hook), rtm.WithLifecycle(ev.record))
	ctx := testCtx(t)

	srv.Conn(1).Drop()
	ev.wait(t, rtm.EventDisconnected)
	err := c.Call(ctx, "echo", nil, nil) // waits across the (refused) reconnection
	var rerr *rtm.Error
	if !errors.As(err, &rerr) || rerr.Type != rtm.ErrorTypeAuthentication {
		t.Fatalf("waiting call: %v; want the authentication error", err)
	}
	select {
	case <-c.Done():
	case <-time.After(promptly):
		t.Fatal("the Conn is still reconnecting")
	}
	if !rtm.IsFatal(c.Err()) || rtm.ErrorType(c.Err()) != rtm.ErrorTypeAuthentication {
		t.Errorf("Err() = %v; want the authentication error", c.Err())
	}
	time.Sleep(50 * time.Millisecond)
	if n := c.Stats().ReconnectAttempts; n != 1 {
		t.Errorf("%d reconnection dials, want 1", n)
	}
}
