package main

import (
	"context"
	"encoding/json"
	"sync/atomic"
	"time"

	v36 "github.com/rtmkit/livechat-rtm/gen/agent/v36"
	"github.com/rtmkit/livechat-rtm/rtm"
	"github.com/rtmkit/livechat-rtm/rtm/rtmtest"
)

const (
	// fakeCustomerID is the customer of the fake LiveChat's chats.
	fakeCustomerID = "b7eff798-f8df-4364-8059-649c35c9ed0c"
	// fakeToken is the only access token the fake LiveChat accepts.
	fakeToken = "demo-token"
)

// startFakeLiveChat starts an rtmtest server that answers like the Agent Chat RTM API v3.6
// with the samples of its documentation: login, start_chat (then an incoming_chat push),
// send_event (then the agent's own incoming_event, a customer typing, and the customer's
// answer), deactivate_chat and logout.
func startFakeLiveChat() *fakeLiveChat {
	srv := rtmtest.NewServer()
	f := &fakeLiveChat{Server: srv, pushes: make(chan func(), 64), done: make(chan struct{})}
	go f.sendPushes()
	var events atomic.Int64
	const chatID, threadID, agentID = "PJ0MRSHTDG", "K600PKZON8", "agentbot@example.com"

	// later queues pushes to the caller's connection, sent shortly after the response, in order.
	later := func(ctx context.Context, pushes ...func(*rtmtest.ServerConn)) {
		sc := rtmtest.ConnFromContext(ctx)
		for _, p := range pushes {
			f.pushes <- func() { p(sc) }
		}
	}
	now := func() rtm.Time { return rtm.TimeOf(time.Now()) }

	srv.Handle(v36.ActionLogin, func(ctx context.Context, r *rtmtest.Request) (any, error) {
		var req v36.LoginRequest
		if err := json.Unmarshal(r.Payload, &req); err != nil || req.Token != fakeToken {
			return nil, &rtmtest.Error{Type: v36.ErrorTypeAuthentication, Message: "Invalid access token"}
		}
		return json.RawMessage(`{
			"license": {"id": "104130623", "organization_id": "demo-organization", "plan": "enterprise",
				"expiration_timestamp": 1483433500, "creation_timestamp": 1482433500, "in_trial": true},
			"my_profile": {"id": "agentbot@example.com", "name": "Agent Bot", "routing_status": "accepting_chats"},
			"chats_summary": []
		}`), nil
	})
	srv.Handle(v36.ActionStartChat, func(ctx context.Context, r *rtmtest.Request) (any, error) {
		later(ctx, func(sc *rtmtest.ServerConn) {
			sc.Push(v36.PushIncomingChat, &v36.IncomingChatPush{
				RequesterID: agentID,
				Chat: v36.Chat{ID: chatID, Users: []v36.User{
					&v36.Customer{ID: fakeCustomerID, Name: rtm.Ptr("Jane Customer")},
					&v36.Agent{ID: agentID, Name: rtm.Ptr("Agent Bot")},
				}},
			})
		})
		return &v36.StartChatResponse{ChatID: chatID, ThreadID: threadID}, nil
	})
	srv.Handle(v36.ActionSendEvent, func(ctx context.Context, r *rtmtest.Request) (any, error) {
		var req v36.SendEventRequest
		if err := json.Unmarshal(r.Payload, &req); err != nil {
			return nil, &rtmtest.Error{Type: v36.ErrorTypeValidation, Message: err.Error()}
		}
		msg, ok := req.Event.(*v36.MessageEvent)
		if !ok {
			return nil, &rtmtest.Error{Type: v36.ErrorTypeValidation, Message: "the fake only takes messages"}
		}
		id := threadID + "_" + string(rune('0'+events.Add(1)))
		later(ctx,
			func(sc *rtmtest.ServerConn) { // the agent's own message, as every chat user sees it
				sc.Push(v36.PushIncomingEvent, &v36.IncomingEventPush{ChatID: req.ChatID, ThreadID: threadID,
					Event: &v36.MessageEvent{ID: rtm.Ptr(id), CreatedAt: rtm.Ptr(now()), AuthorID: rtm.Ptr(agentID), Text: msg.Text}})
			},
			func(sc *rtmtest.ServerConn) {
				sc.Push(v36.PushIncomingTypingIndicator, &v36.IncomingTypingIndicatorPush{ChatID: req.ChatID, ThreadID: threadID,
					TypingIndicator: v36.TypingIndicator{AuthorID: fakeCustomerID, Visibility: "all", Timestamp: int(time.Now().Unix()), IsTyping: true}})
			},
			func(sc *rtmtest.ServerConn) {
				sc.Push(v36.PushIncomingEvent, &v36.IncomingEventPush{ChatID: req.ChatID, ThreadID: threadID,
					Event: &v36.MessageEvent{ID: rtm.Ptr(threadID + "_99"), CreatedAt: rtm.Ptr(now()), AuthorID: rtm.Ptr(fakeCustomerID), Text: rtm.Ptr("Thanks, that answers my question!")}})
			},
		)
		return &v36.SendEventResponse{EventID: id}, nil
	})
	srv.Handle(v36.ActionDeactivateChat, func(ctx context.Context, r *rtmtest.Request) (any, error) {
		later(ctx, func(sc *rtmtest.ServerConn) {
			sc.Push(v36.PushChatDeactivated, &v36.ChatDeactivatedPush{ChatID: chatID, ThreadID: threadID, UserID: rtm.Ptr(agentID)})
		})
		return struct{}{}, nil
	})
	srv.Handle(v36.ActionLogout, func(context.Context, *rtmtest.Request) (any, error) { return struct{}{}, nil })
	return f
}

// fakeLiveChat is the scripted server and the goroutine sending its pushes.
type fakeLiveChat struct {
	*rtmtest.Server
	pushes chan func()
	done   chan struct{}
}

// sendPushes sends the queued pushes one by one, a little after the response that caused
// them, until Close.
func (f *fakeLiveChat) sendPushes() {
	for {
		select {
		case p := <-f.pushes:
			time.Sleep(10 * time.Millisecond)
			p()
		case <-f.done:
			return
		}
	}
}

// Close stops the server.
func (f *fakeLiveChat) Close() {
	close(f.done)
	f.Server.Close()
}
