package rtm_test

import (
	"strings"
	"testing"
	"time"

	"github.com/rtmkit/livechat-rtm/rtm"
)

// TestTimeOneExpression: an optional *rtm.Time reads as a time.Time in one expression, nil and
// malformed values give the zero time, Parse reports the error, and the text is kept as sent.
func TestTimeOneExpression(t *testing.T) {
	t.Parallel()
	raw := rtm.Time("2020-05-07T07:11:28.288340Z")
	created := &raw
	want := time.Date(2020, 5, 7, 7, 11, 28, 288340000, time.UTC)
	if got := created.Time(); !got.Equal(want) {
		t.Errorf("Time() = %v, want %v", got, want)
	}
	if d := time.Since(created.Time()); d <= 0 {
		t.Errorf("time.Since of a past time = %v", d)
	}
	var absent *rtm.Time
	if got := absent.Time(); !got.IsZero() {
		t.Errorf("nil *Time: Time() = %v, want the zero time", got)
	}
	bad := rtm.Time("yesterday")
	if got := bad.Time(); !got.IsZero() {
		t.Errorf("malformed: Time() = %v, want the zero time", got)
	}
	if _, err := bad.Parse(); err == nil {
		t.Error("malformed: Parse returned no error")
	}
	if raw.String() != "2020-05-07T07:11:28.288340Z" {
		t.Errorf("String() = %q, want the received text", raw.String())
	}
	if got := rtm.TimeOf(want); got != raw {
		t.Errorf("TimeOf = %q, want %q", got, raw)
	}
}

// TestMissingParamsErrorText: the error names the package, the action and every missing param.
func TestMissingParamsErrorText(t *testing.T) {
	t.Parallel()
	err := &rtm.MissingParamsError{Package: "v36", Action: "send_event", Params: []string{"chat_id", "event"}}
	if got, want := err.Error(), "v36: send_event: missing required params: chat_id, event"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

// TestInvalidParamErrorText: the error names the package, the action, the param, the value
// given (quoted, cut when long) and the documented values.
func TestInvalidParamErrorText(t *testing.T) {
	t.Parallel()
	err := &rtm.InvalidParamError{Package: "v36", Action: "list_chats", Param: "sort_order", Value: "up", Allowed: []string{"asc", "desc"}}
	if got, want := err.Error(), `v36: list_chats: param sort_order: "up" is not one of the documented values: asc, desc`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	long := &rtm.InvalidParamError{Package: "v36", Action: "a", Param: "p", Value: strings.Repeat("é", 40), Allowed: []string{"x"}}
	if got, want := long.Error(), `v36: a: param p: "`+strings.Repeat("é", 32)+`"... is not one of the documented values: x`; got != want {
		t.Errorf("a long value: Error() = %q, want %q", got, want)
	}
}

// TestOrReadsOptionalFields: Or gives the pointed-to value, or the default for nil.
func TestOrReadsOptionalFields(t *testing.T) {
	t.Parallel()
	if got := rtm.Or(rtm.Ptr(false), true); got != false {
		t.Errorf("Or(&false, true) = %v", got)
	}
	if got := rtm.Or[string](nil, "none"); got != "none" {
		t.Errorf("Or(nil, none) = %q", got)
	}
}
