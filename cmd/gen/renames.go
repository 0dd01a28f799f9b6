package main

import (
	"fmt"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// checkRenames lists, as file:line:col errors, every renamed_from of new that names nothing of
// old, its previous version: an action, push or type absent from old, or a field absent from the
// old counterpart of its item (the item named alike, or the one it was renamed from). gen diff
// would silently ignore such a declaration and report a removal and an addition instead.
func checkRenames(old, new *spec.Spec) []string {
	var errs []string
	bad := func(pos spec.Pos, what, name, from string) {
		errs = append(errs, fmt.Sprintf("%s:%d:%d: %s %q: renamed_from %q: %s (%s) has no such name",
			new.Path, pos.Line, pos.Col, what, name, from, old.Path, "v"+old.Version))
	}
	counterpart := func(name, from string, lookup func(string) bool) bool {
		return lookup(name) || (from != "" && lookup(from))
	}
	for _, a := range new.Actions {
		if a.RenamedFrom != "" && old.Action(a.RenamedFrom) == nil {
			bad(a.Pos, "action", a.Name, a.RenamedFrom)
		}
		o := old.Action(a.Name)
		if o == nil && a.RenamedFrom != "" {
			o = old.Action(a.RenamedFrom)
		}
		if o != nil {
			errs = append(errs, checkFields(new, old, "action "+a.Name+": param", a.Params, o.Params)...)
			errs = append(errs, checkFields(new, old, "action "+a.Name+": response field", a.Response, o.Response)...)
		}
	}
	for _, p := range new.Pushes {
		if p.RenamedFrom != "" && old.Push(p.RenamedFrom) == nil {
			bad(p.Pos, "push", p.Name, p.RenamedFrom)
		}
		o := old.Push(p.Name)
		if o == nil && p.RenamedFrom != "" {
			o = old.Push(p.RenamedFrom)
		}
		if o != nil {
			errs = append(errs, checkFields(new, old, "push "+p.Name+": field", p.Fields, o.Fields)...)
		}
	}
	for _, t := range new.Types {
		if t.RenamedFrom != "" && old.Type(t.RenamedFrom) == nil {
			bad(t.Pos, "type", t.Name, t.RenamedFrom)
		}
		if !counterpart(t.Name, t.RenamedFrom, func(n string) bool { return old.Type(n) != nil }) {
			continue
		}
		o := old.Type(t.Name)
		if o == nil {
			o = old.Type(t.RenamedFrom)
		}
		errs = append(errs, checkFields(new, old, "type "+t.Name+": field", t.Fields, o.Fields)...)
	}
	return errs
}

// checkFields checks the renamed_from of the fields of an item against the fields of its old
// counterpart, recursively through inline objects.
func checkFields(new, old *spec.Spec, what string, fields, oldFields []*spec.Field) []string {
	byName := make(map[string]*spec.Field, len(oldFields))
	for _, f := range oldFields {
		byName[f.Name] = f
	}
	var errs []string
	for _, f := range fields {
		o := byName[f.Name]
		if f.RenamedFrom != "" {
			if byName[f.RenamedFrom] == nil {
				errs = append(errs, fmt.Sprintf("%s:%d:%d: %s %q: renamed_from %q: %s (v%s) has no such field there",
					new.Path, f.Pos.Line, f.Pos.Col, what, f.Name, f.RenamedFrom, old.Path, old.Version))
				continue
			}
			if o == nil {
				o = byName[f.RenamedFrom]
			}
		}
		if o != nil && len(f.Fields) > 0 {
			errs = append(errs, checkFields(new, old, what+" "+f.Name+": field", f.Fields, o.Fields)...)
		}
	}
	return errs
}
