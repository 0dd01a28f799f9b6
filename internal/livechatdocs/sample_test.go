package livechatdocs

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestParseSampleRepairs checks each repair of the lenient sample reader: the result is the
// JSON the sample means, and each repair is reported with its line.
func TestParseSampleRepairs(t *testing.T) {
	tests := []struct {
		name, src, want string
		repairs         []string
	}{
		{"valid JSON", `{"a": 1, "b": [true, null, "x"]}`, `{"a":1,"b":[true,null,"x"]}`, nil},
		{"line comment", "{\n  \"a\": 1 // optional\n}", `{"a":1}`, []string{`line 2: comment "optional" removed`}},
		{"comment after the comma", "{\n  \"a\": 1, // optional\n  \"b\": 2\n}", `{"a":1,"b":2}`, []string{`line 2: comment "optional" removed`}},
		{"block comment", "{\"a\": /* x */ 1}", `{"a":1}`, []string{`line 1: comment "x" removed`}},
		{"trailing comma in object", "{\"a\": 1,\n}", `{"a":1}`, []string{"line 2: trailing comma removed"}},
		{"trailing comma in array", "[1, 2,]", `[1,2]`, []string{"line 1: trailing comma removed"}},
		{"placeholder", "{\n  \"thread\": {\n    // \"Thread\" object\n  }\n}", `{"thread":{}}`, []string{`line 3: comment "\"Thread\" object" removed`}},
		{"ellipsis", "{\"a\": 1,\n ...\n}", `{"a":1}`, []string{"line 2: ellipsis removed", "line 3: trailing comma removed"}},
		{"missing comma", "{\"a\": 1\n \"b\": 2}", `{"a":1,"b":2}`, []string{`line 2: missing comma added before "\"b\": 2}"`}},
		{"missing comma in array", "[{\"a\": 1} {\"a\": 2}]", `[{"a":1},{"a":2}]`, []string{"line 1: missing comma added"}},
		{"unquoted key", "{type: \"message\", 1: \"online\"}", `{"type":"message","1":"online"}`, []string{`line 1: unquoted member name "type" quoted`, `line 1: unquoted member name "1" quoted`}},
		{"extra closing brace", "{\"a\": {}\n}\n}", `{"a":{}}`, []string{`line 3: extra closing brackets "}" removed`}},
		{"escapes", `{"a": "x\/y\u00e9\n"}`, `{"a":"x/yé\n"}`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, repairs, err := ParseSample(tc.src)
			if err != nil {
				t.Fatal(err)
			}
			var got, want any
			if err := json.Unmarshal([]byte(v.JSON()), &got); err != nil {
				t.Fatalf("JSON() = %s: %v", v.JSON(), err)
			}
			if err := json.Unmarshal([]byte(tc.want), &want); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("value (-want +got):\n%s", diff)
			}
			var rs []string
			for _, r := range repairs {
				rs = append(rs, r.String())
			}
			if diff := cmp.Diff(tc.repairs, rs); diff != "" {
				t.Errorf("repairs (-want +got):\n%s", diff)
			}
		})
	}
}

// TestParseSampleMarkers checks what the reader keeps beside the value: `// optional`
// markers, placeholders, member order and lines.
func TestParseSampleMarkers(t *testing.T) {
	v, _, err := ParseSample("{\n  \"z\": 1, // optional\n  \"a\": {\n    // optional\n    \"r\": 1\n  },\n  \"u\": [\n    // array of \"User\" objects\n  ]\n}")
	if err != nil {
		t.Fatal(err)
	}
	if !cmp.Equal(v.Keys, []string{"z", "a", "u"}) {
		t.Errorf("keys = %v, want the sample's order", v.Keys)
	}
	if !v.Get("z").Optional() || !v.Get("a").Optional() || v.Get("u").Optional() {
		t.Errorf("optional: z=%v a=%v u=%v", v.Get("z").Optional(), v.Get("a").Optional(), v.Get("u").Optional())
	}
	if got := v.Get("u").Placeholders; !cmp.Equal(got, []string{`array of "User" objects`}) {
		t.Errorf("placeholders = %q", got)
	}
	if v.Get("a").Line != 3 {
		t.Errorf("line of a = %d, want 3", v.Get("a").Line)
	}
}

// TestParseSampleErrors guards against samples that cannot be repaired being accepted:
// each is an error naming the line within the sample.
func TestParseSampleErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"", "line 1: empty sample"},
		{"{\n\"a\": }", "line 2: unexpected"},
		{"{\"a\": 1", "line 1: object not closed"},
		{"[1, 2", "line 1: array not closed"},
		{"{\"a\": \"x\n\"}", "line 1: unterminated string"},
		{"{\"a\" 1}", `line 1: want ':' after "a"`},
		{"{\"a\": 01}", `line 1: invalid number "01"`},
		{"{\"a\": 1} x", `line 1: unexpected "x" after the value`},
		{strings.Repeat("[", 300), "nested too deeply"},
	}
	for _, tc := range tests {
		_, _, err := ParseSample(tc.src)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseSample(%q) = %v, want an error containing %q", tc.src, err, tc.want)
		}
	}
}

// FuzzParseSample guards the lenient reader against hostile samples: no panic, no hang,
// and what it accepts renders as valid JSON that reads back to the same value.
func FuzzParseSample(f *testing.F) {
	for _, s := range []string{
		`{"a": 1, "b": [true, null, "x"]}`,
		"{\n  \"a\": 1, // optional\n  \"t\": {\n    // \"Thread\" object\n  },\n}",
		"[{type: \"m\"} {\"a\": /* c */ 2}, ...]",
		"{\"a\": {}\n}\n}",
		`{"a": "x\/y\u00e9"}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		v, _, err := ParseSample(src)
		if err != nil {
			return
		}
		out := v.JSON()
		var first any
		if err := json.Unmarshal([]byte(out), &first); err != nil {
			t.Fatalf("accepted %q but rendered invalid JSON %q: %v", src, out, err)
		}
		v2, repairs, err := ParseSample(out)
		if err != nil || len(repairs) > 0 {
			t.Fatalf("rendered JSON %q does not read back cleanly: %v %v", out, err, repairs)
		}
		if v2.JSON() != out {
			t.Fatalf("rendering is not stable: %q then %q", out, v2.JSON())
		}
	})
}
