package wire

import "strconv"

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

// IsNull reports whether data is exactly the JSON null.
func IsNull(data []byte) bool { return string(data) == "null" }

// checkWhole validates that data is exactly one JSON value of the kind
// scan expects (no surrounding space: values come from ObjectReader).
func checkWhole(data []byte, scan func([]byte, int) (int, error)) error {
	end, err := scan(data, 0)
	if err != nil {
		return err
	}
	if end != len(data) {
		return syntaxErr("data after the JSON value", end)
	}
	return nil
}

// DecodeString decodes a JSON string into *dst, as encoding/json does
// (escapes decoded, invalid UTF-8 replaced by U+FFFD). The JSON null leaves
// *dst unchanged; another kind of value is an error.
func DecodeString[T ~string](dst *T, data []byte) error {
	if len(data) == 0 || data[0] != '"' {
		if IsNull(data) {
			return nil
		}
		return typeError(data, "string")
	}
	end, flags, err := ScanString(data, 0)
	if err == nil && end != len(data) {
		err = syntaxErr("data after the JSON value", end)
	}
	if err != nil {
		return err
	}
	if flags == 0 {
		*dst = T(data[1 : end-1])
		return nil
	}
	*dst = T(Unquote(make([]byte, 0, end-2), data))
	return nil
}

// DecodeInt decodes a JSON number that is an integer into *dst, as
// encoding/json does (1.5, 1e3 and out-of-range numbers are errors). The
// JSON null leaves *dst unchanged.
func DecodeInt[T ~int](dst *T, data []byte) error {
	if len(data) == 0 || data[0] != '-' && !IsDigit(data[0]) {
		if IsNull(data) {
			return nil
		}
		return typeError(data, "int")
	}
	if err := checkWhole(data, ScanNumber); err != nil {
		return err
	}
	n, err := strconv.ParseInt(string(data), 10, strconv.IntSize)
	if err != nil {
		return &Error{Msg: "cannot decode the JSON number " + clipNumber(data) + " into int", Offset: -1}
	}
	*dst = T(n)
	return nil
}

// DecodeFloat decodes a JSON number into *dst, as encoding/json does (an
// out-of-range number is an error). The JSON null leaves *dst unchanged.
func DecodeFloat[T ~float64](dst *T, data []byte) error {
	if len(data) == 0 || data[0] != '-' && !IsDigit(data[0]) {
		if IsNull(data) {
			return nil
		}
		return typeError(data, "float64")
	}
	if err := checkWhole(data, ScanNumber); err != nil {
		return err
	}
	f, err := strconv.ParseFloat(string(data), 64)
	if err != nil {
		return &Error{Msg: "cannot decode the JSON number " + clipNumber(data) + " into float64", Offset: -1}
	}
	*dst = T(f)
	return nil
}

func clipNumber(b []byte) string {
	if len(b) > 32 {
		return string(b[:32]) + "…"
	}
	return string(b)
}

// DecodeBool decodes a JSON true or false into *dst. The JSON null leaves
// *dst unchanged.
func DecodeBool[T ~bool](dst *T, data []byte) error {
	switch string(data) {
	case "true":
		*dst = true
	case "false":
		*dst = false
	case "null":
	default:
		return typeError(data, "bool")
	}
	return nil
}

// DecodePtr decodes a JSON value into a new *T with decode and stores it in
// *dst; the JSON null sets *dst to nil (as encoding/json does for a
// pointer). decode is one of the Decode functions or a generated
// UnmarshalJSON method, e.g. (*Chat).UnmarshalJSON.
func DecodePtr[T any](dst **T, data []byte, decode func(*T, []byte) error) error {
	if IsNull(data) {
		*dst = nil
		return nil
	}
	v := new(T)
	if err := decode(v, data); err != nil {
		return err
	}
	*dst = v
	return nil
}

// DecodeSlice decodes a JSON array into *dst, each element with decode; the
// JSON null sets *dst to nil, and [] to an empty slice that is not nil (as
// encoding/json does).
func DecodeSlice[T any](dst *[]T, data []byte, decode func(*T, []byte) error) error {
	if IsNull(data) {
		*dst = nil
		return nil
	}
	if len(data) == 0 || data[0] != '[' {
		return typeError(data, "a slice")
	}
	out := make([]T, 0, 4)
	i := SkipWS(data, 1)
	if i < len(data) && data[i] == ']' {
		i++
	} else {
		for {
			end, err := SkipValue(data, i, 2)
			if err != nil {
				return err
			}
			out = append(out, *new(T))
			if err := decode(&out[len(out)-1], data[i:end]); err != nil {
				return err
			}
			if i = SkipWS(data, end); i >= len(data) {
				return syntaxErr("unexpected end of input", i)
			}
			if data[i] == ']' {
				i++
				break
			}
			if data[i] != ',' {
				return syntaxErr("expected ',' or ']'", i)
			}
			i = SkipWS(data, i+1)
		}
	}
	if i != len(data) {
		return syntaxErr("data after the JSON value", i)
	}
	*dst = out
	return nil
}
