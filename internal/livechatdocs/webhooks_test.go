package livechatdocs

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// webhookFixture is a small webhook reference in the docs' layout, with the oddities of the
// real one: placeholders, a stray bracket, a Specifics action that differs, a sample action
// that differs, a push equivalent the version does not have.
const webhookFixture = `---
title: "Webhooks"
apiVersion: "3.6"
---

## Events

### ` + "`incoming_event`" + `

Indicates about an incoming [event](/messaging/agent-chat-api/v3.6/data-structures/#events) sent to a chat.

#### Specifics

|                        |                                                                               |
| ---------------------- | ----------------------------------------------------------------------------- |
| **Action**             | ` + "`incoming_event`" + `                                                     |
| **Push equivalent in** | [` + "`Agent Chat API`" + `](/messaging/agent-chat-api/v3.6/rtm-pushes/#incoming_event) |

<CodeResponse title={'Sample webhook'}>

` + "```json" + `
{
  "webhook_id": "<webhook_id>",
  "secret_key": "<secret_key>",
  "action": "incoming_event",
  "organization_id": "390e44e6",
  "payload": {
    "chat_id": "PJ0MRSHTDG",
    "event": {
      // "Event" object
    }
  },
  "additional_data": {
    "chat_properties": { //optional
        // chat properties
    },
    "chat_presence_user_ids": [ //optional
      // User IDs
    ]
  }
}
` + "```" + `

</CodeResponse>

### ` + "`customer_session_fields_updated`" + `

Indicates that a chatting customer's session fields were updated.

#### Specifics

|            |                                   |
| ---------- | --------------------------------- |
| **Action** | ` + "`customer_session_fields_updated`" + ` |

` + "```json" + `
{
  "webhook_id": "<webhook_id>",
  "secret_key": "<secret_key>",
  "action": "customer_session_fields_updated",
  "organization_id": "390e44e6",
  "payload": {
    "id": "5280e68c",
    "active_chat": {
        "chat_id": "PJ0MRSHTDG"
    }
    ],
    "session_fields": [{"key": "value"}]
  }
}
` + "```" + `

### ` + "`tag_deleted`" + `

Indicates that a tag was deleted within a license.

#### Specifics

|                        |                                                                            |
| ---------------------- | -------------------------------------------------------------------------- |
| **Action**             | ` + "`delete_tag`" + `                                                      |
| **Push equivalent in** | [` + "`Agent Chat API`" + `](/messaging/agent-chat-api/v3.6/rtm-pushes/#tag_deleted) |

` + "```json" + `
{
  "webhook_id": "<webhook_id>",
  "secret_key": "<secret_key>",
  "action": "tag_removed",
  "organization_id": "390e44e6",
  "payload": {"name": "docs_feedback"},
  "requester": {"user_id": "user@example.com"}
  "additional_data": {}
}
` + "```" + `
`

const webhookPage = "src/pages/management/webhooks/index.mdx"

func webhookDocs(t *testing.T) *Docs {
	t.Helper()
	m := mapFS(t)
	m[webhookPage] = &fstest.MapFile{Data: []byte(webhookFixture)}
	return OpenFS(m)
}

// TestImportWebhooks reads the fixture's webhook reference: the push equivalent is reused,
// the others get their fields from the sample, the oddities become notes, the sample body
// becomes the example.
func TestImportWebhooks(t *testing.T) {
	res, err := webhookDocs(t).Import("agent", "3.6")
	if err != nil {
		t.Fatal(err)
	}
	s := res.Spec
	if len(s.Webhooks) != 3 {
		t.Fatalf("%d webhooks, want 3", len(s.Webhooks))
	}
	ie := s.Webhook("incoming_event")
	if ie.Push != "incoming_event" || len(ie.Fields) != 0 || !strings.HasPrefix(ie.Doc, "Indicates about an incoming event sent") {
		t.Errorf("incoming_event = %+v", ie)
	}
	var ad []string
	for _, f := range ie.AdditionalData {
		ad = append(ad, f.Name+" "+f.Type.String()+" "+map[bool]string{true: "required", false: "optional"}[f.Required])
	}
	if diff := cmp.Diff([]string{"chat_properties Properties optional", "chat_presence_user_ids []string optional"}, ad); diff != "" {
		t.Errorf("additional_data (-want +got):\n%s", diff)
	}
	if !strings.Contains(string(ie.Example), `"action":"incoming_event"`) && !strings.Contains(string(ie.Example), `"action": "incoming_event"`) {
		t.Errorf("example = %s", ie.Example)
	}
	if got := res.Origins[Key("webhook", "incoming_event")]; got.File != webhookPage || got.Line != 8 {
		t.Errorf("origin = %v", got)
	}

	cs := s.Webhook("customer_session_fields_updated")
	var names []string
	for _, f := range cs.Fields {
		names = append(names, f.Name)
	}
	if cs.Push != "" || !cmp.Equal(names, []string{"id", "active_chat", "session_fields"}) || !hasNote(cs.Notes, "stray closing bracket") {
		t.Errorf("customer_session_fields_updated = push %q fields %v notes %q", cs.Push, names, cs.Notes)
	}

	td := s.Webhook("tag_deleted")
	if td.Push != "" || len(td.Envelope) != 1 || td.Envelope[0].Name != "requester" {
		t.Errorf("tag_deleted = %+v", td)
	}
	for _, want := range []string{"gives the action as `delete_tag`", "the sample's action is `tag_removed`", "`tag_deleted` is not a push of this version"} {
		if !hasNote(td.Notes, want) {
			t.Errorf("tag_deleted notes %q lack %q", td.Notes, want)
		}
	}
	if !strings.Contains(string(td.Example), "tag_deleted") || strings.Contains(string(td.Example), "tag_removed") {
		t.Errorf("tag_deleted example = %s", td.Example)
	}
	if !strings.Contains(strings.Join(s.Sources, " "), webhookPage) {
		t.Errorf("sources %v lack the webhook page", s.Sources)
	}
	// The customer API has no webhooks; the draft without the page neither.
	if res, err := webhookDocs(t).Import("customer", "3.6"); err == nil && len(res.Spec.Webhooks) != 0 {
		t.Errorf("customer draft has %d webhooks", len(res.Spec.Webhooks))
	}
	if len(importFixture(t).Spec.Webhooks) != 0 {
		t.Error("a docs tree without a webhook reference gave webhooks")
	}
}

// TestVerifyWebhooks edits the fixture's draft (a webhook left out, another reusing a push
// the docs do not name, an additional_data field dropped, an envelope field added) and checks
// that verify reports each, and nothing on the draft itself.
func TestVerifyWebhooks(t *testing.T) {
	docs := webhookDocs(t)
	res, err := docs.Import("agent", "3.6")
	if err != nil {
		t.Fatal(err)
	}
	data, err := spec.Encode(res.Spec)
	if err != nil {
		t.Fatal(err)
	}
	clean, err := spec.Parse("draft.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := docs.Verify(clean, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range rep.Disagreements {
		if strings.Contains(d.Item, "webhook") {
			t.Errorf("the draft disagrees with itself: %s", d.Format("draft.yaml"))
		}
	}
	s := res.Spec
	s.Webhooks = s.Webhooks[:2] // tag_deleted left out
	s.Webhooks[0].AdditionalData = s.Webhooks[0].AdditionalData[:1]
	s.Webhooks[0].Envelope = []*spec.Field{{Name: "region", Type: &spec.TypeRef{Kind: spec.String}}}
	s.Webhooks[1].Push, s.Webhooks[1].Fields = "incoming_event", nil
	data, err = spec.Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	edited, err := spec.Parse("edited.yaml", data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	rep, err = docs.Verify(edited, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range rep.Disagreements {
		if strings.Contains(d.Item, "webhook") {
			got = append(got, d.Item+": "+d.Msg)
		}
	}
	want := []string{
		`webhook "incoming_event": additional_data field "chat_presence_user_ids": in src/pages/management/webhooks/index.mdx:37 sample additional_data, not in the spec`,
		`webhook "tag_deleted": documented at src/pages/management/webhooks/index.mdx:73, not in the spec`,
		`webhook "incoming_event": envelope field "region": not in src/pages/management/webhooks/index.mdx:8 sample body`,
		`webhook "customer_session_fields_updated": reuses the payload of push "incoming_event", but src/pages/management/webhooks/index.mdx:46 gives no push equivalent`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("webhook disagreements (-want +got):\n%s\ngot:\n%s", diff, strings.Join(got, "\n"))
	}
	if rep.Stats.Total[CatWebhooks] != 3 || rep.Stats.Agree[CatWebhooks] != 1 {
		t.Errorf("stats: %d/%d webhooks agree, want 1/3", rep.Stats.Agree[CatWebhooks], rep.Stats.Total[CatWebhooks])
	}
}

// TestDropStrayCloser: only a closing bracket that closes nothing open is removed.
func TestDropStrayCloser(t *testing.T) {
	in := "{\n  \"a\": {\n    \"b\": \"]\"\n  }\n  ],\n  \"c\": [1]\n}"
	out, line := dropStrayCloser(in)
	if line != 5 || strings.Count(out, "\n") != strings.Count(in, "\n")-1 || strings.Contains(out, "  ],") {
		t.Errorf("dropStrayCloser = %q, %d", out, line)
	}
	if _, line := dropStrayCloser("{\"a\": [1,\n 2\n]\n}"); line != 0 {
		t.Errorf("a balanced sample lost line %d", line)
	}
}

// TestImportRealDocsWebhooks reads the real webhook references (v3.6 and v3.7): every webhook
// of the "Available webhooks" table, all but customer_session_fields_updated reusing their
// push, and the reviewed agent v3.6 and v3.7 specs agree with them.
func TestImportRealDocsWebhooks(t *testing.T) {
	docs := needRealDocs(t)
	for _, version := range []string{"3.6", "3.7"} {
		res, err := docs.Import("agent", version)
		if err != nil {
			t.Fatalf("v%s: %v", version, err)
		}
		n, push := 0, 0
		for _, w := range res.Spec.Webhooks {
			n++
			if w.Push != "" {
				push++
			}
		}
		if n != 38 || push != 37 || res.Spec.Webhook("customer_session_fields_updated").Push != "" {
			t.Errorf("v%s: %d webhooks, %d reusing a push; want 38 and 37", version, n, push)
		}
	}
	for _, path := range []string{"../../spec/agent/v3.6.yaml", "../../spec/agent/v3.7.yaml"} {
		if _, err := os.Stat(path); err != nil {
			continue
		}
		s, err := spec.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Webhooks) != 38 {
			t.Errorf("%s: %d webhooks, want 38", path, len(s.Webhooks))
		}
		rep, err := docs.Verify(s, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range rep.Disagreements {
			if strings.Contains(d.Item, "webhook") && !d.Acknowledged() {
				t.Errorf("%s", d.Format(s.Path))
			}
		}
	}
}
