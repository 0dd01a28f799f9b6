package specdiff

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/")

// realPairs are the real API versions compared end to end.
var realPairs = []struct {
	name     string
	old, new string
}{
	{"agent-v3.0-v3.6", "spec/agent/v3.0.yaml", "spec/agent/v3.6.yaml"},
	{"customer-v3.0-v3.2", "spec/customer/v3.0.yaml", "spec/customer/v3.2.yaml"},
}

var realSpecs = []string{"spec/agent/v3.0.yaml", "spec/agent/v3.6.yaml", "spec/customer/v3.0.yaml", "spec/customer/v3.2.yaml"}

// load loads a spec of the repository by its path from the repository root, which is how
// the reports name it.
func load(t *testing.T, rel string) *spec.Spec {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", rel))
	if err != nil {
		t.Fatal(err)
	}
	s, err := spec.Parse(rel, data)
	if err != nil {
		t.Fatalf("load %s: %v", rel, err)
	}
	return s
}

var formats = []struct {
	ext   string
	write func(*bytes.Buffer, *Report) error
}{
	{"txt", func(b *bytes.Buffer, r *Report) error { return WriteText(b, r) }},
	{"md", func(b *bytes.Buffer, r *Report) error { return WriteMarkdown(b, r) }},
	{"json", func(b *bytes.Buffer, r *Report) error { return WriteJSON(b, r) }},
}

// TestGolden compares the reports on the real version pairs with testdata/; run with
// -update to rewrite them, then read the diff.
func TestGolden(t *testing.T) {
	for _, p := range realPairs {
		r := Diff(load(t, p.old), load(t, p.new), Options{})
		for _, f := range formats {
			t.Run(p.name+"."+f.ext, func(t *testing.T) {
				var b bytes.Buffer
				if err := f.write(&b, r); err != nil {
					t.Fatal(err)
				}
				golden := filepath.Join("testdata", p.name+"."+f.ext)
				if *update {
					if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test -update to create it)", err)
				}
				if diff := cmp.Diff(string(want), b.String()); diff != "" {
					t.Errorf("%s is stale (go test ./internal/specdiff -update rewrites it) (-want +got):\n%s", golden, diff)
				}
			})
		}
	}
}

// TestDeterministic: the same specs give the same bytes, whatever the order of the runs.
func TestDeterministic(t *testing.T) {
	p := realPairs[0]
	var first [3][]byte
	for run := range 3 {
		r := Diff(load(t, p.old), load(t, p.new), Options{})
		for i, f := range formats {
			var b bytes.Buffer
			if err := f.write(&b, r); err != nil {
				t.Fatal(err)
			}
			if run == 0 {
				first[i] = b.Bytes()
			} else if !bytes.Equal(first[i], b.Bytes()) {
				t.Fatalf("run %d: the %s report differs from the first run's", run, f.ext)
			}
		}
	}
}

func TestSelfDiffIsEmpty(t *testing.T) {
	for _, path := range realSpecs {
		t.Run(path, func(t *testing.T) {
			for _, lens := range []Lens{LensAll, LensWire, LensGo} {
				r := Diff(load(t, path), load(t, path), Options{Lens: lens})
				if len(r.Changes) != 0 {
					t.Errorf("lens %s: a spec against itself: %d changes, first %s", lens, len(r.Changes), line(r.Changes[0]))
				}
				if r.Max() != 0 {
					t.Errorf("lens %s: Max = %v, want 0", lens, r.Max())
				}
			}
			var b bytes.Buffer
			r := Diff(load(t, path), load(t, path), Options{})
			if err := WriteJSON(&b, r); err != nil {
				t.Fatal(err)
			}
			var doc struct{ Changes []any }
			if err := json.Unmarshal(b.Bytes(), &doc); err != nil || doc.Changes == nil || len(doc.Changes) != 0 {
				t.Errorf("JSON of no changes: want \"changes\": [], got %s (%v)", b.String(), err)
			}
		})
	}
}

// TestREADMEExcerpt keeps the excerpt of the agent v3.0 -> v3.6 report in README.md true:
// each of its lines (but "...") is a line of the current report.
func TestREADMEExcerpt(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "## Comparing versions")
	if !ok {
		t.Fatal(`README.md has no "## Comparing versions" section`)
	}
	_, excerpt, ok := strings.Cut(section, "```\nagent API v3.0 -> v3.6")
	excerpt, _, ok2 := strings.Cut(excerpt, "```")
	if !ok || !ok2 {
		t.Fatal("README.md: no excerpt of the agent v3.0 -> v3.6 report")
	}
	var b bytes.Buffer
	if err := WriteText(&b, Diff(load(t, realPairs[0].old), load(t, realPairs[0].new), Options{})); err != nil {
		t.Fatal(err)
	}
	report := map[string]bool{}
	for _, l := range strings.Split(b.String(), "\n") {
		report[l] = true
	}
	for _, l := range strings.Split("agent API v3.0 -> v3.6"+excerpt, "\n") {
		if strings.TrimSpace(l) != "..." && !report[l] {
			t.Errorf("README.md excerpt line is not in the report: %q", l)
		}
	}
}
