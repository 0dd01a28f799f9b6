package spec

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestEncodeRoundTripsEverySpec guards the YAML writer: every spec of spec/ (and the test
// spec) written by Encode loads back into the same model, and writing it again gives the
// same bytes.
func TestEncodeRoundTripsEverySpec(t *testing.T) {
	paths, _ := filepath.Glob("../../spec/*/*.yaml")
	paths = append(paths, "testdata/valid.yaml")
	for _, p := range paths {
		s, err := Load(p)
		if err != nil {
			t.Fatal(err)
		}
		data, err := Encode(s)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		back, err := Parse(p, data)
		if err != nil {
			t.Fatalf("%s: the encoded spec does not load: %v", p, err)
		}
		opts := cmp.Options{
			cmpopts.IgnoreTypes(Pos{}),
			cmpopts.IgnoreUnexported(Spec{}),
			cmp.Comparer(func(a, b json.RawMessage) bool { return jsonEqual(a, b) }),
			cmp.FilterPath(func(p cmp.Path) bool { return p.Last().Type() != reflect.TypeOf(json.RawMessage(nil)) }, cmpopts.EquateEmpty()),
		}
		if diff := cmp.Diff(s, back, opts); diff != "" {
			t.Errorf("%s: model after Encode and Parse differs (-loaded +round-tripped):\n%s", p, diff)
		}
		again, err := Encode(back)
		if err != nil || !bytes.Equal(data, again) {
			t.Errorf("%s: encoding is not stable (%v)", p, err)
		}
	}
}

func jsonEqual(a, b json.RawMessage) bool {
	if len(a) == 0 || len(b) == 0 {
		return len(a) == len(b)
	}
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return bytes.Equal(a, b)
	}
	return cmp.Equal(x, y)
}

// TestLoadDiffersFromDocs checks the acknowledgement keys: on items, and the top-level list
// for items the spec leaves out; an empty reason is an error.
func TestLoadDiffersFromDocs(t *testing.T) {
	s, err := Parse("a.yaml", []byte(`api: agent
version: "3.6"
doc: D.
connection: {url: "wss://x"}
differs_from_docs:
  - {item: 'action "list_agents"', reason: Web only here.}
types:
  - {name: T, doc: T., differs_from_docs: Named by us., fields: [{name: a, type: int, differs_from_docs: Sample says string.}]}
actions:
  - {name: a, doc: A., differs_from_docs: SDK only.}
pushes:
  - {name: p, doc: P., differs_from_docs: Old servers send it.}
`))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.DocsDifferences) != 1 || s.DocsDifferences[0].Item != `action "list_agents"` || s.DocsDifferences[0].Pos.Line != 6 ||
		s.Type("T").DiffersFromDocs == "" || s.Type("T").Fields[0].DiffersFromDocs == "" || s.Action("a").DiffersFromDocs == "" || s.Push("p").DiffersFromDocs == "" {
		t.Errorf("acknowledgements not read: %+v", s)
	}
	_, err = Parse("b.yaml", []byte("api: agent\nversion: \"3.6\"\ndoc: D.\nconnection: {url: \"wss://x\"}\nactions:\n  - {name: a, doc: A., differs_from_docs: \"\"}\n"))
	if err == nil || err.Error() != `b.yaml:6:43: action "a": differs_from_docs: give the reason the spec differs from the docs` {
		t.Errorf("empty reason: %v", err)
	}
}
