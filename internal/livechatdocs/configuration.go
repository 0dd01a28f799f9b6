package livechatdocs

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// baseURLRE splits a Method URL into the base URL of the API and the action.
var baseURLRE = regexp.MustCompile("`(https://[^`]+?)/action/([a-z0-9_]+)`")

// webReference reads the reference of a Web-only API (the Configuration API): the base URL
// of its Method URLs, one action per method section (a heading with a Specifics table whose
// Method URL names the action), and the errors of the page.
func (im *importer) webReference() error {
	p, err := im.docs.page(im.pages.Reference)
	if err != nil {
		return err
	}
	im.ref = p
	s := im.s
	title := strings.ToUpper(s.API[:1]) + s.API[1:]
	s.Doc = fmt.Sprintf("%s API v%s (Web API only), imported from the LiveChat docs by gen import (a draft to review).", title, s.Version)
	s.Sources = []string{im.pages.Reference}
	seen := map[string]Loc{}
	bySlug := map[string]*spec.Action{} // the method sections by anchor, for the batch tables
	for _, sec := range p.sections(3) {
		spc, ok := sec.subNamed(4, "Specifics")
		if !ok {
			continue
		}
		tb, ok := spc.first(tableBlock)
		if !ok {
			return errorf(p.loc(spc.heading.line), "method %q: Specifics has no table", sec.heading.text)
		}
		if r, ok := specificsRow(tb.table, "Method URL"); ok && s.Web == nil {
			if m := baseURLRE.FindStringSubmatch(strings.Join(r.cells, " ")); m != nil {
				s.Web = &spec.Web{URL: m[1], AuthorID: "none", Payload: "plain"}
				im.origin(p.loc(r.line), "web", "url")
			}
		}
		a, err := im.action(p, sec, tb.table, nil)
		if err != nil {
			return err
		}
		if first, dup := seen[a.Name]; dup {
			im.note("%s: action `%s` is documented a second time (first at %s); the second section is left out.", p.loc(sec.heading.line), a.Name, first)
			continue
		}
		im.possibleActions(p, sec, a)
		seen[a.Name] = p.loc(sec.heading.line)
		bySlug[slug(sec.heading.text)] = a
		s.Actions = append(s.Actions, a)
	}
	if len(s.Actions) == 0 {
		return errorf(p.loc(1), "no methods found (no heading with a Specifics table whose Method URL names an action)")
	}
	if s.Web == nil {
		return errorf(p.loc(1), "no Method URL of the form https://.../action/<name>: cannot tell the API's base URL")
	}
	im.batches(p, bySlug)
	return im.errors()
}

// batchRowRE reads a row of the "Methods with batch support" tables: the linked method and
// its batch URL.
var batchRowRE = regexp.MustCompile("\\]\\(#([a-z0-9-]+)\\).*?/action/(batch_[a-z0-9_]+)`")

// batches adds the batch methods of the "Methods with batch support" tables: one action per
// row, batching the action of the linked section.
func (im *importer) batches(p *page, byTitle map[string]*spec.Action) {
	for _, b := range p.blocks {
		if b.kind != tableBlock || !strings.Contains(strings.ToLower(plain(strings.Join(b.table.header, " "))), "batch method url") {
			continue
		}
		for _, r := range b.table.rows {
			m := batchRowRE.FindStringSubmatch(strings.Join(r.cells, " "))
			if m == nil {
				continue
			}
			of := byTitle[m[1]]
			if of == nil {
				im.note("%s: the batch method `%s` links #%s, which names no method section; it is left out.", p.loc(r.line), m[2], m[1])
				continue
			}
			im.s.Actions = append(im.s.Actions, &spec.Action{
				Name:       m[2],
				Doc:        fmt.Sprintf("Runs %s for each request of a batch, in one call; each result is the response of one request or its error, in the order of the requests.", of.Name),
				Transports: []string{"web"},
				Scopes:     of.Scopes,
				BatchOf:    of.Name,
			})
			im.origin(p.loc(r.line), "action", m[2])
		}
	}
}

// possibleActions reads a "Possible action" table of a method section (register_webhook's
// Triggering actions) into the enum of the method's `action` param.
func (im *importer) possibleActions(p *page, sec section, a *spec.Action) {
	var param *spec.Field
	for _, f := range a.Params {
		if f.Name == "action" && f.Type != nil && f.Type.Kind == spec.String && len(f.Enum) == 0 {
			param = f
		}
	}
	if param == nil {
		return
	}
	for _, b := range sec.blocks {
		if b.kind != tableBlock || len(b.table.header) == 0 || !strings.HasPrefix(strings.ToLower(plain(b.table.header[0])), "possible action") {
			continue
		}
		for _, r := range b.table.rows {
			if names := codeNames(cell(r, 0)); len(names) > 0 {
				param.Enum = append(param.Enum, spec.EnumValue{Value: names[0]})
			}
		}
		im.origin(p.loc(b.line), "action", a.Name, "param", "action", "enum")
		return
	}
}
