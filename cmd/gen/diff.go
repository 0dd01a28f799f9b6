package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/rtmkit/livechat-rtm/internal/spec"
	"github.com/rtmkit/livechat-rtm/internal/specdiff"
)

const diffUsage = `usage: gen diff [-format text|markdown|json] [-fail-on ERR|WARN|breaking] [-lens all|wire|go-api] OLD NEW
       gen diff -rules

Compares two specs and reports every change, classified by a stable rule id and a level:
ERR (breaking), WARN (may break some programs), INFO (non-breaking). A change's level is the
worse of two lenses: wire (does a program written for the old JSON still work?) and go-api
(does code using the old generated package still compile?); -lens picks one.

Exit status: 0, or 1 with -fail-on when a change at that level or above exists; 2 for bad
flags or an unreadable or invalid spec.

Flags:
`

// runDiff is `gen diff`: it loads two specs, compares them with internal/specdiff and
// writes the report.
func runDiff(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("gen diff", diffUsage, stderr)
	format := fs.String("format", "text", "report format: text, markdown or json")
	failOn := fs.String("fail-on", "", "exit 1 when a change at this level or above exists: ERR (or breaking), WARN")
	lensFlag := fs.String("lens", "all", "grade changes by: all (the worse of both), wire, go-api")
	listRules := fs.Bool("rules", false, "list every rule with its level and meaning, and exit")

	// Flags may come before or after the two paths.
	var paths []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return exitOK
			}
			return exitUsage
		}
		if fs.NArg() == 0 {
			break
		}
		paths = append(paths, fs.Arg(0))
		args = fs.Args()[1:]
	}

	if *listRules {
		if err := specdiff.WriteRules(stdout); err != nil {
			return fail(stderr, exitFailure, "diff: %v", err)
		}
		return exitOK
	}
	write, ok := writers[*format]
	if !ok {
		return fail(stderr, exitUsage, "diff: unknown -format %q (want text, markdown or json)", *format)
	}
	var threshold specdiff.Level
	if *failOn != "" {
		l, err := specdiff.ParseLevel(*failOn)
		if err != nil {
			return fail(stderr, exitUsage, "diff: -fail-on: %v", err)
		}
		if l == specdiff.Info {
			return fail(stderr, exitUsage, "diff: -fail-on: want ERR, WARN or breaking, got %q", *failOn)
		}
		threshold = l
	}
	lens, err := specdiff.ParseLens(*lensFlag)
	if err != nil {
		return fail(stderr, exitUsage, "diff: -lens: %v", err)
	}
	if len(paths) != 2 {
		fs.Usage()
		return fail(stderr, exitUsage, "diff: want two spec files, OLD and NEW, got %d", len(paths))
	}

	var specs [2]*spec.Spec
	bad := false
	for i, p := range paths {
		s, err := spec.Load(p)
		if err != nil {
			bad = true
			var list spec.ErrorList
			if errors.As(err, &list) {
				for _, e := range list {
					fmt.Fprintln(stderr, e)
				}
			} else {
				fmt.Fprintf(stderr, "gen: diff: %v\n", err)
			}
			continue
		}
		specs[i] = s
	}
	if bad {
		return exitUsage
	}

	if c, err := compareVersions(specs[0].Version, specs[1].Version); err == nil && c < 0 && specs[0].API == specs[1].API {
		// The renames of NEW are declared against its previous version; when OLD is that
		// version, one that names nothing is a mistake the report would hide.
		for _, e := range checkRenames(specs[0], specs[1]) {
			fmt.Fprintf(stderr, "gen: diff: warning: %s\n", e)
		}
	}
	report := specdiff.Diff(specs[0], specs[1], specdiff.Options{Lens: lens})
	if err := write(stdout, report); err != nil {
		return fail(stderr, exitFailure, "diff: %v", err)
	}
	if threshold != 0 && report.Max() >= threshold {
		return exitFailure
	}
	return exitOK
}

// writers are the report formats of -format.
var writers = map[string]func(io.Writer, *specdiff.Report) error{
	"text":     specdiff.WriteText,
	"markdown": specdiff.WriteMarkdown,
	"md":       specdiff.WriteMarkdown,
	"json":     specdiff.WriteJSON,
}
