package main

import (
	"bytes"
	"testing"
)

// BenchmarkCheck is `gen -check` on the repository: load, validate and
// generate the four specs, then compare the output with the committed
// files under gen/. It fails if they are stale.
func BenchmarkCheck(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		var stderr bytes.Buffer
		if code := runGen([]string{"-check"}, &bytes.Buffer{}, &stderr); code != exitOK {
			b.Fatalf("gen -check: exit %d: %s", code, stderr.String())
		}
	}
}
