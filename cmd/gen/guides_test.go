package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// scratchModule makes a module in a temporary directory with the small codegen spec as customer
// v9.8 and v9.9 (the newer one with one action fewer), and changes into it.
func scratchModule(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile("../../internal/codegen/testdata/small.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "go.mod"), "module example.com/scratch\n\ngo 1.26\n")
	old := strings.Replace(string(src), `version: "9.9"`, `version: "9.8"`, 1)
	if old == string(src) {
		t.Fatal(`small.yaml has no version: "9.9" line`)
	}
	mustWrite(t, filepath.Join(dir, "spec", "customer", "v9.8.yaml"), old)
	mustWrite(t, filepath.Join(dir, "spec", "customer", "v9.9.yaml"), string(src))
	t.Chdir(dir)
	return dir
}

// TestMigrationGuideDrift: gen writes the guide between consecutive versions, and -check fails,
// naming it, when a spec changed and the guide was not regenerated.
func TestMigrationGuideDrift(t *testing.T) {
	dir := scratchModule(t)
	code, stdout, stderr := runGenCmd()
	if code != exitOK || !strings.Contains(stdout, "docs/migrations/customer-v9.8-to-v9.9.md") {
		t.Fatalf("gen: exit %d\n%s%s", code, stdout, stderr)
	}
	guide, err := os.ReadFile(filepath.Join(dir, "docs", "migrations", "customer-v9.8-to-v9.9.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(guide), "# Migrating from customer API v9.8 to v9.9") {
		t.Errorf("guide starts %.80q", guide)
	}
	if code, _, stderr := runGenCmd("-check"); code != exitOK {
		t.Fatalf("-check right after gen: exit %d\n%s", code, stderr)
	}

	// A push added to the newer spec changes the guide.
	newer := filepath.Join(dir, "spec", "customer", "v9.9.yaml")
	src, _ := os.ReadFile(newer)
	mustWrite(t, newer, withNewPush(t, string(src)))
	code, _, stderr = runGenCmd("-check")
	if code != exitFailure || !strings.Contains(stderr, "stale: docs/migrations/customer-v9.8-to-v9.9.md") {
		t.Fatalf("-check after a spec change: exit %d, want 1 naming the guide\n%s", code, stderr)
	}
	if code, _, stderr := runGenCmd(); code != exitOK {
		t.Fatalf("gen: exit %d\n%s", code, stderr)
	}
	guide, _ = os.ReadFile(filepath.Join(dir, "docs", "migrations", "customer-v9.8-to-v9.9.md"))
	if !strings.Contains(string(guide), "brand_new_push") {
		t.Errorf("the regenerated guide does not mention the new push:\n%s", guide)
	}
	os.Remove(filepath.Join(dir, "docs", "migrations", "customer-v9.8-to-v9.9.md"))
	if code, _, stderr := runGenCmd("-check"); code != exitFailure || !strings.Contains(stderr, "missing: docs/migrations/customer-v9.8-to-v9.9.md") {
		t.Fatalf("-check without the guide: exit %d\n%s", code, stderr)
	}
}

// TestGenerateAllOrNothing: when one spec of the set is invalid, gen writes no package at all;
// when a package's files cannot all be written, none of them changes.
func TestGenerateAllOrNothing(t *testing.T) {
	dir := scratchModule(t)
	bad := filepath.Join(dir, "spec", "customer", "v9.9.yaml")
	src, _ := os.ReadFile(bad)
	mustWrite(t, bad, strings.Replace(string(src), "type: string", "type: strng", 1))
	code, _, stderr := runGenCmd()
	if code != exitUsage || !strings.Contains(stderr, "spec/customer/v9.9.yaml:") || !strings.Contains(stderr, `unknown type "strng"`) {
		t.Fatalf("gen with a bad spec: exit %d, want 2 with file:line\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "gen")); !os.IsNotExist(err) {
		t.Fatalf("gen wrote output although a spec was invalid (stat gen/: %v)", err)
	}

	// A good set, generated; then a file of the package cannot be replaced.
	mustWrite(t, bad, string(src))
	if code, _, stderr := runGenCmd(); code != exitOK {
		t.Fatalf("gen: exit %d\n%s", code, stderr)
	}
	pkg := filepath.Join(dir, "gen", "customer", "v99")
	before := readDir(t, pkg)
	mustWrite(t, bad, withNewPush(t, string(src)))
	// A directory where a staged file must go makes that write fail.
	if err := os.Mkdir(filepath.Join(pkg, "pushes.go"+stagedSuffix), 0o755); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runGenCmd("-spec", "spec/customer/v9.9.yaml")
	if code != exitUsage || !strings.Contains(stderr, "left as it was") {
		t.Fatalf("gen with an unwritable file: exit %d, want 2\n%s", code, stderr)
	}
	os.Remove(filepath.Join(pkg, "pushes.go"+stagedSuffix))
	after := readDir(t, pkg)
	for name, data := range before {
		if after[name] != data {
			t.Errorf("%s changed although the package could not be written whole", name)
		}
	}
	if len(after) != len(before) {
		t.Errorf("files before %d, after %d (a staged file left behind?)", len(before), len(after))
	}
}

// readDir returns the files of dir by name.
func readDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = string(data)
	}
	return files
}

// withNewPush adds the push brand_new_push to a spec's text.
func withNewPush(t *testing.T, spec string) string {
	t.Helper()
	out := strings.Replace(spec, "\npushes:\n", "\npushes:\n  - name: brand_new_push\n    doc: Added in v9.9.\n", 1)
	if out == spec {
		t.Fatal("the spec has no pushes: section")
	}
	return out
}

// TestRenameOfNothing: a renamed_from that names nothing of the previous version fails
// generation with its file:line, names the previous spec, and writes nothing.
func TestRenameOfNothing(t *testing.T) {
	dir := scratchModule(t)
	newer := filepath.Join(dir, "spec", "customer", "v9.9.yaml")
	src, _ := os.ReadFile(newer)
	bad := strings.Replace(string(src), "  - name: send_event\n", "  - name: send_event\n    renamed_from: send_message\n", 1)
	if bad == string(src) {
		t.Fatal("small.yaml has no send_event action")
	}
	mustWrite(t, newer, bad)
	code, _, stderr := runGenCmd()
	line := strings.Count(bad[:strings.Index(bad, "  - name: send_event\n")], "\n") + 1
	want := fmt.Sprintf("spec/customer/v9.9.yaml:%d:5: ", line)
	if code != exitUsage || !strings.Contains(stderr, want) ||
		!strings.Contains(stderr, `action "send_event": renamed_from "send_message": spec/customer/v9.8.yaml (v9.8) has no such name`) {
		t.Fatalf("gen: exit %d, want 2 and a file:line error\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "gen")); !os.IsNotExist(err) {
		t.Errorf("gen wrote output although a rename names nothing (stat gen/: %v)", err)
	}
	// gen diff reports it too, as a warning, and still prints the report.
	code, stdout, stderr := runGenCmd("diff", "spec/customer/v9.8.yaml", "spec/customer/v9.9.yaml")
	if code != exitOK || !strings.Contains(stderr, "warning: spec/customer/v9.9.yaml:") || stdout == "" {
		t.Errorf("gen diff: exit %d\n%s\n%s", code, stdout, stderr)
	}
}
