package wire

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// readWith checks data with Valid, then reads it with read through a
// Decoder (copying or aliasing); ok is false when Valid refused it.
func readWith[T any](data []byte, alias bool, read func(*T, *Decoder) error) (v T, ok bool, err error) {
	if Valid(data) != nil {
		return v, false, nil
	}
	d := NewDecoder(data)
	if alias {
		d = NewCopyDecoder(data)
	}
	err = read(&v, &d)
	return v, true, err
}

// nanSafe compares floats so that cmp does not trip on NaN (JSON has none,
// but a failed comparison must print the values).
var nanSafe = cmp.Comparer(func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) })

// FuzzReadAny checks ReadAny and the Decoder under it against encoding/json
// decoding into an interface{}: the same inputs accepted (after Valid), the
// same values (numbers as float64, the last of duplicated keys, invalid
// UTF-8 and lone surrogates as U+FFFD, null as nil), the same failures
// (numbers out of range).
func FuzzReadAny(f *testing.F) {
	for _, s := range []string{`null`, `true`, `{"a":1,"a":{"b":[1,2.5e3,-0,"x"]}}`, `"\u00e9\ud800\ud83d\ude00"`, "\"\xff\xed\xa0\x80\"",
		`[1e400]`, `{"\u0061":"k","a":null}`, `[[],{},""]`, ` {"lc2" : {"welcome_message": false}} `, `{"a":1}x`, `[1,]`, `01`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var want any
		wantErr := json.Unmarshal(data, &want)
		for _, alias := range []bool{false, true} {
			got, ok, err := readWith(data, alias, ReadAny)
			if !ok {
				if json.Valid(data) {
					t.Fatalf("Valid(%q) refused valid JSON", data)
				}
				continue
			}
			if !json.Valid(data) {
				t.Fatalf("Valid(%q) accepted invalid JSON", data)
			}
			if (err == nil) != (wantErr == nil) {
				t.Fatalf("ReadAny(%q) error %v; encoding/json: %v", data, err, wantErr)
			}
			if err == nil && !cmp.Equal(want, got, nanSafe) {
				t.Fatalf("ReadAny(%q) (alias %v): %s", data, alias, cmp.Diff(want, got, nanSafe))
			}
		}
	})
}

// FuzzReadTyped checks the typed readers the generated code uses (maps of
// maps of any as properties are, slices of strings, optional strings and
// ints, the discriminator) against encoding/json on the same bytes.
func FuzzReadTyped(f *testing.F) {
	for _, s := range []string{`{"lc2":{"welcome_message":false}}`, `{"a":{"b":1},"a":{"c":2}}`, `{"a":null}`, `null`, `{}`, `[]`,
		`["x","\u00e9",null]`, `"s"`, `12`, `1.5`, `-0`, `99999999999999999999`, `{"type":"message","type":"file"}`, `{"type":7}`} {
		f.Add([]byte(s))
	}
	props := func(v *map[string]map[string]any, d *Decoder) error {
		return ReadMap(v, d, ReadAnyMap)
	}
	strs := func(v *[]string, d *Decoder) error { return ReadSlice(v, d, ReadString[string]) }
	ptrInt := func(v **int, d *Decoder) error { return ReadPtr(v, d, ReadInt[int]) }
	opt := func(v **string, d *Decoder) error {
		var slab []string
		p, err := ReadOptString[string](d, &slab, 1)
		*v = p
		return err
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		check := func(name string, got, want any, err, wantErr error) {
			t.Helper()
			if (err == nil) != (wantErr == nil) || err == nil && !cmp.Equal(want, got, nanSafe) {
				t.Fatalf("%s(%q) = %#v, %v; encoding/json: %#v, %v", name, data, got, err, want, wantErr)
			}
		}
		if Valid(data) != nil {
			return
		}
		{
			var want map[string]map[string]any
			wantErr := json.Unmarshal(data, &want)
			got, _, err := readWith(data, true, props)
			check("properties", got, want, err, wantErr)
		}
		{
			var want map[string]any
			wantErr := json.Unmarshal(data, &want)
			got, _, err := readWith(data, false, func(v *map[string]any, d *Decoder) error { return ReadMap(v, d, ReadAny) })
			check("map[string]any", got, want, err, wantErr)
		}
		{
			var want []string
			wantErr := json.Unmarshal(data, &want)
			got, _, err := readWith(data, false, strs)
			check("[]string", got, want, err, wantErr)
		}
		{
			var want *int
			wantErr := json.Unmarshal(data, &want)
			got, _, err := readWith(data, false, ptrInt)
			check("*int", got, want, err, wantErr)
		}
		{
			var want *string
			wantErr := json.Unmarshal(data, &want)
			got, _, err := readWith(data, true, opt)
			check("optional string", got, want, err, wantErr)
		}
		{
			var want struct {
				Type string `json:"type"`
			}
			wantErr := json.Unmarshal(data, &want)
			d := NewDecoder(data)
			kind, err := d.Discriminator("Event", "type")
			if wantErr == nil && err != nil && !isTypeMismatchOfObject(data) {
				t.Fatalf("Discriminator(%q) = %v; encoding/json: %q", data, err, want.Type)
			}
			if err == nil && wantErr == nil && kind != want.Type {
				t.Fatalf("Discriminator(%q) = %q; encoding/json: %q", data, kind, want.Type)
			}
		}
	})
}

// isTypeMismatchOfObject: encoding/json decodes null into a struct, where
// Discriminator (whose caller handles null first) refuses a non-object.
func isTypeMismatchOfObject(data []byte) bool {
	d := NewDecoder(data)
	return d.peek() == 'n'
}

func TestDecoderErrors(t *testing.T) {
	for _, tc := range []struct {
		in   string
		read func(d *Decoder) error
		want string
	}{
		{`"x"`, func(d *Decoder) error { var n int; return ReadInt(&n, d) }, "cannot decode a JSON string into int"},
		{`1.5`, func(d *Decoder) error { var n int; return ReadInt(&n, d) }, "cannot decode the JSON number 1.5 into int"},
		{`[1]`, func(d *Decoder) error { var m map[string]any; return ReadMap(&m, d, ReadAny) }, "cannot decode a JSON array into a map"},
		{`{"type":1}`, func(d *Decoder) error { _, err := d.Discriminator("Event", "type"); return err }, "Event.type: cannot decode a JSON number into string"},
		{`[1e999]`, func(d *Decoder) error { var v any; return ReadAny(&v, d) }, "cannot decode the JSON number 1e999 into float64"},
	} {
		d := NewDecoder([]byte(tc.in))
		if err := tc.read(&d); err == nil || err.Error() != tc.want {
			t.Errorf("%s: error %v, want %q", tc.in, err, tc.want)
		}
	}
}
