package rtm_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rtmkit/livechat-rtm/rtm"
	"github.com/rtmkit/livechat-rtm/rtm/rtmtest"
)

// TestTokenNeverLeaks drives a Conn through every failure it logs or
// reports, with the access token in the Authorization header, the URL query
// and the payloads, and checks that no error string and no log line (at
// Debug level) contains it.
func TestTokenNeverLeaks(t *testing.T) {
	t.Parallel()
	const token = "SECRET-ACCESS-TOKEN-dal:Xk2"
	srv := rtmtest.New(t)
	srv.Handle("login", func(ctx context.Context, r *rtmtest.Request) (any, error) {
		return nil, &rtmtest.Error{Type: rtm.ErrorTypeAuthentication, Message: "Authentication error"}
	})
	srv.Handle("echo", echo)
	srv.Handle("slow", func(ctx context.Context, r *rtmtest.Request) (any, error) {
		select {
		case <-time.After(50 * time.Millisecond):
		case <-ctx.Done():
		}
		return r.Payload, nil
	})
	srv.Handle("garbage", func(ctx context.Context, r *rtmtest.Request) (any, error) {
		sc := rtmtest.ConnFromContext(ctx)
		yes := true
		_ = sc.WriteText([]byte(`{"type":"push","action":"x","payload":{"token":"` + token + `"`)) // truncated
		_ = sc.WriteBinary([]byte(token))
		_ = sc.Send(rtmtest.Frame{RequestID: "424242", Action: "login", Type: "response", Success: &yes,
			Payload: map[string]string{"token": token}})
		_ = sc.Send(rtmtest.Frame{Action: "login", Type: "weird", Payload: map[string]string{"token": token}})
		_ = sc.Push("unhandled_push", map[string]string{"token": token})
		_ = sc.Push("incoming_event", map[string]string{"token": token})
		return map[string]string{"token": token}, nil
	})

	var logs syncBuffer
	ev := newEvents()
	var mu sync.Mutex
	var errs []error
	add := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		errs = append(errs, err)
	}
	hook := func(ctx context.Context, c *rtm.Conn) error {
		err := c.Call(ctx, "login", map[string]string{"token": token}, nil)
		add(err)
		return err
	}
	c := dial(t, srv,
		rtm.WithLogger(debugLogger(&logs)),
		rtm.WithHeader("Authorization", "Bearer "+token),
		rtm.WithQuery("access_token", token),
		rtm.WithReconnect(fastReconnect),
		rtm.WithOnReconnect(hook),
		rtm.WithLifecycle(ev.record),
		rtm.WithPushErrorHandler(func(p rtm.Push, err error) { add(err) }),
		rtm.WithCallTimeout(20*time.Millisecond),
	)
	ctx := testCtx(t)
	c.Handle("incoming_event", func(_ context.Context, p rtm.Push) {
		var v struct{ Token int }
		c.PushError(p, json.Unmarshal(p.Payload, &v))
	})

	call := func(action string, payload any) { add(c.Call(ctx, action, payload, nil)) }
	call("login", map[string]string{"token": token})                    // server error
	call("garbage", map[string]string{"token": token})                  // malformed input of every kind
	call("echo", json.RawMessage(`{"token":"`+token+`"`))               // invalid raw payload
	call("echo", map[string]any{"token": token, "bad": make(chan int)}) // unencodable payload
	sentBefore := c.Stats().Calls
	add(c.Call(context.Background(), "slow", map[string]string{"token": token}, nil)) // default timeout, then a late reply
	short, cancel := context.WithTimeout(ctx, time.Millisecond)
	add(c.Call(short, "slow", map[string]string{"t": token}, nil)) // ctx deadline
	cancel()
	// Under load a deadline may pass before its request is written: no late reply comes then.
	late := c.Stats().Calls - sentBefore
	var wrong struct{ Token int }
	add(c.Call(ctx, "echo", map[string]string{"token": token}, &wrong)) // decode error
	waitStat(t, c, fmt.Sprint(late, " late responses"), func(s rtm.Stats) bool { return s.LateResponses == late })

	// Lose the connection; the re-login fails with a fatal error.
	srv.RejectConnections(0)
	srv.Conn(1).Drop()
	gaveUp := ev.wait(t, rtm.EventGaveUp)
	add(gaveUp.Err)
	add(c.Err())
	call("echo", map[string]string{"token": token})

	// Refused and failed handshakes.
	srv.RejectConnections(http.StatusUnauthorized)
	_, err := rtm.Dial(ctx, srv.URL()+"?access_token="+token, rtm.WithHeader("Authorization", "Bearer "+token),
		rtm.WithLogger(debugLogger(&logs)))
	add(err)
	_, err = rtm.Dial(ctx, "ws://127.0.0.1:1/?access_token="+token, rtm.WithLogger(debugLogger(&logs)))
	add(err)
	c.Close()

	ev.mu.Lock()
	for _, e := range ev.list {
		add(e.Err)
	}
	ev.mu.Unlock()
	mu.Lock()
	defer mu.Unlock()
	nonNil := 0
	for _, err := range errs {
		if err == nil {
			continue
		}
		nonNil++
		for _, s := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", errors.Unwrap(err))} {
			if strings.Contains(s, token) || strings.Contains(s, "Xk2") {
				t.Errorf("error leaks the token: %s", s)
			}
		}
	}
	if nonNil < 12 {
		t.Errorf("only %d errors collected: the scenario did not run", nonNil)
	}
	out := logs.String()
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, token) || strings.Contains(line, "Xk2") {
			t.Errorf("log line leaks the token: %s", line)
		}
	}
	for _, want := range []string{"malformed frame", "binary frame", "unknown request_id", "unknown type",
		"push could not be decoded", "push without handler", "late response", "disconnected", "gave up", "dial failed"} {
		if !strings.Contains(out, want) {
			t.Errorf("no log line about %q", want)
		}
	}
	if t.Failed() {
		t.Logf("logs:\n%s", out)
	}
}
