package specdiff

// webhookDiffCases are the diff cases of the webhooks section; they join diffCases, so that
// TestDiff, TestMirror and TestEveryRuleIsExercised run them too.
var webhookDiffCases = []diffCase{
	{
		name: "webhook added and removed",
		old:  webhookPushes + "webhooks:\n  - {name: chat_deactivated, doc: A chat was deactivated., push: chat_deactivated}\n",
		new:  webhookPushes + "webhooks:\n  - {name: incoming_event, doc: An event arrived., push: incoming_event}\n",
		want: []string{
			"ERR webhook-removed webhook chat_deactivated | go:go-method-removed",
			"INFO webhook-added webhook incoming_event",
		},
	},
	{
		name: "webhook renamed (declared)",
		old:  webhookPushes + "webhooks:\n  - {name: chat_deactivated, doc: A chat was deactivated., push: chat_deactivated}\n",
		new:  webhookPushes + "webhooks:\n  - {name: chat_closed, doc: A chat was closed., push: chat_deactivated, renamed_from: chat_deactivated}\n",
		want: []string{
			"ERR webhook-renamed webhook chat_deactivated -> chat_closed | chat_deactivated -> chat_closed | go:go-method-renamed",
		},
	},
	{
		name: "webhook payload moves to another push, then to its own fields",
		old:  webhookPushes + "webhooks:\n  - {name: w, doc: D., push: incoming_event}\n  - {name: v, doc: D., push: incoming_event}\n",
		new: webhookPushes + "webhooks:\n  - {name: w, doc: D., push: chat_deactivated}\n" +
			"  - {name: v, doc: D., fields: [{name: chat_id, type: string, required: true}]}\n",
		want: []string{
			"ERR webhook-payload-changed webhook v | payload: push incoming_event -> object of its own | go:go-field-type-changed",
			"ERR webhook-payload-changed webhook w | payload: push incoming_event -> push chat_deactivated | go:go-field-type-changed",
		},
	},
	{
		name: "webhook payload fields, additional_data and envelope",
		old: `webhooks:
  - name: session_updated
    doc: Session fields changed.
    fields:
      - {name: id, type: string, required: true}
      - {name: fields, type: "[]string"}
      - {name: old_name, type: string}
      - {name: count, type: int, required: true}
    additional_data:
      - {name: chat_properties, type: "map[string]any"}
    envelope:
      - {name: requester, type: string}
  - name: rules_updated
    doc: Rules changed.
    payload_type: "[]object"
    fields: [{name: id, type: string, required: true}]
`,
		new: `webhooks:
  - name: session_updated
    doc: Session fields changed.
    fields:
      - {name: id, type: int, required: true}
      - {name: fields, type: "[]string", required: true}
      - {name: new_name, type: string, renamed_from: old_name}
      - {name: count, type: int}
      - {name: active_chat, type: string}
    additional_data:
      - {name: chat_presence_user_ids, type: "[]string"}
    envelope:
      - {name: requester, type: string}
      - {name: region, type: string}
  - name: rules_updated
    doc: Rules changed.
    fields: [{name: id, type: string, required: true}]
`,
		want: []string{
			"ERR webhook-payload-type-changed webhook rules_updated | payload: []object -> object | go:go-type-changed",
			"INFO webhook-field-added webhook session_updated | field active_chat (string)",
			"ERR webhook-field-became-optional webhook session_updated | field count: required -> optional | go:go-field-became-pointer",
			"INFO webhook-field-became-required webhook session_updated | field fields: optional -> required",
			"ERR webhook-field-type-changed webhook session_updated | field id: string -> int | go:go-field-type-changed",
			"ERR webhook-field-renamed webhook session_updated | field old_name -> new_name | go:go-field-renamed",
			"INFO webhook-field-added webhook session_updated | field additional_data.chat_presence_user_ids ([]string)",
			"ERR webhook-field-removed webhook session_updated | field additional_data.chat_properties (map[string]any) | go:go-field-removed",
			"INFO webhook-field-added webhook session_updated | field region (string)",
		},
	},
}

// webhookPushes are the pushes the webhooks of the cases reuse.
const webhookPushes = `pushes:
  - {name: incoming_event, doc: An event arrived., fields: [{name: chat_id, type: string, required: true}]}
  - {name: chat_deactivated, doc: A chat was deactivated., fields: [{name: chat_id, type: string, required: true}]}
`

func init() { diffCases = append(diffCases, webhookDiffCases...) }
