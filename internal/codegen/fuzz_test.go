package codegen_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	v36 "github.com/rtmkit/livechat-rtm/gen/agent/v36"
)

// FuzzUnmarshalEvent feeds arbitrary bytes to the generated Event union decoder (and through
// it to the generated struct decoders): it must never panic, whatever it accepts must
// re-encode without losing anything (every input value is in the output; the output may add
// the zero values of required fields the input lacked), and decoding is idempotent.
func FuzzUnmarshalEvent(f *testing.F) {
	for _, s := range []string{
		`{"type":"message","text":"hi","properties":{"ns":{"k":1}}}`,
		`{"type":"file","url":"https://x/y.png","width":640,"extra":[1,{"a":null}]}`,
		`{"type":"rich_message","elements":[{"title":"t","buttons":[{"type":"url","value":"v"}]}]}`,
		`{"type":"filled_form","form_id":"f","fields":[{"type":"name","label":"l","answer":"a"}]}`,
		`{"type":"hologram","depth":3}`,
		`{"type":7}`,
		`{"text":"no type"}`,
		`null`, `[]`, `"x"`, `{`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ev, err := v36.UnmarshalEvent(data)
		if err != nil || ev == nil {
			return
		}
		out, err := json.Marshal(ev)
		if err != nil {
			t.Fatalf("re-encode %s: %v", data, err)
		}
		var in, back any
		if err := json.Unmarshal(data, &in); err != nil {
			t.Fatalf("accepted invalid JSON %q", data)
		}
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("re-encoded to invalid JSON %q", out)
		}
		if path, ok := contains(back, in, "$"); !ok {
			t.Errorf("decode then encode lost %s\nin:  %s\nout: %s", path, data, out)
		}
		again, err := v36.UnmarshalEvent(out)
		if err != nil {
			t.Fatalf("the re-encoded event does not decode: %v\n%s", err, out)
		}
		out2, err := json.Marshal(again)
		if err != nil {
			t.Fatalf("re-encode again: %v", err)
		}
		var back2 any
		if err := json.Unmarshal(out2, &back2); err != nil {
			t.Fatalf("re-encoded to invalid JSON %q", out2)
		}
		if diff := cmp.Diff(back, back2); diff != "" {
			t.Errorf("decoding is not idempotent (-first +second):\n%s", diff)
		}
	})
}

// contains reports whether every value of in is in out (a JSON null in matches anything),
// and if not, where.
func contains(out, in any, path string) (string, bool) {
	switch in := in.(type) {
	case nil:
		return "", true
	case map[string]any:
		o, ok := out.(map[string]any)
		if !ok {
			return path, false
		}
		for k, v := range in {
			if p, ok := contains(o[k], v, path+"."+k); !ok {
				return p, false
			}
		}
		return "", true
	case []any:
		o, ok := out.([]any)
		if !ok || len(o) != len(in) {
			return path, false
		}
		for i := range in {
			if p, ok := contains(o[i], in[i], path+"[]"); !ok {
				return p, false
			}
		}
		return "", true
	default:
		return path, out == in
	}
}
