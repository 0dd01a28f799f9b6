package web_test

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rtmkit/livechat-rtm/rtm"
	"github.com/rtmkit/livechat-rtm/web"
	"github.com/rtmkit/livechat-rtm/web/webtest"
)

// TestCallWire: a call is POST <base>/action/<action> with the JSON payload, the bearer token,
// the client's query and headers, and its response payload is decoded into the result.
func TestCallWire(t *testing.T) {
	srv := webtest.New(t)
	srv.Handle("send_event", webtest.Reply(map[string]string{"event_id": "E1"}))
	c := newClient(t, srv, web.Bearer("dal:secret"), web.WithQuery("organization_id", "org-1"), web.WithHeader("User-Agent", "test"))
	var got struct {
		EventID string `json:"event_id"`
	}
	if err := c.Call(testCtx(t), "send_event", json.RawMessage(`{"chat_id":"C1"}`), &got); err != nil {
		t.Fatalf("Call: %v", err)
	}
	if got.EventID != "E1" {
		t.Errorf("decoded %+v", got)
	}
	r, _ := srv.LastRequest("send_event")
	want := map[string]string{
		"method": "POST", "path": "/v3.6/agent/action/send_event", "query": "organization_id=org-1",
		"authorization": "Bearer dal:secret", "content-type": "application/json", "user-agent": "test", "body": `{"chat_id":"C1"}`,
	}
	gotWire := map[string]string{
		"method": r.Method, "path": r.Path, "query": r.Query.Encode(),
		"authorization": r.Header.Get("Authorization"), "content-type": r.Header.Get("Content-Type"),
		"user-agent": r.Header.Get("User-Agent"), "body": string(r.Body),
	}
	if diff := cmp.Diff(want, gotWire); diff != "" {
		t.Errorf("request on the wire (-want +got):\n%s", diff)
	}
}

// TestPersonalAccessTokenIsBasicAuth: a PAT goes as Basic base64(account_id:token).
func TestPersonalAccessTokenIsBasicAuth(t *testing.T) {
	srv := webtest.New(t)
	srv.Handle("x", webtest.Reply(json.RawMessage(`{}`)))
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte("acc-1:dal:pat"))
	srv.RequireAuthorization(want)
	c := newClient(t, srv, web.PersonalAccessToken("acc-1", "dal:pat"))
	if err := c.Call(testCtx(t), "x", nil, nil); err != nil {
		t.Fatalf("Call: %v", err)
	}
}

// TestTokenFuncRefreshedPerAttempt: a TokenFunc is asked before every attempt, so a refreshed
// token is used by the retry.
func TestTokenFuncRefreshedPerAttempt(t *testing.T) {
	srv := webtest.New(t)
	srv.Handle("x", webtest.Sequence(webtest.Fail(&webtest.Error{Status: 503, Type: "service_unavailable"}), webtest.Reply(json.RawMessage(`{}`))))
	var n atomic.Int32
	creds := web.BearerFunc(func(context.Context) (string, error) {
		return "tok" + string(rune('0'+n.Add(1))), nil
	})
	c := newClient(t, srv, creds, fastRetry)
	if err := c.Call(testCtx(t), "x", nil, nil); err != nil {
		t.Fatalf("Call: %v", err)
	}
	reqs := srv.Requests()
	if len(reqs) != 2 || reqs[0].Header.Get("Authorization") != "Bearer tok1" || reqs[1].Header.Get("Authorization") != "Bearer tok2" {
		t.Errorf("authorizations: %v", reqs)
	}
}

// TestNewRejectsBadInput: a missing or empty token, a base URL that is not http(s) or carries
// a query or user info: New fails with a clear error and nothing is sent.
func TestNewRejectsBadInput(t *testing.T) {
	cases := []struct {
		name, base string
		creds      web.Credentials
		want       string
		is         error
	}{
		{"nil credentials", "https://api.livechatinc.com/v3.6/agent", nil, "no credentials", web.ErrNoToken},
		{"empty bearer", "https://api.livechatinc.com/v3.6/agent", web.Bearer(""), "no access token", web.ErrNoToken},
		{"empty PAT", "https://api.livechatinc.com/v3.6/agent", web.PersonalAccessToken("acc", ""), "no access token", web.ErrNoToken},
		{"PAT without account", "https://api.livechatinc.com/v3.6/agent", web.PersonalAccessToken("", "x"), "account ID", nil},
		{"ws scheme", "wss://api.livechatinc.com/v3.6/agent", web.Bearer("t"), `scheme "wss": want http or https`, nil},
		{"no scheme", "api.livechatinc.com/v3.6/agent", web.Bearer("t"), "want http or https", nil},
		{"query", "https://api.livechatinc.com/v3.6/agent?x=1", web.Bearer("t"), "query", nil},
		{"user info", "https://u:p@api.livechatinc.com/v3.6/agent", web.Bearer("t"), "user info", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := web.New(tc.base, tc.creds)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one containing %q", err, tc.want)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("errors.Is(%v, %v) = false", err, tc.is)
			}
			if strings.Contains(err.Error(), "u:p") {
				t.Errorf("the error quotes the user info: %v", err)
			}
		})
	}
}

// TestEmptyRefreshedTokenNotSent: a TokenFunc that returns an empty token fails the call
// with ErrNoToken before anything is sent.
func TestEmptyRefreshedTokenNotSent(t *testing.T) {
	srv := webtest.New(t)
	c := newClient(t, srv, web.BearerFunc(func(context.Context) (string, error) { return "", nil }))
	err := c.Call(testCtx(t), "x", nil, nil)
	if !errors.Is(err, web.ErrNoToken) {
		t.Fatalf("err = %v, want ErrNoToken", err)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

// TestAPIErrorIsRTMError: an error object with its status is the *rtm.Error RTM returns, with
// the status kept; ErrorType and errors.As work as over RTM.
func TestAPIErrorIsRTMError(t *testing.T) {
	srv := webtest.New(t)
	srv.Handle("get_chat", webtest.Fail(&webtest.Error{Status: 404, Type: "not_found", Message: "Chat not found", Data: json.RawMessage(`{"chat_id":"C1"}`)}))
	c := newClient(t, srv, web.Bearer("t"))
	err := c.Call(testCtx(t), "get_chat", nil, nil)
	var e *rtm.Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %T %v, want *rtm.Error", err, err)
	}
	want := &rtm.Error{Type: "not_found", Message: "Chat not found", Data: json.RawMessage(`{"chat_id":"C1"}`), Action: "get_chat", StatusCode: 404}
	if diff := cmp.Diff(want, e); diff != "" {
		t.Errorf("error (-want +got):\n%s", diff)
	}
	if rtm.ErrorType(err) != rtm.ErrorTypeNotFound || !strings.Contains(err.Error(), "HTTP 404") {
		t.Errorf("ErrorType %q, message %q", rtm.ErrorType(err), err)
	}
}

// TestAuthErrorsNotRetried: 401 and 403 are fatal: one request, the typed error at once.
func TestAuthErrorsNotRetried(t *testing.T) {
	for _, tc := range []struct {
		status int
		typ    string
	}{{401, "authentication"}, {403, "authorization"}} {
		srv := webtest.New(t)
		srv.Handle("x", webtest.Fail(&webtest.Error{Status: tc.status, Type: tc.typ, Message: "no"}))
		c := newClient(t, srv, web.Bearer("t"), fastRetry)
		err := c.Call(testCtx(t), "x", nil, nil)
		if rtm.ErrorType(err) != tc.typ {
			t.Errorf("HTTP %d: err = %v", tc.status, err)
		}
		if n := len(srv.Requests()); n != 1 {
			t.Errorf("HTTP %d: %d requests, want 1 (not retried)", tc.status, n)
		}
	}
}

// TestRetry429HonoursRetryAfter: a 429 is retried after its Retry-After, then succeeds; the
// retry is counted and logged at Debug.
func TestRetry429HonoursRetryAfter(t *testing.T) {
	srv := webtest.New(t)
	srv.Handle("x", webtest.Sequence(
		webtest.Fail(&webtest.Error{Status: 429, Type: "too_many_requests", RetryAfter: time.Second}),
		webtest.Reply(json.RawMessage(`{"ok":true}`)),
	))
	log, buf := newLogger()
	c := newClient(t, srv, web.Bearer("secret-token"), fastRetry, web.WithLogger(log))
	start := time.Now()
	if err := c.Call(testCtx(t), "x", nil, nil); err != nil {
		t.Fatalf("Call: %v", err)
	}
	if waited := time.Since(start); waited < 900*time.Millisecond {
		t.Errorf("retried after %v, before the Retry-After of 1s", waited)
	}
	if s := c.Stats(); s.Requests != 2 || s.Retries != 1 || s.Failures != 0 {
		t.Errorf("stats %+v", s)
	}
	if out := buf.String(); !strings.Contains(out, "level=DEBUG") || !strings.Contains(out, "retrying") || strings.Contains(out, "secret-token") {
		t.Errorf("log: %s", out)
	}
}

// TestRetry503ThenGiveUp: 503s are retried with backoff up to MaxAttempts, then the last
// error is returned.
func TestRetry503ThenGiveUp(t *testing.T) {
	srv := webtest.New(t)
	srv.Handle("x", webtest.Fail(&webtest.Error{Status: 503, Type: "service_unavailable"}))
	c := newClient(t, srv, web.Bearer("t"), fastRetry)
	err := c.Call(testCtx(t), "x", nil, nil)
	if rtm.ErrorType(err) != rtm.ErrorTypeServiceUnavailable {
		t.Fatalf("err = %v", err)
	}
	if n := len(srv.Requests()); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
}

// TestWithoutRetry: the policy option turns retries off.
func TestWithoutRetry(t *testing.T) {
	srv := webtest.New(t)
	srv.Handle("x", webtest.Fail(&webtest.Error{Status: 503, Type: "service_unavailable"}))
	c := newClient(t, srv, web.Bearer("t"), web.WithoutRetry())
	if err := c.Call(testCtx(t), "x", nil, nil); err == nil {
		t.Fatal("no error")
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

// TestRetryConnectionRefused: a refused dial is retried (the request was never written), then
// reported as a *RequestError with NotSent.
func TestRetryConnectionRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	c, err := web.New("http://"+addr+"/v3.6/agent", web.Bearer("tok-SECRET"), fastRetry, web.WithQuery("organization_id", "org-SECRET"))
	if err != nil {
		t.Fatal(err)
	}
	err = c.Call(testCtx(t), "x", nil, nil)
	var re *web.RequestError
	if !errors.As(err, &re) || !re.NotSent {
		t.Fatalf("err = %v, want a *RequestError with NotSent", err)
	}
	if strings.Contains(err.Error(), "SECRET") {
		t.Errorf("the error quotes the token or the query: %v", err)
	}
	if s := c.Stats(); s.Requests != 3 || s.Retries != 2 {
		t.Errorf("stats %+v, want 3 attempts", s)
	}
}

// TestCancelDuringBackoff: a context cancelled while waiting to retry ends the call at once.
func TestCancelDuringBackoff(t *testing.T) {
	srv := webtest.New(t)
	srv.Handle("x", webtest.Fail(&webtest.Error{Status: 503, Type: "service_unavailable"}))
	c := newClient(t, srv, web.Bearer("t"), web.WithRetry(web.RetryPolicy{MinDelay: 10 * time.Second, Jitter: -1}))
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	var err error
	promptly(t, 5*time.Second, func() { err = c.Call(ctx, "x", nil, nil) })
	if !errors.Is(err, context.Canceled) || rtm.ErrorType(err) != rtm.ErrorTypeServiceUnavailable {
		t.Errorf("err = %v, want the cancellation and the last 503", err)
	}
}

// TestRetryAfterBeyondDeadline: a Retry-After longer than the caller's deadline is not waited
// for: the 429 is returned at once.
func TestRetryAfterBeyondDeadline(t *testing.T) {
	srv := webtest.New(t)
	srv.Handle("x", webtest.Fail(&webtest.Error{Status: 429, Type: "too_many_requests", RetryAfter: 30 * time.Second}))
	c := newClient(t, srv, web.Bearer("t"))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var err error
	promptly(t, 5*time.Second, func() { err = c.Call(ctx, "x", nil, nil) })
	if rtm.ErrorType(err) != rtm.ErrorTypeTooManyRequests || len(srv.Requests()) != 1 {
		t.Errorf("err = %v after %d requests", err, len(srv.Requests()))
	}
}

// TestSlowAnswerBoundedByContext: a server that does not answer in time fails the call when
// the caller's context ends, with the context's error.
func TestSlowAnswerBoundedByContext(t *testing.T) {
	srv := webtest.New(t)
	srv.Handle("x", webtest.Slow(time.Minute, webtest.Reply(json.RawMessage(`{}`))))
	c := newClient(t, srv, web.Bearer("t"))
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	var err error
	promptly(t, 5*time.Second, func() { err = c.Call(ctx, "x", nil, nil) })
	if !errors.Is(err, context.DeadlineExceeded) || !rtm.IsTimeout(err) {
		t.Errorf("err = %v, want the deadline", err)
	}
}

// TestHTMLErrorBody: a 500 with an HTML page is an *rtm.Error of type internal whose message
// quotes a short prefix of the page, never all of it, and never the token it echoes.
func TestHTMLErrorBody(t *testing.T) {
	srv := webtest.New(t)
	page := "<html><body>Bad gateway for Bearer tok-SECRET " + strings.Repeat("x", 5000) + "</body></html>"
	srv.Handle("x", webtest.Fail(&webtest.Error{Status: 500, Body: page}))
	c := newClient(t, srv, web.Bearer("tok-SECRET"))
	err := c.Call(testCtx(t), "x", nil, nil)
	var e *rtm.Error
	if !errors.As(err, &e) || e.Type != rtm.ErrorTypeInternal || e.StatusCode != 500 {
		t.Fatalf("err = %#v", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, "<html><body>Bad gateway") || !strings.Contains(msg, "text/html") || len(msg) > 300 || strings.Contains(msg, "tok-SECRET") {
		t.Errorf("message (%d bytes): %s", len(msg), msg)
	}
}

// TestNonJSONResponse: a 200 whose body is not JSON (or is cut short) wraps rtm.ErrDecode and
// quotes a short prefix.
func TestNonJSONResponse(t *testing.T) {
	for _, body := range []string{"<html>maintenance</html>", `{"event_id": "E1", "chat`} {
		hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(body))
		}))
		c, err := web.New(hs.URL, web.Bearer("t"))
		if err != nil {
			t.Fatal(err)
		}
		var got map[string]any
		err = c.Call(testCtx(t), "x", nil, &got)
		if !errors.Is(err, rtm.ErrDecode) || !strings.Contains(err.Error(), "not valid JSON") || !strings.Contains(err.Error(), strings.Trim(strconvQuote(body[:8]), `"`)) {
			t.Errorf("body %q: err = %v", body, err)
		}
		c.CloseIdleConnections()
		hs.Close()
	}
}

// TestResponseOverLimit: a body larger than the limit fails with ErrResponseTooLarge, with or
// without a Content-Length.
func TestResponseOverLimit(t *testing.T) {
	big := `{"x":"` + strings.Repeat("a", 4096) + `"}`
	for _, chunked := range []bool{false, true} {
		hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			if chunked {
				w.Write([]byte(big[:10]))
				w.(http.Flusher).Flush()
				w.Write([]byte(big[10:]))
				return
			}
			w.Write([]byte(big))
		}))
		c, err := web.New(hs.URL, web.Bearer("t"), web.WithResponseLimit(1024))
		if err != nil {
			t.Fatal(err)
		}
		err = c.Call(testCtx(t), "x", nil, &map[string]any{})
		if !errors.Is(err, web.ErrResponseTooLarge) {
			t.Errorf("chunked=%v: err = %v", chunked, err)
		}
		c.CloseIdleConnections()
		hs.Close()
	}
}

// TestRedirectToAnotherHostRefused: a redirect to another host is not followed, so the
// Authorization header never reaches it.
func TestRedirectToAnotherHostRefused(t *testing.T) {
	other := webtest.New(t)
	other.Handle("x", webtest.Reply(json.RawMessage(`{}`)))
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.Replace(other.URL(), "127.0.0.1", "localhost", 1)+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer hs.Close()
	c, err := web.New(hs.URL, web.Bearer("secret"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseIdleConnections()
	err = c.Call(testCtx(t), "x", nil, nil)
	if !errors.Is(err, web.ErrRedirect) {
		t.Fatalf("err = %v, want ErrRedirect", err)
	}
	if n := len(other.Requests()); n != 0 {
		t.Errorf("the other host received %d requests", n)
	}
}

// TestRedirectSameHostFollowed: a redirect on the same host keeps the body and the token.
func TestRedirectSameHostFollowed(t *testing.T) {
	srv := webtest.New(t)
	srv.Handle("new", webtest.Reply(json.RawMessage(`{"ok":true}`)))
	mux := http.NewServeMux()
	var target string
	mux.HandleFunc("/v3.6/agent/action/old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target, http.StatusPermanentRedirect)
	})
	hs := httptest.NewServer(mux)
	defer hs.Close()
	target = hs.URL + "/v3.6/agent/action/new2"
	mux.HandleFunc("/v3.6/agent/action/new2", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer t" {
			w.WriteHeader(401)
			return
		}
		w.Write([]byte(`{"ok":true}`))
	})
	c, err := web.New(hs.URL+"/v3.6/agent", web.Bearer("t"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseIdleConnections()
	var got map[string]bool
	if err := c.Call(testCtx(t), "old", json.RawMessage(`{"a":1}`), &got); err != nil || !got["ok"] {
		t.Fatalf("got %v, %v", got, err)
	}
}

// TestLifecycleHeadersLoggedOnce: Legacy and Deprecation are logged at Warn once per Client,
// however many responses carry them.
func TestLifecycleHeadersLoggedOnce(t *testing.T) {
	srv := webtest.New(t)
	srv.SetHeader("Legacy", "2026-12-31")
	srv.SetHeader("Deprecation", "2027-06-30")
	srv.Handle("x", webtest.Reply(json.RawMessage(`{}`)))
	log, buf := newLogger()
	c := newClient(t, srv, web.Bearer("t"), web.WithLogger(log))
	for range 3 {
		if err := c.Call(testCtx(t), "x", nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	out := buf.String()
	if strings.Count(out, "level=WARN") != 2 || strings.Count(out, "legacy_until=2026-12-31") != 1 || strings.Count(out, "deprecated_until=2027-06-30") != 1 {
		t.Errorf("log:\n%s", out)
	}
}

// TestAuthorIDModes: the author ID goes as X-Author-Id (v3.1-v3.5), beside the wrapped
// payload (v3.0), or fails before sending (v3.6).
func TestAuthorIDModes(t *testing.T) {
	srv := webtest.New(t)
	srv.Handle("x", webtest.Reply(json.RawMessage(`{}`)))
	ctx := testCtx(t)

	h := newClient(t, srv, web.Bearer("t"), web.WithAuthorID(web.AuthorIDHeader))
	if err := h.Call(ctx, "x", json.RawMessage(`{"a":1}`), nil, rtm.WithAuthorID("bot-1")); err != nil {
		t.Fatal(err)
	}
	r, _ := srv.LastRequest("x")
	if r.Header.Get("X-Author-Id") != "bot-1" || string(r.Body) != `{"a":1}` {
		t.Errorf("header mode: %q %s", r.Header.Get("X-Author-Id"), r.Body)
	}

	b := newClient(t, srv, web.Bearer("t"), web.WithAuthorID(web.AuthorIDBody))
	if err := b.Call(ctx, "x", json.RawMessage(`{"a":1}`), nil, rtm.WithAuthorID("bot-1")); err != nil {
		t.Fatal(err)
	}
	r, _ = srv.LastRequest("x")
	if r.Header.Get("X-Author-Id") != "" || string(r.Body) != `{"payload":{"a":1},"author_id":"bot-1"}` {
		t.Errorf("body mode: %q %s", r.Header.Get("X-Author-Id"), r.Body)
	}

	n := len(srv.Requests())
	u := newClient(t, srv, web.Bearer("t"))
	if err := u.Call(ctx, "x", nil, nil, rtm.WithAuthorID("bot-1")); !errors.Is(err, web.ErrAuthorIDUnsupported) {
		t.Errorf("unsupported mode: err = %v", err)
	}
	if len(srv.Requests()) != n {
		t.Error("a request was sent")
	}
}

// TestGetWithQuery: a GET call sends its params in the query, beside the client's, and no body.
func TestGetWithQuery(t *testing.T) {
	srv := webtest.New(t)
	srv.Handle("list_license_properties", webtest.Reply(json.RawMessage(`{"ns":{"p":1}}`)))
	c := newClient(t, srv, web.Bearer("t"), web.WithQuery("license_id", "123"))
	var got map[string]map[string]any
	err := c.Do(testCtx(t), &web.Request{Action: "list_license_properties", Method: http.MethodGet, Query: map[string][]string{"namespace": {"ns"}}, NoAuth: true}, &got)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := srv.LastRequest("list_license_properties")
	if r.Method != "GET" || r.Query.Encode() != "license_id=123&namespace=ns" || len(r.Body) != 0 || r.Header.Get("Authorization") != "" {
		t.Errorf("request %s %s body %q auth %q", r.Method, r.Query.Encode(), r.Body, r.Header.Get("Authorization"))
	}
}

// TestRegionFromTokenPrefix: a token prefixed "fra:" goes to the fra base URL, others to the
// default one.
func TestRegionFromTokenPrefix(t *testing.T) {
	dal, fra := webtest.New(t), webtest.New(t)
	for _, s := range []*webtest.Server{dal, fra} {
		s.Handle("x", webtest.Reply(json.RawMessage(`{}`)))
	}
	regions := web.WithRegions(map[string]string{"dal": dal.URL() + "/v3.6/agent", "fra": fra.URL() + "/v3.6/agent"})
	for _, tok := range []string{"fra:abc", "dal:abc", "abc"} {
		c := newClient(t, dal, web.Bearer(tok), regions)
		if err := c.Call(testCtx(t), "x", nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	if len(fra.Requests()) != 1 || len(dal.Requests()) != 2 {
		t.Errorf("fra got %d, dal got %d", len(fra.Requests()), len(dal.Requests()))
	}
}

// TestCredentialsPrintRedacted: printing Credentials shows no secret.
func TestCredentialsPrintRedacted(t *testing.T) {
	for _, c := range []web.Credentials{web.Bearer("s3cr3t"), web.PersonalAccessToken("acc", "s3cr3t")} {
		for _, f := range []string{"%v", "%+v", "%#v", "%s"} {
			if s := sprintf(f, c); strings.Contains(s, "s3cr3t") {
				t.Errorf("%s prints %s", f, s)
			}
		}
	}
}

// TestTLSVerifiedByDefault: against a server whose certificate nobody trusts, the default
// client refuses the connection (a *RequestError, not retried); the server's own client, which
// trusts it, works.
func TestTLSVerifiedByDefault(t *testing.T) {
	srv := webtest.NewTLSServer()
	defer srv.Close()
	srv.Handle("x", webtest.Reply(json.RawMessage(`{}`)))
	c, err := web.New(srv.URL()+"/v3.6/agent", web.Bearer("t"), fastRetry)
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseIdleConnections()
	err = c.Call(testCtx(t), "x", nil, nil)
	var re *web.RequestError
	if !errors.As(err, &re) || re.NotSent || !strings.Contains(err.Error(), "certificate") || len(srv.Requests()) != 0 {
		t.Fatalf("err = %v", err)
	}
	if s := c.Stats(); s.Requests != 1 {
		t.Errorf("a TLS failure was retried: %+v", s)
	}
	trusted, err := web.New(srv.URL()+"/v3.6/agent", web.Bearer("t"), web.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	defer trusted.CloseIdleConnections()
	if err := trusted.Call(testCtx(t), "x", nil, nil); err != nil {
		t.Fatalf("with the trusting client: %v", err)
	}
}

// TestInsecureClientWarned: an *http.Client that skips verification is accepted, with a
// warning.
func TestInsecureClientWarned(t *testing.T) {
	log, buf := newLogger()
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	if _, err := web.New("https://example.invalid/v3.6/agent", web.Bearer("t"), web.WithHTTPClient(hc), web.WithLogger(log)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "does not verify TLS certificates") {
		t.Errorf("log: %s", buf.String())
	}
}
