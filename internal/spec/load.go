package spec

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Load reads, decodes and validates the spec file at path. On failure the error is an
// ErrorList (every problem found, each with file:line:col) or a read error.
func Load(path string) (*Spec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load spec: %w", err)
	}
	return Parse(path, data)
}

// Parse decodes and validates a spec from data; path is used in error messages and kept as
// Spec.Path.
func Parse(path string, data []byte) (*Spec, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, ErrorList{yamlError(path, err)}
	}
	d := &decoder{file: path}
	if doc.Kind == 0 {
		return nil, ErrorList{{File: path, Pos: Pos{Line: 1, Col: 1}, Msg: "empty spec"}}
	}
	s := d.spec(&doc)
	d.validate(s)
	if len(d.errs) > 0 {
		d.errs.sort()
		return nil, d.errs
	}
	return s, nil
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlError turns a yaml.v3 syntax error into an *Error with the line it names.
func yamlError(path string, err error) *Error {
	msg := err.Error()
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &Error{File: path, Pos: Pos{Line: line}, Msg: "invalid YAML: " + m[2]}
	}
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	return &Error{File: path, Msg: "invalid YAML: " + msg}
}

// decoder walks the YAML node tree strictly, collecting every error with its position.
type decoder struct {
	file string
	errs ErrorList
	// typeUses are the type expressions naming a type, checked once all types are known.
	typeUses []typeUse
	// top holds the positions of the top-level values, for errors found later.
	top map[string]Pos
	// pushRefs are the positions of the push names listed by actions, in order.
	pushRefs []pushRef
	// webhookPos holds the positions of the keys of each webhook, for errors found later.
	webhookPos map[*Webhook]map[string]Pos
}

type pushRef struct {
	action *Action
	pos    Pos
}

type typeUse struct {
	ref     *TypeRef
	pos     Pos
	context string
}

func posOf(n *yaml.Node) Pos {
	if n == nil {
		return Pos{}
	}
	return Pos{Line: n.Line, Col: n.Column}
}

func (d *decoder) errorf(pos Pos, context, format string, args ...any) {
	d.errs = append(d.errs, &Error{File: d.file, Pos: pos, Context: context, Msg: fmt.Sprintf(format, args...)})
}

// resolve follows YAML aliases to the node they stand for.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	return n
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!str":
			return fmt.Sprintf("the string %q", n.Value)
		case "!!null":
			return "null"
		case "!!bool":
			return "a boolean"
		case "!!int", "!!float":
			return "a number"
		}
		return "a " + n.Tag
	}
	return "nothing"
}

// keyHandlers maps each allowed key of a mapping to the function decoding its value.
type keyHandlers map[string]func(v *yaml.Node)

// mapping decodes the mapping n: each key goes to its handler; unknown and duplicate keys,
// and missing required keys, are errors. It reports whether n was a mapping.
func (d *decoder) mapping(n *yaml.Node, context string, handlers keyHandlers, required ...string) bool {
	n = resolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		if n == nil {
			d.errorf(Pos{}, context, "want a mapping, got nothing")
		} else {
			d.errorf(posOf(n), context, "want a mapping, got %s", describe(n))
		}
		return false
	}
	seen := make(map[string]bool, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.errorf(posOf(k), context, "keys must be strings, got %s", describe(k))
			continue
		}
		if seen[k.Value] {
			d.errorf(posOf(k), context, "duplicate key %q", k.Value)
			continue
		}
		seen[k.Value] = true
		h, ok := handlers[k.Value]
		if !ok {
			d.errorf(posOf(k), context, "unknown key %q", k.Value)
			continue
		}
		h(v)
	}
	for _, r := range required {
		if !seen[r] {
			d.errorf(posOf(n), context, "missing key %q", r)
		}
	}
	return true
}

// lookup returns the value of key in the mapping n, or nil.
func lookup(n *yaml.Node, key string) *yaml.Node {
	n = resolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := resolve(n.Content[i]); k.Kind == yaml.ScalarNode && k.Value == key {
			return resolve(n.Content[i+1])
		}
	}
	return nil
}

// str decodes a string scalar; numbers and booleans are refused (quote them).
func (d *decoder) str(n *yaml.Node, context, key string) string {
	n = resolve(n)
	if n.Kind != yaml.ScalarNode || n.Tag != "!!str" {
		hint := ""
		if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
			hint = " (quote it)"
		}
		d.errorf(posOf(n), context, "%s: want a string, got %s%s", key, describe(n), hint)
		return ""
	}
	return n.Value
}

// text decodes any non-null scalar as its text (for defaults and enum values).
func (d *decoder) text(n *yaml.Node, context, key string) string {
	n = resolve(n)
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.errorf(posOf(n), context, "%s: want a scalar, got %s", key, describe(n))
		return ""
	}
	return n.Value
}

func (d *decoder) boolean(n *yaml.Node, context, key string) bool {
	n = resolve(n)
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		d.errorf(posOf(n), context, "%s: want true or false, got %s", key, describe(n))
		return false
	}
	var b bool
	if err := n.Decode(&b); err != nil {
		d.errorf(posOf(n), context, "%s: want true or false, got %q", key, n.Value)
	}
	return b
}

func (d *decoder) integer(n *yaml.Node, context, key string) int {
	n = resolve(n)
	var v int
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || n.Decode(&v) != nil {
		d.errorf(posOf(n), context, "%s: want an integer, got %s", key, describe(n))
		return 0
	}
	return v
}

// seq returns the items of a list, or reports an error.
func (d *decoder) seq(n *yaml.Node, context, key string) []*yaml.Node {
	n = resolve(n)
	if n.Kind != yaml.SequenceNode {
		d.errorf(posOf(n), context, "%s: want a list, got %s", key, describe(n))
		return nil
	}
	return n.Content
}

func (d *decoder) strList(n *yaml.Node, context, key string) []string {
	items := d.seq(n, context, key)
	out := make([]string, 0, len(items))
	for _, it := range items {
		out = append(out, d.str(it, context, key))
	}
	return out
}

// reason decodes a differs_from_docs value: the reason, which must not be empty.
func (d *decoder) reason(n *yaml.Node, context string) string {
	s := d.str(n, context, "differs_from_docs")
	if strings.TrimSpace(s) == "" && resolve(n).Tag == "!!str" {
		d.errorf(posOf(resolve(n)), context, "differs_from_docs: give the reason the spec differs from the docs")
	}
	return s
}

// jsonText decodes a string holding a JSON value (a sample payload).
func (d *decoder) jsonText(n *yaml.Node, context, key string) json.RawMessage {
	return d.jsonValue(n, context, key, false)
}

// jsonObject decodes a string holding a JSON object (a sample payload).
func (d *decoder) jsonObject(n *yaml.Node, context, key string) json.RawMessage {
	return d.jsonValue(n, context, key, true)
}

// jsonValue decodes a string holding a JSON value, which must be an object when object is set
// (a payload is an object unless the spec gives it a response_type or payload_type).
func (d *decoder) jsonValue(n *yaml.Node, context, key string, object bool) json.RawMessage {
	s := d.str(n, context, key)
	if s == "" {
		return nil
	}
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		d.errorf(posOf(resolve(n)), context, "%s: invalid JSON: %v", key, err)
		return nil
	}
	if _, ok := v.(map[string]any); !ok && object {
		d.errorf(posOf(resolve(n)), context, "%s: want a JSON object", key)
	}
	return json.RawMessage(s)
}

// name reads the "name" key of an item first, so that errors about the item's other keys can
// say which item they are about.
func (d *decoder) name(n *yaml.Node, key string) string {
	v := lookup(n, key)
	if v == nil || v.Kind != yaml.ScalarNode {
		return ""
	}
	return v.Value
}

func (d *decoder) spec(doc *yaml.Node) *Spec {
	s := &Spec{Path: d.file}
	root := doc
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		root = doc.Content[0]
	}
	d.top = map[string]Pos{}
	for _, key := range []string{"api", "version", "doc", "status"} {
		d.top[key] = posOf(lookup(root, key))
	}
	d.mapping(root, "", keyHandlers{
		"api":        func(v *yaml.Node) { s.API = d.str(v, "", "api") },
		"version":    func(v *yaml.Node) { s.Version = d.str(v, "", "version") },
		"status":     func(v *yaml.Node) { s.Status = d.str(v, "", "status") },
		"doc":        func(v *yaml.Node) { s.Doc = d.str(v, "", "doc") },
		"sources":    func(v *yaml.Node) { s.Sources = d.strList(v, "", "sources") },
		"notes":      func(v *yaml.Node) { s.Notes = d.strList(v, "", "notes") },
		"connection": func(v *yaml.Node) { d.connection(v, &s.Connection) },
		"web":        func(v *yaml.Node) { s.Web = d.web(v) },
		"types": func(v *yaml.Node) {
			for _, it := range d.seq(v, "", "types") {
				s.Types = append(s.Types, d.typ(it))
			}
		},
		"actions": func(v *yaml.Node) {
			for _, it := range d.seq(v, "", "actions") {
				s.Actions = append(s.Actions, d.action(it))
			}
		},
		"pushes": func(v *yaml.Node) {
			for _, it := range d.seq(v, "", "pushes") {
				s.Pushes = append(s.Pushes, d.push(it))
			}
		},
		"webhooks": func(v *yaml.Node) {
			for _, it := range d.seq(v, "", "webhooks") {
				s.Webhooks = append(s.Webhooks, d.webhook(it))
			}
		},
		"errors": func(v *yaml.Node) {
			for _, it := range d.seq(v, "", "errors") {
				s.Errors = append(s.Errors, d.errorType(it))
			}
		},
		"differs_from_docs": func(v *yaml.Node) {
			for _, it := range d.seq(v, "", "differs_from_docs") {
				dd := &DocsDifference{Pos: posOf(resolve(it))}
				d.mapping(it, "differs_from_docs", keyHandlers{
					"item":   func(v *yaml.Node) { dd.Item = d.str(v, "differs_from_docs", "item") },
					"reason": func(v *yaml.Node) { dd.Reason = d.str(v, "differs_from_docs", "reason") },
				}, "item", "reason")
				s.DocsDifferences = append(s.DocsDifferences, dd)
			}
		},
	}, "api", "version", "doc")
	if lookup(root, "connection") == nil && s.API != APIConfiguration {
		// Required, except for a Web-only API (the Configuration API), which has none.
		d.errorf(posOf(root), "", "missing key %q", "connection")
	}
	return s
}

func (d *decoder) connection(n *yaml.Node, c *Connection) {
	const cx = "connection"
	c.Pos = posOf(resolve(n))
	d.mapping(n, cx, keyHandlers{
		"url": func(v *yaml.Node) { c.URL = d.str(v, cx, "url") },
		"regions": func(v *yaml.Node) {
			for _, it := range d.seq(v, cx, "regions") {
				c.Regions = append(c.Regions, d.region(it))
			}
		},
		"query": func(v *yaml.Node) { c.Query = d.fields(v, cx, "query param") },
		"ping_interval": func(v *yaml.Node) {
			s := d.str(v, cx, "ping_interval")
			if s == "" {
				return
			}
			dur, err := time.ParseDuration(s)
			if err != nil || dur <= 0 {
				d.errorf(posOf(resolve(v)), cx, "ping_interval: want a positive duration such as 15s, got %q", s)
			}
			c.PingInterval = dur
		},
		"max_pending_requests": func(v *yaml.Node) { c.MaxPendingRequests = d.integer(v, cx, "max_pending_requests") },
		"disconnect":           func(v *yaml.Node) { c.Disconnect = d.disconnect(v) },
		"notes":                func(v *yaml.Node) { c.Notes = d.strList(v, cx, "notes") },
	}, "url")
}

func (d *decoder) disconnect(n *yaml.Node) *Disconnect {
	const cx = "connection: disconnect"
	dc := &Disconnect{Pos: posOf(resolve(n))}
	d.mapping(n, cx, keyHandlers{
		"push":         func(v *yaml.Node) { dc.Push = d.str(v, cx, "push") },
		"stop":         func(v *yaml.Node) { dc.Stop = d.strList(v, cx, "stop") },
		"wrong_region": func(v *yaml.Node) { dc.WrongRegion = d.strList(v, cx, "wrong_region") },
	}, "push")
	return dc
}

func (d *decoder) region(n *yaml.Node) *Region {
	r := &Region{Pos: posOf(resolve(n)), Name: d.name(n, "name")}
	cx := ctx("connection", "region", r.Name)
	d.mapping(n, cx, keyHandlers{
		"name":    func(v *yaml.Node) { r.Name = d.str(v, cx, "name") },
		"url":     func(v *yaml.Node) { r.URL = d.str(v, cx, "url") },
		"default": func(v *yaml.Node) { r.Default = d.boolean(v, cx, "default") },
	}, "name", "url")
	return r
}

// fields decodes a list of fields; kind names them in errors ("param", "field").
func (d *decoder) fields(n *yaml.Node, parent, kind string) []*Field {
	items := d.seq(n, parent, kind+"s")
	out := make([]*Field, 0, len(items))
	for _, it := range items {
		out = append(out, d.field(it, parent, kind))
	}
	return out
}

func (d *decoder) field(n *yaml.Node, parent, kind string) *Field {
	f := &Field{Pos: posOf(resolve(n)), Name: d.name(n, "name")}
	cx := ctx(parent, kind, f.Name)
	var typeNode *yaml.Node
	d.mapping(n, cx, keyHandlers{
		"name": func(v *yaml.Node) { f.Name = d.str(v, cx, "name") },
		"type": func(v *yaml.Node) {
			typeNode = resolve(v)
			f.Type = d.typeRef(v, cx)
		},
		"required":          func(v *yaml.Node) { f.Required = d.boolean(v, cx, "required") },
		"doc":               func(v *yaml.Node) { f.Doc = d.str(v, cx, "doc") },
		"enum":              func(v *yaml.Node) { f.Enum = d.enum(v, cx) },
		"default":           func(v *yaml.Node) { f.Default = d.text(v, cx, "default") },
		"renamed_from":      func(v *yaml.Node) { f.RenamedFrom = d.str(v, cx, "renamed_from") },
		"deprecated":        func(v *yaml.Node) { f.Deprecated = d.str(v, cx, "deprecated") },
		"differs_from_docs": func(v *yaml.Node) { f.DiffersFromDocs = d.reason(v, cx) },
		"notes":             func(v *yaml.Node) { f.Notes = d.strList(v, cx, "notes") },
		"fields":            func(v *yaml.Node) { f.Fields = d.fields(v, cx, "field") },
	}, "name", "type")
	if f.Type == nil {
		return f
	}
	inner := f.Type.Innermost()
	switch {
	case inner.Kind == Object && len(f.Fields) == 0:
		d.errorf(posOf(typeNode), cx, "type %s needs fields", f.Type)
	case inner.Kind != Object && f.Fields != nil:
		d.errorf(posOf(typeNode), cx, "fields given, but type %s is not an inline object (use object, []object, ...)", f.Type)
	}
	if len(f.Enum) > 0 && inner.Kind != String {
		d.errorf(posOf(typeNode), cx, "enum on a non-string type %s", f.Type)
	}
	return f
}

// typeRef parses a type expression and records named types for later resolution.
func (d *decoder) typeRef(n *yaml.Node, context string) *TypeRef {
	s := d.str(n, context, "type")
	if s == "" {
		if resolve(n).Tag == "!!str" {
			d.errorf(posOf(resolve(n)), context, "type: empty")
		}
		return nil
	}
	t, err := ParseType(s)
	if err != nil {
		d.errorf(posOf(resolve(n)), context, "%v", err)
		return nil
	}
	if inner := t.Innermost(); inner.Kind == Named {
		d.typeUses = append(d.typeUses, typeUse{ref: t, pos: posOf(resolve(n)), context: context})
	}
	return t
}

func (d *decoder) enum(n *yaml.Node, context string) []EnumValue {
	var out []EnumValue
	for _, it := range d.seq(n, context, "enum") {
		it = resolve(it)
		if it.Kind == yaml.MappingNode {
			var e EnumValue
			d.mapping(it, context, keyHandlers{
				"value": func(v *yaml.Node) { e.Value = d.text(v, context, "enum value") },
				"doc":   func(v *yaml.Node) { e.Doc = d.str(v, context, "enum doc") },
			}, "value")
			out = append(out, e)
			continue
		}
		out = append(out, EnumValue{Value: d.text(it, context, "enum")})
	}
	if len(out) == 0 {
		d.errorf(posOf(resolve(n)), context, "enum: empty list")
	}
	seen := map[string]bool{}
	for _, e := range out {
		if seen[e.Value] {
			d.errorf(posOf(resolve(n)), context, "enum: duplicate value %q", e.Value)
		}
		seen[e.Value] = true
	}
	return out
}

func (d *decoder) typ(n *yaml.Node) *Type {
	t := &Type{Pos: posOf(resolve(n)), Name: d.name(n, "name")}
	cx := ctx("", "type", t.Name)
	var kinds []string
	var defNode *yaml.Node
	d.mapping(n, cx, keyHandlers{
		"name": func(v *yaml.Node) { t.Name = d.str(v, cx, "name") },
		"doc":  func(v *yaml.Node) { t.Doc = d.str(v, cx, "doc") },
		"fields": func(v *yaml.Node) {
			kinds = append(kinds, "fields")
			t.Kind = StructType
			t.Fields = d.fields(v, cx, "field")
		},
		"type": func(v *yaml.Node) {
			kinds = append(kinds, "type")
			t.Kind = DefType
			defNode = resolve(v)
			t.Def = d.typeRef(v, cx)
		},
		"union": func(v *yaml.Node) {
			kinds = append(kinds, "union")
			t.Kind = UnionType
			t.Union = d.union(v, cx)
		},
		"enum":               func(v *yaml.Node) { t.Enum = d.enum(v, cx) },
		"example":            func(v *yaml.Node) { t.Example = d.jsonText(v, cx, "example") },
		"example_undeclared": func(v *yaml.Node) { t.ExampleUndeclared = d.strList(v, cx, "example_undeclared") },
		"examples": func(v *yaml.Node) {
			for _, it := range d.seq(v, cx, "examples") {
				t.Examples = append(t.Examples, d.typeExample(it, cx))
			}
		},
		"renamed_from":      func(v *yaml.Node) { t.RenamedFrom = d.str(v, cx, "renamed_from") },
		"deprecated":        func(v *yaml.Node) { t.Deprecated = d.str(v, cx, "deprecated") },
		"differs_from_docs": func(v *yaml.Node) { t.DiffersFromDocs = d.reason(v, cx) },
		"notes":             func(v *yaml.Node) { t.Notes = d.strList(v, cx, "notes") },
	}, "name", "doc")
	switch {
	case len(kinds) == 0:
		d.errorf(t.Pos, cx, "needs one of fields, type or union")
	case len(kinds) > 1:
		d.errorf(t.Pos, cx, "has %v: a type is exactly one of fields, type or union", kinds)
	}
	if t.Kind == DefType && t.Def != nil {
		if t.Def.Innermost().Kind == Object {
			d.errorf(posOf(defNode), cx, "type: an inline object needs fields: use fields instead of type")
		}
		if len(t.Enum) > 0 && t.Def.Kind != String {
			d.errorf(posOf(defNode), cx, "enum on a non-string type %s", t.Def)
		}
	}
	if len(t.Enum) > 0 && t.Kind != DefType {
		d.errorf(t.Pos, cx, "enum is only allowed with type: string")
	}
	return t
}

// typeExample decodes one entry of a type's examples: a sample file kept whole.
func (d *decoder) typeExample(n *yaml.Node, context string) *TypeExample {
	e := &TypeExample{Pos: posOf(resolve(n))}
	cx := context + ": example " + d.name(n, "source")
	var jsonNode *yaml.Node
	d.mapping(n, cx, keyHandlers{
		"source":     func(v *yaml.Node) { e.Source = d.str(v, cx, "source") },
		"wrapped_in": func(v *yaml.Node) { e.WrappedIn = d.str(v, cx, "wrapped_in") },
		"json": func(v *yaml.Node) {
			jsonNode = resolve(v)
			e.JSON = d.jsonText(v, cx, "json")
		},
		"undeclared": func(v *yaml.Node) { e.Undeclared = d.strList(v, cx, "undeclared") },
	}, "source", "json")
	if e.WrappedIn == "" || len(e.JSON) == 0 {
		return e
	}
	var wrapper map[string]json.RawMessage
	if err := json.Unmarshal(e.JSON, &wrapper); err != nil {
		d.errorf(posOf(jsonNode), cx, "json: wrapped_in %q needs a JSON object", e.WrappedIn)
	} else if _, ok := wrapper[e.WrappedIn]; !ok {
		d.errorf(posOf(jsonNode), cx, "json: no member %q (wrapped_in)", e.WrappedIn)
	}
	return e
}

func (d *decoder) union(n *yaml.Node, context string) *Union {
	u := &Union{}
	d.mapping(n, context, keyHandlers{
		"discriminator": func(v *yaml.Node) { u.Discriminator = d.str(v, context, "discriminator") },
		"variants": func(v *yaml.Node) {
			for _, it := range d.seq(v, context, "variants") {
				vr := &Variant{Pos: posOf(resolve(it))}
				d.mapping(it, context, keyHandlers{
					"value": func(v *yaml.Node) { vr.Value = d.str(v, context, "variant value") },
					"type":  func(v *yaml.Node) { vr.Type = d.str(v, context, "variant type") },
				}, "value", "type")
				u.Variants = append(u.Variants, vr)
			}
		},
	}, "discriminator", "variants")
	return u
}

func (d *decoder) action(n *yaml.Node) *Action {
	a := &Action{Pos: posOf(resolve(n)), Name: d.name(n, "name"), Transports: []string{"rtm"}}
	cx := ctx("", "action", a.Name)
	var responseTypeNode *yaml.Node
	d.mapping(n, cx, keyHandlers{
		"name":              func(v *yaml.Node) { a.Name = d.str(v, cx, "name") },
		"doc":               func(v *yaml.Node) { a.Doc = d.str(v, cx, "doc") },
		"transports":        func(v *yaml.Node) { a.Transports = d.strList(v, cx, "transports") },
		"batch_of":          func(v *yaml.Node) { a.BatchOf = d.str(v, cx, "batch_of") },
		"scopes":            func(v *yaml.Node) { a.Scopes = d.strList(v, cx, "scopes") },
		"renamed_from":      func(v *yaml.Node) { a.RenamedFrom = d.str(v, cx, "renamed_from") },
		"deprecated":        func(v *yaml.Node) { a.Deprecated = d.str(v, cx, "deprecated") },
		"differs_from_docs": func(v *yaml.Node) { a.DiffersFromDocs = d.reason(v, cx) },
		"params":            func(v *yaml.Node) { a.Params = d.fields(v, cx, "param") },
		"response": func(v *yaml.Node) {
			a.HasResponse = true
			a.Response = d.fields(v, cx, "response field")
		},
		"response_type": func(v *yaml.Node) {
			a.HasResponse = true
			responseTypeNode = resolve(v)
			a.ResponseType = d.typeRef(v, cx+": response_type")
		},
		"pushes": func(v *yaml.Node) {
			a.Pushes = d.strList(v, cx, "pushes")
			for _, it := range d.seq(v, cx, "pushes") {
				d.pushRefs = append(d.pushRefs, pushRef{action: a, pos: posOf(resolve(it))})
			}
		},
		"notes": func(v *yaml.Node) { a.Notes = d.strList(v, cx, "notes") },
		"pagination": func(v *yaml.Node) {
			a.Pagination = &Pagination{Pos: posOf(resolve(v))}
			d.mapping(v, cx+": pagination", keyHandlers{
				"items": func(v *yaml.Node) { a.Pagination.Items = d.str(v, cx+": pagination", "items") },
			}, "items")
		},
		"http": func(v *yaml.Node) { d.actionHTTP(v, cx, &a.HTTP) },
		"example": func(v *yaml.Node) {
			d.mapping(v, cx+": example", keyHandlers{
				"request": func(v *yaml.Node) { a.Example.Request = d.jsonObject(v, cx, "example request") },
				"response": func(v *yaml.Node) {
					a.Example.Response = d.jsonValue(v, cx, "example response", lookup(n, "response_type") == nil)
				},
				"undeclared": func(v *yaml.Node) {
					a.Example.Undeclared = d.strList(v, cx, "example undeclared")
					for _, u := range a.Example.Undeclared {
						if !strings.HasPrefix(u, "request.") && !strings.HasPrefix(u, "response.") {
							d.errorf(posOf(resolve(v)), cx, "example undeclared: %q must start with request. or response.", u)
						}
					}
				},
			})
		},
	}, "name", "doc")
	d.payloadType(a.ResponseType, a.Response, responseTypeNode, cx, "response_type", "response")
	d.pagination(a, cx)
	return a
}

// pagination checks that a paged action has what its pages need: a string param page_id, an
// object response with a string next_page_id and a list field holding the items.
func (d *decoder) pagination(a *Action, cx string) {
	p := a.Pagination
	if p == nil || p.Items == "" {
		return
	}
	cx += ": pagination"
	find := func(fields []*Field, name string) *Field {
		for _, f := range fields {
			if f.Name == name {
				return f
			}
		}
		return nil
	}
	if f := find(a.Params, "page_id"); f == nil || f.Type == nil || f.Type.Kind != String || f.Required {
		d.errorf(p.Pos, cx, "needs an optional string param page_id")
	}
	if a.ResponseType != nil {
		d.errorf(p.Pos, cx, "needs an object response, not %s", a.ResponseType)
		return
	}
	if f := find(a.Response, "next_page_id"); f == nil || f.Type == nil || f.Type.Kind != String {
		d.errorf(p.Pos, cx, "needs a string response field next_page_id")
	}
	switch f := find(a.Response, p.Items); {
	case f == nil:
		d.errorf(p.Pos, cx, "items: no response field %q", p.Items)
	case f.Type == nil || f.Type.Kind != Slice:
		d.errorf(p.Pos, cx, "items: response field %q is not a list", p.Items)
	}
}

// payloadType checks a non-object payload type against the fields given with it: "[]object"
// needs them (they describe the elements), "map[string]int" must have none.
func (d *decoder) payloadType(t *TypeRef, fields []*Field, n *yaml.Node, context, key, fieldsKey string) {
	if t == nil {
		return
	}
	if t.Kind != Slice && t.Kind != Map {
		d.errorf(posOf(n), context, "%s: want an array or map type (an object payload is described by %s alone), got %s", key, fieldsKey, t)
		return
	}
	switch inner := t.Innermost(); {
	case inner.Kind == Object && len(fields) == 0:
		d.errorf(posOf(n), context, "%s: %s needs %s describing the object", key, t, fieldsKey)
	case inner.Kind != Object && len(fields) > 0:
		d.errorf(posOf(n), context, "%s: %s given, but %s has no inline object", key, fieldsKey, t)
	}
}

func (d *decoder) push(n *yaml.Node) *Push {
	p := &Push{Pos: posOf(resolve(n)), Name: d.name(n, "name")}
	cx := ctx("", "push", p.Name)
	var payloadTypeNode *yaml.Node
	d.mapping(n, cx, keyHandlers{
		"name":   func(v *yaml.Node) { p.Name = d.str(v, cx, "name") },
		"doc":    func(v *yaml.Node) { p.Doc = d.str(v, cx, "doc") },
		"fields": func(v *yaml.Node) { p.Fields = d.fields(v, cx, "field") },
		"payload_type": func(v *yaml.Node) {
			payloadTypeNode = resolve(v)
			p.PayloadType = d.typeRef(v, cx+": payload_type")
		},
		"undocumented":      func(v *yaml.Node) { p.Undocumented = d.boolean(v, cx, "undocumented") },
		"renamed_from":      func(v *yaml.Node) { p.RenamedFrom = d.str(v, cx, "renamed_from") },
		"deprecated":        func(v *yaml.Node) { p.Deprecated = d.str(v, cx, "deprecated") },
		"differs_from_docs": func(v *yaml.Node) { p.DiffersFromDocs = d.reason(v, cx) },
		"notes":             func(v *yaml.Node) { p.Notes = d.strList(v, cx, "notes") },
		"example": func(v *yaml.Node) {
			p.Example = d.jsonValue(v, cx, "example payload", lookup(n, "payload_type") == nil)
		},
		"example_undeclared": func(v *yaml.Node) { p.ExampleUndeclared = d.strList(v, cx, "example_undeclared") },
	}, "name", "doc")
	d.payloadType(p.PayloadType, p.Fields, payloadTypeNode, cx, "payload_type", "fields")
	return p
}

func (d *decoder) errorType(n *yaml.Node) *ErrorType {
	e := &ErrorType{Pos: posOf(resolve(n)), Type: d.name(n, "type")}
	cx := ctx("", "error", e.Type)
	d.mapping(n, cx, keyHandlers{
		"type":    func(v *yaml.Node) { e.Type = d.str(v, cx, "type") },
		"message": func(v *yaml.Node) { e.Message = d.str(v, cx, "message") },
		"doc":     func(v *yaml.Node) { e.Doc = d.str(v, cx, "doc") },
	}, "type")
	return e
}
