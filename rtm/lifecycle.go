package rtm

import (
	"strconv"
	"time"
)

// EventKind is the kind of a LifecycleEvent.
type EventKind int

// The lifecycle of a Conn. A connection goes Connecting -> Connected ->
// Disconnected; with a reconnect policy it then goes Retrying -> Connecting
// -> Connected (or Retrying again) until GaveUp or Closed.
const (
	// EventConnecting: a websocket handshake starts (Attempt 0 for Dial).
	EventConnecting EventKind = iota + 1
	// EventConnected: the connection is usable; after a reconnection, the
	// OnReconnect hook has succeeded.
	EventConnected
	// EventDisconnected: the connection ended; Err says why.
	EventDisconnected
	// EventRetrying: waiting Delay before reconnect attempt Attempt; Err is
	// the last failure.
	EventRetrying
	// EventGaveUp: reconnecting stopped (a fatal error or MaxAttempts); Err
	// says why. The Conn is dead: calls fail, Close releases it.
	EventGaveUp
	// EventClosed: Close was called; it is the last event.
	EventClosed
)

// String returns the kind's name, e.g. "connected".
func (k EventKind) String() string {
	switch k {
	case EventConnecting:
		return "connecting"
	case EventConnected:
		return "connected"
	case EventDisconnected:
		return "disconnected"
	case EventRetrying:
		return "retrying"
	case EventGaveUp:
		return "gave up"
	case EventClosed:
		return "closed"
	}
	return "EventKind(" + strconv.Itoa(int(k)) + ")"
}

// LifecycleEvent is one step of the connection's life, given to the
// function set by WithLifecycle.
type LifecycleEvent struct {
	Kind    EventKind
	Attempt int           // the reconnect attempt (1, 2, ...); 0 for the connection made by Dial
	Delay   time.Duration // EventRetrying: the wait before the attempt
	Err     error         // EventDisconnected, EventRetrying, EventGaveUp: the cause
	Reason  string        // the server's disconnect reason, if it gave one (see DisconnectPolicy)
}

// String describes the event, e.g. "retrying: attempt 2 in 1.2s: <cause>".
func (e LifecycleEvent) String() string {
	s := e.Kind.String()
	if e.Attempt > 0 {
		s += ": attempt " + strconv.Itoa(e.Attempt)
	}
	if e.Kind == EventRetrying {
		s += " in " + e.Delay.String()
	}
	if e.Reason != "" {
		s += " (reason " + e.Reason + ")"
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}
