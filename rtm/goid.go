package rtm

import (
	"bytes"
	"runtime"
	"strconv"
)

// goid returns the id of the calling goroutine, or 0 if it cannot tell.
//
// Close uses it for one thing: to know whether it is called from one of the
// Conn's own goroutines (a push handler, the lifecycle function or the
// reconnect hook), which it must not wait for, lest it wait for itself. Any
// other caller waits for every goroutine to end. It parses the first line of
// runtime.Stack ("goroutine 123 [running]:"), whose format has not changed
// since Go 1.0; it is called only when a goroutine starts and in Close.
func goid() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b, ok := bytes.CutPrefix(b, []byte("goroutine "))
	if !ok {
		return 0
	}
	if i := bytes.IndexByte(b, ' '); i > 0 {
		b = b[:i]
	}
	id, err := strconv.ParseUint(string(b), 10, 64)
	if err != nil {
		return 0
	}
	return id
}
