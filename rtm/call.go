package rtm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/rtmkit/livechat-rtm/internal/wire"
)

// CallOption configures one call.
type CallOption func(*callOptions)

type callOptions struct {
	authorID string
}

// WithAuthorID adds "author_id" to the request: a bot acting on behalf of an
// agent (Agent API).
func WithAuthorID(id string) CallOption {
	return func(o *callOptions) { o.authorID = id }
}

// pendingCall is a call waiting for its response. ch receives exactly one
// result per registration: from the reader (the response) or from the end
// of the session (the failure).
type pendingCall struct {
	ch          chan callResult
	wantPayload bool // the caller decodes the payload of a successful response
}

type callResult struct {
	payload []byte // owned copy of the response payload (or error object)
	success bool
	err     error
}

// hookKey marks the context given to the reconnect hook; its value is the
// session being set up.
type hookKey struct{}

// errNotSent: the session ended before the request was written.
var errNotSent = errors.New("not sent")

// errTimedOut is the internal form of "the default call timeout expired".
var errTimedOut = errors.New("timed out")

var emptyObject = []byte("{}")

// Call sends the request {"request_id","action","payload"} and waits for its
// response. payload may be nil (sent as {}), a json.RawMessage or []byte
// (sent as is; it must be valid JSON), a value with a method
// AppendJSON(dst []byte) ([]byte, error) that appends its JSON encoding (the
// generated request types have one: it is used instead of encoding/json),
// or any value encoding/json can marshal. On success the response payload
// is decoded into result (with its UnmarshalJSON method if it has one,
// else with encoding/json), unless result is nil. On "success": false Call
// returns an *Error.
//
// ctx bounds the wait for the response (and for a free slot and the writer,
// see WithMaxInFlight); when it has no deadline, the default call timeout
// applies (WithCallTimeout). A response arriving after the caller gave up is
// dropped and counted. While the Conn is reconnecting, Call waits for the new
// connection (and its OnReconnect hook) within the same bounds. Call is safe
// for concurrent use.
func (c *Conn) Call(ctx context.Context, action string, payload any, result any, opts ...CallOption) error {
	if err := ctx.Err(); err != nil {
		return callError(action, err) // nothing is sent for a context already done
	}
	var co callOptions
	if len(opts) > 0 {
		co = applyCallOptions(opts)
	}
	bp := c.getBuf()
	defer c.putBuf(bp)
	id := c.nextID.Add(1)
	msg, err := encodeRequest((*bp)[:0], id, action, payload, co.authorID)
	*bp = msg
	if err != nil {
		return callError(action, &kindError{kind: ErrEncode, msg: "cannot encode payload", cause: err})
	}

	var timeout <-chan time.Time
	if d := c.cfg.callTimeout; d > 0 {
		if _, ok := ctx.Deadline(); !ok {
			t := c.getTimer(d)
			defer c.putTimer(t)
			timeout = t.C
		}
	}

	res, err := c.roundTrip(ctx, timeout, id, msg, result != nil)
	if err != nil {
		if err == errTimedOut {
			err = &kindError{kind: context.DeadlineExceeded, msg: "no response within " + c.cfg.callTimeout.String()}
		}
		return callError(action, err)
	}
	if !res.success {
		return decodeError(action, id, res.payload)
	}
	if result != nil && len(res.payload) > 0 {
		if err := decodeResult(res.payload, result); err != nil {
			return callError(action, &kindError{kind: ErrDecode, msg: "cannot decode response payload", cause: err})
		}
	}
	return nil
}

// applyCallOptions is apart from Call so that a call without options does
// not allocate the options (passing their address to an option function
// moves them to the heap).
func applyCallOptions(opts []CallOption) callOptions {
	var co callOptions
	for _, o := range opts {
		if o != nil {
			o(&co)
		}
	}
	return co
}

func callError(action string, err error) error {
	return fmt.Errorf("rtm: %s: %w", action, err)
}

// roundTrip gets a usable session and a slot, registers the call, writes the
// request and waits for its result.
func (c *Conn) roundTrip(ctx context.Context, timeout <-chan time.Time, id uint64, msg []byte, wantPayload bool) (callResult, error) {
	for {
		s, err := c.acquire(ctx, timeout)
		if err != nil {
			return callResult{}, err
		}
		if err := c.takeSlot(ctx, timeout); err != nil {
			return callResult{}, err
		}
		pc := c.getPending()
		pc.wantPayload = wantPayload
		if !s.register(id, pc) {
			// The session ended before the request was sent: wait for the
			// next one (or fail if there is none).
			c.putPending(pc)
			c.releaseSlot()
			c.unready(s)
			continue
		}
		res, err := c.exchange(ctx, timeout, s, id, pc, msg)
		c.releaseSlot()
		if err == errNotSent {
			c.unready(s)
			continue
		}
		return res, err
	}
}

// exchange writes the registered call's request and waits for its result.
func (c *Conn) exchange(ctx context.Context, timeout <-chan time.Time, s *session, id uint64, pc *pendingCall, msg []byte) (callResult, error) {
	c.stats.inFlight.Add(1)
	defer c.stats.inFlight.Add(-1)

	if err := s.write(ctx, timeout, msg); err != nil {
		switch {
		case err == errSessionEnded:
			// The session ended before the request was written: take the
			// failure end() delivered; the caller may wait for the next one.
			<-pc.ch
			c.putPending(pc)
			return callResult{}, errNotSent
		case err == errTimedOut || err == ctx.Err():
			if s.forget(id) {
				c.putPending(pc)
				return callResult{}, err
			}
		default:
			// A failed websocket write breaks the connection.
			s.kill(lostError(fmt.Errorf("write: %w", err)))
		}
	} else {
		c.stats.calls.Add(1)
	}

	var res callResult
	select {
	case res = <-pc.ch:
	case <-ctx.Done():
		if s.forget(id) {
			c.putPending(pc)
			return callResult{}, ctx.Err()
		}
		res = <-pc.ch // delivered concurrently: take it
	case <-timeout:
		if s.forget(id) {
			c.putPending(pc)
			return callResult{}, errTimedOut
		}
		res = <-pc.ch
	}
	c.putPending(pc)
	return res, res.err
}

// acquire returns the session a call may use, waiting while the Conn
// reconnects. Calls made with the reconnect hook's context use the session
// being set up.
func (c *Conn) acquire(ctx context.Context, timeout <-chan time.Time) (*session, error) {
	for {
		if s := c.ready.Load(); s != nil {
			return s, nil
		}
		if s, ok := ctx.Value(hookKey{}).(*session); ok {
			s.mu.Lock()
			err := s.err
			s.mu.Unlock()
			if err != nil {
				return nil, err
			}
			return s, nil
		}
		c.mu.Lock()
		ch, err := c.readyCh, c.err
		c.mu.Unlock()
		if err != nil {
			return nil, err
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-timeout:
			return nil, errTimedOut
		}
	}
}

// takeSlot waits for a free in-flight slot (WithMaxInFlight).
func (c *Conn) takeSlot(ctx context.Context, timeout <-chan time.Time) error {
	if c.slots == nil {
		return nil
	}
	select {
	case c.slots <- struct{}{}:
		return nil
	default:
	}
	select {
	case c.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-timeout:
		return errTimedOut
	case <-c.done:
		return c.Err()
	}
}

func (c *Conn) releaseSlot() {
	if c.slots != nil {
		<-c.slots
	}
}

// decodeError turns the payload of a "success": false response into an
// *Error. The RTM API sends {"error":{"type","message","data"}}.
func decodeError(action string, id uint64, payload []byte) error {
	e := &Error{Action: action, RequestID: strconv.FormatUint(id, 10)}
	var env struct {
		Error *struct {
			Type    string          `json:"type"`
			Message string          `json:"message"`
			Data    json.RawMessage `json:"data"`
		} `json:"error"`
	}
	if err := json.Unmarshal(payload, &env); err == nil && env.Error != nil {
		e.Type, e.Message, e.Data = env.Error.Type, env.Error.Message, env.Error.Data
	} else {
		e.Message = "response has no error object"
	}
	return e
}

// decodeResult decodes a response payload into result. The payload is valid
// JSON (the frame decoder checked it), so a json.Unmarshaler, such as a
// generated response type, decodes it directly, without encoding/json
// checking it again.
func decodeResult(payload []byte, result any) error {
	switch r := result.(type) {
	case validJSONUnmarshaler:
		return r.UnmarshalValidJSON(payload)
	case *json.RawMessage: // what json.Unmarshal does, without checking the payload again
		*r = append((*r)[:0], payload...)
		return nil
	}
	if u, ok := result.(json.Unmarshaler); ok {
		return u.UnmarshalJSON(payload)
	}
	return json.Unmarshal(payload, result)
}

// jsonAppender is implemented by request types that write their JSON
// encoding into the request buffer, without encoding/json.
type jsonAppender interface {
	AppendJSON(dst []byte) ([]byte, error)
}

// validJSONAppender is implemented by the generated packages' request
// adapters: what they append is valid JSON by construction, so it is not
// checked again.
type validJSONAppender interface {
	AppendValidJSON(dst []byte) ([]byte, error)
}

// validJSONUnmarshaler is implemented by the generated packages' response
// adapters: they decode a payload known to be valid (the frame decoder
// checked it) without checking it again.
type validJSONUnmarshaler interface {
	UnmarshalValidJSON(data []byte) error
}

// encodeRequest appends the request envelope for payload to dst.
func encodeRequest(dst []byte, id uint64, action string, payload any, authorID string) ([]byte, error) {
	raw := emptyObject
	switch p := payload.(type) {
	case validJSONAppender:
		head := appendRequestHead(dst, id, action)
		out, err := p.AppendValidJSON(head)
		if err != nil {
			return dst, err
		}
		if string(out[len(head):]) == "null" { // a nil pointer is sent as {}
			out = append(out[:len(head)], emptyObject...)
		}
		return appendRequestTail(out, authorID), nil
	case jsonAppender:
		head := appendRequestHead(dst, id, action)
		out, err := p.AppendJSON(head)
		if err != nil {
			return dst, err
		}
		body := out[len(head):]
		if err := wire.Valid(body); err != nil { // not one of ours: check it as json.Marshal would
			return dst, err
		}
		if string(body) == "null" { // a nil pointer is sent as {}
			out = append(out[:len(head)], emptyObject...)
		}
		return appendRequestTail(out, authorID), nil
	case nil:
	case json.RawMessage:
		if len(p) > 0 {
			if wire.Valid(p) != nil {
				return dst, errors.New("raw payload is not valid JSON")
			}
			raw = p
		}
	case []byte:
		if len(p) > 0 {
			if wire.Valid(p) != nil {
				return dst, errors.New("raw payload is not valid JSON")
			}
			raw = p
		}
	default:
		b, err := json.Marshal(p)
		if err != nil {
			return dst, err
		}
		if string(b) != "null" { // a nil pointer or map is sent as {}
			raw = b
		}
	}
	return appendRequest(dst, id, action, raw, authorID), nil
}

// Buffers, pending calls and timers are recycled per Conn to keep a call's
// allocations low.

const maxPooledBuf = 64 << 10

func (c *Conn) getBuf() *[]byte {
	if bp, ok := c.bufPool.Get().(*[]byte); ok {
		return bp
	}
	b := make([]byte, 0, 512)
	return &b
}

func (c *Conn) putBuf(bp *[]byte) {
	if cap(*bp) > maxPooledBuf {
		return
	}
	c.bufPool.Put(bp)
}

func (c *Conn) getPending() *pendingCall {
	if pc, ok := c.pendingPool.Get().(*pendingCall); ok {
		return pc
	}
	return &pendingCall{ch: make(chan callResult, 1)}
}

func (c *Conn) putPending(pc *pendingCall) {
	c.pendingPool.Put(pc)
}

func (c *Conn) getTimer(d time.Duration) *time.Timer {
	if t, ok := c.timerPool.Get().(*time.Timer); ok {
		t.Reset(d)
		return t
	}
	return time.NewTimer(d)
}

func (c *Conn) putTimer(t *time.Timer) {
	t.Stop()
	c.timerPool.Put(t)
}
