package rtm

// CallAuthorID returns the author id that opts set (WithAuthorID), or "".
// Other transports of the same calls (package web) read the options with it,
// so that a program passes the same CallOptions to either.
func CallAuthorID(opts ...CallOption) string {
	if len(opts) == 0 {
		return ""
	}
	return applyCallOptions(opts).authorID
}
