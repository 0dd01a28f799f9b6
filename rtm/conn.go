package rtm

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
)

// Conn is a connection to an RTM API endpoint: it sends requests (Call),
// matches their responses, dispatches pushes to handlers (Handle), keeps the
// connection alive and, if configured, reconnects. All its methods are safe
// for concurrent use. Create it with Dial; release it with Close.
type Conn struct {
	cfg    config
	url    string // dialled URL, with the query options merged
	log    *slog.Logger
	nextID atomic.Uint64 // request ids: 1, 2, ... unique per Conn

	// ctx is the Conn's lifetime: canceled by Close. Push handlers, the
	// reconnect hook, keepalive and reconnect waits run under it.
	ctx    context.Context
	cancel context.CancelFunc

	ready atomic.Pointer[session] // the session calls use; nil while (re)connecting or dead
	live  atomic.Pointer[session] // the current session, ready or still running the hook

	mu          sync.Mutex
	readyCh     chan struct{} // closed while ready != nil or the Conn is dead
	readyClosed bool
	closing     bool          // Close was called
	err         error         // terminal: why calls fail (nil while alive or reconnecting)
	done        chan struct{} // closed when err is set
	hookDone    chan struct{} // the running reconnect hook's goroutine, if any
	hookGID     atomic.Uint64 // its goroutine id (see goid)

	slots    chan struct{} // in-flight cap; nil without one
	handlers handlerTable
	disp     dispatcher

	runDone chan struct{} // the reader/reconnect goroutine
	kaDone  chan struct{} // the keepalive goroutine; nil when keepalive is off

	closeOnce   sync.Once
	stats       counters
	overflowing bool // the push queue is dropping (reader goroutine only)

	bufPool     sync.Pool // *[]byte request buffers
	pendingPool sync.Pool // *pendingCall
	timerPool   sync.Pool // *time.Timer for the default call timeout
}

// session is one websocket connection of a Conn. A Conn that reconnects has
// a new session per connection; calls in flight belong to the session that
// carried their request and fail with it.
type session struct {
	ws      *websocket.Conn
	ctx     context.Context // canceled when the session ends
	cancel  context.CancelFunc
	wlock   chan struct{} // the writer path; a channel so waiting writers can give up
	attempt int           // reconnect attempt that made it (0: Dial)

	mu       sync.Mutex
	pending  map[uint64]*pendingCall
	err      error // why it ended; nil while alive
	wasReady atomic.Bool

	rbuf bytes.Buffer // the reader's frame buffer
}

// Dial connects to the RTM websocket endpoint at url (e.g.
// "wss://api.livechatinc.com/v3.6/agent/rtm/ws") and returns a Conn ready
// for calls. ctx bounds the handshake only. Dial does not retry: with a
// reconnect policy, only a connection that was once established is
// re-established.
func Dial(ctx context.Context, url string, opts ...Option) (*Conn, error) {
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
	}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	if cfg.maxInFlight > 0 {
		c.slots = make(chan struct{}, cfg.maxInFlight)
	}
	c.disp.init(cfg.pushQueueSize)
	go c.dispatchLoop()

	c.post(LifecycleEvent{Kind: EventConnecting})
	c.log.Info("rtm: connecting")
	ws, err := c.dial(ctx)
	if err != nil {
		c.cancel()
		c.disp.stopAndWait()
		return nil, err
	}
	s := c.newSession(ws, 0)
	c.live.Store(s)
	c.setReady(s)
	go c.run(s)
	if cfg.pingInterval > 0 {
		c.kaDone = make(chan struct{})
		go c.keepalive()
	}
	return c, nil
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

// dial performs one websocket handshake.
func (c *Conn) dial(ctx context.Context) (*websocket.Conn, error) {
	ws, resp, err := websocket.Dial(ctx, c.url, &websocket.DialOptions{
		HTTPClient: c.cfg.httpClient,
		HTTPHeader: c.cfg.header,
	})
	if err != nil {
		derr := newDialError(c.url, resp, err)
		c.log.Warn("rtm: dial failed", "err", derr)
		return nil, derr
	}
	ws.SetReadLimit(c.cfg.readLimit)
	return ws, nil
}

func (c *Conn) newSession(ws *websocket.Conn, attempt int) *session {
	s := &session{
		ws:      ws,
		wlock:   make(chan struct{}, 1),
		attempt: attempt,
		pending: make(map[uint64]*pendingCall),
	}
	s.ctx, s.cancel = context.WithCancel(c.ctx)
	return s
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

// terminate makes the Conn dead: calls fail with err from now on. Only Close
// replaces an earlier terminal error (calls after Close fail with ErrClosed).
func (c *Conn) terminate(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		if err == errClosedCall {
			c.err = err
		}
		return
	}
	c.err = err
	c.ready.Store(nil)
	if !c.readyClosed {
		close(c.readyCh)
		c.readyClosed = true
	}
	close(c.done)
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

// Close closes the connection with a websocket close handshake (status 1000;
// coder/websocket bounds it to 5 s for the close frame and 5 s for the
// peer's answer, which only an unresponsive peer makes it wait for) and
// releases everything the Conn holds. Pending and later calls fail with
// ErrClosed. Close waits for the Conn's goroutines to end, including a push
// handler, lifecycle function or reconnect hook running at that moment
// (their context is canceled: they should return). They may call Close
// themselves: Close then does not wait for the goroutine it runs on, which
// ends when the function returns. Close is idempotent and always returns
// nil.
func (c *Conn) Close() error {
	first := false
	c.closeOnce.Do(func() { first = true })
	if !first {
		return nil
	}
	c.mu.Lock()
	c.closing = true
	s := c.live.Load()
	c.mu.Unlock()
	c.terminate(errClosedCall)
	c.cancel()
	if s != nil && s.end(errClosedCall) {
		c.log.Info("rtm: closing")
		_ = s.ws.Close(websocket.StatusNormalClosure, "")
	}
	<-c.runDone
	if c.kaDone != nil {
		<-c.kaDone
	}
	c.mu.Lock()
	hookDone := c.hookDone // no hook starts once run has returned
	c.mu.Unlock()
	if hookDone != nil && c.hookGID.Load() != goid() {
		<-hookDone
	}
	c.post(LifecycleEvent{Kind: EventClosed})
	c.disp.stopAndWait()
	return nil
}

// ended reports whether the session has ended.
func (s *session) ended() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err != nil
}

// end ends the session with err (already in its final form, e.g. a
// lostError): every pending call fails with it. It reports false if the
// session had already ended.
func (s *session) end(err error) bool {
	s.mu.Lock()
	if s.err != nil {
		s.mu.Unlock()
		return false
	}
	s.err = err
	pending := s.pending
	s.pending = nil
	s.mu.Unlock()
	s.cancel()
	for _, pc := range pending {
		pc.ch <- callResult{err: err}
	}
	return true
}

// kill ends the session with err and drops its connection at once.
func (s *session) kill(err error) {
	if s.end(err) {
		_ = s.ws.CloseNow()
	}
}

// register adds a pending call; it reports false if the session has ended
// (the request was not sent).
func (s *session) register(id uint64, pc *pendingCall) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return false
	}
	s.pending[id] = pc
	return true
}

// take removes and returns the pending call with id, or nil.
func (s *session) take(id uint64) *pendingCall {
	s.mu.Lock()
	pc := s.pending[id]
	if pc != nil {
		delete(s.pending, id)
	}
	s.mu.Unlock()
	return pc
}

// forget removes the pending call id for a caller that gives up. It reports
// false if a result is already on its way (the caller must receive it).
func (s *session) forget(id uint64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.pending[id]; ok {
		delete(s.pending, id)
		return true
	}
	return false
}

// write sends one text frame. The caller's ctx bounds only the wait for the
// writer path, never the websocket write itself (coder/websocket closes the
// connection when a write's context expires). A write blocked by a dead
// peer is undone by keepalive or Close.
func (s *session) write(ctx context.Context, timeout <-chan time.Time, b []byte) error {
	select {
	case s.wlock <- struct{}{}:
	default:
		select {
		case s.wlock <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		case <-timeout:
			return errTimedOut
		case <-s.ctx.Done():
			return errSessionEnded
		}
	}
	err := s.ws.Write(context.Background(), websocket.MessageText, b)
	<-s.wlock
	return err
}

var errSessionEnded = errors.New("session ended")
