// Command table turns the output of `go test -bench` into one markdown
// table: a row per benchmark, its time, bytes and allocations per op, and
// the metrics it reports itself. When a benchmark ran several times
// (-count), each number is the median of its runs. `make bench` pipes the
// benchmarks through it; see BENCHMARKS.md.
//
//	go test -run '^$' -bench . -benchmem ./bench | go run ./bench/table
//	go run ./bench/table bench.out
//
// It copies its input to stderr as it reads it (-q: do not), so that a long
// run shows its progress, and prints the table on stdout at the end. It
// exits 1 if the input reports a failure.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	quiet := flag.Bool("q", false, "do not copy the input to stderr")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: go test -bench ... | table [-q]   or   table [-q] FILE")
		flag.PrintDefaults()
	}
	flag.Parse()
	var in io.Reader = os.Stdin
	switch flag.NArg() {
	case 0:
	case 1:
		f, err := os.Open(flag.Arg(0))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		defer f.Close()
		in = f
	default:
		flag.Usage()
		os.Exit(2)
	}
	if !*quiet {
		in = io.TeeReader(in, os.Stderr)
	}
	res, err := parse(in)
	if err != nil {
		fmt.Fprintln(os.Stderr, "table:", err)
		os.Exit(2)
	}
	w := bufio.NewWriter(os.Stdout)
	render(w, res)
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "table:", err)
		os.Exit(2)
	}
	if res.failed {
		fmt.Fprintln(os.Stderr, "table: the benchmark run reported a failure")
		os.Exit(1)
	}
}
