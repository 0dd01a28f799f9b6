package web

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/rtmkit/livechat-rtm/rtm"
)

// BatchResult is the result of one request of a batch call (the Configuration API's batch_*
// methods): its response, or its error. The results of a batch are in the order of its
// requests; one failing request does not fail the others.
type BatchResult[T any] struct {
	Response *T         // the request's response, when it succeeded
	Err      *rtm.Error // the request's error ({"error": {...}} in place of its response)
}

// CallBatch calls a batch method: {"requests": reqs} in, {"responses": [...]} out, each
// response decoded into a Resp or, when it is {"error": {...}}, into an *rtm.Error naming the
// action and the request's index in Data (which stays the server's own data when it sent
// some). The error is the call's own (HTTP, transport, or a response count that does not
// match the requests).
func CallBatch[Req, Resp any](ctx context.Context, c *Client, action string, reqs []Req, opts ...rtm.CallOption) ([]BatchResult[Resp], error) {
	if reqs == nil {
		reqs = []Req{}
	}
	payload := struct {
		Requests []Req `json:"requests"`
	}{reqs}
	var out struct {
		Responses []json.RawMessage `json:"responses"`
	}
	if err := c.Call(ctx, action, payload, &out, opts...); err != nil {
		return nil, err
	}
	if len(out.Responses) != len(reqs) {
		return nil, fmt.Errorf("web: %s: %w: %d responses for %d requests", action, rtm.ErrDecode, len(out.Responses), len(reqs))
	}
	results := make([]BatchResult[Resp], len(reqs))
	for i, raw := range out.Responses {
		var env struct {
			Error *struct {
				Type    string          `json:"type"`
				Message string          `json:"message"`
				Data    json.RawMessage `json:"data"`
			} `json:"error"`
		}
		if json.Unmarshal(raw, &env) == nil && env.Error != nil {
			results[i].Err = &rtm.Error{Action: action, Type: env.Error.Type, Message: env.Error.Message, Data: env.Error.Data}
			continue
		}
		v := new(Resp)
		if err := json.Unmarshal(raw, v); err != nil {
			return nil, fmt.Errorf("web: %s: response %d: %w: %v", action, i, rtm.ErrDecode, err)
		}
		results[i].Response = v
	}
	return results, nil
}
