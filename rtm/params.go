package rtm

import "strings"

// MissingParamsError is returned by a generated client's method, before anything is sent, when
// a request lacks required params. The generated packages document which zero values count as
// missing: an empty string (or time, or enum value) and a nil slice, map, union or any; numbers,
// bools and structs are never missing, since their zero value may be meant.
type MissingParamsError struct {
	Package string   // the generated package, e.g. "v36"
	Action  string   // the action, e.g. "send_event"
	Params  []string // the wire names of the missing params, in the spec's order
}

// Error reads "v36: send_event: missing required params: chat_id, event".
func (e *MissingParamsError) Error() string {
	return e.Package + ": " + e.Action + ": missing required params: " + strings.Join(e.Params, ", ")
}
