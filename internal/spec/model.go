// Package spec loads and validates the API specs of spec/: one YAML (or JSON) document per
// version of a LiveChat RTM API, describing its actions, pushes, types and errors as data.
//
// The format is described in spec/README.md. Load returns the model or an ErrorList whose
// entries name the file, line and column of each problem:
//
//	spec/agent/v3.6.yaml:120:7: action "send_event": param "chat_id": unknown type "strng"
package spec

import (
	"encoding/json"
	"time"
)

// Pos is a position in a spec file (1-based line and column).
type Pos struct {
	Line, Col int
}

// Spec is one version of one API.
type Spec struct {
	// Path is the file the spec was loaded from, as given to Load.
	Path    string
	API     string // "agent", "customer" or "configuration" (APIConfiguration)
	Version string // "3.6"
	// Status is what the documents call the version: StatusStable, StatusPreview,
	// StatusDeprecated, or "" when the spec does not say.
	Status     string
	Doc        string
	Sources    []string
	Connection Connection
	Notes      []string
	Types      []*Type
	Actions    []*Action
	Pushes     []*Push
	Webhooks   []*Webhook
	Errors     []*ErrorType
	// Web describes the Web API endpoint; nil when the spec has no web: section (see
	// WebEndpoint for the derived default).
	Web *Web
	// DocsDifferences acknowledges disagreements with the docs about items the spec does
	// not have (an action the docs document but the spec leaves out), for gen verify.
	DocsDifferences []*DocsDifference

	types    map[string]*Type
	actions  map[string]*Action
	pushes   map[string]*Push
	webhooks map[string]*Webhook
}

// The statuses a version can have (the spec's top-level status key).
const (
	StatusStable     = "stable"     // the current version, recommended for production use
	StatusPreview    = "preview"    // a developer preview: not open to public use
	StatusDeprecated = "deprecated" // an older version (the documents call it deprecated or legacy)
)

// Type returns the named type, or nil.
func (s *Spec) Type(name string) *Type { return s.types[name] }

// Action returns the named action, or nil.
func (s *Spec) Action(name string) *Action { return s.actions[name] }

// Push returns the named push, or nil.
func (s *Spec) Push(name string) *Push { return s.pushes[name] }

// Webhook returns the named webhook, or nil.
func (s *Spec) Webhook(name string) *Webhook { return s.webhooks[name] }

// Connection says how a client connects to the version's websocket endpoint.
type Connection struct {
	Pos                Pos
	URL                string
	Regions            []*Region
	Query              []*Field
	PingInterval       time.Duration
	MaxPendingRequests int
	Disconnect         *Disconnect // nil when the docs give no disconnect reasons
	Notes              []string
}

// Disconnect names the push by which the server announces that it closes the connection, and
// which of its reasons the docs' "Suggested behavior" column marks "Don't reconnect" (Stop) or
// as naming the right region in data.region (WrongRegion). Other reasons mean "reconnect".
type Disconnect struct {
	Pos         Pos
	Push        string
	Stop        []string
	WrongRegion []string
}

// DefaultRegion returns the region marked default, or nil.
func (c *Connection) DefaultRegion() *Region {
	for _, r := range c.Regions {
		if r.Default {
			return r
		}
	}
	return nil
}

// Region is a data center with its own endpoint.
type Region struct {
	Pos     Pos
	Name    string
	URL     string
	Default bool
}

// Field is a request param, a response or push payload field, a struct field or a query
// parameter: all share one shape.
type Field struct {
	Pos         Pos
	Name        string // the wire (JSON) name
	Type        *TypeRef
	Required    bool
	Doc         string
	Enum        []EnumValue
	Default     string
	RenamedFrom string
	Deprecated  string
	// DiffersFromDocs acknowledges, with the reason, that this item deliberately differs
	// from what the docs say (gen verify then reports the difference as acknowledged).
	DiffersFromDocs string
	Notes           []string
	// Fields are the fields of an inline object, when Type is object, []object,
	// map[string]object (and so on).
	Fields []*Field
}

// EnumValue is one documented value of a string field or type.
type EnumValue struct {
	Value string
	Doc   string
}

// TypeKind tells what a named type is.
type TypeKind int

// The kinds of named type.
const (
	StructType TypeKind = iota // fields
	DefType                    // a definition of another type (type:), e.g. an enum of strings
	UnionType                  // a discriminated union
)

// Type is a named type of the spec's types section.
type Type struct {
	Pos     Pos
	Name    string
	Doc     string
	Kind    TypeKind
	Fields  []*Field    // StructType
	Def     *TypeRef    // DefType
	Enum    []EnumValue // DefType of string
	Union   *Union      // UnionType
	Example json.RawMessage
	// ExampleUndeclared lists the fields of Example that the spec deliberately does not
	// declare (the documents' sample contradicts their table), as rtm.UnknownFields paths.
	ExampleUndeclared []string
	// Examples are the documents' sample files of the type (examples:), each kept whole.
	Examples        []*TypeExample
	RenamedFrom     string
	Deprecated      string
	DiffersFromDocs string // as Field.DiffersFromDocs
	Notes           []string
}

// TypeExample is one sample file of the documents that holds values of a type: the whole
// file as JSON, where it comes from, and where in it the type's values are.
type TypeExample struct {
	Pos Pos
	// Source is the sample file's path in the LiveChat docs repository
	// ("payloads/messaging/v3.6/agent-chat-api/users/agent.json").
	Source string
	// WrappedIn is empty when the whole sample is a value of the type. Otherwise the sample
	// is an object whose member WrappedIn holds the value, or an array of values
	// ({"access": {...}}, {"fields": [...]}).
	WrappedIn string
	// JSON is the sample file's content (lenient JSON repaired, as spec/README.md says).
	JSON json.RawMessage
	// Undeclared lists the fields of the value(s) the spec deliberately does not declare,
	// as rtm.UnknownFields paths (an array of values: "[2].extra").
	Undeclared []string
}

// DocsDifference is an acknowledged disagreement with the docs about an item, named by its
// key as gen verify prints it (`action "create_customer"`, `push "incoming_chat": field
// "chat"`).
type DocsDifference struct {
	Pos    Pos
	Item   string
	Reason string
}

// Union is a discriminated union: the value of the Discriminator field of a JSON object says
// which variant type it is.
type Union struct {
	Discriminator string
	Variants      []*Variant
}

// Variant is one member of a union.
type Variant struct {
	Pos   Pos
	Value string // the discriminator value, e.g. "message"
	Type  string // the struct type, e.g. "MessageEvent"
}

// Action is one RTM (or Web API) method.
type Action struct {
	Pos             Pos
	Name            string
	Doc             string
	Transports      []string // "rtm", "web"
	Scopes          []string
	RenamedFrom     string
	Deprecated      string
	DiffersFromDocs string // as Field.DiffersFromDocs
	// BatchOf names the action this one runs for each request of a batch (the Configuration
	// API's batch_*): {"requests": [<its requests>]} in, {"responses": [<its responses or
	// errors>]} out. A batch action has no params or response of its own.
	BatchOf string
	Params  []*Field
	// HasResponse is false when the documents show no response payload; Response is then
	// empty. `response: []` documents an empty object.
	HasResponse bool
	Response    []*Field
	// ResponseType is set when the response payload is not an object: a JSON array or map
	// ("[]object", whose element fields are Response, or "map[string]int").
	ResponseType *TypeRef
	Pushes       []string
	Notes        []string
	Example      Example
	// Pagination is set when the action returns its results in pages: the request takes a
	// page_id, the response gives next_page_id and the page's items.
	Pagination *Pagination
	// HTTP says how the action goes over the Web API (method, multipart, auth).
	HTTP ActionHTTP
}

// Pagination says how an action's results are paged: the response field holding the page's
// items (a list); the page_id param and the next_page_id response field, both strings, chain
// the pages.
type Pagination struct {
	Pos   Pos
	Items string // the response field with the items, e.g. "chats_summary"
}

// RTM reports whether the action is available over the RTM websocket.
func (a *Action) RTM() bool { return hasString(a.Transports, "rtm") }

// Web reports whether the action is available over the Web API.
func (a *Action) Web() bool { return hasString(a.Transports, "web") }

// Example holds the documented sample payloads of an action, as JSON.
type Example struct {
	Request  json.RawMessage
	Response json.RawMessage
	// Undeclared lists the fields of the samples that the spec deliberately does not declare
	// (the documents' sample contradicts their table), as "request.<path>" or
	// "response.<path>" with rtm.UnknownFields paths.
	Undeclared []string
}

// Push is a message the server sends unprompted.
type Push struct {
	Pos    Pos
	Name   string
	Doc    string
	Fields []*Field
	// PayloadType is set when the payload is not an object: a JSON array or map ("[]object",
	// whose element fields are Fields, or "map[string]int").
	PayloadType       *TypeRef
	Undocumented      bool
	RenamedFrom       string
	Deprecated        string
	DiffersFromDocs   string // as Field.DiffersFromDocs
	Notes             []string
	Example           json.RawMessage
	ExampleUndeclared []string // as Type.ExampleUndeclared
}

// ErrorType is an error type the API can return with success:false.
type ErrorType struct {
	Pos     Pos
	Type    string
	Message string
	Doc     string
}

func hasString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// APIConfiguration is the Configuration API: Web API only, no RTM connection, no pushes.
const APIConfiguration = "configuration"

// WebOnly reports whether the spec's API has no RTM endpoint (the Configuration API): no
// connection, every action Web-only.
func (s *Spec) WebOnly() bool { return s.API == APIConfiguration }

// Webhook is a message LiveChat POSTs to an integration's URL when something happens:
// {"webhook_id", "secret_key", "action", "organization_id", "payload", "additional_data"}, the
// action being the webhook's name. Its payload is either the payload of a push of the same
// version (Push names it; the generated code reuses the push's type) or described by Fields
// (and PayloadType) as a push's is.
type Webhook struct {
	Pos  Pos
	Name string // the action, e.g. "incoming_event"
	Doc  string
	// Push is the push whose payload the webhook carries, or "".
	Push   string
	Fields []*Field
	// PayloadType is set when the payload is not an object (as Push.PayloadType).
	PayloadType *TypeRef
	// AdditionalData are the fields of the webhook's additional_data object.
	AdditionalData []*Field
	// Envelope are the members of the webhook body, beside the six every webhook has, that
	// the documents show for this webhook (e.g. requester).
	Envelope    []*Field
	RenamedFrom string
	Deprecated  string
	Notes       []string
	// Example is the documents' sample webhook: the whole body, as JSON.
	Example json.RawMessage
	// ExampleUndeclared lists the members of Example that the spec deliberately does not
	// declare, as rtm.UnknownFields paths of the whole body ("payload.chat.x").
	ExampleUndeclared []string
	// ExampleAbsent lists the required fields of the payload type that the sample lacks (the
	// webhook sample of a push's payload omits a field the push always has), as paths of the
	// whole body ("payload.requester_id"): they decode to their zero value.
	ExampleAbsent []string
}

// WebhookEnvelope are the members every webhook body has, in the documents' order.
var WebhookEnvelope = []string{"webhook_id", "secret_key", "action", "organization_id", "payload", "additional_data"}
