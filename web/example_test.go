package web_test

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/rtmkit/livechat-rtm/rtm"
	"github.com/rtmkit/livechat-rtm/web"
	"github.com/rtmkit/livechat-rtm/web/webtest"
)

// A call, an API error branched on as over RTM, and an upload, against the fake.
func Example() {
	srv := webtest.NewServer()
	defer srv.Close()
	srv.Handle("send_event", webtest.Reply(map[string]string{"event_id": "K600PKZON8_1"}))
	srv.Handle("get_chat", webtest.Fail(&webtest.Error{Status: 404, Type: "not_found", Message: "Chat not found"}))
	srv.Handle("upload_file", webtest.Reply(map[string]string{"url": "https://cdn.example/a.txt"}))

	c, err := web.New(srv.URL()+"/v3.6/agent", web.PersonalAccessToken("account-id", "dal:token"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.CloseIdleConnections()
	ctx := context.Background()

	var sent struct {
		EventID string `json:"event_id"`
	}
	err = c.Call(ctx, "send_event", map[string]any{"chat_id": "PJ0MRSHTDG", "event": map[string]string{"type": "message", "text": "hi"}}, &sent)
	fmt.Println(sent.EventID, err)

	err = c.Call(ctx, "get_chat", map[string]string{"chat_id": "nope"}, nil)
	var apiErr *rtm.Error
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Type)
	}

	var up struct {
		URL string `json:"url"`
	}
	err = c.Upload(ctx, &web.Upload{Action: "upload_file", File: web.File{Name: "a.txt", ContentType: "text/plain", Body: strings.NewReader("hello")}}, &up)
	fmt.Println(up.URL, err)
	// Output:
	// K600PKZON8_1 <nil>
	// 404 not_found
	// https://cdn.example/a.txt <nil>
}
