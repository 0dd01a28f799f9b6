package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/rtmkit/livechat-rtm/rtm/rtmtest"
)

// The benchmarks (and TestIdleConnectionFootprint) talk to an rtmtest
// server in a child process: this test binary, started again with
// childServerEnv=1. The allocations, heap and goroutines measured are then
// the client's only, and the server does not compete for the client's
// heap and garbage collector. BENCH_INPROCESS=1 runs the server in the
// process instead (e.g. to profile both sides at once).
const childServerEnv = "BENCH_CHILD_SERVER"

// TestMain serves as the child server when asked to, and otherwise runs the
// tests and benchmarks, then stops the child server if one was started.
func TestMain(m *testing.M) {
	if os.Getenv(childServerEnv) == "1" {
		runChildServer()
		return
	}
	code := m.Run()
	shared.stop()
	os.Exit(code)
}

// newBenchServer is the scripted server of the benchmarks. Each connection
// handles its requests in order on its reader goroutine (like one RTM
// connection), without recording them.
func newBenchServer() *rtmtest.Server {
	srv := rtmtest.NewServer(rtmtest.WithoutRecording(), rtmtest.WithSerialHandling())
	srv.Handle("send_event", func(context.Context, *rtmtest.Request) (any, error) {
		return sendEventResponse, nil
	})
	srv.Handle("login", func(context.Context, *rtmtest.Request) (any, error) {
		return loginResponse, nil
	})
	// push_burst {"n": N} writes N incoming_event pushes, then answers:
	// when the client has the response, it has read every push.
	srv.Handle("push_burst", func(ctx context.Context, r *rtmtest.Request) (any, error) {
		var p struct{ N int }
		if err := json.Unmarshal(r.Payload, &p); err != nil {
			return nil, err
		}
		sc := rtmtest.ConnFromContext(ctx)
		for range p.N {
			if err := sc.WriteText(incomingEventFrame); err != nil {
				return nil, err
			}
		}
		return nil, nil
	})
	return srv
}

// runChildServer serves until stdin closes (the parent ended or closed it).
func runChildServer() {
	srv := newBenchServer()
	fmt.Println(srv.URL())
	_, _ = io.Copy(io.Discard, os.Stdin)
	srv.Close()
}

// shared is the server of the benchmarks, started on first use and
// stopped by TestMain.
var shared childServer

type childServer struct {
	once  sync.Once
	url   string
	err   error
	cmd   *exec.Cmd
	stdin io.WriteCloser
	local *rtmtest.Server
}

// serverURL returns the URL of the shared server, starting it if needed.
func serverURL(tb testing.TB) string {
	tb.Helper()
	s := &shared
	s.once.Do(s.start)
	if s.err != nil {
		tb.Fatal(s.err)
	}
	return s.url
}

func (s *childServer) start() {
	if os.Getenv("BENCH_INPROCESS") == "1" {
		s.local = newBenchServer()
		s.url = s.local.URL()
		return
	}
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), childServerEnv+"=1")
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		s.err = err
		return
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		s.err = err
		return
	}
	if err := cmd.Start(); err != nil {
		s.err = err
		return
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		s.err = fmt.Errorf("child server: %w", err)
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return
	}
	s.cmd, s.stdin, s.url = cmd, stdin, strings.TrimSpace(line)
}

// stop ends the server, if it was started.
func (s *childServer) stop() {
	if s.local != nil {
		s.local.Close()
	}
	if s.cmd != nil {
		_ = s.stdin.Close()
		_ = s.cmd.Wait()
	}
}
