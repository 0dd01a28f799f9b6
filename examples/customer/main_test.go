package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/rtmkit/livechat-rtm/examples/customer/visitor"
	"github.com/rtmkit/livechat-rtm/examples/internal/fakelivechat"
	"github.com/rtmkit/livechat-rtm/rtm"
)

// TestDemoAlone: without a token the customer runs against the embedded fake, which plays the
// agent, and goes through the whole conversation: question, typed pushes, answer, close.
func TestDemoAlone(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var out bytes.Buffer
	noEnv := func(string) string { return "" }
	if err := run(ctx, &out, noEnv, 30*time.Second, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	for _, want := range []string{
		"which plays the agent",
		"logged in as customer " + fakelivechat.CustomerID,
		"started chat PJ0MRSHTD1 (thread K600PKZON1)",
		"push incoming_chat: chat PJ0MRSHTD1 with 2 users",
		`push incoming_event: message in chat PJ0MRSHTD1 from ` + fakelivechat.CustomerID + `: "` + visitor.Question + `"`,
		"push incoming_typing_indicator: chat PJ0MRSHTD1, " + fakelivechat.AgentID + " typing=true",
		`the agent answered: "` + fakelivechat.SimulatedAnswer + `"`,
		"push chat_deactivated: chat PJ0MRSHTD1 closed by " + fakelivechat.AgentID,
		"the agent closed chat PJ0MRSHTD1",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "leaving") {
		t.Errorf("the agent never answered or never closed the chat:\n%s", out.String())
	}
}

// TestLoginRefused: a refused login stops the customer with the API's error type, and the error
// does not show the token.
func TestLoginRefused(t *testing.T) {
	fake := fakelivechat.Start(fakelivechat.Options{})
	defer fake.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	env := map[string]string{"LIVECHAT_URL": fake.CustomerURL(), "LIVECHAT_TOKEN": "wrong", "LIVECHAT_ORGANIZATION_ID": "o"}
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
