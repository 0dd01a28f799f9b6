package rtm

import (
	"context"
	"fmt"
	"time"
)

// keepalive pings the server every ping interval: a websocket ping, which
// must be answered within the ping timeout or the connection is declared
// dead (its calls fail at once), then the protocol message
// {"action":"ping","payload":{}} the RTM API asks for.
func (c *Conn) keepalive() {
	defer close(c.kaDone)
	t := time.NewTicker(c.cfg.pingInterval)
	defer t.Stop()
	for {
		select {
		case <-c.ctx.Done():
			return
		case <-t.C:
		}
		s := c.live.Load()
		if s == nil || s.ctx.Err() != nil {
			continue
		}
		c.stats.pings.Add(1)
		ctx, cancel := context.WithTimeout(s.ctx, c.cfg.pingTimeout)
		err := s.ws.Ping(ctx)
		cancel()
		if err != nil {
			if s.ctx.Err() != nil {
				continue // the session ended meanwhile
			}
			c.stats.pingFailures.Add(1)
			cause := fmt.Errorf("%w within %v: %w", ErrKeepaliveTimeout, c.cfg.pingTimeout, err)
			c.log.Warn("rtm: keepalive failed, dropping the connection", "err", cause)
			s.kill(lostError(cause))
			continue
		}
		c.protocolPing(s)
	}
}

// protocolPing sends the "ping" action on s and waits (up to the ping
// timeout) for its response. It takes an in-flight slot only if one is free:
// a busy connection is not starved of its own calls' slots.
func (c *Conn) protocolPing(s *session) {
	if c.slots != nil {
		select {
		case c.slots <- struct{}{}:
			defer c.releaseSlot()
		default:
			return
		}
	}
	id := c.nextID.Add(1)
	msg := appendRequest(make([]byte, 0, 64), id, "ping", emptyObject, "")
	pc := c.getPending()
	pc.wantPayload = false
	if !s.register(id, pc) {
		return
	}
	t := time.NewTimer(c.cfg.pingTimeout)
	defer t.Stop()
	_, err := c.exchange(s.ctx, t.C, time.Now().Add(c.cfg.pingTimeout), s, id, pc, msg)
	if err != nil && s.ctx.Err() == nil {
		c.log.Debug("rtm: protocol ping failed", "err", err)
	}
}
