package specdiff

import (
	"fmt"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// matchPushes pairs the pushes of both specs; actions need the pairs to compare the pushes
// they trigger.
func (d *differ) matchPushes() {
	d.pushes_ = match(d.old.Pushes, d.new.Pushes,
		func(p *spec.Push) string { return p.Name },
		func(p *spec.Push) string { return p.RenamedFrom })
	d.pushMap = map[string]string{}
	for _, p := range d.pushes_.Pairs {
		d.pushMap[p.Old.Name] = p.New.Name
	}
}

func pushSimilarity(p *spec.Push) similarity {
	return similarity{name: p.Name, body: fieldNames("", p.Fields), doc: p.Doc}
}

// pushes compares the pushes: added, removed, renamed, and the changes of each pair.
func (d *differ) pushes() {
	m := d.pushes_
	onRemoved, onAdded := suggestions(m.Removed, m.Added, pushSimilarity, score)
	for i, p := range m.Removed {
		d.emit(&Change{
			Rule: "push-removed", Subject: Subject{Kind: KindPush, Old: p.Name}, Direction: Received,
			GoRule: "go-method-removed", Go: removedIdents(d.oldGo.pushIdents(p)), Suggestion: onRemoved[i],
		})
	}
	for i, p := range m.Added {
		d.emit(&Change{
			Rule: "push-added", Subject: Subject{Kind: KindPush, New: p.Name}, Direction: Received,
			Go: addedIdents(d.newGo.pushIdents(p)), Suggestion: onAdded[i],
		})
	}
	for _, p := range m.Pairs {
		d.push(p.Old, p.New, p.Renamed)
	}
}

// push compares one push with its counterpart.
func (d *differ) push(o, n *spec.Push, renamed bool) {
	subj := Subject{Kind: KindPush, Old: o.Name, New: n.Name}
	oapi, napi := d.oldGo.push(o), d.newGo.push(n)
	if renamed {
		d.emit(&Change{
			Rule: "push-renamed", Subject: subj, Direction: Received, Old: o.Name, New: n.Name,
			GoRule: "go-method-renamed", Go: renamedIdents(d.oldGo.pushIdents(o), d.newGo.pushIdents(n)),
		})
	}
	d.deprecation(subj, Received, o.Deprecated, n.Deprecated)
	payload := Subject{Kind: KindPush, Old: o.Name, New: n.Name, Part: PartPayload}
	// A push the documents never described has no fields: when it gets described (or stops
	// being), its fields are summed up in one change rather than listed.
	switch {
	case o.Undocumented && !n.Undocumented:
		d.emit(&Change{Rule: "push-documented", Subject: payload, Direction: Received, Old: "undocumented", New: describePayload(n)})
		return
	case !o.Undocumented && n.Undocumented:
		c := &Change{Rule: "push-undocumented", Subject: payload, Direction: Received, Old: describePayload(o), New: "undocumented"}
		if len(o.Fields) > 0 {
			c.GoRule = "go-field-removed"
			for _, f := range o.Fields {
				c.Go = append(c.Go, Ident{Old: d.oldGo.field(oapi.Fields, f.Name)})
			}
		}
		d.emit(c)
		return
	}
	d.payload(payloadScope{
		subj: payload, family: "push-field",
		added: "push-payload-type-changed", removed: "push-payload-type-changed", shapeChanged: "push-payload-type-changed",
		oldFields: oapi.Fields, newFields: napi.Fields, oldType: oapi.Type, newType: napi.Type,
		objectAlways: true,
	}, o.PayloadType, o.Fields, n.PayloadType, n.Fields)
}

func describePayload(p *spec.Push) string {
	s := payloadShape(p.PayloadType, p.Fields, true)
	if len(p.Fields) == 1 {
		return s + " with 1 field"
	}
	return fmt.Sprintf("%s with %d fields", s, len(p.Fields))
}
