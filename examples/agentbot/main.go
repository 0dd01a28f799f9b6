// Command agentbot is a small LiveChat agent bot built on the generated Agent API v3.6 client:
// it logs in, starts a chat, sends a message, prints the typed pushes it receives, and stops
// when a customer answers (or after -wait).
//
// Without LIVECHAT_TOKEN it talks to an embedded fake LiveChat (an rtmtest server scripted
// like the real one), so it runs anywhere: `make demo`. With a token it talks to the real API:
//
//	LIVECHAT_TOKEN='dal:...' LIVECHAT_ORGANIZATION_ID=... go run ./examples/agentbot
//
// Optional: LIVECHAT_CUSTOMER_ID, the customer to start the chat with (the real API wants one),
// and LIVECHAT_URL, an endpoint to use instead of the default one.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sync"
	"time"

	v36 "github.com/rtmkit/livechat-rtm/gen/agent/v36"
	"github.com/rtmkit/livechat-rtm/rtm"
)

func main() {
	wait := flag.Duration("wait", 30*time.Second, "how long to wait for a customer's answer")
	verbose := flag.Bool("v", false, "log the transport's lifecycle to stderr")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	logger := slog.New(slog.DiscardHandler)
	if *verbose {
		logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	if err := run(ctx, os.Stdout, os.Getenv, *wait, logger); err != nil {
		fmt.Fprintln(os.Stderr, "agentbot:", err)
		os.Exit(1)
	}
}

// run is the whole bot; env reads the configuration (os.Getenv, or a map in tests).
func run(ctx context.Context, w io.Writer, env func(string) string, wait time.Duration, logger *slog.Logger) error {
	// Push handlers run on the connection's dispatch goroutine, concurrently with this one.
	out := &lockedWriter{w: w}
	cfg := v36.Config{URL: env("LIVECHAT_URL"), OrganizationID: env("LIVECHAT_ORGANIZATION_ID")}
	token := env("LIVECHAT_TOKEN")
	customerID := env("LIVECHAT_CUSTOMER_ID")
	if token == "" {
		fake := startFakeLiveChat()
		defer fake.Close()
		cfg = v36.Config{URL: fake.URL(), OrganizationID: "demo-organization"}
		token, customerID = fakeToken, fakeCustomerID
		fmt.Fprintf(out, "no LIVECHAT_TOKEN: talking to the embedded fake LiveChat at %s\n", fake.URL())
	}

	// Register the push handlers before the first login, so that no push is missed; log in at
	// Dial and again after every reconnection (reconnection is on by default).
	answered := make(chan struct{})
	var once sync.Once
	cfg.Register = func(c *v36.Client) {
		c.OnIncomingChat(func(_ context.Context, p *v36.IncomingChatPush) {
			fmt.Fprintf(out, "push incoming_chat: chat %s with %d users\n", p.Chat.ID, len(p.Chat.Users))
		})
		c.OnIncomingEvent(func(_ context.Context, p *v36.IncomingEventPush) {
			switch ev := p.Event.(type) {
			case *v36.MessageEvent:
				author := ""
				if ev.AuthorID != nil {
					author = *ev.AuthorID
				}
				fmt.Fprintf(out, "push incoming_event: message in chat %s from %s: %q\n", p.ChatID, author, ev.Text)
				if author == customerID {
					once.Do(func() { close(answered) })
				}
			case *v36.UnknownEvent:
				fmt.Fprintf(out, "push incoming_event: an event of a kind this SDK does not know: %s\n", ev.Kind)
			default:
				fmt.Fprintf(out, "push incoming_event: %T in chat %s\n", ev, p.ChatID)
			}
		})
		c.OnIncomingTypingIndicator(func(_ context.Context, p *v36.IncomingTypingIndicatorPush) {
			fmt.Fprintf(out, "push incoming_typing_indicator: chat %s, typing=%v\n", p.ChatID, p.TypingIndicator.IsTyping)
		})
		c.OnUnhandledPush(func(_ context.Context, p rtm.Push) {
			fmt.Fprintf(out, "push %s (no typed handler registered)\n", p.Action)
		})
	}
	cfg.Login = func(context.Context) (*v36.LoginRequest, error) {
		// A program whose token expires refreshes it here: this runs before every login.
		return &v36.LoginRequest{
			Token:       token,
			Application: &v36.LoginRequestApplication{Name: rtm.Ptr("agentbot"), Version: rtm.Ptr("1.0")},
		}, nil
	}
	cfg.LoggedIn = func(_ context.Context, _ *v36.Client, login *v36.LoginResponse) error {
		fmt.Fprintf(out, "logged in: license %s (%s plan), %d chats\n", login.License.ID, login.License.Plan, len(login.ChatsSummary))
		return nil
	}

	c, err := v36.Dial(ctx, cfg, rtm.WithLogger(logger))
	if rtm.ErrorType(err) != "" {
		return fmt.Errorf("login: %w", err) // an *rtm.Error: its Type says why (authentication, ...)
	}
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer c.Close()

	req := &v36.StartChatRequest{Chat: &v36.StartChatRequestChat{}}
	if customerID != "" {
		req.Chat.Users = []v36.StartChatRequestChatUsers{{ID: customerID, Type: "customer"}}
	}
	chat, err := c.StartChat(ctx, req)
	if err != nil {
		return fmt.Errorf("start chat: %w", err)
	}
	fmt.Fprintf(out, "started chat %s (thread %s)\n", chat.ChatID, chat.ThreadID)

	sent, err := c.SendEvent(ctx, &v36.SendEventRequest{
		ChatID: chat.ChatID,
		Event:  &v36.MessageEvent{Text: "Hello! I am agentbot. How can I help?"},
	})
	if err != nil {
		return fmt.Errorf("send event: %w", err)
	}
	fmt.Fprintf(out, "sent event %s\n", sent.EventID)

	select {
	case <-answered:
	case <-time.After(wait):
		fmt.Fprintln(out, "no answer yet; leaving")
	case <-ctx.Done():
		return ctx.Err()
	}
	if err := c.DeactivateChat(ctx, &v36.DeactivateChatRequest{ID: chat.ChatID}); err != nil {
		var apiErr *rtm.Error
		if !errors.As(err, &apiErr) {
			return fmt.Errorf("deactivate chat: %w", err)
		}
		fmt.Fprintf(out, "could not deactivate the chat: %s\n", apiErr.Type)
	} else {
		fmt.Fprintf(out, "deactivated chat %s\n", chat.ChatID)
	}
	stats := c.Conn().Stats()
	fmt.Fprintf(out, "done: %d calls, %d pushes received\n", stats.Calls, stats.Pushes)
	return nil
}

// lockedWriter serialises writes from the push handlers and the main flow.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
