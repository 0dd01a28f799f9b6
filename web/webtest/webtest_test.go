package webtest_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/rtmkit/livechat-rtm/web/webtest"
)

func post(t *testing.T, url, body string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp, string(data)
}

// TestUnknownActionIsNotFound: an action without a handler is answered 404 with an error
// object naming it, and is still recorded.
func TestUnknownActionIsNotFound(t *testing.T) {
	srv := webtest.New(t)
	resp, body := post(t, srv.URL()+"/v3.6/agent/action/nope", `{"a":1}`)
	if resp.StatusCode != 404 || !strings.Contains(body, `"type":"not_found"`) || !strings.Contains(body, "nope") {
		t.Errorf("%d %s", resp.StatusCode, body)
	}
	r, ok := srv.LastRequest("nope")
	if !ok || r.Method != "POST" || string(r.Body) != `{"a":1}` || r.Header.Get("Content-Type") != "application/json" {
		t.Errorf("recorded %+v", r)
	}
}

// TestScriptedAnswers: Sequence answers in order then repeats the last; an *Error sets the
// status, the error object and Retry-After; a raw body replaces the error object.
func TestScriptedAnswers(t *testing.T) {
	srv := webtest.New(t)
	srv.Handle("x", webtest.Sequence(
		webtest.Fail(&webtest.Error{Status: 429, Type: "too_many_requests", Message: "slow down", RetryAfter: 1500 * time.Millisecond}),
		webtest.Fail(&webtest.Error{Status: 502, Body: "<html>bad gateway</html>"}),
		webtest.Reply(json.RawMessage(`{"ok":true}`)),
	))
	url := srv.URL() + "/v3.6/agent/action/x"
	resp, body := post(t, url, "{}")
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "2" || body != `{"error":{"message":"slow down","type":"too_many_requests"}}` {
		t.Errorf("1: %d %q %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	resp, body = post(t, url, "{}")
	if resp.StatusCode != 502 || resp.Header.Get("Content-Type") != "text/html" || body != "<html>bad gateway</html>" {
		t.Errorf("2: %d %s", resp.StatusCode, body)
	}
	for i := 3; i <= 4; i++ {
		if resp, body = post(t, url, "{}"); resp.StatusCode != 200 || body != `{"ok":true}` {
			t.Errorf("%d: %d %s", i, resp.StatusCode, body)
		}
	}
}

// TestSlowStopsWhenTheClientGivesUp: a Slow handler ends when the client's request does.
func TestSlowStopsWhenTheClientGivesUp(t *testing.T) {
	srv := webtest.New(t)
	done := make(chan struct{})
	srv.Handle("y", func(ctx context.Context, r *webtest.Request) (any, error) {
		defer close(done)
		return webtest.Slow(time.Minute, webtest.Reply(nil))(ctx, r)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL()+"/v3.6/agent/action/y", nil)
	if _, err := http.DefaultClient.Do(req); err == nil {
		t.Fatal("the slow answer came")
	}
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the handler is still waiting after the client gave up")
	}
}

// TestRequireAuthorization: a request without the expected Authorization is answered 401.
func TestRequireAuthorization(t *testing.T) {
	srv := webtest.New(t)
	srv.Handle("x", webtest.Reply(nil))
	srv.RequireAuthorization("Bearer good")
	resp, body := post(t, srv.URL()+"/v3.6/agent/action/x", "{}")
	if resp.StatusCode != 401 || !strings.Contains(body, `"authentication"`) {
		t.Errorf("%d %s", resp.StatusCode, body)
	}
}
