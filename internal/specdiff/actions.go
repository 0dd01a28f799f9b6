package specdiff

import (
	"slices"
	"strings"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

func (d *differ) actionSimilarity(s *spec.Spec, pushName func(string) string) func(*spec.Action) similarity {
	return func(a *spec.Action) similarity {
		body := append(fieldNames("p:", a.Params), fieldNames("r:", a.Response)...)
		for _, p := range a.Pushes {
			body = append(body, "push:"+pushName(p))
		}
		return similarity{name: a.Name, body: body, doc: a.Doc}
	}
}

// actions compares the actions: added, removed, renamed, and the changes of each pair.
func (d *differ) actions() {
	m := match(d.old.Actions, d.new.Actions,
		func(a *spec.Action) string { return a.Name },
		func(a *spec.Action) string { return a.RenamedFrom })
	onRemoved, onAdded := suggestions(m.Removed, m.Added, d.actionSimilarity(d.old, d.renameOldPush), score)
	for i, a := range m.Removed {
		api := d.oldGo.action(a)
		goRule := "go-method-removed"
		if api.Method == "" {
			goRule = "go-const-removed"
		}
		d.emit(&Change{
			Rule: "action-removed", Subject: Subject{Kind: KindAction, Old: a.Name}, Direction: Sent,
			GoRule: goRule, Go: removedIdents(d.oldGo.actionIdents(a)), Suggestion: onRemoved[i],
		})
	}
	for i, a := range m.Added {
		d.emit(&Change{
			Rule: "action-added", Subject: Subject{Kind: KindAction, New: a.Name}, Direction: Sent,
			Go: addedIdents(d.newGo.actionIdents(a)), Suggestion: onAdded[i],
		})
	}
	for _, p := range m.Pairs {
		d.action(p.Old, p.New, p.Renamed)
	}
}

func (d *differ) renameOldPush(name string) string {
	if n, ok := d.pushMap[name]; ok {
		return n
	}
	return name
}

// action compares one action with its counterpart.
func (d *differ) action(o, n *spec.Action, renamed bool) {
	subj := Subject{Kind: KindAction, Old: o.Name, New: n.Name}
	oapi, napi := d.oldGo.action(o), d.newGo.action(n)
	if renamed {
		goRule := "go-method-renamed"
		if oapi.Method == "" || napi.Method == "" {
			goRule = "go-const-renamed"
		}
		d.emit(&Change{
			Rule: "action-renamed", Subject: subj, Direction: Sent, Old: o.Name, New: n.Name,
			GoRule: goRule, Go: renamedIdents(d.oldGo.actionIdents(o), d.newGo.actionIdents(n)),
		})
	}
	switch {
	case o.RTM() && !n.RTM():
		d.emit(&Change{
			Rule: "action-rtm-removed", Subject: subj, Direction: Sent, Old: strings.Join(o.Transports, ","), New: strings.Join(n.Transports, ","),
			GoRule: "go-method-removed", Go: removedIdents([]string{d.oldGo.q(oapi.Method), d.oldGo.q(oapi.Request), d.oldGo.q(oapi.Response)}),
		})
	case !o.RTM() && n.RTM():
		d.emit(&Change{
			Rule: "action-rtm-added", Subject: subj, Direction: Sent, Old: strings.Join(o.Transports, ","), New: strings.Join(n.Transports, ","),
			Go: addedIdents([]string{d.newGo.q(napi.Method), d.newGo.q(napi.Request), d.newGo.q(napi.Response)}),
		})
	}
	switch {
	case o.Web() && !n.Web():
		d.emit(&Change{Rule: "action-web-removed", Subject: subj, Direction: Sent, Old: strings.Join(o.Transports, ","), New: strings.Join(n.Transports, ",")})
	case !o.Web() && n.Web():
		d.emit(&Change{Rule: "action-web-added", Subject: subj, Direction: Sent, Old: strings.Join(o.Transports, ","), New: strings.Join(n.Transports, ",")})
	}
	d.deprecation(subj, Sent, o.Deprecated, n.Deprecated)
	// Scopes missing on one side were not documented there: only a change of documented
	// scopes counts.
	if len(o.Scopes) > 0 && len(n.Scopes) > 0 && !sameSet(o.Scopes, n.Scopes) {
		d.emit(&Change{Rule: "action-scopes-changed", Subject: subj, Direction: Sent, Old: strings.Join(o.Scopes, ", "), New: strings.Join(n.Scopes, ", ")})
	}
	d.actionPushes(subj, o, n)

	// The method's signature: a request struct or a response appearing or going. A response
	// appearing or going is reported with its wire change below.
	bothRTM := o.RTM() && n.RTM()
	if bothRTM && (oapi.Request == "") != (napi.Request == "") {
		d.emit(&Change{
			Rule: "go-method-signature-changed", Subject: Subject{Kind: KindAction, Old: o.Name, New: n.Name, Part: PartParams},
			Go: []Ident{{Old: d.oldGo.q(oapi.Method) + d.oldGo.signature(o), New: d.newGo.q(napi.Method) + d.newGo.signature(n)}},
		})
	}
	d.fields(fieldScope{
		family: "request-param", dir: Sent,
		subj:      Subject{Kind: KindAction, Old: o.Name, New: n.Name, Part: PartParams},
		oldStruct: oapi.Request, newStruct: napi.Request,
	}, o.Params, n.Params)
	d.payload(payloadScope{
		subj: Subject{Kind: KindAction, Old: o.Name, New: n.Name, Part: PartResponse}, family: "response-field",
		added: "action-response-added", removed: "action-response-removed", shapeChanged: "action-response-type-changed",
		oldFields: oapi.ResponseFields, newFields: napi.ResponseFields,
		oldType: oapi.Response, newType: napi.Response,
		method: bothRTM, oldMethod: d.oldGo.q(oapi.Method), newMethod: d.newGo.q(napi.Method),
		oldSig: d.oldGo.signature(o), newSig: d.newGo.signature(n),
		oldEmpty: o.HasResponse, newEmpty: n.HasResponse,
	}, o.ResponseType, o.Response, n.ResponseType, n.Response)
}

// actionPushes compares the pushes an action triggers, old names mapped to new ones.
func (d *differ) actionPushes(subj Subject, o, n *spec.Action) {
	oldSet := map[string]bool{}
	for _, p := range o.Pushes {
		oldSet[d.renameOldPush(p)] = true
	}
	newSet := map[string]bool{}
	for _, p := range n.Pushes {
		newSet[p] = true
		if !oldSet[p] {
			d.emit(&Change{Rule: "action-push-added", Subject: subj, Direction: Received, New: p})
		}
	}
	for _, p := range o.Pushes {
		if !newSet[d.renameOldPush(p)] {
			d.emit(&Change{Rule: "action-push-removed", Subject: subj, Direction: Received, Old: p})
		}
	}
}

// payloadScope says how to report the changes of a response or push payload.
type payloadScope struct {
	subj                         Subject
	family                       string // the field rules: "response-field" or "push-field"
	added, removed, shapeChanged string // the rules for a payload appearing, going, changing shape
	oldFields, newFields         string // the Go structs holding the fields
	oldType, newType             string // the Go types of the payload
	// method is set when the payload is a method's result (the action is RTM on both sides):
	// a change of its shape changes the method's signature.
	method               bool
	oldMethod, newMethod string
	oldSig, newSig       string
	// oldEmpty and newEmpty are set when a side documents an empty object (`response: []`)
	// rather than no payload at all.
	oldEmpty, newEmpty bool
	// objectAlways is set for pushes, whose payload is an object (maybe empty) unless it has
	// a type: it never appears or goes, it changes shape.
	objectAlways bool
}

// payload compares a response or push payload: an object (fields), an array or map
// (typ, with fields for object items), or nothing.
func (d *differ) payload(sc payloadScope, otyp *spec.TypeRef, ofields []*spec.Field, ntyp *spec.TypeRef, nfields []*spec.Field) {
	oShape, nShape := payloadShape(otyp, ofields, sc.objectAlways), payloadShape(ntyp, nfields, sc.objectAlways)
	sigChange := func(c *Change) {
		if sc.method {
			c.GoRule = "go-method-signature-changed"
			c.Go = []Ident{{Old: sc.oldMethod + sc.oldSig, New: sc.newMethod + sc.newSig}}
		}
	}
	switch {
	case oShape == "" && nShape == "":
		return
	case oShape == "":
		c := &Change{Rule: sc.added, Subject: sc.subj, Direction: Received, Old: noPayload(sc.oldEmpty), New: nShape}
		sigChange(c)
		d.emit(c)
		return
	case nShape == "":
		c := &Change{Rule: sc.removed, Subject: sc.subj, Direction: Received, Old: oShape, New: noPayload(sc.newEmpty)}
		sigChange(c)
		d.emit(c)
		return
	}
	if otyp == nil && ntyp == nil {
		d.fields(fieldScope{family: sc.family, dir: Received, subj: sc.subj, oldStruct: sc.oldFields, newStruct: sc.newFields}, ofields, nfields)
		return
	}
	if otyp != nil && ntyp != nil {
		diff, _, _ := d.compareRefs(otyp, ntyp)
		if diff != refChanged {
			if otyp.Innermost().Kind == spec.Object {
				d.fields(fieldScope{family: sc.family, dir: Received, subj: sc.subj, oldStruct: sc.oldFields, newStruct: sc.newFields}, ofields, nfields)
			}
			return
		}
	}
	c := &Change{Rule: sc.shapeChanged, Subject: sc.subj, Direction: Received, Old: oShape, New: nShape}
	if sc.method {
		sigChange(c)
	} else if sc.oldType != "" {
		c.GoRule, c.Go = "go-type-changed", []Ident{{Old: d.oldGo.q(sc.oldType), New: d.newGo.q(sc.newType)}}
	}
	d.emit(c)
}

// noPayload describes a payload without fields: an empty object the documents show, or
// none.
func noPayload(emptyObject bool) string {
	if emptyObject {
		return "empty object"
	}
	return "none"
}

// payloadShape describes a payload: "object", a type expression such as "[]object", or ""
// when there is none (an object without fields is "object" when objectAlways is set).
func payloadShape(t *spec.TypeRef, fields []*spec.Field, objectAlways bool) string {
	switch {
	case t != nil:
		return t.String()
	case len(fields) > 0 || objectAlways:
		return "object"
	}
	return ""
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}
