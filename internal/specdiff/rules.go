package specdiff

// Rule is one kind of change the diff reports, with a stable id and its level.
//
// A wire rule's level may depend on the direction of the changed data: Sent is its level for
// data that clients send (request params, query parameters, types used in requests) and
// Received for data that clients only receive (responses, pushes, types used only there).
// Where the direction does not matter the two are equal. Go rules are always ERR: old code
// does not compile.
type Rule struct {
	ID             string
	Lens           Lens // LensWire or LensGo
	Sent, Received Level
	// Meaning says in one line what changed.
	Meaning string
	// Why says in one line why the change has its level (for received data: WhyReceived,
	// when it differs).
	Why, WhyReceived string
}

// Directed reports whether the rule's level depends on the direction of the data.
func (r Rule) Directed() bool { return r.Sent != r.Received }

// LevelFor returns the rule's level for data travelling in direction d (the worse one for
// Both).
func (r Rule) LevelFor(d Direction) Level {
	switch d {
	case Sent:
		return r.Sent
	case Received:
		return r.Received
	}
	return max(r.Sent, r.Received)
}

// WhyFor returns the reason for the level in direction d.
func (r Rule) WhyFor(d Direction) string {
	if d == Received && r.WhyReceived != "" {
		return r.WhyReceived
	}
	if d == Both && r.Received > r.Sent && r.WhyReceived != "" {
		return r.WhyReceived
	}
	return r.Why
}

// LevelText is the level as `gen diff -rules` prints it: "ERR", or "ERR/INFO" for a rule
// graded by direction (sent/received).
func (r Rule) LevelText() string {
	if r.Directed() {
		return r.Sent.String() + "/" + r.Received.String()
	}
	return r.Sent.String()
}

func rule(id string, l Level, meaning, why string) Rule {
	return Rule{ID: id, Lens: LensWire, Sent: l, Received: l, Meaning: meaning, Why: why}
}

func directed(id string, sent, received Level, meaning, whySent, whyReceived string) Rule {
	return Rule{ID: id, Lens: LensWire, Sent: sent, Received: received, Meaning: meaning, Why: whySent, WhyReceived: whyReceived}
}

func goRule(id, meaning string) Rule {
	return Rule{ID: id, Lens: LensGo, Sent: Err, Received: Err, Meaning: meaning, Why: "code using the old generated package does not compile"}
}

// rules is the rules table, read-only. Keep ids stable: tools filter on them.
var rules = []Rule{
	// Actions.
	rule("action-added", Info, "an action was added", "a new capability; nothing existing changes"),
	rule("action-removed", Err, "an action was removed", "requests naming it fail"),
	rule("action-renamed", Err, "an action was renamed (declared with renamed_from)", "requests naming the old action fail"),
	rule("action-rtm-added", Info, "a Web API only action became available over RTM", "a new capability over RTM"),
	rule("action-rtm-removed", Err, "an action is no longer available over RTM (Web API only)", "RTM requests naming it fail"),
	rule("action-web-added", Info, "an action became available over the Web API", "the RTM API is unaffected"),
	rule("action-web-removed", Info, "an action is no longer available over the Web API", "the RTM API is unaffected"),
	rule("action-push-added", Info, "an action triggers one more push", "a push nobody handles is ignored"),
	rule("action-push-removed", Warn, "an action no longer triggers a push", "a program waiting for that push after the call waits in vain"),
	rule("action-response-added", Info, "an action that returned no payload now returns one", "old clients may ignore the payload"),
	rule("action-response-removed", Err, "an action no longer returns a payload", "programs reading the payload get nothing"),
	rule("action-response-type-changed", Err, "an action's response payload changed shape (object, array or map)", "old clients decode the old shape"),
	rule("action-scopes-changed", Warn, "the scopes an action requires changed", "tokens granted for the old scopes may be refused"),

	// Request params.
	rule("request-param-added-required", Err, "a required param was added", "old requests lack it and fail validation"),
	rule("request-param-added-optional", Info, "an optional param was added", "old requests simply do not send it"),
	rule("request-param-removed", Err, "a param was removed", "old requests still send it; the server rejects or ignores it"),
	rule("request-param-renamed", Err, "a param was renamed (declared with renamed_from)", "old requests send the old name, which the server no longer reads"),
	rule("request-param-became-required", Err, "an optional param became required", "old requests that omit it fail validation"),
	rule("request-param-became-optional", Info, "a required param became optional", "old requests send it anyway"),
	rule("request-param-type-changed", Err, "a param's JSON type changed", "old requests send the old type"),

	// Response fields.
	rule("response-field-added", Info, "a response field was added", "old clients ignore fields they do not know"),
	rule("response-field-removed", Err, "a response field was removed", "old clients reading it get nothing"),
	rule("response-field-renamed", Err, "a response field was renamed (declared with renamed_from)", "old clients read the old name and get nothing"),
	rule("response-field-became-required", Info, "an optional response field is now always sent", "old clients already handle it"),
	rule("response-field-became-optional", Warn, "a response field that was always sent may now be missing", "old clients may assume it is there"),
	rule("response-field-type-changed", Err, "a response field's JSON type changed", "old clients decode the old type"),

	// Pushes.
	rule("push-added", Info, "a push was added", "a push nobody handles is ignored"),
	rule("push-removed", Err, "a push was removed", "handlers for it are never called"),
	rule("push-renamed", Err, "a push was renamed (declared with renamed_from)", "it arrives under the new name; handlers of the old name are never called"),
	rule("push-payload-type-changed", Err, "a push's payload changed shape (object, array or map)", "old clients decode the old shape"),
	rule("push-documented", Info, "an undocumented push's payload is now described", "the payload was unknown before; nothing existing changes"),
	rule("push-undocumented", Warn, "a push's payload is no longer described", "programs reading its fields lose their description"),
	rule("push-field-added", Info, "a push field was added", "old clients ignore fields they do not know"),
	rule("push-field-removed", Err, "a push field was removed", "old handlers reading it get nothing"),
	rule("push-field-renamed", Err, "a push field was renamed (declared with renamed_from)", "old handlers read the old name and get nothing"),
	rule("push-field-became-required", Info, "an optional push field is now always sent", "old handlers already handle it"),
	rule("push-field-became-optional", Warn, "a push field that was always sent may now be missing", "old handlers may assume it is there"),
	rule("push-field-type-changed", Err, "a push field's JSON type changed", "old handlers decode the old type"),

	// Webhooks.
	rule("webhook-added", Info, "a webhook was added", "a webhook nobody handles is answered 200 and ignored"),
	rule("webhook-removed", Err, "a webhook was removed", "handlers for it are never called"),
	rule("webhook-renamed", Err, "a webhook was renamed (declared with renamed_from)", "it arrives under the new action; handlers of the old name are never called"),
	rule("webhook-payload-changed", Err, "a webhook's payload is now another push's payload, or its own instead of a push's (or the reverse)", "old handlers decode the old payload type"),
	rule("webhook-payload-type-changed", Err, "a webhook's payload changed shape (object, array or map)", "old handlers decode the old shape"),
	rule("webhook-field-added", Info, "a field was added to a webhook's payload, additional_data or body", "old handlers ignore fields they do not know"),
	rule("webhook-field-removed", Err, "a field was removed from a webhook's payload, additional_data or body", "old handlers reading it get nothing"),
	rule("webhook-field-renamed", Err, "a webhook field was renamed (declared with renamed_from)", "old handlers read the old name and get nothing"),
	rule("webhook-field-became-required", Info, "an optional webhook field is now always sent", "old handlers already handle it"),
	rule("webhook-field-became-optional", Warn, "a webhook field that was always sent may now be missing", "old handlers may assume it is there"),
	rule("webhook-field-type-changed", Err, "a webhook field's JSON type changed", "old handlers decode the old type"),

	// Types.
	rule("type-added", Info, "a named type was added", "type names never travel; nothing existing changes"),
	rule("type-removed", Info, "a named type was removed", "type names never travel; the fields that used it are reported where they changed"),
	rule("type-renamed", Info, "a named type was renamed (declared with renamed_from)", "type names never travel"),
	rule("type-kind-changed", Err, "a named type changed kind (struct, union or definition)", "its JSON shape changed wherever it is used"),
	rule("type-definition-changed", Err, "a definition type stands for another JSON type", "its JSON type changed wherever it is used"),
	directed("type-field-added-required", Err, Info, "a required field was added to a type",
		"the type is sent in requests: old clients do not send the field", "the type is only received: old clients ignore the field"),
	rule("type-field-added-optional", Info, "an optional field was added to a type", "old clients neither send nor read it"),
	rule("type-field-removed", Err, "a field was removed from a type", "old clients still send it or read it"),
	rule("type-field-renamed", Err, "a type's field was renamed (declared with renamed_from)", "old clients send or read the old name"),
	directed("type-field-became-required", Err, Info, "a type's optional field became required",
		"the type is sent in requests: old clients may omit the field", "the type is only received: old clients already handle the field"),
	directed("type-field-became-optional", Info, Warn, "a type's required field became optional",
		"the type is only sent: old clients send the field anyway", "the type is received: old clients may assume the field is there"),
	rule("type-field-type-changed", Err, "a type's field changed JSON type", "old clients send or decode the old type"),

	// Values: enums, defaults, union variants, wherever they are.
	directed("enum-value-added", Info, Warn, "a value was added to an enum",
		"clients send values of their choosing; a new one is just allowed", "old clients may receive a value they do not know"),
	directed("enum-value-removed", Err, Info, "a value was removed from an enum",
		"old clients may still send it and fail validation", "the server just stops sending a value old clients handle"),
	directed("enum-constraint-added", Warn, Info, "a free string became an enum",
		"old clients may send a value outside the list", "old clients handle any string"),
	directed("enum-constraint-removed", Info, Warn, "an enum became a free string",
		"any value is now accepted", "old clients may receive a value they do not know"),
	directed("default-changed", Warn, Info, "the documented default changed",
		"omitting the value now means something else", "defaults only concern what clients send"),
	directed("union-variant-added", Info, Warn, "a union gained a kind",
		"clients choose what they send", "old clients receive a kind they do not know (the generated Go keeps it raw)"),
	directed("union-variant-removed", Err, Info, "a union lost a kind",
		"old clients may still send it and fail validation", "the server just stops sending a kind old clients handle"),
	rule("union-variant-type-changed", Err, "a union kind is now described by another type", "the JSON shape of that kind changed"),
	rule("union-discriminator-changed", Err, "a union's discriminator field changed", "old clients tell the kinds apart by the old field"),
	rule("deprecated", Info, "an item is now documented as deprecated", "it still works; plan to move off it"),
	rule("undeprecated", Info, "an item is no longer documented as deprecated", "nothing to do"),

	// Error types.
	rule("error-type-added", Info, "an error type was added", "old clients see it as an error of an unknown type"),
	rule("error-type-removed", Info, "an error type was removed", "the server just stops returning it"),
	rule("error-message-changed", Info, "an error type's default message changed", "programs should branch on the type, not the message"),

	// Connection.
	rule("connection-url-changed", Info, "the default endpoint changed", "each version has its own endpoint; the new package dials the new one"),
	rule("connection-query-added-required", Err, "a required query parameter was added to the URL", "old clients connect without it and are refused"),
	rule("connection-query-added-optional", Info, "an optional query parameter was added to the URL", "old clients simply do not send it"),
	rule("connection-query-removed", Err, "a query parameter was removed from the URL", "old clients still send it"),
	rule("connection-query-renamed", Err, "a query parameter was renamed (declared with renamed_from)", "old clients send the old name"),
	rule("connection-query-became-required", Err, "an optional query parameter became required", "old clients that omit it are refused"),
	rule("connection-query-became-optional", Info, "a required query parameter became optional", "old clients send it anyway"),
	rule("connection-query-type-changed", Err, "a query parameter's type changed", "old clients send the old type"),
	rule("region-added", Info, "a region (data center) was added", "a new endpoint; nothing existing changes"),
	rule("region-removed", Err, "a region (data center) was removed", "connecting to it fails"),
	rule("region-url-changed", Info, "a region's endpoint changed", "each version has its own endpoint; the new package dials the new one"),
	rule("region-default-changed", Warn, "the default region changed", "connections that name no region go to another data center"),
	rule("ping-interval-shortened", Warn, "clients must ping more often", "a client pinging at the old pace may be disconnected"),
	rule("ping-interval-lengthened", Info, "clients may ping less often", "pinging at the old pace is still enough"),
	rule("max-pending-requests-lowered", Warn, "fewer requests may be in flight per connection", "a client at the old limit gets pending_requests_limit_reached errors"),
	rule("max-pending-requests-raised", Info, "more requests may be in flight per connection", "the old limit is still respected"),

	// The go-api lens: does code using the old generated package still compile?
	goRule("go-method-removed", "a Client method is gone"),
	goRule("go-method-renamed", "a Client method has a new name"),
	goRule("go-method-signature-changed", "a Client method takes or returns other types"),
	goRule("go-type-removed", "a generated type is gone"),
	goRule("go-type-renamed", "a generated type has a new name"),
	goRule("go-type-changed", "a generated type is defined differently"),
	goRule("go-field-removed", "a struct field is gone"),
	goRule("go-field-renamed", "a struct field has a new name"),
	goRule("go-field-became-pointer", "a struct field became a pointer (the value became optional)"),
	goRule("go-field-became-value", "a struct field is no longer a pointer (the value became required)"),
	goRule("go-field-type-changed", "a struct field has another Go type"),
	goRule("go-const-removed", "a constant is gone"),
	goRule("go-const-renamed", "a constant has a new name"),
}

// Rules returns every rule, wire rules first, in a fixed order.
func Rules() []Rule { return append([]Rule(nil), rules...) }

// LookupRule returns the rule with the given id.
func LookupRule(id string) (Rule, bool) {
	for _, r := range rules {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// mustRule returns the rule with the given id; an unknown id is a bug of this package.
func mustRule(id string) Rule {
	r, ok := LookupRule(id)
	if !ok {
		panic("specdiff: unknown rule " + id)
	}
	return r
}
