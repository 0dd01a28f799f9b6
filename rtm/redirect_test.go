package rtm_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/rtmkit/livechat-rtm/rtm"
)

// TestHandshakeRedirectToCleartextRefused: a wss:// server that redirects
// the handshake to ws:// (or anywhere else) does not get the Authorization
// header re-sent: Dial fails with ErrRedirect, fatally, and the redirect's
// target is never contacted.
func TestHandshakeRedirectToCleartextRefused(t *testing.T) {
	t.Parallel()
	var reached atomic.Int32
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
		if r.Header.Get("Authorization") != "" {
			t.Error("credentials re-sent in clear after a redirect")
		}
		http.Error(w, "no", http.StatusTeapot)
	}))
	defer plain.Close()
	redirector := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "ws://"+plain.Listener.Addr().String()+"/rtm?token=SECRET", http.StatusFound)
	}))
	defer redirector.Close()

	ctx := testCtx(t)
	_, err := rtm.Dial(ctx, strings.Replace(redirector.URL, "https://", "wss://", 1)+"/rtm",
		rtm.WithHTTPClient(redirector.Client()), rtm.WithHeader("Authorization", "Bearer SECRET"))
	if !errors.Is(err, rtm.ErrRedirect) || !rtm.IsFatal(err) {
		t.Fatalf("Dial through a redirect: %v; want ErrRedirect, fatal", err)
	}
	if strings.Contains(err.Error(), "SECRET") {
		t.Errorf("error names the redirect's query: %v", err)
	}
	if n := reached.Load(); n != 0 {
		t.Errorf("the redirect target was contacted %d times", n)
	}
}
