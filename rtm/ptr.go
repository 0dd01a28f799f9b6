package rtm

// Ptr returns a pointer to v: a helper for the optional (pointer) fields of
// generated request structs, e.g. Reconnect: rtm.Ptr(true).
func Ptr[T any](v T) *T { return &v }
