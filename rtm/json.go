package rtm

import (
	"encoding/json"
	"slices"
	"strconv"
)

// This file is the JSON support of the generated packages: their
// UnmarshalJSON methods read objects member by member with ObjectReader and
// decode scalars with the Decode functions; their AppendJSON methods write
// with the Append functions. Everything has encoding/json's semantics (the
// same values accepted, the same bytes written) without its reflection,
// and allocates only the values it produces. Programs rarely need these
// functions themselves.

// ObjectReader reads the members of a JSON object one at a time, checking
// that the object is valid JSON as it goes:
//
//	r := rtm.ReadObject(data)
//	for r.Next() {
//		switch string(r.Key()) {
//		case "chat_id":
//			err = rtm.DecodeString(&x.ChatID, r.Value())
//		}
//	}
//	err := r.Err()
//
// The JSON null reads as an empty object (encoding/json decodes null into a
// struct as its zero value). Key and Value point into the data given to
// ReadObject (except a key with escapes, which is decoded into a new
// slice); they are valid until the next call to Next. Members are read in
// order, duplicates included.
type ObjectReader struct {
	data  []byte
	off   int // where the next member (or the end of the object) starts
	key   []byte
	val   []byte
	err   error
	state uint8
}

const (
	objStart uint8 = iota
	objMembers
	objDone
)

// ReadObject returns a reader of the JSON object data.
func ReadObject(data []byte) ObjectReader { return ObjectReader{data: data} }

// Next reads the next member; it reports false at the end of the object or
// at the first error (see Err).
func (r *ObjectReader) Next() bool {
	if r.err != nil || r.state == objDone {
		return false
	}
	b := r.data
	i := skipWS(b, r.off)
	if r.state == objStart {
		switch {
		case i >= len(b):
			return r.fail(jsonErr("empty input", i))
		case b[i] == 'n':
			end, err := scanLiteral(b, i, "null")
			if err != nil {
				return r.fail(err)
			}
			return r.finish(end)
		case b[i] != '{':
			return r.fail(jsonErr("not a JSON object", i))
		}
		i = skipWS(b, i+1)
		if i < len(b) && b[i] == '}' {
			return r.finish(i + 1)
		}
		r.state = objMembers
	} else {
		switch {
		case i >= len(b):
			return r.fail(jsonErr("unexpected end of input", i))
		case b[i] == '}':
			return r.finish(i + 1)
		case b[i] != ',':
			return r.fail(jsonErr("expected ',' or '}'", i))
		}
		i = skipWS(b, i+1)
	}
	if i >= len(b) || b[i] != '"' {
		return r.fail(jsonErr("expected member name", i))
	}
	kEnd, kFlags, err := scanString(b, i)
	if err != nil {
		return r.fail(err)
	}
	key := b[i+1 : kEnd-1]
	if kFlags != 0 {
		s, ok := unquote(b[i:kEnd])
		if !ok {
			return r.fail(jsonErr("invalid member name", i))
		}
		key = s
	}
	i = skipWS(b, kEnd)
	if i >= len(b) || b[i] != ':' {
		return r.fail(jsonErr("expected ':'", i))
	}
	i = skipWS(b, i+1)
	vEnd, err := skipValue(b, i, 1)
	if err != nil {
		return r.fail(err)
	}
	r.key, r.val, r.off = key, b[i:vEnd], vEnd
	return true
}

// Key returns the name of the current member, unescaped.
func (r *ObjectReader) Key() []byte { return r.key }

// Value returns the raw JSON value of the current member.
func (r *ObjectReader) Value() []byte { return r.val }

// Err returns why reading stopped early: the data is not a JSON object (or
// null), or not valid JSON. It is nil at the end of a valid object.
func (r *ObjectReader) Err() error { return r.err }

func (r *ObjectReader) fail(err error) bool {
	r.err, r.key, r.val = asJSONError(err, r.off), nil, nil
	return false
}

func (r *ObjectReader) finish(end int) bool {
	if end = skipWS(r.data, end); end != len(r.data) {
		return r.fail(jsonErr("data after the JSON value", end))
	}
	r.state, r.off, r.key, r.val = objDone, end, nil, nil
	return false
}

// JSONError is a syntax error found by ObjectReader or a Decode function,
// or a JSON value of the wrong type for its Go destination. Its text names
// the position or the types, never the content.
type JSONError struct {
	Msg    string
	Offset int // in the input given to ReadObject or to the Decode function; -1 for a type error
}

// Error returns "invalid JSON: <msg> at offset <n>" or, for a type error,
// "cannot decode <JSON kind> into <Go type>".
func (e *JSONError) Error() string {
	if e.Offset < 0 {
		return e.Msg
	}
	return "invalid JSON: " + e.Msg + " at offset " + strconv.Itoa(e.Offset)
}

func jsonErr(msg string, off int) error { return &JSONError{Msg: msg, Offset: off} }

// asJSONError turns an error of the frame scanner into a *JSONError; off is
// where the value being scanned starts.
func asJSONError(err error, off int) error {
	switch e := err.(type) {
	case *errFrame:
		return jsonErr(e.msg, e.off)
	case nil:
		return nil
	}
	if err == errTooDeep {
		return jsonErr("exceeded max nesting depth", off)
	}
	return err
}

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
		case c == '-' || isDigit(c):
			kind = "number"
		}
	}
	return &JSONError{Msg: "cannot decode a JSON " + kind + " into " + goType, Offset: -1}
}

// isNullValue reports whether data is exactly the JSON null.
func isNullValue(data []byte) bool { return string(data) == "null" }

// checkWhole validates that data is exactly one JSON value of the kind
// scan expects (no surrounding space: values come from ObjectReader).
func checkWhole(data []byte, scan func([]byte, int) (int, error)) error {
	end, err := scan(data, 0)
	if err != nil {
		return asJSONError(err, 0)
	}
	if end != len(data) {
		return jsonErr("data after the JSON value", end)
	}
	return nil
}

// DecodeString decodes a JSON string into *dst, as encoding/json does
// (escapes decoded, invalid UTF-8 replaced by U+FFFD). The JSON null leaves
// *dst unchanged; another kind of value is an error.
func DecodeString[T ~string](dst *T, data []byte) error {
	if len(data) == 0 || data[0] != '"' {
		if isNullValue(data) {
			return nil
		}
		return typeError(data, "string")
	}
	end, flags, err := scanString(data, 0)
	if err == nil && end != len(data) {
		err = jsonErr("data after the JSON value", end)
	}
	if err != nil {
		return asJSONError(err, 0)
	}
	if flags == 0 {
		*dst = T(data[1 : end-1])
		return nil
	}
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return err
	}
	*dst = T(s)
	return nil
}

// DecodeInt decodes a JSON number that is an integer into *dst, as
// encoding/json does (1.5, 1e3 and out-of-range numbers are errors). The
// JSON null leaves *dst unchanged.
func DecodeInt[T ~int](dst *T, data []byte) error {
	if len(data) == 0 || data[0] != '-' && !isDigit(data[0]) {
		if isNullValue(data) {
			return nil
		}
		return typeError(data, "int")
	}
	if err := checkWhole(data, scanNumber); err != nil {
		return err
	}
	n, err := strconv.ParseInt(string(data), 10, strconv.IntSize)
	if err != nil {
		return &JSONError{Msg: "cannot decode the JSON number " + clipNumber(data) + " into int", Offset: -1}
	}
	*dst = T(n)
	return nil
}

// DecodeFloat decodes a JSON number into *dst, as encoding/json does (an
// out-of-range number is an error). The JSON null leaves *dst unchanged.
func DecodeFloat[T ~float64](dst *T, data []byte) error {
	if len(data) == 0 || data[0] != '-' && !isDigit(data[0]) {
		if isNullValue(data) {
			return nil
		}
		return typeError(data, "float64")
	}
	if err := checkWhole(data, scanNumber); err != nil {
		return err
	}
	f, err := strconv.ParseFloat(string(data), 64)
	if err != nil {
		return &JSONError{Msg: "cannot decode the JSON number " + clipNumber(data) + " into float64", Offset: -1}
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
	if isNullValue(data) {
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
	if isNullValue(data) {
		*dst = nil
		return nil
	}
	if len(data) == 0 || data[0] != '[' {
		return typeError(data, "a slice")
	}
	out := make([]T, 0, 4)
	i := skipWS(data, 1)
	if i < len(data) && data[i] == ']' {
		i++
	} else {
		for {
			end, err := skipValue(data, i, 2)
			if err != nil {
				return asJSONError(err, i)
			}
			out = append(out, *new(T))
			if err := decode(&out[len(out)-1], data[i:end]); err != nil {
				return err
			}
			if i = skipWS(data, end); i >= len(data) {
				return jsonErr("unexpected end of input", i)
			}
			if data[i] == ']' {
				i++
				break
			}
			if data[i] != ',' {
				return jsonErr("expected ',' or ']'", i)
			}
			i = skipWS(data, i+1)
		}
	}
	if i != len(data) {
		return jsonErr("data after the JSON value", i)
	}
	*dst = out
	return nil
}

// AppendString appends s as a JSON string, escaped exactly as json.Marshal
// escapes it (<, > and & included; invalid UTF-8 becomes U+FFFD).
func AppendString[T ~string](dst []byte, s T) []byte {
	return appendQuoted(dst, string(s), true)
}

// AppendSlice appends xs as a JSON array, each element written by
// appendOne (a generated AppendJSON method, e.g. (*Chat).AppendJSON); a nil
// slice is null, as with encoding/json.
func AppendSlice[T any](dst []byte, xs []T, appendOne func(*T, []byte) ([]byte, error)) ([]byte, error) {
	if xs == nil {
		return append(dst, "null"...), nil
	}
	dst = append(dst, '[')
	for i := range xs {
		if i > 0 {
			dst = append(dst, ',')
		}
		var err error
		if dst, err = appendOne(&xs[i], dst); err != nil {
			return dst, err
		}
	}
	return append(dst, ']'), nil
}

// AppendFields appends the members of fields to a JSON object being
// written, in key order: `"key":value`, each preceded by a comma when comma
// is true or when it is not the first. A value must be valid JSON (an
// empty one is written as null); otherwise AppendFields returns an error
// naming the key.
func AppendFields(dst []byte, comma bool, fields map[string]json.RawMessage) ([]byte, error) {
	if len(fields) == 0 {
		return dst, nil
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		v := fields[k]
		if len(v) == 0 {
			v = json.RawMessage("null")
		} else if err := validValue(v); err != nil {
			return dst, &JSONError{Msg: "field " + strconv.Quote(k) + ": " + err.Error(), Offset: -1}
		}
		if comma {
			dst = append(dst, ',')
		}
		comma = true
		dst = AppendString(dst, k)
		dst = append(dst, ':')
		dst = append(dst, v...)
	}
	return dst, nil
}

// validValue checks that v is one JSON value, with optional space around.
func validValue(v []byte) error {
	i := skipWS(v, 0)
	end, err := skipValue(v, i, 1)
	if err != nil {
		return asJSONError(err, i)
	}
	if end = skipWS(v, end); end != len(v) {
		return jsonErr("data after the JSON value", end)
	}
	return nil
}
