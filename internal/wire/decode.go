package wire

// typeError says that the JSON value data cannot go into a Go value of type
// goType.
func typeError(data []byte, goType string) error {
	kind := "value"
	if len(data) > 0 {
		switch c := data[0]; {
		case c == '"':
			kind = "string"
		case c == '{':
			kind = "object"
		case c == '[':
			kind = "array"
		case c == 't' || c == 'f':
			kind = "bool"
		case c == '-' || IsDigit(c):
			kind = "number"
		}
	}
	return &Error{Msg: "cannot decode a JSON " + kind + " into " + goType, Offset: -1}
}

func clipNumber(b []byte) string {
	if len(b) > 32 {
		return string(b[:32]) + "…"
	}
	return string(b)
}
