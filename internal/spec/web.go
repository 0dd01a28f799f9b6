package spec

import (
	"net/url"
	"strings"

	"gopkg.in/yaml.v3"
)

// Web describes a version's Web API endpoint (the web: section).
type Web struct {
	Pos Pos
	// URL is the base URL; a call goes to <URL>/action/<action>.
	URL      string
	Regions  []*Region // data centers with their own base URL, chosen by the token's prefix
	Query    []*Field  // query parameters of every request (Customer API: license_id, organization_id)
	AuthorID string    // how a bot's author ID is sent: "header" (X-Author-Id), "body" (beside the wrapped payload) or "none"
	Payload  string    // "plain" (the payload is the body) or "wrapped" ({"payload": ...}, Agent API v3.0)
	Notes    []string
}

// ActionHTTP says how an action goes over the Web API.
type ActionHTTP struct {
	Pos       Pos
	Method    string // "POST" (default) or "GET": then the params go in the query string
	Multipart bool   // multipart/form-data: the param of type file is the file, the others are form fields
	NoAuth    bool   // the documents say the action needs no Authorization header
}

// WebEndpoint returns the Web API endpoint: the web: section, or, when there is none, one
// derived from the websocket connection (wss://host/vX.Y/api/rtm/ws -> https://host/vX.Y/api,
// with the connection's query parameters).
func (s *Spec) WebEndpoint() *Web {
	if s.Web != nil {
		return s.Web
	}
	w := &Web{Pos: s.Connection.Pos, Query: s.Connection.Query, AuthorID: "none", Payload: "plain"}
	u, err := url.Parse(s.Connection.URL)
	if err == nil {
		u.Scheme = map[string]string{"ws": "http"}[u.Scheme]
		if u.Scheme == "" {
			u.Scheme = "https"
		}
		u.Path = strings.TrimSuffix(strings.TrimSuffix(u.Path, "/ws"), "/rtm")
		u.RawQuery = ""
		w.URL = u.String()
	}
	return w
}

func (d *decoder) web(n *yaml.Node) *Web {
	const cx = "web"
	w := &Web{Pos: posOf(resolve(n)), AuthorID: "none", Payload: "plain"}
	d.mapping(n, cx, keyHandlers{
		"url": func(v *yaml.Node) { w.URL = d.str(v, cx, "url") },
		"regions": func(v *yaml.Node) {
			for _, it := range d.seq(v, cx, "regions") {
				w.Regions = append(w.Regions, d.region(it))
			}
		},
		"query":     func(v *yaml.Node) { w.Query = d.fields(v, cx, "query param") },
		"author_id": func(v *yaml.Node) { w.AuthorID = d.str(v, cx, "author_id") },
		"payload":   func(v *yaml.Node) { w.Payload = d.str(v, cx, "payload") },
		"notes":     func(v *yaml.Node) { w.Notes = d.strList(v, cx, "notes") },
	}, "url")
	return w
}

func (d *decoder) actionHTTP(n *yaml.Node, parent string, h *ActionHTTP) {
	cx := parent + ": http"
	h.Pos = posOf(resolve(n))
	d.mapping(n, cx, keyHandlers{
		"method":    func(v *yaml.Node) { h.Method = d.str(v, cx, "method") },
		"multipart": func(v *yaml.Node) { h.Multipart = d.boolean(v, cx, "multipart") },
		"auth": func(v *yaml.Node) {
			switch a := d.str(v, cx, "auth"); a {
			case "none":
				h.NoAuth = true
			case "required":
			default:
				d.errorf(posOf(resolve(v)), cx, "auth: want required or none, got %q", a)
			}
		},
	})
}

// validateWeb checks the web: section and the http: entries of the actions.
func (d *decoder) validateWeb(s *Spec) {
	if w := s.Web; w != nil {
		const cx = "web"
		if u, err := url.Parse(w.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" {
			d.errorf(w.Pos, cx, "url: want an http(s) URL without query, got %q", w.URL)
		}
		names := map[string]bool{}
		defaults := 0
		for _, r := range w.Regions {
			rcx := ctx(cx, "region", r.Name)
			if names[r.Name] {
				d.errorf(r.Pos, rcx, "duplicate region")
			}
			names[r.Name] = true
			if u, err := url.Parse(r.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
				d.errorf(r.Pos, rcx, "url: want an http(s) URL, got %q", r.URL)
			}
			if r.Default {
				defaults++
			}
		}
		if defaults > 1 {
			d.errorf(w.Pos, cx, "regions: %d regions marked default, want at most one", defaults)
		}
		d.validateFields(w.Query, cx, "query param")
		for _, q := range w.Query {
			if q.Type != nil && !isScalar(q.Type) {
				d.errorf(q.Pos, ctx(cx, "query param", q.Name), "a query parameter must be a scalar, got %s", q.Type)
			}
		}
		switch w.AuthorID {
		case "header", "body", "none":
		default:
			d.errorf(w.Pos, cx, "author_id: want header, body or none, got %q", w.AuthorID)
		}
		switch w.Payload {
		case "plain", "wrapped":
		default:
			d.errorf(w.Pos, cx, "payload: want plain or wrapped, got %q", w.Payload)
		}
	}
	for _, a := range s.Actions {
		cx := ctx("", "action", a.Name)
		h := a.HTTP
		if h != (ActionHTTP{Pos: h.Pos}) && !a.Web() {
			d.errorf(h.Pos, cx, "http: only Web API actions (transports: [..., web]) take http")
		}
		switch h.Method {
		case "", "POST":
		case "GET":
			if h.Multipart {
				d.errorf(h.Pos, cx, "http: a multipart action is a POST")
			}
			for _, p := range a.Params {
				if p.Type != nil && !d.scalarOrEnum(s, p.Type) {
					d.errorf(p.Pos, ctx(cx, "param", p.Name), "a GET action's params go in the query string and must be scalars, got %s", p.Type)
				}
			}
		default:
			d.errorf(h.Pos, cx, "http: method: want POST or GET, got %q", h.Method)
		}
		files := 0
		for _, p := range a.Params {
			if p.Type != nil && p.Type.Innermost().Kind == File {
				files++
				if !h.Multipart || p.Type.Kind != File {
					d.errorf(p.Pos, ctx(cx, "param", p.Name), "type file is only for a top-level param of a multipart action (http: {multipart: true})")
				}
			} else if h.Multipart && p.Type != nil && !isScalar(p.Type) {
				d.errorf(p.Pos, ctx(cx, "param", p.Name), "a multipart action's other params are form fields and must be scalars, got %s", p.Type)
			}
		}
		if h.Multipart && files != 1 {
			d.errorf(h.Pos, cx, "http: a multipart action needs exactly one param of type file, it has %d", files)
		}
	}
	d.noFileTypes(s)
}

// noFileTypes reports type file anywhere but in params (validateWeb checks those).
func (d *decoder) noFileTypes(s *Spec) {
	var walk func(fields []*Field, cx string)
	walk = func(fields []*Field, cx string) {
		for _, f := range fields {
			if f.Type != nil && f.Type.Innermost().Kind == File {
				d.errorf(f.Pos, ctx(cx, "field", f.Name), "type file is only for params of multipart actions")
			}
			walk(f.Fields, ctx(cx, "field", f.Name))
		}
	}
	for _, t := range s.Types {
		walk(t.Fields, ctx("", "type", t.Name))
	}
	for _, a := range s.Actions {
		walk(a.Response, ctx("", "action", a.Name))
		for _, p := range a.Params {
			walk(p.Fields, ctx(ctx("", "action", a.Name), "param", p.Name))
		}
	}
	for _, p := range s.Pushes {
		walk(p.Fields, ctx("", "push", p.Name))
	}
}

func isScalar(t *TypeRef) bool {
	switch t.Kind {
	case String, Int, Float, Bool:
		return true
	}
	return false
}

// scalarOrEnum reports whether t is a scalar or a named definition of one.
func (d *decoder) scalarOrEnum(s *Spec, t *TypeRef) bool {
	if isScalar(t) {
		return true
	}
	if t.Kind == Named {
		if nt := s.types[t.Name]; nt != nil && nt.Kind == DefType && nt.Def != nil {
			return isScalar(nt.Def)
		}
	}
	return false
}

// webNode encodes the web: section (see Encode).
func webNode(w *Web) *yaml.Node {
	m := mapping()
	add(m, "url", str(w.URL))
	if len(w.Regions) > 0 {
		l := seq()
		for _, r := range w.Regions {
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
	if len(w.Query) > 0 {
		add(m, "query", fieldsNode(w.Query))
	}
	add(m, "author_id", str(w.AuthorID))
	add(m, "payload", str(w.Payload))
	if len(w.Notes) > 0 {
		add(m, "notes", strs(w.Notes))
	}
	return m
}

// httpNode encodes an action's http: entry, or returns nil when it has the defaults.
func httpNode(h *ActionHTTP) *yaml.Node {
	if h.Method == "" && !h.Multipart && !h.NoAuth {
		return nil
	}
	m := mapping()
	m.Style = yaml.FlowStyle
	if h.Method != "" {
		add(m, "method", str(h.Method))
	}
	if h.Multipart {
		add(m, "multipart", boolean(true))
	}
	if h.NoAuth {
		add(m, "auth", str("none"))
	}
	return m
}
