package rtm

import (
	"context"
	"errors"
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
		if s.dialing != nil { // Dial's session: wait for Dial's decision (see session.dialing)
			select {
			case next, ok := <-s.dialing:
				if ok {
					s = next
					continue
				}
			case <-c.ctx.Done():
				return
			}
		}
		cause, ok := c.afterHooks(s)
		if !ok {
			return // closing
		}
		if c.cfg.reconnect == nil {
			c.terminate(cause)
			return
		}
		if IsFatal(cause) {
			c.giveUp(cause)
			return
		}
		if region := c.namedRegion(s); region != "" {
			target, err := c.regionTarget(region)
			if err != nil {
				c.giveUp(fmt.Errorf("%w: %w", err, cause))
				return
			}
			c.log.Info("rtm: reconnecting to the region the server named", "region", region)
			c.url = target
		}
		if s.wasReady.Load() {
			failures = 0
		}
		if s = c.reconnect(&failures, cause); s == nil {
			return
		}
	}
}

// afterHooks waits for the hooks of the ended session s, if they run, and
// returns why s ended: a fatal hook error wins over the end of the
// connection, whatever the order in which the refusal and the close
// arrived (a server may refuse a login and close in one write). It reports
// false if the Conn is closing meanwhile.
func (c *Conn) afterHooks(s *session) (error, bool) {
	cause := s.cause()
	if s.hookDone == nil {
		return cause, true
	}
	select {
	case <-s.hookDone:
	case <-c.ctx.Done():
		return nil, false
	}
	if err := s.hookErr; err != nil && !errors.Is(cause, err) {
		if IsFatal(err) || misdirectedRegion(err) != "" {
			return lostError(fmt.Errorf("reconnect hook: %w", err)), true
		}
	}
	return cause, true
}

// namedRegion returns the region the server named for s (a wrong-region
// disconnect reason, or a misdirected_request error of the hooks), or "".
func (c *Conn) namedRegion(s *session) string {
	if de := s.disconnect.Load(); de != nil && de.wrongRegion {
		return de.Region
	}
	if s.hookDone != nil && s.hookErr != nil {
		return misdirectedRegion(s.hookErr)
	}
	return ""
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
	c.post(LifecycleEvent{Kind: EventGaveUp, Err: err, Reason: disconnectReason(cause)})
}

// reconnect dials until it gets a connection, following the policy. It
// returns the new session (its hooks running, or ready), or nil when the
// Conn is closing or gave up.
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
		c.post(LifecycleEvent{Kind: EventRetrying, Attempt: n, Delay: d, Err: last, Reason: disconnectReason(last)})
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
		ws, err := c.dial(ctx, c.url)
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
		s := c.newSession(ws, n, c.url)
		if len(c.cfg.onConnect)+len(c.cfg.onReconnect) > 0 {
			s.hookDone = make(chan struct{})
		}
		if !c.install(s) {
			_ = ws.CloseNow()
			return nil
		}
		if s.hookDone == nil {
			c.setReady(s)
		} else {
			c.startHooks(s)
		}
		return s
	}
}

// startHooks runs the connect and reconnect hooks for s on their own
// goroutine (the reader must run meanwhile, to deliver the hooks'
// responses). Success opens s to calls; failure drops it, and the run loop
// decides whether to retry (afterHooks). The outcome is kept in s.hookErr
// even when the session ended first.
func (c *Conn) startHooks(s *session) {
	c.goUser(func() {
		returned := false
		defer func() {
			if !returned { // a hook called runtime.Goexit
				s.hookErr = errors.New("hook called runtime.Goexit")
				s.kill(lostError(fmt.Errorf("reconnect hook: %w", s.hookErr)))
			}
			close(s.hookDone)
			c.userDone()
		}()
		ctx := context.WithValue(s.ctx, hookKey{}, s)
		err := c.runHooks(ctx, c.cfg.onConnect)
		if err == nil {
			err = c.runHooks(ctx, c.cfg.onReconnect)
		}
		s.hookErr = err
		returned = true
		if err == nil {
			c.setReady(s)
			return
		}
		if s.ctx.Err() != nil {
			return // the session ended under the hook; the run loop reads hookErr
		}
		c.log.Warn("rtm: reconnect hook failed, dropping the connection", "err", err)
		s.kill(lostError(fmt.Errorf("reconnect hook: %w", err)))
	})
}
