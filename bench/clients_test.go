package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"testing"

	"github.com/coder/websocket"
	v36 "github.com/rtmkit/livechat-rtm/gen/agent/v36"
	"github.com/rtmkit/livechat-rtm/rtm"
)

// The three clients compared by the round-trip benchmarks. Each sends the
// same send_event request (TestSameFrames checks the bytes) and reads its
// response.

// organizationQuery is what v36.Dial adds to the URL; the other clients
// dial the same URL.
const organizationQuery = "?organization_id=o"

// dialTyped opens a generated v36 client with its defaults (keepalive on).
func dialTyped(tb testing.TB, url string, opts ...rtm.Option) *v36.Client {
	tb.Helper()
	c, err := v36.Dial(context.Background(), v36.Config{URL: url, OrganizationID: "o"}, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { c.Close() })
	return c
}

// typedCaller calls SendEvent with one request value.
type typedCaller struct {
	c   *v36.Client
	req *v36.SendEventRequest
}

func newTypedCaller(tb testing.TB, url string) *typedCaller {
	return &typedCaller{c: dialTyped(tb, url), req: newSendEventRequest()}
}

func (t *typedCaller) roundTrip(tb testing.TB) {
	resp, err := t.c.SendEvent(context.Background(), t.req)
	if err != nil {
		tb.Fatal(err)
	}
	if resp.EventID == "" {
		tb.Fatal("typed: empty event_id")
	}
}

// rtmCaller calls rtm.Conn.Call with the typed request's payload already
// encoded, and takes the response payload raw: the transport alone.
type rtmCaller struct {
	c       *rtm.Conn
	payload json.RawMessage
	res     json.RawMessage
}

func newRTMCaller(tb testing.TB, url string) *rtmCaller {
	tb.Helper()
	c, err := rtm.Dial(context.Background(), url+organizationQuery)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { c.Close() })
	return &rtmCaller{c: c, payload: encodedSendEvent(tb)}
}

func (r *rtmCaller) roundTrip(tb testing.TB) {
	r.res = r.res[:0]
	if err := r.c.Call(context.Background(), v36.ActionSendEvent, r.payload, &r.res); err != nil {
		tb.Fatal(err)
	}
	if len(r.res) == 0 {
		tb.Fatal("rtm: empty payload")
	}
}

// rawCaller is a bare coder/websocket connection: it writes the frame
// rtm.Conn.Call writes (request ids 1, 2, ... like a Conn) and reads one
// message into a reused buffer. It is the floor: no request/response
// matching, no goroutine handoff, no decoding.
type rawCaller struct {
	ws      *websocket.Conn
	payload []byte
	id      uint64
	frame   []byte
	buf     bytes.Buffer
}

func newRawCaller(tb testing.TB, url string) *rawCaller {
	tb.Helper()
	ws, _, err := websocket.Dial(context.Background(), url+organizationQuery, nil)
	if err != nil {
		tb.Fatal(err)
	}
	ws.SetReadLimit(rtm.DefaultReadLimit)
	tb.Cleanup(func() { ws.CloseNow() })
	return &rawCaller{ws: ws, payload: encodedSendEvent(tb)}
}

// nextFrame returns the next request frame, built like rtm builds it.
func (r *rawCaller) nextFrame() []byte {
	r.id++
	f := append(r.frame[:0], `{"request_id":"`...)
	f = strconv.AppendUint(f, r.id, 10)
	f = append(f, `","action":"send_event","payload":`...)
	f = append(f, r.payload...)
	r.frame = append(f, '}')
	return r.frame
}

func (r *rawCaller) roundTrip(tb testing.TB) {
	ctx := context.Background()
	if err := r.ws.Write(ctx, websocket.MessageText, r.nextFrame()); err != nil {
		tb.Fatal(err)
	}
	_, rd, err := r.ws.Reader(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	r.buf.Reset()
	if _, err := r.buf.ReadFrom(rd); err != nil {
		tb.Fatal(err)
	}
	if r.buf.Len() == 0 {
		tb.Fatal("raw: empty response")
	}
}

// encodedSendEvent is the payload the typed client sends for
// newSendEventRequest.
func encodedSendEvent(tb testing.TB) json.RawMessage {
	tb.Helper()
	b, err := json.Marshal(newSendEventRequest())
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
