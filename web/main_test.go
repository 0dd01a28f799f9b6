package web_test

import (
	"testing"

	"github.com/rtmkit/livechat-rtm/internal/leakcheck"
)

// TestMain fails the run if goroutines outlive the tests (a body left open, a retry timer,
// an upload still reading).
func TestMain(m *testing.M) { leakcheck.Main(m, nil) }
