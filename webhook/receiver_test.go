package webhook_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rtmkit/livechat-rtm/webhook"
)

const secret = "s3cr3t-key-of-the-registration"

// body is a webhook body with the given secret_key (omitted when "-") and payload.
func body(key, action, payload string) string {
	s := `{"webhook_id":"w1",`
	if key != "-" {
		s += fmt.Sprintf(`"secret_key":%q,`, key)
	}
	return s + fmt.Sprintf(`"action":%q,"organization_id":"o1","payload":%s,"additional_data":{"chat_presence_user_ids":["a"]}}`, action, payload)
}

// logBuffer is a concurrency-safe log sink.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// serve starts a loopback server with a receiver for secret; logs go to the returned buffer.
func serve(t *testing.T, cfg webhook.Config) (*webhook.Receiver, *httptest.Server, *logBuffer) {
	t.Helper()
	logs := &logBuffer{}
	cfg.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	r, err := webhook.NewReceiver(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	return r, srv, logs
}

func post(t *testing.T, url, contentType, b string) (int, string) {
	t.Helper()
	resp, err := http.Post(url, contentType, strings.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(data)
}

// TestWrongSecretNeverReachesAHandler: a missing, wrong, shorter, longer or non-string
// secret_key is answered 401 and no handler runs; the logs hold neither key.
func TestWrongSecretNeverReachesAHandler(t *testing.T) {
	r, srv, logs := serve(t, webhook.Config{Secret: webhook.SecretKey(secret)})
	var calls atomic.Int32
	r.Handle("incoming_event", func(context.Context, *webhook.Webhook) error { calls.Add(1); return nil })
	r.HandleUnhandled(func(context.Context, *webhook.Webhook) error { calls.Add(1); return nil })
	bodies := map[string]string{
		"missing":    body("-", "incoming_event", `{}`),
		"wrong":      body("s3cr3t-key-of-the-registratioX", "incoming_event", `{}`),
		"shorter":    body(secret[:5], "incoming_event", `{}`),
		"longer":     body(secret+"x", "incoming_event", `{}`),
		"empty":      body("", "incoming_event", `{}`),
		"not string": strings.Replace(body("-", "incoming_event", `{}`), `{"webhook_id":"w1",`, `{"webhook_id":"w1","secret_key":42,`, 1),
		"unknown":    body("nope", "action_from_the_future", `{}`),
	}
	for name, b := range bodies {
		t.Run(name, func(t *testing.T) {
			code, msg := post(t, srv.URL, "application/json", b)
			if code != http.StatusUnauthorized {
				t.Errorf("status %d (%q), want 401", code, msg)
			}
			if strings.Contains(msg, secret) {
				t.Errorf("the answer %q holds the secret", msg)
			}
		})
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("%d handler calls, want none", n)
	}
	if strings.Contains(logs.String(), secret[:5]) {
		t.Errorf("logs hold (part of) a secret:\n%s", logs)
	}
	code, _ := post(t, srv.URL, "application/json", body(secret, "incoming_event", `{}`))
	if code != http.StatusOK || calls.Load() != 1 {
		t.Errorf("the right secret: status %d, %d calls; want 200 and 1", code, calls.Load())
	}
}

// TestNoSecretMustBeChosen: the zero Secret and an empty key are refused; NoSecret accepts
// any secret_key, or none.
func TestNoSecretMustBeChosen(t *testing.T) {
	for _, s := range []webhook.Secret{{}, webhook.SecretKey("")} {
		if _, err := webhook.NewReceiver(webhook.Config{Secret: s}); !errors.Is(err, webhook.ErrNoSecret) {
			t.Errorf("NewReceiver(%v): err = %v, want ErrNoSecret", s, err)
		}
		if _, err := webhook.Parse([]byte(body("x", "a", "{}")), s); !errors.Is(err, webhook.ErrNoSecret) {
			t.Errorf("Parse(%v): err = %v, want ErrNoSecret", s, err)
		}
	}
	for _, key := range []string{"-", "", "anything"} {
		if _, err := webhook.Parse([]byte(body(key, "a", "{}")), webhook.NoSecret()); err != nil {
			t.Errorf("NoSecret with secret_key %q: %v", key, err)
		}
	}
}

// TestSecretIsNeverPrinted: formatting a Secret shows no key.
func TestSecretIsNeverPrinted(t *testing.T) {
	s := webhook.SecretKey(secret)
	for _, out := range []string{fmt.Sprint(s), fmt.Sprintf("%v %+v %#v %s", s, s, s, s), fmt.Sprint(webhook.Config{Secret: s})} {
		if strings.Contains(out, secret) || strings.Contains(out, secret[:8]) {
			t.Errorf("%q shows the secret", out)
		}
	}
}

// TestRefusedRequests: wrong method, content type, size and malformed bodies get their status
// and a short reason naming the field, and never reach a handler.
func TestRefusedRequests(t *testing.T) {
	r, srv, _ := serve(t, webhook.Config{Secret: webhook.SecretKey(secret), MaxBodyBytes: 4096})
	var calls atomic.Int32
	r.HandleUnhandled(func(context.Context, *webhook.Webhook) error { calls.Add(1); return nil })
	good := body(secret, "incoming_event", `{"chat_id":"c"}`)
	tests := []struct {
		name, method, contentType, body string
		status                          int
		reason                          string
	}{
		{"GET", http.MethodGet, "application/json", good, 405, "want POST"},
		{"PUT", http.MethodPut, "application/json", good, 405, "want POST"},
		{"form", "POST", "application/x-www-form-urlencoded", good, 415, "want Content-Type: application/json"},
		{"no content type", "POST", "", good, 415, "application/json"},
		{"oversized", "POST", "application/json", body(secret, "a", `"`+strings.Repeat("x", 5000)+`"`), 413, "body too large"},
		{"empty", "POST", "application/json", "", 400, "empty body"},
		{"invalid JSON", "POST", "application/json", `{"webhook_id":`, 400, "invalid JSON"},
		{"trailing data", "POST", "application/json", good + "{}", 400, "data after the object"},
		{"array", "POST", "application/json", `[1,2]`, 400, "not a JSON object"},
		{"string", "POST", "application/json", `"hello"`, 400, "not a JSON object"},
		{"null", "POST", "application/json", `null`, 400, "not a JSON object"},
		{"duplicate key", "POST", "application/json", strings.Replace(good, `"action"`, `"action":"x","action"`, 1), 400, "action: duplicate key"},
		{"duplicate nested key", "POST", "application/json", body(secret, "a", `{"chat":{"id":"1","id":"2"}}`), 400, "payload.chat.id: duplicate key"},
		{"duplicate key in array", "POST", "application/json", body(secret, "a", `{"users":[{"id":1},{"id":1,"id":2}]}`), 400, "payload.users[1].id: duplicate key"},
		{"webhook_id not a string", "POST", "application/json", strings.Replace(good, `"webhook_id":"w1"`, `"webhook_id":1`, 1), 400, "webhook_id: want a string"},
		{"no action", "POST", "application/json", strings.Replace(good, `"action":"incoming_event",`, ``, 1), 400, "action: missing or empty"},
		{"no payload", "POST", "application/json", strings.Replace(good, `"payload":{"chat_id":"c"},`, ``, 1), 400, "payload: missing"},
		{"additional_data not an object", "POST", "application/json", strings.Replace(good, `"additional_data":{"chat_presence_user_ids":["a"]}`, `"additional_data":[1]`, 1), 400, "additional_data: want an object"},
		{"too deep", "POST", "application/json", body(secret, "a", strings.Repeat("[", 300)+strings.Repeat("]", 300)), 400, "nested too deeply"},
		{"bad literal", "POST", "application/json", body(secret, "a", `tru`), 400, "invalid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, srv.URL, strings.NewReader(tt.body))
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			msg, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status || !strings.Contains(string(msg), tt.reason) {
				t.Errorf("status %d %q, want %d with %q", resp.StatusCode, msg, tt.status, tt.reason)
			}
			if len(msg) > 400 {
				t.Errorf("the reason is %d bytes long", len(msg))
			}
		})
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("%d handler calls, want none", n)
	}
}

// TestOversizedChunkedBody: a body without Content-Length is cut at the limit too.
func TestOversizedChunkedBody(t *testing.T) {
	_, srv, _ := serve(t, webhook.Config{Secret: webhook.SecretKey(secret), MaxBodyBytes: 1000})
	pr, pw := io.Pipe()
	go func() {
		pw.Write([]byte(body(secret, "a", `"`+strings.Repeat("y", 3000)+`"`)))
		pw.Close()
	}()
	req, _ := http.NewRequest("POST", srv.URL, pr)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("status %d, want 413", resp.StatusCode)
	}
}

// TestDefaultBodyLimit: the default limit is 1 MiB: a body just under it is taken.
func TestDefaultBodyLimit(t *testing.T) {
	r, srv, _ := serve(t, webhook.Config{Secret: webhook.SecretKey(secret)})
	r.HandleUnhandled(func(context.Context, *webhook.Webhook) error { return nil })
	pad := func(n int) string { return body(secret, "a", `"`+strings.Repeat("z", n)+`"`) }
	base := len(pad(0))
	if code, _ := post(t, srv.URL, "application/json", pad(webhook.DefaultMaxBodyBytes-base)); code != 200 {
		t.Errorf("a body of exactly 1 MiB: status %d, want 200", code)
	}
	if code, _ := post(t, srv.URL, "application/json", pad(webhook.DefaultMaxBodyBytes-base+1)); code != 413 {
		t.Errorf("a body of 1 MiB + 1: status %d, want 413", code)
	}
}

type ctxKey struct{}

// TestHandlerGetsTheWebhookAndTheRequestContext: the handler of the action receives the
// envelope, the payload raw, unknown members in Extra, no secret, and the request's context.
func TestHandlerGetsTheWebhookAndTheRequestContext(t *testing.T) {
	r, err := webhook.NewReceiver(webhook.Config{Secret: webhook.SecretKey(secret)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.ServeHTTP(w, req.WithContext(context.WithValue(req.Context(), ctxKey{}, "from the request")))
	}))
	defer srv.Close()
	got := make(chan *webhook.Webhook, 1)
	r.Handle("incoming_event", func(ctx context.Context, w *webhook.Webhook) error {
		if ctx.Value(ctxKey{}) != "from the request" {
			t.Error("the handler's context is not the request's")
		}
		got <- w
		return nil
	})
	b := strings.Replace(body(secret, "incoming_event", `{"chat_id":"c"}`), `"webhook_id":"w1",`, `"webhook_id":"w1","requester":{"user_id":"u"},`, 1)
	if code, msg := post(t, srv.URL, "application/json; charset=utf-8", b); code != 200 {
		t.Fatalf("status %d %q", code, msg)
	}
	w := <-got
	want := &webhook.Webhook{
		WebhookID: "w1", Action: "incoming_event", OrganizationID: "o1",
		Payload: json.RawMessage(`{"chat_id":"c"}`), AdditionalData: json.RawMessage(`{"chat_presence_user_ids":["a"]}`),
		Extra: map[string]json.RawMessage{"requester": json.RawMessage(`{"user_id":"u"}`)},
	}
	if diff := cmp.Diff(want, w); diff != "" {
		t.Errorf("webhook (-want +got):\n%s", diff)
	}
	if j := string(w.JSON()); strings.Contains(j, "secret") ||
		j != `{"webhook_id":"w1","action":"incoming_event","organization_id":"o1","payload":{"chat_id":"c"},"additional_data":{"chat_presence_user_ids":["a"]},"requester":{"user_id":"u"}}` {
		t.Errorf("JSON() = %s", j)
	}
	if s := fmt.Sprint(w); strings.Contains(s, "chat_id") {
		t.Errorf("printing a webhook shows its payload: %s", s)
	}
}

// TestUnknownActionIsKeptRaw: an action without a handler reaches HandleUnhandled as
// received; without that either it is answered 200 and logged by name only.
func TestUnknownActionIsKeptRaw(t *testing.T) {
	r, srv, logs := serve(t, webhook.Config{Secret: webhook.SecretKey(secret)})
	if code, _ := post(t, srv.URL, "application/json", body(secret, "from_the_future", `{"secretive":"payload-text"}`)); code != 200 {
		t.Errorf("no handler at all: status %d, want 200", code)
	}
	if l := logs.String(); !strings.Contains(l, "from_the_future") || strings.Contains(l, "payload-text") {
		t.Errorf("log of the unhandled webhook:\n%s", l)
	}
	got := make(chan *webhook.Webhook, 1)
	remove := r.HandleUnhandled(func(_ context.Context, w *webhook.Webhook) error { got <- w; return nil })
	post(t, srv.URL, "application/json", body(secret, "from_the_future", `[1, {"x": null}]`))
	if w := <-got; w.Action != "from_the_future" || string(w.Payload) != `[1, {"x": null}]` {
		t.Errorf("got %s %s", w.Action, w.Payload)
	}
	remove()
	r.Handle("known", func(context.Context, *webhook.Webhook) error { t.Error("the wrong handler ran"); return nil })
	post(t, srv.URL, "application/json", body(secret, "other", `{}`))
}

// TestHandlerErrors: an error is a 500 logged with the action and the error, never with the
// payload or the secret; a Malformed error is a 400 naming the field.
func TestHandlerErrors(t *testing.T) {
	r, srv, logs := serve(t, webhook.Config{Secret: webhook.SecretKey(secret)})
	r.Handle("fails", func(context.Context, *webhook.Webhook) error { return errors.New("database down") })
	r.Handle("malformed", func(_ context.Context, w *webhook.Webhook) error {
		return webhook.Malformed("payload", errors.New("decode X.chat_id: want a string"))
	})
	code, msg := post(t, srv.URL, "application/json", body(secret, "fails", `{"private":"customer-words"}`))
	if code != 500 || strings.Contains(msg, "database") {
		t.Errorf("status %d %q, want 500 without the error's text", code, msg)
	}
	code, msg = post(t, srv.URL, "application/json", body(secret, "malformed", `{"chat_id":1}`))
	if code != 400 || !strings.Contains(msg, "payload: decode X.chat_id: want a string") {
		t.Errorf("status %d %q, want 400 naming the field", code, msg)
	}
	l := logs.String()
	if !strings.Contains(l, "database down") || !strings.Contains(l, "action=fails") {
		t.Errorf("the handler error is not logged:\n%s", l)
	}
	if strings.Contains(l, "customer-words") || strings.Contains(l, secret) {
		t.Errorf("the log holds the payload or the secret:\n%s", l)
	}
	if err := r.Dispatch(context.Background(), &webhook.Webhook{Action: "fails"}); err == nil || err.Error() != "database down" {
		t.Errorf("Dispatch: %v", err)
	}
}

// TestConcurrentRequests: many webhooks at once, with registrations changing meanwhile, each
// reach their handler once (run with -race).
func TestConcurrentRequests(t *testing.T) {
	r, srv, _ := serve(t, webhook.Config{Secret: webhook.SecretKey(secret)})
	var mu sync.Mutex
	seen := map[string]int{}
	r.Handle("incoming_event", func(_ context.Context, w *webhook.Webhook) error {
		mu.Lock()
		seen[string(w.Payload)]++
		mu.Unlock()
		return nil
	})
	const n = 64
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i%8 == 0 {
				r.Handle(fmt.Sprintf("other_%d", i), func(context.Context, *webhook.Webhook) error { return nil })()
			}
			if code, msg := post(t, srv.URL, "application/json", body(secret, "incoming_event", fmt.Sprintf(`{"n":%d}`, i))); code != 200 {
				t.Errorf("request %d: status %d %q", i, code, msg)
			}
		}()
	}
	wg.Wait()
	if len(seen) != n {
		t.Errorf("%d distinct webhooks handled, want %d", len(seen), n)
	}
	for p, c := range seen {
		if c != 1 {
			t.Errorf("%s handled %d times", p, c)
		}
	}
}

// TestReceiverParseLimit: Receiver.Parse, for serverless programs, applies the size limit
// and the secret.
func TestReceiverParseLimit(t *testing.T) {
	r, err := webhook.NewReceiver(webhook.Config{Secret: webhook.SecretKey(secret), MaxBodyBytes: 200})
	if err != nil {
		t.Fatal(err)
	}
	var e *webhook.Error
	if _, err := r.Parse([]byte(body(secret, "a", `"`+strings.Repeat("x", 300)+`"`))); !errors.As(err, &e) || e.Status != 413 {
		t.Errorf("oversized: %v", err)
	}
	if _, err := r.Parse([]byte(body("wrong", "a", `{}`))); !errors.As(err, &e) || e.Status != 401 || !errors.Is(err, webhook.ErrSecretMismatch) {
		t.Errorf("wrong secret: %v", err)
	}
	if w, err := r.Parse([]byte(body(secret, "a", `{}`))); err != nil || w.Action != "a" {
		t.Errorf("good: %v %v", w, err)
	}
	if _, err := webhook.NewReceiver(webhook.Config{Secret: webhook.NoSecret(), MaxBodyBytes: -1}); err == nil {
		t.Error("a negative limit is accepted")
	}
}

// TestEnvelopeErrorsNeedTheSecret: a request without the secret gets 401 even when its
// envelope is malformed, so that it learns nothing of what the receiver expects.
func TestEnvelopeErrorsNeedTheSecret(t *testing.T) {
	for _, b := range []string{
		`{"webhook_id":1,"action":"a","payload":{}}`,
		`{"secret_key":"nope","action":"a","payload":{},"additional_data":[]}`,
		`{"secret_key":"nope","payload":{}}`,
	} {
		var e *webhook.Error
		if _, err := webhook.Parse([]byte(b), webhook.SecretKey(secret)); !errors.As(err, &e) || e.Status != 401 {
			t.Errorf("%s: %v, want 401", b, err)
		}
	}
}
