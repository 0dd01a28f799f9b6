package readme

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	agent36 "github.com/rtmkit/livechat-rtm/gen/agent/v36"
	customer36 "github.com/rtmkit/livechat-rtm/gen/customer/v36"
	"github.com/rtmkit/livechat-rtm/rtm"
	"github.com/rtmkit/livechat-rtm/rtm/rtmtest"
)

// README: agent
// runAgent logs in as an agent (or bot) and says hello in a chat.
func runAgent(ctx context.Context, organizationID, token, chatID string) error {
	c, err := agent36.Dial(ctx, agent36.Config{OrganizationID: organizationID})
	if err != nil {
		return err
	}
	defer c.Close()

	c.OnIncomingEvent(func(ctx context.Context, p *agent36.IncomingEventPush) {
		if m, ok := p.Event.(*agent36.MessageEvent); ok {
			fmt.Printf("%s: %s\n", p.ChatID, rtm.Or(m.Text, ""))
		}
	})
	if _, err := c.Login(ctx, &agent36.LoginRequest{Token: "Bearer " + token}); err != nil {
		return err
	}
	_, err = c.SendEvent(ctx, &agent36.SendEventRequest{
		ChatID: chatID,
		Event:  &agent36.MessageEvent{Text: rtm.Ptr("Hello!"), Visibility: rtm.Ptr(agent36.VisibilityAll)},
	})
	var apiErr *rtm.Error
	if errors.As(err, &apiErr) && apiErr.Type == agent36.ErrorTypeNotFound {
		return fmt.Errorf("no chat %s: %w", chatID, err)
	}
	return err
}

// README: end

// README: customer
// runCustomer logs in as a customer and lists the customer's chats, page by page.
func runCustomer(ctx context.Context, organizationID, customerToken string) error {
	c, err := customer36.Dial(ctx, customer36.Config{OrganizationID: organizationID})
	if err != nil {
		return err
	}
	defer c.Close()

	if _, err := c.Login(ctx, &customer36.LoginRequest{Token: "Bearer " + customerToken}); err != nil {
		return err
	}
	for chat, err := range c.ListChatsAll(ctx, &customer36.ListChatsRequest{}) {
		if err != nil {
			return err
		}
		fmt.Println(chat.ID, "last thread started", time.Since(chat.LastThreadCreatedAt.Time()).Round(time.Minute), "ago")
	}
	return nil
}

// README: end

// README: test
// greeter is the bot under test: it answers every message.
func greeter(c *agent36.Client) {
	c.OnIncomingEvent(func(ctx context.Context, p *agent36.IncomingEventPush) {
		if _, ok := p.Event.(*agent36.MessageEvent); ok {
			c.SendEvent(ctx, &agent36.SendEventRequest{ChatID: p.ChatID, Event: &agent36.MessageEvent{Text: rtm.Ptr("Hi! How can I help?")}})
		}
	})
}

func TestGreeterAnswersMessages(t *testing.T) {
	// Every wait below ends by this deadline: a bot that never answers fails the test, it does
	// not hang it.
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()

	srv := rtmtest.New(t) // closed when the test ends
	srv.Handle(agent36.ActionSendEvent, func(ctx context.Context, r *rtmtest.Request) (any, error) {
		return &agent36.SendEventResponse{EventID: "E1"}, nil
	})
	c, err := agent36.Dial(ctx, agent36.Config{URL: srv.URL(), OrganizationID: "test"})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	greeter(c)

	sc, err := srv.WaitConn(ctx, 1) // the server's side of the connection
	if err != nil {
		t.Fatal(err)
	}
	sc.Push(agent36.PushIncomingEvent, &agent36.IncomingEventPush{ChatID: "C1", Event: &agent36.MessageEvent{Text: rtm.Ptr("hi")}})

	req, err := srv.WaitRequest(ctx, rtmtest.ActionIs(agent36.ActionSendEvent))
	if err != nil {
		t.Fatalf("the bot sent nothing: %v", err)
	}
	var sent agent36.SendEventRequest
	if err := json.Unmarshal(req.Payload, &sent); err != nil {
		t.Fatal(err)
	}
	if m, ok := sent.Event.(*agent36.MessageEvent); !ok || sent.ChatID != "C1" || rtm.Or(m.Text, "") == "" {
		t.Errorf("the bot sent %s", req.Payload)
	}
}

// README: end

// TestReadmeSnippets: every snippet of README.md named by a "<!-- snippet: name -->" line is
// the region of this file of that name, and every line of an "<!-- imports -->" block is an
// import of this file, so the README shows code that compiles and runs.
func TestReadmeSnippets(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("readme_test.go")
	if err != nil {
		t.Fatal(err)
	}
	regions := map[string]string{}
	for _, m := range regexp.MustCompile(`(?s)// README: (\w+)\n(.*?)\n// README: end\n`).FindAllStringSubmatch(string(src), -1) {
		regions[m[1]] = strings.TrimSpace(m[2])
	}
	snippets := regexp.MustCompile("(?s)<!-- snippet: (\\w+) -->\n```go\n(.*?)```").FindAllStringSubmatch(string(readme), -1)
	if len(snippets) == 0 {
		t.Fatal("README.md names no snippet")
	}
	for _, m := range regexp.MustCompile("(?s)<!-- imports -->\n```go\nimport \\(\n(.*?)\\)\n```").FindAllStringSubmatch(string(readme), -1) {
		for _, line := range strings.Split(strings.TrimSpace(m[1]), "\n") {
			if !strings.Contains(string(src), "\n\t"+strings.TrimSpace(line)+"\n") {
				t.Errorf("README import %q is not an import of readme_test.go", strings.TrimSpace(line))
			}
		}
	}
	seen := map[string]bool{}
	for _, m := range snippets {
		name, code := m[1], strings.TrimSpace(m[2])
		seen[name] = true
		want, ok := regions[name]
		if !ok {
			t.Errorf("README snippet %q: no region of that name in readme_test.go", name)
			continue
		}
		if code != want {
			t.Errorf("README snippet %q differs from its region in readme_test.go; copy the region into the README:\n%s", name, want)
		}
	}
	for name := range regions {
		if !seen[name] {
			t.Errorf("region %q of readme_test.go is in no README snippet", name)
		}
	}
}

// The quick starts compile here; they need a real LiveChat account to run.
var _ = []any{runAgent, runCustomer}
