package rtm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"

	"github.com/coder/websocket"
)

// Conn is a connection to an RTM API endpoint: it sends requests (Call),
// matches their responses, dispatches pushes to handlers (Handle), keeps the
// connection alive and, if configured, reconnects. All its methods are safe
// for concurrent use. Create it with Dial; release it with Close.
type Conn struct {
	// Set by Dial, then read-only.
	cfg       config
	log       *slog.Logger
	slots     chan struct{} // in-flight cap; nil without one
	callChain CallFunc      // the call interceptors; nil without any
	pushChain PushHandler   // the push interceptors; nil without any
	runDone   chan struct{} // closed when the reader/reconnect goroutine returns
	kaDone    chan struct{} // the keepalive goroutine; nil when keepalive is off
	stopped   chan struct{} // closed when every goroutine of the Conn has returned, after Close
	closed    chan struct{} // closed when the first Close returns

	// ctx is the Conn's lifetime: canceled by Close. Push handlers, the
	// hooks, keepalive and reconnect waits run under it.
	ctx    context.Context
	cancel context.CancelFunc

	// Atomics, usable without mu.
	nextID  atomic.Uint64           // request ids: 1, 2, ... unique per Conn
	ready   atomic.Pointer[session] // the session calls use; nil while (re)connecting or dead
	live    atomic.Pointer[session] // the current session, ready or still running the hooks
	running atomic.Int64            // goroutines running user code (goUser), plus one until Close ends

	mu          sync.Mutex    // guards the fields below
	readyCh     chan struct{} // closed while ready != nil or the Conn is dead
	readyClosed bool
	closing     bool          // Close was called
	err         error         // terminal: why calls fail (nil while alive or reconnecting)
	done        chan struct{} // closed when err is set

	// Reader/reconnect goroutine only.
	url         string // the URL to dial next (Dial's, with the query; or a region's)
	overflowing bool   // the push queue is dropping

	closeOnce sync.Once
	handlers  handlerTable
	disp      dispatcher
	stats     counters

	bufPool     sync.Pool // *[]byte request buffers
	pendingPool sync.Pool // *pendingCall
	timerPool   sync.Pool // *time.Timer for the default call timeout
}

// Dial connects to the RTM websocket endpoint at url (e.g.
// "wss://api.livechatinc.com/v3.6/agent/rtm/ws"), runs the WithOnConnect
// hooks (a login), and returns a Conn ready for calls. ctx bounds the
// handshake and the hooks. Dial does not retry: with a reconnect policy,
// only a connection that was once established is re-established. Invalid
// options fail Dial with one error listing each problem. A nil ctx panics.
//
// The handshake never follows an HTTP redirect: a server that answers it
// with one (3xx) fails Dial with ErrRedirect, so that the handshake headers
// (Authorization) are never re-sent to another scheme, host or port, or in
// clear after a redirect from wss to ws. Dial the final URL instead.
func Dial(ctx context.Context, url string, opts ...Option) (*Conn, error) {
	if ctx == nil {
		panic("rtm: Dial with nil Context")
	}
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	target, err := withQuery(url, cfg.query)
	if err != nil {
		return nil, err
	}
	c := &Conn{
		cfg:     cfg,
		url:     target,
		log:     cfg.logger.With("url", redactURL(target)),
		readyCh: make(chan struct{}),
		done:    make(chan struct{}),
		runDone: make(chan struct{}),
		stopped: make(chan struct{}),
		closed:  make(chan struct{}),
	}
	c.running.Store(1) // Close's token
	c.ctx, c.cancel = context.WithCancel(context.Background())
	if cfg.maxInFlight > 0 {
		c.slots = make(chan struct{}, cfg.maxInFlight)
	}
	c.buildChains()
	c.disp.init(cfg.pushQueueSize, cfg.pushQueueBytes, cfg.concurrency)
	c.goUser(c.dispatchLoop)

	c.post(LifecycleEvent{Kind: EventConnecting})
	c.log.Info("rtm: connecting")
	ws, err := c.dial(ctx, c.url)
	if err != nil {
		close(c.runDone)
		c.Close()
		return nil, err
	}
	s := c.newSession(ws, 0, c.url)
	s.dialing = make(chan *session, 1)
	c.live.Store(s)
	go c.run(s)
	if len(cfg.onConnect) > 0 {
		if s, err = c.dialHooks(ctx, s); err != nil {
			c.Close()
			return nil, err
		}
	}
	c.setReady(s)
	close(s.dialing) // from now on the run loop decides what the end of s means
	if cfg.pingInterval > 0 {
		c.kaDone = make(chan struct{})
		go c.keepalive()
	}
	return c, nil
}

// dialHooks runs the connect hooks on s, the session Dial made, and returns
// the session to open to calls. When they fail with a misdirected_request
// naming a region (a login sent to the wrong data center), Dial follows it
// once, as reconnecting does: it drops s, dials the region's URL (from the
// disconnect policy, nowhere else) and runs the hooks there. A region without
// a URL, a failed dial there or a second misdirection is Dial's error, naming
// the region. ctx (Dial's) bounds it all.
func (c *Conn) dialHooks(ctx context.Context, s *session) (*session, error) {
	err := c.runHooks(context.WithValue(ctx, hookKey{}, s), c.cfg.onConnect)
	region := misdirectedRegion(err)
	if region == "" {
		if err != nil {
			return nil, fmt.Errorf("rtm: connect hook: %w", err)
		}
		return s, nil
	}
	target, terr := c.regionTarget(region)
	if terr != nil {
		return nil, fmt.Errorf("rtm: connect hook: %w: %w", terr, err)
	}
	s.kill(lostError(fmt.Errorf("connect hook: %w", err)))
	c.log.Info("rtm: connecting to the region the server named", "region", region)
	c.post(LifecycleEvent{Kind: EventConnecting})
	ws, derr := c.dial(ctx, target)
	if derr != nil {
		return nil, fmt.Errorf("rtm: connecting to region %s, which the server named: %w", region, derr)
	}
	next := c.newSession(ws, 0, target)
	next.dialing = make(chan *session, 1)
	if !c.install(next) { // a hook closed the Conn
		_ = ws.CloseNow()
		return nil, errClosedCall
	}
	c.url = target    // read by the run loop only after it receives next
	s.dialing <- next // the run loop reads next once s has ended
	err = c.runHooks(context.WithValue(ctx, hookKey{}, next), c.cfg.onConnect)
	if again := misdirectedRegion(err); again != "" {
		return nil, fmt.Errorf("rtm: connect hook: region %s, which the server named, misdirects the login again (to region %s), not followed: %w", region, again, err)
	}
	if err != nil {
		return nil, fmt.Errorf("rtm: connect hook in region %s, which the server named: %w", region, err)
	}
	return next, nil
}

// regionTarget returns the URL to dial for region, which the server named:
// the disconnect policy's URL for it, with the Conn's query. A region the
// policy has no URL for, or whose URL is not a websocket URL or would send
// the credentials over cleartext where the Conn used TLS, is an error naming
// the region: credentials go only where the policy says, never over a weaker
// scheme.
func (c *Conn) regionTarget(region string) (string, error) {
	raw := c.cfg.disconnect.regionURL(region)
	if raw == "" {
		return "", fmt.Errorf("the server names region %q, which has no known URL", region)
	}
	target, err := withQuery(raw, c.cfg.query)
	if err != nil {
		return "", fmt.Errorf("the URL of region %q: %w", region, err)
	}
	to, _ := url.Parse(target)
	from, _ := url.Parse(c.url)
	secure := func(u *url.URL) bool { return u.Scheme == "wss" || u.Scheme == "https" }
	switch {
	case to.Scheme != "ws" && to.Scheme != "wss" && to.Scheme != "http" && to.Scheme != "https":
		return "", fmt.Errorf("the URL of region %q is not a websocket URL (scheme %q)", region, to.Scheme)
	case from != nil && secure(from) && !secure(to):
		return "", fmt.Errorf("the URL of region %q is not TLS (%s) while the connection was: not followed", region, to.Scheme)
	}
	return target, nil
}

// withQuery merges query into the query of rawURL.
func withQuery(rawURL string, query url.Values) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", fmt.Errorf("rtm: invalid url %q", redactURL(rawURL))
	}
	if len(query) == 0 {
		return rawURL, nil
	}
	q := u.Query()
	for k, v := range query {
		q[k] = v
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// dial performs one websocket handshake, refusing redirects.
func (c *Conn) dial(ctx context.Context, target string) (*websocket.Conn, error) {
	hc := http.DefaultClient
	if c.cfg.httpClient != nil {
		hc = c.cfg.httpClient
	}
	noRedirect := *hc
	noRedirect.CheckRedirect = refuseRedirect
	ws, resp, err := websocket.Dial(ctx, target, &websocket.DialOptions{
		HTTPClient: &noRedirect,
		HTTPHeader: c.cfg.header,
	})
	if err != nil {
		derr := newDialError(target, resp, err)
		c.log.Warn("rtm: dial failed", "err", derr)
		return nil, derr
	}
	ws.SetReadLimit(c.cfg.readLimit)
	return ws, nil
}

// refuseRedirect is the CheckRedirect of every handshake: the request it
// would send carries the handshake headers, credentials included.
func refuseRedirect(req *http.Request, _ []*http.Request) error {
	return &kindError{kind: ErrRedirect, msg: "handshake redirected to " + redactURL(req.URL.String()) + ", not followed"}
}

// install makes s the live session, unless the Conn is closing.
func (c *Conn) install(s *session) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closing {
		return false
	}
	c.live.Store(s)
	return true
}

// setReady opens s to calls.
func (c *Conn) setReady(s *session) {
	c.mu.Lock()
	if c.closing || s.ended() {
		c.mu.Unlock()
		return
	}
	if s.attempt > 0 {
		c.stats.reconnects.Add(1) // counted before any call can see the connection
	}
	s.wasReady.Store(true)
	c.ready.Store(s)
	if !c.readyClosed {
		close(c.readyCh)
		c.readyClosed = true
	}
	c.mu.Unlock()
	c.log.Info("rtm: connected", "attempt", s.attempt)
	c.post(LifecycleEvent{Kind: EventConnected, Attempt: s.attempt})
}

// unready closes the Conn to calls until the next setReady.
func (c *Conn) unready(s *session) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ready.CompareAndSwap(s, nil) && c.err == nil && !c.closing {
		c.readyCh = make(chan struct{})
		c.readyClosed = false
	}
	c.live.CompareAndSwap(s, nil)
}

// Done returns a channel closed when the Conn is dead: after Close, after a
// lost connection without a reconnect policy, or when reconnecting gave up.
func (c *Conn) Done() <-chan struct{} { return c.done }

// Err returns why the Conn is dead (an error matching ErrClosed or
// ErrConnectionLost), or nil while it is alive or reconnecting.
func (c *Conn) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// runHooks runs hooks in order, recovering panics; the first error stops.
func (c *Conn) runHooks(ctx context.Context, hooks []hookFunc) error {
	for _, h := range hooks {
		if err := c.runHook(ctx, h); err != nil {
			return err
		}
	}
	return nil
}

// runHook calls one hook, recovering a panic.
func (c *Conn) runHook(ctx context.Context, h hookFunc) (err error) {
	returned := false
	defer func() {
		if returned {
			return
		}
		c.stats.panics.Add(1)
		if r := recover(); r != nil {
			err = fmt.Errorf("hook panicked: %v", r)
		} else {
			err = errors.New("hook called runtime.Goexit")
		}
	}()
	err = h(ctx, c)
	returned = true
	return err
}
