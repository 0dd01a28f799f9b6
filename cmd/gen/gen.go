package main

import (
	"flag"
	"io"
)

func runGen(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	validateOnly := fs.Bool("validate", false, "load and validate the specs named as arguments, print problems")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if *validateOnly {
		if fs.NArg() == 0 {
			return fail(stderr, exitUsage, "-validate needs spec files")
		}
		if validate(fs.Args(), stdout, stderr) > 0 {
			return exitFailure
		}
		return exitOK
	}
	return fail(stderr, exitUsage, "generation is not built yet")
}

func runDiff(args []string, stdout, stderr io.Writer) int {
	return fail(stderr, exitUsage, "diff is not built yet")
}
