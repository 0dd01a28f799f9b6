package bench

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	v36 "github.com/rtmkit/livechat-rtm/gen/agent/v36"
	"github.com/rtmkit/livechat-rtm/web"
)

// webServer is a loopback HTTP server answering every POST with the send_event response, as
// cheaply as it can (so that the client's cost dominates).
func webServer(tb testing.TB) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		h := w.Header()
		h["Content-Type"] = []string{"application/json"}
		h["Content-Length"] = []string{"27"}
		w.Write(sendEventResponse)
	}))
	tb.Cleanup(srv.Close)
	return srv
}

// webCallers are the two sides of the Web API comparison: the typed v36.WebClient.SendEvent
// (encode the request struct, POST, read and decode the response struct) and a bare net/http
// POST of the same bytes to the same URL, reading the body.
type webCallers struct {
	ctx   context.Context // one deadline for both sides, as a program's request handler has
	typed *v36.WebClient
	req   *v36.SendEventRequest
	raw   *http.Client
	url   string
	body  []byte
}

func newWebCallers(tb testing.TB, base string, rt http.RoundTripper) *webCallers {
	tc, err := v36.NewWebClient(v36.WebConfig{URL: base + "/v3.6/agent", Credentials: web.Bearer("dal:bench-token")},
		web.WithHTTPClient(&http.Client{Transport: rt}))
	if err != nil {
		tb.Fatal(err)
	}
	req := newSendEventRequest()
	body, err := req.MarshalJSON()
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	tb.Cleanup(cancel)
	return &webCallers{ctx: ctx, typed: tc, req: req, raw: &http.Client{Transport: rt}, url: base + "/v3.6/agent/action/send_event", body: body}
}

func (c *webCallers) callTyped(tb testing.TB) {
	resp, err := c.typed.SendEvent(c.ctx, c.req)
	if err != nil || resp.EventID != "K600PKZON8_1" {
		tb.Fatalf("typed web call: %v %v", resp, err)
	}
}

// callRaw is what a program without the SDK writes: POST the bytes with the two headers, read
// the whole body.
func (c *webCallers) callRaw(tb testing.TB) {
	req, err := http.NewRequestWithContext(c.ctx, http.MethodPost, c.url, bytes.NewReader(c.body))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header["Content-Type"] = []string{"application/json"}
	req.Header["Authorization"] = []string{"Bearer dal:bench-token"}
	resp, err := c.raw.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	data, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 || len(data) != 27 {
		tb.Fatalf("raw web call: %d %q %v", resp.StatusCode, data, err)
	}
}

// BenchmarkWebCall is one send_event over the Web API on loopback, apart: the typed
// WebClient and a bare net/http POST of the same bytes. Allocations include the in-process
// server's (BenchmarkWebClientOverhead counts the client's alone).
func BenchmarkWebCall(b *testing.B) {
	srv := webServer(b)
	c := newWebCallers(b, srv.URL, http.DefaultTransport.(*http.Transport).Clone())
	b.Run("raw", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			c.callRaw(b)
		}
	})
	b.Run("typed", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			c.callTyped(b)
		}
	})
}

// BenchmarkWebRoundTripRatio times the typed and the raw Web API call in one loop, alternating
// their order, against the same server over the same kind of connection pool: one op is one
// call of each. It reports the means (raw-ns, typed-ns), typed/raw of the means and of the
// medians (typed/raw-p50).
func BenchmarkWebRoundTripRatio(b *testing.B) {
	srv := webServer(b)
	c := newWebCallers(b, srv.URL, http.DefaultTransport.(*http.Transport).Clone())
	run := [2]func(){func() { c.callRaw(b) }, func() { c.callTyped(b) }}
	var samples [2][]time.Duration
	var total [2]time.Duration
	round := 0
	for b.Loop() {
		for k := range 2 {
			j := (round + k) % 2
			t0 := time.Now()
			run[j]()
			d := time.Since(t0)
			total[j] += d
			samples[j] = append(samples[j], d)
		}
		round++
	}
	n := float64(round)
	var p50 [2]float64
	for j := range samples {
		slices.Sort(samples[j])
		p50[j] = float64(samples[j][len(samples[j])/2].Nanoseconds())
	}
	raw, typed := float64(total[0].Nanoseconds())/n, float64(total[1].Nanoseconds())/n
	b.ReportMetric(raw, "raw-ns")
	b.ReportMetric(typed, "typed-ns")
	b.ReportMetric(typed/raw, "typed/raw")
	b.ReportMetric(p50[1]/p50[0], "typed/raw-p50")
}

// cannedTransport answers every request with the send_event response, in memory: what the
// client itself costs, without a network or a server.
type cannedTransport struct{}

func (cannedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		io.Copy(io.Discard, req.Body)
		req.Body.Close()
	}
	return &http.Response{
		StatusCode: 200, ProtoMajor: 1, ProtoMinor: 1, Request: req, ContentLength: 27,
		Header: http.Header{"Content-Type": {"application/json"}},
		Body:   io.NopCloser(strings.NewReader(string(sendEventResponse))),
	}, nil
}

// BenchmarkWebClientOverhead is the client's own cost of a call, over an in-memory transport:
// the typed call against the bare net/http one, allocations per call included.
func BenchmarkWebClientOverhead(b *testing.B) {
	c := newWebCallers(b, "http://bench.invalid", cannedTransport{})
	b.Run("raw", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			c.callRaw(b)
		}
	})
	b.Run("typed", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			c.callTyped(b)
		}
	})
}
