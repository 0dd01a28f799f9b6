package bottoken_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rtmkit/livechat-rtm/bottoken"
	agent "github.com/rtmkit/livechat-rtm/gen/agent/v36"
	conf "github.com/rtmkit/livechat-rtm/gen/configuration/v36"
	"github.com/rtmkit/livechat-rtm/rtm"
	"github.com/rtmkit/livechat-rtm/web"
	"github.com/rtmkit/livechat-rtm/web/webtest"
)

const secret = "s3cr3t-bot-secret-0123456789"

var testBot = bottoken.Bot{ID: "bot-1", ClientID: "client-1", Secret: secret, OrganizationID: "org-1"}

// configuration starts a Configuration API fake whose issue_bot_token answers tok-1, tok-2, ...
// (after delay), and returns an IssueFunc over the generated v3.6 client.
func configuration(t *testing.T, delay time.Duration) (*webtest.Server, bottoken.IssueFunc) {
	t.Helper()
	srv := webtest.New(t)
	var n atomic.Int64
	srv.Handle(conf.ActionIssueBotToken, webtest.Slow(delay, func(context.Context, *webtest.Request) (any, error) {
		return map[string]string{"token": fmt.Sprintf("tok-%d", n.Add(1))}, nil
	}))
	c, err := conf.NewWebClient(conf.WebConfig{URL: srv.URL() + "/v3.6/configuration", Credentials: web.PersonalAccessToken("acc", "pat")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Web().CloseIdleConnections)
	return srv, func(ctx context.Context, b bottoken.Bot) (string, error) {
		resp, err := c.IssueBotToken(ctx, &conf.IssueBotTokenRequest{BotID: b.ID, ClientID: b.ClientID, BotSecret: b.Secret, OrganizationID: b.OrganizationID})
		if err != nil {
			return "", err
		}
		return resp.Token, nil
	}
}

func newSource(t *testing.T, issue bottoken.IssueFunc, cfg bottoken.Config) *bottoken.Source {
	t.Helper()
	s, err := bottoken.New(testBot, issue, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func token(t *testing.T, s *bottoken.Source) string {
	t.Helper()
	tok, err := s.Token(context.Background())
	if err != nil {
		t.Fatalf("Token: %v", err)
	}
	if tok.Scheme != web.SchemeBearer {
		t.Errorf("scheme %q, want Bearer", tok.Scheme)
	}
	return tok.Value
}

// TestTokenIssuedOnceWithTheBotsCredentials: the first Token sends issue_bot_token with the
// bot's four fields; later calls reuse the token while it is fresh.
func TestTokenIssuedOnceWithTheBotsCredentials(t *testing.T) {
	srv, issue := configuration(t, 0)
	s := newSource(t, issue, bottoken.Config{})
	if got := []string{token(t, s), token(t, s)}; !cmp.Equal(got, []string{"tok-1", "tok-1"}) {
		t.Errorf("tokens %v, want tok-1 twice", got)
	}
	req, ok := srv.LastRequest(conf.ActionIssueBotToken)
	if !ok {
		t.Fatal("no issue_bot_token request")
	}
	var body map[string]string
	if err := json.Unmarshal(req.Body, &body); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"bot_id": "bot-1", "client_id": "client-1", "bot_secret": secret, "organization_id": "org-1"}
	if diff := cmp.Diff(want, body); diff != "" {
		t.Errorf("issue_bot_token body (-want +got):\n%s", diff)
	}
	if s.Issued() != 1 || len(srv.Requests()) != 1 {
		t.Errorf("issued %d, requests %d; want 1 and 1", s.Issued(), len(srv.Requests()))
	}
}

// TestTokenRenewedBeforeItExpires: a token is replaced RenewBefore ahead of the end of its
// 24 hours, not at the end and not earlier.
func TestTokenRenewedBeforeItExpires(t *testing.T) {
	_, issue := configuration(t, 0)
	var mu sync.Mutex
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	s := newSource(t, issue, bottoken.Config{RenewBefore: time.Hour, Now: clock})
	if tok := token(t, s); tok != "tok-1" {
		t.Fatalf("first token %q", tok)
	}
	advance(23*time.Hour - time.Second)
	if tok := token(t, s); tok != "tok-1" {
		t.Errorf("a second before its renewal: %q, want tok-1 still", tok)
	}
	advance(time.Second)
	if tok := token(t, s); tok != "tok-2" {
		t.Errorf("an hour before its 24 hours run out: %q, want a new token tok-2", tok)
	}
	if s.Issued() != 2 {
		t.Errorf("issued %d, want 2", s.Issued())
	}
}

// agentAPI starts an Agent Web API fake that accepts only "Bearer <accept>" and answers
// send_event, and a v3.6 WebClient of it that authenticates with src.
func agentAPI(t *testing.T, src web.Credentials, accept string, opts ...web.Option) (*webtest.Server, *agent.WebClient) {
	t.Helper()
	srv := webtest.New(t)
	srv.RequireAuthorization("Bearer " + accept)
	srv.Handle(agent.ActionSendEvent, webtest.Reply(map[string]string{"event_id": "ev-1"}))
	c, err := agent.NewWebClient(agent.WebConfig{URL: srv.URL() + "/v3.6/agent", Credentials: src}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Web().CloseIdleConnections)
	return srv, c
}

func sendEvent(ctx context.Context, c *agent.WebClient) error {
	_, err := c.SendEvent(ctx, &agent.SendEventRequest{ChatID: "chat-1", Event: &agent.MessageEvent{Text: rtm.Ptr("hi")}})
	return err
}

// TestUnauthorizedRenewsTheTokenOnceAndRetriesOnce: a 401 mid-call (the token expired early)
// gets a new token and the call made once more; a second 401 is returned, not looped on.
func TestUnauthorizedRenewsTheTokenOnceAndRetriesOnce(t *testing.T) {
	_, issue := configuration(t, 0)
	s := newSource(t, issue, bottoken.Config{})
	if tok := token(t, s); tok != "tok-1" { // the cached token that the API will refuse
		t.Fatal(tok)
	}
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv, c := agentAPI(t, s, "tok-2", web.WithLogger(logger))
	if err := sendEvent(context.Background(), c); err != nil {
		t.Fatalf("send_event after one 401: %v", err)
	}
	if n, issued := len(srv.Requests()), s.Issued(); n != 2 || issued != 2 {
		t.Errorf("agent requests %d, tokens issued %d; want 2 and 2", n, issued)
	}

	// Refused again and again: one renewal and one retry per call, then the 401.
	srv2, c2 := agentAPI(t, s, "never")
	err := sendEvent(context.Background(), c2)
	var e *rtm.Error
	if !errors.As(err, &e) || e.StatusCode != 401 {
		t.Fatalf("err = %v, want the 401 *rtm.Error", err)
	}
	if n, issued := len(srv2.Requests()), s.Issued(); n != 2 || issued != 3 {
		t.Errorf("agent requests %d, tokens issued %d; want 2 and 3", n, issued)
	}
	for _, leak := range []string{secret, "tok-1", "tok-2"} {
		if strings.Contains(logs.String(), leak) {
			t.Errorf("the log holds %q:\n%s", leak, logs.String())
		}
	}
}

// TestConcurrentCallersShareOneIssuance: many callers needing a token at once cause one
// issue_bot_token call, and all get its token (run with -race).
func TestConcurrentCallersShareOneIssuance(t *testing.T) {
	srv, issue := configuration(t, 50*time.Millisecond)
	s := newSource(t, issue, bottoken.Config{})
	const n = 32
	got := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tok, err := s.Token(context.Background())
			if err != nil {
				t.Errorf("Token: %v", err)
			}
			got[i] = tok.Value
		}()
	}
	wg.Wait()
	for i, tok := range got {
		if tok != "tok-1" {
			t.Errorf("caller %d got %q, want tok-1", i, tok)
		}
	}
	if len(srv.Requests()) != 1 || s.Issued() != 1 {
		t.Errorf("issue_bot_token requests %d, issued %d; want 1 and 1", len(srv.Requests()), s.Issued())
	}
}

// TestCancelledCallerStopsWaitingOthersGetTheToken: a caller whose context ends while the
// token is being issued returns its context's error at once; the issuance goes on for the
// others.
func TestCancelledCallerStopsWaitingOthersGetTheToken(t *testing.T) {
	_, issue := configuration(t, 300*time.Millisecond)
	s := newSource(t, issue, bottoken.Config{})
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := s.Token(ctx)
		errc <- err
	}()
	other := make(chan string, 1)
	go func() {
		tok, _ := s.Token(context.Background())
		other <- tok.Value
	}()
	time.Sleep(20 * time.Millisecond)
	cancel()
	select {
	case err := <-errc:
		if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "bot-1") {
			t.Errorf("err = %v, want context.Canceled naming the bot", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the cancelled caller is still waiting")
	}
	if tok := <-other; tok != "tok-1" {
		t.Errorf("the other caller got %q, want tok-1", tok)
	}
}

// TestWrongSecretIsAClearErrorNotRetried: issue_bot_token refusing the secret fails the call
// with an error that names the bot, keeps the API error, holds no secret, and is made once;
// the Agent API call is never sent.
func TestWrongSecretIsAClearErrorNotRetried(t *testing.T) {
	csrv, issue := configuration(t, 0)
	csrv.Handle(conf.ActionIssueBotToken, webtest.Fail(&webtest.Error{Status: 401, Type: "authentication", Message: "Invalid bot secret " + secret}))
	s := newSource(t, issue, bottoken.Config{})
	asrv, c := agentAPI(t, s, "tok-1")
	err := sendEvent(context.Background(), c)
	var e *rtm.Error
	if !errors.As(err, &e) || e.Type != "authentication" {
		t.Fatalf("err = %v, want the authentication *rtm.Error", err)
	}
	if msg := err.Error(); !strings.Contains(msg, `bot "bot-1"`) || !strings.Contains(msg, "issue_bot_token") || strings.Contains(msg, secret) {
		t.Errorf("error %q: want it to name the bot and issue_bot_token, without the secret", msg)
	}
	if n := len(csrv.Requests()); n != 1 {
		t.Errorf("issue_bot_token sent %d times, want once", n)
	}
	if n := len(asrv.Requests()); n != 0 {
		t.Errorf("the Agent API got %d requests, want none", n)
	}
}

// TestSourcePrintsWithoutSecrets: printing a Bot or a Source in any verb shows no secret and
// no token.
func TestSourcePrintsWithoutSecrets(t *testing.T) {
	_, issue := configuration(t, 0)
	s := newSource(t, issue, bottoken.Config{})
	tok := token(t, s)
	for _, v := range []any{s, testBot, &testBot} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			out := fmt.Sprintf(verb, v)
			if strings.Contains(out, secret) || strings.Contains(out, tok) {
				t.Errorf("%s of %T prints a secret: %s", verb, v, out)
			}
		}
	}
	if _, err := bottoken.New(bottoken.Bot{ID: "bot-2", Secret: secret}, issue, bottoken.Config{}); !errors.Is(err, bottoken.ErrInvalidBot) || strings.Contains(err.Error(), secret) {
		t.Errorf("incomplete bot: err = %v", err)
	}
}
