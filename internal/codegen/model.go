package codegen

import (
	"fmt"
	"sort"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// model is the Go view of one spec: every Go type, method and constant the package will have,
// with its name decided and checked for collisions. Emitters only print it.
type model struct {
	spec    *spec.Spec
	pkgName string

	types  []*goStruct // structs of the spec's types section (and their inline objects)
	defs   []*goDef    // definitions of the spec's types section
	unions []*goUnion
	// payloadDefs are the types of array and map payloads of responses and pushes.
	payloadDefs []*goDef
	actions     []*goAction // every action; RTM ones have methods
	pushes      []*goPush
	webhooks    []*goWebhook
	variants    map[string][]variantOf // struct name -> the unions it is a variant of
	// enumSets are the value sets of string fields by enumKey; enumDefs the types declared
	// for them (the sets of definition types are those types).
	enumSets map[string]*enumSet
	enumDefs []*goDef

	// claimed maps each package-level Go identifier to what claimed it, to report collisions.
	claimed map[string]string
	errs    []error
}

// goStruct is a generated struct type: a spec type, a request, a response, a push payload, or
// an inline object of one of them.
type goStruct struct {
	Name   string
	Doc    string
	Fields []*goField
	// Inline are the structs of this struct's inline objects, emitted right after it.
	Inline []*goStruct
	// Disc is set when the struct is a variant of exactly one union value: MarshalJSON fills
	// the discriminator with it when empty.
	Disc *goField
	// DiscValue is the value Disc is filled with.
	DiscValue string
}

type goField struct {
	Wire     string
	Name     string
	Ref      *spec.TypeRef
	Inline   *goStruct // the struct of an inline object (Ref's innermost kind is Object)
	Required bool
	Doc      string
	Enum     []spec.EnumValue
	Default  string
	// Deprecated quotes the documents when they removed or deprecated the field.
	Deprecated string
}

type goDef struct {
	Name  string
	Doc   string
	Ref   *spec.TypeRef
	Enum  []spec.EnumValue
	Alias bool // the definition names another type: emitted as an alias
	Synth bool // the type of a value set of fields, not a type of the spec (see enums.go)
	// Inline is the struct of the inline object of Ref ("[]object"), for payload types.
	Inline *goStruct
}

type goUnion struct {
	Name          string
	Doc           string
	Discriminator string
	Variants      []*spec.Variant
	Unknown       string // the type holding kinds the spec does not know: UnknownEvent
	Decode        string // the decoding function: UnmarshalEvent
	Marker        string // the unexported method sealing the interface: isEvent
}

type variantOf struct {
	Union *goUnion
	Value string
}

type goAction struct {
	Spec     *spec.Action
	Method   string
	Const    string
	Request  *goStruct // nil when the action has no params
	Response *goStruct // nil when it has no object response payload
	// ResponseDef is the type of a response payload that is an array or map.
	ResponseDef *goDef
	// Pages is set when the action is paged: its iterator (emit_pages.go).
	Pages *goPages
	// Upload is the request of a multipart Web API action (then Request is nil).
	Upload *goUpload
	// BatchOf is the action a batch action runs for each of its requests (then Request and
	// Response are nil: the method takes the batched action's requests and returns a
	// web.BatchResult of its response per request).
	BatchOf *goAction
}

// ResponseName is the Go type of the response, or "" when the method returns only an error.
func (a *goAction) ResponseName() string {
	switch {
	case a.Response != nil:
		return a.Response.Name
	case a.ResponseDef != nil:
		return a.ResponseDef.Name
	}
	return ""
}

type goPush struct {
	Spec    *spec.Push
	Const   string
	Handler string // OnIncomingEvent
	Struct  *goStruct
	// Def is the type of a payload that is an array or map (then Struct is nil).
	Def *goDef
}

// TypeName is the Go type of the push payload.
func (p *goPush) TypeName() string {
	if p.Def != nil {
		return p.Def.Name
	}
	return p.Struct.Name
}

// clientMethods are the Client's own methods; no action may take their names.
var clientMethods = []string{"Conn", "Close", "OnUnhandledPush"}

// packageNames are the generated package-level identifiers that are not derived from the spec.
var packageNames = []string{"Client", "NewClient", "Config", "Dial", "Version", "API", "DefaultURL",
	"WebClient", "NewWebClient", "WebConfig", "DefaultWebURL", "Actions"}

func newModel(s *spec.Spec, pkgName string) (*model, error) {
	m := &model{spec: s, pkgName: pkgName, variants: map[string][]variantOf{}, claimed: map[string]string{}}
	for _, n := range packageNames {
		m.claimed[n] = "the generated package itself"
	}
	for _, t := range s.Types {
		if t.Kind != spec.StructType {
			m.claim(t.Pos, t.Name, fmt.Sprintf("type %q", t.Name)) // structs are claimed by structOf
		}
	}
	for _, t := range s.Types {
		switch t.Kind {
		case spec.UnionType:
			u := &goUnion{
				Name: t.Name, Doc: t.Doc, Discriminator: t.Union.Discriminator, Variants: t.Union.Variants,
				Unknown: "Unknown" + t.Name, Decode: "Unmarshal" + t.Name, Marker: "is" + t.Name,
			}
			m.claim(t.Pos, u.Unknown, fmt.Sprintf("the unknown kinds of union %q", t.Name))
			m.claim(t.Pos, u.Decode, fmt.Sprintf("the decoder of union %q", t.Name))
			m.unions = append(m.unions, u)
			for _, v := range t.Union.Variants {
				m.variants[v.Type] = append(m.variants[v.Type], variantOf{Union: u, Value: v.Value})
			}
		case spec.DefType:
			d := &goDef{Name: t.Name, Doc: t.Doc, Ref: t.Def, Enum: t.Enum, Alias: t.Def.Kind == spec.Named}
			m.defs = append(m.defs, d)
			for _, e := range t.Enum {
				m.claim(t.Pos, EnumConst(t.Name, e.Value), fmt.Sprintf("enum value %q of type %q", e.Value, t.Name))
			}
		}
	}
	m.collectEnums()
	for _, t := range s.Types {
		if t.Kind == spec.StructType {
			m.types = append(m.types, m.structOf(t.Pos, t.Name, t.Doc, t.Fields, fmt.Sprintf("type %q", t.Name)))
		}
	}
	for _, st := range m.types {
		vs := m.variants[st.Name]
		if len(vs) == 1 {
			for _, f := range st.Fields {
				if f.Wire == vs[0].Union.Discriminator {
					st.Disc, st.DiscValue = f, vs[0].Value
				}
			}
		}
	}
	for _, p := range s.Pushes {
		gp := &goPush{Spec: p, Const: PushConst(p.Name), Handler: PushHandler(p.Name)}
		m.claim(p.Pos, gp.Const, fmt.Sprintf("push %q", p.Name))
		if p.PayloadType != nil {
			gp.Def = m.payloadDef(p.Pos, PushType(p.Name), p.PayloadType, p.Fields, fmt.Sprintf("push %q", p.Name))
		} else {
			gp.Struct = m.structOf(p.Pos, PushType(p.Name), p.Doc, p.Fields, fmt.Sprintf("push %q", p.Name))
		}
		m.pushes = append(m.pushes, gp)
	}
	methods := map[string]string{}
	for _, n := range clientMethods {
		methods[n] = "the Client itself"
	}
	for _, p := range m.pushes {
		claimMethod(m, methods, p.Spec.Pos, p.Handler, fmt.Sprintf("push %q", p.Spec.Name))
	}
	webMethods := map[string]string{}
	for _, n := range webClientMethods {
		webMethods[n] = "the WebClient itself"
	}
	for _, a := range s.Actions {
		ga := &goAction{Spec: a, Method: MethodName(a.Name), Const: ActionConst(a.Name)}
		m.claim(a.Pos, ga.Const, fmt.Sprintf("action %q", a.Name))
		if a.RTM() {
			claimMethod(m, methods, a.Pos, ga.Method, fmt.Sprintf("action %q", a.Name))
		}
		if a.Web() {
			if prev, ok := webMethods[ga.Method]; ok {
				m.errorf(a.Pos, "action %q: Go method WebClient.%s is already taken by %s", a.Name, ga.Method, prev)
			}
			webMethods[ga.Method] = fmt.Sprintf("action %q", a.Name)
		}
		if a.HTTP.Multipart {
			ga.Upload = m.uploadOf(a)
		}
		if a.RTM() || a.Web() {
			if len(a.Params) > 0 && ga.Upload == nil {
				ga.Request = m.structOf(a.Pos, RequestType(a.Name), "", a.Params, fmt.Sprintf("action %q request", a.Name))
			}
			if a.ResponseType != nil {
				ga.ResponseDef = m.payloadDef(a.Pos, ResponseType(a.Name), a.ResponseType, a.Response, fmt.Sprintf("action %q response", a.Name))
			} else if len(a.Response) > 0 {
				ga.Response = m.structOf(a.Pos, ResponseType(a.Name), "", a.Response, fmt.Sprintf("action %q response", a.Name))
			}
			if ga.Pages = m.pagesOf(ga); ga.Pages != nil {
				claimMethod(m, methods, a.Pos, ga.Pages.Method, fmt.Sprintf("the iterator of action %q", a.Name))
			}
		}
		m.actions = append(m.actions, ga)
	}
	for _, a := range m.actions {
		if a.Spec.BatchOf != "" {
			for _, b := range m.actions {
				if b.Spec.Name == a.Spec.BatchOf {
					a.BatchOf = b
				}
			}
		}
	}
	for _, e := range s.Errors {
		m.claim(e.Pos, ErrorConst(e.Type), fmt.Sprintf("error %q", e.Type))
	}
	for _, r := range s.Connection.Regions {
		m.claim(r.Pos, RegionConst(r.Name), fmt.Sprintf("region %q", r.Name))
	}
	m.webhookModel()
	if len(m.errs) > 0 {
		return nil, joinErrors(m.errs)
	}
	return m, nil
}

func claimMethod(m *model, methods map[string]string, pos spec.Pos, name, what string) {
	if prev, ok := methods[name]; ok {
		m.errorf(pos, "%s: Go method Client.%s is already taken by %s", what, name, prev)
		return
	}
	methods[name] = what
}

// structOf builds the struct for a list of fields, with its inline objects.
func (m *model) structOf(pos spec.Pos, name, doc string, fields []*spec.Field, what string) *goStruct {
	m.claim(pos, name, what)
	st := &goStruct{Name: name, Doc: doc}
	goNames := map[string]string{
		"Extra":         "the Extra map of unknown fields",
		"AppendJSON":    "the method AppendJSON",
		"MarshalJSON":   "the method MarshalJSON",
		"UnmarshalJSON": "the method UnmarshalJSON",
		"Validate":      "the method Validate",
	}
	for _, f := range fields {
		gf := &goField{
			Wire: f.Name, Name: GoName(f.Name), Ref: f.Type, Required: f.Required,
			Doc: f.Doc, Enum: f.Enum, Default: f.Default, Deprecated: f.Deprecated,
		}
		if prev, ok := goNames[gf.Name]; ok {
			m.errorf(f.Pos, "%s: field %q: Go field %s.%s is already taken by %s", what, f.Name, name, gf.Name, prev)
			continue
		}
		goNames[gf.Name] = fmt.Sprintf("field %q", f.Name)
		if enumField(f) {
			gf.Ref = m.enumRef(f)
		}
		if f.Type != nil && f.Type.Innermost().Kind == spec.Object {
			gf.Inline = m.structOf(f.Pos, InlineType(name, f.Name), f.Doc, f.Fields, fmt.Sprintf("%s: field %q", what, f.Name))
			st.Inline = append(st.Inline, gf.Inline)
		}
		st.Fields = append(st.Fields, gf)
	}
	return st
}

// payloadDef builds the type of a payload that is an array or map, with the struct of its
// inline object elements.
func (m *model) payloadDef(pos spec.Pos, name string, ref *spec.TypeRef, fields []*spec.Field, what string) *goDef {
	m.claim(pos, name, what)
	d := &goDef{Name: name, Ref: ref}
	if ref.Innermost().Kind == spec.Object {
		d.Inline = m.structOf(pos, ItemType(name), "", fields, what+" item")
	}
	m.payloadDefs = append(m.payloadDefs, d)
	return d
}

func (m *model) claim(pos spec.Pos, name, what string) {
	if prev, ok := m.claimed[name]; ok {
		m.errorf(pos, "%s: Go name %s is already taken by %s", what, name, prev)
		return
	}
	m.claimed[name] = what
}

func (m *model) errorf(pos spec.Pos, format string, args ...any) {
	m.errs = append(m.errs, &spec.Error{File: m.spec.Path, Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

func joinErrors(errs []error) error {
	list := make(spec.ErrorList, 0, len(errs))
	for _, e := range errs {
		list = append(list, e.(*spec.Error))
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].Pos.Line < list[j].Pos.Line })
	return list
}

// union returns the union named name, or nil.
func (m *model) union(name string) *goUnion {
	for _, u := range m.unions {
		if u.Name == name {
			return u
		}
	}
	return nil
}

// structNamed returns the struct of the spec type named name, or nil.
func (m *model) structNamed(name string) *goStruct {
	for _, st := range m.types {
		if st.Name == name {
			return st
		}
	}
	return nil
}

// def returns the definition named name, or nil.
func (m *model) def(name string) *goDef {
	for _, d := range m.defs {
		if d.Name == name {
			return d
		}
	}
	return nil
}

// unionLeaf returns the union a type expression's leaf is (following alias definitions),
// when the expression needs the union's decoder: a union directly, or inside slices and maps.
func (m *model) unionLeaf(ref *spec.TypeRef) *goUnion {
	leaf := ref.Innermost()
	for leaf.Kind == spec.Named {
		if u := m.union(leaf.Name); u != nil {
			return u
		}
		d := m.def(leaf.Name)
		if d == nil || !d.Alias {
			return nil
		}
		leaf = d.Ref.Innermost()
	}
	return nil
}
