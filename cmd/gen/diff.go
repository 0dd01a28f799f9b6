package main

import "io"

// runDiff is `gen diff`: see internal/specdiff.
func runDiff(args []string, stdout, stderr io.Writer) int {
	return fail(stderr, exitUsage, "diff is not built yet")
}
