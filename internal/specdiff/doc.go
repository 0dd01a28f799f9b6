// Package specdiff compares two API specs (internal/spec models, usually two versions of one
// API) and classifies every difference: what changed, whether it breaks programs written for
// the old version, why, and which identifiers of the generated Go packages it affects. It
// backs `gen diff OLD NEW`. It knows nothing of the transport or the generated code beyond
// the naming conventions of internal/codegen.
//
// # What is compared
//
// Actions (name, transports, scopes, deprecation, the pushes they trigger, params, response),
// pushes (name, deprecation, payload), named types (kind, struct fields, definitions and
// their enum values, union discriminators and variants), error types, and the connection
// (endpoint, regions, query parameters, ping interval, cap on pending requests). Field lists
// are compared field by field, recursively into inline objects (and into a named struct type
// that replaced an inline object or the reverse): added, removed, renamed, JSON type changed,
// required changed, enum values added or removed, default changed, deprecation. Actions of
// the Web API only are compared like the others (their JSON is the same) but have no Go
// identifiers. A type that is renamed counts as the same type wherever fields use it: the
// rename is reported once, on the type.
//
// # Matching and renames
//
// Items pair up by name first, then by `renamed_from` declarations: on the new item (the usual
// case: it names the old one) or on the old item (what diffing in reverse order finds), so
// that Diff(a, b) and Diff(b, a) mirror each other: added and removed swap, became-required
// and became-optional swap, a rename is reversed. A declaration naming an absent item, or one
// already paired by name, is ignored.
//
// Beyond declarations, a removed item that resembles an added one of the same kind is
// reported as a likely rename (a Suggestion on both changes), never applied: the pair stays a
// removal and an addition. Similarity weighs the names (words, with synonyms such as
// get/list and close/deactivate, and character pairs), what the items contain (params,
// fields, variants) and their docs; fields are only suggested when their types are equal and
// their names share a word other than "id". Each item gets at most one suggestion, best
// scores first, from a similarity of 0.5.
//
// # Levels and lenses
//
// Every change has a stable rule id (Rules lists them; `gen diff -rules` prints them) and a
// level: ERR (breaking), WARN (breaks some programs, depending on what they do) or INFO
// (nothing to do). Changes are judged through two lenses:
//
//   - wire: would a program written for the old JSON still work against the new API? The
//     change's Rule gives this level.
//   - go-api: does code using the old generated package (say v30) still compile against the
//     new one (v36), once the import path is changed? When it does not (a removed or renamed
//     method, type, field or constant, a field that became a pointer or stopped being one, a
//     field of another Go type, a changed method signature), GoRule names the go-api rule
//     and the go-api level is ERR. Changes invisible on the wire (a renamed Go type, a field
//     typed with a definition instead of its underlying type) have a go-api rule as Rule.
//
// A change's Level is the worse of the two (Options.Lens picks one lens instead). Go names the
// identifiers involved, old and new ("v30.Client.GetArchives" -> "v36.Client.ListArchives"),
// so that a report doubles as a migration guide.
//
// # Direction: requests and responses
//
// The same change is graded differently by the direction of the data. A value that clients
// send (request params, query parameters) breaks them when it becomes required, loses an
// enum value, or loses a union kind; a value they only receive (response and push fields)
// breaks them when it disappears or may be missing, and may surprise them with a new enum
// value or union kind. Rules whose level depends on it have two levels, Sent and Received.
//
// Named types are shared by requests and responses, so a change inside a named type (a
// field, an enum value of a definition, a union kind) is graded by how the type is used:
// Sent if it is reachable from any action's params (through fields, inline objects,
// definitions and union variants), Received if it is reachable from any response or push
// payload, both if both; usage is taken from both specs (old and new names of the pair). A
// type used both ways gets the worse of the two levels; a type nothing uses is graded as used
// both ways, since code may use it either way.
//
// # Outputs
//
// WriteText prints one block per item, one line per change, then the summary line
// ("12 breaking, 30 non-breaking (ERR 12, WARN 5, INFO 25)"). WriteMarkdown prints a migration
// guide: counts, then per kind the removed, renamed, changed (field-level changes grouped
// under their item, changes of one rule on sibling fields on one line) and added items.
// WriteJSON prints one document in the schema below. All are deterministic: changes are
// sorted by kind (action, push, type, error, connection), item (old name, or new name for
// additions), part, field path and rule.
//
// # JSON schema (schema_version 1)
//
//	{
//	  "schema_version": 1,
//	  "old": {"path": "spec/agent/v3.0.yaml", "api": "agent", "version": "3.0", "package": "v30"},
//	  "new": {"path": "spec/agent/v3.6.yaml", "api": "agent", "version": "3.6", "package": "v36"},
//	  "lens": "all",                  // all | wire | go-api
//	  "summary": {"breaking": 1, "non_breaking": 0, "err": 1, "warn": 0, "info": 0},
//	  "changes": [                    // always present, [] when the specs are alike
//	    {
//	      "rule": "request-param-renamed", // a rule id (see `gen diff -rules`)
//	      "level": "ERR",                  // ERR | WARN | INFO, under the report's lens
//	      "wire_level": "ERR",             // absent when the change is invisible on the wire
//	      "go_level": "ERR",               // ERR when old Go code no longer compiles, else INFO
//	      "kind": "action",                // action | push | type | error | connection
//	      "old_name": "close_thread",      // the item in the old spec; absent when added
//	      "new_name": "deactivate_chat",   // the item in the new spec; absent when removed
//	      "part": "params",                // absent for the item itself; params | response |
//	                                       // payload | fields | enum | variants | query | regions
//	      "old_path": "chat_id",           // the field (dotted, "[]" for arrays, "{}" for maps),
//	      "new_path": "id",                // the union kind or the region; absent when none
//	      "direction": "request",          // request | response | both: how the data travels
//	      "old": "chat_id",                // the values that changed (types, enum values,
//	      "new": "id",                     // required/optional, URLs ...); absent when none
//	      "reason": "old requests send the old name, which the server no longer reads",
//	      "go_rule": "go-field-renamed",   // absent when old Go code still compiles
//	      "go": [                          // the generated identifiers involved; absent when none
//	        {"old": "v30.CloseThreadRequest.ChatID", "new": "v36.DeactivateChatRequest.ID"}
//	      ],                               // "old" absent: a new identifier; "new" absent: gone
//	      "suggestion": {"name": "list_threads", "score": 0.62} // on removals and additions:
//	                                       // the likely counterpart; absent when none
//	    }
//	  ]
//	}
//
// Fields are only ever added to this schema; a field that changes meaning or goes bumps
// schema_version.
package specdiff
