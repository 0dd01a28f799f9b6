package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/rtmkit/livechat-rtm/internal/livechatdocs"
	"github.com/rtmkit/livechat-rtm/internal/spec"
)

const verifyUsage = `usage: gen verify -docs DIR [-v] [-stats] SPEC...

Compares each reviewed spec with what gen import reads from a checkout of LiveChat's docs
(DIR) and prints every disagreement with the position on both sides: an item on one side
only, a different requiredness or type class, a changelog fact (removed, renamed or added by
the spec's version). A spec acknowledges a deliberate difference with differs_from_docs (see
spec/README.md); acknowledged ones are printed with -v. Exit 1 on any unacknowledged one.

flags:
`

func runVerify(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("gen verify", verifyUsage, stderr)
	docsDir := fs.String("docs", "", "the docs checkout (e.g. ../shared/livechat-docs)")
	verbose := fs.Bool("v", false, "also print the acknowledged disagreements")
	stats := fs.Bool("stats", false, "print the agreement figures, item by item, per spec")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if *docsDir == "" || fs.NArg() == 0 {
		fs.Usage()
		return exitUsage
	}
	if st, err := os.Stat(*docsDir); err != nil || !st.IsDir() {
		return fail(stderr, exitUsage, "verify: -docs %s: not a directory", *docsDir)
	}
	var specs []*spec.Spec
	for _, p := range fs.Args() {
		s, err := spec.Load(p)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return exitUsage
		}
		specs = append(specs, s)
	}
	docs := livechatdocs.Open(*docsDir)
	code := exitOK
	for _, s := range specs {
		rep, err := docs.Verify(s, specs)
		if err != nil {
			fmt.Fprintf(stderr, "%s: verify: %v\n", s.Path, err)
			code = exitFailure
			continue
		}
		for _, d := range rep.Disagreements {
			if d.Acknowledged() && !*verbose {
				continue
			}
			fmt.Fprintln(stdout, d.Format(s.Path))
		}
		for _, st := range rep.Stale {
			fmt.Fprintf(stdout, "%s:%d: differs_from_docs: %s acknowledges no disagreement with the docs (fixed since, or misspelled?)\n", s.Path, st.Pos.Line, st.Item)
		}
		for _, st := range rep.StaleItems {
			fmt.Fprintf(stdout, "%s:%d: %s: its differs_from_docs acknowledges no disagreement with the docs (fixed since?)\n", s.Path, st.Pos.Line, st.Item)
		}
		for _, u := range rep.Unverified {
			fmt.Fprintf(stdout, "%s: not verified: %s\n", s.Path, u)
		}
		n, un := len(rep.Disagreements), rep.Unacknowledged()
		fmt.Fprintf(stdout, "%s: %d disagreements with the docs, %d acknowledged, %d not\n", s.Path, n, n-un, un)
		if *stats && len(rep.Stats.Categories) > 0 {
			printStats(stdout, s.Path, &rep.Stats)
		}
		if un > 0 {
			code = exitFailure
		}
	}
	return code
}

func printStats(w io.Writer, path string, st *livechatdocs.Stats) {
	fmt.Fprintf(w, "%s: agreement with the importer, item by item (agree / agree or acknowledged / items):\n", path)
	total, agree, acked := 0, 0, 0
	line := func(name string, a, k, t int) {
		fmt.Fprintf(w, "  %-22s %4d %6.1f%%   %4d %6.1f%%   %4d\n", name, a, pct(a, t), a+k, pct(a+k, t), t)
	}
	for _, c := range st.Categories {
		t, a, k := st.Total[c], st.Agree[c], st.Acknowledged[c]
		total, agree, acked = total+t, agree+a, acked+k
		line(c, a, k, t)
	}
	line("all", agree, acked, total)
}

func pct(a, t int) float64 {
	if t == 0 {
		return 100
	}
	return 100 * float64(a) / float64(t)
}
