package specdiff

import "github.com/rtmkit/livechat-rtm/internal/spec"

// refDiff is how the type expressions of two matched fields compare on the wire.
type refDiff int

const (
	// refSame: the same JSON (the Go types may still differ; see goAPI.goType).
	refSame refDiff = iota
	// refObjects: objects in the same arrays and maps, at least one of them an inline object:
	// the JSON is the same if their fields are, so the fields are compared.
	refObjects
	// refChanged: another JSON type.
	refChanged
)

// compareRefs compares two type expressions on the wire: definitions stand for what they
// define, time is a string, a struct or union type is the same as its counterpart (by name or
// declared rename). For refObjects it also returns the two innermost types.
func (d *differ) compareRefs(o, n *spec.TypeRef) (refDiff, *spec.TypeRef, *spec.TypeRef) {
	return d.walkRefs(expand(d.old, o), expand(d.new, n))
}

func (d *differ) walkRefs(o, n *spec.TypeRef) (refDiff, *spec.TypeRef, *spec.TypeRef) {
	if o == nil || n == nil {
		if o == n {
			return refSame, nil, nil
		}
		return refChanged, nil, nil
	}
	if o.Kind == spec.Slice || o.Kind == spec.Map || n.Kind == spec.Slice || n.Kind == spec.Map {
		if o.Kind != n.Kind {
			return refChanged, nil, nil
		}
		return d.walkRefs(o.Elem, n.Elem)
	}
	oObj, nObj := d.objectLike(d.old, o), d.objectLike(d.new, n)
	switch {
	case oObj && nObj:
		if o.Kind == spec.Named && n.Kind == spec.Named {
			if d.sameType(o.Name, n.Name) {
				return refSame, nil, nil
			}
			return refChanged, nil, nil
		}
		return refObjects, o, n
	case oObj || nObj:
		return refChanged, nil, nil
	}
	if o.Kind == spec.Named || n.Kind == spec.Named { // unions
		if o.Kind == n.Kind && d.sameType(o.Name, n.Name) {
			return refSame, nil, nil
		}
		return refChanged, nil, nil
	}
	if wireKind(o.Kind) == wireKind(n.Kind) {
		return refSame, nil, nil
	}
	return refChanged, nil, nil
}

// objectLike reports whether r (expanded) is an inline object or a struct type.
func (d *differ) objectLike(s *spec.Spec, r *spec.TypeRef) bool {
	if r.Kind == spec.Object {
		return true
	}
	if r.Kind == spec.Named {
		t := s.Type(r.Name)
		return t != nil && t.Kind == spec.StructType
	}
	return false
}

// sameType reports whether the old type named o corresponds to the new type named n.
func (d *differ) sameType(o, n string) bool {
	m, ok := d.typeMap[o]
	return ok && m == n
}

// wireKind folds the kinds that have the same JSON: time is an RFC 3339 string.
func wireKind(k spec.Kind) spec.Kind {
	if k == spec.Time {
		return spec.String
	}
	return k
}

// expand replaces the definitions in r by what they define, recursively.
func expand(s *spec.Spec, r *spec.TypeRef) *spec.TypeRef {
	return expandDepth(s, r, 0)
}

func expandDepth(s *spec.Spec, r *spec.TypeRef, depth int) *spec.TypeRef {
	if r == nil || depth > 100 { // the loader rejects cycles; this is a guard
		return r
	}
	switch r.Kind {
	case spec.Slice, spec.Map:
		return &spec.TypeRef{Kind: r.Kind, Elem: expandDepth(s, r.Elem, depth+1)}
	case spec.Named:
		if t := s.Type(r.Name); t != nil && t.Kind == spec.DefType {
			return expandDepth(s, t.Def, depth+1)
		}
	}
	return r
}

// objectFields returns the fields of an innermost object type: the inline fields, or the
// struct type's fields.
func objectFields(s *spec.Spec, leaf *spec.TypeRef, inline []*spec.Field) []*spec.Field {
	if leaf.Kind == spec.Object {
		return inline
	}
	if t := s.Type(leaf.Name); t != nil {
		return t.Fields
	}
	return nil
}
