// Package rtmotel is an OpenTelemetry adapter for package rtm: an
// rtm.Interceptor that records a span and metrics per call and per push.
//
//	in, err := rtmotel.New() // the global tracer and meter providers
//	c, err := v36.Dial(ctx, cfg, rtm.WithInterceptors(in))
//
// Spans: "rtm <action>" (client kind) per call, with the attributes
// rtm.action, rtm.request_id and, on failure, rtm.error_type (the server's
// error type, or the transport failure: timeout, canceled, closed,
// connection_lost, encode, decode) and an error status; "rtm push <action>"
// (consumer kind) per push delivery. Metrics: rtm.client.call.duration (a
// histogram in seconds, by rtm.action and rtm.outcome), rtm.client.pushes
// (a counter by rtm.action). No payload is ever recorded.
//
// It lives in a module of its own so that the core module keeps its four
// dependencies: only programs that use OpenTelemetry pull it in.
package rtmotel

import (
	"context"
	"errors"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/rtmkit/livechat-rtm/rtm"
)

// instrumentationName names the tracer and the meter.
const instrumentationName = "github.com/rtmkit/livechat-rtm/otel"

// Option configures New.
type Option func(*config)

type config struct {
	tp trace.TracerProvider
	mp metric.MeterProvider
}

// WithTracerProvider sets the tracer provider (default: otel.GetTracerProvider()).
func WithTracerProvider(tp trace.TracerProvider) Option { return func(c *config) { c.tp = tp } }

// WithMeterProvider sets the meter provider (default: otel.GetMeterProvider()).
func WithMeterProvider(mp metric.MeterProvider) Option { return func(c *config) { c.mp = mp } }

// interceptor is the rtm.Interceptor New returns.
type interceptor struct {
	tracer   trace.Tracer
	duration metric.Float64Histogram
	pushes   metric.Int64Counter
}

// New returns an interceptor that traces and measures calls and pushes.
// It fails only if an instrument cannot be created.
func New(opts ...Option) (rtm.Interceptor, error) {
	cfg := config{}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if cfg.tp == nil {
		cfg.tp = otel.GetTracerProvider()
	}
	if cfg.mp == nil {
		cfg.mp = otel.GetMeterProvider()
	}
	meter := cfg.mp.Meter(instrumentationName)
	duration, err := meter.Float64Histogram("rtm.client.call.duration",
		metric.WithDescription("Duration of RTM calls, from Conn.Call to the response or the failure."), metric.WithUnit("s"))
	if err != nil {
		return nil, err
	}
	pushes, err := meter.Int64Counter("rtm.client.pushes",
		metric.WithDescription("Pushes delivered to the handlers."), metric.WithUnit("{push}"))
	if err != nil {
		return nil, err
	}
	return &interceptor{tracer: cfg.tp.Tracer(instrumentationName), duration: duration, pushes: pushes}, nil
}

// WrapCall implements rtm.Interceptor.
func (in *interceptor) WrapCall(next rtm.CallFunc) rtm.CallFunc {
	return func(ctx context.Context, call *rtm.Call) error {
		action := attribute.String("rtm.action", call.Action)
		ctx, span := in.tracer.Start(ctx, "rtm "+call.Action,
			trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(action))
		start := time.Now()
		err := next(ctx, call)
		outcome := Outcome(err)
		in.duration.Record(ctx, time.Since(start).Seconds(),
			metric.WithAttributes(action, attribute.String("rtm.outcome", outcome)))
		span.SetAttributes(attribute.String("rtm.request_id", call.RequestID))
		if err != nil {
			span.SetAttributes(attribute.String("rtm.error_type", outcome))
			span.SetStatus(codes.Error, outcome)
		}
		span.End()
		return err
	}
}

// WrapPush implements rtm.Interceptor.
func (in *interceptor) WrapPush(next rtm.PushHandler) rtm.PushHandler {
	return func(ctx context.Context, p rtm.Push) {
		action := attribute.String("rtm.action", p.Action)
		ctx, span := in.tracer.Start(ctx, "rtm push "+p.Action,
			trace.WithSpanKind(trace.SpanKindConsumer), trace.WithAttributes(action))
		defer span.End()
		in.pushes.Add(ctx, 1, metric.WithAttributes(action))
		next(ctx, p)
	}
}

// Outcome classifies a call's error for metrics and spans: "ok", the
// server's error type (e.g. "validation"), or the transport failure.
func Outcome(err error) string {
	switch {
	case err == nil:
		return "ok"
	case rtm.ErrorType(err) != "":
		return rtm.ErrorType(err)
	case rtm.IsTimeout(err):
		return "timeout"
	case rtm.IsCanceled(err):
		return "canceled"
	case rtm.IsClosed(err):
		return "closed"
	case rtm.IsConnectionLost(err):
		return "connection_lost"
	case errors.Is(err, rtm.ErrEncode):
		return "encode"
	case errors.Is(err, rtm.ErrDecode):
		return "decode"
	}
	return "error"
}
