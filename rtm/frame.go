package rtm

import (
	"encoding/json"
	"errors"
	"strconv"
	"unicode/utf8"
)

// This file is the wire format: the decoder of inbound frames and the
// encoder of outbound requests. Neither uses reflection on the envelope.

// Frame types, the "type" field of an inbound frame.
const (
	frameResponse = "response"
	framePush     = "push"
)

// maxNestingDepth mirrors encoding/json: a document nested deeper than this is
// rejected, so that the decoder accepts exactly what json.Valid accepts.
const maxNestingDepth = 10000

// frame is one decoded inbound message. The byte slices point into the
// buffer given to decodeFrame (or, for the rare escaped string, into a fresh
// allocation); they are valid only as long as that buffer is.
type frame struct {
	requestID []byte // nil when absent or null
	action    []byte
	typ       []byte
	version   []byte
	success   bool   // true only when "success" is the literal true
	payload   []byte // the raw JSON value of "payload"; nil when absent or null
}

// errFrame describes why an inbound frame could not be decoded. Its text
// names the position, never the content, so it is safe to log.
type errFrame struct {
	msg string
	off int
}

func (e *errFrame) Error() string {
	return "malformed frame: " + e.msg + " at offset " + strconv.Itoa(e.off)
}

func frameErr(msg string, off int) error { return &errFrame{msg: msg, off: off} }

// decodeFrame decodes the envelope of an inbound frame: a JSON object whose
// "request_id", "action", "type" and "version" members are strings (or null),
// "success" anything (true counts), "payload" any JSON value. Unknown members
// are validated and skipped. A duplicated member keeps its last value, as
// encoding/json does. The whole input must be valid JSON.
func decodeFrame(b []byte, f *frame) error {
	*f = frame{}
	i := skipWS(b, 0)
	if i >= len(b) {
		return frameErr("empty frame", i)
	}
	if b[i] != '{' {
		return frameErr("frame is not a JSON object", i)
	}
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == '}' {
		i++
	} else {
		for {
			if i >= len(b) || b[i] != '"' {
				return frameErr("expected member name", i)
			}
			kStart := i
			kEnd, kFlags, err := scanString(b, i)
			if err != nil {
				return err
			}
			i = skipWS(b, kEnd)
			if i >= len(b) || b[i] != ':' {
				return frameErr("expected ':'", i)
			}
			i = skipWS(b, i+1)
			vStart := i
			vEnd, err := skipValue(b, i, 1)
			if err != nil {
				return err
			}
			if err := f.set(b[kStart:kEnd], kFlags, b[vStart:vEnd], vStart); err != nil {
				return err
			}
			i = skipWS(b, vEnd)
			if i >= len(b) {
				return frameErr("unexpected end of frame", i)
			}
			if b[i] == ',' {
				i = skipWS(b, i+1)
				continue
			}
			if b[i] == '}' {
				i++
				break
			}
			return frameErr("expected ',' or '}'", i)
		}
	}
	if i = skipWS(b, i); i != len(b) {
		return frameErr("data after the frame object", i)
	}
	return nil
}

// set stores one member of the envelope. key is the raw quoted member name,
// val the raw value.
func (f *frame) set(key []byte, kFlags strFlags, val []byte, off int) error {
	name := key[1 : len(key)-1]
	if kFlags != 0 {
		s, ok := unquote(key)
		if !ok {
			return frameErr("invalid member name", off)
		}
		name = s
	}
	var dst *[]byte
	switch string(name) {
	case "request_id":
		dst = &f.requestID
	case "action":
		dst = &f.action
	case "type":
		dst = &f.typ
	case "version":
		dst = &f.version
	case "success":
		f.success = string(val) == "true"
		return nil
	case "payload":
		if string(val) == "null" {
			f.payload = nil
		} else {
			f.payload = val
		}
		return nil
	default:
		return nil
	}
	switch val[0] {
	case 'n': // null: as if absent
		*dst = nil
		return nil
	case '"':
	default:
		return frameErr("member "+strconv.Quote(string(name))+" is not a string", off)
	}
	_, flags, _ := scanString(val, 0) // already validated by skipValue
	if flags == 0 {
		*dst = val[1 : len(val)-1]
		return nil
	}
	s, ok := unquote(val)
	if !ok {
		return frameErr("invalid string", off)
	}
	*dst = s
	return nil
}

// unquote decodes a quoted JSON string that has escapes or non-ASCII bytes,
// with encoding/json's semantics (invalid UTF-8 becomes U+FFFD).
func unquote(quoted []byte) ([]byte, bool) {
	var s string
	if err := json.Unmarshal(quoted, &s); err != nil {
		return nil, false
	}
	if s == "" {
		return []byte{}, true
	}
	return []byte(s), true
}

func skipWS(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// strFlags tells the fast path whether a string needs real decoding.
type strFlags uint8

const (
	strEscaped  strFlags = 1 << iota // contains a backslash escape
	strNonASCII                      // contains a byte >= 0x80
)

// scanString validates the JSON string starting at b[i] (a '"') and returns
// the index just past its closing quote.
func scanString(b []byte, i int) (int, strFlags, error) {
	start := i
	i++
	var flags strFlags
	for i < len(b) {
		c := b[i]
		switch {
		case c == '"':
			return i + 1, flags, nil
		case c == '\\':
			flags |= strEscaped
			if i+1 >= len(b) {
				return 0, 0, frameErr("unterminated string", start)
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(b) {
					return 0, 0, frameErr("unterminated string", start)
				}
				for _, h := range b[i+2 : i+6] {
					if !isHex(h) {
						return 0, 0, frameErr("invalid \\u escape", i)
					}
				}
				i += 6
			default:
				return 0, 0, frameErr("invalid escape", i)
			}
		case c < 0x20:
			return 0, 0, frameErr("control character in string", i)
		default:
			if c >= utf8.RuneSelf {
				flags |= strNonASCII
			}
			i++
		}
	}
	return 0, 0, frameErr("unterminated string", start)
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// scanNumber validates the JSON number starting at b[i].
func scanNumber(b []byte, i int) (int, error) {
	start := i
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		for i < len(b) && isDigit(b[i]) {
			i++
		}
	default:
		return 0, frameErr("invalid number", start)
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i >= len(b) || !isDigit(b[i]) {
			return 0, frameErr("invalid number", start)
		}
		for i < len(b) && isDigit(b[i]) {
			i++
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || !isDigit(b[i]) {
			return 0, frameErr("invalid number", start)
		}
		for i < len(b) && isDigit(b[i]) {
			i++
		}
	}
	return i, nil
}

func scanLiteral(b []byte, i int, lit string) (int, error) {
	if len(b)-i < len(lit) || string(b[i:i+len(lit)]) != lit {
		return 0, frameErr("invalid literal", i)
	}
	return i + len(lit), nil
}

var errTooDeep = errors.New("malformed frame: exceeded max nesting depth")

// skipValue validates the JSON value starting at b[i] (no leading space)
// and returns the index just past it. depth is the nesting depth of the
// enclosing containers. It is iterative: no input can exhaust the stack.
func skipValue(b []byte, i int, depth int) (int, error) {
	var stackBuf [64]byte
	stack := stackBuf[:0] // '{' or '[' per open container
	var err error
	for {
		// A value starts at b[i].
		if i >= len(b) {
			return 0, frameErr("unexpected end of frame", i)
		}
		switch c := b[i]; {
		case c == '{' || c == '[':
			if depth+len(stack)+1 > maxNestingDepth {
				return 0, errTooDeep
			}
			closer := byte('}')
			if c == '[' {
				closer = ']'
			}
			i = skipWS(b, i+1)
			if i < len(b) && b[i] == closer {
				i++
				break // an empty container is a complete value
			}
			stack = append(stack, c)
			if c == '{' {
				if i, err = skipMemberName(b, i); err != nil {
					return 0, err
				}
			}
			continue // the first element
		case c == '"':
			if i, _, err = scanString(b, i); err != nil {
				return 0, err
			}
		case c == '-' || isDigit(c):
			if i, err = scanNumber(b, i); err != nil {
				return 0, err
			}
		case c == 't':
			if i, err = scanLiteral(b, i, "true"); err != nil {
				return 0, err
			}
		case c == 'f':
			if i, err = scanLiteral(b, i, "false"); err != nil {
				return 0, err
			}
		case c == 'n':
			if i, err = scanLiteral(b, i, "null"); err != nil {
				return 0, err
			}
		default:
			return 0, frameErr("invalid value", i)
		}
		// A value ended at i: close containers or move to the next element.
		for {
			if len(stack) == 0 {
				return i, nil
			}
			i = skipWS(b, i)
			if i >= len(b) {
				return 0, frameErr("unexpected end of frame", i)
			}
			top := stack[len(stack)-1]
			if b[i] == ',' {
				i = skipWS(b, i+1)
				if top == '{' {
					if i, err = skipMemberName(b, i); err != nil {
						return 0, err
					}
				}
				break
			}
			if top == '{' && b[i] == '}' || top == '[' && b[i] == ']' {
				stack = stack[:len(stack)-1]
				i++
				continue
			}
			return 0, frameErr("expected ',' or end of container", i)
		}
	}
}

// skipMemberName skips `"name" :` and the space after it.
func skipMemberName(b []byte, i int) (int, error) {
	if i >= len(b) || b[i] != '"' {
		return 0, frameErr("expected member name", i)
	}
	i, _, err := scanString(b, i)
	if err != nil {
		return 0, err
	}
	i = skipWS(b, i)
	if i >= len(b) || b[i] != ':' {
		return 0, frameErr("expected ':'", i)
	}
	return skipWS(b, i+1), nil
}

// parseRequestID parses a request id this package generated: a decimal
// number without sign or leading zero. It reports false for anything else.
func parseRequestID(b []byte) (uint64, bool) {
	if len(b) == 0 || len(b) > 20 || b[0] == '0' {
		return 0, false
	}
	var n uint64
	for _, c := range b {
		if !isDigit(c) {
			return 0, false
		}
		d := uint64(c - '0')
		if n > (1<<64-1-d)/10 {
			return 0, false
		}
		n = n*10 + d
	}
	return n, true
}

// appendRequest appends the request envelope
// {"request_id":"<id>","action":<action>,"payload":<payload>[,"author_id":<author>]}.
// payload must already be valid JSON.
func appendRequest(dst []byte, id uint64, action string, payload []byte, authorID string) []byte {
	dst = appendRequestHead(dst, id, action)
	dst = append(dst, payload...)
	return appendRequestTail(dst, authorID)
}

// appendRequestHead appends the envelope up to the payload:
// {"request_id":"<id>","action":<action>,"payload":
func appendRequestHead(dst []byte, id uint64, action string) []byte {
	dst = append(dst, `{"request_id":"`...)
	dst = strconv.AppendUint(dst, id, 10)
	dst = append(dst, `","action":`...)
	dst = appendJSONString(dst, action)
	return append(dst, `,"payload":`...)
}

// appendRequestTail appends the envelope after the payload.
func appendRequestTail(dst []byte, authorID string) []byte {
	if authorID != "" {
		dst = append(dst, `,"author_id":`...)
		dst = appendJSONString(dst, authorID)
	}
	return append(dst, '}')
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string, escaping like encoding/json
// (without its HTML escaping); invalid UTF-8 becomes U+FFFD.
func appendJSONString(dst []byte, s string) []byte { return appendQuoted(dst, s, false) }

// appendQuoted appends s as a JSON string exactly as encoding/json does,
// with its HTML escaping of <, > and & (as json.Marshal does) or without.
func appendQuoted(dst []byte, s string, escapeHTML bool) []byte {
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
