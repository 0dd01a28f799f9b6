package web_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rtmkit/livechat-rtm/rtm"
	"github.com/rtmkit/livechat-rtm/web"
	"github.com/rtmkit/livechat-rtm/web/webtest"
)

type delReq struct {
	ID string `json:"id"`
}

type created struct {
	ID string `json:"id"`
}

// TestCallBatchKeepsEachResult: a batch with a failing item keeps the other items' responses
// and types the failure (an *rtm.Error naming the action), in request order.
func TestCallBatchKeepsEachResult(t *testing.T) {
	srv := webtest.New(t)
	srv.Handle("batch_create_agents", webtest.Reply(map[string]any{"responses": []any{
		map[string]any{"id": "a"},
		map[string]any{"error": map[string]any{"type": "validation", "message": "`id` is required"}},
		map[string]any{"id": "c"},
	}}))
	c := newClient(t, srv, web.Bearer("dal:t"))
	res, err := web.CallBatch[delReq, created](testCtx(t), c, "batch_create_agents", []delReq{{"a"}, {}, {"c"}})
	if err != nil {
		t.Fatal(err)
	}
	req, _ := srv.LastRequest("batch_create_agents")
	if got, want := string(req.Body), `{"requests":[{"id":"a"},{"id":""},{"id":"c"}]}`; got != want {
		t.Errorf("request %s, want %s", got, want)
	}
	want := []web.BatchResult[created]{
		{Response: &created{"a"}},
		{Err: &rtm.Error{Action: "batch_create_agents", Type: "validation", Message: "`id` is required"}},
		{Response: &created{"c"}},
	}
	if diff := cmp.Diff(want, res); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
}

// TestCallBatchCountMismatchIsADecodeError: fewer responses than requests cannot be matched
// to them: the call fails with rtm.ErrDecode rather than misattributing results.
func TestCallBatchCountMismatchIsADecodeError(t *testing.T) {
	srv := webtest.New(t)
	srv.Handle("batch_delete_bots", webtest.Reply(map[string]any{"responses": []any{map[string]any{}}}))
	c := newClient(t, srv, web.Bearer("dal:t"))
	_, err := web.CallBatch[delReq, struct{}](testCtx(t), c, "batch_delete_bots", []delReq{{"a"}, {"b"}})
	if !errors.Is(err, rtm.ErrDecode) {
		t.Errorf("err = %v, want rtm.ErrDecode", err)
	}
}
