package web

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rtmkit/livechat-rtm/rtm"
)

// Client sends Web API calls to one API version, e.g. https://api.livechatinc.com/v3.6/agent.
// It is safe for concurrent use.
type Client struct {
	base    string // the base URL without trailing slash, query or fragment
	host    hostKey
	regions map[string]string // region -> base URL (validated)
	hc      *http.Client
	creds   Credentials
	cfg     config
	query   string // the encoded default query, or ""
	// static is the Authorization header of fixed credentials, computed once ("" otherwise).
	static       string
	staticHeader []string // static as a header value, shared by the requests (never modified)
	staticToken  Token

	requests, retries, failures atomic.Uint64
	legacyOnce, deprecationOnce sync.Once
	bufs                        sync.Pool
}

// hostKey is where credentials may go.
type hostKey struct{ scheme, host string }

// Request is one call as Do sends it.
type Request struct {
	Action  string     // e.g. "send_event"
	Method  string     // http.MethodPost (the default, "") or http.MethodGet
	Query   url.Values // query parameters of this call, beside the Client's (GET params)
	Payload any        // the JSON payload of a POST (see Call); ignored for GET
	NoAuth  bool       // send no Authorization header (actions that need none)
}

// Stats are a Client's counters.
type Stats struct {
	Requests uint64 // HTTP requests sent (attempts, retries included)
	Retries  uint64 // attempts after the first
	Failures uint64 // calls that returned an error
}

// New returns a Client for the API at baseURL (http or https, e.g.
// "https://api.livechatinc.com/v3.6/agent"), authenticating with creds.
func New(baseURL string, creds Credentials, opts ...Option) (*Client, error) {
	base, err := parseBase(baseURL)
	if err != nil {
		return nil, fmt.Errorf("web: base URL: %w", err)
	}
	if creds == nil {
		return nil, fmt.Errorf("web: no credentials: %w", ErrNoToken)
	}
	var staticHeader string
	var staticToken Token
	if s, ok := creds.(static); ok {
		h, err := s.t.header()
		if err != nil {
			return nil, err
		}
		staticHeader, staticToken = h, s.t
	}
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	c := &Client{base: base.String(), host: hostKey{base.Scheme, base.Host}, creds: creds, cfg: cfg, static: staticHeader, staticToken: staticToken}
	if staticHeader != "" {
		c.staticHeader = []string{staticHeader}
	}
	if len(cfg.query) > 0 {
		c.query = cfg.query.Encode()
	}
	if len(cfg.regions) > 0 {
		c.regions = map[string]string{}
		for name, u := range cfg.regions {
			b, _ := parseBase(u) // validated by newConfig
			c.regions[name] = b.String()
		}
	}
	c.hc = c.httpClient(cfg.httpClient)
	return c, nil
}

// parseBase checks a base URL: http or https, a host, no user info, query or fragment.
func parseBase(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, errors.New("not a URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("scheme %q: want http or https", u.Scheme)
	}
	if u.Host == "" {
		return nil, errors.New("no host")
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, errors.New("user info, query or fragment are not allowed")
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// httpClient returns a copy of hc (or a new client) whose redirects stay on the hosts of the
// base URL and the regions.
func (c *Client) httpClient(hc *http.Client) *http.Client {
	var out http.Client
	if hc != nil {
		out = *hc
		if t, ok := hc.Transport.(*http.Transport); ok && t.TLSClientConfig != nil && t.TLSClientConfig.InsecureSkipVerify {
			c.cfg.logger.Warn("web: the HTTP client does not verify TLS certificates")
		}
	} else {
		out.Transport = http.DefaultTransport.(*http.Transport).Clone()
	}
	allowed := map[hostKey]bool{c.host: true}
	for _, b := range c.regions {
		u, _ := url.Parse(b)
		allowed[hostKey{u.Scheme, u.Host}] = true
	}
	next := out.CheckRedirect
	out.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if !allowed[hostKey{req.URL.Scheme, req.URL.Host}] {
			return ErrRedirect
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 5 {
			return errors.New("web: stopped after 5 redirects")
		}
		return nil
	}
	return &out
}

// Stats returns the Client's counters.
func (c *Client) Stats() Stats {
	return Stats{Requests: c.requests.Load(), Retries: c.retries.Load(), Failures: c.failures.Load()}
}

// BaseURL returns the base URL requests go to (without a region).
func (c *Client) BaseURL() string { return c.base }

// appendJSONer is the method of the generated request types that encodes without reflection.
type appendJSONer interface {
	AppendJSON(dst []byte) ([]byte, error)
}

// Call POSTs payload to the action and decodes the response payload into result (unless
// result is nil). payload may be nil (sent as {}), a json.RawMessage or []byte (sent as is;
// it must be valid JSON), a value with AppendJSON (the generated request types), or anything
// encoding/json can marshal. result is decoded with its UnmarshalJSON method if it has one,
// else with encoding/json. opts are the RTM call options; rtm.WithAuthorID is sent as the
// version documents it (WithAuthorID).
//
// ctx bounds the call, retries and their waits included; without a deadline, the default call
// timeout applies (WithCallTimeout).
func (c *Client) Call(ctx context.Context, action string, payload, result any, opts ...rtm.CallOption) error {
	r := Request{Action: action, Payload: payload}
	return c.Do(ctx, &r, result, opts...)
}

// Do sends one call as r describes; see Call.
func (c *Client) Do(ctx context.Context, r *Request, result any, opts ...rtm.CallOption) error {
	err := c.do(ctx, r, result, rtm.CallAuthorID(opts...))
	if err != nil {
		c.failures.Add(1)
	}
	return err
}

func (c *Client) do(ctx context.Context, r *Request, result any, authorID string) error {
	if err := ctx.Err(); err != nil {
		return &RequestError{Action: r.Action, URL: c.base + "/action/" + r.Action, NotSent: true, Err: err}
	}
	if authorID != "" && c.cfg.authorID == AuthorIDUnsupported {
		return fmt.Errorf("web: %s: %w", r.Action, ErrAuthorIDUnsupported)
	}
	method := r.Method
	if method == "" {
		method = http.MethodPost
	}
	bp := c.getBuf()
	defer c.putBuf(bp)
	var body []byte
	if method != http.MethodGet {
		var err error
		if body, err = c.encode((*bp)[:0], r.Payload, authorID); err != nil {
			return fmt.Errorf("web: %s: %w: %w", r.Action, rtm.ErrEncode, err)
		}
		*bp = body
	}
	if c.cfg.callTimeout > 0 {
		if _, ok := ctx.Deadline(); !ok {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, c.cfg.callTimeout)
			defer cancel()
		}
	}
	send := func(ctx context.Context, tok Token, header string) (*http.Response, error) {
		var rd io.Reader
		if body != nil {
			rd = bytes.NewReader(body)
		}
		req, err := http.NewRequestWithContext(ctx, method, c.actionURL(r.Action, tok, r.Query), rd)
		if err != nil {
			return nil, err
		}
		if body != nil {
			req.Header["Content-Type"] = jsonType // NewRequest set ContentLength and GetBody
		}
		c.setHeaders(req, header, authorID)
		return c.hc.Do(req)
	}
	return c.exchange(ctx, r.Action, r.NoAuth, send, result, nil)
}

var jsonType = []string{"application/json"}

// exchange makes the attempts of one call. replayable, when set, says whether the body can
// still be sent again.
func (c *Client) exchange(ctx context.Context, action string, noAuth bool, send func(context.Context, Token, string) (*http.Response, error), result any, replayable func() bool) error {
	p := c.cfg.retry
	for attempt := 1; ; attempt++ {
		var tok Token
		var header string
		switch {
		case noAuth:
		case c.static != "":
			tok, header = c.staticToken, c.static
		default:
			var err error
			if tok, err = c.creds.Token(ctx); err != nil {
				return fmt.Errorf("web: %s: credentials: %w", action, err)
			}
			if header, err = tok.header(); err != nil {
				return fmt.Errorf("web: %s: %w", action, err)
			}
		}
		c.requests.Add(1)
		retryAfter, retry, err := c.attempt(ctx, action, tok, header, send, result)
		if err == nil {
			return nil
		}
		if !retry || attempt >= p.MaxAttempts || (replayable != nil && !replayable()) {
			return err
		}
		wait := p.delay(attempt, rand.Float64())
		if retryAfter > p.MaxRetryAfter {
			return err // the server asks for longer than we are willing to wait
		}
		wait = max(wait, retryAfter)
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			return err // the wait would outlast the caller's context
		}
		c.retries.Add(1)
		c.cfg.logger.Debug("web: retrying", "action", action, "attempt", attempt+1, "wait", wait, "cause", errSummary(err))
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("web: %s: gave up waiting to retry (%w) after: %w", action, ctx.Err(), err)
		}
	}
}

// errSummary is what a retry log line says of its cause.
func errSummary(err error) string {
	var e *rtm.Error
	if errors.As(err, &e) {
		return "HTTP " + strconv.Itoa(e.StatusCode) + " " + e.Type
	}
	return "connection failed before the request was written"
}

// attempt sends one request and reads its answer. It reports whether the call may be retried,
// and the server's Retry-After.
func (c *Client) attempt(ctx context.Context, action string, tok Token, header string, send func(context.Context, Token, string) (*http.Response, error), result any) (time.Duration, bool, error) {
	// The trace tells whether the request reached the wire: a failure before its headers were
	// written (a refused dial, a kept-alive connection the server had closed) is safe to retry.
	tr := new(writeTrace)
	tr.trace.WroteHeaders = tr.wroteHeaders
	resp, err := send(httptrace.WithClientTrace(ctx, &tr.trace), tok, header)
	if err != nil {
		re := c.requestError(action, tok, err)
		if !tr.wrote.Load() && ctx.Err() == nil && !errors.Is(err, ErrRedirect) && !isTLSError(err) {
			re.NotSent = true
		}
		if cerr := ctx.Err(); cerr != nil && !errors.Is(re.Err, cerr) {
			re.Err = fmt.Errorf("%w (%v)", cerr, re.Err) // the context ended the request
		}
		return 0, re.NotSent && ctx.Err() == nil, re
	}
	defer resp.Body.Close()
	c.lifecycle(resp.Header)
	rb := c.getBuf()
	defer c.putBuf(rb)
	data, rerr := c.read(resp, rb)
	if rerr != nil {
		return 0, false, fmt.Errorf("web: %s: HTTP %d: %w", action, resp.StatusCode, rerr)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		e := apiError(action, resp, data, tok.Value)
		switch resp.StatusCode {
		case http.StatusTooManyRequests, http.StatusServiceUnavailable:
			return retryAfter(resp.Header.Get("Retry-After")), true, e
		}
		return 0, false, e
	}
	if result == nil {
		return 0, false, nil
	}
	if len(data) == 0 {
		data = emptyObject // "No response payload (200 OK)"
	}
	if !json.Valid(data) {
		return 0, false, fmt.Errorf("web: %s: %w: the body is not valid JSON (truncated?): %d bytes beginning %s",
			action, rtm.ErrDecode, len(data), quote(data, tok.Value))
	}
	if u, ok := result.(json.Unmarshaler); ok {
		err = u.UnmarshalJSON(data)
	} else {
		err = json.Unmarshal(data, result)
	}
	if err != nil {
		return 0, false, fmt.Errorf("web: %s: %w: %w", action, rtm.ErrDecode, err)
	}
	return 0, false, nil
}

var emptyObject = []byte("{}")

// read reads the body within the limit into *bp (a pooled buffer: the result is valid until
// it is put back).
func (c *Client) read(resp *http.Response, bp *[]byte) ([]byte, error) {
	limit := c.cfg.responseLimit
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("%w: Content-Length %d > %d", ErrResponseTooLarge, resp.ContentLength, limit)
	}
	buf := (*bp)[:0]
	if resp.ContentLength > 0 && int64(cap(buf)) < resp.ContentLength+1 {
		buf = make([]byte, 0, resp.ContentLength+1)
	}
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := resp.Body.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		*bp = buf
		if int64(len(buf)) > limit {
			return nil, fmt.Errorf("%w: more than %d bytes", ErrResponseTooLarge, limit)
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading the body: %w", err)
		}
	}
}

// writeTrace records whether a request's headers were written.
type writeTrace struct {
	trace httptrace.ClientTrace
	wrote atomic.Bool
}

func (t *writeTrace) wroteHeaders() { t.wrote.Store(true) }

// isTLSError reports a failed TLS handshake or certificate check: not retried, since it fails
// again the same way.
func isTLSError(err error) bool {
	var cerr *tls.CertificateVerificationError
	var rerr tls.RecordHeaderError
	var aerr tls.AlertError
	var uerr x509.UnknownAuthorityError
	var herr x509.HostnameError
	return errors.As(err, &cerr) || errors.As(err, &rerr) || errors.As(err, &aerr) || errors.As(err, &uerr) || errors.As(err, &herr)
}

// requestError wraps a failed round trip without the URL's query (url.Error quotes it).
func (c *Client) requestError(action string, tok Token, err error) *RequestError {
	re := &RequestError{Action: action, URL: c.baseFor(tok) + "/action/" + action, Err: err}
	var uerr *url.Error
	if errors.As(err, &uerr) {
		re.Err = uerr.Err
	}
	var oerr *net.OpError
	if errors.As(re.Err, &oerr) && oerr.Op == "dial" {
		re.NotSent = true
	}
	return re
}

// retryAfter parses a Retry-After value: seconds or an HTTP date.
func retryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0)
	}
	return 0
}

// lifecycle logs the Legacy and Deprecation headers, once each per Client.
func (c *Client) lifecycle(h http.Header) {
	if v := h.Get("Legacy"); v != "" {
		c.legacyOnce.Do(func() {
			c.cfg.logger.Warn("web: this API version is legacy; LiveChat will retire it", "api", c.base, "legacy_until", sanitize(v))
		})
	}
	if v := h.Get("Deprecation"); v != "" {
		c.deprecationOnce.Do(func() {
			c.cfg.logger.Warn("web: this API version is deprecated; LiveChat will retire it", "api", c.base, "deprecated_until", sanitize(v))
		})
	}
}

// sanitize keeps a short header value printable.
func sanitize(v string) string {
	if len(v) > 40 {
		v = v[:40]
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e {
			return -1
		}
		return r
	}, v)
}

// baseFor returns the base URL for the token's region.
func (c *Client) baseFor(tok Token) string {
	if c.regions != nil {
		if b, ok := c.regions[tok.Region()]; ok {
			return b
		}
	}
	return c.base
}

// actionURL is <base>/action/<action>?<query>.
func (c *Client) actionURL(action string, tok Token, q url.Values) string {
	base := c.baseFor(tok)
	var b strings.Builder
	b.Grow(len(base) + len("/action/") + len(action) + len(c.query) + 1)
	b.WriteString(base)
	b.WriteString("/action/")
	b.WriteString(url.PathEscape(action))
	if c.query != "" || len(q) > 0 {
		b.WriteByte('?')
		b.WriteString(c.query)
		if len(q) > 0 {
			if c.query != "" {
				b.WriteByte('&')
			}
			b.WriteString(q.Encode())
		}
	}
	return b.String()
}

func (c *Client) setHeaders(req *http.Request, auth, authorID string) {
	for k, v := range c.cfg.header {
		req.Header[k] = v
	}
	switch {
	case auth == "":
	case auth == c.static:
		req.Header["Authorization"] = c.staticHeader
	default:
		req.Header["Authorization"] = []string{auth}
	}
	if authorID != "" && c.cfg.authorID == AuthorIDHeader {
		req.Header["X-Author-Id"] = []string{authorID}
	}
}

// encode appends the request body.
func (c *Client) encode(dst []byte, payload any, authorID string) ([]byte, error) {
	if c.cfg.wrap {
		dst = append(dst, `{"payload":`...)
	}
	start := len(dst)
	var err error
	switch p := payload.(type) {
	case nil:
		dst = append(dst, '{', '}')
	case json.RawMessage:
		dst = append(dst, p...)
		if !json.Valid(dst[start:]) {
			return nil, errors.New("the payload is not valid JSON")
		}
	case []byte:
		dst = append(dst, p...)
		if !json.Valid(dst[start:]) {
			return nil, errors.New("the payload is not valid JSON")
		}
	case appendJSONer:
		dst, err = p.AppendJSON(dst)
	default:
		var b []byte
		b, err = json.Marshal(p)
		dst = append(dst, b...)
	}
	if err != nil {
		return nil, err
	}
	if c.cfg.wrap {
		if authorID != "" && c.cfg.authorID == AuthorIDBody {
			id, _ := json.Marshal(authorID) // a string always encodes
			dst = append(dst, `,"author_id":`...)
			dst = append(dst, id...)
		}
		dst = append(dst, '}')
	}
	return dst, nil
}

func (c *Client) getBuf() *[]byte {
	if bp, ok := c.bufs.Get().(*[]byte); ok {
		return bp
	}
	b := make([]byte, 0, 1024)
	return &b
}

func (c *Client) putBuf(bp *[]byte) {
	if cap(*bp) <= 64<<10 {
		*bp = (*bp)[:0]
		c.bufs.Put(bp)
	}
}

// CloseIdleConnections closes the keep-alive connections the Client holds.
func (c *Client) CloseIdleConnections() { c.hc.CloseIdleConnections() }
