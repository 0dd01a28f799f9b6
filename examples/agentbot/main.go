// Command agentbot is a small LiveChat agent bot built on the generated Agent Chat RTM API v3.6
// client (the bot itself is package examples/agentbot/bot): it logs in, waits for a customer to
// write, answers, waits for the reply, closes the chat, and prints the typed pushes it receives.
//
// Without LIVECHAT_TOKEN it talks to the embedded fake LiveChat (examples/internal/fakelivechat),
// which plays the customer, so it runs anywhere. `make demo` runs it next to the customer example
// (examples/customer) through one fake. With an agent access token it talks to the real API:
//
//	LIVECHAT_TOKEN='dal:...' LIVECHAT_ORGANIZATION_ID=... go run ./examples/agentbot
//
// Optional: LIVECHAT_URL, an endpoint to use instead of the default one.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"time"

	"github.com/rtmkit/livechat-rtm/examples/agentbot/bot"
	"github.com/rtmkit/livechat-rtm/examples/internal/fakelivechat"
	v36 "github.com/rtmkit/livechat-rtm/gen/agent/v36"
)

func main() {
	wait := flag.Duration("wait", 30*time.Second, "how long to wait for a customer's message, then for the reply")
	verbose := flag.Bool("v", false, "log the transport's lifecycle to stderr")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	logger := slog.New(slog.DiscardHandler)
	if *verbose {
		logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	if err := run(ctx, os.Stdout, os.Getenv, *wait, logger); err != nil {
		fmt.Fprintln(os.Stderr, "agentbot:", err)
		os.Exit(1)
	}
}

// run configures the bot from env (os.Getenv, or a map in tests) and runs it.
func run(ctx context.Context, w io.Writer, env func(string) string, wait time.Duration, logger *slog.Logger) error {
	cfg := bot.Config{
		Dial:   v36.Config{URL: env("LIVECHAT_URL"), OrganizationID: env("LIVECHAT_ORGANIZATION_ID")},
		Token:  env("LIVECHAT_TOKEN"),
		Wait:   wait,
		Out:    w,
		Logger: logger,
	}
	if cfg.Token == "" {
		fake := fakelivechat.Start(fakelivechat.Options{PlayCustomer: true})
		defer fake.Close()
		cfg.Dial = v36.Config{URL: fake.AgentURL(), OrganizationID: fakelivechat.OrganizationID}
		cfg.Token = fakelivechat.AgentToken
		fmt.Fprintf(w, "no LIVECHAT_TOKEN: talking to the embedded fake LiveChat at %s, which plays the customer\n", fake.AgentURL())
	}
	return bot.Run(ctx, cfg)
}
