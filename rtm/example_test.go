package rtm_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/rtmkit/livechat-rtm/rtm"
	"github.com/rtmkit/livechat-rtm/rtm/rtmtest"
)

// A bot connects, logs in, sends a message, receives a push and tells a
// rejected request from a transport failure. The fake server stands in for
// wss://api.livechatinc.com/v3.6/agent/rtm/ws.
func Example() {
	srv := rtmtest.NewServer()
	defer srv.Close()
	srv.Handle("login", func(ctx context.Context, r *rtmtest.Request) (any, error) {
		return map[string]any{"my_profile": map[string]string{"name": "Jane"}}, nil
	})
	srv.Handle("send_event", func(ctx context.Context, r *rtmtest.Request) (any, error) {
		return map[string]string{"event_id": "K600PKZON8_1"}, nil
	})

	ctx := context.Background()
	conn, err := rtm.Dial(ctx, srv.URL(), rtm.WithHeader("X-Region", "fra"))
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()

	chats := make(chan string, 1)
	conn.Handle("incoming_event", func(ctx context.Context, p rtm.Push) {
		var ev struct {
			ChatID string `json:"chat_id"`
		}
		if err := json.Unmarshal(p.Payload, &ev); err != nil {
			conn.PushError(p, err)
			return
		}
		chats <- ev.ChatID
	})

	var login struct {
		MyProfile struct{ Name string } `json:"my_profile"`
	}
	if err := conn.Call(ctx, "login", map[string]string{"token": "Bearer dal:..."}, &login); err != nil {
		log.Fatal(err)
	}
	fmt.Println("logged in as", login.MyProfile.Name)

	var sent struct {
		EventID string `json:"event_id"`
	}
	event := map[string]any{"chat_id": "PJ0MRSHTDG", "event": map[string]string{"type": "message", "text": "Hello"}}
	if err := conn.Call(ctx, "send_event", event, &sent); err != nil {
		log.Fatal(err)
	}
	fmt.Println("sent", sent.EventID)

	if err := srv.PushAll("incoming_event", map[string]string{"chat_id": "PJ0MRSHTDG"}); err != nil {
		log.Fatal(err)
	}
	fmt.Println("push for chat", <-chats)

	err = conn.Call(ctx, "transfer_chat", map[string]string{"id": "PJ0MRSHTDG"}, nil)
	var rerr *rtm.Error
	switch {
	case errors.As(err, &rerr):
		fmt.Println("rejected:", rerr.Type)
	case rtm.IsConnectionLost(err), rtm.IsTimeout(err):
		fmt.Println("transport failure, maybe retry:", err)
	}
	// Output:
	// logged in as Jane
	// sent K600PKZON8_1
	// push for chat PJ0MRSHTDG
	// rejected: rtmtest_no_handler
}

// With a reconnect policy the Conn survives a lost connection: the hook
// logs in again before any other call goes through.
func ExampleWithOnReconnect() {
	srv := rtmtest.NewServer()
	defer srv.Close()
	srv.Handle("login", func(ctx context.Context, r *rtmtest.Request) (any, error) {
		fmt.Println("login on connection", r.ConnID)
		return nil, nil
	})
	srv.Handle("get_chat", func(ctx context.Context, r *rtmtest.Request) (any, error) {
		fmt.Println("get_chat on connection", r.ConnID)
		return map[string]string{"id": "PJ0MRSHTDG"}, nil
	})

	login := func(ctx context.Context, c *rtm.Conn) error {
		return c.Call(ctx, "login", map[string]any{"token": "Bearer dal:...", "reconnect": true}, nil)
	}
	ctx := context.Background()
	conn, err := rtm.Dial(ctx, srv.URL(),
		rtm.WithReconnect(rtm.ReconnectPolicy{MinDelay: 10 * time.Millisecond, MaxDelay: time.Second}),
		rtm.WithOnReconnect(login),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	if err := login(ctx, conn); err != nil {
		log.Fatal(err)
	}

	srv.Conn(1).Drop() // the network fails
	if _, err := srv.WaitConn(ctx, 2); err != nil {
		log.Fatal(err)
	}
	if err := conn.Call(ctx, "get_chat", map[string]string{"chat_id": "PJ0MRSHTDG"}, nil); err != nil {
		log.Fatal(err)
	}
	// Output:
	// login on connection 1
	// login on connection 2
	// get_chat on connection 2
}
