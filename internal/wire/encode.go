package wire

import (
	"encoding/json"
	"slices"
	"strconv"
	"unicode/utf8"
)

// AppendString appends s as a JSON string, escaped exactly as json.Marshal
// escapes it (<, > and & included; invalid UTF-8 becomes U+FFFD).
func AppendString[T ~string](dst []byte, s T) []byte {
	return AppendQuoted(dst, string(s), true)
}

// AppendSlice appends xs as a JSON array, each element written by
// appendOne (a generated appendJSON method); a nil slice is null, as with
// encoding/json.
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
// naming the key. A key for which written (if not nil) reports true is
// left out: the struct has written that member from its own field (a null
// kept by KeepNull for a field set since).
func AppendFields(dst []byte, comma bool, fields map[string]json.RawMessage, written func(string) bool) ([]byte, error) {
	if len(fields) == 0 {
		return dst, nil
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		if written == nil || !written(k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		v := fields[k]
		if len(v) == 0 {
			v = json.RawMessage("null")
		} else if err := Valid(v); err != nil {
			return dst, &Error{Msg: "field " + strconv.Quote(k) + ": " + err.Error(), Offset: -1}
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

const hexDigits = "0123456789abcdef"

// AppendQuoted appends s as a JSON string exactly as encoding/json does,
// with its HTML escaping of <, > and & (as json.Marshal does) or without
// (as an Encoder with SetEscapeHTML(false) does).
func AppendQuoted(dst []byte, s string, escapeHTML bool) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && (!escapeHTML || c != '<' && c != '>' && c != '&') {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// jsonNull is the value KeepNull keeps.
var jsonNull = json.RawMessage("null")

// KeepNull records in extra (allocated if nil) that the member name, a
// field the spec describes, was received as an explicit null: the field
// itself is nil, as for an absent member, and its Extra entry writes the
// null back unless the field is set meanwhile (see AppendFields).
func KeepNull(extra map[string]json.RawMessage, name string) map[string]json.RawMessage {
	if extra == nil {
		extra = make(map[string]json.RawMessage, 1)
	}
	extra[name] = jsonNull[:4:4]
	return extra
}

// IsNullIn reports whether extra keeps an explicit null for the member name
// (see KeepNull).
func IsNullIn(extra map[string]json.RawMessage, name string) bool {
	if len(extra) == 0 {
		return false
	}
	v, ok := extra[name]
	return ok && string(v) == "null"
}
