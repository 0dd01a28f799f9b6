// Command demo runs both sides of a LiveChat conversation with no account: the agent bot
// (examples/agentbot, on the generated Agent Chat RTM API v3.6 package) and the customer
// (examples/customer, on the generated Customer Chat RTM API v3.6 package), each over its own
// websocket to one embedded fake LiveChat (examples/internal/fakelivechat), which relays between
// them: a message that one side sends arrives as an incoming_event push at the other.
//
// Each line of the output says which side printed it: "agent    |" or "customer |". `make demo`
// runs it.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"time"

	"github.com/rtmkit/livechat-rtm/examples/agentbot/bot"
	"github.com/rtmkit/livechat-rtm/examples/customer/visitor"
	"github.com/rtmkit/livechat-rtm/examples/internal/fakelivechat"
	agentv36 "github.com/rtmkit/livechat-rtm/gen/agent/v36"
	customerv36 "github.com/rtmkit/livechat-rtm/gen/customer/v36"
)

func main() {
	wait := flag.Duration("wait", 30*time.Second, "how long either side waits for the other")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, *wait); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

// run starts the fake, then the agent bot, and once the bot is logged in, the customer.
func run(ctx context.Context, w io.Writer, wait time.Duration) error {
	fake := fakelivechat.Start(fakelivechat.Options{}) // plays neither side: both are real programs
	defer fake.Close()
	out := &lockedWriter{w: w}
	fmt.Fprintf(out, "one embedded fake LiveChat: agents at %s, customers at %s\n", fake.AgentURL(), fake.CustomerURL())

	ready := make(chan struct{})
	var wg sync.WaitGroup
	var agentErr, customerErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		agentErr = bot.Run(ctx, bot.Config{
			Dial:  agentv36.Config{URL: fake.AgentURL(), OrganizationID: fakelivechat.OrganizationID},
			Token: fakelivechat.AgentToken,
			Wait:  wait,
			Out:   &prefixWriter{w: out, prefix: "agent    | "},
			Ready: func() { close(ready) },
		})
	}()
	select {
	case <-ready:
	case <-time.After(wait):
		return errors.New("the agent bot did not log in")
	case <-ctx.Done():
		return ctx.Err()
	}
	customerErr = visitor.Run(ctx, visitor.Config{
		Dial:  customerv36.Config{URL: fake.CustomerURL(), OrganizationID: fakelivechat.OrganizationID},
		Token: fakelivechat.CustomerToken,
		Wait:  wait,
		Out:   &prefixWriter{w: out, prefix: "customer | "},
	})
	wg.Wait()
	if agentErr != nil {
		agentErr = fmt.Errorf("agent bot: %w", agentErr)
	}
	if customerErr != nil {
		customerErr = fmt.Errorf("customer: %w", customerErr)
	}
	return errors.Join(agentErr, customerErr)
}

// lockedWriter serialises the lines of both sides.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// prefixWriter starts every line with prefix. Each Write must hold whole lines (the sides print
// with Fprintf, one line per call).
type prefixWriter struct {
	w      io.Writer
	prefix string
}

func (p *prefixWriter) Write(b []byte) (int, error) {
	var buf bytes.Buffer
	for line := range bytes.Lines(b) {
		buf.WriteString(p.prefix)
		buf.Write(line)
	}
	if _, err := p.w.Write(buf.Bytes()); err != nil {
		return 0, err
	}
	return len(b), nil
}
