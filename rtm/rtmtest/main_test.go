package rtmtest_test

import (
	"testing"

	"github.com/rtmkit/livechat-rtm/internal/leakcheck"
)

// TestMain fails the run if goroutines outlive the tests (a connection's reader or handler, a
// listener left open). Checking once, after all tests, lets the tests run in parallel; only
// TestServerClose, which asserts on goroutines itself, stays sequential.
func TestMain(m *testing.M) { leakcheck.Main(m, nil) }
