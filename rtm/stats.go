package rtm

import "sync/atomic"

// Stats are the counters of a Conn since Dial, across reconnections.
type Stats struct {
	Calls             uint64 // requests written (protocol pings included)
	Responses         uint64 // responses delivered to a waiting call
	ErrorResponses    uint64 // of which "success": false
	LateResponses     uint64 // responses to calls that had given up (context, timeout): dropped
	UnknownRequestIDs uint64 // responses with a request_id this Conn never issued (or none): dropped
	InFlight          int64  // calls waiting for their response now

	Pushes          uint64 // push frames received
	PushesDropped   uint64 // pushes dropped because the push queue was full
	PushesUnhandled uint64 // pushes dropped because no handler nor catch-all was registered
	PushErrors      uint64 // pushes reported by PushError (could not be decoded)
	HandlerPanics   uint64 // push handlers, lifecycle functions or hooks that panicked
	QueuedPushes    int64  // pushes waiting for their handlers now

	MalformedFrames   uint64 // frames that are not a valid RTM JSON envelope
	UnknownFrameTypes uint64 // frames whose "type" is neither "response" nor "push"
	BinaryFrames      uint64 // binary frames (ignored)
	OversizedFrames   uint64 // frames above the read limit (the connection is closed)

	Pings        uint64 // keepalive rounds (websocket ping + protocol ping)
	PingFailures uint64 // websocket pings unanswered in time: the peer was declared dead

	Disconnects       uint64 // connections lost or closed
	ReconnectAttempts uint64 // reconnection dials
	Reconnects        uint64 // reconnections that became usable (hook succeeded)
}

// counters is the live form of Stats.
type counters struct {
	calls, responses, errorResponses, lateResponses, unknownIDs     atomic.Uint64
	inFlight, queued                                                atomic.Int64
	pushes, pushesDropped, pushesUnhandled, pushErrors, panics      atomic.Uint64
	malformed, unknownTypes, binary, oversized, pings, pingFailures atomic.Uint64
	disconnects, reconnectAttempts, reconnects                      atomic.Uint64
}

// Stats returns a snapshot of the connection's counters.
func (c *Conn) Stats() Stats {
	k := &c.stats
	return Stats{
		Calls:             k.calls.Load(),
		Responses:         k.responses.Load(),
		ErrorResponses:    k.errorResponses.Load(),
		LateResponses:     k.lateResponses.Load(),
		UnknownRequestIDs: k.unknownIDs.Load(),
		InFlight:          k.inFlight.Load(),
		Pushes:            k.pushes.Load(),
		PushesDropped:     k.pushesDropped.Load(),
		PushesUnhandled:   k.pushesUnhandled.Load(),
		PushErrors:        k.pushErrors.Load(),
		HandlerPanics:     k.panics.Load(),
		QueuedPushes:      k.queued.Load(),
		MalformedFrames:   k.malformed.Load(),
		UnknownFrameTypes: k.unknownTypes.Load(),
		BinaryFrames:      k.binary.Load(),
		OversizedFrames:   k.oversized.Load(),
		Pings:             k.pings.Load(),
		PingFailures:      k.pingFailures.Load(),
		Disconnects:       k.disconnects.Load(),
		ReconnectAttempts: k.reconnectAttempts.Load(),
		Reconnects:        k.reconnects.Load(),
	}
}
