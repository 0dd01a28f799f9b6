// Package bottoken is the credential of a LiveChat bot: a token source for the Agent Chat Web
// API that issues the bot's token with the Configuration API's issue_bot_token (the bot's
// secret in hand) and issues a new one before the token's 24 hours run out, or after the API
// refused it with a 401.
//
//	src, err := bottoken.New(bottoken.Bot{ID: id, ClientID: clientID, Secret: secret, OrganizationID: org},
//		func(ctx context.Context, b bottoken.Bot) (string, error) {
//			resp, err := conf.IssueBotToken(ctx, &v36.IssueBotTokenRequest{BotID: b.ID, ClientID: b.ClientID, BotSecret: b.Secret, OrganizationID: b.OrganizationID})
//			if err != nil {
//				return "", err
//			}
//			return resp.Token, nil
//		}, bottoken.Config{})
//	agent, err := agentv36.NewWebClient(agentv36.WebConfig{Credentials: src})
//
// A Source is a web.Renewable: the web client calls Invalidate with a refused token and asks
// again, once per call. It is safe for concurrent use: callers that need a token while one is
// being issued wait for that one (one issue_bot_token for all of them), each within its own
// context. Neither the secret nor a token is ever logged or put in an error; a Source prints
// without them.
package bottoken

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/rtmkit/livechat-rtm/web"
)

// Lifetime is how long a bot token is valid, as the Configuration API documents it ("The
// token is valid for 24 hours").
const Lifetime = 24 * time.Hour

// Bot names a bot and holds its secret (create_bot returns it; reset_bot_secret replaces it).
type Bot struct {
	ID             string // the bot's ID (its agent ID)
	ClientID       string // the Client Id of the application that owns the bot
	Secret         string // the bot's secret: never logged, never printed
	OrganizationID string // the organization of the license
}

// String names the bot without its secret.
func (b Bot) String() string { return fmt.Sprintf("bot %q (client %q)", b.ID, b.ClientID) }

// GoString is String, for %#v.
func (b Bot) GoString() string { return b.String() }

// IssueFunc issues a new token for the bot: issue_bot_token of the Configuration API (see the
// package example). Its error should be the API's (*rtm.Error), which the Source wraps.
type IssueFunc func(ctx context.Context, bot Bot) (token string, err error)

// Config tunes a Source; the zero Config is the documented behaviour.
type Config struct {
	// Lifetime of a token from the moment it is issued; 0 means Lifetime (24 hours).
	Lifetime time.Duration
	// RenewBefore is how long before the end of its lifetime a token is replaced; 0 means
	// one hour.
	RenewBefore time.Duration
	// IssueTimeout bounds one issue_bot_token call, which runs for all its waiters and so
	// not under one caller's context; 0 means 30 seconds.
	IssueTimeout time.Duration
	// Now is the clock (tests set it); nil means time.Now.
	Now func() time.Time
}

// ErrInvalidBot: the Bot lacks a field issue_bot_token requires.
var ErrInvalidBot = errors.New("bottoken: the bot needs an ID, a client ID, a secret and an organization ID")

// Source issues and renews the token of one bot. Its zero value is not usable; see New.
type Source struct {
	bot   Bot
	issue IssueFunc
	cfg   Config

	mu      sync.Mutex
	token   string
	renewAt time.Time // when the token must be replaced
	pending *issuance // the issue_bot_token in flight, if any
	issued  int       // tokens issued, for Stats
}

// issuance is one issue_bot_token call that every waiter shares.
type issuance struct {
	done  chan struct{}
	token string
	err   error
}

// New returns the token source of bot, issuing its tokens with issue. No token is issued
// until the first call to Token.
func New(bot Bot, issue IssueFunc, cfg Config) (*Source, error) {
	if bot.ID == "" || bot.ClientID == "" || bot.Secret == "" || bot.OrganizationID == "" {
		return nil, fmt.Errorf("%w (%s)", ErrInvalidBot, bot)
	}
	if issue == nil {
		return nil, errors.New("bottoken: no IssueFunc")
	}
	if cfg.Lifetime <= 0 {
		cfg.Lifetime = Lifetime
	}
	if cfg.RenewBefore <= 0 {
		cfg.RenewBefore = time.Hour
	}
	cfg.RenewBefore = min(cfg.RenewBefore, cfg.Lifetime/2)
	if cfg.IssueTimeout <= 0 {
		cfg.IssueTimeout = 30 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Source{bot: bot, issue: issue, cfg: cfg}, nil
}

// Token returns the bot's current token as a Bearer token, issuing a new one when there is
// none yet, when it is due for renewal, or after Invalidate. It implements web.Credentials.
// A failed issuance is returned (wrapped, naming the bot) and not retried; the next call
// tries again.
func (s *Source) Token(ctx context.Context) (web.Token, error) {
	s.mu.Lock()
	if s.token != "" && s.cfg.Now().Before(s.renewAt) {
		t := s.token
		s.mu.Unlock()
		return web.Token{Scheme: web.SchemeBearer, Value: t}, nil
	}
	p := s.pending
	if p == nil {
		p = &issuance{done: make(chan struct{})}
		s.pending = p
		go s.run(context.WithoutCancel(ctx), p)
	}
	s.mu.Unlock()
	select {
	case <-p.done:
	case <-ctx.Done():
		return web.Token{}, fmt.Errorf("bottoken: waiting for a token for %s: %w", s.bot, ctx.Err())
	}
	if p.err != nil {
		return web.Token{}, p.err
	}
	return web.Token{Scheme: web.SchemeBearer, Value: p.token}, nil
}

// run makes one issue_bot_token call for every waiter of p.
func (s *Source) run(ctx context.Context, p *issuance) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.IssueTimeout)
	defer cancel()
	start := s.cfg.Now()
	token, err := s.issue(ctx, s.bot)
	if err == nil && token == "" {
		err = errors.New("the response has no token")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		p.err = fmt.Errorf("bottoken: issue_bot_token for %s: %w", s.bot, redact(err, s.bot.Secret))
	} else {
		p.token = token
		s.token, s.renewAt = token, start.Add(s.cfg.Lifetime-s.cfg.RenewBefore)
		s.issued++
	}
	s.pending = nil
	close(p.done)
}

// Invalidate says that the API refused t (a 401): the next Token issues a new token, unless
// t is no longer the current one (another caller renewed it already). It implements
// web.Renewable.
func (s *Source) Invalidate(t web.Token) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t.Value != "" && t.Value == s.token {
		s.token, s.renewAt = "", time.Time{}
	}
}

// Issued returns how many tokens the Source has issued.
func (s *Source) Issued() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issued
}

// String names the bot, without its secret or token.
func (s *Source) String() string { return "bottoken.Source(" + s.bot.String() + ", redacted)" }

// GoString is String, for %#v.
func (s *Source) GoString() string { return s.String() }

var _ web.Renewable = (*Source)(nil)

// redact keeps err (for errors.As) but makes sure its text does not carry the secret, should
// an IssueFunc have put it there.
func redact(err error, secret string) error {
	if secret == "" || !strings.Contains(err.Error(), secret) {
		return err
	}
	return &redacted{err: err, secret: secret}
}

type redacted struct {
	err    error
	secret string
}

func (r *redacted) Error() string { return strings.ReplaceAll(r.err.Error(), r.secret, "[redacted]") }
func (r *redacted) Unwrap() error { return r.err }
