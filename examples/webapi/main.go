// Command webapi sends a message and a file to a chat over the Agent Chat Web API v3.6, with a
// personal access token: one HTTPS request per call, no websocket, no login. It is the shape of
// a stateless integration (a serverless function, a webhook receiver, a cron job).
//
// Without LIVECHAT_PAT it runs against an in-process fake of the Web API (web/webtest) and
// prints what the fake received:
//
//	go run ./examples/webapi
//
// With LIVECHAT_ACCOUNT_ID, LIVECHAT_PAT and LIVECHAT_CHAT_ID it talks to LiveChat
// (LIVECHAT_WEB_URL overrides the endpoint).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	v36 "github.com/rtmkit/livechat-rtm/gen/agent/v36"
	"github.com/rtmkit/livechat-rtm/rtm"
	"github.com/rtmkit/livechat-rtm/web"
	"github.com/rtmkit/livechat-rtm/web/webtest"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	if err := run(ctx, os.Stdout, os.Getenv, log); err != nil {
		fmt.Fprintln(os.Stderr, "webapi:", err)
		os.Exit(1)
	}
}

// run does the work; getenv and out are parameters so that the test can run it.
func run(ctx context.Context, out io.Writer, getenv func(string) string, log *slog.Logger) error {
	account, pat, chatID, url := getenv("LIVECHAT_ACCOUNT_ID"), getenv("LIVECHAT_PAT"), getenv("LIVECHAT_CHAT_ID"), getenv("LIVECHAT_WEB_URL")
	var fake *webtest.Server
	if pat == "" {
		fake = startFake()
		defer fake.Close()
		account, pat, chatID = "b7eff798-f8df-4364-8059-649c35c9ed0c", "dal:demo-personal-access-token", "PJ0MRSHTDG"
		url = fake.URL() + "/v3.6/agent"
		fmt.Fprintln(out, "using the in-process fake Web API (set LIVECHAT_PAT to use LiveChat)")
	}

	// One constructor: v36.NewWebClient instead of v36.Dial. The request and response types are
	// the RTM client's.
	c, err := v36.NewWebClient(v36.WebConfig{URL: url, Credentials: web.PersonalAccessToken(account, pat)}, web.WithLogger(log))
	if err != nil {
		return err
	}
	defer c.Web().CloseIdleConnections()

	// upload_file: the file is streamed as multipart/form-data; the URL goes into a file event.
	content := "Hello from the Web API example.\n"
	up, err := c.UploadFile(ctx, &v36.UploadFileRequest{File: web.File{
		Name: "hello.txt", ContentType: "text/plain", Body: strings.NewReader(content), Size: int64(len(content)),
	}})
	if err != nil {
		return fmt.Errorf("upload_file: %w", err)
	}
	fmt.Fprintf(out, "uploaded hello.txt (%d bytes): %s\n", len(content), up.URL)

	sent, err := c.SendEvent(ctx, &v36.SendEventRequest{ChatID: chatID, Event: &v36.FileEvent{URL: up.URL}})
	if err != nil {
		return fmt.Errorf("send_event (file): %w", err)
	}
	fmt.Fprintf(out, "sent file event %s to chat %s\n", sent.EventID, chatID)

	sent, err = c.SendEvent(ctx, &v36.SendEventRequest{ChatID: chatID, Event: &v36.MessageEvent{Text: rtm.Ptr("Here is the file you asked for.")}})
	if err != nil {
		var apiErr *rtm.Error // the same error type as over RTM, with the HTTP status
		if errors.As(err, &apiErr) {
			return fmt.Errorf("send_event refused (HTTP %d, %s): %w", apiErr.StatusCode, apiErr.Type, err)
		}
		return err
	}
	fmt.Fprintf(out, "sent message event %s to chat %s\n", sent.EventID, chatID)

	if fake != nil {
		fmt.Fprintln(out, "the fake received:")
		for _, r := range fake.Requests() {
			scheme, _, _ := strings.Cut(r.Header.Get("Authorization"), " ")
			detail := string(r.Body)
			if len(r.Files) > 0 {
				detail = fmt.Sprintf("file %s (%s, %d bytes)", r.Files[0].Name, r.Files[0].ContentType, len(r.Files[0].Data))
			}
			fmt.Fprintf(out, "  %s %s [Authorization: %s …] %s\n", r.Method, r.Path, scheme, detail)
		}
	}
	return nil
}
