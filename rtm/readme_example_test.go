package rtm_test

// The examples behind the README's sections on staying connected: each README snippet is a
// part of one of these functions (TestREADMESnippets checks it), and each runs against a fake
// server, its output checked.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"time"

	v36 "github.com/rtmkit/livechat-rtm/gen/agent/v36"
	v32 "github.com/rtmkit/livechat-rtm/gen/customer/v32"
	"github.com/rtmkit/livechat-rtm/rtm"
	"github.com/rtmkit/livechat-rtm/rtm/rtmtest"
)

// fakeAgentAPI answers login and send_event like the Agent API.
func fakeAgentAPI() *rtmtest.Server {
	srv := rtmtest.NewServer()
	srv.Handle(v36.ActionLogin, func(context.Context, *rtmtest.Request) (any, error) {
		return json.RawMessage(`{"my_profile":{"id":"bot@example.com"}}`), nil
	})
	srv.Handle(v36.ActionSendEvent, func(context.Context, *rtmtest.Request) (any, error) {
		return &v36.SendEventResponse{EventID: "E1"}, nil
	})
	return srv
}

// freshToken stands in for the program's OAuth refresh.
func freshToken(context.Context) (string, error) { return "dal:token", nil }

// Login at Dial and after every reconnection, with a refreshed token; a hook with the typed
// client after each reconnection.
func Example_login() {
	srv := fakeAgentAPI()
	defer srv.Close()
	ctx := context.Background()

	c, err := v36.Dial(ctx, v36.Config{
		URL:            srv.URL(), // leave empty for the real endpoint
		OrganizationID: "my-organization",
		Register: func(c *v36.Client) { // before the first login: no push is missed
			c.OnIncomingChat(func(ctx context.Context, p *v36.IncomingChatPush) { /* ... */ })
		},
		Login: func(ctx context.Context) (*v36.LoginRequest, error) {
			token, err := freshToken(ctx) // called before every login
			if err != nil {
				return nil, err
			}
			return &v36.LoginRequest{Token: "Bearer " + token}, nil
		},
		OnReconnect: func(ctx context.Context, c *v36.Client) error {
			return c.SetRoutingStatus(ctx, &v36.SetRoutingStatusRequest{Status: "accepting_chats"})
		},
	})
	if err != nil {
		log.Fatal(err) // includes a refused login: rtm.ErrorType(err) == v36.ErrorTypeAuthentication
	}
	defer c.Close()
	fmt.Println(srv.Requests()[0].Action)
	// Output: login
}

// Reconnection is on by default for generated clients; a policy of one's own, or none.
func Example_reconnection() {
	srv := fakeAgentAPI()
	defer srv.Close()
	ctx := context.Background()
	cfg := v36.Config{URL: srv.URL(), OrganizationID: "my-organization"}
	logger := slog.New(slog.DiscardHandler) // your logger

	c, err := v36.Dial(ctx, cfg,
		rtm.WithReconnect(rtm.ReconnectPolicy{MinDelay: time.Second, MaxDelay: 30 * time.Second, MaxAttempts: 20}),
		rtm.WithLifecycle(func(e rtm.LifecycleEvent) { logger.Info("rtm", "event", e.String(), "reason", e.Reason) }),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	once, err := v36.Dial(ctx, cfg, rtm.WithoutReconnect()) // a lost connection is final
	if err != nil {
		log.Fatal(err)
	}
	defer once.Close()
	fmt.Println(c.Conn().Err() == nil, once.Conn().Err() == nil)
	// Output: true true
}

// The server's disconnect reasons: "don't reconnect" ones end reconnecting with a typed error.
func Example_disconnectReasons() {
	srv := fakeAgentAPI()
	defer srv.Close()
	ctx := context.Background()
	c, err := v36.Dial(ctx, v36.Config{URL: srv.URL(), OrganizationID: "my-organization"})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	sc, _ := srv.WaitConn(ctx, 1)
	_ = sc.Push(v36.PushAgentDisconnected, map[string]string{"reason": "agent_logged_out_remotely"})
	sc.Drop()

	<-c.Conn().Done()
	var de *rtm.DisconnectError
	if errors.As(c.Conn().Err(), &de) && !de.Reconnect {
		fmt.Println("stopped:", de.Reason) // e.g. tell the operator to log in again
	}
	// Output: stopped: agent_logged_out_remotely
}

// Regions: Config.Region, or the token's prefix when it is empty.
func Example_regions() {
	fmt.Println(v32.RegionURL(v32.RegionFra))
	fmt.Println(v32.TokenRegion("Bearer fra:abc"))
	cfg := v32.Config{LicenseID: 123, Region: v32.RegionFra}
	_ = cfg // v32.Dial(ctx, cfg) connects to the fra endpoint
	// Output:
	// wss://api-fra.livechatinc.com/v3.2/customer/rtm/ws
	// fra
}

// Handlers of different chats at once, each chat's pushes still in order.
func Example_concurrentHandlers() {
	srv := fakeAgentAPI()
	defer srv.Close()
	ctx := context.Background()
	c, err := v36.Dial(ctx, v36.Config{URL: srv.URL(), OrganizationID: "my-organization"},
		rtm.WithConcurrentHandlers(16)) // up to 16 chats handled at once
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	answered := make(chan string, 1)
	c.OnIncomingEvent(func(ctx context.Context, p *v36.IncomingEventPush) {
		// A slow call here holds back only this chat's next pushes.
		_, err := c.SendEvent(ctx, &v36.SendEventRequest{ChatID: p.ChatID, Event: &v36.MessageEvent{Text: rtm.Ptr("On it!")}})
		if err == nil {
			answered <- p.ChatID
		}
	})
	sc, _ := srv.WaitConn(ctx, 1)
	_ = sc.Push(v36.PushIncomingEvent, &v36.IncomingEventPush{ChatID: "C1", Event: &v36.MessageEvent{Text: rtm.Ptr("hi")}})
	fmt.Println(<-answered)
	// Output: C1
}

// A logging and metrics interceptor.
func ExampleWithInterceptors() {
	srv := fakeAgentAPI()
	defer srv.Close()
	ctx := context.Background()

	timing := rtm.CallInterceptorFunc(func(next rtm.CallFunc) rtm.CallFunc {
		return func(ctx context.Context, call *rtm.Call) error {
			start := time.Now()
			err := next(ctx, call)
			slog.Debug("call", "action", call.Action, "request_id", call.RequestID,
				"took", time.Since(start), "error_type", rtm.ErrorType(err))
			return err
		}
	})
	seen := make(chan string, 1)
	pushes := rtm.PushInterceptorFunc(func(next rtm.PushHandler) rtm.PushHandler {
		return func(ctx context.Context, p rtm.Push) {
			seen <- p.Action // every push, handled or not
			next(ctx, p)
		}
	})
	c, err := v36.Dial(ctx, v36.Config{URL: srv.URL(), OrganizationID: "my-organization"},
		rtm.WithInterceptors(timing, pushes))
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	sc, _ := srv.WaitConn(ctx, 1)
	_ = sc.Push("incoming_multicast", map[string]string{"type": "x"})
	fmt.Println("push", <-seen)
	// Output: push incoming_multicast
}

// Safe retries: only what the server did not execute, unless the call is idempotent.
func ExampleWithRetry() {
	srv := fakeAgentAPI()
	defer srv.Close()
	busy := 2
	srv.Handle(v36.ActionListChats, func(context.Context, *rtmtest.Request) (any, error) {
		if busy > 0 {
			busy--
			return nil, &rtmtest.Error{Type: rtm.ErrorTypeTooManyRequests, Message: "Too many requests"}
		}
		return json.RawMessage(`{"chats_summary":[],"found_chats":0}`), nil
	})
	ctx := context.Background()

	c, err := v36.Dial(ctx, v36.Config{URL: srv.URL(), OrganizationID: "my-organization"},
		rtm.WithRetry(rtm.RetryPolicy{MaxAttempts: 4, MinDelay: 10 * time.Millisecond}))
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	// too_many_requests is retried; after a timeout or a lost connection, only with rtm.Idempotent().
	chats, err := c.ListChats(ctx, nil, rtm.Idempotent())
	fmt.Println(err, chats.FoundChats)
	// Output: <nil> 0
}
