package rtm

import "context"

// Call is one call as interceptors see it: Conn.Call's arguments, its
// options resolved.
type Call struct {
	Action     string // e.g. "send_event"
	Payload    any    // as given to Conn.Call; an interceptor may replace it
	Result     any    // as given to Conn.Call; decoded into on success
	AuthorID   string // from WithAuthorID; an interceptor may set it
	Idempotent bool   // from Idempotent: the call may be repeated after a timeout or a lost connection

	// RequestID is the request_id of the last attempt ("" before the first
	// was sent); after next returns, it names the request the outcome
	// belongs to.
	RequestID string
}

// CallFunc performs a call. The innermost one takes a fresh request_id per
// invocation, so an interceptor may call next more than once (a retry).
type CallFunc func(ctx context.Context, call *Call) error

// Interceptor wraps the calls and the push deliveries of a Conn, for
// logging, metrics, tracing or retries. Dial composes the chains once; the
// first interceptor given is the outermost:
//
//	WithInterceptors(A, B) -> A(B(call))
//
// and repeated WithInterceptors options append. The hooks' calls go
// through the chain; the keepalive ping bypasses it. Interceptors derive
// their context from the one they get and never replace it (the hooks'
// calls are routed by a value of that context).
type Interceptor interface {
	// WrapCall wraps next; the result must be safe for concurrent use.
	WrapCall(next CallFunc) CallFunc
	// WrapPush wraps next, which runs every handler of one push: an
	// interceptor sees each push once and may drop it by not calling next.
	// It runs where the handlers run (see WithConcurrentHandlers).
	WrapPush(next PushHandler) PushHandler
}

// CallInterceptorFunc is an Interceptor of calls only (its WrapPush returns
// next).
type CallInterceptorFunc func(next CallFunc) CallFunc

// WrapCall implements Interceptor.
func (f CallInterceptorFunc) WrapCall(next CallFunc) CallFunc { return f(next) }

// WrapPush implements Interceptor: it returns next.
func (f CallInterceptorFunc) WrapPush(next PushHandler) PushHandler { return next }

// PushInterceptorFunc is an Interceptor of pushes only (its WrapCall returns
// next).
type PushInterceptorFunc func(next PushHandler) PushHandler

// WrapCall implements Interceptor: it returns next.
func (f PushInterceptorFunc) WrapCall(next CallFunc) CallFunc { return next }

// WrapPush implements Interceptor.
func (f PushInterceptorFunc) WrapPush(next PushHandler) PushHandler { return f(next) }

// WithInterceptors adds interceptors; repeatable, the first is the
// outermost. A nil interceptor is an error at Dial. With a push interceptor,
// pushes without a handler are delivered to the chain too (its next then
// counts them in Stats.PushesUnhandled), so that the interceptor sees every
// push.
func WithInterceptors(interceptors ...Interceptor) Option {
	return connOption(func(c *config) {
		for i, in := range interceptors {
			if in == nil {
				c.problem("WithInterceptors: interceptor %d is nil", i+1)
				continue
			}
			c.interceptors = append(c.interceptors, in)
		}
	})
}

// buildChains composes the interceptors around the innermost functions,
// once, at Dial. A chain is nil when no interceptor wraps it, so that a Conn
// without interceptors takes the direct path.
func (c *Conn) buildChains() {
	var calls []Interceptor
	if c.cfg.retry != nil {
		// Retries are innermost: every interceptor sees one call, however
		// many attempts it took.
		calls = append(calls, retryInterceptor{c})
	}
	all := append(append([]Interceptor(nil), c.cfg.interceptors...), calls...)
	if len(all) > 0 {
		fn := CallFunc(c.callInner)
		for i := len(all) - 1; i >= 0; i-- {
			fn = all[i].WrapCall(fn)
		}
		c.callChain = fn
	}
	if len(c.cfg.interceptors) > 0 {
		fn := PushHandler(c.deliverHandlers)
		for i := len(c.cfg.interceptors) - 1; i >= 0; i-- {
			fn = c.cfg.interceptors[i].WrapPush(fn)
		}
		c.pushChain = fn
	}
}
