package rtm

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"time"
)

// Defaults of the options.
const (
	DefaultReadLimit     = 32 << 20         // bytes per inbound frame
	DefaultPingInterval  = 15 * time.Second // the interval the RTM API asks for
	DefaultPingTimeout   = 10 * time.Second
	DefaultCallTimeout   = 30 * time.Second // above the server's 15 s request_timeout
	DefaultPushQueueSize = 1024
)

// Option configures a Conn; pass options to Dial.
type Option func(*config)

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
	onReconnect      func(ctx context.Context, c *Conn) error
	lifecycle        func(LifecycleEvent)
	pushErrorHandler func(p Push, err error)
	pushQueueSize    int
}

func newConfig(opts []Option) (config, error) {
	cfg := config{
		header:        http.Header{},
		query:         url.Values{},
		readLimit:     DefaultReadLimit,
		pingInterval:  DefaultPingInterval,
		pingTimeout:   DefaultPingTimeout,
		callTimeout:   DefaultCallTimeout,
		pushQueueSize: DefaultPushQueueSize,
	}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if cfg.logger == nil {
		cfg.logger = slog.New(slog.DiscardHandler)
	}
	var errs []error
	if cfg.readLimit <= 0 {
		errs = append(errs, errors.New("read limit must be positive"))
	}
	if cfg.pingInterval < 0 || cfg.pingTimeout <= 0 {
		errs = append(errs, errors.New("ping interval must be >= 0 and ping timeout > 0"))
	}
	if cfg.maxInFlight < 0 {
		errs = append(errs, errors.New("max in flight must be >= 0"))
	}
	if cfg.callTimeout < 0 {
		errs = append(errs, errors.New("call timeout must be >= 0"))
	}
	if cfg.pushQueueSize <= 0 {
		errs = append(errs, errors.New("push queue size must be positive"))
	}
	if cfg.reconnect != nil {
		p := cfg.reconnect.withDefaults()
		cfg.reconnect = &p
	}
	if err := errors.Join(errs...); err != nil {
		return cfg, errors.Join(errors.New("rtm: invalid options"), err)
	}
	return cfg, nil
}

// WithHeader sets an HTTP header of the websocket handshake, e.g.
// Authorization or X-Region. Header values never appear in errors or logs.
func WithHeader(key, value string) Option {
	return func(c *config) { c.header.Set(key, value) }
}

// WithQuery sets a query parameter of the websocket URL, e.g. license_id for
// the Customer API. It replaces a parameter of the same name in the URL.
func WithQuery(key, value string) Option {
	return func(c *config) { c.query.Set(key, value) }
}

// WithReadLimit sets the largest inbound frame accepted, in bytes (default
// DefaultReadLimit, 32 MiB). A larger frame closes the connection with
// status 1009 and fails the pending calls with ErrConnectionLost wrapping
// ErrFrameTooLarge.
func WithReadLimit(n int64) Option {
	return func(c *config) { c.readLimit = n }
}

// WithLogger sets the logger (default: none). The Conn logs connection
// events at Info, anomalies (malformed frames, dropped pushes) at Warn and
// per-frame details at Debug; it logs actions, request ids and sizes, never a
// payload or a header value.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) { c.logger = l }
}

// WithPingInterval sets how often the Conn pings the server (default 15 s,
// as the RTM API requires; 0 turns keepalive off). Each tick sends a
// websocket ping, which must be answered within the ping timeout or the
// connection is considered dead, and the protocol message
// {"action":"ping","payload":{}}.
func WithPingInterval(d time.Duration) Option {
	return func(c *config) { c.pingInterval = d }
}

// WithPingTimeout sets how long a websocket ping may stay unanswered before
// the peer is considered dead (default DefaultPingTimeout, 10 s).
func WithPingTimeout(d time.Duration) Option {
	return func(c *config) { c.pingTimeout = d }
}

// WithMaxInFlight caps the number of calls waiting for their response
// (0, the default, means no cap). Further calls wait for a slot or for their
// context. The Customer API refuses more than 10 pending requests per
// connection: use WithMaxInFlight(10) there.
func WithMaxInFlight(n int) Option {
	return func(c *config) { c.maxInFlight = n }
}

// WithHTTPClient sets the HTTP client of the websocket handshake, e.g. for a
// proxy or a custom TLS configuration. The default, http.DefaultClient,
// verifies TLS certificates.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) { c.httpClient = hc }
}

// WithCallTimeout sets how long a call waits for its response when its
// context has no deadline (default DefaultCallTimeout, 30 s, above the
// server's own 15 s request timeout; 0 means no default timeout).
func WithCallTimeout(d time.Duration) Option {
	return func(c *config) { c.callTimeout = d }
}

// WithReconnect makes the Conn reconnect after losing its connection,
// following p. Without it, a lost connection is final. See the package
// documentation for what happens to calls meanwhile.
func WithReconnect(p ReconnectPolicy) Option {
	return func(c *config) { c.reconnect = &p }
}

// WithOnReconnect sets a hook run after each successful reconnection, before
// any other call may use the new connection: the place to log in again. The
// hook must make its calls with the ctx it is given (or one derived from it);
// other calls wait until it returns. If it returns an error, the connection
// is dropped and, unless IsFatal(err), reconnecting goes on with backoff.
func WithOnReconnect(fn func(ctx context.Context, c *Conn) error) Option {
	return func(c *config) { c.onReconnect = fn }
}

// WithLifecycle sets a function that observes the connection's life:
// connecting, connected, disconnected (with the cause), reconnect waits,
// giving up, closed. It runs on the push-dispatch goroutine, in order; it
// should return quickly.
func WithLifecycle(fn func(LifecycleEvent)) Option {
	return func(c *config) { c.lifecycle = fn }
}

// WithPushErrorHandler sets a function called by PushError, when a push
// could not be decoded into its typed form (by generated code).
func WithPushErrorHandler(fn func(p Push, err error)) Option {
	return func(c *config) { c.pushErrorHandler = fn }
}

// WithPushQueueSize sets how many pushes may wait for their handlers
// (default 1024). When the queue is full, further pushes are dropped,
// counted (Stats.PushesDropped) and logged; responses are never delayed.
func WithPushQueueSize(n int) Option {
	return func(c *config) { c.pushQueueSize = n }
}

// ReconnectPolicy says how to reconnect: attempt n (1, 2, ...) waits
// min(MaxDelay, MinDelay*Multiplier^(n-1)), minus a random fraction of up to
// Jitter of it, then dials. A fatal error (see IsFatal) stops reconnecting,
// and so does reaching MaxAttempts consecutive failures. The zero value is a
// valid policy with the defaults.
type ReconnectPolicy struct {
	MinDelay    time.Duration // delay before the first attempt; default 500 ms
	MaxDelay    time.Duration // cap of the delay; default 1 min
	Multiplier  float64       // growth per attempt; default 2
	Jitter      float64       // random fraction taken off each delay, 0..1; default 0.5, negative for none
	MaxAttempts int           // consecutive failed attempts before giving up; 0 means never give up
	DialTimeout time.Duration // bound of each dial; default 30 s
}

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
	switch {
	case p.Jitter == 0:
		p.Jitter = 0.5
	case p.Jitter < 0:
		p.Jitter = 0
	case p.Jitter > 1:
		p.Jitter = 1
	}
	if p.DialTimeout <= 0 {
		p.DialTimeout = 30 * time.Second
	}
	return p
}

// delay returns the wait before attempt n (n >= 1); r is a random number in
// [0, 1).
func (p ReconnectPolicy) delay(n int, r float64) time.Duration {
	d := float64(p.MinDelay)
	for i := 1; i < n && d < float64(p.MaxDelay); i++ {
		d *= p.Multiplier
	}
	d = min(d, float64(p.MaxDelay))
	return time.Duration(d * (1 - p.Jitter*r))
}
