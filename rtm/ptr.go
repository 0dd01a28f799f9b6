package rtm

// Ptr returns a pointer to v: a helper for the optional (pointer) fields of
// generated request structs, e.g. Reconnect: rtm.Ptr(true).
func Ptr[T any](v T) *T { return &v }

// Or returns *p, or def when p is nil: the value of an optional field in one expression,
// rtm.Or(chat.IsFollowed, false).
func Or[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}
