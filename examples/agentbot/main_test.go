package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/rtmkit/livechat-rtm/examples/internal/fakelivechat"
	"github.com/rtmkit/livechat-rtm/rtm"
)

// TestDemoAlone: without a token the bot runs against the embedded fake, which plays the
// customer, and goes through the whole conversation.
func TestDemoAlone(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var out bytes.Buffer
	noEnv := func(string) string { return "" }
	if err := run(ctx, &out, noEnv, 30*time.Second, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	for _, want := range []string{
		"which plays the customer",
		"logged in: license 104130623 (enterprise plan)",
		"push incoming_chat: chat PJ0MRSHTD1 with 2 users",
		`push incoming_event: message in chat PJ0MRSHTD1 from ` + fakelivechat.CustomerID + `: "` + fakelivechat.SimulatedQuestion + `"`,
		"answered in chat PJ0MRSHTD1",
		"push incoming_typing_indicator: chat PJ0MRSHTD1, " + fakelivechat.CustomerID + " typing=true",
		`the customer replied: "` + fakelivechat.SimulatedThanks + `"`,
		"deactivated chat PJ0MRSHTD1",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "leaving") {
		t.Errorf("the customer never wrote or never replied:\n%s", out.String())
	}
}

// TestLoginRefused: a refused login stops the bot with the API's error type, and the error does
// not show the token.
func TestLoginRefused(t *testing.T) {
	fake := fakelivechat.Start(fakelivechat.Options{})
	defer fake.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	env := map[string]string{"LIVECHAT_URL": fake.AgentURL(), "LIVECHAT_TOKEN": "wrong", "LIVECHAT_ORGANIZATION_ID": "o"}
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
