package specdiff

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const lensOld = `types:
  - {name: Visibility, doc: Who., type: string}
actions:
  - name: a
    doc: A.
    params:
      - {name: visibility, type: string, required: true}
      - {name: limit, type: int, required: true}
`

const lensNew = `types:
  - {name: Visibility, doc: Who., type: string}
actions:
  - name: a
    doc: A.
    params:
      - {name: visibility, type: Visibility, required: true}
      - {name: limit, type: int}
`

func TestLens(t *testing.T) {
	for _, tc := range []struct {
		lens Lens
		want []string
	}{
		{LensAll, []string{
			"ERR request-param-became-optional action a | param limit: required -> optional | go:go-field-became-pointer",
			"ERR go-field-type-changed action a | param visibility: string -> Visibility",
		}},
		{LensWire, []string{ // the Go-only change is invisible on the wire
			"INFO request-param-became-optional action a | param limit: required -> optional | go:go-field-became-pointer",
		}},
		{LensGo, []string{
			"ERR request-param-became-optional action a | param limit: required -> optional | go:go-field-became-pointer",
			"ERR go-field-type-changed action a | param visibility: string -> Visibility",
		}},
	} {
		t.Run(tc.lens.String(), func(t *testing.T) {
			r := Diff(parse(t, "1.0", lensOld), parse(t, "2.0", lensNew), Options{Lens: tc.lens})
			if diff := cmp.Diff(tc.want, lines(r)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func smallReport(t *testing.T) *Report {
	old := `actions:
  - {name: get_agent, doc: Gets an agent.}
  - name: update_customer
    doc: Updates.
    params: [{name: customer_id, type: string, required: true}]
`
	new := `actions:
  - name: update_customer
    doc: Updates.
    params:
      - {name: id, type: string, required: true, renamed_from: customer_id}
      - {name: avatar, type: string}
      - {name: email, type: string}
`
	return Diff(parse(t, "3.0", old), parse(t, "3.6", new), Options{})
}

func TestJSONSchema(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, smallReport(t)); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc["schema_version"] != float64(SchemaVersion) {
		t.Errorf("schema_version = %v", doc["schema_version"])
	}
	wantOld := map[string]any{"path": "test-v3.0.yaml", "api": "agent", "version": "3.0", "package": "v30"}
	if diff := cmp.Diff(wantOld, doc["old"]); diff != "" {
		t.Errorf("old (-want +got):\n%s", diff)
	}
	wantSummary := map[string]any{"breaking": 2.0, "non_breaking": 2.0, "err": 2.0, "warn": 0.0, "info": 2.0}
	if diff := cmp.Diff(wantSummary, doc["summary"]); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
	changes := doc["changes"].([]any)
	var renamed map[string]any
	for _, c := range changes {
		if c.(map[string]any)["rule"] == "request-param-renamed" {
			renamed = c.(map[string]any)
		}
	}
	want := map[string]any{
		"rule": "request-param-renamed", "level": "ERR", "wire_level": "ERR", "go_level": "ERR",
		"kind": "action", "old_name": "update_customer", "new_name": "update_customer", "part": "params",
		"old_path": "customer_id", "new_path": "id", "direction": "request", "old": "customer_id", "new": "id",
		"reason":  "old requests send the old name, which the server no longer reads",
		"go_rule": "go-field-renamed",
		"go":      []any{map[string]any{"old": "v30.UpdateCustomerRequest.CustomerID", "new": "v36.UpdateCustomerRequest.ID"}},
	}
	if diff := cmp.Diff(want, renamed); diff != "" {
		t.Errorf("renamed param change (-want +got):\n%s", diff)
	}
}

func TestTextReport(t *testing.T) {
	var b bytes.Buffer
	if err := WriteText(&b, smallReport(t)); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"agent API v3.0 -> v3.6 (test-v3.0.yaml -> test-v3.6.yaml; Go packages v30 -> v36; lens all)",
		"\nActions\n  get_agent\n    ERR   action-removed ",
		"request-param-renamed            param customer_id -> id: old requests send the old name",
		"go, does not compile (go-field-renamed): v30.UpdateCustomerRequest.CustomerID -> v36.UpdateCustomerRequest.ID\n",
		"\n2 breaking, 2 non-breaking (ERR 2, WARN 0, INFO 2)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text report lacks %q:\n%s", want, out)
		}
	}
	if !strings.HasSuffix(out, "\n2 breaking, 2 non-breaking (ERR 2, WARN 0, INFO 2)\n") {
		t.Errorf("the summary is not the last line:\n%s", out)
	}
}

func TestMarkdownReport(t *testing.T) {
	var b bytes.Buffer
	if err := WriteMarkdown(&b, smallReport(t)); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"# Migrating from agent API v3.0 to v3.6\n",
		"**2 breaking, 2 non-breaking**",
		"| Actions | 1 | 0 | 1 | 0 |",
		// A removed action is one line.
		"### Removed\n\n- **ERR** `get_agent` (`v30.Client.GetAgent`)\n",
		// Field changes are grouped under their action; one rule on sibling fields shares a line.
		"#### `update_customer`\n\n",
		"- **INFO** `request-param-added-optional` params `avatar`, `email` — old requests simply do not send it.\n",
		"- **ERR** `request-param-renamed` param `customer_id` -> `id` — old requests send the old name, which the server no longer reads. Old Go code does not compile (`go-field-renamed`): `v30.UpdateCustomerRequest.CustomerID` -> `v36.UpdateCustomerRequest.ID`.\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown report lacks %q:\n%s", want, out)
		}
	}
}

func TestRulesListing(t *testing.T) {
	var b bytes.Buffer
	if err := WriteRules(&b); err != nil {
		t.Fatal(err)
	}
	out := strings.Split(b.String(), "\n")
	for _, r := range rules {
		if !slices.ContainsFunc(out, func(l string) bool {
			f := strings.Fields(l)
			return len(f) > 3 && f[0] == r.ID && f[2] == r.LevelText()
		}) {
			t.Errorf("rules listing lacks %s with level %s", r.ID, r.LevelText())
		}
	}
}
