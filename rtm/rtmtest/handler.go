package rtmtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/coder/websocket"
	"github.com/rtmkit/livechat-rtm/rtm"
)

// HandlerFunc answers one request. Its result becomes the response:
//
//   - (payload, nil): "success": true with payload (nil is sent as {}; a
//     json.RawMessage or []byte is sent as is; anything else is encoded with
//     encoding/json);
//   - (_, *Error) or (_, *rtm.Error): "success": false with the payload
//     {"error":{"type","message","data"}};
//   - (_, ErrNoReply): no response at all, like a server that never answers;
//   - (_, any other error): "success": false with an error of type
//     "internal" and the error's text as message.
//
// ctx ends when the connection ends or the server closes; a handler may wait
// on it to delay its answer. ConnFromContext(ctx) is the connection.
type HandlerFunc func(ctx context.Context, r *Request) (any, error)

// ErrNoReply, returned by a handler, sends no response.
var ErrNoReply = errors.New("rtmtest: no reply")

// TypeNoHandler is the error type of the response to an action that has no
// handler (other than "ping", which is answered automatically).
const TypeNoHandler = "rtmtest_no_handler"

// Error is an error response a handler returns: the client gets
// {"error":{"type":Type,"message":Message,"data":Data}} with "success": false.
type Error struct {
	Type    string
	Message string
	Data    any // optional; omitted when nil
}

// Error returns "type: message".
func (e *Error) Error() string { return e.Type + ": " + e.Message }

// Request is a request the server received, as recorded for assertions.
type Request struct {
	ConnID    int             // the connection's ID (ServerConn.ID)
	RequestID string          // "request_id", "" if absent
	Action    string          // "action"
	AuthorID  string          // "author_id", "" if absent
	Payload   json.RawMessage // "payload" as sent; nil if absent
	Raw       []byte          // the whole frame as received
}

// Handle sets the handler of action, replacing any earlier one; a nil fn
// removes it.
func (s *Server) Handle(action string, fn HandlerFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if fn == nil {
		delete(s.handlers, action)
		return
	}
	s.handlers[action] = fn
}

// Requests returns the requests received so far, in order of arrival.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// ActionIs matches the requests of one action, for WaitRequest.
func ActionIs(action string) func(Request) bool {
	return func(r Request) bool { return r.Action == action }
}

// WaitRequest waits until a request matching match has been received (or
// was already) and returns the first one. A nil match matches any request.
func (s *Server) WaitRequest(ctx context.Context, match func(Request) bool) (Request, error) {
	rs, err := s.WaitRequests(ctx, 1, match)
	if err != nil {
		return Request{}, err
	}
	return rs[0], nil
}

// WaitRequests waits until n requests matching match have been received
// (counting those already received) and returns the first n.
func (s *Server) WaitRequests(ctx context.Context, n int, match func(Request) bool) ([]Request, error) {
	for {
		s.mu.Lock()
		var found []Request
		for _, r := range s.requests {
			if match == nil || match(r) {
				found = append(found, r)
				if len(found) == n {
					s.mu.Unlock()
					return found, nil
				}
			}
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return found, fmt.Errorf("rtmtest: %d of %d requests received: %w", len(found), n, ctx.Err())
		}
	}
}

// inbound is the envelope of a request.
type inbound struct {
	RequestID json.RawMessage `json:"request_id"`
	Action    string          `json:"action"`
	AuthorID  string          `json:"author_id"`
	Payload   json.RawMessage `json:"payload"`
}

// handleFrame records one frame and answers it.
func (s *Server) handleFrame(c *ServerConn, typ websocket.MessageType, b []byte) {
	var in inbound
	decodeErr := json.Unmarshal(b, &in)
	if typ != websocket.MessageText {
		decodeErr = errors.New("binary frame")
	}
	req := Request{ConnID: c.id, Action: in.Action, AuthorID: in.AuthorID, Raw: b}
	if len(in.RequestID) > 0 {
		if err := json.Unmarshal(in.RequestID, &req.RequestID); err != nil {
			req.RequestID = string(in.RequestID) // a number: keep its text
		}
	}
	if len(in.Payload) > 0 {
		req.Payload = in.Payload
	}

	s.mu.Lock()
	if s.record {
		s.requests = append(s.requests, req)
		s.notifyLocked()
	}
	h := s.handlers[req.Action]
	s.mu.Unlock()

	if c.stalled.Load() {
		return
	}
	switch {
	case decodeErr != nil || req.Action == "":
		c.respond(&req, nil, &Error{Type: "validation", Message: "Wrong format of request"})
		return
	case h == nil && req.Action == "ping":
		c.respond(&req, nil, nil)
		return
	case h == nil:
		c.respond(&req, nil, &Error{Type: TypeNoHandler, Message: "rtmtest: no handler for action " + req.Action})
		return
	}
	if s.serial {
		c.run(h, &req)
		return
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		c.run(h, &req)
	}()
}

// run calls a handler and sends its response.
func (c *ServerConn) run(h HandlerFunc, req *Request) {
	payload, err := h(c.ctx, req)
	if errors.Is(err, ErrNoReply) || c.stalled.Load() {
		return
	}
	c.respond(req, payload, err)
}

// respond sends the response to req.
func (c *ServerConn) respond(req *Request, payload any, herr error) {
	out := outbound{RequestID: req.RequestID, Action: req.Action, Type: "response", Success: herr == nil}
	var err error
	if herr != nil {
		out.Payload, err = errorPayload(herr)
	} else {
		out.Payload, err = rawJSON(payload)
	}
	if err != nil {
		out.Success = false
		out.Payload, _ = errorPayload(&Error{Type: "internal", Message: "rtmtest: cannot encode response: " + err.Error()})
	}
	b, err := json.Marshal(out)
	if err != nil { // e.g. a json.RawMessage payload that is not JSON
		out.Success = false
		out.Payload, _ = errorPayload(&Error{Type: "internal", Message: "rtmtest: cannot encode response: " + err.Error()})
		b, _ = json.Marshal(out)
	}
	_ = c.WriteText(b) // the connection may be gone: nothing to do
}

type outbound struct {
	RequestID string          `json:"request_id,omitempty"`
	Action    string          `json:"action"`
	Type      string          `json:"type"`
	Success   bool            `json:"success"`
	Payload   json.RawMessage `json:"payload"`
}

// rawJSON encodes a handler's payload.
func rawJSON(v any) (json.RawMessage, error) {
	switch p := v.(type) {
	case nil:
		return json.RawMessage("{}"), nil
	case json.RawMessage:
		return p, nil
	case []byte:
		return p, nil
	}
	return json.Marshal(v)
}

// errorPayload encodes a handler's error as {"error":{...}}.
func errorPayload(err error) (json.RawMessage, error) {
	type object struct {
		Type    string `json:"type"`
		Message string `json:"message"`
		Data    any    `json:"data,omitempty"`
	}
	var o object
	var te *Error
	var re *rtm.Error
	switch {
	case errors.As(err, &te):
		o = object{Type: te.Type, Message: te.Message, Data: te.Data}
	case errors.As(err, &re):
		o = object{Type: re.Type, Message: re.Message}
		if len(re.Data) > 0 {
			o.Data = re.Data
		}
	default:
		o = object{Type: "internal", Message: err.Error()}
	}
	return json.Marshal(struct {
		Error object `json:"error"`
	}{o})
}
