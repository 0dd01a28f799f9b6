package rtm

import (
	"strconv"
	"strings"
)

// MissingParamsError is returned by a generated client's method, before anything is sent, when
// a request lacks required params. The generated packages document which zero values count as
// missing: an empty string (or time, or enum value) and a nil slice, map, union or any; numbers,
// bools and structs are never missing, since their zero value may be meant. Both transports
// (Client over RTM, WebClient over the Web API) return the same error for the same request.
type MissingParamsError struct {
	Package string   // the generated package, e.g. "v36"
	Action  string   // the action, e.g. "send_event"
	Params  []string // the wire names of the missing params, in the spec's order
}

// Error reads "v36: send_event: missing required params: chat_id, event".
func (e *MissingParamsError) Error() string {
	return e.Package + ": " + e.Action + ": missing required params: " + strings.Join(e.Params, ", ")
}

// InvalidParamError is returned by a generated client's method, before anything is sent, when
// a param with documented values (an enum of the spec) holds a value the documents do not list:
// a required one, an optional one that is set, or an element of a list of them. An optional
// param left unset is never invalid. Both transports return the same error for the same request.
//
// To send a value the documents do not list yet (a server may accept more than its documents
// say), call the transport directly: rtm.Conn.Call or web.Client.Call with the action's name.
type InvalidParamError struct {
	Package string   // the generated package, e.g. "v36"
	Action  string   // the action, e.g. "register_webhook"
	Param   string   // the param's wire name, dotted inside objects: "filters.author_type", "chat.users[].type"
	Value   string   // the value given
	Allowed []string // the documented values, in the documents' order
}

// Error reads `v36: list_chats: param sort_order: "up" is not one of the documented values: asc, desc`.
func (e *InvalidParamError) Error() string {
	return e.Package + ": " + e.Action + ": param " + e.Param + ": " + quote(e.Value) +
		" is not one of the documented values: " + strings.Join(e.Allowed, ", ")
}

// quote is strconv.Quote, kept short: a long value is cut (see cut) and marked "..." (an
// error message is no place for a whole payload).
func quote(s string) string {
	if c, ok := cut(s); ok {
		return strconv.Quote(c) + "..."
	}
	return strconv.Quote(s)
}
