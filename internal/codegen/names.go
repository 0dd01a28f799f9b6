package codegen

import (
	"strings"
	"unicode"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// initialisms are the words Go spells in capitals (from golint's list, plus a few of the API's).
var initialisms = map[string]bool{
	"acl": true, "api": true, "ascii": true, "cdn": true, "cpu": true, "css": true, "dns": true,
	"eof": true, "guid": true, "html": true, "http": true, "https": true, "id": true, "ip": true,
	"json": true, "lhs": true, "qps": true, "ram": true, "rhs": true, "rpc": true, "sla": true,
	"smtp": true, "sql": true, "ssh": true, "sso": true, "tcp": true, "tls": true, "ttl": true,
	"udp": true, "ui": true, "uid": true, "uuid": true, "uri": true, "url": true, "utf8": true,
	"vm": true, "xml": true, "xmpp": true, "xsrf": true, "xss": true,
}

// GoName turns a wire name (snake_case, kebab-case, dotted or camelCase) into an exported Go
// identifier with Go's initialisms: thread_ids -> ThreadIDs, avatar_url -> AvatarURL,
// customerId -> CustomerID, __priv_config -> PrivConfig, 2fa -> X2fa.
func GoName(wire string) string {
	var parts []string
	for _, p := range strings.FieldsFunc(wire, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) {
		parts = append(parts, camelWords(p)...)
	}
	var b strings.Builder
	for _, p := range parts {
		lower := strings.ToLower(p)
		switch {
		case initialisms[lower]:
			b.WriteString(strings.ToUpper(lower))
		case strings.HasSuffix(lower, "s") && initialisms[lower[:len(lower)-1]]:
			b.WriteString(strings.ToUpper(lower[:len(lower)-1]) + "s")
		default:
			b.WriteString(strings.ToUpper(p[:1]) + p[1:])
		}
	}
	s := b.String()
	if s == "" || !unicode.IsLetter(rune(s[0])) {
		s = "X" + s
	}
	return s
}

// The names of the generated identifiers. internal/specdiff reports changes in these terms
// (v30.Client.GetArchives -> v36.Client.ListArchives), so the generator and the diff share
// these functions rather than each spelling the conventions.

// MethodName is the Client method of an RTM action: send_event -> SendEvent.
func MethodName(action string) string { return GoName(action) }

// ActionConst is the constant naming an action: ActionSendEvent.
func ActionConst(action string) string { return "Action" + GoName(action) }

// RequestType is the request struct of an action with params: SendEventRequest.
func RequestType(action string) string { return GoName(action) + "Request" }

// ResponseType is the response type of an action with a response payload: SendEventResponse.
func ResponseType(action string) string { return GoName(action) + "Response" }

// PushType is the payload type of a push: IncomingEventPush.
func PushType(push string) string { return GoName(push) + "Push" }

// PagesMethod is the Client method iterating over every page of a paged action: ListChatsAll.
func PagesMethod(action string) string { return GoName(action) + "All" }

// PushHandler is the Client method registering a push's handler: OnIncomingEvent.
func PushHandler(push string) string { return "On" + GoName(push) }

// PushConst is the constant naming a push: PushIncomingEvent.
func PushConst(push string) string { return "Push" + GoName(push) }

// ItemType is the element struct of an array or map payload type whose items are inline
// objects: ListRoutingStatusesResponse -> ListRoutingStatusesResponseItem.
func ItemType(payloadType string) string { return payloadType + "Item" }

// InlineType is the struct of the inline object of a field: LoginRequest + application ->
// LoginRequestApplication.
func InlineType(owner, field string) string { return owner + GoName(field) }

// EnumConst is the constant of a value of a string definition type: VisibilityAll.
func EnumConst(typeName, value string) string { return typeName + GoName(value) }

// ErrorConst is the constant of an error type: ErrorTypeNotFound.
func ErrorConst(typ string) string { return "ErrorType" + GoName(typ) }

// RegionConst is the constant of a region: RegionFra.
func RegionConst(name string) string { return "Region" + GoName(name) }

// QueryField is the Config field of a connection query parameter: LicenseID.
func QueryField(name string) string { return GoName(name) }

// Nilable reports whether the Go type of ref has a nil value of its own (slices, maps, any,
// unions, and definitions of those), so that an optional field of it is not a pointer.
func Nilable(s *spec.Spec, ref *spec.TypeRef) bool {
	for range 100 { // definitions of definitions; the loader rejects cycles
		switch ref.Kind {
		case spec.Slice, spec.Map, spec.Any:
			return true
		case spec.Named:
			t := s.Type(ref.Name)
			switch {
			case t == nil:
				return false
			case t.Kind == spec.UnionType:
				return true
			case t.Kind == spec.DefType:
				ref = t.Def
				continue
			}
		}
		return false
	}
	return false
}

// IsPointer reports whether a field of type ref is a pointer in Go: optional and not nil-able.
func IsPointer(s *spec.Spec, ref *spec.TypeRef, required bool) bool {
	return !required && ref != nil && !Nilable(s, ref)
}

// camelWords splits a camelCase word where a lower-case letter or digit meets an upper-case
// one: customerId -> customer Id; runs of capitals stay whole (AvatarURL -> Avatar URL).
func camelWords(w string) []string {
	var out []string
	start := 0
	for i := 1; i < len(w); i++ {
		prev, c := w[i-1], w[i]
		if (prev >= 'a' && prev <= 'z' || prev >= '0' && prev <= '9') && c >= 'A' && c <= 'Z' {
			out = append(out, w[start:i])
			start = i
		}
	}
	return append(out, w[start:])
}
