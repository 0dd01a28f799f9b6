package main

import (
	"strings"
	"testing"
)

const sample = `goos: linux
goarch: amd64
pkg: github.com/rtmkit/livechat-rtm/bench
cpu: AMD EPYC
BenchmarkRoundTrip/raw-2   	   10000	     60000 ns/op	       0 B/op	       0 allocs/op
BenchmarkRoundTrip/raw-2   	   10000	     50000 ns/op	       0 B/op	       0 allocs/op
BenchmarkRoundTrip/raw-2   	   10000	     90000 ns/op	       0 B/op	       0 allocs/op
BenchmarkRoundTripRatio    	    5000	    183728 ns/op	     52993 raw-ns	         1.244 rtm/raw	     209 B/op	       5 allocs/op
BenchmarkRoundTripRatio-2  	    5000	    183728 ns/op	     52993 raw-ns	         1.2 rtm/raw	     209 B/op	       5 allocs/op
BenchmarkUnhandledPushes-2 	       1	6260000000 ns/op	         0.000719 allocs/push	   52360 B/op	     722 allocs/op
    push_test.go:12: a log line starting with Benchmark is not a result
PASS
ok  	github.com/rtmkit/livechat-rtm/bench	10s
pkg: github.com/rtmkit/livechat-rtm/cmd/gen
BenchmarkCheck-2 	       4	 319300000 ns/op	109645170 B/op	 2284593 allocs/op
`

func TestTable(t *testing.T) {
	res, err := parse(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	if res.failed {
		t.Error("a passing run reported as failed")
	}
	var b strings.Builder
	render(&b, res)
	got := b.String()
	for _, want := range []string{
		"cpu: AMD EPYC\n",
		"each number is the median of up to 3 runs",
		"| bench: RoundTrip/raw (GOMAXPROCS=2) | 60.0 µs | 0 | 0 |  |",
		"| bench: RoundTripRatio (GOMAXPROCS=1) | 183.7 µs | 209 | 5 | raw-ns 52,993, rtm/raw 1.24 |",
		"| bench: RoundTripRatio (GOMAXPROCS=2) | 183.7 µs | 209 | 5 | raw-ns 52,993, rtm/raw 1.20 |",
		"| bench: UnhandledPushes (GOMAXPROCS=2) | 6.26 s | 52,360 | 722 | allocs/push 0.000719 |",
		"| gen: Check (GOMAXPROCS=2) | 319.3 ms | 109,645,170 | 2,284,593 |  |",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the table lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "log line") {
		t.Errorf("a log line became a row:\n%s", got)
	}
}

func TestFailure(t *testing.T) {
	res, err := parse(strings.NewReader("BenchmarkX-2 1 5 ns/op\n--- FAIL: BenchmarkY\nFAIL\n"))
	if err != nil || !res.failed {
		t.Errorf("failed = %v, err = %v", res.failed, err)
	}
}
