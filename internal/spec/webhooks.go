package spec

import (
	"encoding/json"
	"slices"

	"gopkg.in/yaml.v3"
)

// webhook decodes one item of the webhooks section.
func (d *decoder) webhook(n *yaml.Node) *Webhook {
	w := &Webhook{Pos: posOf(resolve(n)), Name: d.name(n, "name")}
	cx := ctx("", "webhook", w.Name)
	pos := map[string]Pos{}
	if d.webhookPos == nil {
		d.webhookPos = map[*Webhook]map[string]Pos{}
	}
	d.webhookPos[w] = pos
	var payloadTypeNode *yaml.Node
	at := func(key string, v *yaml.Node) { pos[key] = posOf(resolve(v)) }
	d.mapping(n, cx, keyHandlers{
		"name": func(v *yaml.Node) { w.Name = d.str(v, cx, "name") },
		"doc":  func(v *yaml.Node) { w.Doc = d.str(v, cx, "doc") },
		"push": func(v *yaml.Node) {
			at("push", v)
			w.Push = d.str(v, cx, "push")
		},
		"fields": func(v *yaml.Node) {
			at("fields", v)
			w.Fields = d.fields(v, cx, "field")
		},
		"payload_type": func(v *yaml.Node) {
			at("payload_type", v)
			payloadTypeNode = resolve(v)
			w.PayloadType = d.typeRef(v, cx+": payload_type")
		},
		"additional_data": func(v *yaml.Node) { w.AdditionalData = d.fields(v, cx, "additional_data field") },
		"envelope":        func(v *yaml.Node) { w.Envelope = d.fields(v, cx, "envelope field") },
		"renamed_from":    func(v *yaml.Node) { w.RenamedFrom = d.str(v, cx, "renamed_from") },
		"deprecated":      func(v *yaml.Node) { w.Deprecated = d.str(v, cx, "deprecated") },
		"notes":           func(v *yaml.Node) { w.Notes = d.strList(v, cx, "notes") },
		"example": func(v *yaml.Node) {
			at("example", v)
			w.Example = d.jsonObject(v, cx, "example")
		},
		"example_undeclared": func(v *yaml.Node) {
			at("example_undeclared", v)
			w.ExampleUndeclared = d.strList(v, cx, "example_undeclared")
		},
		"example_absent": func(v *yaml.Node) {
			at("example_absent", v)
			w.ExampleAbsent = d.strList(v, cx, "example_absent")
		},
	}, "name", "doc")
	d.payloadType(w.PayloadType, w.Fields, payloadTypeNode, cx, "payload_type", "fields")
	return w
}

// validateWebhooks checks the webhooks section once the pushes are known: names unique, the
// payload described exactly once (a push, or fields), and the sample a webhook of that name.
func (d *decoder) validateWebhooks(s *Spec) {
	s.webhooks = make(map[string]*Webhook, len(s.Webhooks))
	for _, w := range s.Webhooks {
		cx := ctx("", "webhook", w.Name)
		pos := d.webhookPos[w]
		keyPos := func(key string) Pos {
			if p, ok := pos[key]; ok {
				return p
			}
			return w.Pos
		}
		if !d.validName(w.Pos, cx, w.Name, actionRE) {
			continue
		}
		if v := s.webhooks[w.Name]; v != nil {
			d.errorf(w.Pos, cx, "duplicate webhook (first at line %d)", v.Pos.Line)
			continue
		}
		s.webhooks[w.Name] = w
		d.requireDoc(w.Pos, cx, w.Doc)
		d.validateRename(w.Pos, cx, w.Name, w.RenamedFrom)
		d.validateFields(w.Fields, cx, "field")
		d.validateFields(w.AdditionalData, cx, "additional_data field")
		d.validateFields(w.Envelope, cx, "envelope field")
		for _, f := range w.Envelope {
			if slices.Contains(WebhookEnvelope, f.Name) {
				d.errorf(f.Pos, ctx(cx, "envelope field", f.Name), "every webhook has %q: list only the other members of the body", f.Name)
			}
		}
		switch {
		case w.Push != "" && (len(w.Fields) > 0 || w.PayloadType != nil):
			d.errorf(keyPos("push"), cx, "push and fields/payload_type given: the payload is either a push's or described here")
		case w.Push != "":
			if p := s.pushes[w.Push]; p == nil {
				d.errorf(keyPos("push"), cx, "push: push %q is not defined", w.Push)
			}
		case len(w.Fields) == 0 && w.PayloadType == nil:
			d.errorf(w.Pos, cx, "needs push (the push whose payload it carries) or fields (its payload)")
		}
		d.validateWebhookExample(w, cx, keyPos)
	}
}

// validateWebhookExample checks that a sample is a webhook body of the right action and that
// its path lists are well-formed.
func (d *decoder) validateWebhookExample(w *Webhook, cx string, keyPos func(string) Pos) {
	for _, list := range [][]string{w.ExampleUndeclared, w.ExampleAbsent} {
		for _, p := range list {
			if p == "" {
				d.errorf(keyPos("example_undeclared"), cx, "example path: empty")
			}
		}
	}
	for _, p := range w.ExampleAbsent {
		if !validAbsentPath(p) {
			d.errorf(keyPos("example_absent"), cx, "example_absent: %q: want a dotted path of object members under payload, such as payload.requester_id", p)
		}
	}
	if len(w.Example) == 0 {
		if len(w.ExampleUndeclared) > 0 || len(w.ExampleAbsent) > 0 {
			d.errorf(w.Pos, cx, "example paths given without an example")
		}
		return
	}
	var body map[string]json.RawMessage
	if json.Unmarshal(w.Example, &body) != nil {
		return // the decoder reported it
	}
	var action string
	if raw, ok := body["action"]; !ok || json.Unmarshal(raw, &action) != nil || action != w.Name {
		d.errorf(keyPos("example"), cx, "example: want a webhook body whose action is %q, got %s", w.Name, clip(body["action"]))
	}
	if _, ok := body["payload"]; !ok {
		d.errorf(keyPos("example"), cx, "example: the body has no payload")
	}
}

func validAbsentPath(p string) bool {
	const prefix = "payload."
	if len(p) <= len(prefix) || p[:len(prefix)] != prefix {
		return false
	}
	for _, part := range splitDots(p[len(prefix):]) {
		if !wireNameRE.MatchString(part) {
			return false
		}
	}
	return true
}

func splitDots(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '.' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}

func clip(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "none"
	}
	if len(raw) > 40 {
		return string(raw[:40]) + "..."
	}
	return string(raw)
}

// webhooksNode encodes the webhooks section (see Encode).
func webhooksNode(list []*Webhook) *yaml.Node {
	out := seq()
	for _, w := range list {
		m := mapping()
		add(m, "name", str(w.Name))
		add(m, "doc", str(w.Doc))
		if w.RenamedFrom != "" {
			add(m, "renamed_from", str(w.RenamedFrom))
		}
		if w.Deprecated != "" {
			add(m, "deprecated", str(w.Deprecated))
		}
		if w.Push != "" {
			add(m, "push", str(w.Push))
		}
		if w.PayloadType != nil {
			add(m, "payload_type", str(w.PayloadType.String()))
		}
		if len(w.Fields) > 0 {
			add(m, "fields", fieldsNode(w.Fields))
		}
		if len(w.AdditionalData) > 0 {
			add(m, "additional_data", fieldsNode(w.AdditionalData))
		}
		if len(w.Envelope) > 0 {
			add(m, "envelope", fieldsNode(w.Envelope))
		}
		if len(w.Notes) > 0 {
			add(m, "notes", strs(w.Notes))
		}
		if len(w.Example) > 0 {
			add(m, "example", jsonBlock(w.Example))
		}
		if len(w.ExampleUndeclared) > 0 {
			add(m, "example_undeclared", flowStrs(w.ExampleUndeclared))
		}
		if len(w.ExampleAbsent) > 0 {
			add(m, "example_absent", flowStrs(w.ExampleAbsent))
		}
		out.Content = append(out.Content, m)
	}
	return out
}
