package wire

// ObjectReader reads the members of a JSON object one at a time, checking
// that the object is valid JSON as it goes:
//
//	r := wire.ReadObject(data)
//	for r.Next() {
//		switch string(r.Key()) {
//		case "chat_id":
//			err = wire.DecodeString(&x.ChatID, r.Value())
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
	i := SkipWS(b, r.off)
	if r.state == objStart {
		switch {
		case i >= len(b):
			return r.fail(syntaxErr("empty input", i))
		case b[i] == 'n':
			end, err := scanLiteral(b, i, "null")
			if err != nil {
				return r.fail(err)
			}
			return r.finish(end)
		case b[i] != '{':
			return r.fail(syntaxErr("not a JSON object", i))
		}
		i = SkipWS(b, i+1)
		if i < len(b) && b[i] == '}' {
			return r.finish(i + 1)
		}
		r.state = objMembers
	} else {
		switch {
		case i >= len(b):
			return r.fail(syntaxErr("unexpected end of input", i))
		case b[i] == '}':
			return r.finish(i + 1)
		case b[i] != ',':
			return r.fail(syntaxErr("expected ',' or '}'", i))
		}
		i = SkipWS(b, i+1)
	}
	if i >= len(b) || b[i] != '"' {
		return r.fail(syntaxErr("expected member name", i))
	}
	kEnd, kFlags, err := ScanString(b, i)
	if err != nil {
		return r.fail(err)
	}
	key := b[i+1 : kEnd-1]
	if kFlags != 0 {
		key = Unquote(nil, b[i:kEnd])
	}
	i = SkipWS(b, kEnd)
	if i >= len(b) || b[i] != ':' {
		return r.fail(syntaxErr("expected ':'", i))
	}
	i = SkipWS(b, i+1)
	vEnd, err := SkipValue(b, i, 1)
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
	r.err, r.key, r.val = err, nil, nil
	return false
}

func (r *ObjectReader) finish(end int) bool {
	if end = SkipWS(r.data, end); end != len(r.data) {
		return r.fail(syntaxErr("data after the JSON value", end))
	}
	r.state, r.off, r.key, r.val = objDone, end, nil, nil
	return false
}
