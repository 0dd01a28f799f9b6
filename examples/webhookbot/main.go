// Command webhookbot answers customers from webhooks: LiveChat POSTs an incoming_event
// webhook for each event of a chat; the bot answers every customer message through the Agent
// Chat Web API v3.6 (one HTTPS request, no websocket to keep open). It is the shape of a bot
// that runs as a plain HTTP service or a serverless function.
//
// Without LIVECHAT_PAT it runs a demo against in-process fakes: a fake Web API (web/webtest)
// and its own receiver on a loopback port, to which it posts the docs' sample webhooks; it
// prints what it answered and exits:
//
//	go run ./examples/webhookbot
//
// With LIVECHAT_WEBHOOK_SECRET (the secret key of the webhook registration),
// LIVECHAT_ACCOUNT_ID and LIVECHAT_PAT (a personal access token of the bot's agent) it serves
// webhooks on LISTEN (default 127.0.0.1:8080, path /webhook) until interrupted. BOT_AGENT_ID
// is the bot's own user ID, whose messages it does not answer; LIVECHAT_WEB_URL overrides the
// Web API endpoint. post-sample.sh posts a sample webhook to a running bot.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"time"

	v36 "github.com/rtmkit/livechat-rtm/gen/agent/v36"
	"github.com/rtmkit/livechat-rtm/rtm"
	"github.com/rtmkit/livechat-rtm/web"
	"github.com/rtmkit/livechat-rtm/webhook"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if err := run(ctx, os.Stdout, os.Getenv, log); err != nil {
		fmt.Fprintln(os.Stderr, "webhookbot:", err)
		os.Exit(1)
	}
}

// Replier sends the bot's answers: *v36.WebClient (or *v36.Client, over RTM).
type Replier interface {
	SendEvent(ctx context.Context, req *v36.SendEventRequest, opts ...rtm.CallOption) (*v36.SendEventResponse, error)
}

// Bot answers customer messages. It is safe for concurrent webhooks.
type Bot struct {
	replier Replier
	self    string // the bot's user ID: its own messages are not answered
	out     io.Writer
	log     *slog.Logger

	mu       sync.Mutex
	answered map[string]bool // event IDs answered, so that a webhook delivered twice is answered once
	order    []string
}

// maxRemembered bounds the event IDs the bot remembers.
const maxRemembered = 10000

// NewBot returns a bot answering through r.
func NewBot(r Replier, self string, out io.Writer, log *slog.Logger) *Bot {
	return &Bot{replier: r, self: self, out: out, log: log, answered: map[string]bool{}}
}

// Register registers the bot's handlers on a webhook receiver.
func (b *Bot) Register(r *v36.WebhookReceiver) {
	r.OnIncomingEvent(b.onIncomingEvent)
	r.OnUnhandledWebhook(func(_ context.Context, w *webhook.Webhook) error {
		b.log.Info("webhook ignored", "action", w.Action, "webhook_id", w.WebhookID)
		return nil
	})
}

// onIncomingEvent answers a customer's message. Its error becomes a 500, so that LiveChat
// delivers the webhook again; a webhook already answered is not answered twice.
func (b *Bot) onIncomingEvent(ctx context.Context, w *v36.IncomingEventWebhook) error {
	msg, ok := w.Payload.Event.(*v36.MessageEvent)
	if !ok {
		return nil // files, system messages, rich messages...: nothing to answer
	}
	author := ""
	if msg.AuthorID != nil {
		author = *msg.AuthorID
	}
	if author == "" || author == b.self {
		return nil // the bot's own messages come back as webhooks too
	}
	id := w.Payload.ChatID + "/" + w.Payload.ThreadID + "/"
	if msg.ID != nil {
		id += *msg.ID
	}
	if !b.claim(id) {
		return nil
	}
	text := ""
	if msg.Text != nil {
		text = *msg.Text
	}
	reply := "Thanks for your message! An agent will be with you shortly. You wrote: " + quote(text)
	sent, err := b.replier.SendEvent(ctx, &v36.SendEventRequest{ChatID: w.Payload.ChatID, Event: &v36.MessageEvent{Text: rtm.Ptr(reply)}})
	if err != nil {
		b.release(id)
		return fmt.Errorf("answer chat %s: %w", w.Payload.ChatID, err)
	}
	fmt.Fprintf(b.out, "answered %s in chat %s with event %s\n", author, w.Payload.ChatID, sent.EventID)
	return nil
}

// claim marks an event as being answered; it reports false when it already was.
func (b *Bot) claim(id string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.answered[id] {
		return false
	}
	b.answered[id] = true
	b.order = append(b.order, id)
	if len(b.order) > maxRemembered {
		delete(b.answered, b.order[0])
		b.order = b.order[1:]
	}
	return true
}

// release forgets an event whose answer failed, so that the redelivery answers it.
func (b *Bot) release(id string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.answered, id)
}

func quote(s string) string {
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	return "“" + s + "”"
}

// run serves webhooks with LiveChat's credentials, or runs the demo without them.
func run(ctx context.Context, out io.Writer, getenv func(string) string, log *slog.Logger) error {
	if getenv("LIVECHAT_PAT") == "" {
		return demo(ctx, out, log)
	}
	secret := getenv("LIVECHAT_WEBHOOK_SECRET")
	if secret == "" {
		return errors.New("LIVECHAT_WEBHOOK_SECRET is required: the secret key of the webhook registration")
	}
	c, err := v36.NewWebClient(v36.WebConfig{URL: getenv("LIVECHAT_WEB_URL"), Credentials: web.PersonalAccessToken(getenv("LIVECHAT_ACCOUNT_ID"), getenv("LIVECHAT_PAT"))}, web.WithLogger(log))
	if err != nil {
		return err
	}
	r, err := v36.NewWebhookReceiver(webhook.Config{Secret: webhook.SecretKey(secret), Logger: log})
	if err != nil {
		return err
	}
	NewBot(c, getenv("BOT_AGENT_ID"), out, log).Register(r)
	addr := getenv("LISTEN")
	if addr == "" {
		addr = "127.0.0.1:8080"
	}
	mux := http.NewServeMux()
	mux.Handle("/webhook", r)
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	fmt.Fprintf(out, "serving webhooks on http://%s/webhook\n", addr)
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// demo runs the bot against the fake Web API and posts the sample webhooks to it.
func demo(ctx context.Context, out io.Writer, log *slog.Logger) error {
	fake := startFake()
	defer fake.Close()
	fmt.Fprintln(out, "using the in-process fake Web API (set LIVECHAT_PAT to use LiveChat)")
	c, err := v36.NewWebClient(v36.WebConfig{URL: fake.URL() + "/v3.6/agent", Credentials: web.PersonalAccessToken(demoAccount, demoPAT)}, web.WithLogger(log))
	if err != nil {
		return err
	}
	defer c.Web().CloseIdleConnections()
	r, err := v36.NewWebhookReceiver(webhook.Config{Secret: webhook.SecretKey(demoSecret), Logger: log})
	if err != nil {
		return err
	}
	NewBot(c, demoBot, out, log).Register(r)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: r, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	url := "http://" + ln.Addr().String() + "/webhook"
	fmt.Fprintf(out, "receiving webhooks on %s\n", url)
	for _, s := range demoWebhooks() {
		status, err := Post(ctx, url, s.body)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "posted %s: HTTP %d\n", s.name, status)
	}
	fmt.Fprintln(out, "the fake Web API received:")
	for _, req := range fake.Requests() {
		fmt.Fprintf(out, "  %s %s %s\n", req.Method, req.Path, req.Body)
	}
	return nil
}

// Post posts a webhook body as LiveChat does and returns the HTTP status.
func Post(ctx context.Context, url, body string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}
