package specdiff

import (
	"bufio"
	"fmt"
	"io"
)

// WriteText writes the report for a terminal: a section per kind, a block per item with one
// line per change (level, rule, what changed, why) and the Go identifiers that old code must
// change, then the summary line.
func WriteText(w io.Writer, r *Report) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "%s (%s -> %s; Go packages %s -> %s; lens %s)\n",
		title(r), r.Old.Path, r.New.Path, r.Old.Package, r.New.Package, r.Lens)
	byKind := groupByKind(groupByItem(r.Changes))
	for _, k := range kinds {
		items := byKind[k]
		if len(items) == 0 {
			continue
		}
		fmt.Fprintf(b, "\n%s\n", kindTitle(k))
		for _, it := range items {
			if k != KindConnection {
				fmt.Fprintf(b, "  %s\n", itemTitle(it[0].Subject, plain))
			}
			for _, c := range it {
				line := c.Reason
				if s := subjectLine(c, plain); s != "" {
					line = s + ": " + line
				}
				if s := suggestionText(c, plain); s != "" {
					line += "; " + s
				}
				if c.WireLevel != 0 && c.WireLevel < c.Level {
					line += " [wire: " + c.WireLevel.String() + "]"
				}
				fmt.Fprintf(b, "    %-4s  %-31s  %s\n", c.Level, c.Rule, line)
				// Only the Go identifiers that old code must change; the JSON report has all.
				switch {
				case c.GoRule == "" || len(c.Go) == 0:
				case c.GoRule == c.Rule:
					fmt.Fprintf(b, "          go: %s\n", goText(c.Go, plain))
				default:
					fmt.Fprintf(b, "          go, does not compile (%s): %s\n", c.GoRule, goText(c.Go, plain))
				}
			}
		}
	}
	if len(r.Changes) == 0 {
		fmt.Fprintf(b, "\nno changes\n")
	}
	fmt.Fprintf(b, "\n%s\n", r.Summary())
	if err := b.Flush(); err != nil {
		return fmt.Errorf("write text report: %w", err)
	}
	return nil
}

// WriteRules writes the rules table: id, lens, level (sent/received for rules graded by
// direction) and meaning, one rule a line.
func WriteRules(w io.Writer) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "%-32s  %-6s  %-9s  %s\n", "RULE", "LENS", "LEVEL", "MEANING")
	for _, r := range rules {
		fmt.Fprintf(b, "%-32s  %-6s  %-9s  %s\n", r.ID, r.Lens, r.LevelText(), r.Meaning)
	}
	fmt.Fprintf(b, "\nLEVEL a/b: a where the data is sent in requests, b where it is only received (responses, pushes).\n")
	fmt.Fprintf(b, "A change's level is the worse of its wire rule's and its go-api rule's (-lens picks one).\n")
	if err := b.Flush(); err != nil {
		return fmt.Errorf("write rules: %w", err)
	}
	return nil
}
