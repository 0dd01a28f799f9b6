package wire

import (
	"encoding/binary"
	"strconv"
	"unicode/utf8"
)

// MaxDepth mirrors encoding/json: a document nested deeper than this is
// rejected, so that the scanner accepts exactly what json.Valid accepts.
const MaxDepth = 10000

// Error is a syntax error found by the scanner, or a JSON value of the wrong type for its Go destination. Its
// text names the position or the types, never the content, so it is safe to
// log.
type Error struct {
	Msg    string
	Offset int // in the input given to the function that failed; -1 for a type error
}

// Error returns "invalid JSON: <msg> at offset <n>" or, for a type error,
// "cannot decode <JSON kind> into <Go type>".
func (e *Error) Error() string {
	if e.Offset < 0 {
		return e.Msg
	}
	return "invalid JSON: " + e.Msg + " at offset " + strconv.Itoa(e.Offset)
}

func syntaxErr(msg string, off int) error { return &Error{Msg: msg, Offset: off} }

// SkipWS returns the index of the first byte at or after i that is not JSON
// white space.
func SkipWS(b []byte, i int) int {
	for i < len(b) && b[i] <= ' ' && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t') {
		i++
	}
	return i
}

// StrFlags tells whether a scanned string needs real decoding.
type StrFlags uint8

const (
	StrEscaped  StrFlags = 1 << iota // contains a backslash escape
	StrNonASCII                      // contains a byte >= 0x80
)

// plain marks the bytes that a JSON string holds as they are: not '"', not
// '\\', not a control character, ASCII.
var plain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

const (
	lows  = 0x0101010101010101
	highs = 0x8080808080808080
)

// plainRun skips plain bytes from b[i], 8 at a time (one load and a few
// word operations per 8 bytes: a byte < 0x20 or >= 0x80, '"' or '\\' stops
// it); it returns where the bytes that may not be plain start.
func plainRun(b []byte, i int) int {
	for i+8 <= len(b) {
		v := binary.LittleEndian.Uint64(b[i:])
		q := v ^ ('"' * lows)
		bs := v ^ ('\\' * lows)
		if ((v-0x20*lows)&^v|v|(q-lows)&^q|(bs-lows)&^bs)&highs != 0 {
			return i
		}
		i += 8
	}
	return i
}

// ScanString validates the JSON string starting at b[i] (a '"') and returns
// the index just past its closing quote, and whether it has escapes or
// non-ASCII bytes.
func ScanString(b []byte, i int) (int, StrFlags, error) {
	start := i
	i++
	var flags StrFlags
	for {
		i = plainRun(b, i)
		for i < len(b) && plain[b[i]] {
			i++
		}
		if i >= len(b) {
			return 0, 0, syntaxErr("unterminated string", start)
		}
		switch c := b[i]; {
		case c == '"':
			return i + 1, flags, nil
		case c == '\\':
			flags |= StrEscaped
			if i+1 >= len(b) {
				return 0, 0, syntaxErr("unterminated string", start)
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(b) {
					return 0, 0, syntaxErr("unterminated string", start)
				}
				for _, h := range b[i+2 : i+6] {
					if !isHex(h) {
						return 0, 0, syntaxErr("invalid \\u escape", i)
					}
				}
				i += 6
			default:
				return 0, 0, syntaxErr("invalid escape", i)
			}
		case c < 0x20:
			return 0, 0, syntaxErr("control character in string", i)
		default: // >= 0x80
			flags |= StrNonASCII
			i++
		}
	}
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// IsDigit reports whether c is an ASCII digit.
func IsDigit(c byte) bool { return '0' <= c && c <= '9' }

// scanNumber validates the JSON number starting at b[i] and returns the
// index just past it.
func scanNumber(b []byte, i int) (int, error) {
	start := i
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		for i < len(b) && IsDigit(b[i]) {
			i++
		}
	default:
		return 0, syntaxErr("invalid number", start)
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i >= len(b) || !IsDigit(b[i]) {
			return 0, syntaxErr("invalid number", start)
		}
		for i < len(b) && IsDigit(b[i]) {
			i++
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || !IsDigit(b[i]) {
			return 0, syntaxErr("invalid number", start)
		}
		for i < len(b) && IsDigit(b[i]) {
			i++
		}
	}
	return i, nil
}

func scanLiteral(b []byte, i int, lit string) (int, error) {
	if len(b)-i < len(lit) || string(b[i:i+len(lit)]) != lit {
		return 0, syntaxErr("invalid literal", i)
	}
	return i + len(lit), nil
}

// SkipValue validates the JSON value starting at b[i] (no leading space)
// and returns the index just past it. depth is the nesting depth of the
// enclosing containers. It is iterative: no input can exhaust the stack.
func SkipValue(b []byte, i int, depth int) (int, error) {
	var stackBuf [64]byte
	stack := stackBuf[:0] // '{' or '[' per open container
	var err error
	for {
		// A value starts at b[i].
		if i >= len(b) {
			return 0, syntaxErr("unexpected end of input", i)
		}
		switch c := b[i]; {
		case c == '"':
			if i, _, err = ScanString(b, i); err != nil {
				return 0, err
			}
		case c == '{' || c == '[':
			if depth+len(stack)+1 > MaxDepth {
				return 0, syntaxErr("exceeded max nesting depth", i)
			}
			closer := byte('}')
			if c == '[' {
				closer = ']'
			}
			i = SkipWS(b, i+1)
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
		case c == '-' || IsDigit(c):
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
			return 0, syntaxErr("invalid value", i)
		}
		// A value ended at i: close containers or move to the next element.
		for {
			if len(stack) == 0 {
				return i, nil
			}
			i = SkipWS(b, i)
			if i >= len(b) {
				return 0, syntaxErr("unexpected end of input", i)
			}
			top := stack[len(stack)-1]
			if b[i] == ',' {
				i = SkipWS(b, i+1)
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
			return 0, syntaxErr("expected ',' or end of container", i)
		}
	}
}

// skipMemberName skips `"name" :` and the space after it.
func skipMemberName(b []byte, i int) (int, error) {
	if i >= len(b) || b[i] != '"' {
		return 0, syntaxErr("expected member name", i)
	}
	i, _, err := ScanString(b, i)
	if err != nil {
		return 0, err
	}
	i = SkipWS(b, i)
	if i >= len(b) || b[i] != ':' {
		return 0, syntaxErr("expected ':'", i)
	}
	return SkipWS(b, i+1), nil
}

// Valid checks that v is one JSON value, with optional space around.
func Valid(v []byte) error {
	i := SkipWS(v, 0)
	end, err := SkipValue(v, i, 0)
	if err != nil {
		return err
	}
	if end = SkipWS(v, end); end != len(v) {
		return syntaxErr("data after the JSON value", end)
	}
	return nil
}

// Unquote decodes the quoted JSON string q (valid, as ScanString checked
// it) with encoding/json's semantics: escapes decoded, an invalid UTF-8
// byte or a lone surrogate becomes U+FFFD. It appends to dst.
func Unquote(dst, q []byte) []byte {
	q = q[1 : len(q)-1]
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == '\\':
			switch e := q[i+1]; e {
			case 'u':
				r := rune(hex4(q[i+2:]))
				i += 6
				if utf16IsSurrogate(r) {
					if r < 0xDC00 && i+6 <= len(q) && q[i] == '\\' && q[i+1] == 'u' {
						if r2 := rune(hex4(q[i+2:])); 0xDC00 <= r2 && r2 < 0xE000 {
							r = (r-0xD800)<<10 | (r2 - 0xDC00) + 0x10000
							i += 6
							dst = utf8.AppendRune(dst, r)
							continue
						}
					}
					r = utf8.RuneError
				}
				dst = utf8.AppendRune(dst, r)
				continue
			case 'b':
				dst = append(dst, '\b')
			case 'f':
				dst = append(dst, '\f')
			case 'n':
				dst = append(dst, '\n')
			case 'r':
				dst = append(dst, '\r')
			case 't':
				dst = append(dst, '\t')
			default: // '"', '\\', '/'
				dst = append(dst, e)
			}
			i += 2
		case c < utf8.RuneSelf:
			j := i + 1
			for j < len(q) && q[j] != '\\' && q[j] < utf8.RuneSelf {
				j++
			}
			dst = append(dst, q[i:j]...)
			i = j
		default:
			r, size := utf8.DecodeRune(q[i:])
			if r == utf8.RuneError && size == 1 {
				dst = append(dst, "\uFFFD"...)
			} else {
				dst = append(dst, q[i:i+size]...)
			}
			i += size
		}
	}
	return dst
}

func utf16IsSurrogate(r rune) bool { return 0xD800 <= r && r < 0xE000 }

func hex4(b []byte) uint16 {
	var n uint16
	for _, c := range b[:4] {
		switch {
		case c <= '9':
			c -= '0'
		case c >= 'a':
			c -= 'a' - 10
		default:
			c -= 'A' - 10
		}
		n = n<<4 | uint16(c)
	}
	return n
}
