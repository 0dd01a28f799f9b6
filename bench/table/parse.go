package main

import (
	"bufio"
	"io"
	"strconv"
	"strings"
)

// results is what a `go test -bench` output holds.
type results struct {
	env    []string // "goos: linux", "cpu: ...", in order of first appearance
	rows   []*row   // in order of first appearance
	failed bool     // a FAIL or panic line
}

// row is one benchmark, over all its runs.
type row struct {
	pkg     string
	name    string // without the "Benchmark" prefix and the -GOMAXPROCS suffix
	procs   string // GOMAXPROCS: the name's -N suffix, "1" without one
	runs    int
	units   []string             // in order of first appearance
	samples map[string][]float64 // unit -> one value per run
}

// parse reads benchmark output.
func parse(r io.Reader) (*results, error) {
	res := &results{}
	byKey := map[string]*row{}
	seenEnv := map[string]bool{}
	pkg := ""
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "pkg: "):
			pkg = strings.TrimPrefix(line, "pkg: ")
		case strings.HasPrefix(line, "goos: "), strings.HasPrefix(line, "goarch: "), strings.HasPrefix(line, "cpu: "):
			if !seenEnv[line] {
				seenEnv[line] = true
				res.env = append(res.env, line)
			}
		case strings.HasPrefix(line, "FAIL"), strings.HasPrefix(line, "--- FAIL"), strings.HasPrefix(line, "panic: "):
			res.failed = true
		case strings.HasPrefix(line, "Benchmark"):
			name, procs, values, ok := parseLine(line)
			if !ok {
				continue // e.g. a benchmark's own log line
			}
			key := pkg + " " + name + " " + procs
			rw := byKey[key]
			if rw == nil {
				rw = &row{pkg: pkg, name: name, procs: procs, samples: map[string][]float64{}}
				byKey[key] = rw
				res.rows = append(res.rows, rw)
			}
			rw.runs++
			for _, v := range values {
				if _, ok := rw.samples[v.unit]; !ok {
					rw.units = append(rw.units, v.unit)
				}
				rw.samples[v.unit] = append(rw.samples[v.unit], v.value)
			}
		}
	}
	return res, sc.Err()
}

type metric struct {
	value float64
	unit  string
}

// parseLine parses "BenchmarkName-2  N  1.5 ns/op  3 B/op ...".
func parseLine(line string) (name, procs string, values []metric, ok bool) {
	f := strings.Fields(line)
	if len(f) < 4 || len(f)%2 != 0 {
		return "", "", nil, false
	}
	if _, err := strconv.Atoi(f[1]); err != nil {
		return "", "", nil, false
	}
	name, procs = strings.TrimPrefix(f[0], "Benchmark"), "1"
	if i := strings.LastIndexByte(name, '-'); i > 0 {
		if _, err := strconv.Atoi(name[i+1:]); err == nil {
			name, procs = name[:i], name[i+1:]
		}
	}
	for i := 2; i+1 < len(f); i += 2 {
		v, err := strconv.ParseFloat(f[i], 64)
		if err != nil {
			return "", "", nil, false
		}
		values = append(values, metric{value: v, unit: f[i+1]})
	}
	return name, procs, values, true
}
