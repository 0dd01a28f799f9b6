package rtm_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	v32 "github.com/rtmkit/livechat-rtm/gen/customer/v32"
	"github.com/rtmkit/livechat-rtm/rtm"
	"github.com/rtmkit/livechat-rtm/rtm/rtmtest"
)

const regionToken = "Bearer fra:REGION-TOKEN"

// loginWithToken is a connect hook that logs in with regionToken.
func loginWithToken(ctx context.Context, c *rtm.Conn) error {
	return c.Call(ctx, "login", map[string]string{"token": regionToken}, nil)
}

// misdirect refuses a login with misdirected_request naming region.
func misdirect(region string) rtmtest.HandlerFunc {
	return func(context.Context, *rtmtest.Request) (any, error) {
		return nil, &rtmtest.Error{Type: rtm.ErrorTypeMisdirectedRequest, Message: "Wrong region", Data: map[string]string{"region": region}}
	}
}

// regionPolicy maps each region name to its URL.
func regionPolicy(urls map[string]string) rtm.DisconnectPolicy {
	return rtm.DisconnectPolicy{Push: "customer_disconnected", WrongRegion: []string{"misdirected_connection"},
		RegionURL: func(r string) string { return urls[r] }}
}

// dialRecorder is an HTTP client that records the address of every connection it opens.
type dialRecorder struct {
	mu    sync.Mutex
	addrs []string
}

func (d *dialRecorder) client() *http.Client {
	return &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		d.mu.Lock()
		d.addrs = append(d.addrs, addr)
		d.mu.Unlock()
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}}
}

// hosts returns the distinct addresses dialled, sorted.
func (d *dialRecorder) hosts() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	h := slices.Clone(d.addrs)
	slices.Sort(h)
	return slices.Compact(h)
}

func hostOf(t testing.TB, rawURL string) string {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Host
}

// tokensSeen returns how many login requests of srv carried regionToken, and whether every
// connection of srv had it in its Authorization header.
func tokensSeen(srv *rtmtest.Server) (logins int, headers bool) {
	for _, r := range srv.Requests() {
		if r.Action == "login" && strings.Contains(string(r.Payload), regionToken) {
			logins++
		}
	}
	headers = true
	for _, sc := range srv.Conns() {
		headers = headers && sc.Header().Get("Authorization") == regionToken
	}
	return logins, headers
}

// TestMisdirectedLoginAtDialGoesToTheRegion: a login that the first endpoint refuses with
// misdirected_request {"region":"fra"} is sent again, once, on a connection to the URL the
// disconnect policy gives for fra; Dial then returns a Conn connected there (query kept, and
// reconnections go there too), and the credentials went to those two endpoints only.
func TestMisdirectedLoginAtDialGoesToTheRegion(t *testing.T) {
	t.Parallel()
	dal, fra := rtmtest.New(t), rtmtest.New(t)
	dal.Handle("login", misdirect("fra"))
	fra.Handle("login", echo)
	fra.Handle("echo", echo)
	var rec dialRecorder
	ev := newEvents()
	c := dial(t, dal, rtm.WithOnConnect(loginWithToken), rtm.WithDisconnectPolicy(regionPolicy(map[string]string{"fra": fra.URL()})),
		rtm.WithHeader("Authorization", regionToken), rtm.WithQuery("license_id", "7"), rtm.WithHTTPClient(rec.client()),
		rtm.WithReconnect(fastReconnect), rtm.WithLifecycle(ev.record))
	ctx := testCtx(t)

	if err := c.Call(ctx, "echo", nil, nil); err != nil {
		t.Fatal(err)
	}
	if r, err := fra.WaitRequest(ctx, rtmtest.ActionIs("echo")); err != nil || r.ConnID != 1 {
		t.Errorf("echo on fra's connection %d (%v), want 1", r.ConnID, err)
	}
	<-dal.Conn(1).Done() // the misdirected connection is dropped
	if got := fra.Conn(1).Query().Get("license_id"); got != "7" {
		t.Errorf("query at fra: license_id=%q, want 7", got)
	}
	ev.wait(t, rtm.EventConnected)

	// A reconnection goes to fra, where the login was accepted.
	fra.Conn(1).Drop()
	ev.wait(t, rtm.EventDisconnected)
	if err := c.Call(ctx, "echo", nil, nil); err != nil {
		t.Fatal(err)
	}
	if n, m := connCount(dal), connCount(fra); n != 1 || m != 2 {
		t.Errorf("dal saw %d connections, fra %d; want 1 and 2", n, m)
	}

	if diff := cmp.Diff([]string{hostOf(t, dal.URL()), hostOf(t, fra.URL())}, rec.hosts(), cmpSorted()); diff != "" {
		t.Errorf("hosts dialled (-want +got):\n%s", diff)
	}
	if logins, headers := tokensSeen(dal); logins != 1 || !headers {
		t.Errorf("dal: %d logins with the token (want 1), Authorization on every connection: %v", logins, headers)
	}
	if logins, headers := tokensSeen(fra); logins != 2 || !headers {
		t.Errorf("fra: %d logins with the token (want 2), Authorization on every connection: %v", logins, headers)
	}
}

// connCount is the number of connections srv has accepted.
func connCount(srv *rtmtest.Server) int {
	n := 0
	for srv.Conn(n+1) != nil {
		n++
	}
	return n
}

func cmpSorted() cmp.Option {
	return cmp.Transformer("sort", func(s []string) []string { return slices.Sorted(slices.Values(s)) })
}

// TestMisdirectedLoginAtDialNotFollowedFurther: a second misdirection, a region the policy
// has no URL for (or no policy), and a region URL that would drop TLS fail Dial with an error
// that names the region and wraps the misdirected_request; nothing else is dialled.
func TestMisdirectedLoginAtDialNotFollowedFurther(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name        string
		tls         bool
		region      string
		withPolicy  bool
		secondDials bool
		want        string
	}{
		{name: "misdirected again", region: "fra", withPolicy: true, secondDials: true, want: "region fra, which the server named, misdirects the login again (to region dal)"},
		{name: "unknown region", region: "mars", withPolicy: true, want: `region "mars", which has no known URL`},
		{name: "no policy", region: "fra", want: `region "fra", which has no known URL`},
		{name: "TLS dropped", tls: true, region: "fra", withPolicy: true, want: `region "fra" is not TLS`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var first *rtmtest.Server
			var rec dialRecorder
			hc := rec.client()
			if tt.tls {
				first = rtmtest.New(t, rtmtest.WithTLS())
				hc.Transport.(*http.Transport).TLSClientConfig = first.TLSConfig()
			} else {
				first = rtmtest.New(t)
			}
			second := rtmtest.New(t)
			first.Handle("login", misdirect(tt.region))
			second.Handle("login", misdirect("dal"))
			opts := []rtm.Option{rtm.WithOnConnect(loginWithToken), rtm.WithHTTPClient(hc)}
			if tt.withPolicy {
				opts = append(opts, rtm.WithDisconnectPolicy(regionPolicy(map[string]string{"fra": second.URL(), "dal": first.URL()})))
			}
			_, err := rtm.Dial(testCtx(t), first.URL(), opts...)
			var rerr *rtm.Error
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.As(err, &rerr) || rerr.Type != rtm.ErrorTypeMisdirectedRequest {
				t.Fatalf("Dial: %v; want an error with %q wrapping the misdirected_request", err, tt.want)
			}
			want := []string{hostOf(t, first.URL())}
			if tt.secondDials {
				want = append(want, hostOf(t, second.URL()))
			}
			if diff := cmp.Diff(want, rec.hosts(), cmpSorted()); diff != "" {
				t.Errorf("hosts dialled (-want +got):\n%s", diff)
			}
			waitConnsEnded(t, first)
			waitConnsEnded(t, second)
		})
	}
}

// waitConnsEnded waits until every connection srv saw has ended.
func waitConnsEnded(t testing.TB, srv *rtmtest.Server) {
	t.Helper()
	for id := 1; srv.Conn(id) != nil; id++ {
		select {
		case <-srv.Conn(id).Done():
		case <-testCtx(t).Done():
			t.Fatalf("connection %d still open", id)
		}
	}
}

// wantDialCanceledInFra waits for the error of a Dial whose context was canceled while it
// connected to region fra: it must come promptly, be a canceled error and name the region.
func wantDialCanceledInFra(t *testing.T, done <-chan error) {
	t.Helper()
	select {
	case err := <-done:
		if !rtm.IsCanceled(err) || !strings.Contains(err.Error(), "region fra") {
			t.Errorf("Dial: %v; want a canceled error naming region fra", err)
		}
	case <-time.After(promptly):
		t.Fatal("Dial did not return after its context was canceled")
	}
}

// TestMisdirectedLoginAtDialCanceled: canceling Dial's context while it connects to the region
// the server named (handshake or login) makes Dial return at once with a canceled error and
// leaves no connection open.
func TestMisdirectedLoginAtDialCanceled(t *testing.T) {
	t.Parallel()
	t.Run("handshake", func(t *testing.T) {
		t.Parallel()
		dal := rtmtest.New(t)
		dal.Handle("login", misdirect("fra"))
		ln, err := net.Listen("tcp", "127.0.0.1:0") // accepts, never answers the handshake
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		accepted := make(chan net.Conn, 1)
		go func() {
			nc, err := ln.Accept()
			if err == nil {
				accepted <- nc
			}
			close(accepted)
		}()
		ctx, cancel := context.WithCancel(testCtx(t))
		done := make(chan error, 1)
		go func() {
			_, err := rtm.Dial(ctx, dal.URL(), rtm.WithOnConnect(loginWithToken),
				rtm.WithDisconnectPolicy(regionPolicy(map[string]string{"fra": "ws://" + ln.Addr().String() + "/rtm"})))
			done <- err
		}()
		var nc net.Conn
		select {
		case nc = <-accepted:
			if nc == nil {
				t.Fatal("accept failed")
			}
		case err := <-done:
			t.Fatalf("Dial returned before dialling the region: %v", err)
		case <-testCtx(t).Done():
			t.Fatal("no handshake at the region's URL")
		}
		defer nc.Close()
		cancel()
		wantDialCanceledInFra(t, done)
		waitConnsEnded(t, dal)
	})
	t.Run("login", func(t *testing.T) {
		t.Parallel()
		dal, fra := rtmtest.New(t), rtmtest.New(t)
		dal.Handle("login", misdirect("fra"))
		fra.Handle("login", never)
		ctx, cancel := context.WithCancel(testCtx(t))
		done := make(chan error, 1)
		go func() {
			_, err := rtm.Dial(ctx, dal.URL(), rtm.WithOnConnect(loginWithToken),
				rtm.WithDisconnectPolicy(regionPolicy(map[string]string{"fra": fra.URL()})))
			done <- err
		}()
		if _, err := fra.WaitRequest(testCtx(t), rtmtest.ActionIs("login")); err != nil {
			t.Fatal(err)
		}
		cancel()
		wantDialCanceledInFra(t, done)
		waitConnsEnded(t, dal)
		waitConnsEnded(t, fra)
	})
}

// TestGeneratedLoginMisdirectedWithConfigURL: with Config.URL set (a fake, a proxy), the
// generated client knows no other URL to trust, so a misdirected login fails Dial naming the
// region; the version's region URLs (real LiveChat hosts) are never dialled.
func TestGeneratedLoginMisdirectedWithConfigURL(t *testing.T) {
	t.Parallel()
	srv := rtmtest.New(t)
	srv.Handle(v32.ActionLogin, misdirect(v32.RegionFra))
	var rec dialRecorder
	_, err := v32.Dial(testCtx(t), v32.Config{URL: srv.URL(), LicenseID: 7,
		Login: func(context.Context) (*v32.LoginRequest, error) { return &v32.LoginRequest{Token: regionToken}, nil }},
		rtm.WithHTTPClient(rec.client()))
	if err == nil || !strings.Contains(err.Error(), `region "fra"`) || rtm.ErrorType(err) != rtm.ErrorTypeMisdirectedRequest {
		t.Fatalf("Dial: %v; want the misdirected_request, naming region fra", err)
	}
	if diff := cmp.Diff([]string{hostOf(t, srv.URL())}, rec.hosts()); diff != "" {
		t.Errorf("hosts dialled (-want +got):\n%s", diff)
	}
}

// TestRegionsMisdirectingEachOtherGiveUp: after a reconnection, regions whose logins keep
// naming each other are followed as failed attempts, with backoff, and reconnecting gives up
// after MaxAttempts instead of bouncing between them for ever.
func TestRegionsMisdirectingEachOtherGiveUp(t *testing.T) {
	t.Parallel()
	dal, fra := rtmtest.New(t), rtmtest.New(t)
	var dalLogins atomic.Int32
	dal.Handle("login", func(ctx context.Context, r *rtmtest.Request) (any, error) {
		if dalLogins.Add(1) == 1 {
			return nil, nil // the first login, at Dial, is accepted
		}
		return misdirect("fra")(ctx, r)
	})
	fra.Handle("login", misdirect("dal"))
	ev := newEvents()
	p := fastReconnect
	p.MaxAttempts = 3
	c := dial(t, dal, rtm.WithOnConnect(loginWithToken), rtm.WithReconnect(p), rtm.WithLifecycle(ev.record),
		rtm.WithDisconnectPolicy(regionPolicy(map[string]string{"fra": fra.URL(), "dal": dal.URL()})))

	dal.Conn(1).Drop()
	gaveUp := ev.wait(t, rtm.EventGaveUp)
	if rtm.ErrorType(gaveUp.Err) != rtm.ErrorTypeMisdirectedRequest {
		t.Errorf("gave up with %v, want the last misdirected_request", gaveUp.Err)
	}
	if n := c.Stats().ReconnectAttempts; n != 3 {
		t.Errorf("%d reconnection attempts, want MaxAttempts = 3", n)
	}
	if n, m := connCount(dal), connCount(fra); n != 3 || m != 1 {
		t.Errorf("connections: dal %d, fra %d; want 3 (Dial, attempts 1 and 3) and 1 (attempt 2)", n, m)
	}
}
