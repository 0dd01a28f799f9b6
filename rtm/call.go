package rtm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/rtmkit/livechat-rtm/internal/wire"
)

// CallOption configures one call. Options are made by the functions of this
// package (WithAuthorID, Idempotent); a nil CallOption is ignored.
type CallOption interface {
	applyCall(*callOptions)
}

type callOptions struct {
	authorID   string
	idempotent bool
}

// AuthorIDOption is what WithAuthorID returns: both an Option (the default
// author of every call of the Conn) and a CallOption (the author of one call).
type AuthorIDOption struct{ id string }

func (o AuthorIDOption) applyCall(co *callOptions) { co.authorID = o.id }
func (o AuthorIDOption) applyConn(c *config)       { c.authorID = o.id }

// WithAuthorID adds "author_id" to the request: a bot acting on behalf of an
// agent (Agent API). Given to Dial, it applies to every call; given to Call,
// it overrides that default for the call.
func WithAuthorID(id string) AuthorIDOption { return AuthorIDOption{id: id} }

type idempotentOption struct{}

func (idempotentOption) applyCall(co *callOptions) { co.idempotent = true }

// Idempotent marks a call as safe to repeat: with a retry policy
// (WithRetry), it is retried also after a timeout of the default call
// timeout, a lost connection, or an internal or request_timeout error, after
// which the server may have executed it. Mark only calls whose repetition
// does no harm (reads, setting a value).
func Idempotent() CallOption { return idempotentOption{} }

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

// errWriteTimedOut: the call's deadline passed during its write, and the
// session was killed for it.
var errWriteTimedOut = errors.New("write timed out")

var emptyObject = []byte("{}")

// Call sends the request {"request_id","action","payload"} and waits for its
// response. payload may be nil (sent as {}), a json.RawMessage or []byte
// (sent as is; it must be valid JSON and valid UTF-8), a value with a method
// AppendJSON(dst []byte) ([]byte, error) that appends its JSON encoding (the
// generated request types have one: it is used instead of encoding/json),
// or any value encoding/json can marshal. A payload that is not valid JSON
// or holds invalid UTF-8 (in a raw value or an Extra field) fails with
// ErrEncode, and nothing is sent: a text frame with invalid UTF-8 would make
// a conforming server close the whole connection (status 1007). On success
// the response payload is decoded into result (with its UnmarshalJSON method
// if it has one, else with encoding/json), unless result is nil. On
// "success": false Call returns an *Error.
//
// ctx bounds the call (the wait for a free slot, for the writer, for the
// write and for the response; see WithMaxInFlight); when it has no deadline,
// the default call timeout applies (WithCallTimeout). If the deadline passes
// while the request is still being written (the server has stopped reading),
// Call returns at once with a timeout, and the connection is closed: a
// partially written frame cannot be taken back, so the connection is
// unusable. Its other pending calls fail with ErrConnectionLost wrapping
// ErrWriteTimeout, and with a reconnect policy the Conn reconnects. (A
// cancellation of ctx, as opposed to its deadline, is seen once the write
// ends.) A response arriving after the caller gave up is dropped and
// counted. While the Conn is reconnecting, Call waits for the new connection
// (and its hooks) within the same bounds. Call goes through the interceptors
// (WithInterceptors) and the retry policy (WithRetry). Call is safe for
// concurrent use. A nil ctx panics.
func (c *Conn) Call(ctx context.Context, action string, payload any, result any, opts ...CallOption) error {
	if ctx == nil {
		panic("rtm: Call with nil Context")
	}
	co := callOptions{authorID: c.cfg.authorID}
	if len(opts) > 0 {
		co = applyCallOptions(co, opts)
	}
	if c.callChain == nil {
		return c.call(ctx, action, payload, result, co.authorID, nil)
	}
	return c.callChain(ctx, &Call{Action: action, Payload: payload, Result: result, AuthorID: co.authorID, Idempotent: co.idempotent})
}

// callInner is the innermost CallFunc of the interceptor chain.
func (c *Conn) callInner(ctx context.Context, call *Call) error {
	return c.call(ctx, call.Action, call.Payload, call.Result, call.AuthorID, call)
}

// call makes one attempt: a fresh request_id, one request, its response.
func (c *Conn) call(ctx context.Context, action string, payload any, result any, authorID string, info *Call) error {
	if err := ctx.Err(); err != nil {
		return callError(action, err) // nothing is sent for a context already done
	}
	bp := c.getBuf()
	defer c.putBuf(bp)
	id := c.nextID.Add(1)
	if info != nil {
		info.RequestID = strconv.FormatUint(id, 10)
	}
	debug := c.log.Enabled(ctx, slog.LevelDebug)
	var start time.Time
	if debug {
		start = time.Now()
	}
	err := c.attempt(ctx, bp, id, action, payload, result, authorID)
	if debug {
		c.logCall(ctx, action, id, time.Since(start), err)
	}
	return err
}

// logCall writes the per-call Debug line: action, request id, duration,
// outcome; never a payload.
func (c *Conn) logCall(ctx context.Context, action string, id uint64, d time.Duration, err error) {
	outcome := "ok"
	switch {
	case err == nil:
	case ErrorType(err) != "":
		outcome = "rejected: " + ErrorType(err)
	case IsTimeout(err):
		outcome = "timeout"
	case IsCanceled(err):
		outcome = "canceled"
	case IsClosed(err):
		outcome = "closed"
	case IsConnectionLost(err):
		outcome = "connection lost"
	case errors.Is(err, ErrEncode):
		outcome = "encode error"
	case errors.Is(err, ErrDecode):
		outcome = "decode error"
	default:
		outcome = "error"
	}
	c.log.LogAttrs(ctx, slog.LevelDebug, "rtm: call", slog.String("action", action),
		slog.Uint64("request_id", id), slog.Duration("duration", d), slog.String("outcome", outcome))
}

func (c *Conn) attempt(ctx context.Context, bp *[]byte, id uint64, action string, payload any, result any, authorID string) error {
	msg, err := encodeRequest((*bp)[:0], id, action, payload, authorID)
	*bp = msg
	if err == nil {
		err = checkUTF8(msg)
	}
	if err != nil {
		return callError(action, &kindError{kind: ErrEncode, msg: "cannot encode payload", cause: err})
	}

	var timeout <-chan time.Time
	deadline, ok := ctx.Deadline()
	if d := c.cfg.callTimeout; d > 0 && !ok {
		t := c.getTimer(d)
		defer c.putTimer(t)
		timeout = t.C
		deadline = time.Now().Add(d)
	}

	res, err := c.roundTrip(ctx, timeout, deadline, id, msg, result != nil)
	if err != nil {
		switch err {
		case errTimedOut:
			err = &kindError{kind: context.DeadlineExceeded, msg: "no response within " + c.cfg.callTimeout.String()}
		case errWriteTimedOut:
			err = &kindError{kind: context.DeadlineExceeded, msg: "deadline passed while the request was being written (the connection was closed)"}
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
func applyCallOptions(co callOptions, opts []CallOption) callOptions {
	for _, o := range opts {
		if o != nil {
			o.applyCall(&co)
		}
	}
	return co
}

func callError(action string, err error) error {
	return fmt.Errorf("rtm: %s: %w", action, err)
}

// roundTrip gets a usable session and a slot, registers the call, writes the
// request and waits for its result.
func (c *Conn) roundTrip(ctx context.Context, timeout <-chan time.Time, deadline time.Time, id uint64, msg []byte, wantPayload bool) (callResult, error) {
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
		res, err := c.exchange(ctx, timeout, deadline, s, id, pc, msg)
		c.releaseSlot()
		if err == errNotSent {
			c.unready(s)
			continue
		}
		return res, err
	}
}

// exchange writes the registered call's request and waits for its result.
func (c *Conn) exchange(ctx context.Context, timeout <-chan time.Time, deadline time.Time, s *session, id uint64, pc *pendingCall, msg []byte) (callResult, error) {
	c.stats.inFlight.Add(1)
	defer c.stats.inFlight.Add(-1)

	if err := s.write(ctx, timeout, deadline, msg); err != nil {
		switch {
		case err == errWriteTimedOut:
			// The write outlived the deadline and the session was killed
			// for it: take the failure end() delivered.
			<-pc.ch
			c.putPending(pc)
			return callResult{}, errWriteTimedOut
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

// checkUTF8 rejects a request that is not valid UTF-8: raw JSON values
// ([]byte, json.RawMessage, Extra fields) are written as given, and a text
// frame with invalid UTF-8 makes a conforming server close the connection
// (status 1007), failing every call in flight.
func checkUTF8(msg []byte) error {
	if !utf8.Valid(msg) {
		return errors.New("request holds invalid UTF-8 (in a raw JSON value or an Extra field)")
	}
	return nil
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
