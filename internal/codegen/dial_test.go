package codegen_test

// Tests of the generated Dial: login on every connection, reconnection by default, the typed
// reconnect hook, the server's disconnect reasons, regions, and bad input.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	v36 "github.com/rtmkit/livechat-rtm/gen/agent/v36"
	v32 "github.com/rtmkit/livechat-rtm/gen/customer/v32"
	"github.com/rtmkit/livechat-rtm/rtm"
	"github.com/rtmkit/livechat-rtm/rtm/rtmtest"
)

// offline is an HTTP client that dials nothing.
var offline = &http.Client{Transport: &http.Transport{DialContext: func(_ context.Context, _, addr string) (net.Conn, error) {
	return nil, fmt.Errorf("test: not dialling %s", addr)
}}}

var fast = rtm.WithReconnect(rtm.ReconnectPolicy{MinDelay: time.Millisecond, MaxDelay: 10 * time.Millisecond})

// loginServer accepts the tokens of valid (checked as they arrive) and records them.
func loginServer(t *testing.T, valid func(token string) bool) (*rtmtest.Server, *atomic.Int32) {
	srv := rtmtest.New(t)
	var logins atomic.Int32
	srv.Handle(v36.ActionLogin, func(ctx context.Context, r *rtmtest.Request) (any, error) {
		var req v36.LoginRequest
		if err := json.Unmarshal(r.Payload, &req); err != nil || !valid(req.Token) {
			return nil, &rtmtest.Error{Type: v36.ErrorTypeAuthentication, Message: "Invalid access token"}
		}
		logins.Add(1)
		_ = rtmtest.ConnFromContext(ctx).Push(v36.PushRoutingStatusSet, map[string]string{"agent_id": "bot@example.com", "status": "accepting_chats"})
		return json.RawMessage(`{"license":{"id":"1"},"my_profile":{"id":"bot@example.com"}}`), nil
	})
	srv.Handle(v36.ActionListChats, func(context.Context, *rtmtest.Request) (any, error) {
		return json.RawMessage(`{"chats_summary":[],"total_chats":0}`), nil
	})
	return srv, &logins
}

// TestLoginAtDialAndAfterEveryReconnect: Config.Login logs in at Dial and again, with a
// refreshed token, on each new connection before any other call; reconnection is on by
// default; OnReconnect gets the typed Client, after the login.
func TestLoginAtDialAndAfterEveryReconnect(t *testing.T) {
	srv, logins := loginServer(t, func(tok string) bool { return strings.HasPrefix(tok, "Bearer t") })
	ctx := ctxT(t)
	var refreshes atomic.Int32
	hooked := make(chan *v36.Client, 4)
	// The server greets every login with a push: Register's handler must see the first one.
	greeted := make(chan string, 4)
	profiles := make(chan string, 4) // LoggedIn's view of each login response
	c, err := v36.Dial(ctx, v36.Config{
		URL: srv.URL(), OrganizationID: "o",
		Register: func(c *v36.Client) {
			c.OnRoutingStatusSet(func(_ context.Context, p *v36.RoutingStatusSetPush) { greeted <- string(p.Status) })
		},
		Login: func(context.Context) (*v36.LoginRequest, error) {
			n := refreshes.Add(1)
			return &v36.LoginRequest{Token: "Bearer t" + string(rune('0'+n))}, nil
		},
		LoggedIn: func(_ context.Context, _ *v36.Client, resp *v36.LoginResponse) error {
			profiles <- resp.License.ID
			return nil
		},
		OnReconnect: func(ctx context.Context, c *v36.Client) error {
			_, err := c.ListChats(ctx, nil) // typed calls go through before everyone else's
			hooked <- c
			return err
		},
	}, fast)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if logins.Load() != 1 {
		t.Fatalf("%d logins at Dial, want 1", logins.Load())
	}
	select {
	case <-greeted:
	case <-ctx.Done():
		t.Fatal("the push sent right after the login at Dial was not handled")
	}
	srv.Conn(1).Drop()
	select {
	case hc := <-hooked:
		if hc.Conn() != c.Conn() {
			t.Error("OnReconnect got another connection")
		}
	case <-ctx.Done():
		t.Fatal("not reconnected (reconnection should be on by default)")
	}
	if _, err := c.ListChats(ctx, nil); err != nil {
		t.Fatal(err)
	}
	var onConn2 []string
	var tokens []string
	for _, r := range srv.Requests() {
		if r.Action == "login" {
			var req v36.LoginRequest
			_ = json.Unmarshal(r.Payload, &req)
			tokens = append(tokens, req.Token)
		}
		if r.ConnID == 2 && r.Action != "ping" {
			onConn2 = append(onConn2, r.Action)
		}
	}
	if strings.Join(onConn2, ",") != "login,list_chats,list_chats" {
		t.Errorf("requests on the new connection: %v, want login, the hook's list_chats, then the call", onConn2)
	}
	if len(profiles) != 2 || <-profiles != "1" {
		t.Errorf("LoggedIn ran %d times, want once per login (2)", len(profiles))
	}
	if strings.Join(tokens, ",") != "Bearer t1,Bearer t2" {
		t.Errorf("login tokens %v: want a refreshed one per connection", tokens)
	}
}

// TestRefusedLoginFailsDial: Dial returns the server's refusal of Config.Login.
func TestRefusedLoginFailsDial(t *testing.T) {
	srv, _ := loginServer(t, func(string) bool { return false })
	_, err := v36.Dial(ctxT(t), v36.Config{URL: srv.URL(), OrganizationID: "o",
		Login: func(context.Context) (*v36.LoginRequest, error) {
			return &v36.LoginRequest{Token: "Bearer SECRET"}, nil
		}})
	if rtm.ErrorType(err) != v36.ErrorTypeAuthentication || strings.Contains(err.Error(), "SECRET") {
		t.Fatalf("Dial with a refused login: %v", err)
	}
}

// TestDontReconnectReasonStops: a disconnect reason the docs mark "Don't reconnect" ends
// reconnecting with a typed error, even when the close follows the push at once; a
// "Reconnect" reason reconnects. Both reach the lifecycle function.
func TestDontReconnectReasonStops(t *testing.T) {
	srv, _ := loginServer(t, func(string) bool { return true })
	ctx := ctxT(t)
	reasons := make(chan rtm.LifecycleEvent, 20)
	c, err := v36.Dial(ctx, v36.Config{URL: srv.URL(), OrganizationID: "o"}, fast,
		rtm.WithLifecycle(func(e rtm.LifecycleEvent) {
			if e.Reason != "" {
				reasons <- e
			}
		}))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	_ = srv.Conn(1).Push(v36.PushAgentDisconnected, map[string]string{"reason": "connection_timeout"})
	srv.Conn(1).Drop()
	if _, err := srv.WaitConn(ctx, 2); err != nil {
		t.Fatalf("connection_timeout: not reconnected: %v", err)
	}
	_ = srv.Conn(2).Push(v36.PushAgentDisconnected, map[string]string{"reason": "agent_logged_out_remotely"})
	srv.Conn(2).Drop()
	select {
	case <-c.Conn().Done():
	case <-ctx.Done():
		t.Fatal("still reconnecting after agent_logged_out_remotely")
	}
	var de *rtm.DisconnectError
	if !errors.As(c.Conn().Err(), &de) || de.Reason != "agent_logged_out_remotely" || de.Reconnect || !rtm.IsFatal(c.Conn().Err()) {
		t.Errorf("Err() = %v; want a fatal DisconnectError naming the reason", c.Conn().Err())
	}
	var got []string
	for len(got) < 4 {
		select {
		case e := <-reasons:
			got = append(got, e.Kind.String()+":"+e.Reason)
		case <-ctx.Done():
			t.Fatalf("events: %v", got)
		}
	}
	want := "disconnected:connection_timeout,retrying:connection_timeout,disconnected:agent_logged_out_remotely,gave up:agent_logged_out_remotely"
	if strings.Join(got, ",") != want {
		t.Errorf("events with reasons:\n got %v\nwant %v", got, want)
	}
	if s := c.Conn().Stats(); s.ReconnectAttempts != 1 {
		t.Errorf("%d reconnection dials, want 1", s.ReconnectAttempts)
	}
}

// TestTokenPrefixChoosesRegion: with no Region, the login token's prefix picks the endpoint;
// an unknown region and a missing required parameter are reported together.
func TestTokenPrefixChoosesRegion(t *testing.T) {
	ctx := ctxT(t)
	if got := v32.TokenRegion("Bearer fra:abc"); got != v32.RegionFra {
		t.Errorf("TokenRegion(fra) = %q", got)
	}
	if got := v32.TokenRegion("dal:abc"); got != v32.RegionDal {
		t.Errorf("TokenRegion(dal) = %q", got)
	}
	if got := v32.TokenRegion("Bearer mars:abc"); got != "" {
		t.Errorf("TokenRegion(mars) = %q", got)
	}
	// The fra endpoint is not reachable from here: the error names where Dial went.
	short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	_, err := v32.Dial(short, v32.Config{LicenseID: 1,
		Login: func(context.Context) (*v32.LoginRequest, error) { return &v32.LoginRequest{Token: "Bearer fra:x"}, nil }},
		rtm.WithHTTPClient(offline)) // a transport that refuses to leave the machine
	if err == nil || !strings.Contains(err.Error(), "api-fra.livechatinc.com") {
		t.Errorf("Dial with a fra: token: %v; want it to dial the fra endpoint", err)
	}
	_, err = v32.Dial(ctx, v32.Config{Region: "mars"}, nil)
	for _, want := range []string{`unknown region "mars"`, "LicenseID is required", "an option is nil"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Dial with three problems: %v; want %q among them", err, want)
		}
	}
}

// TestBadOptionsListed: conflicting and nil options make one Dial error naming each; a nil
// context panics with a clear message.
func TestBadOptionsListed(t *testing.T) {
	ctx := ctxT(t)
	_, err := v36.Dial(ctx, v36.Config{URL: "ws://127.0.0.1:1", OrganizationID: "o",
		OnReconnect: func(context.Context, *v36.Client) error { return nil }},
		rtm.WithoutReconnect(), rtm.WithLogger(nil), rtm.WithReadLimit(-1))
	for _, want := range []string{"WithOnReconnect needs reconnection", "nil logger", "read limit"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Dial: %v; want %q listed", err, want)
		}
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "nil Context") {
			t.Errorf("Dial(nil): recovered %v", r)
		}
	}()
	//lint:ignore SA1012 the nil context is the point
	_, _ = v36.Dial(nil, v36.Config{})
}
