package livechatdocs

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/rtmkit/livechat-rtm/internal/spec"
)

var update = flag.Bool("update", false, "rewrite testdata/fixture-agent-v3.6.yaml")

// fixtureDir is a small docs tree in the LiveChat docs layout (agent API, v3.6 in the
// unversioned folder), with every pattern and irregularity the importer handles.
const fixtureDir = "testdata/docs"

// realDocs is the docs checkout of the shared folder; tests that read it skip without it.
const realDocs = "../../../shared/livechat-docs"

func importFixture(t *testing.T) *Result {
	t.Helper()
	res, err := Open(fixtureDir).Import("agent", "3.6")
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func encode(t testing.TB, s *spec.Spec) []byte {
	t.Helper()
	data, err := spec.Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestImportFixtureGolden guards the whole draft of the fixture tree: the draft equals
// testdata/fixture-agent-v3.6.yaml (go test ./internal/livechatdocs -run Golden -update, then
// read the diff).
func TestImportFixtureGolden(t *testing.T) {
	got := encode(t, importFixture(t).Spec)
	const golden = "testdata/fixture-agent-v3.6.yaml"
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		edited, err := verifyFixture(string(got))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(verifySpec, []byte(edited), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("draft differs from %s (-want +got):\n%s", golden, diff)
	}
	if _, err := spec.Parse(golden, got); err != nil {
		t.Errorf("the draft does not load: %v", err)
	}
}

// verifySpec is the fixture's draft with deliberate differences from the docs, for the
// verify tests (here and in cmd/gen); -update writes it from the draft.
const verifySpec = "testdata/verify-agent-v3.6.yaml"

// verifyFixture edits the fixture's draft: a param made optional, one added (acknowledged),
// a type changed, an action left out (acknowledged at the top level), a removed action kept
// (deprecated) and a renamed one, a push left out, a structure field dropped.
func verifyFixture(draft string) (string, error) {
	s := draft
	cut := func(from, to string) error {
		i, j := strings.Index(s, from), strings.Index(s, to)
		if i < 0 || j < i {
			return fmt.Errorf("fixture draft has no %q before %q", from, to)
		}
		s = s[:i] + s[j:]
		return nil
	}
	for _, r := range [][2]string{
		{"      - {name: chat_id, type: string, required: true, doc: The ID of the chat.}", "      - {name: chat_id, type: string, doc: The ID of the chat.}"},
		{"      - {name: event, type: Event, required: true, doc: An event object.}", "      - {name: event, type: Event, required: true, doc: An event object.}\n      - {name: attach_to_last_thread, type: bool, differs_from_docs: The Python SDK sends it; kept for old servers.}"},
		{"      - {name: limit, type: int,", "      - {name: limit, type: string,"},
		{"types:\n", "differs_from_docs:\n  - {item: 'action \"list_routing_statuses\"', reason: Web API only in this project.}\ntypes:\n"},
		{"pushes:\n  - name: incoming_chat", "  - name: create_customer\n    doc: Creates a customer.\n    deprecated: '\"The Create Customer and List Customers methods were removed.\" (changelog, v3.6)'\n    transports: [rtm]\n  - name: close_thread\n    doc: Closes a thread.\n    transports: [rtm]\npushes:\n  - name: incoming_chat"},
		{"      - {name: present, type: bool}\n", ""},
	} {
		if !strings.Contains(s, r[0]) {
			return "", fmt.Errorf("fixture draft has no %q", r[0])
		}
		s = strings.Replace(s, r[0], r[1], 1)
	}
	if err := cut("  - name: list_routing_statuses", "  - name: deactivate_chat"); err != nil {
		return "", err
	}
	if err := cut("  - name: customer_updated", "  - name: subscribed_customers_totals_updated"); err != nil {
		return "", err
	}
	return s, nil
}

// TestImportIsDeterministic guards against map order leaking into the draft: two imports of
// the same docs give the same bytes.
func TestImportIsDeterministic(t *testing.T) {
	a, b := encode(t, importFixture(t).Spec), encode(t, importFixture(t).Spec)
	if !bytes.Equal(a, b) {
		t.Error("two imports of the same docs differ")
	}
}

func hasNote(notes []string, sub string) bool {
	for _, n := range notes {
		if strings.Contains(n, sub) {
			return true
		}
	}
	return false
}

// TestImportFixturePatterns checks, pattern by pattern, what the importer decides for the
// irregularities of the fixture docs, so that a regression names the pattern it breaks.
func TestImportFixturePatterns(t *testing.T) {
	res := importFixture(t)
	s := res.Spec
	act := func(name string) *spec.Action {
		a := s.Action(name)
		if a == nil {
			t.Fatalf("no action %q", name)
		}
		return a
	}
	push := func(name string) *spec.Push {
		p := s.Push(name)
		if p == nil {
			t.Fatalf("no push %q", name)
		}
		return p
	}
	typ := func(name string) *spec.Type {
		ty := s.Type(name)
		if ty == nil {
			t.Fatalf("no type %q", name)
		}
		return ty
	}
	check := func(pattern string, ok bool) {
		t.Helper()
		if !ok {
			t.Errorf("pattern %q: not handled", pattern)
		}
	}
	// Connection.
	check("endpoint table", s.Connection.URL == "wss://api.livechatinc.com/v3.6/agent/rtm/ws")
	check("required query parameter table", len(s.Connection.Query) == 1 && s.Connection.Query[0].Name == "organization_id" && s.Connection.Query[0].Required)
	check("ping interval from the text", s.Connection.PingInterval.Seconds() == 15)
	// Specifics.
	lc := act("list_chats")
	check("scopes with footnote markers", cmp.Equal(lc.Scopes, []string{"chats--all:ro", "chats--access:ro"}))
	check("Web API equivalent -> web transport", lc.Web() && !act("login").Web())
	check("Specifics table whose header row has one column", act("send_event").Name == "send_event")
	check("push message with a footnote marker", cmp.Equal(act("send_event").Pushes, []string{"incoming_event"}))
	check("no description: doc from the title, noted", act("login").Doc == "Login." && hasNote(act("login").Notes, "no description"))
	// Request tables.
	filters := findField(lc.Params, "filters")
	check("dotted rows become an inline object", filters != nil && filters.Type.Kind == spec.Object && findField(filters.Fields, "active") != nil)
	check("<placeholder> segments become map levels", findField(filters.Fields, "properties").Type.String() == "map[string]map[string]map[string]any")
	check("array element type from the sample", findField(filters.Fields, "group_ids").Type.String() == "[]int")
	check("Possible values -> enum", len(findField(lc.Params, "sort_order").Enum) == 2)
	check("a sample contradicting its table: the table is followed, noted", findField(lc.Params, "limit").Type.Kind == spec.Int && hasNote(lc.Notes, "the sample shows a string; the table is followed"))
	check("Default: -> default", findField(lc.Params, "sort_order").Default == "desc" && findField(lc.Params, "limit").Default == "10")
	login := act("login")
	check("footnote marker in a name cell", findField(login.Params, "away") != nil)
	check("<version> row under an object: a map", findField(login.Params, "pushes").Type.String() == "map[string][]string")
	gc := act("get_customer")
	check("request table without Required column: optional unless notes say required", findField(gc.Params, "id").Required && hasNote(s.Notes, "has no Required column"))
	check("HTML comments hide their samples", len(act("list_chats").Example.Request) > 0)
	// Responses.
	check("response table: conditional notes make a field optional", !findField(lc.Response, "next_page_id").Required && findField(lc.Response, "found_chats").Required)
	check("linked data structure as element type", findField(lc.Response, "chats_summary").Type.String() == "[]ChatSummary")
	check("headerless response table", findField(gc.Response, "name") != nil && !findField(gc.Response, "name").Required)
	check("sample members beyond the table kept optional", findField(gc.Response, "created_at") != nil && !findField(gc.Response, "created_at").Required)
	check("time from an RFC 3339 sample", findField(gc.Response, "created_at").Type.Kind == spec.Time)
	check("response from the sample alone", findField(act("send_event").Response, "event_id") != nil)
	lrs := act("list_routing_statuses")
	check("array response -> response_type", lrs.ResponseType != nil && lrs.ResponseType.String() == "[]object" && len(lrs.Response) == 2)
	dc := act("deactivate_chat")
	check("empty response payload -> response: []", dc.HasResponse && len(dc.Response) == 0 && dc.ResponseType == nil)
	check("a member named after a structure but shaped otherwise stays inline", findField(login.Response, "thread").Type.Kind == spec.Object)
	check("placeholder member -> named type", findField(login.Response, "my_profile").Type.String() == "MyProfile")
	// Samples.
	check("missing comma and unquoted key repaired, noted", hasNote(act("send_event").Notes, "missing commas, unquoted member names"))
	check("extra closing bracket repaired, noted", hasNote(act("send_event").Notes, "extra closing brackets"))
	check("ellipsis and block comment repaired", hasNote(gc.Notes, "`...` ellipses"))
	check("envelope stripped: example is the payload", strings.TrimSpace(string(act("send_event").Example.Response)) == "{\n  \"event_id\": \"K600PKZON8\"\n}")
	// Pushes.
	check("placeholder-only payload: the structure's fields", findField(push("incoming_customer").Fields, "statistics") != nil)
	check("ID-keyed payload -> payload_type map", push("subscribed_customers_totals_updated").PayloadType.String() == "map[string]int")
	check("array payload -> payload_type []object", push("queue_positions_updated").PayloadType.String() == "[]object")
	check("`// optional` first inside an object: the object is optional", !findField(push("agent_disconnected").Fields, "data").Required)
	check("payload table row not in the sample", findField(push("agent_disconnected").Fields, "message") != nil)
	check("payload table notes make a field optional", !findField(push("chat_properties_updated").Fields, "properties").Required)
	check("payload of updated fields only: all optional but the IDs", findField(push("customer_updated").Fields, "id").Required && !findField(push("customer_updated").Fields, "name").Required)
	check("`// \"Message\" event` placeholder -> MessageEvent", findField(push("incoming_event").Fields, "event").Type.String() == "MessageEvent")
	check("push named by an action but undocumented", push("chat_deactivated").Undocumented && len(push("chat_deactivated").Notes) == 1)
	// Data structures.
	check("Event union from the Events sections", typ("Event").Kind == spec.UnionType && len(typ("Event").Union.Variants) == 2)
	check("User union from the Users sections, not My profile", len(typ("User").Union.Variants) == 2)
	msg := typ("MessageEvent")
	check("both directions: required only if in the request and always returned", findField(msg.Fields, "type").Required && !findField(msg.Fields, "id").Required && !findField(msg.Fields, "text").Required)
	check("multi-name rows (`created_at`, `author_id`)", findField(msg.Fields, "author_id") != nil)
	check("sample wrapped in its own name", findField(typ("Access").Fields, "group_ids") != nil && hasNote(typ("Access").Notes, "wraps"))
	cs := typ("ChatSummary")
	check("sample typo taken as a name another table gives", findField(cs.Fields, "properties") != nil && cmp.Equal(cs.ExampleUndeclared, []string{"properites"}))
	ff := typ("FormField")
	check("sample wrapping an array of the structure: fields of all items", findField(ff.Fields, "label") != nil && findField(ff.Fields, "fields") == nil)
	check("a member some items lack is optional", !findField(ff.Fields, "required").Required && findField(ff.Fields, "id").Required)
	check("map of same-shaped objects", findField(cs.Fields, "last_event_per_type").Type.String() == "map[string]object")
	check("Properties is a map", typ("Properties").Kind == spec.DefType)
	check("`// optional` in a sample file", !findField(typ("Customer").Fields, "email").Required)
	check("trailing comma in a sample file, noted", hasNote(typ("SystemMessageEvent").Notes, "trailing commas"))
	// Errors, Web API.
	check("errors with the catalogue's messages", len(s.Errors) == 3 && s.Errors[1].Message == "Wrong format of request" && s.Errors[2].Message == "")
	check("Web-only methods noted", hasNote(s.Notes, "`upload_file`"))
	check("Web API equivalent missing from the Web API reference, noted", hasNote(dc.Notes, "does not document"))
	// Origins.
	if got := res.Origins[Key("action", "send_event", "param", "chat_id")]; got.File != "src/pages/messaging/agent-chat-api/rtm-reference/index.mdx" || got.Line == 0 {
		t.Errorf("origin of send_event chat_id = %v", got)
	}
}

// TestChangelogFacts checks the changelog sentences the importer reads as facts.
func TestChangelogFacts(t *testing.T) {
	facts, err := Open(fixtureDir).Changelog("agent")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range facts {
		s := f.Version + " " + f.Change + " " + f.Kind + " " + f.Name
		if f.From != "" {
			s += " from " + f.From
		}
		got = append(got, s)
	}
	want := []string{
		"3.7 added push canned_response_created",
		"3.7 added action list_canned_responses",
		"3.6 removed action create_customer",
		"3.6 removed action list_customers",
		"3.6 added action send_event_preview",
		"3.5 removed action change_push_notifications",
		"3.5 added push groups_status_updated",
		"3.2 renamed action deactivate_chat from close_thread",
		"3.2 renamed push chat_deactivated from thread_closed",
		"3.2 removed push customer_page_updated",
		"3.2 renamed action list_chats from get_chats_summary",
		"3.2 removed action update_agent",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("facts (-want +got):\n%s", diff)
	}
}

// mapFS loads the fixture tree into memory, so error tests can break one file.
func mapFS(t *testing.T) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := filepath.WalkDir(fixtureDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(fixtureDir, p)
		m[filepath.ToSlash(rel)] = &fstest.MapFile{Data: data}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

const (
	refPage   = "src/pages/messaging/agent-chat-api/rtm-reference/index.mdx"
	pushPage  = "src/pages/messaging/agent-chat-api/rtm-pushes/index.mdx"
	dsPage    = "src/pages/messaging/agent-chat-api/data-structures/index.mdx"
	payloadJS = "payloads/messaging/v3.6/agent-chat-api/index.js"
)

func replace(t *testing.T, m fstest.MapFS, name, old, new string) {
	t.Helper()
	f := m[name]
	if f == nil || !bytes.Contains(f.Data, []byte(old)) {
		t.Fatalf("%s has no %q", name, old)
	}
	m[name] = &fstest.MapFile{Data: bytes.Replace(f.Data, []byte(old), []byte(new), 1)}
}

// TestImportErrorsNameFileAndLine guards the contract for bad docs: a clear error naming the
// file and line, never a panic or a silently wrong draft.
func TestImportErrorsNameFileAndLine(t *testing.T) {
	tests := []struct {
		name    string
		version string
		breakFS func(m fstest.MapFS)
		want    string
	}{
		{"missing page", "3.6", func(m fstest.MapFS) { delete(m, pushPage) },
			pushPage + ": missing page"},
		{"page of another version", "3.5", nil,
			refPage + ":4: page of another version: it documents v3.6, not v3.5"},
		{"another version inside the folder", "3.6", func(m fstest.MapFS) { replace(t, m, dsPage, `apiVersion: "3.6"`, `apiVersion: "3.5"`) },
			dsPage + ":3: page of another version: it documents v3.5, not v3.6"},
		{"no version said", "3.6", func(m fstest.MapFS) {
			replace(t, m, refPage, `apiVersion: "3.6"`, `x: y`)
			replace(t, m, refPage, "This document describes", "This page is about")
		}, refPage + ":1: cannot tell which version"},
		{"table with a missing column", "3.6", func(m fstest.MapFS) {
			replace(t, m, refPage, "| Parameters | Required | Data type | Notes", "| Whatever   | Required | Data type | Notes")
		}, refPage + ":129: action \"send_event\": request: table has no Parameter/Field column"},
		{"unrepairable sample", "3.6", func(m fstest.MapFS) { replace(t, m, refPage, `"limit": "10",`, `"limit": "10" = 4,`) },
			refPage + ":76: sample cannot be repaired: line 5: want ',' or '}' after member \"limit\""},
		{"unrepairable sample file", "3.6", func(m fstest.MapFS) {
			replace(t, m, "payloads/messaging/v3.6/agent-chat-api/users/agent.json", `"present": true`, `"present": tru`)
		}, "payloads/messaging/v3.6/agent-chat-api/users/agent.json: sample cannot be repaired: line 6: unexpected \"tru\\n}\\n\""},
		{"sample not exported by index.js", "3.6", func(m fstest.MapFS) { replace(t, m, payloadJS, "as thread }", "as threads }") },
			dsPage + ":118: sample \"thread\" is not exported by payloads/messaging/v3.6/agent-chat-api/index.js"},
		{"no Specifics Action row", "3.6", func(m fstest.MapFS) {
			replace(t, m, refPage, "| **Action**             | `login`", "| **Name**               | `login`")
		},
			refPage + ":174: method \"Login\": Specifics table has no Action row"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := mapFS(t)
			if tc.breakFS != nil {
				tc.breakFS(m)
			}
			_, err := OpenFS(m).Import("agent", tc.version)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error = %q\nwant prefix %q", err, tc.want)
			}
		})
	}
	if _, err := Open(fixtureDir).Import("bot", "3.6"); err == nil || !strings.Contains(err.Error(), "unknown API") {
		t.Errorf("unknown API: %v", err)
	}
	if _, err := Open(t.TempDir()).Import("agent", "3.6"); err == nil || !strings.Contains(err.Error(), "no agent Chat API docs") {
		t.Errorf("empty folder: %v", err)
	}
}

// TestImportPartialPushTakesCreatedFields guards the partial-push rule: an `X_updated` push
// whose description says it carries only the updated properties gets the fields of
// `X_created` its sample lacks, optional, with a note.
func TestImportPartialPushTakesCreatedFields(t *testing.T) {
	res := importFixture(t)
	p := res.Spec.Push("agent_updated")
	if p == nil {
		t.Fatal("no push agent_updated")
	}
	got := map[string]bool{}
	for _, f := range p.Fields {
		got[f.Name] = f.Required
	}
	want := map[string]bool{"id": true, "role": false, "name": false, "groups": false}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("agent_updated fields (name -> required) (-want +got):\n%s", diff)
	}
	if !slices.ContainsFunc(p.Notes, func(n string) bool { return strings.Contains(n, "`agent_created`") && strings.Contains(n, "`groups`") }) {
		t.Errorf("no note saying which fields came from agent_created: %q", p.Notes)
	}
	if !res.Unstated[Key("push", "agent_updated", "field", "groups.id")] {
		t.Error("groups.id taken from agent_created lost its unstated requiredness")
	}
}

// TestImportResponseFieldOptionalLikeSameParamSibling guards the shared-condition rule: a
// response field read from a sample alone is optional when another action documents it as
// conditional relative to a request param both actions take (next_page_id / page_id).
func TestImportResponseFieldOptionalLikeSameParamSibling(t *testing.T) {
	a := importFixture(t).Spec.Action("list_archives")
	if a == nil {
		t.Fatal("no action list_archives")
	}
	for _, f := range a.Response {
		switch f.Name {
		case "next_page_id":
			if f.Required {
				t.Error("next_page_id is required; list_chats documents it as conditional on page_id")
			}
		case "found_chats":
			if !f.Required {
				t.Error("found_chats became optional: the rule must not touch fields no sibling documents as conditional")
			}
		}
	}
	if !slices.ContainsFunc(a.Notes, func(n string) bool { return strings.Contains(n, "`next_page_id`") && strings.Contains(n, "`page_id`") }) {
		t.Errorf("no note saying why next_page_id is optional: %q", a.Notes)
	}
}

// TestImportPushFieldRelayingOptionalParamIsOptional guards the relay rule: a push field
// named after an optional param of the action that sends the push is optional; one whose
// param has a fallback ("If not specified, ...") and one of a required param stay required.
func TestImportPushFieldRelayingOptionalParamIsOptional(t *testing.T) {
	p := importFixture(t).Spec.Push("incoming_thinking_indicator")
	if p == nil {
		t.Fatal("no push incoming_thinking_indicator")
	}
	got := map[string]bool{}
	for _, f := range p.Fields {
		got[f.Name] = f.Required
	}
	want := map[string]bool{"chat_id": true, "agent_id": true, "title": false}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("incoming_thinking_indicator fields (name -> required) (-want +got):\n%s", diff)
	}
	if !slices.ContainsFunc(p.Notes, func(n string) bool {
		return strings.Contains(n, "`title`") && strings.Contains(n, "`send_thinking_indicator`")
	}) {
		t.Errorf("no note saying why title is optional: %q", p.Notes)
	}
}
