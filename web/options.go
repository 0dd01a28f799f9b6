package web

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"time"
)

// Defaults of the options.
const (
	DefaultResponseLimit = 32 << 20         // bytes of one response body
	DefaultUploadLimit   = 10 << 20         // bytes of one uploaded file: the documented maximum, 10 MB
	DefaultCallTimeout   = 30 * time.Second // when the caller's context has no deadline
)

// AuthorIDMode says how a call made as a bot (rtm.WithAuthorID) carries the bot's ID; it
// differs between versions of the Agent API.
type AuthorIDMode int

// The author ID modes.
const (
	// AuthorIDUnsupported: the version has no author ID (bots use their own tokens, as in
	// Agent API v3.6); a call with one fails before anything is sent.
	AuthorIDUnsupported AuthorIDMode = iota
	// AuthorIDHeader sends the X-Author-Id header (Agent API v3.1 to v3.5).
	AuthorIDHeader
	// AuthorIDBody sends "author_id" beside "payload" in the wrapped request body (Agent API
	// v3.0; implies WithWrappedPayload).
	AuthorIDBody
)

// Option configures a Client; pass options to New.
type Option func(*config)

type config struct {
	httpClient    *http.Client
	logger        *slog.Logger
	header        http.Header
	query         url.Values
	responseLimit int64
	uploadLimit   int64
	retry         RetryPolicy
	authorID      AuthorIDMode
	wrap          bool
	regions       map[string]string
	callTimeout   time.Duration
}

func newConfig(opts []Option) (config, error) {
	cfg := config{
		header:        http.Header{},
		query:         url.Values{},
		responseLimit: DefaultResponseLimit,
		uploadLimit:   DefaultUploadLimit,
		callTimeout:   DefaultCallTimeout,
	}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if cfg.logger == nil {
		cfg.logger = slog.New(slog.DiscardHandler)
	}
	if cfg.authorID == AuthorIDBody {
		cfg.wrap = true
	}
	var errs []error
	if cfg.responseLimit <= 0 {
		errs = append(errs, errors.New("response limit must be positive"))
	}
	if cfg.uploadLimit <= 0 {
		errs = append(errs, errors.New("upload limit must be positive"))
	}
	if cfg.callTimeout < 0 {
		errs = append(errs, errors.New("call timeout must be >= 0"))
	}
	for name, u := range cfg.regions {
		if _, err := parseBase(u); err != nil {
			errs = append(errs, errors.New("region "+name+": "+err.Error()))
		}
	}
	cfg.retry = cfg.retry.withDefaults()
	if err := errors.Join(errs...); err != nil {
		return cfg, errors.Join(errors.New("web: invalid options"), err)
	}
	return cfg, nil
}

// WithHTTPClient sets the HTTP client (default: one of its own over a clone of
// http.DefaultTransport, which verifies TLS certificates). Its CheckRedirect is kept, behind
// the Client's own rule that a redirect may not leave the base URL's scheme and host.
func WithHTTPClient(hc *http.Client) Option { return func(c *config) { c.httpClient = hc } }

// WithLogger sets the logger (default: none). The Client logs retries at Debug and the
// Legacy/Deprecation headers at Warn, with the action and status, never a token, header value,
// query string or payload.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// WithHeader sets a header of every request. Its value never appears in errors or logs.
func WithHeader(key, value string) Option { return func(c *config) { c.header.Set(key, value) } }

// WithQuery sets a query parameter of every request, e.g. organization_id (Customer API).
func WithQuery(key, value string) Option { return func(c *config) { c.query.Set(key, value) } }

// WithResponseLimit sets the largest response body read, in bytes (default
// DefaultResponseLimit); a larger one fails the call with ErrResponseTooLarge.
func WithResponseLimit(n int64) Option { return func(c *config) { c.responseLimit = n } }

// WithUploadLimit sets the largest file Upload sends, in bytes (default DefaultUploadLimit, the
// documented 10 MB); a larger one fails with ErrFileTooLarge, before sending when its size is
// known.
func WithUploadLimit(n int64) Option { return func(c *config) { c.uploadLimit = n } }

// WithRetry sets the retry policy (the zero RetryPolicy has the defaults).
func WithRetry(p RetryPolicy) Option { return func(c *config) { c.retry = p } }

// WithoutRetry turns retries off: every call makes one attempt.
func WithoutRetry() Option { return func(c *config) { c.retry = RetryPolicy{MaxAttempts: 1} } }

// WithAuthorID sets how the author ID of a call (rtm.WithAuthorID) is sent (default
// AuthorIDUnsupported).
func WithAuthorID(mode AuthorIDMode) Option { return func(c *config) { c.authorID = mode } }

// WithWrappedPayload sends request bodies as {"payload": ...} (Agent API v3.0) and upload form
// fields as payload.<name>.
func WithWrappedPayload() Option { return func(c *config) { c.wrap = true } }

// WithRegions maps data centers to base URLs. A request whose token names a region by its
// prefix ("fra:...") goes to that region's base URL; other requests go to the base URL of New.
func WithRegions(baseURLs map[string]string) Option {
	return func(c *config) { c.regions = baseURLs }
}

// WithCallTimeout sets how long a call (an upload too) may take, retries included, when its context has no
// deadline (default DefaultCallTimeout; 0 means no default).
func WithCallTimeout(d time.Duration) Option { return func(c *config) { c.callTimeout = d } }

// RetryPolicy says which failures are retried and how long to wait: attempt n+1 waits
// min(MaxDelay, MinDelay*Multiplier^(n-1)) minus a random fraction of up to Jitter of it, or
// the server's Retry-After when it is longer (capped at MaxRetryAfter: a longer one is not
// waited for). The zero value is a valid policy with the defaults.
type RetryPolicy struct {
	MaxAttempts   int           // attempts per call, the first included; default 4, 1 for none
	MinDelay      time.Duration // default 200 ms
	MaxDelay      time.Duration // default 10 s
	Multiplier    float64       // default 2
	Jitter        float64       // 0..1, default 0.5; negative for none
	MaxRetryAfter time.Duration // the longest Retry-After honoured; default 1 min
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 4
	}
	if p.MinDelay <= 0 {
		p.MinDelay = 200 * time.Millisecond
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = 10 * time.Second
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
	if p.MaxRetryAfter <= 0 {
		p.MaxRetryAfter = time.Minute
	}
	return p
}

// delay returns the backoff before attempt n+1 (n >= 1 failed attempts); r is in [0, 1).
func (p RetryPolicy) delay(n int, r float64) time.Duration {
	d := float64(p.MinDelay)
	for i := 1; i < n && d < float64(p.MaxDelay); i++ {
		d *= p.Multiplier
	}
	d = min(d, float64(p.MaxDelay))
	return time.Duration(d * (1 - p.Jitter*r))
}
