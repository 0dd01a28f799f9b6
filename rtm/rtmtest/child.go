package rtmtest

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
)

// Child runs a Server in a child process: the test binary, started again by its TestMain. A
// benchmark then measures the client alone: the server's allocations, heap and goroutines are
// not counted, and it does not compete for the client's garbage collector.
//
//	var child = rtmtest.NewChild("MYBOT_CHILD_SERVER", newScriptedServer)
//
//	func TestMain(m *testing.M) { child.Main(m) }
//
//	func BenchmarkX(b *testing.B) {
//		url, err := child.URL() // the child starts on first use
//		...
//	}
//
// Setting the environment variable <env>_INPROCESS=1 runs the server in the test process
// instead (to profile both sides at once).
type Child struct {
	env       string
	newServer func() *Server

	once  sync.Once
	url   string
	err   error
	cmd   *exec.Cmd
	stdin io.WriteCloser
	local *Server
}

// NewChild returns a Child whose server newServer makes; env names the environment variable
// telling the test binary that it is the child.
func NewChild(env string, newServer func() *Server) *Child {
	return &Child{env: env, newServer: newServer}
}

// Main is the whole TestMain: in the child it serves until its standard input closes (when the
// parent stops it or dies); in the parent it runs the tests, stops the child and exits.
func (c *Child) Main(m *testing.M) {
	if c.ServeChild() {
		return
	}
	code := m.Run()
	c.Stop()
	os.Exit(code)
}

// ServeChild is the child's part of Main, for a TestMain that does more than Main (a check
// after the tests): in the child it serves until its standard input closes and returns true,
// and TestMain then returns at once; in the parent it returns false at once. The parent runs
// the tests, then calls Stop before its checks and exits:
//
//	func TestMain(m *testing.M) {
//		if child.ServeChild() {
//			return
//		}
//		code := m.Run()
//		child.Stop()
//		// checks after the tests
//		os.Exit(code)
//	}
func (c *Child) ServeChild() bool {
	if os.Getenv(c.env) != "1" {
		return false
	}
	srv := c.newServer()
	fmt.Println(srv.URL())
	_, _ = io.Copy(io.Discard, os.Stdin)
	srv.Close()
	return true
}

// URL returns the URL of the server, starting the child on first use.
func (c *Child) URL() (string, error) {
	c.once.Do(c.start)
	return c.url, c.err
}

func (c *Child) start() {
	if os.Getenv(c.env+"_INPROCESS") == "1" {
		c.local = c.newServer()
		c.url = c.local.URL()
		return
	}
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), c.env+"=1")
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		c.err = fmt.Errorf("rtmtest: child server: %w", err)
		return
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		c.err = fmt.Errorf("rtmtest: child server: %w", err)
		return
	}
	if err := cmd.Start(); err != nil {
		c.err = fmt.Errorf("rtmtest: child server: %w", err)
		return
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		c.err = errors.Join(errors.New("rtmtest: the child server printed no URL"), err)
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return
	}
	c.cmd, c.stdin, c.url = cmd, stdin, strings.TrimSpace(line)
}

// Stop ends the server, if it was started.
func (c *Child) Stop() {
	if c.local != nil {
		c.local.Close()
	}
	if c.cmd != nil {
		_ = c.stdin.Close()
		_ = c.cmd.Wait()
	}
}
