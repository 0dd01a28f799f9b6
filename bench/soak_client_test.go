package bench

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	v36 "github.com/rtmkit/livechat-rtm/gen/agent/v36"
	"github.com/rtmkit/livechat-rtm/rtm"
)

// soakClient is the client side of TestSoak: the typed client, what it
// saw, and the checks of each call's outcome.
type soakClient struct {
	*v36.Client
	callTimeout time.Duration
	hangGrace   time.Duration // how far past its deadline a call may return before it counts as hung
	synced      chan string   // the thread of a "sync" push that reached the handler

	mu          sync.Mutex
	loggedIn    map[int]bool // connections whose login response arrived
	loginPushed map[int]bool // connections whose login push reached the handler
	violations  []string     // broken invariants, at most a few kept

	n soakCounts
}

// soakCounts counts the calls by outcome and the pushes by kind.
type soakCounts struct {
	calls, succeeded, apiErrors, connLost, timeouts, other atomic.Int64
	misdelivered, hung                                     atomic.Int64
	streamPushes, unknownPushes, pushErrors                atomic.Int64
	logins, loginFailures                                  atomic.Int64
}

func newSoakClient(callTimeout time.Duration) *soakClient {
	sc := &soakClient{
		callTimeout: callTimeout,
		hangGrace:   5 * time.Second,
		loggedIn:    map[int]bool{},
		loginPushed: map[int]bool{},
		synced:      make(chan string, 1),
	}
	return sc
}

// options are the client's rtm options: reconnect with a short backoff,
// logging in again after each reconnection, a fast keepalive that notices
// a stalled server.
func (sc *soakClient) options() []rtm.Option {
	return []rtm.Option{
		rtm.WithReconnect(rtm.ReconnectPolicy{MinDelay: 5 * time.Millisecond, MaxDelay: 100 * time.Millisecond}),
		rtm.WithOnReconnect(func(ctx context.Context, conn *rtm.Conn) error {
			return sc.login(ctx, v36.NewClient(conn))
		}),
		rtm.WithPingInterval(100 * time.Millisecond),
		rtm.WithPingTimeout(500 * time.Millisecond),
		rtm.WithPushErrorHandler(func(rtm.Push, error) { sc.n.pushErrors.Add(1) }),
	}
}

// login logs in on c and records the connection the server says it is.
func (sc *soakClient) login(ctx context.Context, c *v36.Client) error {
	resp, err := c.Login(ctx, &v36.LoginRequest{Token: "dal:soak"})
	if err != nil {
		sc.n.loginFailures.Add(1)
		return err
	}
	id, err := strconv.Atoi(string(resp.Extra["soak_conn"]))
	if err != nil {
		sc.violate("login response without its connection id: %v", err)
		return err
	}
	sc.n.logins.Add(1)
	sc.mu.Lock()
	sc.loggedIn[id] = true
	sc.mu.Unlock()
	return nil
}

// handle registers the push handlers.
func (sc *soakClient) handle() {
	sc.OnIncomingEvent(func(_ context.Context, p *v36.IncomingEventPush) {
		switch p.ChatID {
		case "login":
			id, err := strconv.Atoi(p.ThreadID)
			if err != nil {
				sc.violate("login push with thread %q", p.ThreadID)
				return
			}
			sc.mu.Lock()
			sc.loginPushed[id] = true
			sc.mu.Unlock()
		case "stream":
			sc.n.streamPushes.Add(1)
		case "sync":
			select {
			case sc.synced <- p.ThreadID:
			default: // one is enough
			}
		default:
			sc.violate("push in unexpected chat %q", p.ChatID)
		}
	})
	sc.OnUnhandledPush(func(_ context.Context, p rtm.Push) {
		sc.n.unknownPushes.Add(1)
		if p.Action != "soak_unknown_push" {
			sc.violate("push %q went to the catch-all handler", p.Action)
		}
	})
}

// call makes one send_event call carrying token, and checks its outcome:
// the echo of its own token, an API error naming its own token, a lost
// connection or its own timeout; and no return later than its deadline
// (plus grace).
func (sc *soakClient) call(token string) {
	sc.n.calls.Add(1)
	ctx, cancel := context.WithTimeout(context.Background(), sc.callTimeout)
	defer cancel()
	deadline, _ := ctx.Deadline()
	resp, err := sc.SendEvent(ctx, &v36.SendEventRequest{
		ChatID: token,
		Event:  &v36.MessageEvent{Text: rtm.Ptr("soak " + token)},
	})
	if late := time.Since(deadline); late > sc.hangGrace {
		sc.n.hung.Add(1)
		sc.violate("call %s returned %v after its deadline (err %v)", token, late, err)
	}
	var apiErr *rtm.Error
	switch {
	case err == nil:
		if resp.EventID != token {
			sc.n.misdelivered.Add(1)
			sc.violate("call %s got the response of %s", token, resp.EventID)
			return
		}
		sc.n.succeeded.Add(1)
	case errors.As(err, &apiErr):
		if apiErr.Type != soakErrorType || apiErr.Message != token {
			sc.n.misdelivered.Add(1)
			sc.violate("call %s got the error %v", token, apiErr)
			return
		}
		sc.n.apiErrors.Add(1)
	case rtm.IsConnectionLost(err):
		sc.n.connLost.Add(1)
	case rtm.IsTimeout(err):
		sc.n.timeouts.Add(1)
	default:
		sc.n.other.Add(1)
		sc.violate("call %s failed with an unexpected error: %v", token, err)
	}
}

// caller calls with tokens "<id>-1", "<id>-2"... until stop is closed.
func (sc *soakClient) caller(id int, stop <-chan struct{}) {
	for seq := 1; ; seq++ {
		select {
		case <-stop:
			return
		default:
		}
		sc.call(strconv.Itoa(id) + "-" + strconv.Itoa(seq))
	}
}

// violate records a broken invariant (the first 20 are kept).
func (sc *soakClient) violate(format string, args ...any) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if len(sc.violations) < 20 {
		sc.violations = append(sc.violations, fmt.Sprintf(format, args...))
	}
}

// missingLoginPushes returns the connections that answered a login but
// whose login push (sent before the answer) never reached the handler.
func (sc *soakClient) missingLoginPushes() []int {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	var missing []int
	for id := range sc.loggedIn {
		if !sc.loginPushed[id] {
			missing = append(missing, id)
		}
	}
	return missing
}
