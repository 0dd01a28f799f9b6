package rtm

import "reflect"

// CallAuthorID returns the author id that opts set (WithAuthorID), or "".
// Other transports of the same calls (package web) read the options with it,
// so that a program passes the same CallOptions to either.
func CallAuthorID(opts ...CallOption) string {
	if len(opts) == 0 {
		return ""
	}
	var co callOptions
	for _, o := range opts {
		applyCallOption(o, &co)
	}
	return co.authorID
}

// applyCallOption applies one option whether CallOption is a function or an
// interface with applyCall: written so while both forms of CallOption are in
// flight on different branches; once one has landed, call it directly.
func applyCallOption(o CallOption, co *callOptions) {
	if a, ok := any(o).(interface{ applyCall(*callOptions) }); ok {
		a.applyCall(co)
		return
	}
	if v := reflect.ValueOf(o); v.Kind() == reflect.Func && !v.IsNil() {
		v.Call([]reflect.Value{reflect.ValueOf(co)})
	}
}
