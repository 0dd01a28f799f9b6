package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/rtmkit/livechat-rtm/rtm"
)

// TestDemo runs the bot against the embedded fake LiveChat, as `make demo` does, and checks
// that it went through the whole conversation.
func TestDemo(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var out bytes.Buffer
	noEnv := func(string) string { return "" }
	if err := run(ctx, &out, noEnv, 30*time.Second, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	for _, want := range []string{
		"logged in: license 104130623 (enterprise plan)",
		"started chat PJ0MRSHTDG",
		"sent event K600PKZON8_1",
		"push incoming_chat: chat PJ0MRSHTDG with 2 users",
		`push incoming_event: message in chat PJ0MRSHTDG from agentbot@example.com: "Hello! I am agentbot. How can I help?"`,
		"push incoming_typing_indicator: chat PJ0MRSHTDG, typing=true",
		`"Thanks, that answers my question!"`,
		"deactivated chat PJ0MRSHTDG",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "no answer yet") {
		t.Errorf("the customer's answer never arrived:\n%s", out.String())
	}
}

// TestLoginRefused checks that a refused login stops the bot with the API's error type.
func TestLoginRefused(t *testing.T) {
	fake := startFakeLiveChat()
	defer fake.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	env := map[string]string{"LIVECHAT_URL": fake.URL(), "LIVECHAT_TOKEN": "wrong", "LIVECHAT_ORGANIZATION_ID": "o"}
	var out bytes.Buffer
	err := run(ctx, &out, func(k string) string { return env[k] }, time.Second, slog.New(slog.DiscardHandler))
	var apiErr *rtm.Error
	if !errors.As(err, &apiErr) || apiErr.Type != "authentication" || !strings.HasPrefix(err.Error(), "login: ") {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), "wrong") {
		t.Errorf("the error shows the token: %v", err)
	}
}
