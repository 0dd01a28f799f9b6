package spec

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// sampleDocsRoot is ../shared/livechat-docs from the module root.
const sampleDocsRoot = "../../../shared/livechat-docs"

// sampleFileSpecs pairs the specs of customer v3.6, customer v3.7 and agent v3.7 with the sample
// files of their docs.
var sampleFileSpecs = []struct{ spec, payloads string }{
	{"../../spec/customer/v3.6.yaml", "payloads/messaging/v3.6/customer-chat-api"},
	{"../../spec/customer/v3.7.yaml", "payloads/messaging/v3.7/customer-chat-api"},
	{"../../spec/agent/v3.7.yaml", "payloads/messaging/v3.7/agent-chat-api"},
}

// partlyCovered are the sample files that wrap an array of one structure ({"fields": [...]}) of
// which the spec holds one element only, as the example of the element's type: a type has one
// `example` in this spec format. (The format with `examples: [{source, wrapped_in}]` takes the
// whole file; these files then leave this list.) The other elements have the same members.
var partlyCovered = map[string]bool{
	"payloads/messaging/v3.6/customer-chat-api/other-structures/formFields.json":    true,
	"payloads/messaging/v3.7/customer-chat-api/other-structures/formFields.json":    true,
	"payloads/messaging/v3.7/agent-chat-api/other-structures/formFields.json":       true,
	"payloads/messaging/v3.7/agent-chat-api/other-structures/filledFormFields.json": true,
}

// TestSampleFilesAreExamples: every sample file of the docs of customer v3.6, customer v3.7 and
// agent v3.7 is in the examples of its spec, so the generated tests, which decode and re-encode
// every example, round-trip it: the file whole, or, for a file that wraps its value
// ({"access": ...}, {"fields": [...]}), the value or each element of it. A file left out would
// make the round trip silently weaker. It needs ../shared/livechat-docs and skips without it.
func TestSampleFilesAreExamples(t *testing.T) {
	if _, err := os.Stat(sampleDocsRoot); err != nil {
		t.Skipf("no docs at %s", sampleDocsRoot)
	}
	for _, sf := range sampleFileSpecs {
		s, err := Load(sf.spec)
		if err != nil {
			t.Fatal(err)
		}
		var examples []any
		add := func(raw json.RawMessage) {
			if len(raw) == 0 {
				return
			}
			var v any
			if err := json.Unmarshal(raw, &v); err != nil {
				t.Fatalf("%s: %v", sf.spec, err)
			}
			examples = append(examples, v)
		}
		for _, ty := range s.Types {
			add(ty.Example)
		}
		for _, a := range s.Actions {
			add(a.Example.Request)
			add(a.Example.Response)
		}
		for _, p := range s.Pushes {
			add(p.Example)
		}
		n := 0
		err = filepath.WalkDir(filepath.Join(sampleDocsRoot, sf.payloads), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
				return err
			}
			n++
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			var v any
			if err := json.Unmarshal(data, &v); err != nil {
				t.Errorf("%s: %v", path, err)
				return nil
			}
			rel, _ := filepath.Rel(sampleDocsRoot, path)
			switch {
			case partlyCovered[filepath.ToSlash(rel)]:
				if !coveredSome(v, examples) {
					t.Errorf("%s: no element of the sample file is an example of %s", path, sf.spec)
				}
			case !covered(v, examples):
				t.Errorf("%s: the sample file is in no example of %s", path, sf.spec)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Errorf("%s: no sample files", sf.payloads)
		}
	}
}

// covered reports whether v, a sample file's value, is one of the examples or inside one; a
// wrapper object of one member ({"access": x}) is covered when x is, an array when each of its
// elements is.
func covered(v any, examples []any) bool {
	for _, e := range examples {
		if contains(e, v) {
			return true
		}
	}
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 1 {
			for _, inner := range x {
				return covered(inner, examples)
			}
		}
	case []any:
		for _, el := range x {
			if !covered(el, examples) {
				return false
			}
		}
		return len(x) > 0
	}
	return false
}

// coveredSome reports whether one element of the array a one-member wrapper holds is covered.
func coveredSome(v any, examples []any) bool {
	w, ok := v.(map[string]any)
	if !ok || len(w) != 1 {
		return false
	}
	for _, inner := range w {
		if arr, ok := inner.([]any); ok {
			for _, el := range arr {
				if covered(el, examples) {
					return true
				}
			}
		}
	}
	return false
}

// contains reports whether v is e or a value nested in e.
func contains(e, v any) bool {
	if reflect.DeepEqual(e, v) {
		return true
	}
	switch x := e.(type) {
	case map[string]any:
		for _, c := range x {
			if contains(c, v) {
				return true
			}
		}
	case []any:
		for _, c := range x {
			if contains(c, v) {
				return true
			}
		}
	}
	return false
}
