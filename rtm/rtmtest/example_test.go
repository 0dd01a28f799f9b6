package rtmtest_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/rtmkit/livechat-rtm/rtm"
	"github.com/rtmkit/livechat-rtm/rtm/rtmtest"
)

// A test scripts the server, runs the code under test against it, then
// checks what went over the wire.
func ExampleServer() {
	srv := rtmtest.NewServer() // in a test: rtmtest.New(t)
	defer srv.Close()
	srv.Handle("send_event", func(ctx context.Context, r *rtmtest.Request) (any, error) {
		return map[string]string{"event_id": "K600PKZON8_1"}, nil
	})
	srv.Handle("ban_customer", func(ctx context.Context, r *rtmtest.Request) (any, error) {
		return nil, &rtmtest.Error{Type: "authorization", Message: "Agent is not allowed to perform action"}
	})

	ctx := context.Background()
	conn, err := rtm.Dial(ctx, srv.URL())
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	_ = conn.Call(ctx, "send_event", map[string]string{"chat_id": "PJ0MRSHTDG"}, nil)
	err = conn.Call(ctx, "ban_customer", nil, nil, rtm.WithAuthorID("agent@example.com"))
	fmt.Println(err)

	for _, r := range srv.Requests() {
		fmt.Printf("conn %d: %s %s %s author=%q\n", r.ConnID, r.RequestID, r.Action, r.Payload, r.AuthorID)
	}
	// Output:
	// rtm: ban_customer (request 2) rejected: authorization: Agent is not allowed to perform action
	// conn 1: 1 send_event {"chat_id":"PJ0MRSHTDG"} author=""
	// conn 1: 2 ban_customer {} author="agent@example.com"
}

// Pushes, slow answers and failures are scripted per connection.
func ExampleServerConn() {
	srv := rtmtest.NewServer()
	defer srv.Close()
	srv.Handle("get_chat", func(ctx context.Context, r *rtmtest.Request) (any, error) {
		select { // a slow server; ctx ends if the connection does
		case <-time.After(10 * time.Millisecond):
		case <-ctx.Done():
			return nil, rtmtest.ErrNoReply
		}
		return map[string]string{"id": "PJ0MRSHTDG"}, nil
	})
	srv.Handle("never_answered", func(ctx context.Context, r *rtmtest.Request) (any, error) {
		return nil, rtmtest.ErrNoReply
	})

	ctx := context.Background()
	conn, err := rtm.Dial(ctx, srv.URL()+"?license_id=123")
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	pushed := make(chan string, 1)
	conn.Handle("incoming_chat", func(ctx context.Context, p rtm.Push) { pushed <- string(p.Payload) })

	sc := srv.Conn(1)
	fmt.Println("license:", sc.Query().Get("license_id"))
	_ = sc.Push("incoming_chat", map[string]string{"id": "PJ0MRSHTDG"})
	fmt.Println("push:", <-pushed)
	fmt.Println("slow call:", conn.Call(ctx, "get_chat", nil, nil))

	done := make(chan error, 1)
	go func() { done <- conn.Call(ctx, "never_answered", nil, nil) }()
	_, _ = srv.WaitRequest(ctx, rtmtest.ActionIs("never_answered"))
	sc.Drop()
	fmt.Println("lost:", rtm.IsConnectionLost(<-done))
	// Output:
	// license: 123
	// push: {"id":"PJ0MRSHTDG"}
	// slow call: <nil>
	// lost: true
}
