package main

import (
	"fmt"
	"io"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"
)

// The columns every benchmark has (with -benchmem); other units go to the
// last column.
var standardUnits = []string{"ns/op", "B/op", "allocs/op"}

// render writes the environment lines and the markdown table.
func render(w io.Writer, res *results) {
	for _, e := range res.env {
		fmt.Fprintln(w, e)
	}
	runs := 0
	procs := map[string]bool{}
	for _, r := range res.rows {
		runs = max(runs, r.runs)
		procs[r.procs] = true
	}
	if len(procs) == 1 {
		for p := range procs {
			fmt.Fprintf(w, "GOMAXPROCS: %s\n", p)
		}
	}
	if runs > 1 {
		fmt.Fprintf(w, "each number is the median of up to %d runs\n", runs)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| benchmark | time/op | B/op | allocs/op | metrics |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | --- |")
	multiPkg := len(pkgs(res)) > 1
	for _, r := range res.rows {
		name := r.name
		if multiPkg {
			name = path.Base(r.pkg) + ": " + name
		}
		if len(procs) > 1 {
			name += " (GOMAXPROCS=" + r.procs + ")"
		}
		cells := []string{name}
		for _, u := range standardUnits {
			cells = append(cells, r.cell(u))
		}
		var extra []string
		for _, u := range r.units {
			if !slices.Contains(standardUnits, u) {
				extra = append(extra, u+" "+number(median(r.samples[u])))
			}
		}
		cells = append(cells, strings.Join(extra, ", "))
		fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
	}
}

func pkgs(res *results) []string {
	var out []string
	for _, r := range res.rows {
		if !slices.Contains(out, r.pkg) {
			out = append(out, r.pkg)
		}
	}
	return out
}

// cell formats the median of one standard unit, "" if absent.
func (r *row) cell(unit string) string {
	s, ok := r.samples[unit]
	if !ok {
		return ""
	}
	v := median(s)
	if unit == "ns/op" {
		return duration(v)
	}
	return number(v)
}

func median(s []float64) float64 {
	s = slices.Clone(s)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// duration formats nanoseconds with a unit that keeps 3 or 4 digits.
func duration(ns float64) string {
	switch {
	case ns < 1e3:
		return number(ns) + " ns"
	case ns < 1e6:
		return strconv.FormatFloat(ns/1e3, 'f', 1, 64) + " µs"
	case ns < 1e9:
		return strconv.FormatFloat(ns/1e6, 'f', 1, 64) + " ms"
	}
	return strconv.FormatFloat(ns/1e9, 'f', 2, 64) + " s"
}

// number formats a value: whole and large values as integers with
// thousands separators, others with 3 significant digits.
func number(v float64) string {
	a := math.Abs(v)
	switch {
	case a == math.Trunc(a) || a >= 1000:
		return thousands(int64(math.Round(v)))
	case a < 0.01:
		return strconv.FormatFloat(v, 'g', 3, 64)
	case a < 10:
		return strconv.FormatFloat(v, 'f', 3-digitsBeforePoint(a), 64)
	case a < 1000:
		return strconv.FormatFloat(v, 'f', max(0, 3-digitsBeforePoint(a)), 64)
	}
	return thousands(int64(math.Round(v)))
}

func digitsBeforePoint(a float64) int {
	if a < 1 {
		return 1
	}
	return int(math.Floor(math.Log10(a))) + 1
}

func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
