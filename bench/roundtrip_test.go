package bench

import (
	"bytes"
	"context"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/rtmkit/livechat-rtm/rtm/rtmtest"
)

// BenchmarkRoundTrip is one send_event round trip on loopback, three ways:
// the typed client (encode the request struct, call, decode the response
// struct), rtm.Conn.Call with the payload already encoded, and a bare
// coder/websocket write and read of the same bytes. Run apart, each
// reports its own ns/op, B/op and allocs/op.
func BenchmarkRoundTrip(b *testing.B) {
	url := serverURL(b)
	b.Run("raw", func(b *testing.B) {
		c := newRawCaller(b, url)
		b.ReportAllocs()
		for b.Loop() {
			c.roundTrip(b)
		}
	})
	b.Run("rtm", func(b *testing.B) {
		c := newRTMCaller(b, url)
		b.ReportAllocs()
		for b.Loop() {
			c.roundTrip(b)
		}
	})
	b.Run("typed", func(b *testing.B) {
		c := newTypedCaller(b, url)
		b.ReportAllocs()
		for b.Loop() {
			c.roundTrip(b)
		}
	})
}

// BenchmarkRoundTripRatio times the three round trips of BenchmarkRoundTrip
// in one loop, rotating their order, so that all three see the same
// machine: on a shared, noisy machine only ratios measured this way are
// comparable. One op is one round trip of each kind. It reports the mean
// of each (raw-ns, rtm-ns, typed-ns), the ratios of the means (rtm/raw,
// typed/raw) and the ratios of the medians (rtm/raw-p50, typed/raw-p50),
// which a few stalls of the machine do not move.
func BenchmarkRoundTripRatio(b *testing.B) {
	url := serverURL(b)
	raw, rc, tc := newRawCaller(b, url), newRTMCaller(b, url), newTypedCaller(b, url)
	run := [3]func(){
		func() { raw.roundTrip(b) },
		func() { rc.roundTrip(b) },
		func() { tc.roundTrip(b) },
	}
	var samples [3][]time.Duration
	var total [3]time.Duration
	round := 0
	for b.Loop() {
		for k := range 3 {
			j := (round + k) % 3
			t0 := time.Now()
			run[j]()
			d := time.Since(t0)
			total[j] += d
			samples[j] = append(samples[j], d)
		}
		round++
	}
	n := float64(round)
	mean := func(j int) float64 { return float64(total[j].Nanoseconds()) / n }
	var p50 [3]float64
	for j := range samples {
		slices.Sort(samples[j])
		p50[j] = float64(samples[j][len(samples[j])/2].Nanoseconds())
	}
	b.ReportMetric(mean(0), "raw-ns")
	b.ReportMetric(mean(1), "rtm-ns")
	b.ReportMetric(mean(2), "typed-ns")
	b.ReportMetric(mean(1)/mean(0), "rtm/raw")
	b.ReportMetric(mean(2)/mean(0), "typed/raw")
	b.ReportMetric(p50[1]/p50[0], "rtm/raw-p50")
	b.ReportMetric(p50[2]/p50[0], "typed/raw-p50")
}

// TestSameFrames checks that the three clients of BenchmarkRoundTrip write
// the same request frame, so that the benchmark compares like with like.
func TestSameFrames(t *testing.T) {
	srv := rtmtest.New(t)
	srv.Handle("send_event", func(context.Context, *rtmtest.Request) (any, error) {
		return sendEventResponse, nil
	})
	raw, rc, tc := newRawCaller(t, srv.URL()), newRTMCaller(t, srv.URL()), newTypedCaller(t, srv.URL())
	raw.roundTrip(t)
	rc.roundTrip(t)
	tc.roundTrip(t)
	var frames [][]byte
	for _, r := range srv.Requests() {
		if r.Action == "send_event" {
			frames = append(frames, r.Raw)
		}
	}
	if len(frames) != 3 {
		t.Fatalf("got %d send_event frames, want 3", len(frames))
	}
	id := regexp.MustCompile(`"request_id":"[0-9]+"`)
	for i, f := range frames {
		frames[i] = id.ReplaceAll(f, []byte(`"request_id":"N"`))
	}
	if !bytes.Equal(frames[0], frames[1]) || !bytes.Equal(frames[0], frames[2]) {
		t.Errorf("the frames differ:\nraw:   %s\nrtm:   %s\ntyped: %s", frames[0], frames[1], frames[2])
	}
}
