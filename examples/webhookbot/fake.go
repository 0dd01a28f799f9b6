package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/rtmkit/livechat-rtm/web/webtest"
)

// The demo's credentials, bot and secret: nothing here reaches LiveChat.
const (
	demoAccount = "b7eff798-f8df-4364-8059-649c35c9ed0c"
	demoPAT     = "dal:demo-personal-access-token"
	demoSecret  = "demo-webhook-secret"
	demoBot     = "bot@example.com"
)

// startFake starts a fake Web API that accepts the demo's token and numbers the events sent.
func startFake() *webtest.Server {
	srv := webtest.NewServer()
	srv.RequireAuthorization("Basic " + base64.StdEncoding.EncodeToString([]byte(demoAccount+":"+demoPAT)))
	var n atomic.Int32
	srv.Handle("send_event", func(_ context.Context, r *webtest.Request) (any, error) {
		var req struct {
			ChatID string `json:"chat_id"`
		}
		if err := json.Unmarshal(r.Body, &req); err != nil || req.ChatID == "" {
			return nil, &webtest.Error{Status: 400, Type: "validation", Message: "chat_id is required"}
		}
		return map[string]string{"event_id": fmt.Sprintf("K600PKZON8_%d", 100+n.Add(1))}, nil
	})
	return srv
}

// sample is a webhook body to post.
type sample struct{ name, body string }

// incomingEvent is the docs' incoming_event sample webhook, with a message event.
const incomingEvent = `{
  "webhook_id": "f9c0d9f2-8c1b-4b5e-9d3a-3c7d5b1c0a11",
  "secret_key": "SECRET",
  "action": "incoming_event",
  "organization_id": "390e44e6-f1e6-0368c-z6ddb-74g14508c2ex",
  "payload": {
    "chat_id": "PJ0MRSHTDG",
    "thread_id": "K600PKZON8",
    "event": {"id": "EVENT_ID", "created_at": "2019-12-17T07:57:41.512000Z", "visibility": "all", "type": "message", "text": "TEXT", "author_id": "AUTHOR"}
  },
  "additional_data": {"chat_presence_user_ids": ["b7eff798-f8df-4364-8059-649c35c9ed0c", "bot@example.com"]}
}`

func incoming(eventID, author, text, secret string) string {
	return strings.NewReplacer("SECRET", secret, "EVENT_ID", eventID, "AUTHOR", author, "TEXT", text).Replace(incomingEvent)
}

// demoWebhooks are the webhooks the demo posts: a customer's message (answered), the same
// webhook delivered again (not answered twice), the bot's own answer coming back (ignored), a
// webhook with a wrong secret (refused, 401), and another action (ignored).
func demoWebhooks() []sample {
	return []sample{
		{"a customer's message", incoming("Q20N9CKRX2_1", "b7eff798-f8df-4364-8059-649c35c9ed0c", "Hello, is anybody there?", demoSecret)},
		{"the same webhook again", incoming("Q20N9CKRX2_1", "b7eff798-f8df-4364-8059-649c35c9ed0c", "Hello, is anybody there?", demoSecret)},
		{"the bot's own message", incoming("Q20N9CKRX2_2", demoBot, "Thanks for your message!", demoSecret)},
		{"a forged webhook", incoming("Q20N9CKRX2_3", "b7eff798-f8df-4364-8059-649c35c9ed0c", "forged", "not-the-secret")},
		{"a thread_tagged webhook", `{"webhook_id": "w2", "secret_key": "` + demoSecret + `", "action": "thread_tagged", "organization_id": "o", "payload": {"chat_id": "PJ0MRSHTDG", "thread_id": "K600PKZON8", "tag": "bug_report"}}`},
	}
}
