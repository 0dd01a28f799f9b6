package rtm_test

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

// The benchmarks run against an rtmtest server in a child process (this
// test binary, started with benchServerEnv=1), so that allocs/op and B/op
// count the client only and the server does not compete for its heap. Set
// RTM_BENCH_INPROCESS=1 to run the server in the benchmark's process instead.
const benchServerEnv = "RTM_BENCH_SERVER"

func TestMain(m *testing.M) {
	if os.Getenv(benchServerEnv) == "1" {
		runBenchServer()
		return
	}
	code := m.Run()
	benchServer.stop()
	os.Exit(code)
}

// Frames of the benchmarks: a typical send_event response and
// incoming_event push.
var (
	benchResponse = json.RawMessage(`{"event_id":"K600PKZON8_1"}`)
	benchPush     = []byte(`{"action":"incoming_event","type":"push","payload":{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","event":{"id":"K600PKZON8_2","created_at":"2026-11-21T10:00:00.000000Z","type":"message","text":"Hello, how can I help you?","author_id":"b7eff798-f8df-4364-8059-649c35c9ed0c","visibility":"all"}}}`)
)

// newBenchServer scripts the server of the benchmarks.
func newBenchServer() *rtmtest.Server {
	srv := rtmtest.NewServer(rtmtest.WithoutRecording(), rtmtest.WithSerialHandling())
	srv.Handle("send_event", func(context.Context, *rtmtest.Request) (any, error) { return benchResponse, nil })
	srv.Handle("push_burst", func(ctx context.Context, r *rtmtest.Request) (any, error) {
		var p struct{ N int }
		if err := json.Unmarshal(r.Payload, &p); err != nil {
			return nil, err
		}
		sc := rtmtest.ConnFromContext(ctx)
		for range p.N {
			if err := sc.WriteText(benchPush); err != nil {
				return nil, err
			}
		}
		return nil, nil
	})
	return srv
}

// runBenchServer is the child process: it serves until its stdin closes.
func runBenchServer() {
	srv := newBenchServer()
	fmt.Println(srv.URL())
	_, _ = io.Copy(io.Discard, os.Stdin)
	srv.Close()
}

// benchServer is the shared server of the benchmarks, started on first use.
var benchServer benchServerState

type benchServerState struct {
	once  sync.Once
	url   string
	err   error
	cmd   *exec.Cmd
	stdin io.WriteCloser
	local *rtmtest.Server
}

func benchServerURL(b *testing.B) string {
	b.Helper()
	s := &benchServer
	s.once.Do(s.start)
	if s.err != nil {
		b.Fatal(s.err)
	}
	return s.url
}

func (s *benchServerState) start() {
	if os.Getenv("RTM_BENCH_INPROCESS") == "1" {
		s.local = newBenchServer()
		s.url = s.local.URL()
		return
	}
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), benchServerEnv+"=1")
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
		s.err = fmt.Errorf("bench server: %w", err)
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return
	}
	s.cmd, s.stdin, s.url = cmd, stdin, strings.TrimSpace(line)
}

// stop ends the server, if it was started.
func (s *benchServerState) stop() {
	if s.local != nil {
		s.local.Close()
	}
	if s.cmd != nil {
		_ = s.stdin.Close()
		_ = s.cmd.Wait()
	}
}
