package livechatdocs

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// This file reads the webhook reference into the spec's webhooks section (gen import) and
// compares a spec's webhooks with it (gen verify):
//
//	src/pages/management/webhooks/[vX.Y/]index.mdx
//
// Webhooks are sent for a license, whatever API the integration speaks; their payloads are
// those of the Agent Chat API's pushes ("Push equivalent in"), so they belong to the agent
// spec of the version the page documents (front matter apiVersion).

// The stats categories of webhooks.
const (
	CatWebhooks      = "webhooks"
	CatWebhookFields = "webhook fields"
)

const webhooksFolder = "src/pages/management/webhooks"

// WebhookPage returns the webhook reference documenting the version, or "" when the docs
// have none (the customer API, or a version without webhooks).
func (d *Docs) WebhookPage(api, version string) string {
	if api != "agent" {
		return ""
	}
	for _, name := range []string{path.Join(webhooksFolder, "v"+version, "index.mdx"), path.Join(webhooksFolder, "index.mdx")} {
		if _, err := fs.Stat(d.fsys, name); err != nil {
			continue
		}
		p, err := d.page(name)
		if err != nil {
			continue
		}
		if v, _ := pageVersion(p); v == version {
			return name
		}
	}
	return ""
}

// webhookSpecifics is what a webhook's Specifics table says.
type webhookSpecifics struct {
	action    string // the Action row
	push      bool   // a "Push equivalent in" row naming the Agent Chat API
	pushName  string // the push it links to
	actionLoc Loc
}

func readWebhookSpecifics(p *page, sec section) webhookSpecifics {
	var sp webhookSpecifics
	sub, ok := sec.subNamed(4, "Specifics")
	if !ok {
		return sp
	}
	tb, ok := sub.first(tableBlock)
	if !ok {
		return sp
	}
	for _, r := range tb.table.rows {
		if len(r.cells) < 2 {
			continue
		}
		label := strings.ToLower(plain(r.cells[0]))
		switch {
		case strings.HasPrefix(label, "action"):
			if n := codeNames(r.cells[1]); len(n) > 0 {
				sp.action, sp.actionLoc = n[0], p.loc(r.line)
			}
		case strings.HasPrefix(label, "push equivalent"):
			if i := strings.Index(r.cells[1], "agent-chat-api/"); i >= 0 {
				sp.push = true
				if j := strings.Index(r.cells[1][i:], "#"); j >= 0 {
					rest := r.cells[1][i+j+1:]
					if k := strings.IndexAny(rest, ")\" "); k >= 0 {
						rest = rest[:k]
					}
					sp.pushName = rest
				}
			}
		}
	}
	return sp
}

// importWebhooks reads the webhook reference of the version, when the docs have one.
func (im *importer) importWebhooks() error {
	name := im.docs.WebhookPage(im.s.API, im.s.Version)
	if name == "" {
		return nil
	}
	p, err := im.docs.page(name)
	if err != nil {
		return err
	}
	im.s.Sources = append(im.s.Sources, name)
	for _, sec := range p.sections(3) {
		names := codeNames(sec.heading.text)
		if len(names) != 1 || !fieldNameRE.MatchString(names[0]) {
			continue
		}
		w := &spec.Webhook{Name: names[0]}
		if slices.ContainsFunc(im.s.Webhooks, func(x *spec.Webhook) bool { return x.Name == w.Name }) {
			im.note("%s: webhook `%s` is documented a second time; the second section is left out.", p.loc(sec.heading.line), w.Name)
			continue
		}
		key := []string{"webhook", w.Name}
		im.origin(p.loc(sec.heading.line), key...)
		var docs []string
		for _, b := range sec.intro() {
			docs = append(docs, plain(b.text))
		}
		w.Doc = strings.Join(docs, " ")
		if w.Doc == "" {
			w.Doc = fmt.Sprintf("The %s webhook.", w.Name)
			w.Notes = append(w.Notes, fmt.Sprintf("%s: the section has no description.", p.loc(sec.heading.line)))
		}
		sp := readWebhookSpecifics(p, sec)
		if sp.action != "" && sp.action != w.Name {
			w.Notes = append(w.Notes, fmt.Sprintf("%s: the Specifics table gives the action as `%s`; the section title says `%s`.", sp.actionLoc, sp.action, w.Name))
		}
		rows := map[string]tableRow{}
		if sub, ok := sec.subNamed(4, "Webhook payload"); ok {
			if tb, ok := sub.first(tableBlock); ok {
				rs, err := im.rows(p, tb.table, false, false, fmt.Sprintf("webhook %q: payload", w.Name))
				if err != nil {
					return err
				}
				for _, r := range rs {
					rows[r.name] = r
				}
			}
		}
		var body *Value
		var bodyLoc Loc
		for _, b := range sec.blocks {
			if b.kind != codeBlock {
				continue
			}
			bodyLoc = p.loc(b.line)
			v, notes, err := im.sample(p, b)
			if err != nil {
				if fixed, line := dropStrayCloser(b.text); line > 0 {
					b2 := b
					b2.text = fixed
					if v2, notes2, err2 := im.sample(p, b2); err2 == nil {
						v, notes, err = v2, append(notes2, fmt.Sprintf("%s: a stray closing bracket on its own line is removed from the sample.", p.loc(b.line+line-1))), nil
					}
				}
			}
			if err != nil {
				// One broken sample must not stop the import: the webhook is kept without it.
				w.Notes = append(w.Notes, fmt.Sprintf("%v; the webhook has no example.", err))
				break
			}
			w.Notes = append(w.Notes, notes...)
			if v.Kind == Object {
				body = v
			}
			break
		}
		payload := body.Get("payload")
		switch {
		case sp.push && im.pushNamed(w.Name) != nil:
			w.Push = w.Name
		case sp.push && sp.pushName != "" && im.pushNamed(sp.pushName) != nil:
			w.Push = sp.pushName
		case payload == nil:
			w.Fields = []*spec.Field{}
			w.Notes = append(w.Notes, fmt.Sprintf("%s: no push equivalent and no sample payload: the payload is unknown.", p.loc(sec.heading.line)))
		case payload.Kind == Array && len(payload.Vals) > 0 && payload.Vals[0].Kind == Object:
			w.PayloadType = mustType("[]object")
			w.Fields = im.sampleFields(payload.Vals[0], rows, bodyLoc, append(slices.Clone(key), "field"))
		case payload.Kind == Object:
			w.Fields = im.sampleFields(payload, rows, bodyLoc, append(slices.Clone(key), "field"))
		}
		if sp.push && w.Push == "" {
			w.Notes = append(w.Notes, fmt.Sprintf("%s: the push equivalent `%s` is not a push of this version.", p.loc(sec.heading.line), cmpOr(sp.pushName, w.Name)))
		}
		if w.Push == "" && len(w.Fields) == 0 && w.PayloadType == nil {
			// The loader wants a payload: an unknown one is an object of unknown fields.
			w.Fields = []*spec.Field{{Name: "payload_unknown", Type: mustType("any"), Doc: "The documents do not describe the payload."}}
		}
		if body != nil {
			w.AdditionalData = im.webhookAdditionalData(body.Get("additional_data"), bodyLoc, append(slices.Clone(key), "additional_data"))
			w.Envelope = im.webhookEnvelope(body, bodyLoc, append(slices.Clone(key), "envelope"))
			if payload != nil {
				ex := strip(body)
				if a := ex.Get("action"); a != nil && a.Kind == String && a.Raw != w.Name {
					w.Notes = append(w.Notes, fmt.Sprintf("%s: the sample's action is `%s`, not `%s`; the example says `%s`.", bodyLoc, a.Raw, w.Name, w.Name))
					c := *a
					c.Raw = w.Name
					for i, k := range ex.Keys {
						if k == "action" {
							ex.Vals[i] = &c
						}
					}
				}
				w.Example = []byte(ex.JSON())
			}
			if n := placeholderNote(body, bodyLoc); n != "" {
				w.Notes = append(w.Notes, n)
			}
		}
		im.s.Webhooks = append(im.s.Webhooks, w)
	}
	return nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// pushNamed returns the push of the draft with that name, or nil.
func (im *importer) pushNamed(name string) *spec.Push {
	for _, p := range im.s.Pushes {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// webhookAdditionalData reads the additional_data members of a sample. The samples show
// them as placeholders marked optional (`"chat_properties": { //optional // chat properties }`):
// chat properties take the Properties structure, lists of IDs are string lists.
func (im *importer) webhookAdditionalData(v *Value, loc Loc, key []string) []*spec.Field {
	if v == nil || v.Kind != Object {
		return nil
	}
	var out []*spec.Field
	for i, k := range v.Keys {
		if !fieldNameRE.MatchString(k) {
			continue
		}
		val := v.Vals[i]
		var f *spec.Field
		switch {
		case strings.HasSuffix(k, "properties") && im.types["Properties"] != nil:
			f = &spec.Field{Name: k, Type: mustType("Properties")}
		case val.Kind == Array && len(val.Vals) == 0 && (strings.HasSuffix(k, "_ids") || placeholderMentions(val, "id")):
			f = &spec.Field{Name: k, Type: mustType("[]string")}
		default:
			fs := im.sampleFields(&Value{Kind: Object, Keys: []string{k}, Vals: []*Value{val}}, nil, loc, key)
			if len(fs) == 0 {
				continue
			}
			f = fs[0]
		}
		f.Required = false
		im.origin(Loc{File: loc.File, Line: loc.Line + val.Line - 1}, append(slices.Clone(key), k)...)
		out = append(out, f)
	}
	return out
}

func placeholderMentions(v *Value, word string) bool {
	for _, ph := range v.Placeholders {
		if strings.Contains(strings.ToLower(ph), word) {
			return true
		}
	}
	return false
}

// webhookEnvelope reads the members of a sample body beside the six every webhook has.
func (im *importer) webhookEnvelope(body *Value, loc Loc, key []string) []*spec.Field {
	rest := &Value{Kind: Object}
	for i, k := range body.Keys {
		if !slices.Contains(spec.WebhookEnvelope, k) {
			rest.Keys = append(rest.Keys, k)
			rest.Vals = append(rest.Vals, body.Vals[i])
		}
	}
	return im.sampleFields(rest, nil, loc, key)
}

// compareWebhooks compares the spec's webhooks with the webhook reference's.
func (v *verifier) compareWebhooks() {
	if len(v.s.Webhooks) == 0 && len(v.docs.Webhooks) == 0 {
		return
	}
	st := &v.rep.Stats
	page := webhooksFolder
	for _, w := range v.s.Webhooks {
		item := quote("webhook", w.Name)
		ack := cmpOr(v.acks[item], w.Deprecated)
		d := v.docs.Webhook(w.Name)
		if d == nil {
			st.count(CatWebhooks, false)
			v.add(w.Pos, Loc{File: page}, item, ack, "not in the webhook reference of v%s", v.s.Version)
			continue
		}
		loc := v.origin("webhook", w.Name)
		agree := true
		switch {
		case w.Push != d.Push && d.Push == "":
			agree = false
			v.add(w.Pos, loc, item, ack, "reuses the payload of push %q, but %s gives no push equivalent", w.Push, loc)
		case w.Push != d.Push && w.Push == "":
			agree = false
			v.add(w.Pos, loc, item, ack, "describes its own payload, but %s gives the push equivalent %q", loc, d.Push)
		case w.Push != d.Push:
			agree = false
			v.add(w.Pos, loc, item, ack, "reuses the payload of push %q, but %s gives the push equivalent %q", w.Push, loc, d.Push)
		case w.Push == "":
			v.fields(CatWebhookFields, item, "field", w.Pos, w.Fields, d.Fields, []string{"webhook", w.Name, "field"}, "sample payload")
		}
		st.count(CatWebhooks, agree)
		v.fields(CatWebhookFields, item, "additional_data field", w.Pos, w.AdditionalData, d.AdditionalData, []string{"webhook", w.Name, "additional_data"}, "sample additional_data")
		v.fields(CatWebhookFields, item, "envelope field", w.Pos, w.Envelope, d.Envelope, []string{"webhook", w.Name, "envelope"}, "sample body")
	}
	for _, d := range v.docs.Webhooks {
		if v.s.Webhook(d.Name) == nil {
			st.count(CatWebhooks, false)
			loc := v.origin("webhook", d.Name)
			pos := spec.Pos{}
			if len(v.s.Webhooks) > 0 {
				pos = v.s.Webhooks[0].Pos
			}
			v.add(pos, loc, quote("webhook", d.Name), "", "documented at %s, not in the spec", loc)
		}
	}
}

// dropStrayCloser removes the first line holding only a closing bracket that closes nothing
// open (`]` after an object was closed), as some webhook samples have; it returns the text
// and that line (1-based), or 0 when there is none.
func dropStrayCloser(text string) (string, int) {
	lines := strings.Split(text, "\n")
	var stack []byte
	for i, l := range lines {
		t := strings.TrimSuffix(strings.TrimSpace(l), ",")
		if (t == "]" || t == "}") && (len(stack) == 0 || stack[len(stack)-1] != map[string]byte{"]": '[', "}": '{'}[t]) {
			return strings.Join(append(slices.Clone(lines[:i]), lines[i+1:]...), "\n"), i + 1
		}
		inString := false
		for j := 0; j < len(l); j++ {
			c := l[j]
			switch {
			case inString && c == '\\':
				j++
			case c == '"':
				inString = !inString
			case inString:
			case c == '/' && j+1 < len(l) && l[j+1] == '/':
				j = len(l)
			case c == '{' || c == '[':
				stack = append(stack, c)
			case (c == '}' || c == ']') && len(stack) > 0:
				stack = stack[:len(stack)-1]
			}
		}
	}
	return text, 0
}
