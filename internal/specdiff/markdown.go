package specdiff

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// WriteMarkdown writes the report as a migration guide to paste into a pull request: the
// summary, a table of counts, then per kind the removed, renamed, changed and added items.
// A removed or added item is one line; the field-level changes of a changed item are
// grouped under it, and changes of one rule on sibling fields share a line.
func WriteMarkdown(w io.Writer, r *Report) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "# Migrating from %s\n\n", strings.Replace(title(r), "->", "to", 1))
	fmt.Fprintf(b, "From `%s` to `%s`; Go package `%s` becomes `%s`.\n\n", r.Old.Path, r.New.Path, r.Old.Package, r.New.Package)
	s := r.Summary()
	fmt.Fprintf(b, "**%d breaking, %d non-breaking** (ERR %d, WARN %d, INFO %d; lens: %s).\n\n", s.Breaking(), s.NonBreaking(), s.Err, s.Warn, s.Info, r.Lens)
	if len(r.Changes) == 0 {
		fmt.Fprintf(b, "No changes.\n")
		return flush(b)
	}
	fmt.Fprintf(b, "**ERR** breaks programs written for v%s: on the wire (the old JSON no longer works) or in Go (code using `%s` does not compile against `%s`). "+
		"**WARN** may break some programs. **INFO** needs nothing. Each change names its rule; `gen diff -rules` lists them.\n\n",
		r.Old.Version, r.Old.Package, r.New.Package)

	byKind := groupByKind(groupByItem(r.Changes))
	type counts struct{ removed, renamed, changed, added []([]*Change) }
	split := map[Kind]*counts{}
	for _, k := range kinds {
		c := &counts{}
		for _, it := range byKind[k] {
			switch itemState(it) {
			case "removed":
				c.removed = append(c.removed, it)
			case "added":
				c.added = append(c.added, it)
			default:
				if isRenamed(it) {
					c.renamed = append(c.renamed, it)
				}
				if len(itemChanges(it)) > 0 {
					c.changed = append(c.changed, it)
				}
			}
		}
		split[k] = c
	}

	fmt.Fprintf(b, "| | removed | renamed | changed | added |\n| --- | ---: | ---: | ---: | ---: |\n")
	for _, k := range kinds {
		c := split[k]
		if len(byKind[k]) == 0 || k == KindConnection {
			continue
		}
		fmt.Fprintf(b, "| %s | %d | %d | %d | %d |\n", kindTitle(k), len(c.removed), len(c.renamed), len(c.changed), len(c.added))
	}

	for _, k := range kinds {
		if len(byKind[k]) == 0 {
			continue
		}
		c := split[k]
		fmt.Fprintf(b, "\n## %s\n", kindTitle(k))
		if k == KindConnection {
			fmt.Fprintln(b)
			for _, it := range byKind[k] {
				for _, g := range collapse(it) {
					fmt.Fprintf(b, "- %s\n", bullet(g))
				}
			}
			continue
		}
		if len(c.removed) > 0 {
			fmt.Fprintf(b, "\n### Removed\n\n")
			for _, it := range c.removed {
				fmt.Fprintf(b, "- %s\n", oneLiner(it[0], it[0].Subject.Old))
			}
		}
		if len(c.renamed) > 0 {
			fmt.Fprintf(b, "\n### Renamed\n\n")
			for _, it := range c.renamed {
				for _, ch := range it {
					if ch.Subject.Part == PartItem && strings.HasSuffix(ch.Rule, "-renamed") {
						fmt.Fprintf(b, "- **%s** %s%s.\n", ch.Level, itemTitle(ch.Subject, code), goSuffix(ch.Go))
					}
				}
			}
		}
		if len(c.changed) > 0 {
			fmt.Fprintf(b, "\n### Changed\n")
			for _, it := range c.changed {
				fmt.Fprintf(b, "\n#### %s\n\n", itemTitle(it[0].Subject, code))
				for _, g := range collapse(itemChanges(it)) {
					fmt.Fprintf(b, "- %s\n", bullet(g))
				}
			}
		}
		if len(c.added) > 0 {
			// Additions need nothing from old programs: one paragraph, not a list.
			names := make([]string, len(c.added))
			for i, it := range c.added {
				names[i] = code(it[0].Subject.New)
				if t := suggestionText(it[0], code); t != "" {
					names[i] += " (" + t + ")"
				}
			}
			fmt.Fprintf(b, "\n### Added\n\n%s.\n", strings.Join(names, ", "))
		}
	}
	return flush(b)
}

func flush(b *bufio.Writer) error {
	if err := b.Flush(); err != nil {
		return fmt.Errorf("write markdown report: %w", err)
	}
	return nil
}

// itemState tells whether an item's changes say it was removed, added, or changed.
func itemState(it []*Change) string {
	s := it[0].Subject
	switch {
	case s.Kind == KindConnection:
		return "changed"
	case s.New == "":
		return "removed"
	case s.Old == "":
		return "added"
	}
	return "changed"
}

func isRenamed(it []*Change) bool {
	s := it[0].Subject
	return s.Old != s.New
}

// itemChanges are an item's changes other than its rename.
func itemChanges(it []*Change) []*Change {
	var out []*Change
	for _, c := range it {
		if c.Subject.Part == PartItem && strings.HasSuffix(c.Rule, "-renamed") {
			continue
		}
		out = append(out, c)
	}
	return out
}

// oneLiner is the line of a removed or added item: its level, name, main Go identifier and
// a rename suggestion.
func oneLiner(c *Change, name string) string {
	s := fmt.Sprintf("**%s** `%s`", c.Level, name)
	if c.WireLevel != 0 && c.WireLevel < c.Level {
		s = fmt.Sprintf("**%s** (wire: %s) `%s`", c.Level, c.WireLevel, name)
	}
	if len(c.Go) > 0 {
		id := c.Go[0]
		if id.New == "" {
			s += fmt.Sprintf(" (`%s`)", id.Old)
		} else {
			s += fmt.Sprintf(" (`%s`)", id.New)
		}
	}
	if t := suggestionText(c, code); t != "" {
		s += ": " + t
	}
	return s
}

func goSuffix(ids []Ident) string {
	if len(ids) == 0 {
		return ""
	}
	return ". Go: " + goText(ids, code)
}

// collapse groups an item's changes for the guide: changes of one rule and level on fields
// of the same object (or values of the same enum) share a line. Renames, type changes and
// default changes stay one per line: their values differ.
func collapse(cs []*Change) [][]*Change {
	var out [][]*Change
	index := map[string]int{}
	for _, c := range cs {
		key := collapseKey(c)
		if key == "" {
			out = append(out, []*Change{c})
			continue
		}
		if i, ok := index[key]; ok {
			out[i] = append(out[i], c)
			continue
		}
		index[key] = len(out)
		out = append(out, []*Change{c})
	}
	return out
}

func collapseKey(c *Change) string {
	s := c.Subject
	if c.Suggestion != nil || s.Part == PartItem || s.OldPath != "" && s.NewPath != "" && s.OldPath != s.NewPath {
		return ""
	}
	switch {
	case strings.HasSuffix(c.Rule, "-renamed"), strings.HasSuffix(c.Rule, "-type-changed"), c.Rule == "default-changed",
		strings.HasPrefix(c.Rule, "enum-constraint-"), strings.HasPrefix(c.Rule, "push-documented"), strings.HasPrefix(c.Rule, "push-undocumented"):
		return ""
	}
	scope := parent(s.Path())
	if strings.HasPrefix(c.Rule, "enum-value-") || strings.HasPrefix(c.Rule, "action-push-") {
		scope = s.Path() // values of one field (or pushes of one action) share a line
	}
	return strings.Join([]string{c.Rule, c.Level.String(), c.GoRule, string(s.Part), scope}, "\x00")
}

// parent is a field path without its last field: "filters.query" -> "filters".
func parent(path string) string {
	if i := strings.LastIndex(path, "."); i >= 0 {
		return path[:i]
	}
	return ""
}

// bullet is the line of a group of changes: level, rule, what, why, and the Go identifiers
// that old code must change.
func bullet(g []*Change) string {
	c := g[0]
	var subject string
	switch {
	case len(g) == 1:
		subject = subjectLine(c, code)
	case strings.HasPrefix(c.Rule, "enum-value-") || strings.HasPrefix(c.Rule, "action-push-"):
		vals := make([]string, len(g))
		for i, x := range g {
			vals[i] = code(values(x, plain))
		}
		subject = strings.Join(vals, ", ")
		if w := what(c.Subject, code); w != "" {
			subject = w + " (" + subject + ")"
		}
	default:
		names := make([]string, len(g))
		for i, x := range g {
			names[i] = code(x.Subject.Path())
		}
		subject = plural(partWord(c.Subject.Part)) + " " + strings.Join(names, ", ")
	}
	s := fmt.Sprintf("**%s** `%s`", c.Level, c.Rule)
	if c.WireLevel != 0 && c.WireLevel < c.Level {
		s = fmt.Sprintf("**%s** (wire: %s) `%s`", c.Level, c.WireLevel, c.Rule)
	}
	if subject != "" {
		s += " " + subject
	}
	s += " — " + c.Reason
	if t := suggestionText(c, code); t != "" {
		s += "; " + t
	}
	if c.GoRule != "" {
		var ids []Ident
		for _, x := range g {
			ids = append(ids, x.Go...)
		}
		switch {
		case len(ids) == 0:
		case c.GoRule == c.Rule:
			s += ". Go: " + goText(ids, code)
		default:
			s += fmt.Sprintf(". Old Go code does not compile (`%s`): %s", c.GoRule, goText(ids, code))
		}
	}
	return s + "."
}

func plural(w string) string {
	switch {
	case w == "":
		return ""
	case strings.HasSuffix(w, "s"):
		return w
	}
	return w + "s"
}
