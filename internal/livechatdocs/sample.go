package livechatdocs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Value is a JSON value read from a docs sample, with what the sample said around it: object
// members keep their order, and each value knows its line, the comment that followed it on
// the same line (`// optional`) and the placeholder comments standing for content the sample
// leaves out (`// "Thread" object`).
type Value struct {
	Kind ValueKind
	Line int    // 1-based line within the sample
	Raw  string // String: the decoded string; Number: the literal; Bool: true/false
	Keys []string
	Vals []*Value // Object: the member values, parallel to Keys; Array: the items
	// Comment is the comment after the value on its line, without the slashes.
	Comment string
	// Placeholders are the comments inside an object or array that stand for left-out
	// content, without the slashes, e.g. `"Thread" object`.
	Placeholders []string
}

// ValueKind is the JSON kind of a Value.
type ValueKind int

// The kinds of JSON value.
const (
	Null ValueKind = iota
	Bool
	Number
	String
	Object
	Array
)

// Get returns the member key of an object, or nil.
func (v *Value) Get(key string) *Value {
	if v == nil || v.Kind != Object {
		return nil
	}
	for i, k := range v.Keys {
		if k == key {
			return v.Vals[i]
		}
	}
	return nil
}

// Optional reports whether the value's comment marks it optional.
func (v *Value) Optional() bool {
	return v != nil && strings.Contains(strings.ToLower(v.Comment), "optional")
}

// Repair is one change the lenient reader made to make a sample valid JSON.
type Repair struct {
	Line int
	What string
}

// String formats the repair as "line N: what".
func (r Repair) String() string { return fmt.Sprintf("line %d: %s", r.Line, r.What) }

// ParseSample reads a docs sample leniently: `//` and `/* */` comments, trailing commas, `...`
// ellipses and missing commas between members are repaired (each noted in the returned
// repairs); anything else that is not JSON is an error naming the line within the sample.
func ParseSample(src string) (*Value, []Repair, error) {
	r := &reader{src: src, line: 1, eaten: -1}
	r.skip()
	if r.pos >= len(r.src) {
		return nil, nil, fmt.Errorf("line %d: empty sample", r.line)
	}
	v, err := r.value(0)
	if err != nil {
		return nil, r.repairs, err
	}
	r.trailingComment(v)
	r.skip()
	if rest := strings.TrimSpace(r.src[r.pos:]); rest != "" && strings.Trim(rest, "}] \t\n\r,") == "" {
		r.repair(r.line, "extra closing brackets %q removed", strings.Join(strings.Fields(rest), ""))
		r.pos = len(r.src)
	}
	if r.pos < len(r.src) {
		return nil, r.repairs, fmt.Errorf("line %d: unexpected %q after the value", r.line, r.peekText())
	}
	return v, r.repairs, nil
}

// maxDepth bounds nesting, so that hostile input cannot exhaust the stack.
const maxDepth = 200

type reader struct {
	src      string
	pos      int
	line     int
	repairs  []Repair
	comments []comment // own-line comments seen by the last skip
	// eaten is the offset of a trailing comment already attached to a value, which skip
	// passes over without collecting it again (-1: none).
	eaten int
}

type comment struct {
	line int
	text string
}

func (r *reader) repair(line int, format string, args ...any) {
	r.repairs = append(r.repairs, Repair{Line: line, What: fmt.Sprintf(format, args...)})
}

func (r *reader) peekText() string {
	end := r.pos + 10
	if end > len(r.src) {
		end = len(r.src)
	}
	return r.src[r.pos:end]
}

// skip skips whitespace and comments, collecting the comments in r.comments.
func (r *reader) skip() {
	r.comments = r.comments[:0]
	for r.pos < len(r.src) {
		c := r.src[r.pos]
		switch {
		case c == '\n':
			r.line++
			r.pos++
		case c == ' ' || c == '\t' || c == '\r':
			r.pos++
		case strings.HasPrefix(r.src[r.pos:], "//"):
			end := strings.IndexByte(r.src[r.pos:], '\n')
			if end < 0 {
				end = len(r.src) - r.pos
			}
			if r.pos == r.eaten {
				r.pos += end
				continue
			}
			text := strings.TrimSpace(r.src[r.pos+2 : r.pos+end])
			r.comments = append(r.comments, comment{line: r.line, text: text})
			r.repair(r.line, "comment %q removed", text)
			r.pos += end
		case strings.HasPrefix(r.src[r.pos:], "/*"):
			end := strings.Index(r.src[r.pos+2:], "*/")
			start := r.line
			if end < 0 {
				r.pos = len(r.src)
				r.repair(start, "unterminated comment removed")
				return
			}
			text := r.src[r.pos+2 : r.pos+2+end]
			r.line += strings.Count(text, "\n")
			r.comments = append(r.comments, comment{line: start, text: strings.TrimSpace(text)})
			r.repair(start, "comment %q removed", strings.TrimSpace(text))
			r.pos += end + 4
		case strings.HasPrefix(r.src[r.pos:], "..."):
			r.repair(r.line, "ellipsis removed")
			r.pos += 3
		default:
			return
		}
	}
}

// trailingComment attaches a comment that follows v on v's last line (before or after a
// comma) to v.
func (r *reader) trailingComment(v *Value) {
	save := r.pos
	line := r.line
	for r.pos < len(r.src) && (r.src[r.pos] == ' ' || r.src[r.pos] == '\t' || r.src[r.pos] == ',') {
		r.pos++
	}
	if strings.HasPrefix(r.src[r.pos:], "//") {
		end := strings.IndexByte(r.src[r.pos:], '\n')
		if end < 0 {
			end = len(r.src) - r.pos
		}
		v.Comment = strings.TrimSpace(r.src[r.pos+2 : r.pos+end])
		r.repair(line, "comment %q removed", v.Comment)
		// Keep the comma for the caller: rewind to it; skip passes over the comment.
		r.eaten = r.pos
	}
	r.pos = save
}

var bareKeyRE = regexp.MustCompile(`^[A-Za-z0-9_$]+`)

var placeholderRE = regexp.MustCompile(`"[^"]+"|\b[A-Z][A-Za-z ]+ object`)

// isPlaceholder reports whether an own-line comment stands for left-out content.
func isPlaceholder(text string) bool {
	l := strings.ToLower(text)
	return placeholderRE.MatchString(text) && (strings.Contains(l, "object") || strings.Contains(l, "event") || strings.Contains(l, "array"))
}

func (r *reader) value(depth int) (*Value, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("line %d: nested too deeply", r.line)
	}
	if r.pos >= len(r.src) {
		return nil, fmt.Errorf("line %d: unexpected end of sample", r.line)
	}
	line := r.line
	switch c := r.src[r.pos]; {
	case c == '{':
		return r.object(depth)
	case c == '[':
		return r.array(depth)
	case c == '"':
		s, err := r.str()
		if err != nil {
			return nil, err
		}
		// Invalid UTF-8 becomes U+FFFD here, as encoding/json would, so that rendering is stable.
		return &Value{Kind: String, Line: line, Raw: strings.ToValidUTF8(s, "\uFFFD")}, nil
	case c == '-' || (c >= '0' && c <= '9'):
		start := r.pos
		for r.pos < len(r.src) && strings.IndexByte("+-.eE0123456789", r.src[r.pos]) >= 0 {
			r.pos++
		}
		lit := r.src[start:r.pos]
		if !json.Valid([]byte(lit)) {
			return nil, fmt.Errorf("line %d: invalid number %q", line, lit)
		}
		if _, err := strconv.ParseFloat(lit, 64); err != nil {
			return nil, fmt.Errorf("line %d: number %.20s... out of range", line, lit)
		}
		return &Value{Kind: Number, Line: line, Raw: lit}, nil
	default:
		for _, w := range []struct {
			word string
			kind ValueKind
		}{{"true", Bool}, {"false", Bool}, {"null", Null}} {
			if strings.HasPrefix(r.src[r.pos:], w.word) {
				r.pos += len(w.word)
				return &Value{Kind: w.kind, Line: line, Raw: w.word}, nil
			}
		}
		return nil, fmt.Errorf("line %d: unexpected %q", line, r.peekText())
	}
}

func (r *reader) str() (string, error) {
	start, line := r.pos, r.line
	r.pos++
	for r.pos < len(r.src) {
		switch r.src[r.pos] {
		case '\\':
			r.pos += 2
			continue
		case '\n':
			return "", fmt.Errorf("line %d: unterminated string", line)
		case '"':
			r.pos++
			s, err := strconv.Unquote(r.src[start:r.pos])
			if err != nil {
				// JSON escapes that Go does not know (\/) are rare; decode with encoding/json.
				var js string
				if json.Unmarshal([]byte(r.src[start:r.pos]), &js) != nil {
					return "", fmt.Errorf("line %d: invalid string %s", line, r.src[start:r.pos])
				}
				return js, nil
			}
			return s, nil
		}
		r.pos++
	}
	return "", fmt.Errorf("line %d: unterminated string", line)
}

func (r *reader) placeholders(v *Value) {
	for _, c := range r.comments {
		if isPlaceholder(c.text) {
			v.Placeholders = append(v.Placeholders, c.text)
		}
	}
}

func (r *reader) object(depth int) (*Value, error) {
	v := &Value{Kind: Object, Line: r.line}
	r.pos++
	for {
		r.skip()
		r.placeholders(v)
		if len(v.Keys) == 0 && v.Comment == "" {
			// `"data": { // optional` or an own-line `// optional` first inside the object:
			// the object itself is optional.
			for _, c := range r.comments {
				if strings.EqualFold(c.text, "optional") {
					v.Comment = c.text
				}
			}
		}
		if r.pos >= len(r.src) {
			return nil, fmt.Errorf("line %d: object not closed", v.Line)
		}
		if r.src[r.pos] == '}' {
			r.pos++
			return v, nil
		}
		var key string
		if r.src[r.pos] == '"' {
			k, err := r.str()
			if err != nil {
				return nil, err
			}
			key = strings.ToValidUTF8(k, "\uFFFD")
		} else if m := bareKeyRE.FindString(r.src[r.pos:]); m != "" {
			key = m
			r.pos += len(m)
			r.repair(r.line, "unquoted member name %q quoted", m)
		} else {
			return nil, fmt.Errorf("line %d: want a member name, got %q", r.line, r.peekText())
		}
		r.skip()
		if r.pos >= len(r.src) || r.src[r.pos] != ':' {
			return nil, fmt.Errorf("line %d: want ':' after %q", r.line, key)
		}
		r.pos++
		r.skip()
		r.placeholders(v)
		val, err := r.value(depth + 1)
		if err != nil {
			return nil, err
		}
		r.trailingComment(val)
		v.Keys = append(v.Keys, key)
		v.Vals = append(v.Vals, val)
		r.skip()
		r.placeholders(v)
		if r.pos >= len(r.src) {
			return nil, fmt.Errorf("line %d: object not closed", v.Line)
		}
		switch r.src[r.pos] {
		case ',':
			r.pos++
			r.skip()
			r.placeholders(v)
			if r.pos < len(r.src) && r.src[r.pos] == '}' {
				r.repair(r.line, "trailing comma removed")
			}
		case '}':
		case '"':
			r.repair(r.line, "missing comma added before %q", r.peekText())
		default:
			return nil, fmt.Errorf("line %d: want ',' or '}' after member %q, got %q", r.line, key, r.peekText())
		}
	}
}

func (r *reader) array(depth int) (*Value, error) {
	v := &Value{Kind: Array, Line: r.line}
	r.pos++
	for {
		r.skip()
		r.placeholders(v)
		if r.pos >= len(r.src) {
			return nil, fmt.Errorf("line %d: array not closed", v.Line)
		}
		if r.src[r.pos] == ']' {
			r.pos++
			return v, nil
		}
		item, err := r.value(depth + 1)
		if err != nil {
			return nil, err
		}
		r.trailingComment(item)
		v.Vals = append(v.Vals, item)
		r.skip()
		r.placeholders(v)
		if r.pos >= len(r.src) {
			return nil, fmt.Errorf("line %d: array not closed", v.Line)
		}
		switch r.src[r.pos] {
		case ',':
			r.pos++
			r.skip()
			r.placeholders(v)
			if r.pos < len(r.src) && r.src[r.pos] == ']' {
				r.repair(r.line, "trailing comma removed")
			}
		case ']':
		case '{', '[', '"':
			r.repair(r.line, "missing comma added")
		default:
			return nil, fmt.Errorf("line %d: want ',' or ']' in array, got %q", r.line, r.peekText())
		}
	}
}

// JSON renders the value as indented JSON, members in their sample order.
func (v *Value) JSON() string {
	var b bytes.Buffer
	v.write(&b, "")
	return b.String()
}

func (v *Value) write(b *bytes.Buffer, indent string) {
	switch v.Kind {
	case Null:
		b.WriteString("null")
	case Bool, Number:
		b.WriteString(v.Raw)
	case String:
		enc, _ := json.Marshal(v.Raw)
		b.Write(enc)
	case Object:
		if len(v.Keys) == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteString("{\n")
		for i, k := range v.Keys {
			b.WriteString(indent + "  ")
			enc, _ := json.Marshal(k)
			b.Write(enc)
			b.WriteString(": ")
			v.Vals[i].write(b, indent+"  ")
			if i < len(v.Keys)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(indent + "}")
	case Array:
		if len(v.Vals) == 0 {
			b.WriteString("[]")
			return
		}
		b.WriteString("[\n")
		for i, it := range v.Vals {
			b.WriteString(indent + "  ")
			it.write(b, indent+"  ")
			if i < len(v.Vals)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(indent + "]")
	}
}
