package rtm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"time"
)

// Defaults of the options.
const (
	DefaultReadLimit      = 32 << 20         // bytes per inbound frame
	DefaultPingInterval   = 15 * time.Second // the interval the RTM API asks for
	DefaultPingTimeout    = 10 * time.Second
	DefaultCallTimeout    = 30 * time.Second // above the server's 15 s request_timeout
	DefaultPushQueueSize  = 1024             // pushes waiting for their handlers
	DefaultPushQueueBytes = 64 << 20         // bytes of payload waiting for their handlers
)

// Option configures a Conn; pass options to Dial. Options are made by the
// With functions of this package (and of the generated packages, which build
// them from these); a nil Option is an error at Dial.
type Option interface {
	applyConn(*config)
}

// connOption is an Option that is a function.
type connOption func(*config)

func (f connOption) applyConn(c *config) { f(c) }

// hookFunc is what runs after a connection is established, before calls may
// use it.
type hookFunc func(ctx context.Context, c *Conn) error

type config struct {
	header           http.Header
	query            url.Values
	readLimit        int64
	logger           *slog.Logger
	pingInterval     time.Duration
	pingTimeout      time.Duration
	maxInFlight      int
	httpClient       *http.Client
	callTimeout      time.Duration
	reconnect        *ReconnectPolicy
	onConnect        []hookFunc // at Dial and after each reconnection
	onReconnect      []hookFunc // after each reconnection, after onConnect
	lifecycle        func(LifecycleEvent)
	pushErrorHandler func(p Push, err error)
	pushQueueSize    int
	pushQueueBytes   int64
	concurrency      int // push handlers running at once; 1 (the default) is serial
	authorID         string
	interceptors     []Interceptor
	retry            *RetryPolicy
	disconnect       *DisconnectPolicy

	problems []string // options that were invalid as given
}

// problem records an invalid option, reported by Dial with all the others.
func (c *config) problem(format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

func newConfig(opts []Option) (config, error) {
	cfg := config{
		header:         http.Header{},
		query:          url.Values{},
		readLimit:      DefaultReadLimit,
		pingInterval:   DefaultPingInterval,
		pingTimeout:    DefaultPingTimeout,
		callTimeout:    DefaultCallTimeout,
		pushQueueSize:  DefaultPushQueueSize,
		pushQueueBytes: DefaultPushQueueBytes,
		concurrency:    1,
	}
	for _, o := range opts {
		if o == nil {
			cfg.problem("an option is nil")
			continue
		}
		o.applyConn(&cfg)
	}
	if cfg.logger == nil {
		cfg.logger = slog.New(slog.DiscardHandler)
	}
	if cfg.readLimit <= 0 {
		cfg.problem("read limit must be positive")
	}
	if cfg.pingInterval < 0 || cfg.pingTimeout <= 0 {
		cfg.problem("ping interval must be >= 0 and ping timeout > 0")
	}
	if cfg.maxInFlight < 0 {
		cfg.problem("max in flight must be >= 0")
	}
	if cfg.callTimeout < 0 {
		cfg.problem("call timeout must be >= 0")
	}
	if cfg.pushQueueSize <= 0 {
		cfg.problem("push queue size must be positive")
	}
	if cfg.pushQueueBytes <= 0 {
		cfg.problem("push queue bytes must be positive")
	}
	if cfg.concurrency <= 0 {
		cfg.problem("concurrent handlers must be >= 1")
	}
	if cfg.reconnect != nil {
		p := cfg.reconnect.withDefaults()
		cfg.reconnect = &p
	} else if len(cfg.onReconnect) > 0 {
		cfg.problem("WithOnReconnect needs reconnection (WithReconnect): without it the hook would never run")
	}
	if cfg.retry != nil {
		p := cfg.retry.withDefaults()
		cfg.retry = &p
	}
	if len(cfg.problems) > 0 {
		errs := []error{errors.New("rtm: invalid options")}
		for _, p := range cfg.problems {
			errs = append(errs, errors.New("  "+p))
		}
		return cfg, errors.Join(errs...)
	}
	return cfg, nil
}

// WithHeader sets an HTTP header of the websocket handshake, e.g.
// Authorization or X-Region. Header values never appear in errors or logs,
// and are never sent to another scheme, host or port (Dial does not follow
// redirects).
func WithHeader(key, value string) Option {
	return connOption(func(c *config) {
		if key == "" {
			c.problem("WithHeader: empty header name")
			return
		}
		c.header.Set(key, value)
	})
}

// WithQuery sets a query parameter of the websocket URL, e.g. license_id for
// the Customer API. It replaces a parameter of the same name in the URL.
func WithQuery(key, value string) Option {
	return connOption(func(c *config) {
		if key == "" {
			c.problem("WithQuery: empty parameter name")
			return
		}
		c.query.Set(key, value)
	})
}

// WithReadLimit sets the largest inbound frame accepted, in bytes (default
// DefaultReadLimit, 32 MiB). A larger frame closes the connection with
// status 1009 and fails the pending calls with ErrConnectionLost wrapping
// ErrFrameTooLarge.
func WithReadLimit(n int64) Option {
	return connOption(func(c *config) { c.readLimit = n })
}

// WithLogger sets the logger (default: none). The Conn logs connection
// events at Info, anomalies (malformed frames, dropped pushes) at Warn and
// per-frame details at Debug, including one line per call (action, request
// id, duration, outcome); it logs actions, request ids and sizes, never a
// payload or a header value. A nil logger is an error at Dial.
func WithLogger(l *slog.Logger) Option {
	return connOption(func(c *config) {
		if l == nil {
			c.problem("WithLogger: nil logger")
			return
		}
		c.logger = l
	})
}

// WithPingInterval sets how often the Conn pings the server (default 15 s,
// as the RTM API requires; 0 turns keepalive off). Each tick sends a
// websocket ping, which must be answered within the ping timeout or the
// connection is considered dead, and the protocol message
// {"action":"ping","payload":{}}.
func WithPingInterval(d time.Duration) Option {
	return connOption(func(c *config) { c.pingInterval = d })
}

// WithPingTimeout sets how long a websocket ping may stay unanswered before
// the peer is considered dead (default DefaultPingTimeout, 10 s).
func WithPingTimeout(d time.Duration) Option {
	return connOption(func(c *config) { c.pingTimeout = d })
}

// WithMaxInFlight caps the number of calls waiting for their response
// (0, the default, means no cap). Further calls wait for a slot or for their
// context. The Customer API refuses more than 10 pending requests per
// connection: use WithMaxInFlight(10) there.
func WithMaxInFlight(n int) Option {
	return connOption(func(c *config) { c.maxInFlight = n })
}

// WithHTTPClient sets the HTTP client of the websocket handshake, e.g. for a
// proxy or a custom TLS configuration. The default, http.DefaultClient,
// verifies TLS certificates. Whatever its CheckRedirect, the handshake never
// follows a redirect (see Dial). A nil client is an error at Dial.
func WithHTTPClient(hc *http.Client) Option {
	return connOption(func(c *config) {
		if hc == nil {
			c.problem("WithHTTPClient: nil client")
			return
		}
		c.httpClient = hc
	})
}

// WithCallTimeout sets how long a call waits for its response when its
// context has no deadline (default DefaultCallTimeout, 30 s, above the
// server's own 15 s request timeout; 0 means no default timeout).
func WithCallTimeout(d time.Duration) Option {
	return connOption(func(c *config) { c.callTimeout = d })
}

// WithReconnect makes the Conn reconnect after losing its connection,
// following p. Without it, a lost connection is final. See the package
// documentation for what happens to calls meanwhile. The generated clients
// reconnect by default (with their package's DefaultReconnectPolicy).
func WithReconnect(p ReconnectPolicy) Option {
	return connOption(func(c *config) { c.reconnect = &p })
}

// WithoutReconnect turns reconnection off, also where it is on by default
// (the generated clients): a lost connection is final. The last of
// WithReconnect and WithoutReconnect wins.
func WithoutReconnect() Option {
	return connOption(func(c *config) { c.reconnect = nil })
}

// WithOnConnect sets a hook run on every new connection before any other
// call may use it: at Dial (whose error it then is) and after each
// reconnection (before the WithOnReconnect hooks). It is the place to log in:
// the generated clients' Config.Login is made of it. The hook must make its
// calls with the ctx it is given (or one derived from it). If it fails at
// Dial, Dial fails, except once for a misdirected_request naming a region
// whose URL the DisconnectPolicy gives: Dial then drops the connection, dials
// the region and runs the hooks again there. After a reconnection, see
// WithOnReconnect (a misdirected_request reconnects to the region). Repeatable:
// hooks run in the order given. A nil hook is an error at Dial.
func WithOnConnect(fn func(ctx context.Context, c *Conn) error) Option {
	return connOption(func(c *config) {
		if fn == nil {
			c.problem("WithOnConnect: nil hook")
			return
		}
		c.onConnect = append(c.onConnect, fn)
	})
}

// WithOnReconnect sets a hook run after each successful reconnection, before
// any other call may use the new connection: the place to log in again. The
// hook must make its calls with the ctx it is given (or one derived from it);
// other calls wait until it returns. If it returns an error, the connection
// is dropped and, unless IsFatal(err), reconnecting goes on with backoff; a
// fatal error ends reconnecting, whatever the order in which the refusal and
// the end of the connection arrive, and waiting calls fail with it.
// Repeatable: hooks run in the order given. It needs reconnection
// (WithReconnect): without it, or with a nil hook, Dial fails.
func WithOnReconnect(fn func(ctx context.Context, c *Conn) error) Option {
	return connOption(func(c *config) {
		if fn == nil {
			c.problem("WithOnReconnect: nil hook")
			return
		}
		c.onReconnect = append(c.onReconnect, fn)
	})
}

// WithLifecycle sets a function that observes the connection's life:
// connecting, connected, disconnected (with the cause and the server's
// reason, if it gave one), reconnect waits, giving up, closed. It runs on the
// push-dispatch goroutine, in order; it should return quickly. A nil function
// is an error at Dial.
func WithLifecycle(fn func(LifecycleEvent)) Option {
	return connOption(func(c *config) {
		if fn == nil {
			c.problem("WithLifecycle: nil function")
			return
		}
		c.lifecycle = fn
	})
}

// WithPushErrorHandler sets a function called by PushError, when a push
// could not be decoded into its typed form (by generated code).
func WithPushErrorHandler(fn func(p Push, err error)) Option {
	return connOption(func(c *config) {
		if fn == nil {
			c.problem("WithPushErrorHandler: nil function")
			return
		}
		c.pushErrorHandler = fn
	})
}

// WithPushQueueSize sets how many pushes may wait for their handlers
// (default DefaultPushQueueSize, 1024). When the queue is full, further
// pushes are dropped, counted (Stats.PushesDropped) and logged; responses are
// never delayed.
func WithPushQueueSize(n int) Option {
	return connOption(func(c *config) { c.pushQueueSize = n })
}

// WithPushQueueBytes bounds the payload bytes of the pushes waiting for
// their handlers (default DefaultPushQueueBytes, 64 MiB), as WithPushQueueSize
// bounds their number: a push that would take the queue above it is dropped
// and counted. A push larger than the bound alone is still accepted into an
// empty queue, so that no push below the read limit is dropped for its size
// only.
func WithPushQueueBytes(n int64) Option {
	return connOption(func(c *config) { c.pushQueueBytes = n })
}

// WithConcurrentHandlers lets up to n pushes be handled at once (default 1:
// one at a time, in arrival order). Pushes of the same chat (the same
// "chat_id" in the payload) still run one at a time in arrival order, and so
// do pushes without a chat_id among themselves; only pushes of different
// chats overlap. Lifecycle functions stay on the dispatch goroutine, in
// order.
func WithConcurrentHandlers(n int) Option {
	return connOption(func(c *config) { c.concurrency = n })
}

// ReconnectPolicy says how to reconnect: attempt n (1, 2, ...) waits
// min(MaxDelay, MinDelay*Multiplier^(n-1)), minus a random fraction of up to
// Jitter of it, then dials. A fatal error (see IsFatal) stops reconnecting,
// and so do a "don't reconnect" reason from the server (see
// DisconnectPolicy) and MaxAttempts consecutive failures. The zero value is a
// valid policy with the defaults: zero means "default" in every field.
type ReconnectPolicy struct {
	MinDelay    time.Duration // delay before the first attempt; default 500 ms
	MaxDelay    time.Duration // cap of the delay; default 1 min
	Multiplier  float64       // growth per attempt; default 2
	Jitter      float64       // random fraction taken off each delay, 0..1; default 0.5, NoJitter for none
	MaxAttempts int           // consecutive failed attempts before giving up; 0 means never give up
	DialTimeout time.Duration // bound of each dial; default 30 s
}

// NoJitter, as ReconnectPolicy.Jitter or RetryPolicy.Jitter, takes no random
// fraction off the delays (zero there means the default, 0.5).
const NoJitter = -1.0

func (p ReconnectPolicy) withDefaults() ReconnectPolicy {
	if p.MinDelay <= 0 {
		p.MinDelay = 500 * time.Millisecond
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = time.Minute
	}
	if p.MaxDelay < p.MinDelay {
		p.MaxDelay = p.MinDelay
	}
	if p.Multiplier < 1 {
		p.Multiplier = 2
	}
	p.Jitter = jitterDefault(p.Jitter)
	if p.DialTimeout <= 0 {
		p.DialTimeout = 30 * time.Second
	}
	return p
}

func jitterDefault(j float64) float64 {
	switch {
	case j == 0:
		return 0.5
	case j < 0:
		return 0
	case j > 1:
		return 1
	}
	return j
}

// delay returns the wait before attempt n (n >= 1); r is a random number in
// [0, 1).
func (p ReconnectPolicy) delay(n int, r float64) time.Duration {
	return backoff(p.MinDelay, p.MaxDelay, p.Multiplier, p.Jitter, n, r)
}

// backoff is min(max, min*mult^(n-1)) minus a fraction r*jitter of it.
func backoff(minD, maxD time.Duration, mult, jitter float64, n int, r float64) time.Duration {
	d := float64(minD)
	for i := 1; i < n && d < float64(maxD); i++ {
		d *= mult
	}
	d = min(d, float64(maxD))
	return time.Duration(d * (1 - jitter*r))
}

// WithProblem makes Dial fail, reporting msg among the invalid options. The
// generated packages' Dial uses it for their Config's problems (a missing
// query parameter, an unknown region), so that one error lists every
// problem, of the Config and of the options alike.
func WithProblem(msg string) Option {
	return connOption(func(c *config) { c.problem("%s", msg) })
}
