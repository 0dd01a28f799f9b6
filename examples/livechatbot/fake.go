package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/rtmkit/livechat-rtm/web/webtest"
)

// The demo's account, application and secrets: nothing here reaches LiveChat.
const (
	demoAccount       = "b7eff798-f8df-4364-8059-649c35c9ed0c"
	demoPAT           = "dal:demo-personal-access-token"
	demoClient        = "0805e283233042b37f460ed8fbf22160"
	demoOrganization  = "390e44e6-f1e6-0368c-z6ddb-74g14508c2ex"
	demoWebhookSecret = "demo-webhook-secret"
	demoBotID         = "5c9871d5372c824cbf22d860a707a578"
	demoBotSecret     = "641e2ae6d997d2009a3ac92a05f37fc3"
	demoCustomer      = "b7eff798-f8df-4364-8059-649c35c9ed0c"
)

// fakes are a Configuration API and an Agent Web API that accepts the bot's current token.
type fakes struct {
	conf, agent *webtest.Server
	mu          sync.Mutex
	issued      int
}

func startFakes() *fakes {
	f := &fakes{conf: webtest.NewServer(), agent: webtest.NewServer()}
	f.agent.RequireAuthorization("Bearer none-yet")
	f.conf.Handle("create_bot", webtest.Reply(map[string]string{"id": demoBotID, "secret": demoBotSecret}))
	f.conf.Handle("register_webhook", func(_ context.Context, r *webtest.Request) (any, error) {
		var req struct{ Action, URL string }
		if err := json.Unmarshal(r.Body, &req); err != nil || req.Action != "incoming_event" || req.URL == "" {
			return nil, &webtest.Error{Status: 400, Type: "validation", Message: "action and url are required"}
		}
		return map[string]string{"id": "pqi8oasdjahuakndw9nsad9na"}, nil
	})
	f.conf.Handle("issue_bot_token", func(_ context.Context, r *webtest.Request) (any, error) {
		var req struct {
			BotID     string `json:"bot_id"`
			BotSecret string `json:"bot_secret"`
		}
		if err := json.Unmarshal(r.Body, &req); err != nil || req.BotID != demoBotID || req.BotSecret != demoBotSecret {
			return nil, &webtest.Error{Status: 401, Type: "authentication", Message: "Invalid bot credentials"}
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		f.issued++
		tok := fmt.Sprintf("dal:bot-token-%d", f.issued)
		f.agent.RequireAuthorization("Bearer " + tok)
		return map[string]string{"token": tok}, nil
	})
	f.agent.Handle("send_event", func(_ context.Context, r *webtest.Request) (any, error) {
		return map[string]string{"event_id": fmt.Sprintf("K600PKZON8_%d", len(f.agent.Requests()))}, nil
	})
	return f
}

// expireToken makes the Agent API refuse the current bot token (as at the end of its 24
// hours), accepting only the next one issued.
func (f *fakes) expireToken() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.agent.RequireAuthorization("Bearer expired")
}

func (f *fakes) Close() { f.conf.Close(); f.agent.Close() }

// incomingEvent is the docs' incoming_event sample webhook, with a customer's message.
const incomingEvent = `{
  "webhook_id": "f9c0d9f2-8c1b-4b5e-9d3a-3c7d5b1c0a11",
  "secret_key": "SECRET",
  "action": "incoming_event",
  "organization_id": "390e44e6-f1e6-0368c-z6ddb-74g14508c2ex",
  "payload": {
    "chat_id": "PJ0MRSHTDG",
    "thread_id": "K600PKZON8",
    "event": {"id": "EVENT_ID", "created_at": "2019-12-17T07:57:41.512000Z", "visibility": "all", "type": "message", "text": "TEXT", "author_id": "AUTHOR"}
  }
}`

func incoming(eventID, text string) string {
	return strings.NewReplacer("SECRET", demoWebhookSecret, "EVENT_ID", eventID, "AUTHOR", demoCustomer, "TEXT", text).Replace(incomingEvent)
}
