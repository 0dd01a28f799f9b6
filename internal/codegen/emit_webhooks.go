package codegen

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// This file emits the typed webhook receiver of a package whose spec has webhooks
// (webhooks.go): one struct per webhook (its envelope, its payload typed, the payload type of
// the push it reuses when the documents say so), a WebhookReceiver wrapping webhook.Receiver
// with one typed On method per webhook, ParseWebhook and DecodeWebhook; and its test
// (webhooks_test.go).

// WebhookImport is the import path of the webhook core the generated receivers use.
const WebhookImport = "github.com/rtmkit/livechat-rtm/webhook"

// WebhookType is the Go type of a webhook: incoming_event -> IncomingEventWebhook.
func WebhookType(name string) string { return GoName(name) + "Webhook" }

// WebhookConst is the constant naming a webhook: WebhookIncomingEvent.
func WebhookConst(name string) string { return "Webhook" + GoName(name) }

// WebhookHandler is the WebhookReceiver method registering a webhook's handler:
// OnIncomingEvent.
func WebhookHandler(name string) string { return "On" + GoName(name) }

// goWebhook is one webhook of the package.
type goWebhook struct {
	Spec    *spec.Webhook
	Const   string
	Handler string
	Struct  *goStruct // the whole webhook body, without secret_key
	// Push is the push whose payload type the webhook reuses, or nil.
	Push *goPush
	// Payload is the struct's payload field.
	Payload *goField
	// AdditionalData is the struct's additional_data field.
	AdditionalData *goField
	// Envelope are the struct's fields of the further members (requester).
	Envelope []*goField
}

// webhookNames are the package-level names of the receiver, claimed when there are webhooks.
var webhookNames = []string{"WebhookReceiver", "NewWebhookReceiver", "ParseWebhook", "DecodeWebhook"}

// webhookMethods are WebhookReceiver's own methods.
var webhookMethods = []string{"ServeHTTP", "Receiver", "OnUnhandledWebhook"}

// webhookModel builds the Go view of the spec's webhooks.
func (m *model) webhookModel() {
	if len(m.spec.Webhooks) == 0 {
		return
	}
	for _, n := range webhookNames {
		m.claim(spec.Pos{}, n, "the generated webhook receiver")
	}
	methods := map[string]string{}
	for _, n := range webhookMethods {
		methods[n] = "the WebhookReceiver itself"
	}
	pushes := map[string]*goPush{}
	for _, p := range m.pushes {
		pushes[p.Spec.Name] = p
	}
	for _, w := range m.spec.Webhooks {
		what := fmt.Sprintf("webhook %q", w.Name)
		gw := &goWebhook{Spec: w, Const: WebhookConst(w.Name), Handler: WebhookHandler(w.Name)}
		m.claim(w.Pos, gw.Const, what)
		if prev, ok := methods[gw.Handler]; ok {
			m.errorf(w.Pos, "%s: Go method WebhookReceiver.%s is already taken by %s", what, gw.Handler, prev)
		}
		methods[gw.Handler] = what
		fields := []*spec.Field{
			{Pos: w.Pos, Name: "webhook_id", Type: &spec.TypeRef{Kind: spec.String}, Required: true, Doc: "The ID of the webhook's registration."},
			{Pos: w.Pos, Name: "action", Type: &spec.TypeRef{Kind: spec.String}, Required: true, Doc: fmt.Sprintf("The webhook's name: %q (%s).", w.Name, gw.Const)},
			{Pos: w.Pos, Name: "organization_id", Type: &spec.TypeRef{Kind: spec.String}, Required: true, Doc: "The organization the webhook comes from."},
		}
		payload := &spec.Field{Pos: w.Pos, Name: "payload", Required: true}
		switch {
		case w.Push != "":
			gw.Push = pushes[w.Push]
			if gw.Push == nil {
				m.errorf(w.Pos, "%s: push %q is not defined", what, w.Push)
				continue
			}
			payload.Type = &spec.TypeRef{Kind: spec.Named, Name: gw.Push.TypeName()}
			payload.Doc = fmt.Sprintf("The payload: that of the %s push.", w.Push)
		case w.PayloadType != nil:
			payload.Type, payload.Fields = w.PayloadType, w.Fields
		default:
			payload.Type, payload.Fields = &spec.TypeRef{Kind: spec.Object}, w.Fields
		}
		fields = append(fields, payload,
			&spec.Field{Pos: w.Pos, Name: "additional_data", Type: &spec.TypeRef{Kind: spec.Object}, Fields: w.AdditionalData,
				Doc: "The additional data of the webhook (chat properties and the like), when it is sent."})
		fields = append(fields, w.Envelope...)
		gw.Struct = m.structOf(w.Pos, WebhookType(w.Name), w.Doc, fields, what)
		for _, f := range gw.Struct.Fields {
			switch f.Wire {
			case "payload":
				gw.Payload = f
			case "additional_data":
				gw.AdditionalData = f
			case "webhook_id", "action", "organization_id":
			default:
				gw.Envelope = append(gw.Envelope, f)
			}
		}
		if gw.Payload == nil || gw.AdditionalData == nil {
			continue // a collision, reported by structOf
		}
		m.webhooks = append(m.webhooks, gw)
	}
}

// webhookStructs are the structs of the webhooks, for the JSON emitter.
func (m *model) webhookStructs() []*goStruct {
	out := make([]*goStruct, 0, len(m.webhooks))
	for _, w := range m.webhooks {
		out = append(out, w.Struct)
	}
	return out
}

// webhooksFile declares the webhook constants, structs, the receiver and the parse functions.
func (m *model) webhooksFile(f *jen.File) {
	wh := func(name string) *jen.Statement { return jen.Qual(WebhookImport, name) }
	ctxT := jen.Qual("context", "Context")

	f.Add(comment("The webhooks of the API, by their action names."))
	f.Const().DefsFunc(func(g *jen.Group) {
		for _, w := range m.webhooks {
			g.Add(comment(declDoc(w.Const, sentence(w.Spec.Doc)) + fmt.Sprintf(" See WebhookReceiver.%s.", w.Handler)))
			g.Id(w.Const).Op("=").Lit(w.Spec.Name)
		}
	})
	f.Line()

	for _, w := range m.webhooks {
		doc := fmt.Sprintf("%s is the %s webhook (WebhookReceiver.%s): %s", w.Struct.Name, w.Spec.Name, w.Handler, lowerFirst(sentence(w.Spec.Doc)))
		if w.Push != nil {
			doc += fmt.Sprintf(" Its payload is that of the %s push (%s).", w.Push.Spec.Name, w.Push.TypeName())
		}
		doc += " ParseWebhook and WebhookReceiver check and drop the body's secret_key; json.Unmarshal of a raw body would keep it in Extra."
		if w.Spec.Deprecated != "" {
			doc += "\n\nDeprecated: " + w.Spec.Deprecated
		}
		m.structDecls(f, w.Struct, doc)
	}

	f.Add(comment("WebhookReceiver receives the webhooks of this API version: an http.Handler (see package webhook for what it checks and answers) that decodes each webhook into its type and calls the handler registered for it. Create it with NewWebhookReceiver; register handlers with its On methods, before or while it serves."))
	f.Type().Id("WebhookReceiver").Struct(jen.Id("core").Op("*").Add(wh("Receiver")))
	f.Line()

	f.Add(comment("NewWebhookReceiver returns a receiver checking cfg.Secret (webhook.SecretKey(key), or webhook.NoSecret() by explicit choice; the zero Secret is an error)."))
	f.Func().Id("NewWebhookReceiver").Params(jen.Id("cfg").Add(wh("Config"))).Params(jen.Op("*").Id("WebhookReceiver"), jen.Error()).Block(
		jen.List(jen.Id("core"), jen.Err()).Op(":=").Add(wh("NewReceiver")).Call(jen.Id("cfg")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.Return(jen.Op("&").Id("WebhookReceiver").Values(jen.Dict{jen.Id("core"): jen.Id("core")}), jen.Nil()),
	)
	f.Line()

	f.Add(comment("ServeHTTP receives one webhook."))
	f.Func().Params(jen.Id("r").Op("*").Id("WebhookReceiver")).Id("ServeHTTP").Params(
		jen.Id("w").Qual("net/http", "ResponseWriter"), jen.Id("req").Op("*").Qual("net/http", "Request"),
	).Block(jen.Id("r").Dot("core").Dot("ServeHTTP").Call(jen.Id("w"), jen.Id("req")))
	f.Line()

	f.Add(comment("Receiver returns the untyped receiver underneath, for programs that are not an http.Handler: its Parse and Dispatch run the same checks and handlers as ServeHTTP."))
	f.Func().Params(jen.Id("r").Op("*").Id("WebhookReceiver")).Id("Receiver").Params().Op("*").Add(wh("Receiver")).Block(jen.Return(jen.Id("r").Dot("core")))
	f.Line()

	for _, w := range m.webhooks {
		f.Add(comment(fmt.Sprintf("%s registers fn for each %s webhook: %s A payload that does not decode into %s is answered 400 naming the field, and fn is not called; fn's error is answered 500 (LiveChat delivers the webhook again). It returns a function that removes the registration.",
			w.Handler, w.Spec.Name, lowerFirst(sentence(w.Spec.Doc)), w.Struct.Name)))
		f.Func().Params(jen.Id("r").Op("*").Id("WebhookReceiver")).Id(w.Handler).Params(
			jen.Id("fn").Func().Params(ctxT, jen.Op("*").Id(w.Struct.Name)).Error(),
		).Params(jen.Id("remove").Func().Params()).Block(
			jen.Return(jen.Id("r").Dot("core").Dot("Handle").Call(jen.Id(w.Const), jen.Func().Params(jen.Id("ctx").Add(ctxT), jen.Id("w").Op("*").Add(wh("Webhook"))).Error().Block(
				jen.List(jen.Id("v"), jen.Err()).Op(":=").Id(decodeWebhookFunc(w)).Call(jen.Id("w")),
				jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
				jen.Return(jen.Id("fn").Call(jen.Id("ctx"), jen.Id("v"))),
			))),
		)
		f.Line()
	}

	f.Add(comment("OnUnhandledWebhook registers fn for the webhooks no On method takes: actions this package does not describe, and described ones nobody registered for, as received. Without it they are answered 200 and logged by action. It returns a function that removes the registration."))
	f.Func().Params(jen.Id("r").Op("*").Id("WebhookReceiver")).Id("OnUnhandledWebhook").Params(
		jen.Id("fn").Func().Params(ctxT, jen.Op("*").Add(wh("Webhook"))).Error(),
	).Params(jen.Id("remove").Func().Params()).Block(
		jen.Return(jen.Id("r").Dot("core").Dot("HandleUnhandled").Call(jen.Id("fn"))),
	)
	f.Line()

	f.Add(comment("ParseWebhook checks a webhook body against secret (see webhook.Parse) and decodes it by its action, for programs that are not an http.Handler: it returns one of the webhook types of this package (*IncomingEventWebhook ...), or the *webhook.Webhook itself for an action this package does not describe. The error is a *webhook.Error whose Status says how to answer (401, 400), or webhook.ErrNoSecret. The body's size is the caller's to limit."))
	f.Func().Id("ParseWebhook").Params(jen.Id("body").Index().Byte(), jen.Id("secret").Add(wh("Secret"))).Params(jen.Any(), jen.Error()).Block(
		jen.List(jen.Id("w"), jen.Err()).Op(":=").Add(wh("Parse")).Call(jen.Id("body"), jen.Id("secret")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.Return(jen.Id("DecodeWebhook").Call(jen.Id("w"))),
	)
	f.Line()

	f.Add(comment("DecodeWebhook decodes a parsed webhook into its type by its action (see ParseWebhook); a payload of the wrong shape is a 400 *webhook.Error naming the field."))
	f.Func().Id("DecodeWebhook").Params(jen.Id("w").Op("*").Add(wh("Webhook"))).Params(jen.Any(), jen.Error()).Block(
		jen.Switch(jen.Id("w").Dot("Action")).BlockFunc(func(g *jen.Group) {
			for _, w := range m.webhooks {
				g.Case(jen.Id(w.Const)).Block(jen.Return(jen.Id(decodeWebhookFunc(w)).Call(jen.Id("w"))))
			}
		}),
		jen.Return(jen.Id("w"), jen.Nil()),
	)
	f.Line()

	for _, w := range m.webhooks {
		m.webhookDecoder(f, w)
	}
}

func decodeWebhookFunc(w *goWebhook) string { return "decode" + w.Struct.Name }

// webhookDecoder emits the function decoding a parsed webhook into its struct, member by
// member, so that an error names the member.
func (m *model) webhookDecoder(f *jen.File, w *goWebhook) {
	wh := func(name string) *jen.Statement { return jen.Qual(WebhookImport, name) }
	malformed := func(field jen.Code) jen.Code {
		return jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), wh("Malformed").Call(field, jen.Err())))
	}
	// decodeInto decodes raw into the field: its UnmarshalJSON when it is a struct value,
	// encoding/json otherwise (which calls the generated methods inside).
	decodeInto := func(fl *goField, raw jen.Code) jen.Code {
		dst := jen.Id("v").Dot(fl.Name)
		if fl.Required && (fl.Ref.Kind == spec.Object || fl.Ref.Kind == spec.Named && m.isStructName(fl.Ref.Name)) {
			return jen.Err().Op("=").Add(dst).Dot("UnmarshalJSON").Call(raw)
		}
		return jen.Err().Op("=").Qual("encoding/json", "Unmarshal").Call(raw, jen.Op("&").Add(dst))
	}
	body := []jen.Code{
		jen.Id("v").Op(":=").Op("&").Id(w.Struct.Name).Values(jen.Dict{
			jen.Id("WebhookID"):      jen.Id("w").Dot("WebhookID"),
			jen.Id("Action"):         jen.Id("w").Dot("Action"),
			jen.Id("OrganizationID"): jen.Id("w").Dot("OrganizationID"),
		}),
		jen.Var().Err().Error(),
		decodeInto(w.Payload, jen.Id("w").Dot("Payload")),
		malformed(jen.Lit("payload")),
		jen.If(jen.Id("w").Dot("AdditionalData").Op("!=").Nil()).Block(
			jen.Id("v").Dot("AdditionalData").Op("=").New(jen.Id(w.AdditionalData.Inline.Name)),
			jen.Err().Op("=").Id("v").Dot("AdditionalData").Dot("UnmarshalJSON").Call(jen.Id("w").Dot("AdditionalData")),
			malformed(jen.Lit("additional_data")),
		),
	}
	keepExtra := []jen.Code{
		jen.If(jen.Id("v").Dot("Extra").Op("==").Nil()).Block(
			jen.Id("v").Dot("Extra").Op("=").Make(jen.Map(jen.String()).Qual("encoding/json", "RawMessage")),
		),
		jen.Id("v").Dot("Extra").Index(jen.Id("key")).Op("=").Id("raw"),
	}
	loop := keepExtra
	if len(w.Envelope) > 0 {
		loop = []jen.Code{jen.Switch(jen.Id("key")).BlockFunc(func(g *jen.Group) {
			for _, fl := range w.Envelope {
				g.Case(jen.Lit(fl.Wire)).Block(
					jen.Err().Op("=").Qual("encoding/json", "Unmarshal").Call(jen.Id("raw"), jen.Op("&").Id("v").Dot(fl.Name)),
					malformed(jen.Id("key")),
				)
			}
			g.Default().Block(keepExtra...)
		})}
	}
	body = append(body, jen.For(jen.List(jen.Id("key"), jen.Id("raw")).Op(":=").Range().Id("w").Dot("Extra")).Block(loop...))
	body = append(body, jen.Return(jen.Id("v"), jen.Nil()))
	f.Add(comment(fmt.Sprintf("%s decodes w into a %s.", decodeWebhookFunc(w), w.Struct.Name)))
	f.Func().Id(decodeWebhookFunc(w)).Params(jen.Id("w").Op("*").Add(wh("Webhook"))).Params(jen.Op("*").Id(w.Struct.Name), jen.Error()).Block(body...)
	f.Line()
}

// isStructName reports whether name is a generated struct with an UnmarshalJSON method.
func (m *model) isStructName(name string) bool {
	for _, st := range m.allStructs() {
		if st.Name == name {
			return true
		}
	}
	return false
}
