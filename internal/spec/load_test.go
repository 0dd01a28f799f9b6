package spec

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestLoadValid(t *testing.T) {
	s, err := Load("testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if s.API != "agent" || s.Version != "9.9" || s.Path != "testdata/valid.yaml" {
		t.Errorf("header = %q %q %q", s.API, s.Version, s.Path)
	}
	c := s.Connection
	if c.PingInterval != 15*time.Second || c.MaxPendingRequests != 10 || c.DefaultRegion().Name != "dal" || len(c.Query) != 1 {
		t.Errorf("connection = %+v", c)
	}
	a := s.Action("send_event")
	if a == nil || !a.RTM() || !a.Web() || !a.HasResponse || len(a.Params) != 4 {
		t.Fatalf("send_event = %+v", a)
	}
	if got := a.Params[0]; got.RenamedFrom != "id" || !got.Required || got.Type.Kind != String {
		t.Errorf("param chat_id = %+v", got)
	}
	if got := a.Params[2]; got.Default != "desc" || !cmp.Equal(got.Enum, []EnumValue{{Value: "asc"}, {Value: "desc"}}) {
		t.Errorf("param sort_order = %+v", got)
	}
	if lo := s.Action("logout"); !lo.HasResponse || len(lo.Response) != 0 || !lo.RTM() {
		t.Errorf("logout = %+v", lo)
	}
	if up := s.Action("upload"); up.RTM() || !up.Web() || up.HasResponse {
		t.Errorf("upload = %+v", up)
	}
	if ev := s.Type("Event"); ev.Kind != UnionType || ev.Union.Discriminator != "type" || ev.Union.Variants[0].Type != "MessageEvent" {
		t.Errorf("Event = %+v", ev)
	}
	if v := s.Type("Visibility"); v.Kind != DefType || !cmp.Equal(v.Enum, []EnumValue{{Value: "all"}, {Value: "agents", Doc: "Agents only."}}) {
		t.Errorf("Visibility = %+v", v)
	}
	if p := s.Type("Properties"); p.Def.String() != "map[string]map[string]any" {
		t.Errorf("Properties = %s", p.Def)
	}
	th := s.Type("Thread")
	if th.Fields[3].Type.Kind != Object || th.Fields[3].Fields[0].Name != "text" || len(th.Example) == 0 {
		t.Errorf("Thread = %+v", th)
	}
	if th.Pos.Line != 17 {
		t.Errorf("Thread at line %d, want 17", th.Pos.Line)
	}
	if ls := s.Action("list_statuses"); ls.ResponseType.String() != "[]object" || len(ls.Response) != 2 || ls.Example.Undeclared[0] != "response.[0].extra" {
		t.Errorf("list_statuses = %+v", ls)
	}
	if tu := s.Push("totals_updated"); tu.PayloadType.String() != "map[string]int" || string(tu.Example) != "{\"sub1\": 4}\n" {
		t.Errorf("totals_updated = %+v", tu)
	}
	if p := s.Push("mystery"); !p.Undocumented {
		t.Errorf("mystery = %+v", p)
	}
	if ex := s.Type("Properties").Examples; len(ex) != 1 || ex[0].WrappedIn != "properties" || ex[0].Source != "payloads/messaging/v9.9/agent-chat-api/other-structures/properties.json" || len(ex[0].JSON) == 0 {
		t.Errorf("Properties examples = %+v", ex)
	}
	if s.Action("nope") != nil || s.Push("nope") != nil || s.Type("Nope") != nil {
		t.Error("lookup of an unknown name found something")
	}
}

// TestLoadJSON checks that a spec written as JSON loads like YAML.
func TestLoadJSON(t *testing.T) {
	data := `{"api": "customer", "version": "3.2", "doc": "d",
	  "connection": {"url": "wss://x/ws"},
	  "actions": [{"name": "ping_me", "doc": "d", "params": [{"name": "a", "type": "[]int", "required": true}]}]}`
	s, err := Parse("x.json", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Action("ping_me").Params[0].Type.String(); got != "[]int" {
		t.Errorf("type = %s", got)
	}
}

// TestLoadErrors feeds broken specs and checks the first error, with its position.
func TestLoadErrors(t *testing.T) {
	const head = "api: agent\nversion: \"3.6\"\ndoc: d\nconnection: {url: \"wss://x\"}\n"
	tests := []struct {
		name, spec, want string
	}{
		{"yaml syntax", "a: b\nc: d\n  e: f\n", `x.yaml:3: invalid YAML: mapping values are not allowed in this context`},
		{"empty", "", `x.yaml:1:1: empty spec`},
		{"not a mapping", "- a\n", `x.yaml:1:1: want a mapping, got a list`},
		{"missing key", "api: agent\nversion: \"3.0\"\ndoc: d\n", `x.yaml:1:1: missing key "connection"`},
		{"unknown top key", head + "actons: []\n", `x.yaml:5:1: unknown key "actons"`},
		{"duplicate key", head + "doc: again\n", `x.yaml:5:1: duplicate key "doc"`},
		{"bad api", "api: admin\nversion: \"3.6\"\ndoc: d\nconnection: {url: \"wss://x\"}\n", `x.yaml:1:6: api: want agent or customer, got "admin"`},
		{"bad status", head + "status: beta\n", `x.yaml:5:9: status: want stable, preview or deprecated, got "beta"`},
		{"unquoted version", "api: agent\nversion: 3.6\ndoc: d\nconnection: {url: \"wss://x\"}\n", `x.yaml:2:10: version: want a string, got a number (quote it)`},
		{"bad url", "api: agent\nversion: \"3.6\"\ndoc: d\nconnection: {url: \"https://x\"}\n", `connection: url: want a ws:// or wss:// URL, got "https://x"`},
		{"bad ping", head[:len(head)-2] + ", ping_interval: soon}\n", `x.yaml:4:45: connection: ping_interval: want a positive duration such as 15s, got "soon"`},
		{"two default regions", head[:len(head)-2] + ", regions: [{name: a, url: \"wss://a\", default: true}, {name: b, url: \"wss://b\", default: true}]}\n", `regions: 2 regions marked default`},
		{"unknown type", head + "actions:\n  - name: send_event\n    doc: d\n    params:\n      - {name: chat_id, type: strng}\n",
			`x.yaml:9:31: action "send_event": param "chat_id": unknown type "strng"`},
		{"unknown named type", head + "actions:\n  - name: send_event\n    doc: d\n    params:\n      - {name: chat, type: \"[]Chatt\"}\n",
			`x.yaml:9:28: action "send_event": param "chat": unknown type "Chatt"`},
		{"bad map key", head + "types:\n  - {name: T, doc: d, type: \"map[int]string\"}\n", `type "T": malformed type "map[int]string": map keys must be string`},
		{"missing element", head + "types:\n  - {name: T, doc: d, type: \"[]\"}\n", `type "T": malformed type "[]": missing element type`},
		{"duplicate action", head + "actions:\n  - {name: a, doc: d}\n  - {name: a, doc: d}\n", `x.yaml:7:5: action "a": duplicate action (first at line 6)`},
		{"duplicate push", head + "pushes:\n  - {name: p, doc: d}\n  - {name: p, doc: d}\n", `x.yaml:7:5: push "p": duplicate push (first at line 6)`},
		{"duplicate type", head + "types:\n  - {name: T, doc: d, type: string}\n  - {name: T, doc: d, type: int}\n", `x.yaml:7:5: type "T": duplicate type (first at line 6)`},
		{"duplicate param", head + "actions:\n  - name: a\n    doc: d\n    params:\n      - {name: x, type: int}\n      - {name: x, type: int}\n",
			`x.yaml:10:9: action "a": param "x": duplicate param (first at line 9)`},
		{"duplicate inline field", head + "types:\n  - name: T\n    doc: d\n    fields:\n      - name: o\n        type: object\n        fields: [{name: x, type: int}, {name: x, type: int}]\n",
			`type "T": field "o": field "x": duplicate field`},
		{"undefined push", head + "actions:\n  - {name: a, doc: d, pushes: [nope]}\n", `x.yaml:6:32: action "a": pushes: push "nope" is not defined`},
		{"enum on int", head + "actions:\n  - name: a\n    doc: d\n    params:\n      - {name: x, type: int, enum: [a]}\n", `param "x": enum on a non-string type int`},
		{"enum on type int", head + "types:\n  - {name: T, doc: d, type: int, enum: [a]}\n", `type "T": enum on a non-string type int`},
		{"empty name", head + "actions:\n  - {name: \"\", doc: d}\n", `x.yaml:6:5: action "": empty name`},
		{"empty field name", head + "actions:\n  - name: a\n    doc: d\n    params: [{name: \"\", type: int}]\n", `action "a": param "": empty name`},
		{"missing doc", head + "actions:\n  - {name: a}\n", `x.yaml:6:5: action "a": missing key "doc"`},
		{"empty doc", head + "actions:\n  - {name: a, doc: \"  \"}\n", `action "a": doc: empty`},
		{"bad transport", head + "actions:\n  - {name: a, doc: d, transports: [http]}\n", `action "a": transports: unknown transport "http"`},
		{"object without fields", head + "actions:\n  - name: a\n    doc: d\n    params: [{name: o, type: object}]\n", `param "o": type object needs fields`},
		{"fields on scalar", head + "actions:\n  - name: a\n    doc: d\n    params: [{name: o, type: int, fields: [{name: x, type: int}]}]\n", `param "o": fields given, but type int is not an inline object`},
		{"type with two kinds", head + "types:\n  - {name: T, doc: d, type: int, fields: []}\n", `type "T": has [type fields]`},
		{"type with no kind", head + "types:\n  - {name: T, doc: d}\n", `type "T": needs one of fields, type or union`},
		{"lower-case type name", head + "types:\n  - {name: thread, doc: d, type: int}\n", `type "thread": type names are PascalCase`},
		{"union variant unknown", head + "types:\n  - name: E\n    doc: d\n    union: {discriminator: type, variants: [{value: m, type: M}]}\n", `type "E": variant "m": unknown type "M"`},
		{"union variant without discriminator", head + "types:\n  - name: E\n    doc: d\n    union: {discriminator: type, variants: [{value: m, type: M}]}\n  - {name: M, doc: d, fields: [{name: text, type: string}]}\n",
			`type "E": variant "m": type "M" has no string field "type"`},
		{"recursive type", head + "types:\n  - {name: A, doc: d, fields: [{name: b, type: B, required: true}]}\n  - {name: B, doc: d, fields: [{name: a, type: A, required: true}]}\n",
			`contains itself by value: A -> B -> A`},
		{"bad example", head + "pushes:\n  - {name: p, doc: d, example: \"{nope\"}\n", `push "p": example payload: invalid JSON`},
		{"example not object", head + "actions:\n  - name: a\n    doc: d\n    example: {request: \"[1]\"}\n", `action "a": example request: want a JSON object`},
		{"undocumented push with fields", head + "pushes:\n  - {name: p, doc: d, undocumented: true, notes: [n], fields: [{name: x, type: int}]}\n", `push "p": undocumented push has fields`},
		{"undocumented push without note", head + "pushes:\n  - {name: p, doc: d, undocumented: true}\n", `push "p": undocumented push needs a note`},
		{"self rename", head + "actions:\n  - {name: a, doc: d, renamed_from: a}\n", `action "a": renamed_from: names itself`},
		{"required not bool", head + "actions:\n  - name: a\n    doc: d\n    params: [{name: x, type: int, required: yes please}]\n", `param "x": required: want true or false`},
		{"duplicate error", head + "errors:\n  - {type: internal}\n  - {type: internal}\n", `error "internal": duplicate error type`},
		{"duplicate enum value", head + "types:\n  - {name: T, doc: d, type: string, enum: [a, a]}\n", `enum: duplicate value "a"`},
		{"response_type not a container", head + "actions:\n  - {name: a, doc: d, response_type: int}\n", `x.yaml:6:38: action "a": response_type: want an array or map type`},
		{"response_type object without fields", head + "actions:\n  - {name: a, doc: d, response_type: \"[]object\"}\n", `action "a": response_type: []object needs response describing the object`},
		{"payload_type fields without object", head + "pushes:\n  - {name: p, doc: d, payload_type: \"map[string]int\", fields: [{name: x, type: int}]}\n", `push "p": payload_type: fields given, but map[string]int has no inline object`},
		{"array example without payload_type", head + "pushes:\n  - {name: p, doc: d, example: \"[1]\"}\n", `push "p": example payload: want a JSON object`},
		{"undeclared without direction", head + "actions:\n  - name: a\n    doc: d\n    example: {undeclared: [x]}\n", `example undeclared: "x" must start with request. or response.`},
		{"type example without source", head + "types:\n  - {name: T, doc: d, type: int, examples: [{json: \"1\"}]}\n", `type "T": example : missing key "source"`},
		{"type example bad JSON", head + "types:\n  - {name: T, doc: d, type: int, examples: [{source: a.json, json: \"{\"}]}\n", `type "T": example a.json: json: invalid JSON`},
		{"type example wrapper not object", head + "types:\n  - {name: T, doc: d, type: int, examples: [{source: a.json, wrapped_in: x, json: \"[1]\"}]}\n", `example a.json: json: wrapped_in "x" needs a JSON object`},
		{"type example wrapper missing", head + "types:\n  - {name: T, doc: d, type: int, examples: [{source: a.json, wrapped_in: x, json: \"{\\\"y\\\": 1}\"}]}\n", `example a.json: json: no member "x" (wrapped_in)`},
		{"query not scalar", head[:len(head)-2] + ", query: [{name: q, type: \"[]int\"}]}\n", `query param "q": a query parameter must be a scalar`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.yaml", []byte(tt.spec))
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %T %v is not an ErrorList", err, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("errors:\n%v\nwant one containing %q", err, tt.want)
			}
			var one *Error
			if !errors.As(err, &one) || one.File != "x.yaml" {
				t.Errorf("errors.As(*Error) = %v", one)
			}
		})
	}
}

// TestLoadMissingFile checks that a read error names the file.
func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.yaml"))
	if err == nil || !strings.Contains(err.Error(), "nope.yaml") || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("err = %v", err)
	}
}

func TestParseType(t *testing.T) {
	good := map[string]*TypeRef{
		"string":                  {Kind: String},
		"time":                    {Kind: Time},
		"Thread":                  {Kind: Named, Name: "Thread"},
		"[]Event":                 {Kind: Slice, Elem: &TypeRef{Kind: Named, Name: "Event"}},
		"map[string][]int":        {Kind: Map, Elem: &TypeRef{Kind: Slice, Elem: &TypeRef{Kind: Int}}},
		"[]map[string]any":        {Kind: Slice, Elem: &TypeRef{Kind: Map, Elem: &TypeRef{Kind: Any}}},
		"map[string]map[string]X": {Kind: Map, Elem: &TypeRef{Kind: Map, Elem: &TypeRef{Kind: Named, Name: "X"}}},
	}
	for in, want := range good {
		got, err := ParseType(in)
		if err != nil {
			t.Errorf("ParseType(%q): %v", in, err)
			continue
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("ParseType(%q) (-want +got):\n%s", in, diff)
		}
		if got.String() != in || !got.Equal(want) {
			t.Errorf("round trip %q -> %q", in, got.String())
		}
	}
	for _, in := range []string{"", "strng", "[]", "map[string", "map[int]string", "thread", "Thr-ead", "[ ]int", "*int"} {
		if _, err := ParseType(in); err == nil {
			t.Errorf("ParseType(%q): no error", in)
		}
	}
}

// TestEncodeKeepsTypeExamples: a spec written by Encode loads back with the same type
// examples (source, wrapper, undeclared paths, JSON value).
func TestEncodeKeepsTypeExamples(t *testing.T) {
	s, err := Load("testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out, err := Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse("encoded.yaml", out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	want, got := s.Type("Properties").Examples, back.Type("Properties").Examples
	if len(got) != len(want) || len(got) == 0 {
		t.Fatalf("examples = %+v, want %+v", got, want)
	}
	for i := range want {
		var w, g any
		_ = json.Unmarshal(want[i].JSON, &w)
		_ = json.Unmarshal(got[i].JSON, &g)
		if got[i].Source != want[i].Source || got[i].WrappedIn != want[i].WrappedIn || !cmp.Equal(got[i].Undeclared, want[i].Undeclared) || !cmp.Equal(w, g) {
			t.Errorf("example %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}
