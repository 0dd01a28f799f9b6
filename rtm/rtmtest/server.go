package rtmtest

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/coder/websocket"
)

// Server is a fake RTM server: a real websocket server on 127.0.0.1 whose
// behaviour a test scripts. Create it with NewServer or New.
//
// Each connection is read by one goroutine. Requests are handled
// concurrently, each on its own goroutine (unless WithSerialHandling), so a
// slow or silent handler does not hold up the others; responses and pushes
// to one connection are written one at a time.
//
// Without a handler, the action "ping" is answered with an empty success
// payload; any other action gets an error response of type TypeNoHandler. A
// frame that is not a JSON request with an action gets an error response of
// type "validation" (the RTM API's "Wrong format of request").
type Server struct {
	hs        *httptest.Server
	url       string
	readLimit int64
	record    bool
	serial    bool

	ctx    context.Context // canceled by Close: handlers' contexts derive from it
	cancel context.CancelFunc
	wg     sync.WaitGroup // connection and request goroutines

	mu       sync.Mutex
	handlers map[string]HandlerFunc
	conns    []*ServerConn // every connection ever accepted; ID i is conns[i-1]
	requests []Request
	changed  chan struct{} // closed and replaced when conns or requests change
	reject   int
	closed   bool
}

// Option configures a Server.
type Option func(*Server)

// WithTLS makes the server speak TLS (wss://) with a self-signed
// certificate. Clients must trust it: use HTTPClient or TLSConfig.
func WithTLS() Option {
	return func(s *Server) { s.hs.TLS = &tls.Config{} }
}

// WithReadLimit sets the largest request frame the server accepts, in bytes
// (default 32 MiB).
func WithReadLimit(n int64) Option {
	return func(s *Server) { s.readLimit = n }
}

// WithoutRecording turns off the recording of requests (Requests,
// WaitRequest), for long benchmarks.
func WithoutRecording() Option {
	return func(s *Server) { s.record = false }
}

// WithSerialHandling makes each connection handle its requests one at a
// time, in arrival order, on its reader goroutine: responses come in request
// order, and a handler that blocks stops the connection from reading.
func WithSerialHandling() Option {
	return func(s *Server) { s.serial = true }
}

type netConnKey struct{}

// NewServer starts a fake RTM server on 127.0.0.1. Close it when done (or
// use New, which does it for you).
func NewServer(opts ...Option) *Server {
	s := &Server{
		readLimit: 32 << 20,
		record:    true,
		handlers:  map[string]HandlerFunc{},
		changed:   make(chan struct{}),
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.hs = httptest.NewUnstartedServer(http.HandlerFunc(s.serveHTTP))
	s.hs.Config.ErrorLog = log.New(io.Discard, "", 0) // e.g. TLS handshakes refused by tests
	s.hs.Config.ConnContext = func(ctx context.Context, c net.Conn) context.Context {
		return context.WithValue(ctx, netConnKey{}, c)
	}
	for _, o := range opts {
		o(s)
	}
	if s.hs.TLS != nil {
		s.hs.StartTLS()
		s.url = "wss" + strings.TrimPrefix(s.hs.URL, "https")
	} else {
		s.hs.Start()
		s.url = "ws" + strings.TrimPrefix(s.hs.URL, "http")
	}
	return s
}

// New starts a fake RTM server and closes it when the test ends.
func New(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	s := NewServer(opts...)
	tb.Cleanup(s.Close)
	return s
}

// URL returns the websocket URL of the server: ws://127.0.0.1:port (or
// wss:// with WithTLS). Any path is accepted.
func (s *Server) URL() string { return s.url }

// HTTPClient returns an HTTP client that trusts the server's certificate
// (for rtm.WithHTTPClient). Without WithTLS it is a plain client.
func (s *Server) HTTPClient() *http.Client { return s.hs.Client() }

// TLSConfig returns a client TLS configuration that trusts the server's
// certificate, or nil without WithTLS.
func (s *Server) TLSConfig() *tls.Config {
	if s.hs.TLS == nil {
		return nil
	}
	if t, ok := s.hs.Client().Transport.(*http.Transport); ok && t.TLSClientConfig != nil {
		return t.TLSClientConfig.Clone()
	}
	return nil
}

// RejectConnections makes the server refuse the websocket handshakes that
// follow with the given HTTP status (e.g. 401, 503); 0 accepts them again.
// Open connections are not affected.
func (s *Server) RejectConnections(status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reject = status
}

// Close closes every connection abruptly and stops the server, waiting for
// its goroutines (handlers' contexts are canceled). It is idempotent.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	conns := slices.Clone(s.conns)
	s.mu.Unlock()
	s.cancel()
	for _, c := range conns {
		c.Drop()
	}
	s.hs.Close()
	s.wg.Wait()
}

// serveHTTP accepts one websocket connection and reads it until it ends.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		http.Error(w, "server closed", http.StatusServiceUnavailable)
		return
	}
	if s.reject != 0 {
		status := s.reject
		s.mu.Unlock()
		http.Error(w, http.StatusText(status), status)
		return
	}
	s.wg.Add(1)
	s.mu.Unlock()
	defer s.wg.Done()

	c := &ServerConn{
		srv:    s,
		header: r.Header.Clone(),
		query:  r.URL.Query(),
		path:   r.URL.Path,
		ready:  make(chan struct{}),
		done:   make(chan struct{}),
	}
	if nc, ok := r.Context().Value(netConnKey{}).(net.Conn); ok {
		if tc, ok := nc.(*tls.Conn); ok {
			nc = tc.NetConn()
		}
		c.nc = nc
	}
	// The connection is registered before the client can see the
	// handshake's response: once Dial returns, Conn and WaitConn find it.
	rw := &registeringWriter{ResponseWriter: w, register: func() { s.register(c) }}
	ws, err := websocket.Accept(rw, r, &websocket.AcceptOptions{
		OnPingReceived: func(context.Context, []byte) bool { return !c.stalled.Load() },
	})
	if err != nil {
		if rw.registered {
			c.fail(err)
		}
		return
	}
	ws.SetReadLimit(s.readLimit)
	c.ws = ws
	c.ctx, c.cancel = context.WithCancel(context.WithValue(s.ctx, connKey{}, c))
	close(c.ready)
	c.serve()
}

// registeringWriter registers the connection when the handshake's
// 101 Switching Protocols is written.
type registeringWriter struct {
	http.ResponseWriter
	register   func()
	registered bool
}

func (w *registeringWriter) WriteHeader(code int) {
	if code == http.StatusSwitchingProtocols && !w.registered {
		w.registered = true
		w.register()
	}
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets websocket.Accept find the http.Hijacker.
func (w *registeringWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// register adds c to the server's connections.
func (s *Server) register(c *ServerConn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.id = len(s.conns) + 1
	s.conns = append(s.conns, c)
	s.notifyLocked()
}

// notifyLocked wakes the waiters of WaitConn and WaitRequest.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// Conns returns the connections that are open now, in order of arrival.
func (s *Server) Conns() []*ServerConn {
	s.mu.Lock()
	defer s.mu.Unlock()
	var open []*ServerConn
	for _, c := range s.conns {
		select {
		case <-c.done:
		default:
			open = append(open, c)
		}
	}
	return open
}

// Conn returns the connection with the given ID (1 for the first accepted),
// or nil if there is none yet. A connection is registered before the
// client's handshake completes: once a client's Dial has returned, its
// connection is there.
func (s *Server) Conn(id int) *ServerConn {
	s.mu.Lock()
	defer s.mu.Unlock()
	if id < 1 || id > len(s.conns) {
		return nil
	}
	return s.conns[id-1]
}

// WaitConn waits until the connection with the given ID (1 for the first
// accepted, 2 for the second, e.g. a reconnection) exists, and returns it.
// It fails only when ctx ends.
func (s *Server) WaitConn(ctx context.Context, id int) (*ServerConn, error) {
	for {
		s.mu.Lock()
		if id >= 1 && id <= len(s.conns) {
			c := s.conns[id-1]
			s.mu.Unlock()
			return c, nil
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, errors.Join(errors.New("rtmtest: no connection "+strconv.Itoa(id)), ctx.Err())
		}
	}
}

// PushAll sends a push to every open connection; it returns the errors of
// the connections it could not write to.
func (s *Server) PushAll(action string, payload any) error {
	var errs []error
	for _, c := range s.Conns() {
		if err := c.Push(action, payload); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
