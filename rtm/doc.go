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
// The caller's context bounds only the caller's wait: it is never handed to
// the websocket (coder/websocket closes the whole connection when the context
// of a read or write expires). When the context has no deadline, the default
// call timeout applies (WithCallTimeout, 30 s, longer than the server's own
// 15 s request timeout). A response that arrives after its caller gave up is
// dropped and counted (Stats.LateResponses).
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
// Handlers run on one dispatch goroutine per Conn, one at a time, in the
// order the pushes arrived. The reader never waits for them: it appends each
// push to a bounded queue (WithPushQueueSize, 1024 by default). When the
// queue is full, because handlers are slower than the pushes coming in, the
// new push is dropped and counted (Stats.PushesDropped), and the overflow is
// logged at Warn (once, not per push): responses are never delayed by a slow
// handler. Raise the queue size if bursts larger than it are expected. A handler that panics is
// recovered, counted and logged. Generated code reports pushes it cannot
// decode with PushError.
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
// why, and calls fail with that error. With WithReconnect the same Conn
// reconnects, with exponential backoff, jitter and a cap, and keeps its
// handlers. After each reconnection the WithOnReconnect hook runs (to log in
// again); its calls, made with the context it is given, go through, while
// every other call waits. Calls made while the Conn is disconnected wait for
// the reconnected (and logged-in) connection, bounded by their context and
// the default call timeout. Reconnecting stops on a fatal error (IsFatal:
// authentication, license_expired... or a handshake refused with HTTP 401 or
// 403) and after ReconnectPolicy.MaxAttempts consecutive failures; waiting
// calls then fail with ErrConnectionLost. WithLifecycle observes every step.
// Dial itself does not retry.
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
// push dispatcher, and keepalive (none when it is off); the reconnect hook
// runs on a fourth while it runs. Close stops them and waits for them, except
// for the one it is called from, if any (a handler may close its Conn).
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
