package spec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Encode writes a spec in the YAML format that Load reads, deterministically: keys in the
// order of spec/README.md, lists in model order, short fields in flow style, samples as
// literal blocks. Positions and Path are not written.
func Encode(s *Spec) ([]byte, error) {
	root := mapping()
	add(root, "api", str(s.API))
	add(root, "version", str(s.Version))
	if s.Status != "" {
		add(root, "status", str(s.Status))
	}
	add(root, "doc", str(s.Doc))
	if len(s.Sources) > 0 {
		add(root, "sources", strs(s.Sources))
	}
	if !s.WebOnly() {
		add(root, "connection", connectionNode(&s.Connection))
	}
	if len(s.Notes) > 0 {
		add(root, "notes", strs(s.Notes))
	}
	if len(s.DocsDifferences) > 0 {
		l := seq()
		for _, d := range s.DocsDifferences {
			m := mapping()
			add(m, "item", str(d.Item))
			add(m, "reason", str(d.Reason))
			l.Content = append(l.Content, m)
		}
		add(root, "differs_from_docs", l)
	}
	types := seq()
	for _, t := range s.Types {
		types.Content = append(types.Content, typeNode(t))
	}
	add(root, "types", types)
	actions := seq()
	for _, a := range s.Actions {
		actions.Content = append(actions.Content, actionNode(a))
	}
	add(root, "actions", actions)
	pushes := seq()
	for _, p := range s.Pushes {
		pushes.Content = append(pushes.Content, pushNode(p))
	}
	add(root, "pushes", pushes)
	if len(s.Webhooks) > 0 {
		add(root, "webhooks", webhooksNode(s.Webhooks))
	}
	errs := seq()
	for _, e := range s.Errors {
		m := mapping()
		m.Style = yaml.FlowStyle
		add(m, "type", str(e.Type))
		if e.Message != "" {
			add(m, "message", str(e.Message))
		}
		if e.Doc != "" {
			add(m, "doc", str(e.Doc))
		}
		errs.Content = append(errs.Content, m)
	}
	add(root, "errors", errs)
	if s.Web != nil {
		add(root, "web", webNode(s.Web))
	}

	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}); err != nil {
		return nil, fmt.Errorf("encode spec: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode spec: %w", err)
	}
	return b.Bytes(), nil
}

func mapping() *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode} }
func seq() *yaml.Node     { return &yaml.Node{Kind: yaml.SequenceNode} }

func str(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

func boolean(b bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(b)}
}

func strs(list []string) *yaml.Node {
	n := seq()
	for _, s := range list {
		n.Content = append(n.Content, str(s))
	}
	return n
}

func flowStrs(list []string) *yaml.Node {
	n := strs(list)
	n.Style = yaml.FlowStyle
	return n
}

func add(m *yaml.Node, key string, v *yaml.Node) {
	m.Content = append(m.Content, str(key), v)
}

// jsonBlock writes a sample as a literal block of indented JSON.
func jsonBlock(raw json.RawMessage) *yaml.Node {
	var b bytes.Buffer
	if err := json.Indent(&b, raw, "", "  "); err != nil {
		b.Reset()
		b.Write(raw)
	}
	n := str(strings.TrimSpace(b.String()) + "\n")
	n.Style = yaml.LiteralStyle
	return n
}

func connectionNode(c *Connection) *yaml.Node {
	m := mapping()
	add(m, "url", str(c.URL))
	if len(c.Regions) > 0 {
		l := seq()
		for _, r := range c.Regions {
			rm := mapping()
			rm.Style = yaml.FlowStyle
			add(rm, "name", str(r.Name))
			add(rm, "url", str(r.URL))
			if r.Default {
				add(rm, "default", boolean(true))
			}
			l.Content = append(l.Content, rm)
		}
		add(m, "regions", l)
	}
	if len(c.Query) > 0 {
		add(m, "query", fieldsNode(c.Query))
	}
	if c.PingInterval > 0 {
		add(m, "ping_interval", str(c.PingInterval.String()))
	}
	if c.MaxPendingRequests > 0 {
		add(m, "max_pending_requests", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(c.MaxPendingRequests)})
	}
	if d := c.Disconnect; d != nil {
		dm := mapping()
		add(dm, "push", str(d.Push))
		if len(d.Stop) > 0 {
			add(dm, "stop", flowStrs(d.Stop))
		}
		if len(d.WrongRegion) > 0 {
			add(dm, "wrong_region", flowStrs(d.WrongRegion))
		}
		add(m, "disconnect", dm)
	}
	if len(c.Notes) > 0 {
		add(m, "notes", strs(c.Notes))
	}
	return m
}

func fieldsNode(fields []*Field) *yaml.Node {
	l := seq()
	for _, f := range fields {
		l.Content = append(l.Content, fieldNode(f))
	}
	return l
}

func fieldNode(f *Field) *yaml.Node {
	m := mapping()
	add(m, "name", str(f.Name))
	if f.Type != nil {
		add(m, "type", str(f.Type.String()))
	}
	if f.Required {
		add(m, "required", boolean(true))
	}
	if f.Doc != "" {
		add(m, "doc", str(f.Doc))
	}
	if len(f.Enum) > 0 {
		add(m, "enum", enumNode(f.Enum))
	}
	if f.Default != "" {
		add(m, "default", str(f.Default))
	}
	if f.RenamedFrom != "" {
		add(m, "renamed_from", str(f.RenamedFrom))
	}
	if f.Deprecated != "" {
		add(m, "deprecated", str(f.Deprecated))
	}
	if f.DiffersFromDocs != "" {
		add(m, "differs_from_docs", str(f.DiffersFromDocs))
	}
	if len(f.Notes) > 0 {
		add(m, "notes", strs(f.Notes))
	}
	if len(f.Fields) > 0 {
		add(m, "fields", fieldsNode(f.Fields))
	}
	if len(f.Fields) == 0 && len(f.Notes) == 0 && len(f.Doc) < 100 {
		m.Style = yaml.FlowStyle
	}
	return m
}

func enumNode(vals []EnumValue) *yaml.Node {
	l := seq()
	l.Style = yaml.FlowStyle
	for _, e := range vals {
		if e.Doc == "" {
			l.Content = append(l.Content, str(e.Value))
			continue
		}
		m := mapping()
		m.Style = yaml.FlowStyle
		add(m, "value", str(e.Value))
		add(m, "doc", str(e.Doc))
		l.Content = append(l.Content, m)
	}
	return l
}

func typeNode(t *Type) *yaml.Node {
	m := mapping()
	add(m, "name", str(t.Name))
	add(m, "doc", str(t.Doc))
	switch t.Kind {
	case StructType:
		add(m, "fields", fieldsNode(t.Fields))
	case DefType:
		add(m, "type", str(t.Def.String()))
		if len(t.Enum) > 0 {
			add(m, "enum", enumNode(t.Enum))
		}
	case UnionType:
		u := mapping()
		add(u, "discriminator", str(t.Union.Discriminator))
		vs := seq()
		for _, v := range t.Union.Variants {
			vm := mapping()
			vm.Style = yaml.FlowStyle
			add(vm, "value", str(v.Value))
			add(vm, "type", str(v.Type))
			vs.Content = append(vs.Content, vm)
		}
		add(u, "variants", vs)
		add(m, "union", u)
	}
	if len(t.Example) > 0 {
		add(m, "example", jsonBlock(t.Example))
	}
	if len(t.ExampleUndeclared) > 0 {
		add(m, "example_undeclared", flowStrs(t.ExampleUndeclared))
	}
	if len(t.Examples) > 0 {
		exs := seq()
		for _, e := range t.Examples {
			em := mapping()
			add(em, "source", str(e.Source))
			if e.WrappedIn != "" {
				add(em, "wrapped_in", str(e.WrappedIn))
			}
			if len(e.Undeclared) > 0 {
				add(em, "undeclared", flowStrs(e.Undeclared))
			}
			add(em, "json", jsonBlock(e.JSON))
			exs.Content = append(exs.Content, em)
		}
		add(m, "examples", exs)
	}
	if t.RenamedFrom != "" {
		add(m, "renamed_from", str(t.RenamedFrom))
	}
	if t.Deprecated != "" {
		add(m, "deprecated", str(t.Deprecated))
	}
	if t.DiffersFromDocs != "" {
		add(m, "differs_from_docs", str(t.DiffersFromDocs))
	}
	if len(t.Notes) > 0 {
		add(m, "notes", strs(t.Notes))
	}
	return m
}

func actionNode(a *Action) *yaml.Node {
	m := mapping()
	add(m, "name", str(a.Name))
	add(m, "doc", str(a.Doc))
	add(m, "transports", flowStrs(a.Transports))
	if a.BatchOf != "" {
		add(m, "batch_of", str(a.BatchOf))
	}
	if len(a.Scopes) > 0 {
		add(m, "scopes", flowStrs(a.Scopes))
	}
	if a.RenamedFrom != "" {
		add(m, "renamed_from", str(a.RenamedFrom))
	}
	if a.Deprecated != "" {
		add(m, "deprecated", str(a.Deprecated))
	}
	if a.DiffersFromDocs != "" {
		add(m, "differs_from_docs", str(a.DiffersFromDocs))
	}
	if n := httpNode(&a.HTTP); n != nil {
		add(m, "http", n)
	}
	if len(a.Params) > 0 {
		add(m, "params", fieldsNode(a.Params))
	}
	if a.Pagination != nil {
		p := mapping()
		p.Style = yaml.FlowStyle
		add(p, "items", str(a.Pagination.Items))
		add(m, "pagination", p)
	}
	if a.HasResponse {
		if a.ResponseType != nil {
			add(m, "response_type", str(a.ResponseType.String()))
		}
		if len(a.Response) > 0 || a.ResponseType == nil {
			n := fieldsNode(a.Response)
			if len(a.Response) == 0 {
				n.Style = yaml.FlowStyle
			}
			add(m, "response", n)
		}
	}
	if len(a.Pushes) > 0 {
		add(m, "pushes", flowStrs(a.Pushes))
	}
	if len(a.Notes) > 0 {
		add(m, "notes", strs(a.Notes))
	}
	if len(a.Example.Request) > 0 || len(a.Example.Response) > 0 || len(a.Example.Undeclared) > 0 {
		ex := mapping()
		if len(a.Example.Request) > 0 {
			add(ex, "request", jsonBlock(a.Example.Request))
		}
		if len(a.Example.Response) > 0 {
			add(ex, "response", jsonBlock(a.Example.Response))
		}
		if len(a.Example.Undeclared) > 0 {
			add(ex, "undeclared", flowStrs(a.Example.Undeclared))
		}
		add(m, "example", ex)
	}
	return m
}

func pushNode(p *Push) *yaml.Node {
	m := mapping()
	add(m, "name", str(p.Name))
	add(m, "doc", str(p.Doc))
	if p.Undocumented {
		add(m, "undocumented", boolean(true))
	}
	if p.PayloadType != nil {
		add(m, "payload_type", str(p.PayloadType.String()))
	}
	if len(p.Fields) > 0 {
		add(m, "fields", fieldsNode(p.Fields))
	}
	if p.RenamedFrom != "" {
		add(m, "renamed_from", str(p.RenamedFrom))
	}
	if p.Deprecated != "" {
		add(m, "deprecated", str(p.Deprecated))
	}
	if p.DiffersFromDocs != "" {
		add(m, "differs_from_docs", str(p.DiffersFromDocs))
	}
	if len(p.Notes) > 0 {
		add(m, "notes", strs(p.Notes))
	}
	if len(p.Example) > 0 {
		add(m, "example", jsonBlock(p.Example))
	}
	if len(p.ExampleUndeclared) > 0 {
		add(m, "example_undeclared", flowStrs(p.ExampleUndeclared))
	}
	return m
}
