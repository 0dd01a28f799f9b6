package rtm_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/rtmkit/livechat-rtm/rtm"
	"github.com/rtmkit/livechat-rtm/rtm/rtmtest"
)

// TestInvalidOptionsListedTogether: nil options, nil functions and conflicting options fail
// Dial with one error that names each problem on its own line; nothing is dialled.
func TestInvalidOptionsListedTogether(t *testing.T) {
	t.Parallel()
	_, err := rtm.Dial(testCtx(t), "ws://127.0.0.1:1/rtm", nil,
		rtm.WithOnReconnect(login), // without WithReconnect
		rtm.WithLifecycle(nil), rtm.WithHTTPClient(nil), rtm.WithInterceptors(nil),
		rtm.WithConcurrentHandlers(0), rtm.WithPushQueueBytes(0), rtm.WithHeader("", "x"))
	if err == nil {
		t.Fatal("Dial accepted invalid options")
	}
	for _, want := range []string{"an option is nil", "WithOnReconnect needs reconnection", "WithLifecycle: nil",
		"WithHTTPClient: nil", "interceptor 1 is nil", "concurrent handlers", "push queue bytes", "empty header name"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if n := strings.Count(err.Error(), "\n"); n != 8 {
		t.Errorf("%d lines, want a headline and one per problem (8):\n%v", n+1, err)
	}
	_, err = rtm.Dial(testCtx(t), "ws://127.0.0.1:1/rtm", rtm.WithOnReconnect(login), rtm.WithReconnect(fastReconnect), rtm.WithoutReconnect())
	if err == nil || !strings.Contains(err.Error(), "needs reconnection") {
		t.Errorf("WithoutReconnect last: %v", err)
	}
}

// TestNilContextPanics: Dial and Call with a nil context panic with a message that says so,
// as the standard library does.
func TestNilContextPanics(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	c := dial(t, srv)
	for name, f := range map[string]func(){
		//lint:ignore SA1012 the nil context is the point
		"Dial": func() { _, _ = rtm.Dial(nil, srv.URL()) },
		//lint:ignore SA1012 the nil context is the point
		"Call": func() { _ = c.Call(nil, "echo", nil, nil) },
	} {
		func() {
			defer func() {
				if r, _ := recover().(string); !strings.Contains(r, "nil Context") {
					t.Errorf("%s(nil): panic %q", name, r)
				}
			}()
			f()
		}()
	}
}

// TestAuthorIDPerConnAndPerCall: WithAuthorID given to Dial applies to every call, and given
// to a call overrides it.
func TestAuthorIDPerConnAndPerCall(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	srv.Handle("echo", echo)
	c := dial(t, srv, rtm.WithAuthorID("bot@example.com"))
	ctx := testCtx(t)
	if err := c.Call(ctx, "echo", nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Call(ctx, "echo", nil, nil, rtm.WithAuthorID("agent@example.com")); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range srv.Requests() {
		got = append(got, r.AuthorID)
	}
	if strings.Join(got, ",") != "bot@example.com,agent@example.com" {
		t.Errorf("author ids %v", got)
	}
}

// TestErrorKindsMatchWithIs: errors.Is matches an *Error by its bare kind, through the
// wrapping of calls and reconnect hooks, and only that kind.
func TestErrorKindsMatchWithIs(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	srv.Handle("get_chat", func(context.Context, *rtmtest.Request) (any, error) {
		return nil, &rtmtest.Error{Type: rtm.ErrorTypeNotFound, Message: "Chat not found"}
	})
	c := dial(t, srv)
	err := c.Call(testCtx(t), "get_chat", nil, nil)
	if !errors.Is(err, rtm.ErrNotFound) || errors.Is(err, rtm.ErrValidation) || errors.Is(err, rtm.ErrConnectionLost) {
		t.Errorf("errors.Is on %v: wrong kinds", err)
	}
	wrapped := fmt.Errorf("reconnect hook: %w", err)
	if !errors.Is(wrapped, rtm.ErrNotFound) {
		t.Errorf("wrapped: %v", wrapped)
	}
	var rerr *rtm.Error
	if !errors.As(err, &rerr) || rerr.Message != "Chat not found" || rerr.Is(&rtm.Error{Type: rtm.ErrorTypeNotFound, Message: "x"}) {
		t.Errorf("errors.As / a non-bare target: %+v", rerr)
	}
}
