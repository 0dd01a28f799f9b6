package rtm_test

import (
	"context"
	"crypto/x509"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rtmkit/livechat-rtm/rtm"
	"github.com/rtmkit/livechat-rtm/rtm/rtmtest"
)

func TestDialHeadersAndQuery(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	c, err := rtm.Dial(testCtx(t), srv.URL()+"/v3.2/customer/rtm/ws?keep=1",
		rtm.WithHeader("Authorization", "Bearer x"),
		rtm.WithHeader("X-Region", "fra"),
		rtm.WithQuery("license_id", "123"),
	)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sc := srv.Conn(1)
	if got := sc.Header().Get("Authorization"); got != "Bearer x" {
		t.Errorf("Authorization = %q", got)
	}
	if got := sc.Header().Get("X-Region"); got != "fra" {
		t.Errorf("X-Region = %q", got)
	}
	if diff := cmp.Diff(url.Values{"keep": {"1"}, "license_id": {"123"}}, sc.Query()); diff != "" {
		t.Errorf("query (-want +got):\n%s", diff)
	}
	if sc.Path() != "/v3.2/customer/rtm/ws" {
		t.Errorf("path = %q", sc.Path())
	}
}

// TestDialTLS: TLS is verified by default; a client that trusts the server
// connects.
func TestDialTLS(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t, rtmtest.WithTLS())
	srv.Handle("echo", echo)
	if !strings.HasPrefix(srv.URL(), "wss://") {
		t.Fatalf("URL = %s", srv.URL())
	}
	_, err := rtm.Dial(testCtx(t), srv.URL())
	var unknownCA x509.UnknownAuthorityError
	var de *rtm.DialError
	if !errors.As(err, &de) || !errors.As(err, &unknownCA) {
		t.Fatalf("dial with the default client: %v, want a certificate error", err)
	}
	if rtm.IsFatal(err) {
		t.Errorf("certificate error classified fatal: %v", err)
	}

	c := dial(t, srv, rtm.WithHTTPClient(srv.HTTPClient()))
	if err := c.Call(testCtx(t), "echo", nil, nil); err != nil {
		t.Fatal(err)
	}
	c2 := dial(t, srv, rtm.WithHTTPClient(&http.Client{Transport: &http.Transport{TLSClientConfig: srv.TLSConfig()}}))
	if err := c2.Call(testCtx(t), "echo", nil, nil); err != nil {
		t.Fatal(err)
	}
}

func TestDialRefused(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	for _, tt := range []struct {
		status int
		fatal  bool
	}{{401, true}, {403, true}, {404, true}, {429, false}, {503, false}} {
		srv.RejectConnections(tt.status)
		_, err := rtm.Dial(testCtx(t), srv.URL()+"?license_id=lic-q7", rtm.WithHeader("Authorization", "Bearer s3cr3t"))
		var de *rtm.DialError
		if !errors.As(err, &de) || de.StatusCode != tt.status {
			t.Errorf("HTTP %d: got %v, want a DialError with the status", tt.status, err)
			continue
		}
		if rtm.IsFatal(err) != tt.fatal {
			t.Errorf("HTTP %d: IsFatal = %v, want %v", tt.status, !tt.fatal, tt.fatal)
		}
		if msg := err.Error(); strings.Contains(msg, "s3cr3t") || strings.Contains(msg, "lic-q7") {
			t.Errorf("error %q shows a header or the query", msg)
		}
	}
}

func TestDialFailures(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	if _, err := rtm.Dial(ctx, "ws://127.0.0.1:1/rtm"); !errors.As(err, new(*rtm.DialError)) || rtm.IsFatal(err) || !rtm.IsRetryable(err) {
		t.Errorf("nothing listening: %v", err)
	}
	if _, err := rtm.Dial(ctx, "ftp://example.com/x"); err == nil {
		t.Error("ftp URL accepted")
	}
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := rtm.Dial(canceled, "ws://127.0.0.1:1/rtm"); !rtm.IsCanceled(err) {
		t.Errorf("canceled dial: %v", err)
	}
	for _, o := range []rtm.Option{rtm.WithReadLimit(0), rtm.WithMaxInFlight(-1), rtm.WithPushQueueSize(0),
		rtm.WithPingInterval(-1), rtm.WithCallTimeout(-1), rtm.WithPingTimeout(0)} {
		if _, err := rtm.Dial(ctx, "ws://127.0.0.1:1/rtm", o); err == nil || !strings.Contains(err.Error(), "invalid options") {
			t.Errorf("invalid option accepted: %v", err)
		}
	}
}

// TestDialContextOnlyBoundsTheHandshake: canceling Dial's context later does
// not affect the connection.
func TestDialContextOnlyBoundsTheHandshake(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	srv.Handle("echo", echo)
	ctx, cancel := context.WithCancel(testCtx(t))
	c, err := rtm.Dial(ctx, srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	cancel()
	if err := c.Call(testCtx(t), "echo", nil, nil); err != nil {
		t.Fatalf("call after canceling Dial's context: %v", err)
	}
	if err := c.Call(ctx, "echo", nil, nil); !rtm.IsCanceled(err) {
		t.Fatalf("call with a canceled context: %v", err)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("%d requests sent, want 1 (none for the canceled call)", n)
	}
}
