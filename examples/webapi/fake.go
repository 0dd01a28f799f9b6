package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sync/atomic"

	"github.com/rtmkit/livechat-rtm/web/webtest"
)

// startFake starts a fake Web API that accepts the demo's personal access token, stores
// uploads and numbers events.
func startFake() *webtest.Server {
	srv := webtest.NewServer()
	srv.RequireAuthorization("Basic " + base64.StdEncoding.EncodeToString([]byte("b7eff798-f8df-4364-8059-649c35c9ed0c:dal:demo-personal-access-token")))
	srv.Handle("upload_file", func(_ context.Context, r *webtest.Request) (any, error) {
		if len(r.Files) != 1 {
			return nil, &webtest.Error{Status: 400, Type: "validation", Message: "file is required"}
		}
		return map[string]string{"url": "https://cdn.livechat-files.com/api/file/lc/att/8948324/45a3581b59a7295145c3825c86ec7ab3/" + r.Files[0].Name}, nil
	})
	var n atomic.Int32
	srv.Handle("send_event", func(_ context.Context, r *webtest.Request) (any, error) {
		var req struct {
			ChatID string `json:"chat_id"`
		}
		if err := json.Unmarshal(r.Body, &req); err != nil || req.ChatID == "" {
			return nil, &webtest.Error{Status: 400, Type: "validation", Message: "chat_id is required"}
		}
		return map[string]string{"event_id": fmt.Sprintf("K600PKZON8_%d", n.Add(1))}, nil
	})
	return srv
}
