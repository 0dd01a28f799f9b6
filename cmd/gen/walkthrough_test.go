package main

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// walkthroughDocs stands for the docs checkout in the README's walkthrough; the test runs the
// commands on testdata/walkthrough/docs instead, a subset of LiveChat's docs for customer v3.6
// (five methods, five pushes, every data structure and sample file, the v3.6 changelog).
const walkthroughDocs = "../shared/livechat-docs"

// TestWalkthrough: the README's "When LiveChat ships a new version" works as written. Its
// commands, read from README.md, run on a scratch copy of the module (without customer v3.6):
// the import writes a draft that loads; the review (the one step done by hand) is the reviewed
// fixture spec, which names the draft's actions and pushes; verify passes; gen writes the package
// and the migration guide from v3.2; the package's generated tests pass; diff prints the guide.
func TestWalkthrough(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and tests a generated package in a scratch module")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	cmds := readmeWalkthrough(t, "../../README.md")
	docs, err := filepath.Abs("testdata/walkthrough/docs")
	if err != nil {
		t.Fatal(err)
	}
	reviewed, err := os.ReadFile("testdata/walkthrough/customer-v3.6.reviewed.yaml")
	if err != nil {
		t.Fatal(err)
	}
	scratch := scratchCopy(t, "../..")
	t.Chdir(scratch)

	var draft *spec.Spec
	var diffOut string
	for _, line := range cmds {
		args := strings.Fields(line)
		for i, a := range args {
			if a == walkthroughDocs {
				args[i] = docs
			}
		}
		switch {
		case len(args) > 3 && args[0] == "go" && args[1] == "run" && args[2] == "./cmd/gen":
			code, stdout, stderr := runGenCmd(args[3:]...)
			if code != exitOK {
				t.Fatalf("%s: exit %d\n%s%s", line, code, stdout, stderr)
			}
			if args[3] == "import" {
				out := args[slices.Index(args, "-o")+1]
				if draft, err = spec.Load(out); err != nil {
					t.Fatalf("%s: the draft does not load: %v", line, err)
				}
			}
			if args[3] == "diff" {
				diffOut = stdout
			}
		case len(args) == 3 && args[0] == "go" && args[1] == "run" && args[2] == "./cmd/gen":
			if code, stdout, stderr := runGenCmd(); code != exitOK {
				t.Fatalf("%s: exit %d\n%s%s", line, code, stdout, stderr)
			}
		case args[0] == "$EDITOR":
			if draft == nil {
				t.Fatalf("%s: no draft imported before the review", line)
			}
			rs, err := spec.Parse(args[1], reviewed)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := names(rs), names(draft); got != want {
				t.Fatalf("the reviewed fixture spec is not a review of the draft: it has\n%s\nthe draft has\n%s", got, want)
			}
			mustWrite(t, args[1], string(reviewed))
		case args[0] == "go" && args[1] == "test":
			cmd := exec.Command(goTool, args[1:]...)
			cmd.Dir = scratch
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", line, err, out)
			}
		default:
			t.Fatalf("the README walkthrough has a command this test does not run: %q", line)
		}
	}
	if diffOut == "" || !strings.HasPrefix(diffOut, "# Migrating from customer API v3.2 to v3.6") {
		t.Errorf("gen diff printed %.80q, want the migration guide", diffOut)
	}
	guide, err := os.ReadFile(filepath.Join(scratch, "docs", "migrations", "customer-v3.2-to-v3.6.md"))
	if err != nil {
		t.Fatalf("gen wrote no migration guide: %v", err)
	}
	if string(guide) != diffOut {
		t.Errorf("the committed guide differs from what gen diff -format markdown prints")
	}
	if _, err := os.Stat(filepath.Join(scratch, "gen", "customer", "v36", "client.go")); err != nil {
		t.Errorf("no package: %v", err)
	}
}

// TestWalkthroughBadInput: the walkthrough's mistakes give errors that name the file (and the
// line): a docs folder that lacks a page of the version, a version the docs do not have.
func TestWalkthroughBadInput(t *testing.T) {
	docs, err := filepath.Abs("testdata/walkthrough/docs")
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "v.yaml")
	code, _, stderr := runGenCmd("import", "-docs", docs, "-api", "customer", "-version", "3.9", "-o", out)
	if code == exitOK || !strings.Contains(stderr, "src/pages/messaging/customer-chat-api/rtm-reference/index.mdx:") ||
		!strings.Contains(stderr, "3.9") {
		t.Errorf("a version the docs do not have: exit %d\n%s", code, stderr)
	}

	lacking := scratchCopy(t, docs)
	if err := os.Remove(filepath.Join(lacking, "src/pages/messaging/customer-chat-api/rtm-pushes/index.mdx")); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runGenCmd("import", "-docs", lacking, "-api", "customer", "-version", "3.6", "-o", out)
	if code == exitOK || !strings.Contains(stderr, "src/pages/messaging/customer-chat-api/rtm-pushes/index.mdx") ||
		!strings.Contains(stderr, "missing page") {
		t.Errorf("a docs folder without the pushes page: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("a failed import wrote %s", out)
	}
}

// readmeWalkthrough returns the command lines of the first sh block of the README's section
// "When LiveChat ships a new version", without their comments.
func readmeWalkthrough(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(data), "\n## When LiveChat ships a new version\n")
	if !ok {
		t.Fatal("README has no section \"When LiveChat ships a new version\"")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	_, block, ok := strings.Cut(section, "```sh\n")
	if !ok {
		t.Fatal("the walkthrough section has no sh block")
	}
	block, _, _ = strings.Cut(block, "```")
	var cmds []string
	for line := range strings.Lines(block) {
		if i := strings.Index(line, " #"); i >= 0 {
			line = line[:i]
		}
		if line = strings.TrimSpace(line); line != "" {
			cmds = append(cmds, line)
		}
	}
	if len(cmds) < 5 {
		t.Fatalf("the walkthrough has %d commands: %q", len(cmds), cmds)
	}
	return cmds
}

// scratchCopy copies the module at root (or any folder) into a temporary directory, leaving out
// version control, the generated packages and the specs and guides of customer v3.6 and later
// (the walkthrough makes them).
func scratchCopy(t *testing.T, root string) string {
	t.Helper()
	dst := t.TempDir()
	skip := func(rel string) bool {
		switch {
		case rel == ".git", rel == "gen", rel == "bench", rel == "examples", rel == "tools":
			return true
		case strings.HasPrefix(rel, "spec/customer/v3.") && rel >= "spec/customer/v3.6":
			return true
		case strings.HasPrefix(rel, "spec/agent/"), strings.HasPrefix(rel, "docs/migrations/"):
			return true
		}
		return false
	}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel != "." && skip(rel) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// names lists a spec's actions and pushes, one per line, for comparing a draft and its review.
func names(s *spec.Spec) string {
	var b bytes.Buffer
	for _, a := range s.Actions {
		b.WriteString("action " + a.Name + "\n")
	}
	for _, p := range s.Pushes {
		b.WriteString("push " + p.Name + "\n")
	}
	return b.String()
}
