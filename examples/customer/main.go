// Command customer chats with a LiveChat license as a customer, on the generated Customer Chat
// RTM API v3.6 client (the program itself is package examples/customer/visitor): it logs in,
// starts a chat, asks a question, prints the agent's answer and the typed pushes it receives,
// thanks the agent and waits for the chat to be closed.
//
// Without LIVECHAT_TOKEN it talks to the embedded fake LiveChat (examples/internal/fakelivechat),
// which plays the agent, so it runs anywhere. `make demo` runs it next to the agent bot
// (examples/agentbot) through one fake. With a customer access token (see LiveChat's customer
// authorization flow) it talks to the real API:
//
//	LIVECHAT_TOKEN='Bearer dal:...' LIVECHAT_ORGANIZATION_ID=... go run ./examples/customer
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

	"github.com/rtmkit/livechat-rtm/examples/customer/visitor"
	"github.com/rtmkit/livechat-rtm/examples/internal/fakelivechat"
	v36 "github.com/rtmkit/livechat-rtm/gen/customer/v36"
)

func main() {
	wait := flag.Duration("wait", 30*time.Second, "how long to wait for the agent's answer, then for the chat to close")
	verbose := flag.Bool("v", false, "log the transport's lifecycle to stderr")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	logger := slog.New(slog.DiscardHandler)
	if *verbose {
		logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	if err := run(ctx, os.Stdout, os.Getenv, *wait, logger); err != nil {
		fmt.Fprintln(os.Stderr, "customer:", err)
		os.Exit(1)
	}
}

// run configures the customer from env (os.Getenv, or a map in tests) and runs it.
func run(ctx context.Context, w io.Writer, env func(string) string, wait time.Duration, logger *slog.Logger) error {
	cfg := visitor.Config{
		Dial:   v36.Config{URL: env("LIVECHAT_URL"), OrganizationID: env("LIVECHAT_ORGANIZATION_ID")},
		Token:  env("LIVECHAT_TOKEN"),
		Wait:   wait,
		Out:    w,
		Logger: logger,
	}
	if cfg.Token == "" {
		fake := fakelivechat.Start(fakelivechat.Options{PlayAgent: true})
		defer fake.Close()
		cfg.Dial = v36.Config{URL: fake.CustomerURL(), OrganizationID: fakelivechat.OrganizationID}
		cfg.Token = fakelivechat.CustomerToken
		fmt.Fprintf(w, "no LIVECHAT_TOKEN: talking to the embedded fake LiveChat at %s, which plays the agent\n", fake.CustomerURL())
	}
	return visitor.Run(ctx, cfg)
}
