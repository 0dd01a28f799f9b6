package specdiff

import "github.com/rtmkit/livechat-rtm/internal/spec"

// typeUse returns, for each named type of s, the directions it travels in: Sent when it is
// reachable from an action's params (through fields, inline objects, definitions and union
// variants), Received when reachable from a response or a push payload. Types that nothing
// uses are absent.
func typeUse(s *spec.Spec) map[string]Direction {
	use := map[string]Direction{}
	var ref func(r *spec.TypeRef, fields []*spec.Field, d Direction)
	fieldList := func(fs []*spec.Field, d Direction) {
		for _, f := range fs {
			ref(f.Type, f.Fields, d)
		}
	}
	ref = func(r *spec.TypeRef, fields []*spec.Field, d Direction) {
		if r == nil {
			return
		}
		leaf := r.Innermost()
		switch leaf.Kind {
		case spec.Object:
			fieldList(fields, d)
		case spec.Named:
			if use[leaf.Name]&d == d {
				return
			}
			use[leaf.Name] |= d
			t := s.Type(leaf.Name)
			if t == nil {
				return
			}
			switch t.Kind {
			case spec.StructType:
				fieldList(t.Fields, d)
			case spec.DefType:
				ref(t.Def, nil, d)
			case spec.UnionType:
				for _, v := range t.Union.Variants {
					ref(&spec.TypeRef{Kind: spec.Named, Name: v.Type}, nil, d)
				}
			}
		}
	}
	for _, a := range s.Actions {
		fieldList(a.Params, Sent)
		if a.ResponseType != nil {
			ref(a.ResponseType, a.Response, Received)
		} else {
			fieldList(a.Response, Received)
		}
	}
	for _, p := range s.Pushes {
		if p.PayloadType != nil {
			ref(p.PayloadType, p.Fields, Received)
		} else {
			fieldList(p.Fields, Received)
		}
	}
	fieldList(s.Connection.Query, Sent)
	return use
}
