package codegen

import (
	"fmt"
	"go/format"
	"sort"
	"strings"

	"github.com/dave/jennifer/jen"
)

// webhookTestFile writes the package's generated webhook test: every webhook's sample is
// POSTed to a WebhookReceiver on a loopback server and must reach its typed handler, decoded
// without loss; then the refusals (secret, method, size, malformed bodies, payloads of the
// wrong shape), unknown actions, handler errors and concurrent deliveries.
func (m *model) webhookTestFile(f *jen.File, importPath string) {
	pkg := func(name string) *jen.Statement { return jen.Qual(importPath, name) }
	ctxT := jen.Qual("context", "Context")
	f.Add(comment("webhookCase is one webhook with the spec's sample of its body."))
	f.Type().Id("webhookCase").Struct(
		jen.Id("name").String(),
		jen.Id("example").String().Comment("the whole sample body, or empty"),
		jen.Id("undeclared").Index().String(),
		jen.Id("absent").Index().String().Comment("required fields the sample lacks: zero after decoding"),
		jen.Id("register").Func().Params(jen.Op("*").Add(pkg("WebhookReceiver")), jen.Chan().Op("<-").Any()).Func().Params(),
	)
	f.Line()
	f.Var().Id("webhookCases").Op("=").Index().Id("webhookCase").ValuesFunc(func(g *jen.Group) {
		for _, w := range m.webhooks {
			g.Values(jen.Dict{
				jen.Id("name"):       pkg(w.Const),
				jen.Id("example"):    jen.Lit(compactJSON(w.Spec.Example)),
				jen.Id("undeclared"): strList(w.Spec.ExampleUndeclared),
				jen.Id("absent"):     strList(w.Spec.ExampleAbsent),
				jen.Id("register"): jen.Func().Params(jen.Id("r").Op("*").Add(pkg("WebhookReceiver")), jen.Id("got").Chan().Op("<-").Any()).Func().Params().Block(
					jen.Return(jen.Id("r").Dot(w.Handler).Call(jen.Func().Params(jen.Id("_").Add(ctxT), jen.Id("w").Op("*").Add(pkg(w.Struct.Name))).Error().Block(
						jen.Id("got").Op("<-").Id("w"),
						jen.Return(jen.Nil()),
					))),
				),
			})
		}
	})
}

// webhookHarnessImports are the imports of webhookHarness, by name.
var webhookHarnessImports = map[string]string{
	"bytes":    "bytes",
	"context":  "context",
	"errors":   "errors",
	"fmt":      "fmt",
	"io":       "io",
	"json":     "encoding/json",
	"slog":     "log/slog",
	"http":     "net/http",
	"httptest": "net/http/httptest",
	"reflect":  "reflect",
	"strings":  "strings",
	"sync":     "sync",
	"testing":  "testing",
	"webhook":  WebhookImport,
}

// appendWebhookHarness adds the hand-written part of the webhook test to its rendered table.
func (m *model) appendWebhookHarness(src []byte) ([]byte, error) {
	paths := make([]string, 0, len(webhookHarnessImports))
	for _, p := range webhookHarnessImports {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var imports strings.Builder
	for _, p := range paths {
		fmt.Fprintf(&imports, "\t%q\n", p)
	}
	text := string(src)
	i := strings.Index(text, "import (\n")
	if i < 0 {
		return nil, fmt.Errorf("the webhook test has no import block")
	}
	i += len("import (\n")
	text = text[:i] + imports.String() + text[i:] + strings.ReplaceAll(webhookHarness, "PKG", m.pkgName)
	out, err := format.Source([]byte(text))
	if err != nil {
		return nil, fmt.Errorf("format the generated webhook test: %w", err)
	}
	return out, nil
}

// webhookHarness is the hand-written part of every generated webhook test.
const webhookHarness = `
// webhookSecret is the secret_key of the documents' samples.
const webhookSecret = "<secret_key>"

// logSink is a log buffer safe for concurrent handlers.
type logSink struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *logSink) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *logSink) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// webhookServer serves a WebhookReceiver checking webhookSecret on a loopback server.
func webhookServer(t *testing.T, maxBody int64) (*PKG.WebhookReceiver, *httptest.Server, *logSink) {
	t.Helper()
	logs := &logSink{}
	r, err := PKG.NewWebhookReceiver(webhook.Config{
		Secret: webhook.SecretKey(webhookSecret), MaxBodyBytes: maxBody,
		Logger: slog.New(slog.NewTextHandler(logs, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	return r, srv, logs
}

func postWebhook(t *testing.T, method, url, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(msg)
}

// webhookBody is tc's sample, or a minimal body of its action with a null payload.
func webhookBody(tc webhookCase) string {
	if tc.example != "" {
		return tc.example
	}
	return fmt.Sprintf(` + "`" + `{"webhook_id":"w","secret_key":%q,"action":%q,"organization_id":"o","payload":null}` + "`" + `, webhookSecret, tc.name)
}

// withMember returns the JSON object body with member key set to value (raw JSON), or
// removed when value is "".
func withMember(t *testing.T, body, key, value string) string {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatal(err)
	}
	if value == "" {
		delete(m, key)
	} else {
		m[key] = json.RawMessage(value)
	}
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// TestWebhookSamples posts every webhook's sample to the receiver: its typed handler gets it,
// and the decoded webhook re-encodes to the sample without its secret_key (the fields the
// sample lacks but the type requires come back as zero values); ParseWebhook decodes it the
// same way.
func TestWebhookSamples(t *testing.T) {
	r, srv, _ := webhookServer(t, 0)
	for _, tc := range webhookCases {
		t.Run(tc.name, func(t *testing.T) {
			got := make(chan any, 1)
			defer tc.register(r, got)()
			body := webhookBody(tc)
			if code, msg := postWebhook(t, http.MethodPost, srv.URL, body); code != http.StatusOK {
				t.Fatalf("status %d %q, want 200", code, msg)
			}
			var v any
			select {
			case v = <-got:
			default:
				t.Fatal("the webhook never reached its handler")
			}
			parsed, err := PKG.ParseWebhook([]byte(body), webhook.SecretKey(webhookSecret))
			if err != nil {
				t.Fatalf("ParseWebhook: %v", err)
			}
			if reflect.TypeOf(parsed) != reflect.TypeOf(v) {
				t.Errorf("ParseWebhook returned a %T, the handler got a %T", parsed, v)
			}
			a, _ := json.Marshal(v)
			b, _ := json.Marshal(parsed)
			diffJSON(t, "ParseWebhook's webhook", string(a), b)
			if tc.example == "" {
				return
			}
			out, err := json.Marshal(v)
			if err != nil {
				t.Fatalf("encode: %v", err)
			}
			diffJSON(t, "the decoded webhook, encoded again,", withMember(t, tc.example, "secret_key", ""), withoutPaths(t, out, tc.absent))
			checkUnknown(t, "", v, tc.undeclared)
		})
	}
}

// withoutPaths removes the dotted paths from the JSON object data.
func withoutPaths(t *testing.T, data []byte, paths []string) []byte {
	t.Helper()
	if len(paths) == 0 {
		return data
	}
	var v map[string]any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		parts := strings.Split(p, ".")
		m := v
		for _, part := range parts[:len(parts)-1] {
			next, ok := m[part].(map[string]any)
			if !ok {
				t.Fatalf("absent path %s: %s is not an object", p, part)
			}
			m = next
		}
		if _, ok := m[parts[len(parts)-1]]; !ok {
			t.Errorf("absent path %s: the decoded webhook has no such field", p)
		}
		delete(m, parts[len(parts)-1])
	}
	out, _ := json.Marshal(v)
	return out
}

// TestWebhookRefusals: a wrong or missing secret, a wrong method, an oversized or malformed
// body, and for every webhook a payload of the wrong shape, are refused with their status and
// never reach the typed handler.
func TestWebhookRefusals(t *testing.T) {
	r, srv, _ := webhookServer(t, 64<<10)
	calls := make(chan any, len(webhookCases)*4)
	for _, tc := range webhookCases {
		tc.register(r, calls)
	}
	first := webhookBody(webhookCases[0])
	tests := []struct {
		name, method, body string
		status             int
		reason             string
	}{
		{"wrong secret", "POST", withMember(t, first, "secret_key", ` + "`" + `"<secret_kez>"` + "`" + `), 401, ""},
		{"shorter secret", "POST", withMember(t, first, "secret_key", ` + "`" + `"<secret"` + "`" + `), 401, ""},
		{"missing secret", "POST", withMember(t, first, "secret_key", ""), 401, ""},
		{"wrong method", "PUT", first, 405, ""},
		{"oversized body", "POST", withMember(t, first, "pad", ` + "`" + `"` + "`" + `+strings.Repeat("x", 70<<10)+` + "`" + `"` + "`" + `), 413, ""},
		{"invalid JSON", "POST", first[:len(first)-1], 400, "invalid JSON"},
		{"not an object", "POST", "[" + first + "]", 400, "not a JSON object"},
		{"duplicate key", "POST", strings.Replace(first, ` + "`" + `"payload":` + "`" + `, ` + "`" + `"payload":{},"payload":` + "`" + `, 1), 400, "payload: duplicate key"},
	}
	for _, tc := range webhookCases {
		tests = append(tests, struct {
			name, method, body string
			status             int
			reason             string
		}{"payload of " + tc.name + " is a string", "POST", withMember(t, webhookBody(tc), "payload", ` + "`" + `"not a payload"` + "`" + `), 400, "payload"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, msg := postWebhook(t, tt.method, srv.URL, tt.body)
			if code != tt.status || !strings.Contains(msg, tt.reason) {
				t.Errorf("status %d %q, want %d with %q", code, msg, tt.status, tt.reason)
			}
			if strings.Contains(msg, webhookSecret) {
				t.Errorf("the answer %q holds the secret", msg)
			}
		})
	}
	if len(calls) != 0 {
		t.Errorf("%d refused webhooks reached a handler", len(calls))
	}
	if _, err := PKG.ParseWebhook([]byte(withMember(t, first, "secret_key", ` + "`" + `"nope"` + "`" + `)), webhook.SecretKey(webhookSecret)); !errors.Is(err, webhook.ErrSecretMismatch) {
		t.Errorf("ParseWebhook with a wrong secret: %v", err)
	}
	if _, err := PKG.NewWebhookReceiver(webhook.Config{}); !errors.Is(err, webhook.ErrNoSecret) {
		t.Errorf("a receiver without a secret: %v, want webhook.ErrNoSecret", err)
	}
}

// TestWebhookUnknownAction: a webhook this package does not describe reaches
// OnUnhandledWebhook as received, and ParseWebhook returns it raw.
func TestWebhookUnknownAction(t *testing.T) {
	r, srv, _ := webhookServer(t, 0)
	got := make(chan *webhook.Webhook, 1)
	r.OnUnhandledWebhook(func(_ context.Context, w *webhook.Webhook) error { got <- w; return nil })
	body := withMember(t, withMember(t, webhookBody(webhookCases[0]), "action", ` + "`" + `"webhook_from_the_future"` + "`" + `), "payload", ` + "`" + `{"x":[1]}` + "`" + `)
	if code, msg := postWebhook(t, "POST", srv.URL, body); code != 200 {
		t.Fatalf("status %d %q", code, msg)
	}
	select {
	case w := <-got:
		if w.Action != "webhook_from_the_future" || string(w.Payload) != ` + "`" + `{"x":[1]}` + "`" + ` {
			t.Errorf("got %s %s", w.Action, w.Payload)
		}
	default:
		t.Fatal("the webhook never reached OnUnhandledWebhook")
	}
	v, err := PKG.ParseWebhook([]byte(body), webhook.SecretKey(webhookSecret))
	if w, ok := v.(*webhook.Webhook); err != nil || !ok || w.Action != "webhook_from_the_future" {
		t.Errorf("ParseWebhook = %T %v", v, err)
	}
}

// TestWebhookHandlerError: a typed handler's error is a 500 (LiveChat retries), logged with
// the action but without the payload or the secret.
func TestWebhookHandlerError(t *testing.T) {
	r, srv, logs := webhookServer(t, 0)
	tc := webhookCases[0]
	r.Receiver().Handle(tc.name, func(ctx context.Context, w *webhook.Webhook) error {
		if _, err := PKG.DecodeWebhook(w); err != nil {
			return err
		}
		return errors.New("the database is down")
	})
	body := withMember(t, webhookBody(tc), "payload_marker", ` + "`" + `"a-private-payload-value"` + "`" + `)
	body = withMember(t, body, "payload", webhookPayload(t, tc))
	if code, _ := postWebhook(t, "POST", srv.URL, body); code != http.StatusInternalServerError {
		t.Errorf("status %d, want 500", code)
	}
	l := logs.String()
	if !strings.Contains(l, "the database is down") || !strings.Contains(l, tc.name) {
		t.Errorf("the log lacks the error or the action:\n%s", l)
	}
	if strings.Contains(l, webhookSecret) || strings.Contains(l, "a-private-payload-value") || strings.Contains(l, webhookPayload(t, tc)) {
		t.Errorf("the log holds the secret or the body:\n%s", l)
	}
}

// webhookPayload is the payload member of tc's body, as JSON.
func webhookPayload(t *testing.T, tc webhookCase) string {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(webhookBody(tc)), &m); err != nil {
		t.Fatal(err)
	}
	return string(m["payload"])
}

// TestWebhookConcurrent delivers every sample several times at once (run with -race): each
// reaches its handler.
func TestWebhookConcurrent(t *testing.T) {
	r, srv, _ := webhookServer(t, 0)
	const rounds = 4
	got := make(chan any, len(webhookCases)*rounds)
	for _, tc := range webhookCases {
		tc.register(r, got)
	}
	var wg sync.WaitGroup
	for range rounds {
		for _, tc := range webhookCases {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if code, msg := postWebhook(t, "POST", srv.URL, webhookBody(tc)); code != 200 {
					t.Errorf("%s: status %d %q", tc.name, code, msg)
				}
			}()
		}
	}
	wg.Wait()
	if n := len(got); n != len(webhookCases)*rounds {
		t.Errorf("%d webhooks handled, want %d", n, len(webhookCases)*rounds)
	}
}
`
