package codegen

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// TestWebhookGolden generates the package of testdata/webhooks.yaml (a webhook reusing a
// push, one with its own fields and an envelope member, one with an array payload) and
// compares its webhook files with testdata/golden-webhooks (-update rewrites them).
func TestWebhookGolden(t *testing.T) {
	s, err := spec.Load("testdata/webhooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	files, err := Generate(s, Options{Package: "v99", ImportPath: "example.com/gen/agent/v99"})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join("testdata", "golden-webhooks")
	seen := 0
	for _, f := range files {
		if !strings.HasPrefix(f.Name, "webhooks") {
			continue
		}
		seen++
		path := filepath.Join(dir, f.Name+".golden")
		if *update {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update)", err)
		}
		if !bytes.Equal(want, f.Data) {
			t.Errorf("%s differs from %s; run go test ./internal/codegen -run WebhookGolden -update and read the diff", f.Name, path)
		}
	}
	if seen != 2 {
		t.Errorf("%d webhook files generated, want webhooks.go and webhooks_test.go", seen)
	}
	for _, want := range []string{"func (r *WebhookReceiver) OnIncomingEvent(", "Payload IncomingEventPush", "Requester *SessionFieldsUpdatedWebhookRequester",
		"Payload []RulesUpdatedWebhookPayload", "func ParseWebhook(body []byte, secret webhook.Secret) (any, error)"} {
		if !strings.Contains(strings.Join(strings.Fields(string(fileNamed(files, "webhooks.go"))), " "), want) {
			t.Errorf("webhooks.go lacks %q", want)
		}
	}
}

func fileNamed(files []File, name string) []byte {
	for _, f := range files {
		if f.Name == name {
			return f.Data
		}
	}
	return nil
}

// TestNoWebhooksNoFiles: a spec without webhooks gets no receiver.
func TestNoWebhooksNoFiles(t *testing.T) {
	s, err := spec.Load("testdata/small.yaml")
	if err != nil {
		t.Fatal(err)
	}
	files, err := Generate(s, Options{Package: "v99", ImportPath: "example.com/x"})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasPrefix(f.Name, "webhooks") || bytes.Contains(f.Data, []byte("WebhookReceiver")) {
			t.Errorf("%s has webhook code", f.Name)
		}
	}
}

// TestWebhookNameCollisions: Go names a webhook would take from something else are errors
// naming the spec line, never a package that does not compile.
func TestWebhookNameCollisions(t *testing.T) {
	const head = "api: agent\nversion: \"9.9\"\ndoc: d\nconnection: {url: \"wss://x\"}\n" +
		"pushes:\n  - {name: p, doc: d, fields: [{name: x, type: int}]}\n"
	tests := []struct{ name, spec, want string }{
		{"type named like a webhook", head + "types:\n  - {name: PWebhook, doc: d, type: string}\nwebhooks:\n  - {name: p, doc: d, push: p}\n",
			`x.yaml:10:5: webhook "p": Go name PWebhook is already taken by type "PWebhook"`},
		{"two webhooks, one Go method", head + "webhooks:\n  - {name: a_b, doc: d, push: p}\n  - {name: a__b, doc: d, push: p}\n",
			`x.yaml:9:5: webhook "a__b": Go name WebhookAB is already taken by webhook "a_b"`},
		{"a receiver method", head + "webhooks:\n  - {name: unhandled_webhook, doc: d, push: p}\n",
			`webhook "unhandled_webhook": Go method WebhookReceiver.OnUnhandledWebhook is already taken by the WebhookReceiver itself`},
		{"an envelope field named like a standard one", head + "webhooks:\n  - {name: w, doc: d, push: p, envelope: [{name: webhook__id, type: string}]}\n",
			`webhook "w": field "webhook__id": Go field WWebhook.WebhookID is already taken by field "webhook_id"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := spec.Parse("x.yaml", []byte(tt.spec))
			if err != nil {
				t.Fatal(err)
			}
			_, err = Generate(s, Options{Package: "v99", ImportPath: "example.com/x"})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}
