package livechatdocs

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// The fixture tree's Configuration API page (v3.6, unversioned folder) and the management
// changelog: `x[]` request rows, responses given only as payload files the tree lacks, a
// changelog that renames response members, a method's text naming what others return.
const configurationGolden = "testdata/fixture-configuration-v3.6.yaml"

func importConfigurationFixture(t *testing.T) *Result {
	t.Helper()
	res, err := Open(fixtureDir).Import("configuration", "3.6")
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestImportConfigurationFixtureGolden guards the whole draft of the fixture's Configuration
// API page: it equals testdata/fixture-configuration-v3.6.yaml (-update rewrites it).
func TestImportConfigurationFixtureGolden(t *testing.T) {
	got := encode(t, importConfigurationFixture(t).Spec)
	if *update {
		if err := os.WriteFile(configurationGolden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(configurationGolden)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("draft differs from %s (-want +got):\n%s", configurationGolden, diff)
	}
}

// fieldTree prints fields as "name type required" lines, nested fields indented, for
// comparisons that name every level.
func fieldTree(fields []*spec.Field, indent string) []string {
	var out []string
	for _, f := range fields {
		out = append(out, fmt.Sprintf("%s%s %s %v", indent, f.Name, f.Type, f.Required))
		out = append(out, fieldTree(f.Fields, indent+"  ")...)
	}
	return out
}

// TestImportArrayElementRowsAreElementFields guards the `x[]` rule: rows written
// `groups[].id` and `work_scheduler.schedule[].day` are the fields of the array's element
// objects, with the requiredness and type of their rows (a parent without a row of its own is
// an optional array of objects), and no row is left out; `int[]` is an array of ints.
func TestImportArrayElementRowsAreElementFields(t *testing.T) {
	a := importConfigurationFixture(t).Spec.Action("create_bot")
	if a == nil {
		t.Fatal("no action create_bot")
	}
	want := []string{
		"name string true",
		"groups []object false",
		"  id int false",
		"  priority string true",
		"work_scheduler object false",
		"  schedule []object false",
		"    day string true",
		"    enabled bool true",
		"filters object false",
		"  group_ids []int false",
	}
	if diff := cmp.Diff(want, fieldTree(a.Params, "")); diff != "" {
		t.Errorf("create_bot params (-want +got):\n%s", diff)
	}
	for _, n := range a.Notes {
		if strings.Contains(n, "not a field name") || strings.Contains(n, "no structure") {
			t.Errorf("a row was left out or untyped: %s", n)
		}
	}
	if !hasNote(a.Notes, "`work_scheduler.schedule` has no row of its own; it is an optional array of objects") {
		t.Errorf("no note on the array without a row of its own: %q", a.Notes)
	}
}

// TestBuildFieldsArrayElementRows pins the rule on rows alone: `[]` may appear at any level,
// a parent row typed `object[]` or `array` keeps its own requiredness and doc, and the
// element fields' origins are keyed by the dotted path without `[]`.
func TestBuildFieldsArrayElementRows(t *testing.T) {
	im := &importer{res: &Result{Origins: map[string]Loc{}, Unstated: map[string]bool{}}, types: map[string]*spec.Type{}}
	loc := func(n int) Loc { return Loc{File: "x.mdx", Line: n} }
	rows := []tableRow{
		{loc: loc(1), name: "rules", required: "yes", typ: "object[]", notes: "The rules."},
		{loc: loc(2), name: "rules[].type", required: "yes", typ: "string"},
		{loc: loc(3), name: "rules[].urls", required: "no", typ: "array"},
		{loc: loc(4), name: "rules[].urls[].url", required: "no", typ: "string"},
		{loc: loc(5), name: "elements[].buttons[].id", required: "no", typ: "string"},
	}
	var notes []string
	got := im.buildFields(rows, nil, []string{"action", "a", "param"}, &notes)
	want := []string{
		"rules []object true",
		"  type string true",
		"  urls []object false",
		"    url string false",
		"elements []object false",
		"  buttons []object false",
		"    id string false",
	}
	if diff := cmp.Diff(want, fieldTree(got, "")); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
	if got[0].Doc != "The rules." {
		t.Errorf("rules doc = %q, want the row's", got[0].Doc)
	}
	for key, line := range map[string]int{"action a param rules.type": 2, "action a param rules.urls.url": 4, "action a param elements.buttons.id": 5} {
		if l := im.res.Origins[key]; l.Line != line {
			t.Errorf("origin of %q = %v, want line %d", key, l, line)
		}
	}
	for _, tc := range []struct {
		t    string
		want bool
	}{{"object[]", true}, {"[]int", true}, {"array", true}, {"int[]", true}, {"object", false}, {"string", false}} {
		if isArrayType(tc.t) != tc.want {
			t.Errorf("isArrayType(%q) = %v, want %v", tc.t, !tc.want, tc.want)
		}
	}
	if docsType("int[]") != "[]int" || docsType("uint[]") != "[]int" {
		t.Errorf("docsType(int[]), docsType(uint[]) = %q, %q; want []int", docsType("int[]"), docsType("uint[]"))
	}
}

// TestImportChangelogNamesResponseMembers guards the changelog rule: a response the
// reference gives only as a missing payload file gets the members that the changelog's
// entries of the method rename ("`bot_agent_id` was rename to `id`", "the `webhook_id` field
// in response renamed to `bot_id`", nested under a parent item), of the versions up to the
// imported one (v3.7's rename is not in v3.6), typed any with unstated requiredness; a
// parameter rename is no response member, and a response the changelog does not name stays
// whole.
func TestImportChangelogNamesResponseMembers(t *testing.T) {
	res := importConfigurationFixture(t)
	s := res.Spec
	for name, want := range map[string][]string{
		"create_bot": {"id any false"},
		"get_bot":    {"bot_id any false"},
	} {
		a := s.Action(name)
		if diff := cmp.Diff(want, fieldTree(a.Response, "")); diff != "" || a.ResponseType != nil {
			t.Errorf("%s response (-want +got):\n%s(response_type %v)", name, diff, a.ResponseType)
		}
		for _, f := range a.Response {
			k := Key("action", name, "response", f.Name)
			if !res.Unstated[k] || res.Origins[k].File != "src/pages/management/changelog/index.mdx" {
				t.Errorf("%s: unstated %v, origin %v; want unstated, from the changelog", k, res.Unstated[k], res.Origins[k])
			}
		}
		if hasNote(a.Notes, keptWhole) || !hasNote(a.Notes, "The changelog names members of the response") {
			t.Errorf("%s notes do not say the changelog typed the response: %q", name, a.Notes)
		}
	}
	if a := s.Action("issue_bot_token"); a.ResponseType == nil || a.ResponseType.String() != "map[string]any" || !hasNote(a.Notes, keptWhole) {
		t.Errorf("issue_bot_token: response_type %v, notes %q; want kept whole, saying so", a.ResponseType, a.Notes)
	}
}

// TestImportReturnedInNotesTheMethodsNamed guards the prose rule: a method's text saying
// "`bot_secret` is returned in [Create Bot](#create-bot) and [Get Bot](#get-bot)" puts a note
// on each linked method whose response is a missing payload file, and types nothing (the text
// names the value, not the member).
func TestImportReturnedInNotesTheMethodsNamed(t *testing.T) {
	s := importConfigurationFixture(t).Spec
	for _, name := range []string{"create_bot", "get_bot"} {
		a := s.Action(name)
		if !hasNote(a.Notes, "the text of `issue_bot_token` says `bot_secret` is returned by this method") {
			t.Errorf("%s: no note on what issue_bot_token says it returns: %q", name, a.Notes)
		}
		for _, f := range a.Response {
			if f.Name == "bot_secret" {
				t.Errorf("%s: bot_secret typed from prose that does not name the member", name)
			}
		}
	}
	if hasNote(s.Action("issue_bot_token").Notes, "is returned by this method") {
		t.Error("issue_bot_token noted about itself")
	}
}

// TestVerifyComparesArrayElementFields guards verify on `x[]` rows: the element fields are
// compared like any nested field (requiredness, type, missing on either side), and the
// fixture's own draft agrees with its docs.
func TestVerifyComparesArrayElementFields(t *testing.T) {
	draft, err := os.ReadFile(configurationGolden)
	if err != nil {
		t.Fatal(err)
	}
	self, err := spec.Parse("draft.yaml", draft)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := verifyLines(t, self, nil); len(got) > 0 {
		t.Errorf("the draft disagrees with its docs:\n%s", strings.Join(got, "\n"))
	}
	text := string(draft)
	for _, r := range [][2]string{
		{"{name: priority, type: string, required: true, doc: The bot's priority in a group.}", "{name: priority, type: string, doc: The bot's priority in a group.}"},
		{"{name: enabled, type: bool, required: true,", "{name: enabled, type: string, required: true,"},
		{"              - {name: day, type: string, required: true, doc: 'The day. Possible values: `monday`, `tuesday`.', enum: [monday, tuesday]}\n", ""},
	} {
		if !strings.Contains(text, r[0]) {
			t.Fatalf("fixture draft has no %q", r[0])
		}
		text = strings.Replace(text, r[0], r[1], 1)
	}
	s, err := spec.Parse("spec.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	got, rep := verifyLines(t, s, nil)
	groups := s.Action("create_bot").Params[1]
	sched := s.Action("create_bot").Params[2].Fields[0]
	const page = "src/pages/management/configuration-api/index.mdx"
	want := []string{
		fmt.Sprintf(`spec.yaml:%d: action "create_bot": param "groups": field "priority": required is false in the spec, true in %s:40`, groups.Fields[1].Pos.Line, page),
		fmt.Sprintf(`spec.yaml:%d: action "create_bot": param "work_scheduler": field "schedule": field "day": in %s:42 request table, not in the spec`, sched.Pos.Line, page),
		fmt.Sprintf(`spec.yaml:%d: action "create_bot": param "work_scheduler": field "schedule": field "enabled": type string (string) in the spec, bool (bool) in %s:43`, sched.Fields[0].Pos.Line, page),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("disagreements (-want +got):\n%s", diff)
	}
	items := 0
	for _, a := range self.Actions {
		items += len(fieldTree(a.Params, ""))
	}
	if rep.Stats.Total[CatParams] != items {
		t.Errorf("params counted = %d, want %d (every element field is an item)", rep.Stats.Total[CatParams], items)
	}
}

// TestImportSeeMethodTakesTheLinkedStructure guards the "See [Create Bot](#create-bot) for
// details" rule: update_bot's work_scheduler, known from its sample only, takes create_bot's
// stated fields (requiredness and types from create_bot's rows) and leaves out the member only
// its sample shows (the rows are followed), saying so; its groups keep their own row and gain
// the linked one's missing fields; each taken field's origin is the linked row, and a note
// names what was taken.
func TestImportSeeMethodTakesTheLinkedStructure(t *testing.T) {
	res := importConfigurationFixture(t)
	a := res.Spec.Action("update_bot")
	if a == nil {
		t.Fatal("no action update_bot")
	}
	want := []string{
		"id string true",
		"work_scheduler object false",
		"  schedule []object false",
		"    day string true",
		"    enabled bool true",
		"groups []object false",
		"  priority string false",
		"  id int false",
	}
	if diff := cmp.Diff(want, fieldTree(a.Params, "")); diff != "" {
		t.Errorf("update_bot params (-want +got):\n%s", diff)
	}
	const page = "src/pages/management/configuration-api/index.mdx"
	for key, want := range map[string]struct {
		line     int
		unstated bool
	}{
		"action update_bot param work_scheduler.schedule.day":   {42, false},
		"action update_bot param groups.id":                     {39, false},
		"action update_bot param groups.priority":               {91, false},
		"action update_bot param work_scheduler.schedule.start": {0, false},
	} {
		if l := res.Origins[key]; want.line > 0 && (l.File != page || l.Line != want.line) {
			t.Errorf("origin of %q = %v, want %s:%d", key, l, page, want.line)
		}
		if res.Unstated[key] != want.unstated {
			t.Errorf("unstated %q = %v, want %v", key, res.Unstated[key], want.unstated)
		}
	}
	if !hasNote(a.Notes, "`work_scheduler` refers to create_bot for its structure: `work_scheduler.schedule` taken") ||
		!hasNote(a.Notes, "`groups` refers to create_bot for its structure: `groups.id` taken") {
		t.Errorf("no notes naming what was taken from create_bot: %q", a.Notes)
	}
	if !hasNote(a.Notes, "the sample shows members of `work_scheduler` that create_bot's structure does not have (`work_scheduler.schedule.start`); they are left out") {
		t.Errorf("no note on the sample's member left out: %q", a.Notes)
	}
}

// TestImportFootnoteStructures guards the footnote-structure rule and the `{a,b}` row names:
// `conditions.{url,domain}.values` is a row of each alternative; its type `[]match_object`
// names the structure a footnote table documents ("**1)** `<match_object>` structure:"),
// whose rows give the element fields (a member only the sample shows is left out, saying so);
// a table "The `rich_message` object structure" gives the fields of the param of that name;
// neither footnote table is read as the request table, and no stale "no structure" note
// stays.
func TestImportFootnoteStructures(t *testing.T) {
	res := importConfigurationFixture(t)
	a := res.Spec.Action("add_auto_access")
	if a == nil {
		t.Fatal("no action add_auto_access")
	}
	want := []string{
		"conditions object true",
		"  url object false",
		"    values []object false",
		"      value string true",
		"      exact_match bool false",
		"  domain object false",
		"    values []object false",
		"      value string true",
		"      exact_match bool false",
		"rich_message object false",
		"  template_id string true",
		"  elements []object false",
		"    title string true",
	}
	if diff := cmp.Diff(want, fieldTree(a.Params, "")); diff != "" {
		t.Errorf("add_auto_access params (-want +got):\n%s", diff)
	}
	if l := res.Origins["action add_auto_access param conditions.domain.values.value"]; l.Line != 209 {
		t.Errorf("origin of conditions.domain.values.value = %v, want the structure's row (line 209)", l)
	}
	if hasNote(a.Notes, "is documented as `[]match_object") {
		t.Errorf("a stale note says the structure is unknown: %q", a.Notes)
	}
	for _, n := range []string{
		"`conditions.url.values` is a `match_object` (the structure at src/pages/management/configuration-api/index.mdx:205)",
		"the sample shows members of `conditions.domain.values` that the `match_object` structure does not have (`conditions.domain.values.match`)",
		"the sample shows members of `rich_message` that the `rich_message` structure does not have (`rich_message.elements.subtitle`)",
	} {
		if !hasNote(a.Notes, n) {
			t.Errorf("no note %q in %q", n, a.Notes)
		}
	}
	got := expandAlternatives([]tableRow{{name: "a.{b,c}.{d, e}"}, {name: "m.{namespace}"}})
	var names []string
	for _, r := range got {
		names = append(names, r.name)
	}
	if diff := cmp.Diff([]string{"a.b.d", "a.b.e", "a.c.d", "a.c.e", "m.{namespace}"}, names); diff != "" {
		t.Errorf("expandAlternatives (-want +got):\n%s", diff)
	}
}
