package livechatdocs

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// shapesPushes are push sections appended to the fixture's pushes page: samples that show
// the data structures again, with members their own sections lack or without members their
// tables require, and samples of payloads that are maps or arrays of differing items.
const shapesPushes = "\n### `shape_probe`\n\nProbes how samples are read as structures.\n\n```json\n" + `{
  "agent": {"id": "a@example.com", "type": "agent", "name": "A", "visibility": "all", "present": true, "job_title": "Support"},
  "users": [{"id": "b@example.com", "type": "agent", "name": "B", "present": true}],
  "customer": {"id": "c1", "name": "C", "statistics": {"chats_count": 1}, "visits": 3},
  "rules": [{"id": "r1", "next_id": "r2"}, {"id": "r2", "description": ""}],
  "customer_groups": {"monitoring": {"id": 1, "url": "/m.js"}},
  "conditions": {"url": {"values": ["x"]}, "domain": {"values": ["y"]}},
  "last_event_per_type": {"message": {"event": {"id": "e1"}}},
  "__priv_config": {"a": 1},
  "thread_id": "K1"
}` + "\n```\n\n#### Push payload\n\n| Field | Notes |\n| ----- | ----- |\n| `thread_id` | Present when the chat is active. |\n" +
	"\n### `rules_updated`\n\nRules changed.\n\nAfter adding:\n\n```json\n" + `[{"id": "r1", "next_id": "r2", "status": "updated"}]` + "\n```\n\nAfter deleting:\n\n```json\n" + `[{"id": "r3", "status": "deleted"}]` + "\n```\n"

// shapesActions are action sections appended to the fixture's reference page.
const shapesActions = `
### Get Form

#### Specifics

|                        |            |
| ---------------------- | ---------- |
| **Action**             | ` + "`get_form`" + ` |
| **Web API equivalent** | -          |
| **Push message**       | -          |

#### Response

| Field     | Notes                                                   |
| --------- | ------------------------------------------------------- |
| ` + "`enabled`" + ` | If ` + "`enabled: false`, the `form`" + ` object is not returned. |
| ` + "`form`" + `    | The form.                                               |

### Get Thread

#### Specifics

|                        |              |
| ---------------------- | ------------ |
| **Action**             | ` + "`get_thread`" + ` |
| **Web API equivalent** | -            |
| **Push message**       | -            |

` + "```json" + `
{
  "action": "get_thread",
  "type": "response",
  "success": true,
  "payload": {"id": "K1", "active": true, "created_at": "2020-05-07T07:11:28.288340Z", "properties": {}}
}
` + "```\n"

// shapesStructures is a data structure appended to the fixture's data-structures page: its
// table links another structure within the page.
const shapesStructures = `
## Surveys

A survey of form fields.

<CodeResponse version="v3.6" type="agent" title={'Sample survey'} json="survey"/>

| Field    | Req./Opt. | Notes                                    |
| -------- | --------- | ---------------------------------------- |
| ` + "`fields`" + ` | required  | An array of [form fields](#form-fields). |
`

// shapesWidgets is a structure whose table has dotted rows: for members of the sample's
// items, for a member only some items have, for one no sample shows, and below an object the
// sample lacks.
const shapesWidgets = `
## Widgets

A widget.

<CodeResponse version="v3.6" type="agent" title={'Sample widget'} json="widget"/>

| Field          | Required | Data type | Notes                 |
| -------------- | -------- | --------- | --------------------- |
| ` + "`parts`" + `        | no       | ` + "`array`" + `   |                       |
| ` + "`parts.name`" + `   | yes      | ` + "`string`" + `  |                       |
| ` + "`parts.size`" + `   | yes      | ` + "`number`" + `  |                       |
| ` + "`parts.color`" + `  | no       | ` + "`string`" + `  | Possible values: ` + "`red`, `blue`" + `. |
| ` + "`config`" + `       | no       | ` + "`object`" + `  |                       |
| ` + "`config.mode`" + `  | yes      | ` + "`string`" + `  |                       |
`

const shapesWidget = `{"id": "w1", "parts": [{"name": "a"}, {"name": "b", "size": 2}]}`

const shapesSurvey = `{"id": "s1", "fields": [{"type": "name", "id": "1", "label": "Name", "options": [{"id": "o1", "label": "A"}]}]}`

func importShapes(t *testing.T) *Result {
	t.Helper()
	m := mapFS(t)
	appendTo := func(name, text string) {
		f := m[name]
		if f == nil {
			t.Fatalf("fixture has no %s", name)
		}
		m[name] = &fstest.MapFile{Data: append(slices.Clone(f.Data), text...)}
	}
	appendTo(pushPage, shapesPushes)
	appendTo(refPage, shapesActions)
	appendTo(dsPage, shapesStructures+shapesWidgets)
	appendTo(payloadJS, "export { default as survey } from \"./other-structures/survey.json\";\nexport { default as widget } from \"./other-structures/widget.json\";\n")
	m["payloads/messaging/v3.6/agent-chat-api/other-structures/widget.json"] = &fstest.MapFile{Data: []byte(shapesWidget)}
	m["payloads/messaging/v3.6/agent-chat-api/other-structures/survey.json"] = &fstest.MapFile{Data: []byte(shapesSurvey)}
	res, err := OpenFS(m).Import("agent", "3.6")
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// required maps each field to its requiredness.
func required(fs []*spec.Field) map[string]bool {
	out := map[string]bool{}
	for _, f := range fs {
		out[f.Name] = f.Required
	}
	return out
}

// TestImportReadsSamplesAsEvidenceAboutStructures guards the rules of shapes.go: a sample
// member a structure lacks becomes an optional field of it; a field its table requires that
// a sample of it lacks becomes optional (through a union's discriminator too); a sample that
// both lacks members of the structure and has others is an inline shape; a response that is
// a structure takes its stated optionality; a table link types a structure's member.
func TestImportReadsSamplesAsEvidenceAboutStructures(t *testing.T) {
	res := importShapes(t)
	s := res.Spec
	agent := s.Type("Agent")
	if f := findField(agent.Fields, "job_title"); f == nil || f.Required || !res.Unstated[Key("type", "Agent", "field", "job_title")] {
		t.Errorf("Agent.job_title (shown by shape_probe's agent) = %+v, want an optional field of unstated requiredness", f)
	}
	if f := findField(agent.Fields, "visibility"); f == nil || f.Required {
		t.Errorf("Agent.visibility: required, but the agent of shape_probe's users (read through the User union) has none")
	}
	if !hasNote(agent.Notes, "`visibility` required, but this sample of the structure has none") || !hasNote(agent.Notes, "has `job_title`, which its own section does not show") {
		t.Errorf("Agent notes do not say why: %q", agent.Notes)
	}
	if f := findField(s.Type("MessageEvent").Fields, "type"); !f.Required {
		t.Error("MessageEvent.type (the union's discriminator) became optional")
	}

	probe := s.Push("shape_probe")
	field := func(name string) *spec.Field {
		t.Helper()
		f := findField(probe.Fields, name)
		if f == nil {
			t.Fatalf("shape_probe has no %s", name)
		}
		return f
	}
	if c := field("customer"); c.Type.Kind != spec.Object || findField(c.Fields, "visits") == nil {
		t.Errorf("shape_probe.customer (no `type`, `email`; an extra `visits`) = %s, want an inline object with visits", c.Type)
	}
	if agent := field("agent"); agent.Type.String() != "Agent" {
		t.Errorf("shape_probe.agent = %s, want Agent (it has every member of agent.json)", agent.Type)
	}
	if got, want := required(field("rules").Fields), map[string]bool{"id": false, "next_id": false, "description": false}; !cmp.Equal(got, want) {
		t.Errorf("rules items: the members of all items = %v, want %v", got, want)
	}
	if got := field("customer_groups").Type.String(); got != "map[string]object" {
		t.Errorf("customer_groups (entries with ids under a plural key) = %s, want a map", got)
	}
	if c := field("conditions"); c.Type.Kind != spec.Object || findField(c.Fields, "url") == nil {
		t.Errorf("conditions (objects without ids) = %s, want an object with url", c.Type)
	}
	if l := field("last_event_per_type"); l.Type.String() != "map[string]object" || findField(l.Fields, "event") == nil {
		t.Errorf("last_event_per_type (one member) = %s %v, want a map of {event}", l.Type, l.Fields)
	}
	if field("__priv_config").Required {
		t.Error("a private member (`__priv_`) is required")
	}
	if field("thread_id").Required {
		t.Error(`thread_id ("Present when the chat is active") is required`)
	}

	ru := s.Push("rules_updated")
	if got, want := required(ru.Fields), map[string]bool{"id": true, "next_id": false, "status": true}; !cmp.Equal(got, want) {
		t.Errorf("rules_updated (two samples) fields = %v, want %v", got, want)
	}
	if !hasNote(ru.Notes, "the push has 2 samples") {
		t.Errorf("rules_updated notes: %q", ru.Notes)
	}

	if got, want := required(s.Action("get_form").Response), map[string]bool{"enabled": true, "form": false}; !cmp.Equal(got, want) {
		t.Errorf("get_form response (`enabled` says the form is not returned) = %v, want %v", got, want)
	}
	gt := s.Action("get_thread")
	if got := required(gt.Response); got["properties"] || !got["active"] || !got["id"] {
		t.Errorf("get_thread response (a Thread, whose table makes properties optional) = %v", got)
	}
	if !hasNote(gt.Notes, "The response is a Thread") {
		t.Errorf("get_thread notes: %q", gt.Notes)
	}

	if f := findField(s.Type("Survey").Fields, "fields"); f == nil || f.Type.String() != "[]FormField" {
		t.Errorf("Survey.fields (its row links form fields) = %v, want []FormField", f)
	}
	if f := findField(s.Type("FormField").Fields, "options"); f == nil || f.Required {
		t.Errorf("FormField.options (shown by the survey's fields) = %v, want an optional field", f)
	}
}

// TestImportDottedRowsOfStructures guards the dotted rows of data-structure tables: they
// give the nested members of the sample their requiredness (optional where an item lacks a
// required member), and add the members and objects no sample shows.
func TestImportDottedRowsOfStructures(t *testing.T) {
	res := importShapes(t)
	w := res.Spec.Type("Widget")
	if w == nil {
		t.Fatal("no type Widget")
	}
	parts := findField(w.Fields, "parts")
	if parts == nil || parts.Type.String() != "[]object" {
		t.Fatalf("Widget.parts = %+v", parts)
	}
	if got, want := required(parts.Fields), map[string]bool{"name": true, "size": false, "color": false}; !cmp.Equal(got, want) {
		t.Errorf("parts fields (name -> required) = %v, want %v", got, want)
	}
	if c := findField(parts.Fields, "color"); c == nil || c.Type.Kind != spec.String || len(c.Enum) != 2 {
		t.Errorf("parts.color (a row only) = %+v, want a string enum", c)
	}
	for _, k := range []string{"parts.name", "parts.size", "parts.color"} {
		if res.Unstated[Key("type", "Widget", "field", k)] {
			t.Errorf("%s: the table states its requiredness, yet it is unstated", k)
		}
	}
	if !hasNote(w.Notes, "require `parts.size`, but the sample's items do not all have them") {
		t.Errorf("no note on parts.size: %q", w.Notes)
	}
	config := findField(w.Fields, "config")
	if config == nil || config.Type.Kind != spec.Object || !required(config.Fields)["mode"] {
		t.Errorf("Widget.config (rows only) = %+v, want an object with a required mode", config)
	}
}

// TestImportPlaceholderPushKeepsNestedUnstated guards that a push whose sample is only a
// structure's placeholder takes the structure's unstated requiredness down to nested fields
// (incoming_customer's statistics.chats_count is as unstated as Customer's).
func TestImportPlaceholderPushKeepsNestedUnstated(t *testing.T) {
	res := importFixture(t)
	if !res.Unstated[Key("type", "Customer", "field", "statistics.chats_count")] {
		t.Fatal("the fixture's Customer.statistics.chats_count is not unstated; the test needs it")
	}
	if !res.Unstated[Key("push", "incoming_customer", "field", "statistics.chats_count")] {
		t.Error("incoming_customer's statistics.chats_count lost the unstated requiredness of Customer's")
	}
}

// TestMergeItemsAndCombineSamples checks the two ways several samples make one.
func TestMergeItemsAndCombineSamples(t *testing.T) {
	parse := func(src string) *Value {
		v, _, err := ParseSample(src)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	m := mergeItems(parse(`[{"a": 1, "b": 2}, {"a": 3, "c": 4}]`))
	if !cmp.Equal(m.Keys, []string{"a", "b", "c"}) || m.Get("a").Optional() || !m.Get("b").Optional() || !m.Get("c").Optional() {
		t.Errorf("merged keys %v, optional a/b/c = %v/%v/%v", m.Keys, m.Get("a").Optional(), m.Get("b").Optional(), m.Get("c").Optional())
	}
	first := parse(`{"a": 1}`)
	if got := combineSamples(first, []*Value{parse(`[1]`)}); got != first {
		t.Error("samples of different kinds were combined")
	}
	if got := combineSamples(first, []*Value{parse(`{"a": 2, "b": 3}`)}); !cmp.Equal(got.Keys, []string{"a", "b"}) || !got.Get("b").Optional() {
		t.Errorf("combined objects: keys %v", got.Keys)
	}
	if got := combineSamples(parse(`[{"a": 1}]`), []*Value{parse(`[{"b": 2}]`)}); got.Kind != Array || len(got.Vals) != 2 {
		t.Errorf("combined arrays: %d items", len(got.Vals))
	}
	if strings.Contains(mergeItems(parse(`[{"a": 1}]`)).JSON(), "optional") {
		t.Error("a single item was changed")
	}
}

// TestPlaceholderSectionPaths: a placeholder names a docs section by its path ("User >
// Customer"): the last part is the structure; several paths under one section stand for
// that section's union, whether on one line or on lines joined by "or".
func TestPlaceholderSectionPaths(t *testing.T) {
	im := &importer{types: map[string]*spec.Type{}}
	for _, n := range []string{"User", "Customer", "Agent", "Event", "MessageEvent", "RichMessageEvent", "Thread"} {
		im.types[n] = &spec.Type{Name: n}
	}
	for ph, want := range map[string]string{
		`"Thread" object`:                               "Thread",
		`"User > Customer" object`:                      "Customer",
		`"User > Customer" or "User > Agent" object`:    "User",
		`"Event > Message" object`:                      "MessageEvent",
		`"User > Customer" or "Event > Message" object`: "",
		`"Nothing" object`:                              "",
	} {
		if got := im.placeholderName(ph); got != want {
			t.Errorf("placeholderName(%s) = %q, want %q", ph, got, want)
		}
	}
	v := &Value{Kind: Object, Placeholders: []string{`"Event > Message" object`, `or`, `"Event > Rich message" object`}}
	if got := im.placeholderType(v); got != "Event" {
		t.Errorf("placeholderType(one path per line) = %q, want Event", got)
	}
}

// TestRowWordingRules: "If set to X" speaks of a value, not of the field's presence; a link
// types a row without type and sample only when the row's name stands for the linked type.
func TestRowWordingRules(t *testing.T) {
	for notes, want := range map[string]bool{
		"If set to `false`: the `form` object is not returned.": false,
		"If set to `true`, the greeting is active.":             false,
		"The customer's name. Returned only if set.":            true,
		"The ISO 8601 datetime (if set).":                       true,
	} {
		if got := conditional(notes); got != want {
			t.Errorf("conditional(%q) = %v, want %v", notes, got, want)
		}
	}
	for _, c := range []struct {
		name, typ string
		want      bool
	}{{"thread", "Thread", true}, {"chats_summary", "ChatSummary", true}, {"users", "User", true}, {"phone_number", "Customer", false}, {"omnichannel", "Customer", false}} {
		if got := standsFor(c.name, c.typ); got != c.want {
			t.Errorf("standsFor(%s, %s) = %v, want %v", c.name, c.typ, got, c.want)
		}
	}
}
