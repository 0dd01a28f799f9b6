// Command gen generates the typed Go packages of gen/ from the API specs of spec/, checks that
// the committed packages are up to date, validates specs, and compares two specs.
//
// Usage:
//
//	gen [-spec FILE]... [-out DIR]     regenerate (all specs of spec/ by default)
//	gen -check                         exit 1, naming stale files, if gen/ differs from fresh output
//	gen -validate FILE...              load and validate specs, print file:line:col errors
//	gen diff [flags] OLD NEW           what changed between two specs, and what breaks
//	gen import -docs DIR -api A -version X.Y [-o FILE]
//	                                   a draft spec read from a checkout of LiveChat's docs
//	gen verify -docs DIR [-v] [-stats] SPEC...
//	                                   every disagreement of reviewed specs with the docs
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1 // stale output, or changes at the -fail-on level
	exitUsage   = 2 // bad flags or invalid input
)

// run is the whole command, testable: it returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "diff":
			return runDiff(args[1:], stdout, stderr)
		case "import":
			return runImport(args[1:], stdout, stderr)
		case "verify":
			return runVerify(args[1:], stdout, stderr)
		}
	}
	return runGen(args, stdout, stderr)
}

func fail(stderr io.Writer, code int, format string, args ...any) int {
	fmt.Fprintf(stderr, "gen: "+format+"\n", args...)
	return code
}

// newFlagSet returns the flag set of a (sub)command that reports its errors and its usage, the
// text followed by the flags' defaults, on stderr.
func newFlagSet(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	return fs
}
