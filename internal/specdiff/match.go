package specdiff

// pair is an item of the old spec and its counterpart in the new one.
type pair[T any] struct {
	Old, New T
	// Renamed is set when the names differ: the pair was made by a renamed_from declaration.
	Renamed bool
}

// matching is how two lists of named items correspond.
type matching[T any] struct {
	Pairs   []pair[T] // in the old list's order
	Removed []T       // old items without a counterpart, in order
	Added   []T       // new items without a counterpart, in order
}

// match pairs the items of two lists: first by equal names, then by renamed_from
// declarations. A declaration counts on either side: the new item's renamed_from naming an
// old item (the usual case), or the old item's naming a new one (which is what diffing two
// specs in reverse order finds), so that diff(A, B) and diff(B, A) mirror each other. A
// declaration naming an item that is absent, or already paired by name, is ignored.
func match[T any](old, new []T, name, renamedFrom func(T) string) matching[T] {
	oldIdx := make(map[string]int, len(old))
	for i, o := range old {
		oldIdx[name(o)] = i
	}
	newIdx := make(map[string]int, len(new))
	for i, n := range new {
		newIdx[name(n)] = i
	}
	oldTo := make([]int, len(old)) // index in new + 1, or 0
	newTaken := make([]bool, len(new))
	renamed := make([]bool, len(old))
	for i, o := range old {
		if j, ok := newIdx[name(o)]; ok {
			oldTo[i], newTaken[j] = j+1, true
		}
	}
	for j, n := range new {
		from := renamedFrom(n)
		if newTaken[j] || from == "" {
			continue
		}
		if i, ok := oldIdx[from]; ok && oldTo[i] == 0 {
			oldTo[i], newTaken[j], renamed[i] = j+1, true, true
		}
	}
	for i, o := range old {
		from := renamedFrom(o)
		if oldTo[i] != 0 || from == "" {
			continue
		}
		if j, ok := newIdx[from]; ok && !newTaken[j] {
			oldTo[i], newTaken[j], renamed[i] = j+1, true, true
		}
	}
	var m matching[T]
	for i, o := range old {
		if oldTo[i] == 0 {
			m.Removed = append(m.Removed, o)
			continue
		}
		m.Pairs = append(m.Pairs, pair[T]{Old: o, New: new[oldTo[i]-1], Renamed: renamed[i]})
	}
	for j, n := range new {
		if !newTaken[j] {
			m.Added = append(m.Added, n)
		}
	}
	return m
}
