// Command livechatbot is a LiveChat bot end to end, the v3.6 way: it creates a bot (or
// reuses one) with the Configuration API, registers an incoming_event webhook for it, receives
// the webhooks with the generated receiver, and answers each customer message through the
// Agent Chat Web API with the bot's own token, which renews itself (package bottoken).
//
// Without LIVECHAT_PAT it runs against in-process fakes (a Configuration API, an Agent Web API
// and its own webhook receiver on a loopback port), prints what happened and exits:
//
//	go run ./examples/livechatbot
//
// With an account: LIVECHAT_ACCOUNT_ID and LIVECHAT_PAT (a personal access token with the
// bots and webhooks scopes), LIVECHAT_CLIENT_ID (the application that owns the bot and the
// webhook), LIVECHAT_ORGANIZATION_ID, WEBHOOK_URL (where LiveChat can reach this program,
// ending in /webhook) and LIVECHAT_WEBHOOK_SECRET; BOT_ID and BOT_SECRET reuse a bot instead
// of creating one. It serves webhooks on LISTEN (default 127.0.0.1:8080) until interrupted.
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
	"time"

	"github.com/rtmkit/livechat-rtm/bottoken"
	agent "github.com/rtmkit/livechat-rtm/gen/agent/v36"
	conf "github.com/rtmkit/livechat-rtm/gen/configuration/v36"
	"github.com/rtmkit/livechat-rtm/rtm"
	"github.com/rtmkit/livechat-rtm/web"
	"github.com/rtmkit/livechat-rtm/webhook"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if err := run(ctx, os.Stdout, os.Getenv, log); err != nil {
		fmt.Fprintln(os.Stderr, "livechatbot:", err)
		os.Exit(1)
	}
}

// Setup is what the bot needs from the Configuration API and the environment.
type Setup struct {
	Conf           *conf.WebClient
	ClientID       string // the application owning the bot and the webhook
	OrganizationID string
	BotID, Secret  string // an existing bot, or "" to create one
	WebhookURL     string
	WebhookSecret  string
	AgentURL       string // "" for LiveChat's Agent Web API
	Log            *slog.Logger
}

// Bot is a running bot: its token source, its Agent Web API client and its webhook receiver.
type Bot struct {
	ID       string
	Tokens   *bottoken.Source
	Agent    *agent.WebClient
	Receiver *agent.WebhookReceiver
}

// Start creates (or reuses) the bot, registers its incoming_event webhook and returns the bot
// ready to serve webhooks (Receiver is an http.Handler).
func Start(ctx context.Context, s Setup, out io.Writer) (*Bot, error) {
	id, secret := s.BotID, s.Secret
	if id == "" {
		resp, err := s.Conf.CreateBot(ctx, &conf.CreateBotRequest{Name: "Echo bot", OwnerClientID: rtm.Ptr(s.ClientID)})
		if err != nil {
			return nil, fmt.Errorf("create_bot: %w", err)
		}
		id, secret = resp.ID, resp.Secret
		if id == "" || secret == "" {
			return nil, errors.New("create_bot: the response has no id or no secret")
		}
		fmt.Fprintf(out, "created bot %s\n", id)
	} else {
		fmt.Fprintf(out, "reusing bot %s\n", id)
	}
	if _, err := s.Conf.RegisterWebhook(ctx, &conf.RegisterWebhookRequest{
		Action: conf.WebhookActionIncomingEvent, URL: s.WebhookURL, SecretKey: s.WebhookSecret,
		OwnerClientID: s.ClientID, Type: conf.RegisterWebhookRequestTypeBot,
		Filters: &conf.RegisterWebhookRequestFilters{AuthorType: rtm.Ptr(conf.AuthorTypeCustomer)},
	}); err != nil {
		return nil, fmt.Errorf("register_webhook: %w", err)
	}
	fmt.Fprintf(out, "registered the incoming_event webhook for %s\n", s.WebhookURL)

	tokens, err := bottoken.New(bottoken.Bot{ID: id, ClientID: s.ClientID, Secret: secret, OrganizationID: s.OrganizationID},
		func(ctx context.Context, b bottoken.Bot) (string, error) {
			resp, err := s.Conf.IssueBotToken(ctx, &conf.IssueBotTokenRequest{BotID: b.ID, ClientID: b.ClientID, BotSecret: b.Secret, OrganizationID: b.OrganizationID})
			if err != nil {
				return "", err
			}
			return resp.Token, nil
		}, bottoken.Config{})
	if err != nil {
		return nil, err
	}
	ac, err := agent.NewWebClient(agent.WebConfig{URL: s.AgentURL, Credentials: tokens}, web.WithLogger(s.Log))
	if err != nil {
		return nil, err
	}
	r, err := agent.NewWebhookReceiver(webhook.Config{Secret: webhook.SecretKey(s.WebhookSecret), Logger: s.Log})
	if err != nil {
		return nil, err
	}
	b := &Bot{ID: id, Tokens: tokens, Agent: ac, Receiver: r}
	r.OnIncomingEvent(func(ctx context.Context, w *agent.IncomingEventWebhook) error {
		msg, ok := w.Payload.Event.(*agent.MessageEvent)
		if !ok || msg.AuthorID == nil || *msg.AuthorID == id || msg.Text == nil {
			return nil // not a message, or the bot's own
		}
		sent, err := ac.SendEvent(ctx, &agent.SendEventRequest{ChatID: w.Payload.ChatID,
			Event: &agent.MessageEvent{Text: rtm.Ptr("You wrote: " + *msg.Text)}})
		if err != nil {
			return fmt.Errorf("answer chat %s: %w", w.Payload.ChatID, err) // a 500: LiveChat delivers it again
		}
		fmt.Fprintf(out, "answered %q in chat %s (event %s)\n", *msg.Text, w.Payload.ChatID, sent.EventID)
		return nil
	})
	return b, nil
}

func run(ctx context.Context, out io.Writer, getenv func(string) string, log *slog.Logger) error {
	if getenv("LIVECHAT_PAT") == "" {
		return demo(ctx, out, log)
	}
	for _, k := range []string{"LIVECHAT_ACCOUNT_ID", "LIVECHAT_CLIENT_ID", "LIVECHAT_ORGANIZATION_ID", "WEBHOOK_URL", "LIVECHAT_WEBHOOK_SECRET"} {
		if getenv(k) == "" {
			return fmt.Errorf("%s is required with LIVECHAT_PAT", k)
		}
	}
	cc, err := conf.NewWebClient(conf.WebConfig{Credentials: web.PersonalAccessToken(getenv("LIVECHAT_ACCOUNT_ID"), getenv("LIVECHAT_PAT"))}, web.WithLogger(log))
	if err != nil {
		return err
	}
	b, err := Start(ctx, Setup{Conf: cc, ClientID: getenv("LIVECHAT_CLIENT_ID"), OrganizationID: getenv("LIVECHAT_ORGANIZATION_ID"),
		BotID: getenv("BOT_ID"), Secret: getenv("BOT_SECRET"), WebhookURL: getenv("WEBHOOK_URL"), WebhookSecret: getenv("LIVECHAT_WEBHOOK_SECRET"), Log: log}, out)
	if err != nil {
		return err
	}
	addr := getenv("LISTEN")
	if addr == "" {
		addr = "127.0.0.1:8080"
	}
	mux := http.NewServeMux()
	mux.Handle("/webhook", b.Receiver)
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

// demo wires the bot to the fakes and posts two customer messages to its receiver; between
// them the Agent API stops accepting the first token (as at the end of its 24 hours), so the
// second answer shows the renewal after a 401.
func demo(ctx context.Context, out io.Writer, log *slog.Logger) error {
	f := startFakes()
	defer f.Close()
	fmt.Fprintln(out, "using in-process fakes of the Configuration API and the Agent Web API (set LIVECHAT_PAT to use LiveChat)")
	cc, err := conf.NewWebClient(conf.WebConfig{URL: f.conf.URL() + "/v3.6/configuration", Credentials: web.PersonalAccessToken(demoAccount, demoPAT)}, web.WithLogger(log))
	if err != nil {
		return err
	}
	defer cc.Web().CloseIdleConnections()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String() + "/webhook"
	b, err := Start(ctx, Setup{Conf: cc, ClientID: demoClient, OrganizationID: demoOrganization, WebhookURL: url,
		WebhookSecret: demoWebhookSecret, AgentURL: f.agent.URL() + "/v3.6/agent", Log: log}, out)
	if err != nil {
		return err
	}
	defer b.Agent.Web().CloseIdleConnections()
	srv := &http.Server{Handler: b.Receiver, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	for i, text := range []string{"Hello, is anybody there?", "Still there?"} {
		if i == 1 {
			f.expireToken()
			fmt.Fprintln(out, "the Agent API no longer accepts the bot's first token")
		}
		status, err := post(ctx, url, incoming(fmt.Sprintf("ev-%d", i+1), text))
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "posted an incoming_event webhook: HTTP %d\n", status)
	}
	fmt.Fprintf(out, "bot tokens issued: %d\n", b.Tokens.Issued())
	return nil
}

// post posts a webhook body as LiveChat does and returns the HTTP status.
func post(ctx context.Context, url, body string) (int, error) {
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
