// Package bot is the agent side of the examples: a small LiveChat agent bot on the generated
// Agent Chat RTM API v3.6 client. It logs in, waits for a customer to write in a chat, answers,
// waits for the customer's reply, closes the chat, and prints every typed push it receives.
//
// examples/agentbot runs it alone (against the real API with a token, or against the embedded
// fake LiveChat, which then plays the customer); examples/demo runs it next to the customer
// example through one fake, so that what one side sends arrives as a push at the other.
package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	v36 "github.com/rtmkit/livechat-rtm/gen/agent/v36"
	"github.com/rtmkit/livechat-rtm/rtm"
)

// Config is what Run needs.
type Config struct {
	Dial   v36.Config    // where to connect (URL, OrganizationID)
	Token  string        // the agent's access token
	Wait   time.Duration // how long to wait for a customer's message, then for the reply
	Out    io.Writer     // what the bot says; written from several goroutines, one line at a time
	Logger *slog.Logger  // the transport's lifecycle; nil for none
	// Ready, if set, is called once the bot is logged in (the demo starts the customer then).
	Ready func()
}

// Answer is what the bot answers to a customer's first message.
const Answer = "Hello! I am agentbot. Your order ships today."

// message is a customer's message in a chat.
type message struct {
	chatID, text string
}

// Run is the whole bot.
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

	// Register the push handlers before the first call, so that no push is missed. They run on
	// the connection's dispatch goroutine, concurrently with Run.
	var mu sync.Mutex
	customers := map[string]bool{} // the customers of the chats the bot is in, by user ID
	fromCustomers := make(chan message, 16)
	c.OnIncomingChat(func(_ context.Context, p *v36.IncomingChatPush) {
		fmt.Fprintf(out, "push incoming_chat: chat %s with %d users\n", p.Chat.ID, len(p.Chat.Users))
		mu.Lock()
		defer mu.Unlock()
		for _, u := range p.Chat.Users {
			if cu, ok := u.(*v36.Customer); ok {
				customers[cu.ID] = true
			}
		}
	})
	c.OnIncomingEvent(func(_ context.Context, p *v36.IncomingEventPush) {
		switch ev := p.Event.(type) {
		case *v36.MessageEvent:
			author := orDefault(ev.AuthorID, "")
			fmt.Fprintf(out, "push incoming_event: message in chat %s from %s: %q\n", p.ChatID, author, orDefault(ev.Text, ""))
			mu.Lock()
			isCustomer := customers[author]
			mu.Unlock()
			if isCustomer {
				select {
				case fromCustomers <- message{chatID: p.ChatID, text: orDefault(ev.Text, "")}:
				default: // the bot reads two messages; more are printed only
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
	})
	c.OnUnhandledPush(func(_ context.Context, p rtm.Push) {
		fmt.Fprintf(out, "push %s (no typed handler registered)\n", p.Action)
	})

	login, err := c.Login(ctx, &v36.LoginRequest{
		Token:       cfg.Token,
		Application: &v36.LoginRequestApplication{Name: rtm.Ptr("agentbot"), Version: rtm.Ptr("1.0")},
	})
	if err != nil {
		return fmt.Errorf("login: %w", err) // an *rtm.Error: its Type says why (authentication, ...)
	}
	fmt.Fprintf(out, "logged in: license %s (%s plan); waiting for a customer to write\n", login.License.ID, login.License.Plan)
	if cfg.Ready != nil {
		cfg.Ready()
	}

	var first message
	select {
	case first = <-fromCustomers:
	case <-time.After(cfg.Wait):
		fmt.Fprintf(out, "no customer wrote within %v; leaving\n", cfg.Wait)
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
	sent, err := c.SendEvent(ctx, &v36.SendEventRequest{
		ChatID: first.chatID,
		Event:  &v36.MessageEvent{Text: rtm.Ptr(Answer)},
	})
	if err != nil {
		return fmt.Errorf("send event: %w", err)
	}
	fmt.Fprintf(out, "answered in chat %s: event %s\n", first.chatID, sent.EventID)

	select {
	case reply := <-fromCustomers:
		fmt.Fprintf(out, "the customer replied: %q\n", reply.text)
	case <-time.After(cfg.Wait):
		fmt.Fprintln(out, "no reply yet; leaving")
	case <-ctx.Done():
		return ctx.Err()
	}
	if err := c.DeactivateChat(ctx, &v36.DeactivateChatRequest{ID: first.chatID}); err != nil {
		var apiErr *rtm.Error
		if !errors.As(err, &apiErr) {
			return fmt.Errorf("deactivate chat: %w", err)
		}
		fmt.Fprintf(out, "could not deactivate the chat: %s\n", apiErr.Type)
	} else {
		fmt.Fprintf(out, "deactivated chat %s\n", first.chatID)
	}
	stats := c.Conn().Stats()
	fmt.Fprintf(out, "done: %d calls, %d pushes received\n", stats.Calls, stats.Pushes)
	return nil
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

// orDefault returns *p, or def when p is nil (an optional field the server left out).
func orDefault(p *string, def string) string {
	if p == nil {
		return def
	}
	return *p
}
