package specdiff

import "github.com/rtmkit/livechat-rtm/internal/spec"

// errors compares the error types by their type string.
func (d *differ) errors() {
	m := match(d.old.Errors, d.new.Errors,
		func(e *spec.ErrorType) string { return e.Type },
		func(*spec.ErrorType) string { return "" })
	for _, e := range m.Removed {
		d.emit(&Change{Rule: "error-type-removed", Subject: Subject{Kind: KindError, Old: e.Type}, Direction: Received,
			GoRule: "go-const-removed", Go: []Ident{{Old: d.oldGo.errorConst(e.Type)}}})
	}
	for _, e := range m.Added {
		d.emit(&Change{Rule: "error-type-added", Subject: Subject{Kind: KindError, New: e.Type}, Direction: Received,
			Go: []Ident{{New: d.newGo.errorConst(e.Type)}}})
	}
	for _, p := range m.Pairs {
		// A message missing on one side was not documented there.
		if p.Old.Message != "" && p.New.Message != "" && p.Old.Message != p.New.Message {
			d.emit(&Change{Rule: "error-message-changed", Subject: Subject{Kind: KindError, Old: p.Old.Type, New: p.New.Type},
				Direction: Received, Old: p.Old.Message, New: p.New.Message})
		}
	}
}
