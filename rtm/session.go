package rtm

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
)

// session is one websocket connection of a Conn. A Conn that reconnects has
// a new session per connection; calls in flight belong to the session that
// carried their request and fail with it.
//
// A call uses a session in four steps: register its pending entry before
// writing the request (register reports false if the session has ended:
// nothing was sent, try the next session); write; then the reader takes the
// entry when the response arrives (take) and sends the result on pc.ch, or
// end sends the session's failure to every entry; a caller that gives up
// calls forget, and if forget reports false a result is already on its way
// in pc.ch and must be received.
//
// Lock order: Conn.mu before session.mu, never the reverse (setReady holds
// c.mu and calls s.ended).
type session struct {
	// Set by newSession, then read-only.
	ws      *websocket.Conn
	ctx     context.Context // canceled when the session ends
	cancel  context.CancelFunc
	wlock   chan struct{} // the writer path; a channel so waiting writers can give up
	attempt int           // reconnect attempt that made it (0: Dial)
	url     string        // the URL it was dialled at

	// dialing is set on the sessions Dial makes: until Dial has decided (it
	// closes dialing once the session is ready), the end of the session is
	// Dial's to act on: it fails (and closes the Conn), or sends the session
	// of the region the server named, which the run loop reads next.
	dialing chan *session

	mu      sync.Mutex // guards pending and err
	pending map[uint64]*pendingCall
	err     error // why it ended; nil while alive

	wasReady   atomic.Bool
	disconnect atomic.Pointer[DisconnectError] // the server's announced reason, if any

	// The hooks' outcome: hookErr is written before hookDone is closed.
	hookDone chan struct{} // nil when no hook runs for this session
	hookErr  error

	// The write watchdog (see write): wgen is odd while a write is under
	// way, wdeadline its deadline in Unix nanoseconds.
	wtimer    *time.Timer
	wgen      atomic.Uint64
	wdeadline atomic.Int64

	rbuf bytes.Buffer // the reader's frame buffer (reader goroutine only)
}

func (c *Conn) newSession(ws *websocket.Conn, attempt int, url string) *session {
	s := &session{
		ws:      ws,
		wlock:   make(chan struct{}, 1),
		attempt: attempt,
		url:     url,
		pending: make(map[uint64]*pendingCall),
	}
	s.ctx, s.cancel = context.WithCancel(c.ctx)
	s.wtimer = time.AfterFunc(time.Hour, s.writeExpired)
	s.wtimer.Stop()
	return s
}

// ended reports whether the session has ended.
func (s *session) ended() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err != nil
}

// cause returns why the session ended (nil while alive).
func (s *session) cause() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
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
	s.wtimer.Stop()
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

// write sends one text frame. The caller's ctx bounds the wait for the
// writer path; the websocket write itself gets no context (coder/websocket
// closes the connection when a write's context expires, see
// https://github.com/coder/websocket/issues/242#issuecomment-633182220), it
// is bounded by deadline instead: if the write is still under way then, the
// watchdog timer kills the session (a partial frame cannot be taken back)
// and write returns errWriteTimedOut. A zero deadline means none; a write
// blocked by a dead peer is then undone by keepalive or Close.
//
// Why a watchdog rather than geth's single writer goroutine: the write stays
// on the caller's goroutine (no hand-off per call), and one timer per
// session, reset per write, costs no allocation.
func (s *session) write(ctx context.Context, timeout <-chan time.Time, deadline time.Time, b []byte) error {
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
	defer func() { <-s.wlock }()
	if deadline.IsZero() {
		return s.ws.Write(context.Background(), websocket.MessageText, b)
	}
	d := time.Until(deadline)
	if d <= 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		return errTimedOut
	}
	s.wdeadline.Store(deadline.UnixNano())
	g := s.wgen.Add(1) // odd: writing
	s.wtimer.Reset(d)
	err := s.ws.Write(context.Background(), websocket.MessageText, b)
	expired := !s.wgen.CompareAndSwap(g, g+1)
	s.wtimer.Stop()
	if expired {
		return errWriteTimedOut
	}
	return err
}

// writeExpired is the watchdog: a write still under way at its deadline
// ends the session. A late run left over from an earlier write finds the
// current write's deadline in the future, or no write, and does nothing.
func (s *session) writeExpired() {
	g := s.wgen.Load()
	if g%2 == 0 || time.Now().UnixNano() < s.wdeadline.Load() {
		return
	}
	if s.wgen.CompareAndSwap(g, g+1) {
		s.kill(lostError(fmt.Errorf("%w: the server stopped reading", ErrWriteTimeout)))
	}
}

var errSessionEnded = errors.New("session ended")
