package main

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	v36 "github.com/rtmkit/livechat-rtm/gen/agent/v36"
	"github.com/rtmkit/livechat-rtm/web"
	"github.com/rtmkit/livechat-rtm/web/webtest"
	"github.com/rtmkit/livechat-rtm/webhook"
)

// syncBuffer is an output buffer safe for concurrent handlers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestDemo runs the demo as `go run ./examples/webhookbot` does: the customer's message is
// answered once through the Web API, the duplicate and the bot's own message are not, the
// forged webhook is refused.
func TestDemo(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out := &syncBuffer{}
	if err := run(ctx, out, func(string) string { return "" }, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	o := out.String()
	for _, want := range []string{
		"answered b7eff798-f8df-4364-8059-649c35c9ed0c in chat PJ0MRSHTDG with event K600PKZON8_101",
		"posted a customer's message: HTTP 200",
		"posted the same webhook again: HTTP 200",
		"posted a forged webhook: HTTP 401",
		`POST /v3.6/agent/action/send_event {"chat_id":"PJ0MRSHTDG","event":{"type":"message","text":"Thanks for your message! An agent will be with you shortly. You wrote: “Hello, is anybody there?”"}}`,
	} {
		if !strings.Contains(o, want) {
			t.Errorf("output lacks %q:\n%s", want, o)
		}
	}
	if n := strings.Count(o, "POST /v3.6/agent/action/send_event"); n != 1 {
		t.Errorf("%d answers sent, want 1:\n%s", n, o)
	}
	if strings.Contains(o, demoPAT) || strings.Contains(o, demoSecret) {
		t.Errorf("the output shows a credential:\n%s", o)
	}
}

// TestFailedAnswerIsRetried: when the Web API fails, the webhook is answered 500 so that
// LiveChat delivers it again, and the redelivery is answered.
func TestFailedAnswerIsRetried(t *testing.T) {
	fake := webtest.New(t)
	fake.Handle("send_event", webtest.Sequence(
		webtest.Fail(&webtest.Error{Status: 503, Type: "service_unavailable", Message: "down"}),
		webtest.Reply(map[string]string{"event_id": "E1"}),
	))
	client, err := v36.NewWebClient(v36.WebConfig{URL: fake.URL() + "/v3.6/agent", Credentials: web.PersonalAccessToken(demoAccount, demoPAT)}, web.WithoutRetry())
	if err != nil {
		t.Fatal(err)
	}
	out := &syncBuffer{}
	r, err := v36.NewWebhookReceiver(webhook.Config{Secret: webhook.SecretKey("s"), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	NewBot(client, demoBot, out, slog.New(slog.DiscardHandler)).Register(r)
	url := serveOnLoopback(t, r)
	ctx := context.Background()
	body := incoming("E0", "customer-1", "hi", "s")
	if status, err := Post(ctx, url, body); err != nil || status != 500 {
		t.Fatalf("first delivery: %d %v, want 500", status, err)
	}
	if status, err := Post(ctx, url, body); err != nil || status != 200 {
		t.Fatalf("redelivery: %d %v, want 200", status, err)
	}
	if status, _ := Post(ctx, url, body); status != 200 || strings.Count(out.String(), "answered") != 1 {
		t.Errorf("a third delivery: %d, output:\n%s", status, out)
	}
}

// TestServe runs the bot as a service with credentials, against the fake Web API, and posts
// the sample the script posts.
func TestServe(t *testing.T) {
	fake := startFake()
	defer fake.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	env := map[string]string{
		"LIVECHAT_WEBHOOK_SECRET": "s3cret", "LIVECHAT_ACCOUNT_ID": demoAccount, "LIVECHAT_PAT": demoPAT,
		"LIVECHAT_WEB_URL": fake.URL() + "/v3.6/agent", "LISTEN": addr, "BOT_AGENT_ID": demoBot,
	}
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, out, func(k string) string { return env[k] }, slog.New(slog.DiscardHandler)) }()
	sample, err := os.ReadFile("testdata/incoming_event.json")
	if err != nil {
		t.Fatal(err)
	}
	body := strings.Replace(string(sample), `"SECRET"`, `"s3cret"`, 1)
	url := "http://" + addr + "/webhook"
	var status int
	for range 100 { // until the server listens
		if status, err = Post(ctx, url, body); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if status != 200 || !strings.Contains(out.String(), "answered b7eff798") {
		t.Errorf("status %d, output:\n%s", status, out)
	}
	if _, err := exec.LookPath("curl"); err == nil {
		cmd := exec.Command("sh", "post-sample.sh", url, "s3cret")
		got, err := cmd.CombinedOutput()
		if err != nil || strings.TrimSpace(string(got)) != "HTTP 200" {
			t.Errorf("post-sample.sh: %v %s", err, got)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("run: %v", err)
	}
	if env["LIVECHAT_WEBHOOK_SECRET"] = ""; run(context.Background(), out, func(k string) string { return env[k] }, slog.New(slog.DiscardHandler)) == nil {
		t.Error("a service without a webhook secret started")
	}
}

// serveOnLoopback serves r on a loopback port and returns its URL.
func serveOnLoopback(t *testing.T, r *v36.WebhookReceiver) string {
	t.Helper()
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	return srv.URL + "/webhook"
}
