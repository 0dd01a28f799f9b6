package specdiff

import (
	"github.com/rtmkit/livechat-rtm/internal/codegen"
	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// webhookAPI is the Go view of one webhook.
type webhookAPI struct {
	Handler string // "WebhookReceiver.OnIncomingEvent"
	Type    string // "IncomingEventWebhook"
	Const   string // "WebhookIncomingEvent"
}

func (g goAPI) webhook(w *spec.Webhook) webhookAPI {
	return webhookAPI{Handler: "WebhookReceiver." + codegen.WebhookHandler(w.Name), Type: codegen.WebhookType(w.Name), Const: codegen.WebhookConst(w.Name)}
}

func (g goAPI) webhookIdents(w *spec.Webhook) []string {
	api := g.webhook(w)
	return []string{g.q(api.Handler), g.q(api.Type), g.q(api.Const)}
}

func webhookSimilarity(w *spec.Webhook) similarity {
	body := fieldNames("", w.Fields)
	if w.Push != "" {
		body = append(body, "push:"+w.Push)
	}
	return similarity{name: w.Name, body: body, doc: w.Doc}
}

// webhooks compares the webhooks: added, removed, renamed, and the changes of each pair. A
// webhook reusing a push's payload on both sides has its payload compared with the push.
func (d *differ) webhooks() {
	m := match(d.old.Webhooks, d.new.Webhooks,
		func(w *spec.Webhook) string { return w.Name },
		func(w *spec.Webhook) string { return w.RenamedFrom })
	onRemoved, onAdded := suggestions(m.Removed, m.Added, webhookSimilarity, score)
	for i, w := range m.Removed {
		d.emit(&Change{
			Rule: "webhook-removed", Subject: Subject{Kind: KindWebhook, Old: w.Name}, Direction: Received,
			GoRule: "go-method-removed", Go: removedIdents(d.oldGo.webhookIdents(w)), Suggestion: onRemoved[i],
		})
	}
	for i, w := range m.Added {
		d.emit(&Change{
			Rule: "webhook-added", Subject: Subject{Kind: KindWebhook, New: w.Name}, Direction: Received,
			Go: addedIdents(d.newGo.webhookIdents(w)), Suggestion: onAdded[i],
		})
	}
	for _, p := range m.Pairs {
		d.webhook(p.Old, p.New, p.Renamed)
	}
}

// webhook compares one webhook with its counterpart.
func (d *differ) webhook(o, n *spec.Webhook, renamed bool) {
	subj := Subject{Kind: KindWebhook, Old: o.Name, New: n.Name}
	oapi, napi := d.oldGo.webhook(o), d.newGo.webhook(n)
	if renamed {
		d.emit(&Change{
			Rule: "webhook-renamed", Subject: subj, Direction: Received, Old: o.Name, New: n.Name,
			GoRule: "go-method-renamed", Go: renamedIdents(d.oldGo.webhookIdents(o), d.newGo.webhookIdents(n)),
		})
	}
	d.deprecation(subj, Received, o.Deprecated, n.Deprecated)

	payload := Subject{Kind: KindWebhook, Old: o.Name, New: n.Name, Part: PartPayload}
	payloadField := func(c *Change) *Change {
		c.GoRule = "go-field-type-changed"
		c.Go = []Ident{{Old: d.oldGo.field(oapi.Type, "payload"), New: d.newGo.field(napi.Type, "payload")}}
		return c
	}
	switch {
	case o.Push != "" && n.Push != "":
		if d.renameOldPush(o.Push) != n.Push {
			d.emit(payloadField(&Change{Rule: "webhook-payload-changed", Subject: payload, Direction: Received, Old: "push " + o.Push, New: "push " + n.Push}))
		}
	case o.Push != "" || n.Push != "":
		d.emit(payloadField(&Change{Rule: "webhook-payload-changed", Subject: payload, Direction: Received, Old: webhookPayload(o), New: webhookPayload(n)}))
	default:
		d.payload(payloadScope{
			subj: payload, family: "webhook-field",
			added: "webhook-payload-type-changed", removed: "webhook-payload-type-changed", shapeChanged: "webhook-payload-type-changed",
			oldFields: codegen.InlineType(oapi.Type, "payload"), newFields: codegen.InlineType(napi.Type, "payload"),
			oldType: codegen.InlineType(oapi.Type, "payload"), newType: codegen.InlineType(napi.Type, "payload"),
			objectAlways: true,
		}, o.PayloadType, o.Fields, n.PayloadType, n.Fields)
	}

	fields := Subject{Kind: KindWebhook, Old: o.Name, New: n.Name, Part: PartFields}
	d.fields(fieldScope{
		family: "webhook-field", dir: Received, subj: fields,
		oldPath: "additional_data.", newPath: "additional_data.",
		oldStruct: codegen.InlineType(oapi.Type, "additional_data"), newStruct: codegen.InlineType(napi.Type, "additional_data"),
	}, o.AdditionalData, n.AdditionalData)
	d.fields(fieldScope{family: "webhook-field", dir: Received, subj: fields, oldStruct: oapi.Type, newStruct: napi.Type}, o.Envelope, n.Envelope)
}

// webhookPayload describes where a webhook's payload comes from.
func webhookPayload(w *spec.Webhook) string {
	if w.Push != "" {
		return "push " + w.Push
	}
	return payloadShape(w.PayloadType, w.Fields, true) + " of its own"
}
