package wire

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"
	"unsafe"
)

// Decoder reads one JSON value that is known to be valid, in one pass: the
// generated decoders call it member by member, and nothing is scanned twice.
// Valid input is the caller's promise: a generated UnmarshalJSON checks its
// data with Valid first, rtm's frame decoder has checked a push's or a
// response's payload. On invalid input a Decoder neither panics nor loops,
// but what it decodes is unspecified.
//
// Strings decoded without escapes are copies of the input, unless the
// Decoder was made by NewAliasDecoder: they then share the input's memory,
// which must never change afterwards (rtm's push payloads, which handlers
// must not modify, are decoded so).
type Decoder struct {
	b     []byte
	i     int
	alias bool
}

// NewDecoder returns a Decoder of the valid JSON value data.
func NewDecoder(data []byte) Decoder { return Decoder{b: data} }

// NewCopyDecoder returns a Decoder of a copy of the valid JSON value data:
// its strings share the copy (one allocation, instead of one per string),
// never data, which the caller may reuse. A string kept keeps the copy
// alive.
func NewCopyDecoder(data []byte) Decoder {
	return Decoder{b: append(make([]byte, 0, len(data)), data...), alias: true}
}

// NewAliasDecoder returns a Decoder of the valid JSON value data whose
// strings share data's memory: data must never be modified while they are
// in use.
func NewAliasDecoder(data []byte) Decoder { return Decoder{b: data, alias: true} }

func (d *Decoder) ws() {
	if d.i < len(d.b) && d.b[d.i] > ' ' { // the usual case: compact JSON
		return
	}
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// peek returns the first byte of the next value (0 at the end).
func (d *Decoder) peek() byte {
	d.ws()
	if d.i >= len(d.b) {
		return 0
	}
	return d.b[d.i]
}

// Null reads a null and reports true if the next value is one; otherwise it
// reads nothing.
func (d *Decoder) Null() bool {
	if d.peek() == 'n' {
		d.i += 4
		return true
	}
	return false
}

// Object starts reading an object: true at '{' (read it, then its members
// with Member), false at null (read). Another value is skipped and is a type
// error naming goType.
func (d *Decoder) Object(goType string) (bool, error) {
	switch d.peek() {
	case '{':
		d.i++
		return true, nil
	case 'n':
		d.i += 4
		return false, nil
	}
	return false, typeError(d.Skip(), goType)
}

// Member reads the name of the next member of the object being read and
// the colon after it; it reports false (and reads the closing brace) at the
// end of the object. The name is valid until the next call.
func (d *Decoder) Member() ([]byte, bool) {
	c := d.peek()
	if c == ',' {
		d.i++
		c = d.peek()
	}
	if c != '"' {
		d.i++ // '}'
		return nil, false
	}
	start := d.i
	end, flags := d.scanString()
	key := d.b[start+1 : end-1]
	if flags != 0 {
		key = Unquote(nil, d.b[start:end])
	}
	d.ws()
	d.i++ // ':'
	return key, true
}

// Array starts reading an array: true at '[' (read it, then its elements
// while More reports true), false at null. Another value is skipped and is
// a type error naming goType.
func (d *Decoder) Array(goType string) (bool, error) {
	switch d.peek() {
	case '[':
		d.i++
		return true, nil
	case 'n':
		d.i += 4
		return false, nil
	}
	return false, typeError(d.Skip(), goType)
}

// More reports whether the array being read has another element, reading
// the comma before it or the closing bracket after the last.
func (d *Decoder) More() bool {
	switch d.peek() {
	case ',':
		d.i++
		return true
	case ']', 0:
		d.i++
		return false
	}
	return true // the first element
}

// scanString reads the string at d.i (a '"') and returns the index past its
// closing quote and its flags.
func (d *Decoder) scanString() (int, StrFlags) {
	b, i := d.b, d.i+1
	var flags StrFlags
	for i < len(b) {
		i = plainRun(b, i)
		for i < len(b) && plain[b[i]] {
			i++
		}
		if i >= len(b) {
			break
		}
		switch b[i] {
		case '"':
			d.i = i + 1
			return i + 1, flags
		case '\\':
			flags |= StrEscaped
			i += 2
		default:
			if b[i] >= utf8.RuneSelf {
				flags |= StrNonASCII
			}
			i++
		}
	}
	d.i = len(b)
	return len(b), flags | StrEscaped
}

// str returns the string b[start:end] (quoted) as a Go string.
func (d *Decoder) str(start, end int, flags StrFlags) string {
	if end-start < 2 {
		return ""
	}
	if flags == 0 {
		if d.alias && end-start > 2 {
			return unsafe.String(&d.b[start+1], end-start-2)
		}
		return string(d.b[start+1 : end-1])
	}
	u := Unquote(make([]byte, 0, end-start-2), d.b[start:end])
	return unsafe.String(unsafe.SliceData(u), len(u))
}

// Skip reads the next value and returns its raw JSON.
func (d *Decoder) Skip() []byte {
	d.ws()
	start := d.i
	b := d.b
	if d.i >= len(b) {
		return nil
	}
	switch b[d.i] {
	case '"':
		d.scanString()
	case '{', '[':
		depth := 0
		for d.i < len(b) {
			switch b[d.i] {
			case '"':
				d.scanString()
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					d.i++
					return b[start:d.i]
				}
			}
			d.i++
		}
	default:
		for d.i < len(b) {
			switch b[d.i] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				return b[start:d.i]
			}
			d.i++
		}
	}
	return b[start:d.i]
}

// Raw reads the next value and returns a copy of its raw JSON, for an
// Extra map (never shared with the input: a json.RawMessage may be
// modified).
func (d *Decoder) Raw() json.RawMessage {
	return append(json.RawMessage(nil), d.Skip()...)
}

// ReadString reads a string into *dst; null leaves *dst unchanged.
func ReadString[T ~string](dst *T, d *Decoder) error {
	switch d.peek() {
	case '"':
		start := d.i
		end, flags := d.scanString()
		*dst = T(d.str(start, end, flags))
		return nil
	case 'n':
		d.i += 4
		return nil
	}
	return typeError(d.Skip(), "string")
}

// number reads a number, or reports false (and skips the value) for another
// kind.
func (d *Decoder) number() ([]byte, bool) {
	c := d.peek()
	v := d.Skip()
	return v, c == '-' || IsDigit(c)
}

// ReadInt reads an integer into *dst as encoding/json does (1.5, 1e3 and
// out-of-range numbers are errors); null leaves *dst unchanged.
func ReadInt[T ~int](dst *T, d *Decoder) error {
	if d.Null() {
		return nil
	}
	v, ok := d.number()
	if !ok {
		return typeError(v, "int")
	}
	n, err := parseInt(v)
	if err != nil {
		return err
	}
	*dst = T(n)
	return nil
}

func parseInt(v []byte) (int, error) {
	if len(v) < 19 {
		neg := v[0] == '-'
		digits := v
		if neg {
			digits = v[1:]
		}
		n := 0
		for _, c := range digits {
			if !IsDigit(c) {
				return 0, numberError(v, "int")
			}
			n = n*10 + int(c-'0')
		}
		if neg {
			n = -n
		}
		return n, nil
	}
	n, err := strconv.ParseInt(string(v), 10, strconv.IntSize)
	if err != nil {
		return 0, numberError(v, "int")
	}
	return int(n), nil
}

func numberError(v []byte, goType string) error {
	return &Error{Msg: "cannot decode the JSON number " + clipNumber(v) + " into " + goType, Offset: -1}
}

// ReadFloat reads a number into *dst as encoding/json does (out of range is
// an error); null leaves *dst unchanged.
func ReadFloat[T ~float64](dst *T, d *Decoder) error {
	if d.Null() {
		return nil
	}
	v, ok := d.number()
	if !ok {
		return typeError(v, "float64")
	}
	f, err := strconv.ParseFloat(unsafe.String(unsafe.SliceData(v), len(v)), 64)
	if err != nil {
		return numberError(v, "float64")
	}
	*dst = T(f)
	return nil
}

// ReadBool reads true or false into *dst; null leaves *dst unchanged.
func ReadBool[T ~bool](dst *T, d *Decoder) error {
	switch d.peek() {
	case 't':
		d.i += 4
		*dst = true
		return nil
	case 'f':
		d.i += 5
		*dst = false
		return nil
	case 'n':
		d.i += 4
		return nil
	}
	return typeError(d.Skip(), "bool")
}

// ReadAny reads any value into *dst as encoding/json decodes into an
// interface{}: null as nil, objects as map[string]any (the last of
// duplicated keys wins), arrays as []any, numbers as float64 (out of range
// is an error), strings as string.
func ReadAny(dst *any, d *Decoder) error {
	v, err := d.anyValue()
	if err != nil {
		return err
	}
	*dst = v
	return nil
}

func (d *Decoder) anyValue() (any, error) {
	switch c := d.peek(); c {
	case '"':
		start := d.i
		end, flags := d.scanString()
		return d.str(start, end, flags), nil
	case '{':
		d.i++
		m := map[string]any{}
		for {
			k, ok := d.Member()
			if !ok {
				return m, nil
			}
			key := d.key(k)
			v, err := d.anyValue()
			if err != nil {
				return nil, err
			}
			m[key] = v
		}
	case '[':
		d.i++
		out := []any{}
		for d.More() {
			v, err := d.anyValue()
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case 't':
		d.i += 4
		return true, nil
	case 'f':
		d.i += 5
		return false, nil
	case 'n':
		d.i += 4
		return nil, nil
	default:
		v := d.Skip()
		f, err := strconv.ParseFloat(unsafe.String(unsafe.SliceData(v), len(v)), 64)
		if err != nil {
			return nil, numberError(v, "float64")
		}
		return f, nil
	}
}

// key returns a member name as a string to keep (a map key).
func (d *Decoder) key(k []byte) string {
	if d.alias && len(k) > 0 && d.within(k) {
		return unsafe.String(unsafe.SliceData(k), len(k))
	}
	return string(k)
}

// within reports whether k points into the input (a name without escapes).
func (d *Decoder) within(k []byte) bool {
	p, s := uintptr(unsafe.Pointer(unsafe.SliceData(k))), uintptr(unsafe.Pointer(unsafe.SliceData(d.b)))
	return p >= s && p < s+uintptr(len(d.b))
}

// ReadMap reads an object into *dst, each value with read: null sets *dst
// to nil, {} to an empty map; the last of duplicated keys wins (a member
// read again replaces the map, as a field of a generated struct does).
func ReadMap[T any](dst *map[string]T, d *Decoder, read func(*T, *Decoder) error) error {
	ok, err := d.Object("a map")
	if err != nil || !ok {
		*dst = nil
		return err
	}
	m := make(map[string]T)
	var slot *T // one value to read into, reused: &v of a local would escape to read
	for {
		k, ok := d.Member()
		if !ok {
			break
		}
		key := d.key(k)
		if slot == nil {
			slot = new(T)
		} else {
			*slot = *new(T)
		}
		if err := read(slot, d); err != nil {
			return err
		}
		m[key] = *slot
	}
	*dst = m
	return nil
}

// ReadAnyMap reads an object of any values into *dst, as ReadMap with
// ReadAny does, with one allocation less per map.
func ReadAnyMap(dst *map[string]any, d *Decoder) error {
	ok, err := d.Object("a map")
	if err != nil || !ok {
		*dst = nil
		return err
	}
	m := make(map[string]any)
	for {
		k, ok := d.Member()
		if !ok {
			break
		}
		key := d.key(k)
		v, err := d.anyValue()
		if err != nil {
			return err
		}
		m[key] = v
	}
	*dst = m
	return nil
}

// ReadSlice reads an array into *dst, each element with read: null sets
// *dst to nil, [] to an empty slice that is not nil (as encoding/json does).
func ReadSlice[T any](dst *[]T, d *Decoder, read func(*T, *Decoder) error) error {
	ok, err := d.Array("a slice")
	if err != nil || !ok {
		*dst = nil
		return err
	}
	out := make([]T, 0, 4)
	for d.More() {
		out = append(out, *new(T))
		if err := read(&out[len(out)-1], d); err != nil {
			return err
		}
	}
	*dst = out
	return nil
}

// ReadPtr reads a value into a new *T with read and stores it in *dst; null
// sets *dst to nil.
func ReadPtr[T any](dst **T, d *Decoder, read func(*T, *Decoder) error) error {
	if d.Null() {
		*dst = nil
		return nil
	}
	v := new(T)
	if err := read(v, d); err != nil {
		return err
	}
	*dst = v
	return nil
}

// Discriminator returns the string member name of the object that is the
// next value (the last one when repeated, as encoding/json keeps; "" when
// absent), without reading the object: the decoder is left before it. A
// value that is not an object, or a member name that is not a string, is a
// type error naming goType.
func (d *Decoder) Discriminator(goType, name string) (string, error) {
	return d.discriminator(goType, name, false)
}

// FirstDiscriminator is Discriminator that stops at the first member name:
// most objects have one, often before their long members. The caller checks
// the kind it decoded against the last one (generated union decoders compare
// it with the variant's discriminator field) and, if they differ, calls
// Discriminator.
func (d *Decoder) FirstDiscriminator(goType, name string) (string, error) {
	return d.discriminator(goType, name, true)
}

// Pos returns the position of the decoder in its input, for SetPos.
func (d *Decoder) Pos() int { return d.i }

// SetPos moves the decoder back to a position Pos returned.
func (d *Decoder) SetPos(i int) { d.i = i }

func (d *Decoder) discriminator(goType, name string, first bool) (string, error) {
	start := d.i
	defer func() { d.i = start }()
	if d.peek() != '{' {
		return "", typeError(d.Skip(), goType)
	}
	d.i++
	var kind string
	for {
		k, ok := d.Member()
		if !ok {
			return kind, nil
		}
		if string(k) != name {
			d.Skip()
			continue
		}
		kind = ""
		if err := ReadString(&kind, d); err != nil {
			return "", &Error{Msg: goType + "." + name + ": " + err.Error(), Offset: -1}
		}
		if first {
			return kind, nil
		}
	}
}

// ReadJSON reads a value of a type the generated code has no reader for,
// with encoding/json.
func ReadJSON[T any](dst *T, d *Decoder) error {
	return json.Unmarshal(d.Skip(), dst)
}

// ReadOptString reads an optional string: nil for null, else a pointer to
// the string, kept in *slab. A generated struct keeps its optional strings
// in one slab of capacity n (their number), so that decoding them costs one
// allocation, not one per field.
func ReadOptString[T ~string](d *Decoder, slab *[]string, n int) (*T, error) {
	if d.Null() {
		return nil, nil
	}
	if *slab == nil {
		*slab = make([]string, 0, n)
	}
	*slab = append(*slab, "")
	p := &(*slab)[len(*slab)-1]
	if err := ReadString(p, d); err != nil {
		return nil, err
	}
	return (*T)(unsafe.Pointer(p)), nil
}

// NullMember reads a null, records it in *extra with KeepNull and reports
// true; at another value it reads nothing, forgets a null recorded for an
// earlier member of the same name (the last one wins) and reports false.
func (d *Decoder) NullMember(extra *map[string]json.RawMessage, name string) bool {
	if d.Null() {
		*extra = KeepNull(*extra, name)
		return true
	}
	if *extra != nil {
		delete(*extra, name)
	}
	return false
}
