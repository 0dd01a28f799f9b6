package rtmotel_test

import (
	"context"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	rtmotel "github.com/rtmkit/livechat-rtm/otel"
	"github.com/rtmkit/livechat-rtm/rtm"
	"github.com/rtmkit/livechat-rtm/rtm/rtmtest"
)

// TestSpansAndMetrics: each call gives a client span with its action, request id and
// outcome, and a duration sample by action and outcome; each push a consumer span and a
// count. No payload reaches an attribute.
func TestSpansAndMetrics(t *testing.T) {
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	in, err := rtmotel.New(rtmotel.WithTracerProvider(tp), rtmotel.WithMeterProvider(mp))
	if err != nil {
		t.Fatal(err)
	}

	srv := rtmtest.New(t)
	srv.Handle("echo", func(_ context.Context, r *rtmtest.Request) (any, error) { return r.Payload, nil })
	srv.Handle("bad", func(context.Context, *rtmtest.Request) (any, error) {
		return nil, &rtmtest.Error{Type: rtm.ErrorTypeValidation, Message: "no"}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := rtm.Dial(ctx, srv.URL(), rtm.WithInterceptors(in))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	got := make(chan struct{})
	c.Handle("incoming_event", func(context.Context, rtm.Push) { close(got) })

	if err := c.Call(ctx, "echo", map[string]string{"secret": "PAYLOAD"}, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Call(ctx, "bad", nil, nil); rtm.ErrorType(err) != rtm.ErrorTypeValidation {
		t.Fatal(err)
	}
	if err := srv.Conn(1).Push("incoming_event", nil); err != nil {
		t.Fatal(err)
	}
	<-got
	deadline := time.Now().Add(5 * time.Second)
	for len(spans.Ended()) < 3 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}

	byName := map[string]sdktrace.ReadOnlySpan{}
	for _, s := range spans.Ended() {
		byName[s.Name()] = s
		for _, a := range s.Attributes() {
			if a.Value.Emit() == "PAYLOAD" {
				t.Errorf("span %s records a payload", s.Name())
			}
		}
	}
	attrs := func(s sdktrace.ReadOnlySpan) map[attribute.Key]string {
		m := map[attribute.Key]string{}
		for _, a := range s.Attributes() {
			m[a.Key] = a.Value.Emit()
		}
		return m
	}
	if s := byName["rtm echo"]; s == nil || attrs(s)["rtm.request_id"] != "1" || s.Status().Code == codes.Error {
		t.Errorf("echo span: %v", s)
	}
	if s := byName["rtm bad"]; s == nil || attrs(s)["rtm.error_type"] != "validation" || s.Status().Code != codes.Error {
		t.Errorf("bad span: %v", s)
	}
	if s := byName["rtm push incoming_event"]; s == nil {
		t.Error("no push span")
	}

	var rm metricdata.ResourceMetrics
	if err := reader.Collect(ctx, &rm); err != nil {
		t.Fatal(err)
	}
	outcomes := map[string]uint64{}
	var pushes int64
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			switch d := m.Data.(type) {
			case metricdata.Histogram[float64]:
				for _, p := range d.DataPoints {
					o, _ := p.Attributes.Value("rtm.outcome")
					a, _ := p.Attributes.Value("rtm.action")
					outcomes[a.Emit()+":"+o.Emit()] += p.Count
				}
			case metricdata.Sum[int64]:
				for _, p := range d.DataPoints {
					pushes += p.Value
				}
			}
		}
	}
	if outcomes["echo:ok"] != 1 || outcomes["bad:validation"] != 1 || pushes != 1 {
		t.Errorf("metrics: calls %v, pushes %d", outcomes, pushes)
	}
}
