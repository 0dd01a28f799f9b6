package spec

import (
	"fmt"
	"strings"
)

// Kind is the kind of a TypeRef.
type Kind int

// The kinds of the type language.
const (
	String Kind = iota + 1
	Int
	Float
	Bool
	Any
	Time
	Object // an inline object; its fields are on the Field
	Named  // a type of the spec's types section
	Slice  // []Elem
	Map    // map[string]Elem
	File   // a file part of a multipart/form-data request (params of multipart Web API actions only)
)

var builtins = map[string]Kind{
	"string": String,
	"int":    Int,
	"float":  Float,
	"bool":   Bool,
	"any":    Any,
	"time":   Time,
	"object": Object,
	"file":   File,
}

// TypeRef is a parsed type expression: "string", "Thread", "[]Event", "map[string][]int".
type TypeRef struct {
	Kind Kind
	Name string   // Named: the type's name
	Elem *TypeRef // Slice and Map: the element type
}

// ParseType parses a type expression of the spec's type language.
func ParseType(s string) (*TypeRef, error) {
	orig := s
	var outer []Kind
	for {
		switch {
		case strings.HasPrefix(s, "[]"):
			outer = append(outer, Slice)
			s = s[2:]
			continue
		case strings.HasPrefix(s, "map["):
			key, rest, ok := strings.Cut(s[len("map["):], "]")
			if !ok {
				return nil, fmt.Errorf("malformed type %q: missing ] after map key", orig)
			}
			if key != "string" {
				return nil, fmt.Errorf("malformed type %q: map keys must be string, not %q", orig, key)
			}
			outer = append(outer, Map)
			s = rest
			continue
		}
		break
	}
	var t *TypeRef
	if k, ok := builtins[s]; ok {
		t = &TypeRef{Kind: k}
	} else {
		if !isTypeName(s) {
			if s == "" {
				return nil, fmt.Errorf("malformed type %q: missing element type", orig)
			}
			return nil, fmt.Errorf("unknown type %q", orig)
		}
		t = &TypeRef{Kind: Named, Name: s}
	}
	for i := len(outer) - 1; i >= 0; i-- {
		t = &TypeRef{Kind: outer[i], Elem: t}
	}
	return t, nil
}

// isTypeName reports whether s can name a type: an ASCII letter or digit string starting with
// an upper-case letter (it becomes a Go identifier as is).
func isTypeName(s string) bool {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// String returns the type expression in the spec's syntax.
func (t *TypeRef) String() string {
	if t == nil {
		return ""
	}
	switch t.Kind {
	case Slice:
		return "[]" + t.Elem.String()
	case Map:
		return "map[string]" + t.Elem.String()
	case Named:
		return t.Name
	}
	for name, k := range builtins {
		if k == t.Kind {
			return name
		}
	}
	return fmt.Sprintf("Kind(%d)", int(t.Kind))
}

// Innermost returns the element type under all slices and maps.
func (t *TypeRef) Innermost() *TypeRef {
	for t.Kind == Slice || t.Kind == Map {
		t = t.Elem
	}
	return t
}

// Equal reports whether two type expressions are the same.
func (t *TypeRef) Equal(u *TypeRef) bool {
	if t == nil || u == nil {
		return t == u
	}
	if t.Kind != u.Kind || t.Name != u.Name {
		return false
	}
	if t.Elem != nil || u.Elem != nil {
		return t.Elem.Equal(u.Elem)
	}
	return true
}
