// Package rtm is the transport of the LiveChat Real-Time Messaging (RTM)
// API: one websocket per user, requests matched to their responses, pushes
// dispatched to handlers, keepalive and reconnection. It knows no action of
// any API version: the generated packages under gen/ are typed wrappers
// around Conn.Call and Conn.Handle.
//
// # Calls
//
// Dial opens a Conn; Call sends {"request_id","action","payload"} and waits
// for the response with that request_id. Request ids are "1", "2", ... from
// a counter per Conn, so they never collide. Waiting calls are kept in a map
// from request id to a channel: one reader goroutine hands each response to
// its caller, and nothing is kept once it is delivered. Any number of
// goroutines may call at once; WithMaxInFlight caps how many wait for a
// response (the Customer API refuses more than 10).
//
// The caller's context bounds the call; it is never handed to the websocket
// (coder/websocket closes the whole connection when the context of a read or
// write expires: https://github.com/coder/websocket/issues/242). When the
// context has no deadline, the default call timeout applies (WithCallTimeout,
// 30 s, longer than the server's own 15 s request timeout). A response that
// arrives after its caller gave up is dropped and counted
// (Stats.LateResponses). If the deadline passes while the request itself is
// still being written (the server stopped reading), the call returns at its
// deadline and the connection is closed, since a partial frame cannot be
// taken back: the other pending calls fail with ErrConnectionLost wrapping
// ErrWriteTimeout, and a reconnect policy reconnects.
//
// A payload holding invalid UTF-8 (in a json.RawMessage, a []byte or an
// Extra field) fails its call with ErrEncode and is not sent: a text frame
// with invalid UTF-8 would make the server close the connection (1007).
//
// The handshake does not follow HTTP redirects (ErrRedirect): the headers,
// credentials included, are never re-sent to another scheme, host or port.
//
// # Errors
//
// A response with "success": false is an *Error with the server's Type,
// Message and Data; use errors.As and the ErrorType constants. Transport
// failures match sentinels with errors.Is: ErrClosed (Close was called),
// ErrConnectionLost (wrapping the cause: a dropped connection, a dead peer,
// ErrFrameTooLarge...), ErrEncode, ErrDecode; a failed handshake is a
// *DialError. IsTimeout, IsCanceled, IsClosed, IsConnectionLost, IsFatal
// and IsRetryable tell the classes apart. No error string and no log line
// contains a payload (the login payload holds the access token), a header
// value, or the query of the URL.
//
// # Pushes
//
// Handle registers handlers per push action (several per action, run in
// registration order); HandleUnknown registers catch-all handlers for pushes
// without one. Pushes nobody handles are dropped at once and counted
// (Stats.PushesUnhandled), never accumulated.
//
// By default handlers run on one dispatch goroutine per Conn, one at a time,
// in the order the pushes arrived. WithConcurrentHandlers(n) runs up to n at
// once while keeping the arrival order among the pushes of one chat (same
// chat_id). The reader never waits for handlers: it appends each push to a
// queue bounded by count and by bytes (WithPushQueueSize, 1024;
// WithPushQueueBytes, 64 MiB). When the queue is full, because handlers are
// slower than the pushes coming in, the new push is dropped and counted
// (Stats.PushesDropped), and the overflow is logged at Warn (once, not per
// push): responses are never delayed by a slow handler. The new push is
// dropped rather than the oldest so that what handlers see is a prefix of
// what arrived, never a sequence with holes in the middle. A handler that
// panics or calls runtime.Goexit is recovered (or replaced), counted and
// logged. Generated code reports pushes it cannot decode with PushError.
//
// # Keepalive
//
// Every ping interval (WithPingInterval, 15 s by default) the Conn sends a
// websocket ping and the protocol message {"action":"ping","payload":{}}. A
// websocket ping unanswered within the ping timeout means the peer is dead:
// the connection is dropped and its pending calls fail at once with
// ErrConnectionLost wrapping ErrKeepaliveTimeout. A websocket write blocked
// by a dead peer is undone the same way.
//
// # Connection loss and reconnection
//
// When the connection ends, every call waiting for a response fails at once
// with ErrConnectionLost wrapping the cause; the request may or may not have
// been executed, so it is never sent again behind the caller's back. (A call
// whose request was not written yet is not failed: it is handled like a call
// made while disconnected.)
//
// Without a reconnect policy the Conn is then dead: Done is closed, Err says
// why, and calls fail with that error. With WithReconnect (on by default in
// the generated clients) the same Conn reconnects, with exponential backoff,
// jitter and a cap, and keeps its handlers. On every new connection the
// WithOnConnect hooks run (at Dial too: the generated Config.Login is one),
// and after each reconnection the WithOnReconnect hooks; their calls, made
// with the context they are given, go through, while every other call
// waits. Calls made while the Conn is disconnected wait for the reconnected
// (and logged-in) connection, bounded by their context and the default call
// timeout. Reconnecting stops on a fatal error (IsFatal: authentication,
// license_expired... from a hook, whatever the order in which the refusal
// and the close arrive; a handshake refused with HTTP 401 or 403; a
// redirect), on a "don't reconnect" reason announced by the server (see
// DisconnectPolicy; a wrong-region reason reconnects to the region named
// instead), and after ReconnectPolicy.MaxAttempts consecutive failures;
// waiting calls then fail with ErrConnectionLost wrapping the cause.
// WithLifecycle observes every step, with the server's reason when it gave
// one. Dial itself does not retry, with one exception: a connect hook's login
// refused with misdirected_request naming a region (the wrong data center)
// is sent again, once, on a connection to that region's URL, which only
// DisconnectPolicy.RegionURL gives (a region it has no URL for, or a second
// misdirection, fails Dial with an error naming the region).
//
// # Interceptors and retries
//
// WithInterceptors wraps every call (CallFunc: action, request id, payload,
// outcome) and every push delivery, for logging, metrics and tracing; the
// nested module github.com/rtmkit/livechat-rtm/otel is an OpenTelemetry
// adapter. At Debug, the logger gets one line per call: action, request
// id, duration, outcome. WithRetry retries, with backoff and jitter bounded
// by the call's context, the calls the server refused without executing
// them (too_many_requests, pending_requests_limit_reached,
// service_unavailable), and, for calls marked Idempotent, also those that
// timed out or lost their connection.
//
// # Malformed input
//
// Frames that are not JSON, responses with an unknown request_id, frames of
// an unknown type and binary frames are logged, counted in Stats and
// dropped; they never fail or hang a call. A frame above the read limit
// (WithReadLimit, 32 MiB by default) makes coder/websocket close the
// connection (status 1009): the pending calls fail with ErrConnectionLost
// wrapping ErrFrameTooLarge.
//
// # Goroutines
//
// An open Conn has three goroutines: the reader (which also reconnects), the
// push dispatcher, and keepalive (none when it is off); the reconnect hooks
// run on a fourth while they run, and concurrent handlers on up to n more.
// Close waits only for the goroutines that never run user code (the reader
// and keepalive); the others (dispatcher, handler workers, hooks) get their
// context canceled and are left to finish: Stopped is closed when they
// have. So any user code may call Close, and Close never waits on a handler
// that ignores its context; no goroutine ids are needed to tell who calls.
//
// # JSON of the generated packages
//
// The generated types encode and decode themselves (MarshalJSON and
// UnmarshalJSON, encoding/json's semantics without its reflection). Call
// writes a payload that has an AppendJSON method straight into its request
// buffer, and decodes into a result that has an UnmarshalJSON method
// directly (the frame decoder has already checked the payload).
//
// The package rtmtest provides a fake RTM server for tests.
package rtm
