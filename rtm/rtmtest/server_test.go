package rtmtest_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/google/go-cmp/cmp"
	"github.com/rtmkit/livechat-rtm/rtm"
	"github.com/rtmkit/livechat-rtm/rtm/rtmtest"
)

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// client is a bare websocket client: it sees the server's frames as sent.
type client struct {
	t  *testing.T
	ws *websocket.Conn
}

func dialRaw(t *testing.T, srv *rtmtest.Server) *client {
	t.Helper()
	ws, _, err := websocket.Dial(testCtx(t), srv.URL(), &websocket.DialOptions{HTTPClient: srv.HTTPClient()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.CloseNow() })
	return &client{t, ws}
}

func (c *client) send(frame string) {
	c.t.Helper()
	if err := c.ws.Write(testCtx(c.t), websocket.MessageText, []byte(frame)); err != nil {
		c.t.Fatal(err)
	}
}

// recv reads one frame as generic JSON.
func (c *client) recv() map[string]any {
	c.t.Helper()
	_, b, err := c.ws.Read(testCtx(c.t))
	if err != nil {
		c.t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		c.t.Fatalf("%s: %v", b, err)
	}
	return m
}

func errorResponse(id, action, typ, msg string) map[string]any {
	m := map[string]any{"action": action, "type": "response", "success": false,
		"payload": map[string]any{"error": map[string]any{"type": typ, "message": msg}}}
	if id != "" {
		m["request_id"] = id
	}
	return m
}

func TestResponses(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	srv.Handle("get_chat", func(ctx context.Context, r *rtmtest.Request) (any, error) {
		return map[string]any{"id": "PJ0MRSHTDG", "asked": json.RawMessage(r.Payload)}, nil
	})
	srv.Handle("raw", func(context.Context, *rtmtest.Request) (any, error) { return []byte(`[1,2]`), nil })
	srv.Handle("empty", func(context.Context, *rtmtest.Request) (any, error) { return nil, nil })
	srv.Handle("bad_raw", func(context.Context, *rtmtest.Request) (any, error) { return json.RawMessage(`{`), nil })
	srv.Handle("typed", func(context.Context, *rtmtest.Request) (any, error) {
		return nil, &rtmtest.Error{Type: "misdirected_request", Message: "Wrong region", Data: map[string]string{"region": "dal"}}
	})
	srv.Handle("rtm_error", func(context.Context, *rtmtest.Request) (any, error) {
		return nil, &rtm.Error{Type: "not_found", Message: "Chat not found", Data: json.RawMessage(`{"id":"X"}`)}
	})
	srv.Handle("plain", func(context.Context, *rtmtest.Request) (any, error) { return nil, errors.New("boom") })
	c := dialRaw(t, srv)

	tests := []struct {
		send string
		want map[string]any
	}{
		{`{"request_id":"1","action":"get_chat","payload":{"chat_id":"X"}}`,
			map[string]any{"request_id": "1", "action": "get_chat", "type": "response", "success": true,
				"payload": map[string]any{"id": "PJ0MRSHTDG", "asked": map[string]any{"chat_id": "X"}}}},
		{`{"request_id":"2","action":"raw"}`,
			map[string]any{"request_id": "2", "action": "raw", "type": "response", "success": true, "payload": []any{1.0, 2.0}}},
		{`{"action":"empty","payload":{}}`,
			map[string]any{"action": "empty", "type": "response", "success": true, "payload": map[string]any{}}},
		{`{"request_id":"3","action":"ping","payload":{}}`,
			map[string]any{"request_id": "3", "action": "ping", "type": "response", "success": true, "payload": map[string]any{}}},
		{`{"request_id":"4","action":"typed"}`, func() map[string]any {
			m := errorResponse("4", "typed", "misdirected_request", "Wrong region")
			m["payload"].(map[string]any)["error"].(map[string]any)["data"] = map[string]any{"region": "dal"}
			return m
		}()},
		{`{"request_id":"5","action":"rtm_error"}`, func() map[string]any {
			m := errorResponse("5", "rtm_error", "not_found", "Chat not found")
			m["payload"].(map[string]any)["error"].(map[string]any)["data"] = map[string]any{"id": "X"}
			return m
		}()},
		{`{"request_id":"6","action":"plain"}`, errorResponse("6", "plain", "internal", "boom")},
		{`{"request_id":"7","action":"nope"}`, errorResponse("7", "nope", rtmtest.TypeNoHandler, "rtmtest: no handler for action nope")},
		{`{"request_id":"8","action":"bad_raw"}`, errorResponse("8", "bad_raw", "internal",
			"rtmtest: cannot encode response: json: error calling MarshalJSON for type json.RawMessage: unexpected end of JSON input")},
		{`not json`, errorResponse("", "", "validation", "Wrong format of request")},
		{`{"request_id":"9","payload":{}}`, errorResponse("9", "", "validation", "Wrong format of request")},
	}
	for _, tt := range tests {
		c.send(tt.send)
		if diff := cmp.Diff(tt.want, c.recv()); diff != "" {
			t.Errorf("response to %s (-want +got):\n%s", tt.send, diff)
		}
	}
	reqs := srv.Requests()
	if len(reqs) != len(tests) {
		t.Fatalf("%d requests recorded, want %d", len(reqs), len(tests))
	}
	want := rtmtest.Request{ConnID: 1, RequestID: "1", Action: "get_chat", Payload: json.RawMessage(`{"chat_id":"X"}`),
		Raw: []byte(tests[0].send)}
	if diff := cmp.Diff(want, reqs[0]); diff != "" {
		t.Errorf("recorded request (-want +got):\n%s", diff)
	}
	if string(reqs[9].Raw) != "not json" {
		t.Errorf("malformed request recorded as %+v", reqs[9])
	}
}

func TestPushAndSend(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	c := dialRaw(t, srv)
	sc := srv.Conn(1)
	yes := true
	steps := []struct {
		do   func() error
		want map[string]any
	}{
		{func() error { return sc.Push("incoming_chat", map[string]int{"n": 1}) },
			map[string]any{"action": "incoming_chat", "type": "push", "payload": map[string]any{"n": 1.0}}},
		{func() error { return sc.Push("empty", nil) },
			map[string]any{"action": "empty", "type": "push", "payload": map[string]any{}}},
		{func() error {
			return sc.Send(rtmtest.Frame{RequestID: "42", Action: "x", Type: "response", Success: &yes})
		}, map[string]any{"request_id": "42", "action": "x", "type": "response", "success": true}},
		{func() error { return srv.PushAll("to_all", json.RawMessage(`[1]`)) },
			map[string]any{"action": "to_all", "type": "push", "payload": []any{1.0}}},
	}
	for i, s := range steps {
		if err := s.do(); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(s.want, c.recv()); diff != "" {
			t.Errorf("step %d (-want +got):\n%s", i, diff)
		}
	}
	if err := sc.WriteBinary([]byte{0xff}); err != nil {
		t.Fatal(err)
	}
	if typ, b, err := c.ws.Read(testCtx(t)); err != nil || typ != websocket.MessageBinary || string(b) != "\xff" {
		t.Errorf("binary frame: %v %q %v", typ, b, err)
	}
}

// TestConcurrentHandling: a blocked handler does not hold up the others.
func TestConcurrentHandling(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	release := make(chan struct{})
	srv.Handle("slow", func(ctx context.Context, r *rtmtest.Request) (any, error) {
		<-release
		return nil, nil
	})
	srv.Handle("fast", func(context.Context, *rtmtest.Request) (any, error) { return nil, nil })
	c := dialRaw(t, srv)
	c.send(`{"request_id":"1","action":"slow"}`)
	c.send(`{"request_id":"2","action":"fast"}`)
	if got := c.recv()["request_id"]; got != "2" {
		t.Errorf("first response to %v, want 2", got)
	}
	close(release)
	if got := c.recv()["request_id"]; got != "1" {
		t.Errorf("second response to %v, want 1", got)
	}
}

func TestSerialHandling(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t, rtmtest.WithSerialHandling())
	srv.Handle("slow", func(ctx context.Context, r *rtmtest.Request) (any, error) {
		time.Sleep(20 * time.Millisecond)
		return nil, nil
	})
	srv.Handle("fast", func(context.Context, *rtmtest.Request) (any, error) { return nil, nil })
	c := dialRaw(t, srv)
	c.send(`{"request_id":"1","action":"slow"}`)
	c.send(`{"request_id":"2","action":"fast"}`)
	for _, want := range []string{"1", "2"} {
		if got := c.recv()["request_id"]; got != want {
			t.Errorf("response to %v, want %s", got, want)
		}
	}
}

func TestWaits(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	ctx := testCtx(t)
	short, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
	defer cancel()
	if _, err := srv.WaitConn(short, 1); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("WaitConn without a connection: %v", err)
	}
	if _, err := srv.WaitRequest(short, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("WaitRequest without a request: %v", err)
	}
	type waited struct {
		conn *rtmtest.ServerConn
		reqs []rtmtest.Request
		err  error
	}
	result := make(chan waited, 1)
	go func() { // waits started before the connection and the requests exist
		sc, err := srv.WaitConn(ctx, 1)
		if err != nil {
			result <- waited{err: err}
			return
		}
		rs, err := srv.WaitRequests(ctx, 2, rtmtest.ActionIs("a"))
		result <- waited{sc, rs, err}
	}()
	c := dialRaw(t, srv)
	c.send(`{"request_id":"1","action":"a"}`)
	c.send(`{"request_id":"2","action":"b"}`)
	c.send(`{"request_id":"3","action":"a"}`)
	w := <-result
	if w.err != nil || w.conn.ID() != 1 || len(w.reqs) != 2 || w.reqs[0].RequestID != "1" || w.reqs[1].RequestID != "3" {
		t.Fatalf("waits: %+v", w)
	}
	if srv.Conn(2) != nil || srv.Conn(0) != nil {
		t.Error("Conn of an unknown id is not nil")
	}
}

func TestRejectConnections(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	srv.RejectConnections(http.StatusForbidden)
	_, resp, err := websocket.Dial(testCtx(t), srv.URL(), nil)
	if err == nil || resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("dial a rejecting server: %v, %v", resp, err)
	}
	srv.RejectConnections(0)
	dialRaw(t, srv)
	if n := len(srv.Conns()); n != 1 {
		t.Errorf("%d connections, want 1", n)
	}
}

func TestHandshakeDetails(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t, rtmtest.WithTLS())
	if !strings.HasPrefix(srv.URL(), "wss://127.0.0.1:") || srv.TLSConfig() == nil {
		t.Fatalf("URL %s, TLS config %v", srv.URL(), srv.TLSConfig())
	}
	ws, _, err := websocket.Dial(testCtx(t), srv.URL()+"/v3.6/agent/rtm/ws?license_id=7", &websocket.DialOptions{
		HTTPClient: srv.HTTPClient(),
		HTTPHeader: http.Header{"Authorization": {"Bearer x"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.CloseNow()
	sc := srv.Conn(1)
	if sc.Path() != "/v3.6/agent/rtm/ws" || sc.Query().Get("license_id") != "7" || sc.Header().Get("Authorization") != "Bearer x" {
		t.Errorf("path %q, query %v, header %v", sc.Path(), sc.Query(), sc.Header())
	}
}

// TestStall: a stalled connection answers neither requests nor pings.
func TestStall(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	srv.Handle("x", func(context.Context, *rtmtest.Request) (any, error) { return nil, nil })
	c := dialRaw(t, srv)
	go func() { // a reader is needed for pings
		for {
			if _, _, err := c.ws.Read(context.Background()); err != nil {
				return
			}
		}
	}()
	ctx := testCtx(t)
	if err := c.ws.Ping(ctx); err != nil {
		t.Fatalf("ping before Stall: %v", err)
	}
	srv.Conn(1).Stall()
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if err := c.ws.Ping(short); err == nil {
		t.Fatal("a stalled connection answered a ping")
	}
}

func TestDropAndClose(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	c1 := dialRaw(t, srv)
	c2 := dialRaw(t, srv)
	srv.Conn(1).Drop()
	if _, _, err := c1.ws.Read(testCtx(t)); err == nil || websocket.CloseStatus(err) != -1 {
		t.Errorf("after Drop: %v, want an error without close frame", err)
	}
	go func() { _, _, _ = c2.ws.Read(context.Background()) }() // answers the close handshake
	if err := srv.Conn(2).Close(4000, "bye"); err != nil {
		t.Fatal(err)
	}
	<-srv.Conn(1).Done()
	<-srv.Conn(2).Done()
	if n := len(srv.Conns()); n != 0 {
		t.Errorf("%d connections open", n)
	}
}

// TestServerClose: Close ends every connection and every goroutine.
func TestServerClose(t *testing.T) {
	before := runtime.NumGoroutine()
	srv := rtmtest.NewServer()
	srv.Handle("block", func(ctx context.Context, r *rtmtest.Request) (any, error) {
		<-ctx.Done()
		return nil, rtmtest.ErrNoReply
	})
	ws, _, err := websocket.Dial(testCtx(t), srv.URL(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := ws.Write(testCtx(t), websocket.MessageText, []byte(`{"request_id":"1","action":"block"}`)); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.WaitRequest(testCtx(t), nil); err != nil {
		t.Fatal(err)
	}
	srv.Close()
	srv.Close()
	if _, _, err := ws.Read(testCtx(t)); err == nil {
		t.Error("connection open after Close")
	}
	ws.CloseNow()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<20)
		t.Errorf("%d goroutines left:\n%s", n-before, buf[:runtime.Stack(buf, true)])
	}
}
