package wire

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// readAll reads every member of data with an ObjectReader, the last value of
// a duplicated key winning (as with encoding/json into a map).
func readAll(data []byte) (map[string]string, error) {
	out := map[string]string{}
	r := ReadObject(data)
	for r.Next() {
		out[string(r.Key())] = string(r.Value())
	}
	return out, r.Err()
}

func TestObjectReader(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want map[string]string
	}{
		{`{}`, map[string]string{}},
		{` null `, map[string]string{}},
		{` { "a" : 1 , "b":"x\"y", "c":{"d":[1,2,{}]} } `, map[string]string{"a": "1", "b": `"x\"y"`, "c": `{"d":[1,2,{}]}`}},
		{`{"a":1,"a":2}`, map[string]string{"a": "2"}},
		{`{"\u0074ype":"message"}`, map[string]string{"type": `"message"`}},
		{`{"caf\u00e9":true,"é":false}`, map[string]string{"café": "true", "é": "false"}},
		{"{\"\xff\":null}", map[string]string{"\ufffd": "null"}},
	} {
		got, err := readAll([]byte(tc.in))
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.in, diff)
		}
	}
	for _, in := range []string{``, ` `, `[]`, `"a"`, `1`, `nul`, `{`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{"a":1}x`, `{"a":1 "b":2}`, `{a:1}`, `{"a":[1,]}`, `null null`, `{"a":"\x01"}`} {
		got, err := readAll([]byte(in))
		if err == nil {
			t.Errorf("%q: read %v, want an error", in, got)
		} else if _, ok := err.(*Error); !ok {
			t.Errorf("%q: error %T %v, want a *Error", in, err, err)
		}
	}
}

// FuzzObjectReader checks ObjectReader against encoding/json: it accepts
// exactly the valid JSON objects (and null), and reads the same members.
func FuzzObjectReader(f *testing.F) {
	for _, s := range []string{`{}`, `null`, `{"a":1,"b":[true,{"c":null}],"a":"x"}`, `{"\u00e9\n":-1.5e3}`, `[]`, `{"a":1}}`, "{\"\xff\":0}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := readAll(data)
		trimmed := trimJSONSpace(data)
		wantOK := json.Valid(data) && (bytes.HasPrefix(trimmed, []byte("{")) || string(trimmed) == "null")
		if (err == nil) != wantOK {
			t.Fatalf("ReadObject(%q): err = %v, want ok = %v", data, err, wantOK)
		}
		if err != nil {
			return
		}
		var want map[string]json.RawMessage
		if err := json.Unmarshal(data, &want); err != nil {
			t.Fatalf("encoding/json: %v", err)
		}
		if len(want) != len(got) {
			t.Fatalf("ReadObject(%q) = %v, want %v", data, got, want)
		}
		for k, v := range want {
			if got[k] != string(v) {
				t.Fatalf("ReadObject(%q)[%q] = %s, want %s", data, k, got[k], v)
			}
		}
	})
}

func trimJSONSpace(b []byte) []byte { return bytes.Trim(b, " \t\r\n") }

// decodeLikeJSON decodes data with the Decode function for T and with
// encoding/json, starting from the same value, and reports both.
func decodeBoth[T any](decode func(*T, []byte) error, data []byte, start T) (got, want T, gotErr, wantErr error) {
	got, want = start, start
	gotErr = decode(&got, data)
	wantErr = json.Unmarshal(data, &want)
	return
}

// FuzzDecodeScalars checks DecodeString, DecodeInt, DecodeFloat and
// DecodeBool against encoding/json on single JSON values.
func FuzzDecodeScalars(f *testing.F) {
	for _, s := range []string{`"a"`, `"\u00e9\ud83d\ude00"`, "\"\xff\"", `null`, `12`, `-0`, `1.5`, `1e3`, `1e400`, `99999999999999999999`, `true`, `false`, `[]`, `{}`, `"1"`, `tru`, `"\x01"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		data = trimJSONSpace(data)
		if s, w, gotErr, wantErr := decodeBoth(DecodeString[string], data, "prev"); (gotErr == nil) != (wantErr == nil) || gotErr == nil && s != w {
			t.Errorf("DecodeString(%q) = %q, %v; encoding/json: %q, %v", data, s, gotErr, w, wantErr)
		}
		if n, w, gotErr, wantErr := decodeBoth(DecodeInt[int], data, 7); (gotErr == nil) != (wantErr == nil) || gotErr == nil && n != w {
			t.Errorf("DecodeInt(%q) = %d, %v; encoding/json: %d, %v", data, n, gotErr, w, wantErr)
		}
		if x, w, gotErr, wantErr := decodeBoth(DecodeFloat[float64], data, 7); (gotErr == nil) != (wantErr == nil) || gotErr == nil && x != w {
			t.Errorf("DecodeFloat(%q) = %v, %v; encoding/json: %v, %v", data, x, gotErr, w, wantErr)
		}
		if b, w, gotErr, wantErr := decodeBoth(DecodeBool[bool], data, true); (gotErr == nil) != (wantErr == nil) || gotErr == nil && b != w {
			t.Errorf("DecodeBool(%q) = %v, %v; encoding/json: %v, %v", data, b, gotErr, w, wantErr)
		}
		strPtr := func(p **string, b []byte) error { return DecodePtr(p, b, DecodeString[string]) }
		if p, w, gotErr, wantErr := decodeBoth(strPtr, data, new(string)); (gotErr == nil) != (wantErr == nil) || gotErr == nil && !cmp.Equal(p, w) {
			t.Errorf("DecodePtr(%q) = %v, %v; encoding/json: %v, %v", data, p, gotErr, w, wantErr)
		}
		strs := func(p *[]string, b []byte) error { return DecodeSlice(p, b, DecodeString[string]) }
		if s, w, gotErr, wantErr := decodeBoth(strs, data, []string{"prev"}); (gotErr == nil) != (wantErr == nil) || gotErr == nil && !cmp.Equal(s, w) {
			t.Errorf("DecodeSlice(%q) = %#v, %v; encoding/json: %#v, %v", data, s, gotErr, w, wantErr)
		}
	})
}

func TestDecodeErrors(t *testing.T) {
	var s string
	var n int
	for _, tc := range []struct {
		err  error
		want string
	}{
		{DecodeString(&s, []byte(`42`)), "cannot decode a JSON number into string"},
		{DecodeInt(&n, []byte(`1.5`)), "cannot decode the JSON number 1.5 into int"},
		{DecodeInt(&n, []byte(`"1"`)), "cannot decode a JSON string into int"},
		{DecodeString(&s, []byte(`"a`)), "invalid JSON: unterminated string at offset 0"},
		{DecodeSlice(new([]int), []byte(`{}`), DecodeInt[int]), "cannot decode a JSON object into a slice"},
	} {
		if tc.err == nil || tc.err.Error() != tc.want {
			t.Errorf("error %v, want %q", tc.err, tc.want)
		}
	}
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
