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
// Close. By default handlers run one at a time, in the order the pushes
// arrived, on the Conn's dispatch goroutine (see WithConcurrentHandlers for
// more at once). A handler may call Call, and Close (which does not wait
// for it).
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
// Registering after Close does nothing (remove is then a no-op): the Conn
// delivers no more pushes.
func (c *Conn) Handle(action string, h PushHandler) (remove func()) {
	if c.ctx.Err() != nil {
		return func() {}
	}
	return c.handlers.add(action, false, h)
}

// HandleUnknown registers a catch-all handler for pushes that have no
// handler of their own (for example pushes added by a newer API version).
// After Close it does nothing, as Handle.
func (c *Conn) HandleUnknown(h PushHandler) (remove func()) {
	if c.ctx.Err() != nil {
		return func() {}
	}
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
// the goroutines that run them (and the lifecycle function). Its fields are
// guarded by mu, except the channels, which are set by init.
//
// A push counts against the bounds (count and bytes) from enqueue until its
// delivery starts, wherever it waits meanwhile: in queue, or, with
// concurrent handlers, in the backlog of its chat's lane.
type dispatcher struct {
	mu       sync.Mutex
	queue    []Push // FIFO from head
	head     int
	waiting  int   // pushes enqueued whose delivery has not started
	bytes    int64 // their payload bytes
	events   []LifecycleEvent
	max      int
	maxBytes int64
	stopped  bool
	lanes    map[string]*lane // concurrent mode: the chats with a running worker
	wake     chan struct{}    // capacity 1: "there is work"
	stop     chan struct{}    // closed by stopNow
	slots    chan struct{}    // concurrent mode: one per running worker
}

// lane is the pushes of one chat waiting behind its running worker.
type lane struct {
	backlog []Push
}

func (d *dispatcher) init(max int, maxBytes int64, concurrency int) {
	d.max, d.maxBytes = max, maxBytes
	d.wake = make(chan struct{}, 1)
	d.stop = make(chan struct{})
	if concurrency > 1 {
		d.slots = make(chan struct{}, concurrency)
		d.lanes = map[string]*lane{}
	}
}

func (d *dispatcher) signal() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// enqueue adds p unless the queue is full (by count or by bytes); it never
// blocks. A push larger than the byte bound is accepted when nothing waits.
func (d *dispatcher) enqueue(p Push) bool {
	n := int64(len(p.Payload))
	d.mu.Lock()
	if d.stopped || d.waiting >= d.max || (d.waiting > 0 && d.bytes+n > d.maxBytes) {
		d.mu.Unlock()
		return false
	}
	d.queue = append(d.queue, p)
	d.waiting++
	d.bytes += n
	d.mu.Unlock()
	d.signal()
	return true
}

// pop takes the oldest queued push (mu held).
func (d *dispatcher) popLocked() (Push, bool) {
	if d.head == len(d.queue) {
		return Push{}, false
	}
	p := d.queue[d.head]
	d.queue[d.head] = Push{}
	d.head++
	if d.head == len(d.queue) {
		d.head = 0
		d.queue = d.queue[:0]
		if cap(d.queue) > 256 {
			d.queue = nil // do not keep a burst's memory
		}
	}
	return p, true
}

// stopNow makes the dispatcher deliver the pending lifecycle events and
// return, without waiting for it (it may be running a handler that called
// Close). The workers stop before their next push.
func (d *dispatcher) stopNow() {
	d.mu.Lock()
	if !d.stopped {
		d.stopped = true
		close(d.stop)
	}
	d.mu.Unlock()
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
func (c *Conn) handlePush(s *session, f *frame, size int) {
	c.stats.pushes.Add(1)
	if c.cfg.disconnect != nil && string(f.action) == c.cfg.disconnect.Push {
		c.noteDisconnect(s, f.payload)
	}
	action, ok := c.handlers.handled(f.action)
	if !ok && c.pushChain != nil { // the push interceptors see every push
		action, ok = string(f.action), true
	}
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
				"request_id", p.RequestID, "bytes", size, "queue", c.cfg.pushQueueSize,
				"queue_bytes", c.cfg.pushQueueBytes, "dropped_total", dropped)
		}
		return
	}
	if c.overflowing {
		c.overflowing = false
		c.log.Warn("rtm: push queue accepting again", "dropped_total", c.stats.pushesDropped.Load())
	}
}

// begin accounts for the start of p's delivery: it no longer waits.
func (c *Conn) begin(p *Push) {
	d := &c.disp
	d.mu.Lock()
	d.waiting--
	d.bytes -= int64(len(p.Payload))
	d.mu.Unlock()
	c.stats.queued.Add(-1)
}

// dispatchLoop runs the lifecycle functions and, one at a time, the
// handlers, or, with concurrent handlers, hands the pushes to the lanes of
// their chats. A handler that calls runtime.Goexit ends the goroutine it
// runs on: the loop then goes on in a new one.
func (c *Conn) dispatchLoop() {
	d := &c.disp
	returned := false
	defer func() {
		if !returned {
			c.goUser(c.dispatchLoop)
		}
		c.userDone()
	}()
	var events []LifecycleEvent
	for {
		d.mu.Lock()
		events, d.events = d.events, events[:0]
		p, ok := d.popLocked()
		stopping := d.stopped
		d.mu.Unlock()

		for _, e := range events {
			c.runLifecycle(e)
		}
		clear(events)
		if ok && c.ctx.Err() == nil {
			if d.slots == nil {
				c.begin(&p)
				c.deliver(p)
			} else {
				c.toLane(p)
			}
			continue
		}
		if stopping {
			d.mu.Lock()
			idle := len(d.events) == 0
			d.mu.Unlock()
			if idle {
				returned = true
				return
			}
			continue
		}
		if ok {
			c.begin(&p) // closed: drop it
			continue
		}
		select {
		case <-d.wake:
		case <-d.stop:
		}
	}
}

// laneKey is the chat a push belongs to: the payload's chat_id, or its
// chat.id (incoming_chat), or "" (one lane for the pushes of no chat).
func laneKey(payload json.RawMessage) string {
	var k struct {
		ChatID string `json:"chat_id"`
		Chat   *struct {
			ID string `json:"id"`
		} `json:"chat"`
	}
	if len(payload) == 0 || payload[0] != '{' || json.Unmarshal(payload, &k) != nil {
		return ""
	}
	if k.ChatID == "" && k.Chat != nil {
		return k.Chat.ID
	}
	return k.ChatID
}

// toLane gives p to the worker of its chat, or starts one (waiting for a
// free slot, or for Close).
func (c *Conn) toLane(p Push) {
	d := &c.disp
	key := laneKey(p.Payload)
	d.mu.Lock()
	if l := d.lanes[key]; l != nil {
		l.backlog = append(l.backlog, p)
		d.mu.Unlock()
		return
	}
	d.lanes[key] = &lane{}
	d.mu.Unlock()
	select {
	case d.slots <- struct{}{}:
	case <-c.ctx.Done():
		d.mu.Lock()
		delete(d.lanes, key)
		d.mu.Unlock()
		return
	}
	c.goUser(func() { c.runLane(key, &p) })
}

// runLane delivers first (if not nil), then the backlog of its chat, in
// order, and frees its slot. If a handler calls runtime.Goexit, a new
// goroutine carries on with the rest of the lane.
func (c *Conn) runLane(key string, first *Push) {
	d := &c.disp
	returned := false
	defer func() {
		if !returned {
			c.goUser(func() { c.runLane(key, nil) })
		}
		c.userDone()
	}()
	p := first
	for {
		if p != nil {
			c.begin(p)
			c.deliver(*p)
		}
		d.mu.Lock()
		l := d.lanes[key]
		if len(l.backlog) == 0 || c.ctx.Err() != nil {
			delete(d.lanes, key)
			d.mu.Unlock()
			break
		}
		next := l.backlog[0]
		l.backlog[0] = Push{}
		l.backlog = l.backlog[1:]
		d.mu.Unlock()
		p = &next
	}
	<-d.slots
	returned = true
}

// deliver runs one push through the push interceptors and its handlers.
func (c *Conn) deliver(p Push) {
	if c.pushChain != nil {
		c.userCode("push interceptor", p.Action, func() { c.pushChain(c.ctx, p) })
		return
	}
	c.deliverHandlers(c.ctx, p)
}

// deliverHandlers runs the handlers of one push (the innermost PushHandler
// of the interceptor chain).
func (c *Conn) deliverHandlers(ctx context.Context, p Push) {
	hs := c.handlers.lookup(p.Action)
	if len(hs) == 0 {
		c.stats.pushesUnhandled.Add(1) // none registered, or removed meanwhile
		return
	}
	for _, h := range hs {
		c.userCode("push handler", p.Action, func() { h.fn(ctx, p) })
	}
}

func (c *Conn) runLifecycle(e LifecycleEvent) {
	c.userCode("lifecycle function", e.Kind.String(), func() { c.cfg.lifecycle(e) })
}

// userCode runs fn, a user function, with panics recovered, counted and
// logged. A runtime.Goexit (what t.Fatal does) cannot be stopped: it is
// counted and logged, and the caller's goroutine ends (the dispatcher and
// the workers then carry on in a new goroutine).
func (c *Conn) userCode(what, name string, fn func()) {
	returned := false
	defer func() {
		if returned {
			return
		}
		c.stats.panics.Add(1)
		if r := recover(); r != nil {
			c.log.Error("rtm: "+what+" panicked", "name", name, "panic", r)
		} else {
			c.log.Error("rtm: "+what+" called runtime.Goexit", "name", name)
		}
	}()
	fn()
	returned = true
}

// goUser starts fn, which runs user code, on a goroutine that Stopped
// waits for and Close does not.
func (c *Conn) goUser(fn func()) {
	c.running.Add(1)
	go fn()
}

// userDone is called by each goroutine started by goUser as it ends, and
// once by Close.
func (c *Conn) userDone() {
	if c.running.Add(-1) == 0 {
		close(c.stopped)
	}
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
