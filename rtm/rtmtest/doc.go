// Package rtmtest is a fake LiveChat RTM server for tests and demos: a real
// websocket server on 127.0.0.1 (plain or TLS) that speaks the RTM message
// format and does what the test scripts.
//
// Script it per action with Handle: a handler returns the response payload,
// an *Error (or *rtm.Error) for a "success": false response, ErrNoReply for no
// response at all, and may wait on its context to answer late. The action
// "ping" is answered automatically; an action without a handler gets an
// error response of type TypeNoHandler.
//
// Every request is recorded (Requests, WaitRequest) with its connection,
// request id, action, author id, payload and raw bytes, for wire-format
// assertions. Each connection (Conn, Conns, WaitConn) shows its handshake
// (Header, Query, Path) and can push (Push, PushAll), send any frame (Send,
// WriteText, WriteBinary), hang (Stall), fail (Drop) or close with a code
// (Close). RejectConnections refuses handshakes with an HTTP status.
//
// Waiting never polls: WaitConn and WaitRequest wake up when the server
// records what they wait for, or when their context ends.
package rtmtest
