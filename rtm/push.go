package rtm

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
)

// Push is a message the server sent on its own: a frame of type "push".
type Push struct {
	Action    string          // the push name, e.g. "incoming_event"
	RequestID string          // set when the push concerns a request of this connection
	Version   string          // the frame's "version", when it has one
	Payload   json.RawMessage // the raw payload; shared by all handlers of the push, and by the strings of its typed form: never modify it
}

// PushHandler handles pushes. ctx is the Conn's lifetime: it is canceled by
// Close. Handlers run one at a time, in the order the pushes arrived, on the
// Conn's dispatch goroutine; a handler may call Call.
type PushHandler func(ctx context.Context, p Push)

type handlerEntry struct {
	id     uint64
	fn     PushHandler
	action string // the action it was registered for ("" for catch-all): a push's Action reuses it
}

// handlerSet is an immutable snapshot of the registered handlers.
type handlerSet struct {
	byAction map[string][]handlerEntry
	catchAll []handlerEntry
}

// handlerTable is copy-on-write: registration is rare, lookup is per push.
type handlerTable struct {
	mu   sync.Mutex
	next uint64
	set  atomic.Pointer[handlerSet]
}

// Handle registers h for the pushes named action. Several handlers may be
// registered for one action; they run in registration order. Pushes with
// no handler go to the HandleUnknown handlers, or are dropped and counted
// (Stats.PushesUnhandled). remove unregisters h; calling it again does
// nothing.
func (c *Conn) Handle(action string, h PushHandler) (remove func()) {
	return c.handlers.add(action, false, h)
}

// HandleUnknown registers a catch-all handler for pushes that have no
// handler of their own (for example pushes added by a newer API version).
func (c *Conn) HandleUnknown(h PushHandler) (remove func()) {
	return c.handlers.add("", true, h)
}

func (t *handlerTable) add(action string, catchAll bool, h PushHandler) func() {
	if h == nil {
		return func() {}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.next++
	e := handlerEntry{id: t.next, fn: h, action: action}
	n := t.cloneLocked()
	if catchAll {
		n.catchAll = append(n.catchAll, e)
	} else {
		n.byAction[action] = append(n.byAction[action], e)
	}
	t.set.Store(n)
	var once sync.Once
	return func() { once.Do(func() { t.remove(e.id) }) }
}

func (t *handlerTable) remove(id uint64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := t.cloneLocked()
	match := func(e handlerEntry) bool { return e.id == id }
	n.catchAll = slices.DeleteFunc(n.catchAll, match)
	for a, hs := range n.byAction {
		if hs = slices.DeleteFunc(hs, match); len(hs) == 0 {
			delete(n.byAction, a)
		} else {
			n.byAction[a] = hs
		}
	}
	t.set.Store(n)
}

// cloneLocked copies the current set (slices included) for modification.
func (t *handlerTable) cloneLocked() *handlerSet {
	n := &handlerSet{byAction: map[string][]handlerEntry{}}
	if old := t.set.Load(); old != nil {
		for a, hs := range old.byAction {
			n.byAction[a] = slices.Clone(hs)
		}
		n.catchAll = slices.Clone(old.catchAll)
	}
	return n
}

// lookup returns the handlers a push named action goes to.
func (t *handlerTable) lookup(action string) []handlerEntry {
	s := t.set.Load()
	if s == nil {
		return nil
	}
	if hs := s.byAction[action]; len(hs) > 0 {
		return hs
	}
	return s.catchAll
}

// handled reports whether a push named action has somewhere to go, and the
// action as a string: the one its handlers were registered with, so that a
// handled push does not allocate its name.
func (t *handlerTable) handled(action []byte) (string, bool) {
	s := t.set.Load()
	if s == nil {
		return "", false
	}
	if hs := s.byAction[string(action)]; len(hs) > 0 {
		return hs[0].action, true
	}
	if len(s.catchAll) > 0 {
		return string(action), true
	}
	return "", false
}

// dispatcher is the bounded queue between the reader and the handlers, and
// the goroutine that runs them (and the lifecycle function).
type dispatcher struct {
	mu      sync.Mutex
	queue   []Push
	events  []LifecycleEvent
	max     int
	stopped bool
	wake    chan struct{} // capacity 1: "there is work"
	stop    chan struct{} // closed by stopAndWait
	done    chan struct{} // closed when the goroutine returns
	gid     atomic.Uint64 // the goroutine's id (see goid)
}

func (d *dispatcher) init(max int) {
	d.max = max
	d.wake = make(chan struct{}, 1)
	d.stop = make(chan struct{})
	d.done = make(chan struct{})
}

func (d *dispatcher) signal() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// enqueue adds p unless the queue is full; it never blocks.
func (d *dispatcher) enqueue(p Push) bool {
	d.mu.Lock()
	if d.stopped || len(d.queue) >= d.max {
		d.mu.Unlock()
		return false
	}
	d.queue = append(d.queue, p)
	d.mu.Unlock()
	d.signal()
	return true
}

// stopAndWait makes the goroutine deliver the pending lifecycle events and
// return, and waits for it, unless called from it (a handler closing its
// Conn): then it returns at once, and the goroutine ends when the handler
// returns.
func (d *dispatcher) stopAndWait() {
	d.mu.Lock()
	if !d.stopped {
		d.stopped = true
		close(d.stop)
	}
	d.mu.Unlock()
	if id := d.gid.Load(); id == 0 || id != goid() {
		<-d.done
	}
}

// post queues a lifecycle event for the lifecycle function.
func (c *Conn) post(e LifecycleEvent) {
	if c.cfg.lifecycle == nil {
		return
	}
	d := &c.disp
	d.mu.Lock()
	if d.stopped && e.Kind != EventClosed {
		d.mu.Unlock()
		return
	}
	d.events = append(d.events, e)
	d.mu.Unlock()
	d.signal()
}

// handlePush queues a push for its handlers (reader goroutine).
func (c *Conn) handlePush(f *frame, size int) {
	c.stats.pushes.Add(1)
	action, ok := c.handlers.handled(f.action)
	if !ok {
		c.stats.pushesUnhandled.Add(1)
		if c.log.Enabled(context.Background(), slog.LevelDebug) {
			c.log.Debug("rtm: push without handler dropped", "action", clip(f.action), "bytes", size)
		}
		return
	}
	p := Push{Action: action, RequestID: string(f.requestID), Version: string(f.version)}
	if f.payload != nil {
		p.Payload = append(json.RawMessage(nil), f.payload...)
	}
	c.stats.queued.Add(1) // before the dispatcher can take it
	if !c.disp.enqueue(p) {
		c.stats.queued.Add(-1)
		dropped := c.stats.pushesDropped.Add(1)
		if !c.overflowing { // one line per overflow, not one per push
			c.overflowing = true
			c.log.Warn("rtm: push queue full, dropping pushes until handlers catch up", "action", p.Action,
				"request_id", p.RequestID, "bytes", size, "queue", c.cfg.pushQueueSize, "dropped_total", dropped)
		}
		return
	}
	if c.overflowing {
		c.overflowing = false
		c.log.Warn("rtm: push queue accepting again", "dropped_total", c.stats.pushesDropped.Load())
	}
}

// dispatchLoop runs handlers and lifecycle functions, one at a time.
func (c *Conn) dispatchLoop() {
	d := &c.disp
	defer close(d.done)
	d.gid.Store(goid())
	var pushes []Push
	var events []LifecycleEvent
	for {
		select {
		case <-d.wake:
		case <-d.stop:
		}
		d.mu.Lock()
		pushes, d.queue = d.queue, pushes[:0]
		events, d.events = d.events, events[:0]
		stopping := d.stopped
		d.mu.Unlock()

		c.stats.queued.Add(-int64(len(pushes)))
		for _, e := range events {
			c.runLifecycle(e)
		}
		for _, p := range pushes {
			if c.ctx.Err() != nil {
				break // closed: the rest is dropped
			}
			c.deliver(p)
		}
		n := len(pushes)
		clear(pushes)
		clear(events)
		if cap(pushes) > 256 && n < cap(pushes)/4 {
			pushes = nil // the burst is over: do not keep its memory (but keep it while bursts last)
		}
		if stopping {
			d.mu.Lock()
			idle := len(d.events) == 0
			d.mu.Unlock()
			if idle {
				return
			}
		}
	}
}

// deliver runs the handlers of one push.
func (c *Conn) deliver(p Push) {
	hs := c.handlers.lookup(p.Action)
	if len(hs) == 0 {
		c.stats.pushesUnhandled.Add(1) // its handler was removed meanwhile
		return
	}
	for _, h := range hs {
		c.userCode("push handler", p.Action, func() { h.fn(c.ctx, p) })
	}
}

func (c *Conn) runLifecycle(e LifecycleEvent) {
	c.userCode("lifecycle function", e.Kind.String(), func() { c.cfg.lifecycle(e) })
}

// userCode runs fn, a user function, on the dispatch goroutine, with panics
// recovered, counted and logged.
func (c *Conn) userCode(what, name string, fn func()) {
	defer func() {
		if r := recover(); r != nil {
			c.stats.panics.Add(1)
			c.log.Error("rtm: "+what+" panicked", "name", name, "panic", r)
		}
	}()
	fn()
}

// PushError reports that push p could not be decoded into its typed form
// (generated code calls it): it is logged at Warn (action, request id and
// size, never the payload), counted in Stats.PushErrors and passed to the
// WithPushErrorHandler function, wrapped in ErrDecode.
func (c *Conn) PushError(p Push, err error) {
	if !errors.Is(err, ErrDecode) {
		err = &kindError{kind: ErrDecode, msg: "cannot decode push payload", cause: err}
	}
	c.stats.pushErrors.Add(1)
	c.log.Warn("rtm: push could not be decoded", "action", p.Action,
		"request_id", p.RequestID, "bytes", len(p.Payload), "err", err)
	if h := c.cfg.pushErrorHandler; h != nil {
		h(p, err)
	}
}
