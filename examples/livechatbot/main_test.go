package main

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	conf "github.com/rtmkit/livechat-rtm/gen/configuration/v36"
	"github.com/rtmkit/livechat-rtm/web"
	"github.com/rtmkit/livechat-rtm/web/webtest"
)

func demoSetup(t *testing.T, f *fakes) Setup {
	t.Helper()
	cc, err := conf.NewWebClient(conf.WebConfig{URL: f.conf.URL() + "/v3.6/configuration", Credentials: web.PersonalAccessToken(demoAccount, demoPAT)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cc.Web().CloseIdleConnections)
	return Setup{Conf: cc, ClientID: demoClient, OrganizationID: demoOrganization, WebhookURL: "http://127.0.0.1:1/webhook",
		WebhookSecret: demoWebhookSecret, AgentURL: f.agent.URL() + "/v3.6/agent", Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

// TestDemoAnswersThroughTheRenewingBotToken runs the demo as `go run ./examples/livechatbot`
// does: the bot is created, its webhook registered, both customer messages answered through the
// Agent Web API, the second after the first token was refused (one renewal: two tokens).
func TestDemoAnswersThroughTheRenewingBotToken(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out strings.Builder
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if err := run(ctx, &out, func(string) string { return "" }, log); err != nil {
		t.Fatalf("demo: %v\n%s", err, out.String())
	}
	want := []string{
		"created bot " + demoBotID,
		"registered the incoming_event webhook for http://127.0.0.1:",
		`answered "Hello, is anybody there?" in chat PJ0MRSHTDG`,
		`answered "Still there?" in chat PJ0MRSHTDG`,
		"bot tokens issued: 2",
	}
	for _, w := range want {
		if !strings.Contains(out.String(), w) {
			t.Errorf("output lacks %q:\n%s", w, out.String())
		}
	}
	if n := strings.Count(out.String(), "HTTP 200"); n != 2 {
		t.Errorf("%d webhooks answered 200, want 2:\n%s", n, out.String())
	}
	for _, leak := range []string{demoBotSecret, "dal:bot-token-"} {
		if strings.Contains(out.String(), leak) {
			t.Errorf("the output shows %q", leak)
		}
	}
}

// TestWrongBotSecretFailsTheAnswerNamingTheBot: with a wrong bot secret, the webhook is
// answered 500 (LiveChat delivers it again) and nothing reaches the Agent API.
func TestWrongBotSecretFailsTheAnswerNamingTheBot(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	f := startFakes()
	defer f.Close()
	s := demoSetup(t, f)
	s.BotID, s.Secret = demoBotID, "wrong-secret"
	var out strings.Builder
	b, err := Start(ctx, s, &out)
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.Tokens.Token(ctx)
	if err == nil || !strings.Contains(err.Error(), demoBotID) || strings.Contains(err.Error(), "wrong-secret") {
		t.Errorf("err = %v: want an error naming the bot, without the secret", err)
	}
	if !strings.Contains(out.String(), "reusing bot "+demoBotID) {
		t.Errorf("output: %s", out.String())
	}
	if n := len(f.agent.Requests()); n != 0 {
		t.Errorf("the Agent API got %d requests", n)
	}
}

// TestCreateBotWithoutSecretStopsTheStart: a create_bot response that lacks the secret (or
// the id) stops Start before any webhook is registered, with an error that says so; the
// members are read from the typed response, the rest of it kept in Extra.
func TestCreateBotWithoutSecretStopsTheStart(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	f := startFakes()
	defer f.Close()
	f.conf.Handle("create_bot", webtest.Reply(map[string]string{"id": demoBotID, "bot_secret": demoBotSecret}))
	var out strings.Builder
	_, err := Start(ctx, demoSetup(t, f), &out)
	if err == nil || !strings.Contains(err.Error(), "create_bot: the response has no id or no secret") {
		t.Fatalf("err = %v, want the missing secret named", err)
	}
	for _, r := range f.conf.Requests() {
		if r.Action == "register_webhook" {
			t.Error("register_webhook was called after a create_bot response without a secret")
		}
	}
}
