// Package leakcheck is the goroutine-leak check that the test binaries of rtm, rtmtest and
// web run once after all their tests (coder/websocket's TestMain does the same), so that
// their tests may call t.Parallel: a per-test check counts the whole process's goroutines and
// cannot tell a parallel test's from a leaked one.
package leakcheck

import (
	"fmt"
	"os"
	"runtime"
	"testing"
	"time"
)

// Main is a whole TestMain: it runs the tests, then after (when not nil: stopping what the
// tests shared, such as a child process), and fails the run when, within five seconds, the
// goroutines do not fall back to as many as ran before the tests, printing every goroutine's
// stack. A failed run is not checked. It exits with the run's code.
func Main(m *testing.M, after func()) {
	before := runtime.NumGoroutine()
	code := m.Run()
	if after != nil {
		after()
	}
	if code == 0 {
		code = check(before)
	}
	os.Exit(code)
}

// check waits up to five seconds for the goroutine count to fall back to before; if it does
// not, it prints the stacks and returns 1.
func check(before int) int {
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		fmt.Fprintf(os.Stderr, "goroutine leak: %d goroutines before the tests, %d after:\n%s", before, n, buf)
		return 1
	}
	return 0
}
