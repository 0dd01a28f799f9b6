package livechatdocs

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rtmkit/livechat-rtm/internal/spec"
)

func verifyLines(t *testing.T, s *spec.Spec, others []*spec.Spec) ([]string, *Report) {
	t.Helper()
	rep, err := Open(fixtureDir).Verify(s, others)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, d := range rep.Disagreements {
		lines = append(lines, d.Format("spec.yaml"))
	}
	return lines, rep
}

// TestVerifyReportsEveryKindOfDisagreement runs verify on testdata/verify-agent-v3.6.yaml
// (the fixture's draft, edited: a param made optional, one added, a type changed, an action
// and a push left out, a removed and a renamed action kept, a structure field dropped) and
// checks each disagreement, its positions on both sides and its acknowledgement.
func TestVerifyReportsEveryKindOfDisagreement(t *testing.T) {
	s, err := spec.Load(verifySpec)
	if err != nil {
		t.Fatal(err)
	}
	got, rep := verifyLines(t, s, nil)
	const ref = "src/pages/messaging/agent-chat-api/rtm-reference/index.mdx"
	at := func(p spec.Pos) string { return fmt.Sprintf("spec.yaml:%d: ", p.Line) }
	param := func(action, name string) spec.Pos { return findField(s.Action(action).Params, name).Pos }
	want := []string{
		at(s.Type("Agent").Pos) + `type "Agent": field "present": in src/pages/messaging/agent-chat-api/data-structures/index.mdx:59 data structure, not in the spec`,
		at(s.Actions[0].Pos) + `action "list_routing_statuses": documented at ` + ref + `:258, not in the spec (acknowledged: Web API only in this project.)`,
		at(param("list_chats", "limit")) + `action "list_chats": param "limit": type string (string) in the spec, int (number) in ` + ref + `:56`,
		at(param("send_event", "chat_id")) + `action "send_event": param "chat_id": required is false in the spec, true in ` + ref + `:131`,
		at(param("send_event", "attach_to_last_thread")) + `action "send_event": param "attach_to_last_thread": not in ` + ref + `:129 request table (acknowledged: The Python SDK sends it; kept for old servers.)`,
		at(s.Action("create_customer").Pos) + `action "create_customer": not in ` + ref + ` (acknowledged: "The Create Customer and List Customers methods were removed." (changelog, v3.6))`,
		at(s.Action("create_customer").Pos) + `action "create_customer": removed in v3.6 by the changelog (src/pages/messaging/agent-chat-api/changelog/index.mdx:15: "The Create Customer and List Customers methods were removed.") (acknowledged: "The Create Customer and List Customers methods were removed." (changelog, v3.6))`,
		at(s.Action("close_thread").Pos) + `action "close_thread": not in ` + ref,
		at(s.Action("close_thread").Pos) + `action "close_thread": renamed to deactivate_chat in v3.2 by the changelog (src/pages/messaging/agent-chat-api/changelog/index.mdx:26)`,
		at(s.Pushes[0].Pos) + `push "customer_updated": documented at src/pages/messaging/agent-chat-api/rtm-pushes/index.mdx:82, not in the spec`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("disagreements (-want +got):\n%s", diff)
	}
	if len(rep.Stale) != 0 {
		t.Errorf("stale acknowledgements: %+v", rep.Stale)
	}
	if rep.Unacknowledged() != 6 {
		t.Errorf("unacknowledged = %d, want 6", rep.Unacknowledged())
	}
	st := rep.Stats
	if st.Total[CatActions] != 10 || st.Agree[CatActions] != 7 || st.Acknowledged[CatActions] != 2 || st.Agree[CatParams] != st.Total[CatParams]-3 {
		t.Errorf("stats = %+v", st)
	}
}

// TestVerifyReportsStaleAcknowledgements guards acknowledgements against rot: a top-level
// differs_from_docs entry that matches no disagreement is reported.
func TestVerifyReportsStaleAcknowledgements(t *testing.T) {
	s := editedFixture(t, "types:\n", "differs_from_docs:\n  - {item: 'action \"list_chats\"', reason: Was missing once.}\ntypes:\n")
	_, rep := verifyLines(t, s, nil)
	if len(rep.Stale) != 1 || rep.Stale[0].Item != `action "list_chats"` || rep.Stale[0].Pos.Line == 0 {
		t.Errorf("stale = %+v", rep.Stale)
	}
}

// editedFixture is the fixture's draft (testdata/fixture-agent-v3.6.yaml) with its first old
// replaced by new (which it must contain), parsed as edited.yaml.
func editedFixture(t *testing.T, old, new string) *spec.Spec {
	t.Helper()
	data, err := os.ReadFile("testdata/fixture-agent-v3.6.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("fixture has no %q", old)
	}
	s, err := spec.Parse("edited.yaml", []byte(strings.Replace(string(data), old, new, 1)))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestVerifyReportsStaleItemAcknowledgements guards item-level acknowledgements against rot:
// a differs_from_docs on an item that agrees with the docs is reported with its line, and one
// that acknowledges a real disagreement is not.
func TestVerifyReportsStaleItemAcknowledgements(t *testing.T) {
	s := editedFixture(t, "- {name: chat_id, type: string, required: true", "- {name: chat_id, type: string, required: true, differs_from_docs: Was optional once.")
	_, rep := verifyLines(t, s, nil)
	var got []string
	for _, st := range rep.StaleItems {
		if st.Pos.Line == 0 {
			t.Errorf("stale item %s has no line", st.Item)
		}
		got = append(got, st.Item)
	}
	if len(got) != 1 || !strings.HasSuffix(got[0], `: param "chat_id"`) {
		t.Errorf("stale items = %q, want the one chat_id param", got)
	}

	// The reviewed verify fixture acknowledges real disagreements only.
	s2, err := spec.Load(verifySpec)
	if err != nil {
		t.Fatal(err)
	}
	if _, rep := verifyLines(t, s2, nil); len(rep.StaleItems) != 0 {
		t.Errorf("stale items in %s: %+v", verifySpec, rep.StaleItems)
	}
}

// TestVerifyStaleItemAcknowledgementOnTheSameLine: a field's stale acknowledgement is reported
// even when it shares its line with a nested field whose acknowledgement a disagreement used (a
// flow mapping holding a field and its fields).
func TestVerifyStaleItemAcknowledgementOnTheSameLine(t *testing.T) {
	s := editedFixture(t, "      - name: statistics\n        type: object\n        fields:\n          - {name: chats_count, type: int}\n",
		"      - {name: statistics, type: object, differs_from_docs: Was a list once., fields: [{name: chats_count, type: string, differs_from_docs: Sent as text.}]}\n")
	got, rep := verifyLines(t, s, nil)
	if len(got) != 1 || !strings.Contains(got[0], `field "chats_count": type string`) || rep.Disagreements[0].Reason != "Sent as text." {
		t.Fatalf("disagreements %q: want chats_count's type, acknowledged", got)
	}
	var stale []string
	for _, st := range rep.StaleItems {
		stale = append(stale, st.Item)
	}
	if want := []string{`type "Customer": field "statistics"`}; !cmp.Equal(stale, want) {
		t.Errorf("stale items = %q, want %q", stale, want)
	}
}

// TestVerifyWebOnlyActions checks that an action the spec gives only the web transport is
// looked for in the Web API reference, not in the RTM reference.
func TestVerifyWebOnlyActions(t *testing.T) {
	s := editedFixture(t, "pushes:\n  - name: incoming_chat",
		"  - {name: upload_file, doc: Uploads a file., transports: [web]}\n  - {name: download_file, doc: Downloads a file., transports: [web]}\npushes:\n  - name: incoming_chat")
	got, _ := verifyLines(t, s, nil)
	want := []string{fmt.Sprintf(`spec.yaml:%d: action "download_file": a Web-only action not in src/pages/messaging/agent-chat-api/index.mdx`, s.Action("download_file").Pos.Line)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("disagreements (-want +got):\n%s", diff)
	}
}

// TestVerifyDraftAgreesWithItself guards the comparison against false positives: the
// importer's own draft has no disagreement and 100% agreement.
func TestVerifyDraftAgreesWithItself(t *testing.T) {
	s, err := spec.Load("testdata/fixture-agent-v3.6.yaml")
	if err != nil {
		t.Fatal(err)
	}
	got, rep := verifyLines(t, s, nil)
	if len(got) > 0 {
		t.Errorf("the draft disagrees with its docs:\n%s", strings.Join(got, "\n"))
	}
	for _, c := range rep.Stats.Categories {
		if rep.Stats.Agree[c] != rep.Stats.Total[c] {
			t.Errorf("%s: %d/%d", c, rep.Stats.Agree[c], rep.Stats.Total[c])
		}
	}
}

// TestVerifyVersionWithoutDocsChecksTheChangelog covers a version that has no docs folder
// (as agent v3.0): verify says what it could not check and still applies the changelog: a
// name that only a later version has, and a rename since the previous spec without
// renamed_from.
func TestVerifyVersionWithoutDocsChecksTheChangelog(t *testing.T) {
	old, err := spec.Parse("v3.0.yaml", []byte(`api: agent
version: "3.0"
doc: Old.
connection: {url: "wss://example.com/v3.0"}
actions:
  - {name: list_chats, doc: Lists chats.}
  - {name: close_thread, doc: Closes a thread.}
  - {name: send_event_preview, doc: Previews.}
`))
	if err != nil {
		t.Fatal(err)
	}
	got, rep := verifyLines(t, old, nil)
	want := []string{
		`spec.yaml:6: action "list_chats": is named get_chats_summary until v3.2, when the changelog renames it (src/pages/messaging/agent-chat-api/changelog/index.mdx:28)`,
		`spec.yaml:8: action "send_event_preview": added only in v3.6 by the changelog (src/pages/messaging/agent-chat-api/changelog/index.mdx:16: "There's a new method, Send Event Preview (Web & RTM).")`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("disagreements (-want +got):\n%s", diff)
	}
	if len(rep.Unverified) != 1 || !strings.Contains(rep.Unverified[0], "no docs folder documents agent v3.0") {
		t.Errorf("unverified = %q", rep.Unverified)
	}

	s, err := spec.Load("testdata/fixture-agent-v3.6.yaml")
	if err != nil {
		t.Fatal(err)
	}
	got, _ = verifyLines(t, s, []*spec.Spec{old, s})
	line := func(p spec.Pos) string { return fmt.Sprintf("spec.yaml:%d: ", p.Line) }
	want = []string{
		line(s.Action("list_chats").Pos) + `action "list_chats": renamed from get_chats_summary in v3.2 (src/pages/messaging/agent-chat-api/changelog/index.mdx:28), after v3.0: want renamed_from`,
		line(s.Action("deactivate_chat").Pos) + `action "deactivate_chat": renamed from close_thread in v3.2 (src/pages/messaging/agent-chat-api/changelog/index.mdx:26), after v3.0: want renamed_from`,
		line(s.Push("chat_deactivated").Pos) + `push "chat_deactivated": renamed from thread_closed in v3.2 (src/pages/messaging/agent-chat-api/changelog/index.mdx:26), after v3.0: want renamed_from`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("with the previous spec (-want +got):\n%s", diff)
	}
}

// TestVerifyWebOnlyActionsCounted: a Web-only action is checked against the Web API reference (the
// RTM reference cannot have it): one it documents agrees, one it does not is reported there.
func TestVerifyWebOnlyActionsCounted(t *testing.T) {
	s, err := spec.Load("testdata/verify-agent-v3.6.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, before := verifyLines(t, s, nil)
	for _, name := range []string{"upload_file", "upload_everything"} {
		s.Actions = append(s.Actions, &spec.Action{Pos: spec.Pos{Line: 999}, Name: name, Doc: "d", Transports: []string{"web"}})
	}
	got, rep := verifyLines(t, s, nil)
	const web = "src/pages/messaging/agent-chat-api/index.mdx"
	want := `spec.yaml:999: action "upload_everything": a Web-only action not in ` + web
	if n := len(got); n != len(before.Disagreements)+1 || got[n-1] != want {
		t.Errorf("last disagreements %q, want one more: %s", got[len(before.Disagreements):], want)
	}
	if st := rep.Stats; st.Total[CatActions] != before.Stats.Total[CatActions]+2 || st.Agree[CatActions] != before.Stats.Agree[CatActions]+1 {
		t.Errorf("stats = %+v", st)
	}
}
