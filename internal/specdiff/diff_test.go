package specdiff

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// diffCase is a pair of small specs and the changes expected between them, as line prints
// them. Every case also runs in reverse in TestMirror.
type diffCase struct {
	name     string
	old, new string
	want     []string
}

var diffCases = []diffCase{
	// Actions.
	{
		name: "action added and removed",
		old:  "actions:\n  - {name: get_agent, doc: Gets an agent.}\n",
		new:  "actions:\n  - {name: ban_customer, doc: Bans a customer.}\n",
		want: []string{
			"INFO action-added action ban_customer",
			"ERR action-removed action get_agent | go:go-method-removed",
		},
	},
	{
		name: "action renamed (declared)",
		old:  "actions:\n  - {name: close_thread, doc: Closes.}\n",
		new:  "actions:\n  - {name: deactivate_chat, doc: Deactivates., renamed_from: close_thread}\n",
		want: []string{"ERR action-renamed action close_thread -> deactivate_chat | close_thread -> deactivate_chat | go:go-method-renamed"},
	},
	{
		name: "rename suggested by similarity, not applied",
		old: `actions:
  - name: get_archives
    doc: Returns archived chats.
    params: [{name: filters, type: "map[string]string"}, {name: page_id, type: string}]
    response: [{name: chats, type: "[]string"}]
`,
		new: `actions:
  - name: list_archives
    doc: Returns a list of archived chats.
    params: [{name: filters, type: "map[string]string"}, {name: page_id, type: string}, {name: limit, type: int}]
    response: [{name: chats, type: "[]string"}]
`,
		want: []string{
			"ERR action-removed action get_archives | go:go-method-removed | ~list_archives",
			"INFO action-added action list_archives | ~get_archives",
		},
	},
	{
		name: "rename suggested: close_thread and deactivate_chat",
		old: `actions:
  - name: close_thread
    doc: Closes the thread of a chat.
    params: [{name: chat_id, type: string, required: true}]
`,
		new: `actions:
  - name: deactivate_chat
    doc: Deactivates a chat by closing its thread.
    params: [{name: chat_id, type: string, required: true}, {name: ignore_requester_presence, type: bool}]
`,
		want: []string{
			"ERR action-removed action close_thread | go:go-method-removed | ~deactivate_chat",
			"INFO action-added action deactivate_chat | ~close_thread",
		},
	},
	{
		name: "unrelated actions are not suggested",
		old:  "actions:\n  - {name: upload_image, doc: Uploads an image.}\n",
		new:  "actions:\n  - {name: follow_customer, doc: Follows a customer.}\n",
		want: []string{
			"INFO action-added action follow_customer",
			"ERR action-removed action upload_image | go:go-method-removed",
		},
	},
	{
		name: "transports",
		old:  "actions:\n  - {name: a, doc: A.}\n  - {name: b, doc: B., transports: [web]}\n  - {name: c, doc: C., transports: [rtm, web]}\n",
		new:  "actions:\n  - {name: a, doc: A., transports: [web]}\n  - {name: b, doc: B., transports: [rtm, web]}\n  - {name: c, doc: C.}\n",
		want: []string{
			"ERR action-rtm-removed action a | rtm -> web | go:go-method-removed",
			"INFO action-web-added action a | rtm -> web",
			"INFO action-rtm-added action b | web -> rtm,web",
			"INFO action-web-removed action c | rtm,web -> rtm",
		},
	},
	{
		name: "pushes of an action, scopes, deprecation",
		old: `actions:
  - {name: a, doc: A., scopes: ["chats:write"], pushes: [p1, p2]}
  - {name: b, doc: B., deprecated: use a}
pushes:
  - {name: p1, doc: P1.}
  - {name: p2, doc: P2.}
  - {name: p3, doc: P3.}
`,
		new: `actions:
  - {name: a, doc: A., scopes: ["chats:rw"], pushes: [p1, p3], deprecated: use c}
  - {name: b, doc: B.}
pushes:
  - {name: p1, doc: P1.}
  - {name: p2, doc: P2.}
  - {name: p3, doc: P3.}
`,
		want: []string{
			"INFO action-push-added action a | p3",
			"WARN action-push-removed action a | p2",
			"WARN action-scopes-changed action a | chats:write -> chats:rw",
			"INFO deprecated action a | use c",
			"INFO undeprecated action b | use a",
		},
	},
	{
		name: "pushes renamed with the action's list following",
		old:  "actions:\n  - {name: a, doc: A., pushes: [thread_closed]}\npushes:\n  - {name: thread_closed, doc: Closed.}\n",
		new:  "actions:\n  - {name: a, doc: A., pushes: [chat_deactivated]}\npushes:\n  - {name: chat_deactivated, doc: Deactivated., renamed_from: thread_closed}\n",
		want: []string{"ERR push-renamed push thread_closed -> chat_deactivated | thread_closed -> chat_deactivated | go:go-method-renamed"},
	},
	{
		name: "response appears, goes, changes shape",
		old: `actions:
  - {name: a, doc: A.}
  - name: b
    doc: B.
    response: [{name: id, type: string}]
  - name: c
    doc: C.
    response: [{name: id, type: string}]
  - name: d
    doc: D.
    response: []
`,
		new: `actions:
  - name: a
    doc: A.
    response: [{name: id, type: string}]
  - {name: b, doc: B.}
  - name: c
    doc: C.
    response_type: "[]object"
    response: [{name: id, type: string}]
  - {name: d, doc: D.}
`,
		want: []string{
			"ERR action-response-added action a | response: none -> object | go:go-method-signature-changed",
			"ERR action-response-removed action b | response: object -> none | go:go-method-signature-changed",
			"ERR action-response-type-changed action c | response: object -> []object | go:go-method-signature-changed",
		},
	},
	{
		name: "array responses compare their items",
		old:  "actions:\n  - name: a\n    doc: A.\n    response_type: \"[]object\"\n    response: [{name: id, type: string, required: true}]\n",
		new:  "actions:\n  - name: a\n    doc: A.\n    response_type: \"[]object\"\n    response: [{name: id, type: string}]\n",
		want: []string{"ERR response-field-became-optional action a | response field id: required -> optional | go:go-field-became-pointer"},
	},

	// Request params.
	{
		name: "params added, removed, renamed",
		old: `actions:
  - name: send_event
    doc: Sends.
    params:
      - {name: chat_id, type: string, required: true}
      - {name: legacy, type: bool}
`,
		new: `actions:
  - name: send_event
    doc: Sends.
    params:
      - {name: id, type: string, required: true, renamed_from: chat_id}
      - {name: visibility, type: string, required: true}
      - {name: attach, type: bool}
`,
		want: []string{
			"INFO request-param-added-optional action send_event | param attach (bool)",
			"ERR request-param-renamed action send_event | param chat_id -> id | go:go-field-renamed",
			"ERR request-param-removed action send_event | param legacy (bool) | go:go-field-removed",
			"ERR request-param-added-required action send_event | param visibility (string)",
		},
	},
	{
		name: "params required and optional; pointers and nil-able types",
		old: `actions:
  - name: a
    doc: A.
    params:
      - {name: p1, type: string}
      - {name: p2, type: int, required: true}
      - {name: p3, type: "[]string", required: true}
`,
		new: `actions:
  - name: a
    doc: A.
    params:
      - {name: p1, type: string, required: true}
      - {name: p2, type: int}
      - {name: p3, type: "[]string"}
`,
		want: []string{
			"ERR request-param-became-required action a | param p1: optional -> required | go:go-field-became-value",
			"ERR request-param-became-optional action a | param p2: required -> optional | go:go-field-became-pointer",
			"INFO request-param-became-optional action a | param p3: required -> optional",
		},
	},
	{
		name: "param types, enums and defaults",
		old: `actions:
  - name: a
    doc: A.
    params:
      - {name: limit, type: int, default: "10"}
      - {name: order, type: string, enum: [asc, desc]}
      - {name: kind, type: string}
      - {name: mode, type: string, enum: [x, y]}
      - {name: at, type: string}
`,
		new: `actions:
  - name: a
    doc: A.
    params:
      - {name: limit, type: string, default: "10"}
      - {name: order, type: string, enum: [desc, newest], default: desc}
      - {name: kind, type: string, enum: [agent, bot]}
      - {name: mode, type: string}
      - {name: at, type: time}
`,
		want: []string{
			"ERR go-field-type-changed action a | param at: *string -> *rtm.Time",
			"WARN enum-constraint-added action a | param kind (agent, bot)",
			"ERR request-param-type-changed action a | param limit: int -> string | go:go-field-type-changed",
			"ERR enum-constraint-removed action a | param mode (x, y) | go:go-const-removed",
			"INFO enum-value-added action a | param order (newest)",
			"ERR enum-value-removed action a | param order (asc) | go:go-const-removed",
		},
	},
	{
		name: "default changed",
		old:  "actions:\n  - name: a\n    doc: A.\n    params: [{name: limit, type: int, default: \"10\"}]\n",
		new:  "actions:\n  - name: a\n    doc: A.\n    params: [{name: limit, type: int, default: \"25\"}]\n",
		want: []string{"WARN default-changed action a | param limit: 10 -> 25"},
	},
	{
		name: "inline objects are compared field by field",
		old: `actions:
  - name: list_chats
    doc: Lists.
    params:
      - name: filters
        type: object
        fields:
          - {name: include_active, type: bool}
          - {name: query, type: string}
`,
		new: `actions:
  - name: list_chats
    doc: Lists.
    params:
      - name: filters
        type: object
        fields:
          - {name: active, type: bool, renamed_from: include_active}
          - {name: group_ids, type: "[]int"}
`,
		want: []string{
			"ERR request-param-renamed action list_chats | param filters.include_active -> filters.active | go:go-field-renamed",
			"INFO request-param-added-optional action list_chats | param filters.group_ids ([]int)",
			"ERR request-param-removed action list_chats | param filters.query (string) | go:go-field-removed",
		},
	},
	{
		name: "inline object replaced by a named type",
		old: `actions:
  - name: a
    doc: A.
    params:
      - name: filters
        type: object
        fields: [{name: query, type: string}]
`,
		new: `types:
  - name: Filters
    doc: Filters.
    fields: [{name: query, type: string}, {name: from, type: time}]
actions:
  - name: a
    doc: A.
    params: [{name: filters, type: Filters}]
`,
		want: []string{
			"ERR go-field-type-changed action a | param filters: *ARequestFilters -> *Filters",
			"INFO request-param-added-optional action a | param filters.from (time)",
			"INFO type-added type Filters",
		},
	},
	{
		name: "field typed by a definition: same JSON, other Go type",
		old:  "actions:\n  - name: a\n    doc: A.\n    params: [{name: visibility, type: string, required: true}]\n",
		new: `types:
  - {name: Visibility, doc: Who sees it., type: string}
actions:
  - name: a
    doc: A.
    params: [{name: visibility, type: Visibility, required: true}]
`,
		want: []string{
			"ERR go-field-type-changed action a | param visibility: string -> Visibility",
			"INFO type-added type Visibility",
		},
	},
	{
		name: "web-only actions have no Go identifiers",
		old:  "actions:\n  - name: up\n    doc: Up.\n    transports: [web]\n    params: [{name: a, type: string}]\n",
		new:  "actions:\n  - name: up\n    doc: Up.\n    transports: [web]\n    params: [{name: b, type: string}]\n",
		want: []string{
			"ERR request-param-removed action up | param a (string)",
			"INFO request-param-added-optional action up | param b (string)",
		},
	},
	{
		name: "params appear: the method takes a request",
		old:  "actions:\n  - {name: logout, doc: Out.}\n",
		new:  "actions:\n  - name: logout\n    doc: Out.\n    params: [{name: all, type: bool}]\n",
		want: []string{
			"ERR go-method-signature-changed action logout | params",
			"INFO request-param-added-optional action logout | param all (bool)",
		},
	},

	// Response fields.
	{
		name: "response fields",
		old: `actions:
  - name: a
    doc: A.
    response:
      - {name: event, type: string, required: true}
      - {name: thread_id, type: string}
      - {name: total, type: int}
      - {name: users, type: "[]string", required: true}
      - {name: status, type: string, enum: [open, closed]}
`,
		new: `actions:
  - name: a
    doc: A.
    response:
      - {name: event_id, type: string, required: true}
      - {name: thread, type: string, renamed_from: thread_id}
      - {name: total, type: int, required: true}
      - {name: users, type: "[]int"}
      - {name: status, type: string, enum: [open, closed, queued]}
`,
		want: []string{
			"ERR response-field-removed action a | response field event (string) | go:go-field-removed | ~event_id",
			"INFO response-field-added action a | response field event_id (string) | ~event",
			"WARN enum-value-added action a | response field status (queued)",
			"ERR response-field-renamed action a | response field thread_id -> thread | go:go-field-renamed",
			"ERR response-field-became-required action a | response field total: optional -> required | go:go-field-became-value",
			"WARN response-field-became-optional action a | response field users: required -> optional",
			"ERR response-field-type-changed action a | response field users: []string -> []int | go:go-field-type-changed",
		},
	},
	{
		// Harmless on the wire; the value's Go constant (the field's value-set type) is gone.
		name: "response enum value removed is harmless on the wire",
		old:  "actions:\n  - name: a\n    doc: A.\n    response: [{name: s, type: string, enum: [x, y]}]\n",
		new:  "actions:\n  - name: a\n    doc: A.\n    response: [{name: s, type: string, enum: [x]}]\n",
		want: []string{"ERR enum-value-removed action a | response field s (y) | go:go-const-removed"},
	},

	// Pushes.
	{
		name: "pushes added, removed, renamed, fields",
		old: `pushes:
  - {name: access_granted, doc: Granted.}
  - name: incoming_chat_thread
    doc: Incoming.
    fields: [{name: thread, type: string, required: true}, {name: chat_id, type: string, required: true}]
`,
		new: `pushes:
  - {name: agent_created, doc: Agent created.}
  - name: incoming_chat
    doc: Incoming.
    renamed_from: incoming_chat_thread
    fields: [{name: chat, type: string, required: true}, {name: chat_id, type: string}]
`,
		want: []string{
			"ERR push-removed push access_granted | go:go-method-removed",
			"INFO push-added push agent_created",
			"ERR push-renamed push incoming_chat_thread -> incoming_chat | incoming_chat_thread -> incoming_chat | go:go-method-renamed",
			"INFO push-field-added push incoming_chat_thread -> incoming_chat | field chat (string)",
			"ERR push-field-became-optional push incoming_chat_thread -> incoming_chat | field chat_id: required -> optional | go:go-field-became-pointer",
			"ERR push-field-removed push incoming_chat_thread -> incoming_chat | field thread (string) | go:go-field-removed",
		},
	},
	{
		name: "push documented, payload shape",
		old: `pushes:
  - {name: p1, doc: P1., undocumented: true, notes: [mentioned only]}
  - name: p2
    doc: P2.
    fields: [{name: a, type: string}]
`,
		new: `pushes:
  - name: p1
    doc: P1.
    fields: [{name: a, type: string}, {name: b, type: int}]
  - name: p2
    doc: P2.
    payload_type: "map[string]int"
`,
		want: []string{
			"INFO push-documented push p1 | payload: undocumented -> object with 2 fields",
			"ERR push-payload-type-changed push p2 | payload: object -> map[string]int | go:go-type-changed",
		},
	},

	// Types and the direction they are used in.
	{
		name: "types added, removed, renamed, kind changed",
		old: `types:
  - {name: Message, doc: A message., fields: [{name: text, type: string}]}
  - {name: AutoAccessRules, doc: Rules., fields: [{name: id, type: string}]}
  - {name: Props, doc: Props., type: "map[string]any"}
`,
		new: `types:
  - {name: MessageEvent, doc: A message., renamed_from: Message, fields: [{name: text, type: string}]}
  - {name: Queue, doc: A queue., fields: [{name: position, type: int}]}
  - {name: Props, doc: Props., fields: [{name: a, type: string}]}
`,
		want: []string{
			"ERR type-removed type AutoAccessRules | go:go-type-removed",
			"ERR type-renamed type Message -> MessageEvent | Message -> MessageEvent | go:go-type-renamed",
			"ERR type-kind-changed type Props | definition of map[string]any -> struct | go:go-type-changed",
			"INFO type-added type Queue",
		},
	},
	{
		name: "a renamed type is the same type where fields use it",
		old: `types:
  - {name: Message, doc: A message., fields: [{name: text, type: string}]}
pushes:
  - {name: incoming_event, doc: In., fields: [{name: events, type: "[]Message", required: true}]}
`,
		new: `types:
  - {name: MessageEvent, doc: A message., renamed_from: Message, fields: [{name: text, type: string}]}
pushes:
  - {name: incoming_event, doc: In., fields: [{name: events, type: "[]MessageEvent", required: true}]}
`,
		want: []string{"ERR type-renamed type Message -> MessageEvent | Message -> MessageEvent | go:go-type-renamed"},
	},
	{
		name: "push and type renames suggested",
		old: `types:
  - {name: ChatSummary, doc: A summary of a chat., fields: [{name: id, type: string}, {name: last_event, type: string}]}
pushes:
  - {name: chat_thread_tagged, doc: A thread was tagged., fields: [{name: chat_id, type: string}, {name: tag, type: string}]}
`,
		new: `types:
  - {name: ChatSummaries, doc: Summary of a chat., fields: [{name: id, type: string}, {name: last_event, type: string}]}
pushes:
  - {name: thread_tagged, doc: A thread was tagged., fields: [{name: chat_id, type: string}, {name: tag, type: string}]}
`,
		want: []string{
			"ERR push-removed push chat_thread_tagged | go:go-method-removed | ~thread_tagged",
			"INFO push-added push thread_tagged | ~chat_thread_tagged",
			"INFO type-added type ChatSummaries | ~ChatSummary",
			"ERR type-removed type ChatSummary | go:go-type-removed | ~ChatSummaries",
		},
	},
	{
		name: "type fields graded by use: sent in requests",
		old: usedIn("params", `
      - {name: id, type: string}
      - {name: text, type: string, required: true}
`),
		new: usedIn("params", `
      - {name: id, type: string, required: true}
      - {name: text, type: string}
      - {name: visibility, type: string, required: true}
`),
		want: []string{
			"ERR type-field-became-required type T | field id: optional -> required | go:go-field-became-value",
			"ERR type-field-became-optional type T | field text: required -> optional | go:go-field-became-pointer",
			"ERR type-field-added-required type T | field visibility (string)",
		},
	},
	{
		name: "type fields graded by use: only received",
		old: usedIn("response", `
      - {name: id, type: string}
      - {name: tags, type: "[]string", required: true}
`),
		new: usedIn("response", `
      - {name: id, type: "[]string"}
      - {name: tags, type: "[]string"}
      - {name: created_at, type: time, required: true}
`),
		want: []string{
			"INFO type-field-added-required type T | field created_at (time)",
			"ERR type-field-type-changed type T | field id: string -> []string | go:go-field-type-changed",
			"WARN type-field-became-optional type T | field tags: required -> optional",
		},
	},
	{
		name: "type fields graded by use: both ways take the worse",
		old:  usedIn("both", "\n      - {name: id, type: \"[]string\"}\n"),
		new:  usedIn("both", "\n      - {name: id, type: \"[]string\", required: true}\n      - {name: n, type: int, required: true}\n"),
		want: []string{
			"ERR type-field-became-required type T | field id: optional -> required",
			"ERR type-field-added-required type T | field n (int)",
		},
	},
	{
		name: "type fields graded by use: unused types count both ways",
		old:  "types:\n  - {name: T, doc: T., fields: [{name: id, type: \"[]string\", required: true}]}\n",
		new:  "types:\n  - {name: T, doc: T., fields: [{name: id, type: \"[]string\"}]}\n",
		want: []string{"WARN type-field-became-optional type T | field id: required -> optional"},
	},
	{
		name: "definitions and their enum values",
		old: `types:
  - {name: Visibility, doc: Who., type: string, enum: [all, agents, customers]}
  - {name: Count, doc: A count., type: int}
actions:
  - name: a
    doc: A.
    params: [{name: v, type: Visibility}]
`,
		new: `types:
  - {name: Visibility, doc: Who., type: string, enum: [all, agents, bots]}
  - {name: Count, doc: A count., type: string}
actions:
  - name: a
    doc: A.
    params: [{name: v, type: Visibility}]
`,
		want: []string{
			"ERR type-definition-changed type Count | int -> string | go:go-type-changed",
			"INFO enum-value-added type Visibility | enum (bots)",
			"ERR enum-value-removed type Visibility | enum (customers) | go:go-const-removed",
		},
	},
	{
		name: "unions",
		old: `types:
  - name: Event
    doc: An event.
    union:
      discriminator: type
      variants: [{value: message, type: Message}, {value: annotation, type: Annotation}, {value: file, type: File}]
  - {name: Message, doc: M., fields: [{name: type, type: string, required: true}]}
  - {name: Annotation, doc: A., fields: [{name: type, type: string, required: true}]}
  - {name: File, doc: F., fields: [{name: type, type: string, required: true}]}
pushes:
  - {name: incoming_event, doc: In., fields: [{name: event, type: Event}]}
`,
		new: `types:
  - name: Event
    doc: An event.
    union:
      discriminator: type
      variants: [{value: message, type: Message}, {value: form, type: Form}, {value: file, type: Form}]
  - {name: Message, doc: M., fields: [{name: type, type: string, required: true}]}
  - {name: Form, doc: F., fields: [{name: type, type: string, required: true}]}
  - {name: File, doc: F., fields: [{name: type, type: string, required: true}]}
pushes:
  - {name: incoming_event, doc: In., fields: [{name: event, type: Event}]}
`,
		want: []string{
			"ERR type-removed type Annotation | go:go-type-removed",
			"INFO union-variant-removed type Event | kind annotation (Annotation)",
			"ERR union-variant-type-changed type Event | kind file: File -> Form",
			"WARN union-variant-added type Event | kind form (Form)",
			"INFO type-added type Form",
		},
	},
	{
		name: "union discriminator",
		old:  unionDisc("type"),
		new:  unionDisc("kind"),
		want: []string{
			"ERR union-discriminator-changed type U | union: type -> kind",
			"ERR type-field-added-required type V | field kind (string)",
			"ERR type-field-removed type V | field type (string) | go:go-field-removed",
		},
	},

	{
		name: "type fields renamed and added",
		old:  usedIn("response", "\n      - {name: recipients, type: string}\n"),
		new:  usedIn("response", "\n      - {name: visibility, type: string, renamed_from: recipients}\n      - {name: tags, type: \"[]string\"}\n"),
		want: []string{
			"INFO type-field-added-optional type T | field tags ([]string)",
			"ERR type-field-renamed type T | field recipients -> visibility | go:go-field-renamed",
		},
	},
	{
		name: "push field renamed and retyped",
		old:  "pushes:\n  - name: seen\n    doc: Seen.\n    fields: [{name: timestamp, type: int, required: true}]\n",
		new:  "pushes:\n  - name: seen\n    doc: Seen.\n    fields: [{name: seen_up_to, type: time, required: true, renamed_from: timestamp}]\n",
		want: []string{
			"ERR push-field-renamed push seen | field timestamp -> seen_up_to | go:go-field-renamed",
			"ERR push-field-type-changed push seen | field timestamp -> seen_up_to: int -> time | go:go-field-type-changed",
		},
	},
	{
		name: "web-only action renamed: only its constant",
		old:  "actions:\n  - {name: upload_file, doc: Up., transports: [web]}\n",
		new:  "actions:\n  - {name: upload_image, doc: Up., transports: [web], renamed_from: upload_file}\n",
		want: []string{"ERR action-renamed action upload_file -> upload_image | upload_file -> upload_image | go:go-const-renamed"},
	},

	// Errors and the connection.
	{
		name: "error types",
		old:  "errors:\n  - {type: internal, message: Internal error}\n  - {type: unsupported_version, message: Unsupported}\n",
		new:  "errors:\n  - {type: internal, message: Internal server error}\n  - {type: not_found, message: Not found}\n",
		want: []string{
			"INFO error-message-changed error internal | Internal error -> Internal server error",
			"INFO error-type-added error not_found",
			"ERR error-type-removed error unsupported_version | go:go-const-removed",
		},
	},
	{
		name: "connection query renamed, added optional",
		old:  "connection:\n  url: wss://a.example.com/ws\n  query: [{name: license, type: int, required: true}]\n",
		new:  "connection:\n  url: wss://a.example.com/ws\n  query: [{name: license_id, type: int, required: true, renamed_from: license}, {name: region, type: string}]\n",
		want: []string{
			"ERR connection-query-renamed connection connection | query parameter license -> license_id | go:go-field-renamed",
			"INFO connection-query-added-optional connection connection | query parameter region (string)",
		},
	},
	{
		name: "connection",
		old: `connection:
  url: wss://api.example.com/v1/ws
  regions:
    - {name: dal, url: wss://dal.example.com/v1/ws, default: true}
    - {name: ams, url: wss://ams.example.com/v1/ws}
  query:
    - {name: license_id, type: int, required: true}
    - {name: debug, type: bool}
  ping_interval: 15s
  max_pending_requests: 10
`,
		new: `connection:
  url: wss://api.example.com/v2/ws
  regions:
    - {name: dal, url: wss://dal.example.com/v2/ws}
    - {name: fra, url: wss://fra.example.com/v2/ws, default: true}
  query:
    - {name: license_id, type: string}
    - {name: organization_id, type: string, required: true}
  ping_interval: 10s
  max_pending_requests: 20
`,
		want: []string{
			"INFO connection-url-changed connection connection | wss://api.example.com/v1/ws -> wss://api.example.com/v2/ws",
			"INFO max-pending-requests-raised connection connection | 10 -> 20",
			"WARN ping-interval-shortened connection connection | 15s -> 10s",
			"ERR connection-query-removed connection connection | query parameter debug (bool) | go:go-field-removed",
			"ERR connection-query-became-optional connection connection | query parameter license_id: required -> optional | go:go-field-became-pointer",
			"ERR connection-query-type-changed connection connection | query parameter license_id: int -> string | go:go-field-type-changed",
			"ERR connection-query-added-required connection connection | query parameter organization_id (string)",
			"WARN region-default-changed connection connection | regions: dal -> fra",
			"ERR region-removed connection connection | region ams (wss://ams.example.com/v1/ws) | go:go-const-removed",
			"INFO region-url-changed connection connection | region dal: wss://dal.example.com/v1/ws -> wss://dal.example.com/v2/ws",
			"INFO region-added connection connection | region fra (wss://fra.example.com/v2/ws)",
		},
	},
}

// usedIn is a spec with a struct type T of the given fields, used in the params of an
// action ("params"), in its response ("response"), or both ("both").
func usedIn(where, fields string) string {
	s := "types:\n  - name: T\n    doc: T.\n    fields:" + fields + "actions:\n  - name: a\n    doc: A.\n"
	if where == "params" || where == "both" {
		s += "    params: [{name: t, type: T}]\n"
	}
	if where == "response" || where == "both" {
		s += "    response: [{name: t, type: T}]\n"
	}
	return s
}

// unionDisc is a spec with a union U, discriminated by disc, of one struct V.
func unionDisc(disc string) string {
	return `types:
  - name: U
    doc: U.
    union: {discriminator: ` + disc + `, variants: [{value: v, type: V}]}
  - {name: V, doc: V., fields: [{name: ` + disc + `, type: string, required: true}]}
`
}

func TestDiff(t *testing.T) {
	for _, tc := range diffCases {
		t.Run(tc.name, func(t *testing.T) {
			r := Diff(parse(t, "1.0", tc.old), parse(t, "2.0", tc.new), Options{})
			if diff := cmp.Diff(tc.want, lines(r)); diff != "" {
				t.Errorf("changes (-want +got):\n%s", diff)
			}
		})
	}
}
