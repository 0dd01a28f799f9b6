package rtm

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"
)

// RetryPolicy says how calls are retried (WithRetry). Attempt n+1 waits
// min(MaxDelay, MinDelay*Multiplier^(n-1)), minus a random fraction of up to
// Jitter of it; the wait is bounded by the call's context. Zero means
// "default" in every field.
//
// A call is retried only after an error that means the server did not
// execute it and asks to try later: an *Error of type too_many_requests,
// pending_requests_limit_reached or service_unavailable ("New requests are
// temporarily not being accepted"), per the error catalogue. A call marked
// Idempotent is also retried after the errors after which it may have run:
// internal, request_timeout, the default call timeout (not the context's
// own deadline), and a lost connection. Nothing else is retried: not a
// canceled or expired context, not ErrClosed, not a fatal error.
type RetryPolicy struct {
	MaxAttempts int           // attempts in all, the first included; default 3
	MinDelay    time.Duration // wait before the second attempt; default 200 ms
	MaxDelay    time.Duration // cap of the wait; default 5 s
	Multiplier  float64       // growth per attempt; default 2
	Jitter      float64       // random fraction taken off each wait, 0..1; default 0.5, NoJitter for none
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 3
	}
	if p.MinDelay <= 0 {
		p.MinDelay = 200 * time.Millisecond
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = 5 * time.Second
	}
	if p.MaxDelay < p.MinDelay {
		p.MaxDelay = p.MinDelay
	}
	if p.Multiplier < 1 {
		p.Multiplier = 2
	}
	p.Jitter = jitterDefault(p.Jitter)
	return p
}

// WithRetry turns on retries of calls following p (default: none). Retries
// run inside the interceptors: an interceptor sees one call, however many
// attempts it took; each attempt has its own request_id.
func WithRetry(p RetryPolicy) Option {
	return connOption(func(c *config) { c.retry = &p })
}

// notExecuted reports whether an error type means "not executed, try later".
func notExecuted(t string) bool {
	switch t {
	case ErrorTypeTooManyRequests, ErrorTypePendingRequestsLimitReached, ErrorTypeServiceUnavailable:
		return true
	}
	return false
}

// retryable reports whether call may be attempted again after err.
func retryable(ctx context.Context, call *Call, err error) bool {
	if err == nil || ctx.Err() != nil || IsClosed(err) || IsCanceled(err) || IsFatal(err) {
		return false
	}
	if t := ErrorType(err); t != "" {
		if notExecuted(t) {
			return true
		}
		return call.Idempotent && (t == ErrorTypeInternal || t == ErrorTypeRequestTimeout)
	}
	if !call.Idempotent {
		return false
	}
	return errors.Is(err, ErrConnectionLost) || errors.Is(err, context.DeadlineExceeded)
}

// retryInterceptor is the innermost interceptor when WithRetry is set.
type retryInterceptor struct{ c *Conn }

func (r retryInterceptor) WrapPush(next PushHandler) PushHandler { return next }

func (r retryInterceptor) WrapCall(next CallFunc) CallFunc {
	p := r.c.cfg.retry
	return func(ctx context.Context, call *Call) error {
		for n := 1; ; n++ {
			err := next(ctx, call)
			if n >= p.MaxAttempts || !retryable(ctx, call, err) {
				return err
			}
			d := backoff(p.MinDelay, p.MaxDelay, p.Multiplier, p.Jitter, n, rand.Float64())
			r.c.log.Debug("rtm: retrying call", "action", call.Action, "request_id", call.RequestID,
				"attempt", n+1, "delay", d, "err_type", ErrorType(err))
			t := time.NewTimer(d)
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
				return err // the last outcome, not the context's end
			}
		}
	}
}
