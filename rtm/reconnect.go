package rtm

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"
)

// run is the Conn's connection goroutine: it reads the current session until
// it ends, then reconnects (with a policy) or makes the Conn dead.
func (c *Conn) run(s *session) {
	defer close(c.runDone)
	failures := 0 // consecutive attempts that did not give a usable connection
	for {
		c.sessionEnded(s, c.readLoop(s))
		if c.isClosing() {
			return
		}
		s.mu.Lock()
		cause := s.err
		s.mu.Unlock()
		if c.cfg.reconnect == nil {
			c.terminate(cause)
			return
		}
		if IsFatal(cause) {
			c.giveUp(cause)
			return
		}
		if s.wasReady.Load() {
			failures = 0
		}
		if s = c.reconnect(&failures, cause); s == nil {
			return
		}
	}
}

func (c *Conn) isClosing() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closing
}

// giveUp stops reconnecting: the Conn is dead.
func (c *Conn) giveUp(cause error) {
	err := lostError(fmt.Errorf("gave up reconnecting: %w", cause))
	c.log.Error("rtm: gave up reconnecting", "err", cause)
	c.terminate(err)
	c.post(LifecycleEvent{Kind: EventGaveUp, Err: err})
}

// reconnect dials until it gets a connection, following the policy. It
// returns the new session (its hook running, or ready), or nil when the Conn
// is closing or gave up.
func (c *Conn) reconnect(failures *int, last error) *session {
	p := c.cfg.reconnect
	for {
		if p.MaxAttempts > 0 && *failures >= p.MaxAttempts {
			c.giveUp(fmt.Errorf("%d attempts failed, last: %w", *failures, last))
			return nil
		}
		*failures++
		n := *failures
		d := p.delay(n, rand.Float64())
		c.post(LifecycleEvent{Kind: EventRetrying, Attempt: n, Delay: d, Err: last})
		c.log.Info("rtm: reconnecting", "attempt", n, "delay", d)
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-c.ctx.Done():
			t.Stop()
			return nil
		}

		c.stats.reconnectAttempts.Add(1)
		c.post(LifecycleEvent{Kind: EventConnecting, Attempt: n})
		ctx, cancel := context.WithTimeout(c.ctx, p.DialTimeout)
		ws, err := c.dial(ctx)
		cancel()
		if c.ctx.Err() != nil {
			if ws != nil {
				_ = ws.CloseNow()
			}
			return nil
		}
		if err != nil {
			last = err
			if IsFatal(err) {
				c.giveUp(err)
				return nil
			}
			continue
		}
		s := c.newSession(ws, n)
		if !c.install(s) {
			_ = ws.CloseNow()
			return nil
		}
		if c.cfg.onReconnect == nil {
			c.setReady(s)
		} else {
			c.startHook(s)
		}
		return s
	}
}

// startHook runs the OnReconnect hook for s on its own goroutine (the reader
// must run meanwhile, to deliver the hook's responses). Success opens s to
// calls; failure drops it, and the run loop decides whether to retry.
func (c *Conn) startHook(s *session) {
	done := make(chan struct{})
	c.mu.Lock()
	c.hookDone = done
	c.mu.Unlock()
	go func() {
		defer close(done)
		c.hookGID.Store(goid())
		ctx := context.WithValue(s.ctx, hookKey{}, s)
		err := c.runHook(ctx)
		if err == nil {
			c.setReady(s)
			return
		}
		if s.ctx.Err() != nil {
			return // the session ended under the hook; the run loop handles it
		}
		c.log.Warn("rtm: reconnect hook failed, dropping the connection", "err", err)
		s.kill(lostError(fmt.Errorf("reconnect hook: %w", err)))
	}()
}

// runHook calls the hook, recovering a panic.
func (c *Conn) runHook(ctx context.Context) (err error) {
	defer func() {
		if r := recover(); r != nil {
			c.stats.panics.Add(1)
			err = fmt.Errorf("reconnect hook panicked: %v", r)
		}
	}()
	return c.cfg.onReconnect(ctx, c)
}
