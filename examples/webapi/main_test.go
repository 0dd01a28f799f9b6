package main

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// TestDemo runs the example against its fake, as `go run ./examples/webapi` does: the file is
// uploaded with the PAT, its URL sent in a file event, then a message; no token is printed.
func TestDemo(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out bytes.Buffer
	if err := run(ctx, &out, func(string) string { return "" }, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	for _, want := range []string{
		"uploaded hello.txt (32 bytes): https://cdn.livechat-files.com/api/file/lc/att/8948324/45a3581b59a7295145c3825c86ec7ab3/hello.txt",
		"sent file event K600PKZON8_1 to chat PJ0MRSHTDG",
		"sent message event K600PKZON8_2 to chat PJ0MRSHTDG",
		"POST /v3.6/agent/action/upload_file [Authorization: Basic …] file hello.txt (text/plain, 32 bytes)",
		`POST /v3.6/agent/action/send_event [Authorization: Basic …] {"chat_id":"PJ0MRSHTDG","event":{"type":"file","url":"https://cdn.livechat-files.com/api/file/lc/att/8948324/45a3581b59a7295145c3825c86ec7ab3/hello.txt"}}`,
		`{"chat_id":"PJ0MRSHTDG","event":{"type":"message","text":"Here is the file you asked for."}}`,
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "demo-personal-access-token") {
		t.Errorf("the output shows the token:\n%s", out.String())
	}
}

// TestWrongToken: a refused token ends the run with the typed authentication error.
func TestWrongToken(t *testing.T) {
	fake := startFake()
	defer fake.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	env := map[string]string{"LIVECHAT_ACCOUNT_ID": "a", "LIVECHAT_PAT": "wrong", "LIVECHAT_CHAT_ID": "C", "LIVECHAT_WEB_URL": fake.URL() + "/v3.6/agent"}
	err := run(ctx, &bytes.Buffer{}, func(k string) string { return env[k] }, slog.New(slog.DiscardHandler))
	if err == nil || !strings.Contains(err.Error(), "authentication") || !strings.Contains(err.Error(), "HTTP 401") || strings.Contains(err.Error(), "wrong") {
		t.Fatalf("err = %v", err)
	}
}
