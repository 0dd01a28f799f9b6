package rtm

import "github.com/coder/websocket"

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

// Close closes the connection with a websocket close handshake (status 1000;
// coder/websocket bounds it to 5 s for the close frame and 5 s for the
// peer's answer, which only an unresponsive peer makes it wait for) and
// releases everything the Conn holds. Pending and later calls fail with
// ErrClosed.
//
// Close waits only for the goroutines that never run user code: the reader
// (which also reconnects) and keepalive. The goroutines that run user code,
// push handlers, push interceptors, the lifecycle function and the hooks,
// are signalled and left to finish: their context is canceled, the
// dispatcher stops before the next push, and EventClosed is the last event
// the lifecycle function gets. Stopped is closed once they have all
// returned. So a handler, hook or lifecycle function may call Close without
// deadlocking, and Close never hangs on a handler that ignores its context.
//
// Close is idempotent and always returns nil; a second Close returns once
// the first one has.
func (c *Conn) Close() error {
	first := false
	c.closeOnce.Do(func() { first = true })
	if !first {
		<-c.closed
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
	c.post(LifecycleEvent{Kind: EventClosed})
	c.disp.stopNow()
	c.userDone() // Close's token: Stopped may now close
	close(c.closed)
	return nil
}

// Stopped returns a channel closed after Close once every goroutine of the
// Conn has returned, those running user code (push handlers, interceptors,
// the lifecycle function, hooks) included. Close does not wait for them (see
// Close); wait on Stopped from outside a handler when that matters, e.g.
// before checking for leaked goroutines or releasing what handlers use.
func (c *Conn) Stopped() <-chan struct{} { return c.stopped }
