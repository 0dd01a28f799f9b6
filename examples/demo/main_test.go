package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rtmkit/livechat-rtm/examples/agentbot/bot"
	"github.com/rtmkit/livechat-rtm/examples/customer/visitor"
	"github.com/rtmkit/livechat-rtm/examples/internal/fakelivechat"
)

// TestBothSides: in `make demo`, what the customer writes reaches the agent bot as a push and
// what the bot answers reaches the customer as a push, through one fake; every line says which
// side printed it, and neither side gives up waiting.
func TestBothSides(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var out bytes.Buffer
	if err := run(ctx, &out, 30*time.Second); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	got := out.String()
	for _, want := range []string{
		"agent    | logged in: license 104130623",
		"customer | logged in as customer " + fakelivechat.CustomerID,
		"customer | started chat PJ0MRSHTD1",
		"agent    | push incoming_chat: chat PJ0MRSHTD1 with 2 users",
		// the customer's question, pushed to the agent
		`agent    | push incoming_event: message in chat PJ0MRSHTD1 from ` + fakelivechat.CustomerID + `: "` + visitor.Question + `"`,
		// the bot's answer, pushed to the customer
		`customer | push incoming_event: message in chat PJ0MRSHTD1 from ` + fakelivechat.AgentID + `: "` + bot.Answer + `"`,
		`customer | the agent answered: "` + bot.Answer + `"`,
		`agent    | the customer replied: "` + visitor.Thanks + `"`,
		"agent    | deactivated chat PJ0MRSHTD1",
		"customer | push chat_deactivated: chat PJ0MRSHTD1 closed by " + fakelivechat.AgentID,
		"customer | the agent closed chat PJ0MRSHTD1",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(got, "leaving") {
		t.Errorf("a side gave up waiting for the other")
	}
	for _, line := range strings.Split(strings.TrimSpace(got), "\n")[1:] {
		if !strings.HasPrefix(line, "agent    | ") && !strings.HasPrefix(line, "customer | ") {
			t.Errorf("a line does not say which side printed it: %q", line)
		}
	}
	if t.Failed() {
		t.Logf("output:\n%s", got)
	}
}
