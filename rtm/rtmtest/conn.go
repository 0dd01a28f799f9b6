package rtmtest

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"

	"github.com/coder/websocket"
)

// ServerConn is one client connection to a Server. Tests use it to push,
// send raw frames, drop or close the connection, and to inspect the
// handshake (Header, Query).
type ServerConn struct {
	srv    *Server
	id     int
	ws     *websocket.Conn
	nc     net.Conn // the TCP connection, for Drop
	header http.Header
	query  url.Values
	path   string

	ctx    context.Context // canceled when the connection ends
	cancel context.CancelFunc
	wmu    sync.Mutex    // one writer at a time
	ready  chan struct{} // closed once ws is set (or the handshake failed)
	done   chan struct{}

	stalled atomic.Bool
	errMu   sync.Mutex
	err     error
}

type connKey struct{}

// ConnFromContext returns the connection a handler's request came on.
func ConnFromContext(ctx context.Context) *ServerConn {
	c, _ := ctx.Value(connKey{}).(*ServerConn)
	return c
}

// ID returns the connection's number: 1 for the first connection the server
// accepted, 2 for the second...
func (c *ServerConn) ID() int { return c.id }

// Header returns the HTTP headers of the websocket handshake.
func (c *ServerConn) Header() http.Header { return c.header.Clone() }

// Query returns the query parameters of the websocket URL.
func (c *ServerConn) Query() url.Values {
	q := url.Values{}
	for k, v := range c.query {
		q[k] = append([]string(nil), v...)
	}
	return q
}

// Path returns the path of the websocket URL.
func (c *ServerConn) Path() string { return c.path }

// Done returns a channel closed when the connection has ended.
func (c *ServerConn) Done() <-chan struct{} { return c.done }

// Err returns why the connection ended (the read error), or nil while open.
func (c *ServerConn) Err() error {
	c.errMu.Lock()
	defer c.errMu.Unlock()
	return c.err
}

// Frame is an outbound frame for Send: a push, a response, or anything a
// test wants the client to receive. Empty fields are left out.
type Frame struct {
	RequestID string `json:"request_id,omitempty"`
	Action    string `json:"action,omitempty"`
	Type      string `json:"type,omitempty"` // "push", "response", or anything else
	Success   *bool  `json:"success,omitempty"`
	Payload   any    `json:"payload,omitempty"` // any value; json.RawMessage is sent as is
}

// Push sends {"action":action,"type":"push","payload":payload}.
func (c *ServerConn) Push(action string, payload any) error {
	if payload == nil {
		payload = json.RawMessage("{}")
	}
	return c.Send(Frame{Action: action, Type: "push", Payload: payload})
}

// Send sends f as one text frame.
func (c *ServerConn) Send(f Frame) error {
	b, err := json.Marshal(f)
	if err != nil {
		return fmt.Errorf("rtmtest: encode frame: %w", err)
	}
	return c.WriteText(b)
}

// WriteText sends b as a text frame, as is: valid JSON or not.
func (c *ServerConn) WriteText(b []byte) error {
	return c.write(websocket.MessageText, b)
}

// WriteBinary sends b as a binary frame (which the RTM API never uses).
func (c *ServerConn) WriteBinary(b []byte) error {
	return c.write(websocket.MessageBinary, b)
}

// wait waits for the end of the handshake; it reports false if it failed.
func (c *ServerConn) wait() bool {
	<-c.ready
	return c.ws != nil
}

// fail ends a connection whose handshake failed after it was registered.
func (c *ServerConn) fail(err error) {
	c.errMu.Lock()
	c.err = err
	c.errMu.Unlock()
	close(c.ready)
	close(c.done)
	c.srv.mu.Lock()
	c.srv.notifyLocked()
	c.srv.mu.Unlock()
}

func (c *ServerConn) write(typ websocket.MessageType, b []byte) error {
	if !c.wait() {
		return fmt.Errorf("rtmtest: conn %d: handshake failed", c.id)
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if err := c.ws.Write(context.Background(), typ, b); err != nil {
		return fmt.Errorf("rtmtest: conn %d: write: %w", c.id, err)
	}
	return nil
}

// Drop closes the TCP connection at once, without a websocket close frame:
// what a crash or a network failure looks like to the client.
func (c *ServerConn) Drop() {
	if c.nc != nil {
		_ = c.nc.Close()
	}
	if c.wait() {
		_ = c.ws.CloseNow()
	}
}

// Close closes the connection with a websocket close frame carrying code
// (e.g. 1000, 1001, 4000) and reason, and waits for the client's reply (a
// few seconds at most).
func (c *ServerConn) Close(code int, reason string) error {
	if !c.wait() {
		return fmt.Errorf("rtmtest: conn %d: handshake failed", c.id)
	}
	err := c.ws.Close(websocket.StatusCode(code), reason)
	if err != nil {
		return fmt.Errorf("rtmtest: conn %d: close: %w", c.id, err)
	}
	return nil
}

// Stall makes the connection hang like a dead peer: from now on it answers
// nothing, neither requests nor websocket pings. Requests are still read and
// recorded. Pushes and raw frames can still be sent.
func (c *ServerConn) Stall() { c.stalled.Store(true) }

// serve reads the connection until it ends.
func (c *ServerConn) serve() {
	defer func() {
		c.cancel()
		_ = c.ws.CloseNow()
		close(c.done)
		c.srv.mu.Lock()
		c.srv.notifyLocked()
		c.srv.mu.Unlock()
	}()
	for {
		typ, b, err := c.ws.Read(context.Background())
		if err != nil {
			c.errMu.Lock()
			c.err = err
			c.errMu.Unlock()
			return
		}
		c.srv.handleFrame(c, typ, b)
	}
}
