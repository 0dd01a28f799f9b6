package specdiff

import (
	"github.com/rtmkit/livechat-rtm/internal/codegen"
	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// goAPI names the identifiers that internal/codegen generates for one spec, following its
// conventions: method Client.<GoName(action)> (RTM actions only), <X>Request when the action
// has params, <X>Response for an object response (or an array/map type, whose object items
// are <X>ResponseItem), <X>Push and Client.On<X> for pushes, constants Action<X>, Push<X>,
// ErrorType<X>, Region<X> and <Type><Value> for enum values (of definition types, and of the
// types generated for the value sets of fields), Config.<Q>
// for query parameters, inline objects as structs named owner + field.
type goAPI struct {
	pkg  string
	spec *spec.Spec
	// enums is the Go type of each field with a value set (codegen.EnumTypes), whose values
	// are constants <Type><Value>.
	enums map[*spec.Field]string
}

func newGoAPI(s *spec.Spec) goAPI {
	return goAPI{pkg: codegen.PackageName(s.Version), spec: s, enums: codegen.EnumTypes(s)}
}

// fieldEnumConst names the constants of the values of a field with a value set, or is nil.
func (g goAPI) fieldEnumConst(f *spec.Field) func(string) string {
	name, ok := g.enums[f]
	if !ok {
		return nil
	}
	return func(v string) string { return g.q(codegen.EnumConst(name, v)) }
}

// q qualifies a name with the package: "v36.SendEventRequest".
func (g goAPI) q(name string) string {
	if name == "" {
		return ""
	}
	return g.pkg + "." + name
}

// actionAPI is the Go view of one action.
type actionAPI struct {
	Method   string // "Client.SendEvent", or "" for Web-only actions
	Const    string // "ActionSendEvent"
	Request  string // "SendEventRequest", or ""
	Response string // the method's result type, or ""
	// ResponseFields is the struct holding the response fields: Response, or its item
	// struct for array/map payloads; "" when none.
	ResponseFields string
}

func (g goAPI) action(a *spec.Action) actionAPI {
	api := actionAPI{Const: codegen.ActionConst(a.Name)}
	if !a.RTM() {
		return api
	}
	api.Method = "Client." + codegen.MethodName(a.Name)
	if len(a.Params) > 0 {
		api.Request = codegen.RequestType(a.Name)
	}
	switch {
	case a.ResponseType != nil:
		api.Response = codegen.ResponseType(a.Name)
		if a.ResponseType.Innermost().Kind == spec.Object {
			api.ResponseFields = codegen.ItemType(api.Response)
		}
	case len(a.Response) > 0:
		api.Response = codegen.ResponseType(a.Name)
		api.ResponseFields = api.Response
	}
	return api
}

// signature is the shape of an action's method (leaving out its trailing ...rtm.CallOption),
// e.g. "(ctx, *SendEventRequest) (*SendEventResponse, error)".
func (g goAPI) signature(a *spec.Action) string {
	api := g.action(a)
	s := "(ctx"
	if api.Request != "" {
		s += ", *" + api.Request
	}
	s += ") "
	switch {
	case a.ResponseType != nil:
		s += "(" + api.Response + ", error)"
	case api.Response != "":
		s += "(*" + api.Response + ", error)"
	default:
		s += "error"
	}
	return s
}

// actionIdents are the identifiers of an action: method, request, response, constant, each
// "" when the action has none, so that two actions' lists pair by position.
func (g goAPI) actionIdents(a *spec.Action) []string {
	api := g.action(a)
	return []string{g.q(api.Method), g.q(api.Request), g.q(api.Response), g.q(api.Const)}
}

// pushAPI is the Go view of one push.
type pushAPI struct {
	Handler string // "Client.OnIncomingEvent"
	Const   string // "PushIncomingEvent"
	Type    string // "IncomingEventPush"
	// Fields is the struct holding the payload fields: Type, or its item struct for
	// array/map payloads; "" when none.
	Fields string
}

func (g goAPI) push(p *spec.Push) pushAPI {
	api := pushAPI{Handler: "Client." + codegen.PushHandler(p.Name), Const: codegen.PushConst(p.Name), Type: codegen.PushType(p.Name)}
	switch {
	case p.PayloadType == nil:
		api.Fields = api.Type
	case p.PayloadType.Innermost().Kind == spec.Object:
		api.Fields = codegen.ItemType(api.Type)
	}
	return api
}

func (g goAPI) pushIdents(p *spec.Push) []string {
	api := g.push(p)
	return []string{g.q(api.Handler), g.q(api.Type), g.q(api.Const)}
}

func (g goAPI) enumConst(typeName, value string) string {
	return g.q(codegen.EnumConst(typeName, value))
}

func (g goAPI) errorConst(typ string) string { return g.q(codegen.ErrorConst(typ)) }

func (g goAPI) regionConst(name string) string { return g.q(codegen.RegionConst(name)) }

// field is the qualified name of a field of a generated struct: "v36.SendEventRequest.ChatID".
func (g goAPI) field(structName, wire string) string {
	if structName == "" {
		return ""
	}
	return g.q(structName + "." + codegen.GoName(wire))
}

// inlineStruct is the name of the struct generated for the inline object of a field.
func inlineStruct(owner, wire string) string {
	if owner == "" {
		return ""
	}
	return codegen.InlineType(owner, wire)
}

// pointer reports whether a field of type r is a pointer in Go.
func (g goAPI) pointer(r *spec.TypeRef, required bool) bool {
	return codegen.IsPointer(g.spec, r, required)
}

// goType spells the Go type of a field, with rename applied to the names of spec types (nil
// for none) and inline objects spelled inline (or "struct{...}" when inline is "").
func (g goAPI) goType(r *spec.TypeRef, required bool, inline string, rename func(string) string) string {
	s := g.baseType(r, inline, rename)
	if g.pointer(r, required) {
		return "*" + s
	}
	return s
}

func (g goAPI) baseType(r *spec.TypeRef, inline string, rename func(string) string) string {
	switch r.Kind {
	case spec.String:
		return "string"
	case spec.Int:
		return "int"
	case spec.Float:
		return "float64"
	case spec.Bool:
		return "bool"
	case spec.Any:
		return "any"
	case spec.Time:
		return "rtm.Time"
	case spec.Object:
		if inline == "" {
			return "struct{...}"
		}
		return inline
	case spec.Named:
		// Definitions of a named type are aliases: the Go type is the named one.
		if t := g.spec.Type(r.Name); t != nil && t.Kind == spec.DefType && t.Def.Kind == spec.Named {
			return g.baseType(t.Def, inline, rename)
		}
		if rename != nil {
			return rename(r.Name)
		}
		return r.Name
	case spec.Slice:
		return "[]" + g.baseType(r.Elem, inline, rename)
	case spec.Map:
		return "map[string]" + g.baseType(r.Elem, inline, rename)
	}
	return r.String()
}
