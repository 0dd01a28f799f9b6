package rtm

// CallAuthorID returns the author id that opts set (WithAuthorID), or "".
// Other transports of the same calls (package web) read the options with it,
// so that a program passes the same CallOptions to either.
func CallAuthorID(opts ...CallOption) string {
	var co callOptions
	for _, o := range opts {
		if o != nil {
			o.applyCall(&co)
		}
	}
	return co.authorID
}
