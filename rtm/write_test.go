package rtm_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/rtmkit/livechat-rtm/rtm"
)

// TestCallDeadlineDuringBlockedWrite: when the server stops reading, a call
// whose large request is mid-write returns at its deadline (not when
// keepalive gives up), with a timeout; the connection, left with a partial
// frame, is closed, and the Conn reports ErrConnectionLost wrapping
// ErrWriteTimeout.
func TestCallDeadlineDuringBlockedWrite(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		<-release // never reads: the client's writes back up
		ws.CloseNow()
	}))
	srv.Listener = smallBuffers{srv.Listener}
	srv.Start()
	defer srv.Close()
	defer close(release)

	// Small socket buffers, so that a few MiB fill them.
	hc := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		nc, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if tc, ok := nc.(*net.TCPConn); ok {
			_ = tc.SetWriteBuffer(16 << 10)
		}
		return nc, err
	}}}
	c, err := rtm.Dial(testCtx(t), strings.Replace(srv.URL, "http", "ws", 1), rtm.WithPingInterval(0), rtm.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	big := json.RawMessage(`{"text":"` + string(bytes.Repeat([]byte("a"), 1<<20)) + `"}`)
	ctx, cancel := context.WithTimeout(testCtx(t), time.Second)
	defer cancel()
	start := time.Now()
	err = c.Call(ctx, "send_event", big, nil)
	if took := time.Since(start); took > time.Second+promptly {
		t.Errorf("call returned after %v, its deadline was 1s", took)
	}
	if !rtm.IsTimeout(err) {
		t.Errorf("call: %v; want a timeout", err)
	}
	select {
	case <-c.Done():
	case <-time.After(promptly):
		t.Fatal("the connection with a partial frame is still in use")
	}
	if !errors.Is(c.Err(), rtm.ErrConnectionLost) || !errors.Is(c.Err(), rtm.ErrWriteTimeout) {
		t.Errorf("Err() = %v; want ErrConnectionLost wrapping ErrWriteTimeout", c.Err())
	}
}

// smallBuffers accepts connections with a small receive buffer.
type smallBuffers struct{ net.Listener }

func (l smallBuffers) Accept() (net.Conn, error) {
	nc, err := l.Listener.Accept()
	if tc, ok := nc.(*net.TCPConn); ok {
		_ = tc.SetReadBuffer(16 << 10)
	}
	return nc, err
}
