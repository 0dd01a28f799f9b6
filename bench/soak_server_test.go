package bench

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"sync/atomic"
	"time"

	v36 "github.com/rtmkit/livechat-rtm/gen/agent/v36"
	"github.com/rtmkit/livechat-rtm/rtm/rtmtest"
)

// chaosServer is the server of TestSoak: an rtmtest server whose send_event
// handler echoes the caller's token, late or not at all or as an error, and
// whose fault loop drops, stalls and garbles the connections.
type chaosServer struct {
	*rtmtest.Server
	calm atomic.Bool // no more faults: answer at once, successfully
	n    chaosCounts
}

// chaosCounts counts what the server did.
type chaosCounts struct {
	delayed, apiErrors, noReplies                     atomic.Int64
	drops, stalls, garbage, binary, unknownPushes     atomic.Int64
	unknownIDs, unknownTypes, badPushes, streamPushes atomic.Int64
	loginPushes                                       atomic.Int64
}

// soakErrorType is the type of the API errors the server answers with.
const soakErrorType = "soak_refused"

func newChaosServer() *chaosServer {
	s := &chaosServer{Server: rtmtest.NewServer(rtmtest.WithoutRecording())}
	s.Handle(v36.ActionLogin, s.login)
	s.Handle(v36.ActionSendEvent, s.sendEvent)
	return s
}

// login pushes, before answering, an incoming_event naming the connection
// (chat "login", thread "<connection id>"), and puts the connection id in
// the response (the field soak_conn, unknown to the spec: it lands in
// LoginResponse.Extra). A client that has the response has read the push
// before it.
func (s *chaosServer) login(ctx context.Context, _ *rtmtest.Request) (any, error) {
	sc := rtmtest.ConnFromContext(ctx)
	id := strconv.Itoa(sc.ID())
	if err := sc.Push(v36.PushIncomingEvent, eventPush("login", id)); err != nil {
		return nil, rtmtest.ErrNoReply // the connection is gone
	}
	s.n.loginPushes.Add(1)
	var resp map[string]json.RawMessage
	if err := json.Unmarshal(loginResponse, &resp); err != nil {
		return nil, err
	}
	resp["soak_conn"] = json.RawMessage(id)
	return resp, nil
}

// sendEvent echoes the request's chat_id (the caller's token) as event_id,
// or as the message of an API error; some answers come late, some never.
func (s *chaosServer) sendEvent(ctx context.Context, r *rtmtest.Request) (any, error) {
	var req struct {
		ChatID string `json:"chat_id"`
	}
	if err := json.Unmarshal(r.Payload, &req); err != nil {
		return nil, err
	}
	if !s.calm.Load() {
		switch p := rand.Float64(); {
		case p < 0.005:
			s.n.noReplies.Add(1)
			return nil, rtmtest.ErrNoReply
		case p < 0.03:
			s.n.apiErrors.Add(1)
			return nil, &rtmtest.Error{Type: soakErrorType, Message: req.ChatID}
		case p < 0.25:
			s.n.delayed.Add(1)
			t := time.NewTimer(rand.N(30 * time.Millisecond))
			defer t.Stop()
			select {
			case <-t.C:
			case <-ctx.Done():
				return nil, rtmtest.ErrNoReply
			}
		}
	}
	return map[string]string{"event_id": req.ChatID}, nil
}

// eventPush is the payload of an incoming_event push in chat chatID.
func eventPush(chatID, threadID string) map[string]any {
	return map[string]any{
		"chat_id":   chatID,
		"thread_id": threadID,
		"event":     map[string]any{"id": threadID + "_1", "type": "message", "text": "soak", "visibility": "all"},
	}
}

// garbageFrames are text frames that are not valid RTM frames.
var garbageFrames = []string{
	`{`, `not json`, `[]`, `null`, `"response"`, `{"type":"response"`, "\xff\xfe{}",
	`{"action":5,"type":"push"}`, `{"type":"response","request_id":{"a":1}}`,
}

// stream pushes an incoming_event to every open connection every interval
// until ctx ends.
func (s *chaosServer) stream(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	seq := 0
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		seq++
		for _, c := range s.Conns() {
			if c.Push(v36.PushIncomingEvent, eventPush("stream", strconv.Itoa(seq))) == nil {
				s.n.streamPushes.Add(1)
			}
		}
	}
}

// faults injects one random fault into the open connections every 10 to
// 110 ms until ctx ends.
func (s *chaosServer) faults(ctx context.Context) {
	for {
		t := time.NewTimer(10*time.Millisecond + rand.N(100*time.Millisecond))
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		for _, c := range s.Conns() {
			s.fault(c)
		}
	}
}

// fault does one random bad thing to c. Writes may fail: the connection
// may be gone already.
func (s *chaosServer) fault(c *rtmtest.ServerConn) {
	switch p := rand.Float64(); {
	case p < 0.20:
		s.n.drops.Add(1)
		c.Drop()
	case p < 0.25:
		s.n.stalls.Add(1)
		c.Stall() // a dead peer: the client's keepalive must notice
	case p < 0.45:
		s.n.garbage.Add(1)
		_ = c.WriteText([]byte(garbageFrames[rand.N(len(garbageFrames))]))
	case p < 0.50:
		s.n.binary.Add(1)
		_ = c.WriteBinary([]byte{0, 1, 2})
	case p < 0.70:
		s.n.unknownPushes.Add(1)
		_ = c.Push("soak_unknown_push", map[string]int{"n": 1})
	case p < 0.80:
		s.n.unknownIDs.Add(1)
		_ = c.Send(rtmtest.Frame{RequestID: "99999999999999", Action: v36.ActionSendEvent, Type: "response",
			Payload: map[string]string{"event_id": "nobody's"}})
	case p < 0.85:
		s.n.unknownTypes.Add(1)
		_ = c.Send(rtmtest.Frame{Action: "soak", Type: "soak_frame_type"})
	default:
		s.n.badPushes.Add(1) // a known push the typed code cannot decode
		_ = c.Push(v36.PushIncomingEvent, map[string]any{"chat_id": 5, "event": "x"})
	}
}
