package codegen

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/golden")

// TestGolden generates the packages of testdata/small.yaml (one of every feature) and
// testdata/names.yaml (the Go names of wire names) and compares every file with
// testdata/golden/<file>.golden and testdata/golden-names/<file>.golden. Run
// `go test ./internal/codegen -run Golden -update` to accept a change, then read the diff.
func TestGolden(t *testing.T) {
	for _, fx := range []struct{ spec, dir, pkg, importPath string }{
		{"testdata/small.yaml", "golden", "v99", "example.com/gen/customer/v99"},
		{"testdata/names.yaml", "golden-names", "v98", "example.com/gen/agent/v98"},
	} {
		t.Run(fx.dir, func(t *testing.T) { testGolden(t, fx.spec, filepath.Join("testdata", fx.dir), fx.pkg, fx.importPath) })
	}
}

func testGolden(t *testing.T, specPath, dir, pkg, importPath string) {
	s, err := spec.Load(specPath)
	if err != nil {
		t.Fatal(err)
	}
	files, err := Generate(s, Options{Package: pkg, ImportPath: importPath})
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	names := map[string]bool{}
	for _, f := range files {
		path := filepath.Join(dir, f.Name+".golden")
		names[filepath.Base(path)] = true
		if *update {
			if err := os.WriteFile(path, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%v (run with -update to create it)", err)
			continue
		}
		if !bytes.Equal(want, f.Data) {
			t.Errorf("%s differs from %s; run go test ./internal/codegen -run Golden -update and read the diff", f.Name, path)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !names[e.Name()] {
			t.Errorf("%s is no longer generated; run with -update", filepath.Join(dir, e.Name()))
		}
	}
}

// TestDeterministic generates every real spec twice: not a byte may change.
func TestDeterministic(t *testing.T) {
	paths, _ := filepath.Glob("../../spec/*/*.yaml")
	paths = append(paths, "testdata/small.yaml", "testdata/names.yaml")
	for _, p := range paths {
		s, err := spec.Load(p)
		if err != nil {
			t.Fatal(err)
		}
		opts := Options{Package: PackageName(s.Version), ImportPath: "example.com/x"}
		a, err := Generate(s, opts)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Generate(s, opts)
		if err != nil {
			t.Fatal(err)
		}
		if len(a) != len(b) {
			t.Fatalf("%s: %d files, then %d", p, len(a), len(b))
		}
		for i := range a {
			if a[i].Name != b[i].Name || !bytes.Equal(a[i].Data, b[i].Data) {
				t.Errorf("%s: %s differs between two runs", p, a[i].Name)
			}
		}
	}
}
