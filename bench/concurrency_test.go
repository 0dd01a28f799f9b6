package bench

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkConcurrentCallers: 1, 8, 64 and 512 goroutines calling
// SendEvent on one typed client (one connection) as fast as they can; one
// op is one call. It reports the throughput (calls/s) and the latency of a
// call as its caller sees it (p50-µs, p99-µs). The server answers each
// connection's requests in order, like the RTM API, so beyond a few callers
// the throughput is the server's and the latency grows with the queue: the
// curve is flat, not collapsing.
func BenchmarkConcurrentCallers(b *testing.B) {
	url := serverURL(b)
	for _, n := range []int{1, 8, 64, 512} {
		b.Run(fmt.Sprintf("callers=%d", n), func(b *testing.B) {
			c := dialTyped(b, url)
			req := newSendEventRequest()
			ctx := context.Background()
			lat := make([][]time.Duration, n)
			for i := range lat {
				lat[i] = make([]time.Duration, 0, b.N/n+1)
			}
			var next atomic.Int64
			var failed atomic.Value
			b.ReportAllocs()
			b.ResetTimer()
			start := time.Now()
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() {
					for next.Add(1) <= int64(b.N) {
						t0 := time.Now()
						if _, err := c.SendEvent(ctx, req); err != nil {
							failed.Store(err)
							return
						}
						lat[i] = append(lat[i], time.Since(t0))
					}
				})
			}
			wg.Wait()
			elapsed := time.Since(start)
			b.StopTimer()
			if err := failed.Load(); err != nil {
				b.Fatal(err)
			}
			all := slices.Concat(lat...)
			slices.Sort(all)
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "calls/s")
			b.ReportMetric(micros(percentile(all, 0.50)), "p50-µs")
			b.ReportMetric(micros(percentile(all, 0.99)), "p99-µs")
		})
	}
}

// percentile returns the p-th percentile (0 < p < 1) of sorted samples.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p * float64(len(sorted)))
	return sorted[min(i, len(sorted)-1)]
}

func micros(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 }
