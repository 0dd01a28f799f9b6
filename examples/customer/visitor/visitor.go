// Package visitor is the customer side of the examples: a program that chats with a LiveChat
// license as a customer (a website visitor), on the generated Customer Chat RTM API v3.6 client.
// It logs in, starts a chat, asks a question, prints the agent's answer and every typed push it
// receives, thanks the agent, and waits for the chat to be closed.
//
// examples/customer runs it alone (against the real API with a customer token, or against the
// embedded fake LiveChat, which then plays the agent); examples/demo runs it next to the agent
// bot through one fake.
package visitor

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	v36 "github.com/rtmkit/livechat-rtm/gen/customer/v36"
	"github.com/rtmkit/livechat-rtm/rtm"
)

// What the customer writes.
const (
	Question = "Hi! Where is my order #1234?"
	Thanks   = "Thanks, that answers my question!"
)

// Config is what Run needs.
type Config struct {
	Dial   v36.Config    // where to connect (URL, OrganizationID)
	Token  string        // the customer's access token
	Wait   time.Duration // how long to wait for the agent's answer, then for the chat to close
	Out    io.Writer     // what the customer sees; written from several goroutines, one line at a time
	Logger *slog.Logger  // the transport's lifecycle; nil for none
}

// Run is the whole customer.
func Run(ctx context.Context, cfg Config) error {
	out := &lineWriter{w: cfg.Out}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	c, err := v36.Dial(ctx, cfg.Dial, rtm.WithLogger(logger))
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer c.Close()

	// The push handlers run on the connection's dispatch goroutine; register them before the
	// first call, so that no push is missed.
	var (
		mu     sync.Mutex
		me     string // the customer's own ID, known after login
		chatID string // the chat this customer started
	)
	answers := make(chan string, 16) // the agents' messages in the chat
	closed := make(chan struct{}, 1) // the chat was deactivated
	c.OnIncomingChat(func(_ context.Context, p *v36.IncomingChatPush) {
		fmt.Fprintf(out, "push incoming_chat: chat %s with %d users\n", p.Chat.ID, len(p.Chat.Users))
	})
	c.OnIncomingEvent(func(_ context.Context, p *v36.IncomingEventPush) {
		switch ev := p.Event.(type) {
		case *v36.MessageEvent:
			author := orDefault(ev.AuthorID, "")
			fmt.Fprintf(out, "push incoming_event: message in chat %s from %s: %q\n", p.ChatID, author, ev.Text)
			mu.Lock()
			fromOther := author != me && p.ChatID == chatID
			mu.Unlock()
			if fromOther {
				select {
				case answers <- ev.Text:
				default:
				}
			}
		case *v36.UnknownEvent:
			fmt.Fprintf(out, "push incoming_event: an event of a kind this SDK does not know: %s\n", ev.Kind)
		default:
			fmt.Fprintf(out, "push incoming_event: %T in chat %s\n", ev, p.ChatID)
		}
	})
	c.OnIncomingTypingIndicator(func(_ context.Context, p *v36.IncomingTypingIndicatorPush) {
		fmt.Fprintf(out, "push incoming_typing_indicator: chat %s, %s typing=%v\n", p.ChatID, p.TypingIndicator.AuthorID, p.TypingIndicator.IsTyping)
	})
	c.OnChatDeactivated(func(_ context.Context, p *v36.ChatDeactivatedPush) {
		fmt.Fprintf(out, "push chat_deactivated: chat %s closed by %s\n", p.ChatID, orDefault(p.UserID, "the router"))
		mu.Lock()
		mine := p.ChatID == chatID
		mu.Unlock()
		if mine {
			select {
			case closed <- struct{}{}:
			default:
			}
		}
	})
	c.OnUnhandledPush(func(_ context.Context, p rtm.Push) {
		fmt.Fprintf(out, "push %s (no typed handler registered)\n", p.Action)
	})

	login, err := c.Login(ctx, &v36.LoginRequest{Token: cfg.Token})
	if err != nil {
		return fmt.Errorf("login: %w", err) // an *rtm.Error: its Type says why (authentication, ...)
	}
	mu.Lock()
	me = login.Customer.ID
	mu.Unlock()
	fmt.Fprintf(out, "logged in as customer %s\n", login.Customer.ID)

	chat, err := c.StartChat(ctx, &v36.StartChatRequest{})
	if err != nil {
		return fmt.Errorf("start chat: %w", err)
	}
	mu.Lock()
	chatID = chat.ChatID
	mu.Unlock()
	fmt.Fprintf(out, "started chat %s (thread %s)\n", chat.ChatID, chat.ThreadID)

	if _, err := c.SendEvent(ctx, &v36.SendEventRequest{ChatID: chat.ChatID, Event: &v36.MessageEvent{Text: Question}}); err != nil {
		return fmt.Errorf("send event: %w", err)
	}
	fmt.Fprintf(out, "asked: %q\n", Question)

	select {
	case answer := <-answers:
		fmt.Fprintf(out, "the agent answered: %q\n", answer)
	case <-time.After(cfg.Wait):
		fmt.Fprintf(out, "no agent answered within %v; leaving\n", cfg.Wait)
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
	if _, err := c.SendEvent(ctx, &v36.SendEventRequest{ChatID: chat.ChatID, Event: &v36.MessageEvent{Text: Thanks}}); err != nil {
		return fmt.Errorf("send event: %w", err)
	}
	fmt.Fprintf(out, "replied: %q\n", Thanks)

	select {
	case <-closed:
		fmt.Fprintf(out, "the agent closed chat %s\n", chat.ChatID)
	case <-time.After(cfg.Wait):
		fmt.Fprintln(out, "the chat is still open; leaving")
	case <-ctx.Done():
		return ctx.Err()
	}
	stats := c.Conn().Stats()
	fmt.Fprintf(out, "done: %d calls, %d pushes received\n", stats.Calls, stats.Pushes)
	return nil
}

// orDefault returns *p, or def when p is nil (an optional field the server left out).
func orDefault(p *string, def string) string {
	if p == nil {
		return def
	}
	return *p
}

// lineWriter serialises the writes of the push handlers and of Run.
type lineWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lineWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
