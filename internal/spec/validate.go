package spec

import (
	"fmt"
	"regexp"
	"strings"
)

var (
	versionRE  = regexp.MustCompile(`^[0-9]+\.[0-9]+$`)
	wireNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	actionRE   = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
)

// validate checks what decoding alone cannot: references, uniqueness, unions, cycles.
func (d *decoder) validate(s *Spec) {
	switch s.API {
	case "agent", "customer":
	case APIConfiguration:
		d.validateWebOnly(s)
	default:
		d.errorf(d.top["api"], "", "api: want agent, customer or configuration, got %q", s.API)
	}
	if !versionRE.MatchString(s.Version) {
		d.errorf(d.top["version"], "", "version: want a version such as \"3.6\", got %q", s.Version)
	}
	switch s.Status {
	case "", StatusStable, StatusPreview, StatusDeprecated:
	default:
		d.errorf(d.top["status"], "", "status: want stable, preview or deprecated, got %q", s.Status)
	}
	d.requireDoc(d.top["doc"], "", s.Doc)
	if !s.WebOnly() {
		d.validateConnection(&s.Connection)
	}

	s.types = make(map[string]*Type, len(s.Types))
	for _, t := range s.Types {
		cx := ctx("", "type", t.Name)
		switch {
		case t.Name == "":
			d.errorf(t.Pos, cx, "empty name")
		case !isTypeName(t.Name):
			d.errorf(t.Pos, cx, "type names are PascalCase letters and digits")
		case s.types[t.Name] != nil:
			d.errorf(t.Pos, cx, "duplicate type (first at line %d)", s.types[t.Name].Pos.Line)
			continue
		}
		s.types[t.Name] = t
		d.requireDoc(t.Pos, cx, t.Doc)
		d.validateFields(t.Fields, cx, "field")
		d.validateRename(t.Pos, cx, t.Name, t.RenamedFrom)
	}
	for _, u := range d.typeUses {
		name := u.ref.Innermost().Name
		if s.types[name] == nil {
			d.errorf(u.pos, u.context, "unknown type %q", name)
		}
	}
	for _, t := range s.Types {
		if t.Kind == UnionType && t.Union != nil {
			d.validateUnion(s, t)
		}
	}
	d.checkCycles(s)

	s.pushes = make(map[string]*Push, len(s.Pushes))
	for _, p := range s.Pushes {
		cx := ctx("", "push", p.Name)
		if !d.validName(p.Pos, cx, p.Name, actionRE) {
			continue
		}
		if q := s.pushes[p.Name]; q != nil {
			d.errorf(p.Pos, cx, "duplicate push (first at line %d)", q.Pos.Line)
			continue
		}
		s.pushes[p.Name] = p
		d.requireDoc(p.Pos, cx, p.Doc)
		d.validateFields(p.Fields, cx, "field")
		d.validateRename(p.Pos, cx, p.Name, p.RenamedFrom)
		if p.Undocumented {
			if len(p.Fields) > 0 {
				d.errorf(p.Pos, cx, "undocumented push has fields")
			}
			if len(p.Notes) == 0 {
				d.errorf(p.Pos, cx, "undocumented push needs a note saying where it is mentioned")
			}
		}
	}

	s.actions = make(map[string]*Action, len(s.Actions))
	for _, a := range s.Actions {
		cx := ctx("", "action", a.Name)
		if !d.validName(a.Pos, cx, a.Name, actionRE) {
			continue
		}
		if b := s.actions[a.Name]; b != nil {
			d.errorf(a.Pos, cx, "duplicate action (first at line %d)", b.Pos.Line)
			continue
		}
		s.actions[a.Name] = a
		d.requireDoc(a.Pos, cx, a.Doc)
		d.validateRename(a.Pos, cx, a.Name, a.RenamedFrom)
		d.validateFields(a.Params, cx, "param")
		d.validateFields(a.Response, cx, "response field")
		if len(a.Transports) == 0 {
			d.errorf(a.Pos, cx, "transports: empty list")
		}
		seen := map[string]bool{}
		for _, tr := range a.Transports {
			if tr != "rtm" && tr != "web" {
				d.errorf(a.Pos, cx, "transports: unknown transport %q (want rtm or web)", tr)
			}
			if seen[tr] {
				d.errorf(a.Pos, cx, "transports: duplicate %q", tr)
			}
			seen[tr] = true
		}
		seen = map[string]bool{}
		positions := d.pushPositions(a)
		for i, p := range a.Pushes {
			pos := a.Pos
			if i < len(positions) {
				pos = positions[i]
			}
			if s.pushes[p] == nil {
				d.errorf(pos, cx, "pushes: push %q is not defined (define it, with undocumented: true and a note if the docs never describe it)", p)
			}
			if seen[p] {
				d.errorf(pos, cx, "pushes: duplicate %q", p)
			}
			seen[p] = true
		}
	}

	d.validateWebhooks(s)

	seen := map[string]*ErrorType{}
	for _, e := range s.Errors {
		cx := ctx("", "error", e.Type)
		if !d.validName(e.Pos, cx, e.Type, actionRE) {
			continue
		}
		if f := seen[e.Type]; f != nil {
			d.errorf(e.Pos, cx, "duplicate error type (first at line %d)", f.Pos.Line)
		}
		seen[e.Type] = e
	}
	d.validateDisconnect(s)
	d.validateWeb(s)
	d.validateBatches(s)
}

func (d *decoder) validateConnection(c *Connection) {
	const cx = "connection"
	checkURL := func(pos Pos, context, u string) {
		if !strings.HasPrefix(u, "wss://") && !strings.HasPrefix(u, "ws://") {
			d.errorf(pos, context, "url: want a ws:// or wss:// URL, got %q", u)
		}
	}
	checkURL(c.Pos, cx, c.URL)
	names := map[string]bool{}
	defaults := 0
	for _, r := range c.Regions {
		rcx := ctx(cx, "region", r.Name)
		if !d.validName(r.Pos, rcx, r.Name, actionRE) {
			continue
		}
		if names[r.Name] {
			d.errorf(r.Pos, rcx, "duplicate region")
		}
		names[r.Name] = true
		checkURL(r.Pos, rcx, r.URL)
		if r.Default {
			defaults++
		}
	}
	if defaults > 1 {
		d.errorf(c.Pos, cx, "regions: %d regions marked default, want at most one", defaults)
	}
	d.validateFields(c.Query, cx, "query param")
	for _, q := range c.Query {
		if q.Type != nil && q.Type.Kind != String && q.Type.Kind != Int && q.Type.Kind != Bool && q.Type.Kind != Float {
			d.errorf(q.Pos, ctx(cx, "query param", q.Name), "a query parameter must be a scalar, got %s", q.Type)
		}
	}
	if c.MaxPendingRequests < 0 {
		d.errorf(c.Pos, cx, "max_pending_requests: negative")
	}
}

// validateFields checks a field list and, recursively, the fields of its inline objects.
func (d *decoder) validateFields(fields []*Field, parent, kind string) {
	seen := map[string]*Field{}
	for _, f := range fields {
		cx := ctx(parent, kind, f.Name)
		if !d.validName(f.Pos, cx, f.Name, wireNameRE) {
			continue
		}
		if g := seen[f.Name]; g != nil {
			d.errorf(f.Pos, cx, "duplicate %s (first at line %d)", kind, g.Pos.Line)
			continue
		}
		seen[f.Name] = f
		d.validateRename(f.Pos, cx, f.Name, f.RenamedFrom)
		d.validateFields(f.Fields, cx, "field")
	}
}

func (d *decoder) validName(pos Pos, context, name string, re *regexp.Regexp) bool {
	if name == "" {
		d.errorf(pos, context, "empty name")
		return false
	}
	if !re.MatchString(name) {
		d.errorf(pos, context, "malformed name (want %s)", re)
		return false
	}
	return true
}

func (d *decoder) requireDoc(pos Pos, context, doc string) {
	if strings.TrimSpace(doc) == "" {
		d.errorf(pos, context, "doc: empty")
	}
}

func (d *decoder) validateRename(pos Pos, context, name, from string) {
	if from == name && from != "" {
		d.errorf(pos, context, "renamed_from: names itself")
	}
}

func (d *decoder) validateUnion(s *Spec, t *Type) {
	cx := ctx("", "type", t.Name)
	u := t.Union
	if u.Discriminator == "" {
		d.errorf(t.Pos, cx, "union: empty discriminator")
	}
	if len(u.Variants) == 0 {
		d.errorf(t.Pos, cx, "union: no variants")
	}
	values := map[string]bool{}
	for _, v := range u.Variants {
		vcx := cx + fmt.Sprintf(": variant %q", v.Value)
		if v.Value == "" {
			d.errorf(v.Pos, vcx, "empty value")
		}
		if values[v.Value] {
			d.errorf(v.Pos, vcx, "duplicate value")
		}
		values[v.Value] = true
		vt := s.types[v.Type]
		switch {
		case vt == nil:
			d.errorf(v.Pos, vcx, "unknown type %q", v.Type)
		case vt.Kind != StructType:
			d.errorf(v.Pos, vcx, "type %q is not a struct (fields)", v.Type)
		default:
			var disc *Field
			for _, f := range vt.Fields {
				if f.Name == u.Discriminator {
					disc = f
				}
			}
			if disc == nil || disc.Type == nil || disc.Type.Kind != String {
				d.errorf(v.Pos, vcx, "type %q has no string field %q (the discriminator)", v.Type, u.Discriminator)
			}
		}
	}
}

// checkCycles rejects types that contain themselves by value (a required named field, or a
// definition, leading back to the type): they could not be represented.
func (d *decoder) checkCycles(s *Spec) {
	const (
		unvisited = iota
		visiting
		done
	)
	state := map[string]int{}
	var visit func(t *Type, path []string) bool
	visit = func(t *Type, path []string) bool {
		switch state[t.Name] {
		case visiting:
			d.errorf(t.Pos, ctx("", "type", t.Name), "contains itself by value: %s", strings.Join(append(path, t.Name), " -> "))
			return true
		case done:
			return false
		}
		state[t.Name] = visiting
		defer func() { state[t.Name] = done }()
		var next []string
		switch t.Kind {
		case DefType:
			if t.Def != nil && t.Def.Kind == Named {
				next = append(next, t.Def.Name)
			}
		case StructType:
			for _, f := range t.Fields {
				if f.Required && f.Type != nil && f.Type.Kind == Named {
					next = append(next, f.Type.Name)
				}
			}
		}
		for _, n := range next {
			if u := s.types[n]; u != nil && visit(u, append(path, t.Name)) {
				return true
			}
		}
		return false
	}
	for _, t := range s.Types {
		if s.types[t.Name] == t {
			visit(t, nil)
		}
	}
}

// pushPositions returns the positions of the push names a lists.
func (d *decoder) pushPositions(a *Action) []Pos {
	var out []Pos
	for _, r := range d.pushRefs {
		if r.action == a {
			out = append(out, r.pos)
		}
	}
	return out
}

// validateWebOnly checks a spec of a Web-only API (the Configuration API): a web: section, no
// connection, no pushes, every action Web-only.
func (d *decoder) validateWebOnly(s *Spec) {
	if s.Connection.Pos.Line > 0 {
		d.errorf(s.Connection.Pos, "connection", "the %s API has no RTM endpoint: remove connection (the endpoint is web:)", s.API)
	}
	if s.Web == nil {
		d.errorf(d.top["api"], "", "the %s API is Web-only: web: (its endpoint) is required", s.API)
	}
	for _, p := range s.Pushes {
		d.errorf(p.Pos, ctx("", "push", p.Name), "the %s API has no pushes (it has no RTM endpoint)", s.API)
	}
	for _, a := range s.Actions {
		if a.RTM() || !a.Web() {
			d.errorf(a.Pos, ctx("", "action", a.Name), "transports %v: the %s API is Web-only, want [web]", a.Transports, s.API)
		}
	}
}

// validateBatches checks the batch actions: each batches a Web action of the spec that is not
// a batch itself, and has no params or response of its own (they are the batched action's).
func (d *decoder) validateBatches(s *Spec) {
	byName := map[string]*Action{}
	for _, a := range s.Actions {
		byName[a.Name] = a
	}
	for _, a := range s.Actions {
		if a.BatchOf == "" {
			continue
		}
		cx := ctx("", "action", a.Name)
		of := byName[a.BatchOf]
		switch {
		case of == nil:
			d.errorf(a.Pos, cx, "batch_of: no action %q in this spec", a.BatchOf)
		case of.BatchOf != "":
			d.errorf(a.Pos, cx, "batch_of: %q is a batch action itself", a.BatchOf)
		case !of.Web() || !a.Web() || a.RTM():
			d.errorf(a.Pos, cx, "batch_of: batch actions are Web-only and batch a Web action")
		case len(of.Params) == 0:
			d.errorf(a.Pos, cx, "batch_of: %q has no params to batch", a.BatchOf)
		}
		if len(a.Params) > 0 || len(a.Response) > 0 || a.ResponseType != nil {
			d.errorf(a.Pos, cx, "a batch action has no params or response of its own (they are those of %q)", a.BatchOf)
		}
	}
}

// validateDisconnect checks that connection.disconnect names a defined push and, when the
// push's reason field has an enum, only its values, each once.
func (d *decoder) validateDisconnect(s *Spec) {
	dc := s.Connection.Disconnect
	if dc == nil {
		return
	}
	const cx = "connection: disconnect"
	p := s.pushes[dc.Push]
	if p == nil {
		d.errorf(dc.Pos, cx, "push %q is not defined", dc.Push)
		return
	}
	var reasons map[string]bool
	for _, f := range p.Fields {
		if f.Name == "reason" && len(f.Enum) > 0 {
			reasons = map[string]bool{}
			for _, e := range f.Enum {
				reasons[e.Value] = true
			}
		}
	}
	seen := map[string]bool{}
	for _, r := range append(append([]string(nil), dc.Stop...), dc.WrongRegion...) {
		if seen[r] {
			d.errorf(dc.Pos, cx, "reason %q listed twice", r)
		}
		seen[r] = true
		if reasons != nil && !reasons[r] {
			d.errorf(dc.Pos, cx, "reason %q is not a value of push %s's reason", r, dc.Push)
		}
	}
}
