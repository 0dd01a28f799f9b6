package wire

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestValid: Valid accepts one JSON value with space around, and refuses
// anything else with an *Error that names the position.
func TestValid(t *testing.T) {
	for _, in := range []string{`{}`, ` null `, ` { "a" : 1 , "b":"x\"y", "c":{"d":[1,2,{}]} } `, `"\u00e9"`, "\"\xff\"", `-0.5e+3`, `[true,false,null]`} {
		if err := Valid([]byte(in)); err != nil {
			t.Errorf("Valid(%q) = %v", in, err)
		}
	}
	for _, in := range []string{``, ` `, `nul`, `{`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{"a":1}x`, `{"a":1 "b":2}`, `{a:1}`, `{"a":[1,]}`, `null null`, `{"a":"\x01"}`, `01`, `1.`, `"\q"`, `"\u12"`} {
		err := Valid([]byte(in))
		if _, ok := err.(*Error); !ok {
			t.Errorf("Valid(%q) = %v, want an *Error", in, err)
		}
	}
}

func trimJSONSpace(b []byte) []byte { return bytes.Trim(b, " \t\r\n") }

// readBoth reads data with read (after Valid, as generated code does) and
// with encoding/json, starting from the same value, and reports both.
func readBoth[T any](read func(*T, *Decoder) error, data []byte, start T) (got, want T, gotErr, wantErr error) {
	got, want = start, start
	wantErr = json.Unmarshal(data, &want)
	if gotErr = Valid(data); gotErr == nil {
		d := NewDecoder(data)
		gotErr = read(&got, &d)
	}
	return
}

// FuzzDecodeScalars checks ReadString, ReadInt, ReadFloat, ReadBool,
// ReadPtr and ReadSlice (behind Valid) against encoding/json on single JSON
// values: the same values, null leaving scalars unchanged, the same
// failures.
func FuzzDecodeScalars(f *testing.F) {
	for _, s := range []string{`"a"`, `"\u00e9\ud83d\ude00"`, "\"\xff\"", `null`, `12`, `-0`, `1.5`, `1e3`, `1e400`, `99999999999999999999`, `-9223372036854775808`, `true`, `false`, `[]`, `{}`, `"1"`, `tru`, `"\x01"`, `["a",null]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		data = trimJSONSpace(data)
		if s, w, gotErr, wantErr := readBoth(ReadString[string], data, "prev"); (gotErr == nil) != (wantErr == nil) || gotErr == nil && s != w {
			t.Errorf("ReadString(%q) = %q, %v; encoding/json: %q, %v", data, s, gotErr, w, wantErr)
		}
		if n, w, gotErr, wantErr := readBoth(ReadInt[int], data, 7); (gotErr == nil) != (wantErr == nil) || gotErr == nil && n != w {
			t.Errorf("ReadInt(%q) = %d, %v; encoding/json: %d, %v", data, n, gotErr, w, wantErr)
		}
		if x, w, gotErr, wantErr := readBoth(ReadFloat[float64], data, 7); (gotErr == nil) != (wantErr == nil) || gotErr == nil && x != w {
			t.Errorf("ReadFloat(%q) = %v, %v; encoding/json: %v, %v", data, x, gotErr, w, wantErr)
		}
		if b, w, gotErr, wantErr := readBoth(ReadBool[bool], data, true); (gotErr == nil) != (wantErr == nil) || gotErr == nil && b != w {
			t.Errorf("ReadBool(%q) = %v, %v; encoding/json: %v, %v", data, b, gotErr, w, wantErr)
		}
		strPtr := func(p **string, d *Decoder) error { return ReadPtr(p, d, ReadString[string]) }
		if p, w, gotErr, wantErr := readBoth(strPtr, data, new(string)); (gotErr == nil) != (wantErr == nil) || gotErr == nil && !cmp.Equal(p, w) {
			t.Errorf("ReadPtr(%q) = %v, %v; encoding/json: %v, %v", data, p, gotErr, w, wantErr)
		}
		strs := func(p *[]string, d *Decoder) error { return ReadSlice(p, d, ReadString[string]) }
		// From nil, as a generated struct's slice always is when read (readJSON zeroes the
		// struct first): into an existing slice, encoding/json reuses its elements, so that
		// [null] into ["prev"] is ["prev"] (the seed 918927424edd5de4 found it).
		if s, w, gotErr, wantErr := readBoth(strs, data, nil); (gotErr == nil) != (wantErr == nil) || gotErr == nil && !cmp.Equal(s, w) {
			t.Errorf("ReadSlice(%q) = %#v, %v; encoding/json: %#v, %v", data, s, gotErr, w, wantErr)
		}
	})
}

// FuzzAppendString checks AppendString against json.Marshal.
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "x", `a"b\c`, "<&>", "\xff", "\u2028", "😀\x00\x7f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := AppendString([]byte("x"), s); !bytes.Equal(got[1:], want) || got[0] != 'x' {
			t.Fatalf("AppendString(%q) = %s, want %s", s, got[1:], want)
		}
	})
}

func TestAppendFields(t *testing.T) {
	fields := map[string]json.RawMessage{"b": json.RawMessage(` [1, 2] `), "a<": json.RawMessage(`"x"`), "c": nil}
	got, err := AppendFields([]byte(`{"k":0`), true, fields, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"k":0,"a\u003c":"x","b": [1, 2] ,"c":null`; string(got) != want {
		t.Errorf("got %s, want %s", got, want)
	}
	got, _ = AppendFields([]byte(`{`), false, map[string]json.RawMessage{"a": json.RawMessage(`1`), "b": nil}, func(k string) bool { return k == "b" })
	if string(got) != `{"a":1` {
		t.Errorf("got %s", got)
	}
	_, err = AppendFields(nil, false, map[string]json.RawMessage{"bad": json.RawMessage(`{`)}, nil)
	if err == nil || !strings.Contains(err.Error(), `field "bad"`) {
		t.Errorf("invalid value: err = %v", err)
	}
}
