package rtm

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/coder/websocket"
)

// maxKeptReadBuf is the largest read buffer kept between frames; a bigger
// frame's buffer is released after use so an idle connection stays small.
const maxKeptReadBuf = 64 << 10

// readLoop reads frames of s until the connection fails, and returns why.
// It is the only reader of s.ws. It never passes a cancellable context to
// the websocket: the connection is ended by closing it.
func (c *Conn) readLoop(s *session) error {
	var f frame
	for {
		typ, r, err := s.ws.Reader(context.Background())
		if err != nil {
			return err
		}
		s.rbuf.Reset()
		if _, err := s.rbuf.ReadFrom(r); err != nil {
			return err
		}
		b := s.rbuf.Bytes()
		if typ != websocket.MessageText {
			c.stats.binary.Add(1)
			c.log.Warn("rtm: binary frame ignored", "bytes", len(b))
		} else {
			c.handleFrame(s, b, &f)
		}
		if s.rbuf.Cap() > maxKeptReadBuf {
			s.rbuf = bytes.Buffer{}
		}
	}
}

// handleFrame decodes one text frame and routes it.
func (c *Conn) handleFrame(s *session, b []byte, f *frame) {
	if err := decodeFrame(b, f); err != nil {
		c.stats.malformed.Add(1)
		c.log.Warn("rtm: malformed frame dropped", "bytes", len(b), "err", err)
		return
	}
	switch string(f.typ) {
	case frameResponse:
		c.handleResponse(s, f, len(b))
	case framePush:
		c.handlePush(s, f, len(b))
	default:
		c.stats.unknownTypes.Add(1)
		c.log.Warn("rtm: frame of unknown type dropped", "type", clip(f.typ),
			"action", clip(f.action), "bytes", len(b))
	}
}

// handleResponse hands a response to the call waiting for it.
func (c *Conn) handleResponse(s *session, f *frame, size int) {
	id, ok := parseRequestID(f.requestID)
	var pc *pendingCall
	if ok {
		pc = s.take(id)
	}
	if pc == nil {
		if ok && id <= c.nextID.Load() {
			c.stats.lateResponses.Add(1)
			if c.log.Enabled(context.Background(), slog.LevelDebug) {
				c.log.Debug("rtm: late response dropped", "action", clip(f.action),
					"request_id", clip(f.requestID), "bytes", size)
			}
			return
		}
		c.stats.unknownIDs.Add(1)
		c.log.Warn("rtm: response with unknown request_id dropped", "action", clip(f.action),
			"request_id", clip(f.requestID), "bytes", size)
		return
	}
	res := callResult{success: f.success}
	if (!f.success || pc.wantPayload) && f.payload != nil {
		res.payload = append([]byte(nil), f.payload...)
	}
	c.stats.responses.Add(1)
	if !f.success {
		c.stats.errorResponses.Add(1)
	}
	pc.ch <- res
}

// sessionEnded records the end of s (readErr is why its reader stopped).
func (c *Conn) sessionEnded(s *session, readErr error) {
	cause := readErr
	if errors.Is(readErr, websocket.ErrMessageTooBig) {
		c.stats.oversized.Add(1)
		cause = fmt.Errorf("%w (%d bytes): %w", ErrFrameTooLarge, c.cfg.readLimit, readErr)
	}
	s.end(lostError(s.withDisconnect(cause)))
	_ = s.ws.CloseNow()
	c.unready(s)
	s.mu.Lock()
	err := s.err
	s.mu.Unlock()
	c.stats.disconnects.Add(1)
	if errors.Is(err, ErrClosed) {
		c.log.Info("rtm: disconnected", "err", err)
	} else {
		c.log.Warn("rtm: disconnected", "err", err)
	}
	c.post(LifecycleEvent{Kind: EventDisconnected, Attempt: s.attempt, Err: err, Reason: disconnectReason(err)})
}

// clip returns a frame field for a log line, cut to a sane length.
func clip(b []byte) string {
	const limit = 64
	if len(b) > limit {
		return string(b[:limit]) + "…"
	}
	return string(b)
}
