package codegen

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// TestEnumTypesShareAndName: fields with the same set of values share one type whatever the
// order of the values; a set takes its field's name unless another set uses that name, the name
// is vague ("Type") or taken; a set equal to a string definition of the spec uses that type.
func TestEnumTypesShareAndName(t *testing.T) {
	const src = `api: agent
version: "9.7"
doc: d
connection: {url: "wss://x"}
types:
  - {name: Visibility, doc: d, type: string, enum: [all, agents]}
  - name: Event
    doc: d
    fields:
      - {name: visibility, type: string, enum: [agents, all]}
      - {name: sort_order, type: string, enum: [asc, desc]}
      - {name: type, type: string, enum: [message, file]}
      - {name: status, type: string, enum: [on, off]}
  - name: Filter
    doc: d
    fields:
      - {name: order, type: string, enum: [desc, asc]}
      - {name: status, type: "[]string", enum: [open, closed]}
actions:
  - name: list
    doc: d
    params:
      - {name: sort_order, type: string, enum: [asc, desc]}
      - {name: kinds, type: "[]string", enum: [message, file]}
`
	s, err := spec.Parse("x.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	m, err := newModel(s, "v97")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, st := range m.allStructs() {
		for _, f := range st.Fields {
			got[st.Name+"."+f.Name] = f.Ref.String()
		}
	}
	want := map[string]string{
		"Event.Visibility":      "Visibility",     // the spec's own type
		"Event.SortOrder":       "SortOrder",      // shared with Filter.Order and ListRequest.SortOrder
		"Event.Type":            "EventType",      // "Type" alone is too vague
		"Event.Status":          "EventStatus",    // two sets of fields named status
		"Filter.Order":          "SortOrder",      // same values in another order
		"Filter.Status":         "[]FilterStatus", // a list of values
		"ListRequest.SortOrder": "SortOrder",
		"ListRequest.Kinds":     "[]EventType", // the set of Event.type
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Go types of the fields (-want +got):\n%s", diff)
	}
	var names []string
	for _, d := range m.enumDefs {
		names = append(names, d.Name)
	}
	if diff := cmp.Diff([]string{"SortOrder", "EventType", "EventStatus", "FilterStatus"}, names); diff != "" {
		t.Errorf("declared value-set types (-want +got):\n%s", diff)
	}
}
