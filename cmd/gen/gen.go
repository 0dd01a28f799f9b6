package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/rtmkit/livechat-rtm/internal/codegen"
	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// specFlag collects repeated -spec flags.
type specFlag []string

func (s *specFlag) String() string     { return strings.Join(*s, ",") }
func (s *specFlag) Set(v string) error { *s = append(*s, v); return nil }

const genUsage = `usage:
  gen [-spec FILE]... [-out DIR]   regenerate the packages (default: every spec/*/*.yaml into gen/)
  gen -check [-spec FILE]...       exit 1, naming the stale files, if the committed packages differ
  gen -validate FILE...            load and validate specs; print every problem as file:line:col
  gen diff [flags] OLD NEW         compare two specs (gen diff -h for its flags)
  gen import -docs DIR -api A -version X.Y [-o FILE]
                                   a draft spec read from a checkout of LiveChat's docs
  gen verify -docs DIR [-v] [-stats] SPEC...
                                   every disagreement of specs with the docs; exit 1 if any is
                                   not acknowledged (differs_from_docs)

A spec spec/<api>/v<X.Y>.yaml becomes the package <out>/<api>/v<XY> (spec/agent/v3.6.yaml ->
gen/agent/v36). Run it anywhere inside the module; paths are relative to the module root.

flags:
`

func runGen(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("gen", genUsage, stderr)
	var specs specFlag
	fs.Var(&specs, "spec", "a spec file to generate (repeatable; default: every spec/*/*.yaml)")
	out := fs.String("out", "", "the root directory of the generated packages (default: gen/ of the module)")
	check := fs.Bool("check", false, "do not write: exit 1 and name the files that differ from fresh output")
	validateOnly := fs.Bool("validate", false, "load and validate the specs named as arguments, print problems")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if *validateOnly {
		paths := append(specs, fs.Args()...)
		if len(paths) == 0 {
			return fail(stderr, exitUsage, "-validate needs spec files")
		}
		if validate(paths, stdout, stderr) > 0 {
			return exitFailure
		}
		return exitOK
	}
	if fs.NArg() > 0 {
		return fail(stderr, exitUsage, "unexpected arguments %q (use -spec FILE)", fs.Args())
	}
	module, root, err := findModule()
	if err != nil {
		return fail(stderr, exitUsage, "%v", err)
	}
	if len(specs) == 0 {
		specs, err = filepath.Glob(filepath.Join(root, "spec", "*", "*.yaml"))
		if err != nil || len(specs) == 0 {
			return fail(stderr, exitUsage, "no specs found under %s", filepath.Join(root, "spec"))
		}
	}
	outAbs := filepath.Join(root, "gen")
	if *out != "" {
		if outAbs, err = filepath.Abs(*out); err != nil {
			return fail(stderr, exitUsage, "%v", err)
		}
	}
	// Generate everything before writing anything: a spec that fails leaves every package and
	// guide as it was.
	var pkgs []*genPackage
	for _, path := range specs {
		pkg, err := generate(path, root, module, outAbs)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return exitUsage
		}
		pkgs = append(pkgs, pkg)
	}
	var guides []guide
	if *out == "" {
		guides, err = migrationGuides(root, pkgs)
		if err != nil {
			return fail(stderr, exitUsage, "%v", err)
		}
	}
	if *check {
		stale := 0
		for _, pkg := range pkgs {
			diffs, err := compare(pkg, root)
			if err != nil {
				return fail(stderr, exitUsage, "%v", err)
			}
			for _, d := range diffs {
				fmt.Fprintln(stderr, d)
			}
			stale += len(diffs)
		}
		for _, g := range guides {
			if d := g.compare(root); d != "" {
				fmt.Fprintln(stderr, d)
				stale++
			}
		}
		if stale > 0 {
			fmt.Fprintf(stderr, "gen: %d generated files are stale; run make gen (go run ./cmd/gen) and commit the result\n", stale)
			return exitFailure
		}
		return exitOK
	}
	for _, pkg := range pkgs {
		if err := write(pkg); err != nil {
			return fail(stderr, exitUsage, "%v", err)
		}
		fmt.Fprintf(stdout, "%s -> %s (%d files)\n", pkg.spec.Path, rel(root, pkg.dir), len(pkg.files))
	}
	for _, g := range guides {
		changed, err := g.write()
		if err != nil {
			return fail(stderr, exitUsage, "%v", err)
		}
		if changed {
			fmt.Fprintf(stdout, "%s -> %s (migration guide)\n", g.from, rel(root, g.path))
		}
	}
	return exitOK
}

// genPackage is the generated output of one spec.
type genPackage struct {
	spec  *spec.Spec
	dir   string
	files []codegen.File
}

// generate loads the spec at path and generates its package under out.
func generate(path, root, module, out string) (*genPackage, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		return nil, fmt.Errorf("gen: %w", err)
	}
	// The spec's path as it appears in errors and in the generated files' headers: relative
	// to the module root, so the output does not depend on where the module is checked out.
	s, err := spec.Parse(rel(root, abs), data)
	if err != nil {
		return nil, err
	}
	pkgName := codegen.PackageName(s.Version)
	dir := filepath.Join(out, s.API, pkgName)
	relDir, err := filepath.Rel(root, dir)
	if err != nil || strings.HasPrefix(relDir, "..") {
		return nil, fmt.Errorf("gen: output %s is outside the module at %s", dir, root)
	}
	files, err := codegen.Generate(s, codegen.Options{
		Package:    pkgName,
		ImportPath: module + "/" + filepath.ToSlash(relDir),
	})
	if err != nil {
		return nil, err
	}
	return &genPackage{spec: s, dir: dir, files: files}, nil
}

// isGenerated reports whether a file on disk was written by this command.
func isGenerated(path string) bool {
	data, err := os.ReadFile(path)
	return err == nil && bytes.HasPrefix(data, []byte("// Code generated by cmd/gen"))
}

// compare lists the differences between pkg and the files on disk, with paths relative to
// root.
func compare(pkg *genPackage, root string) ([]string, error) {
	var diffs []string
	want := map[string]bool{}
	for _, f := range pkg.files {
		path := filepath.Join(pkg.dir, f.Name)
		want[f.Name] = true
		old, err := os.ReadFile(path)
		switch {
		case errors.Is(err, os.ErrNotExist):
			diffs = append(diffs, "missing: "+rel(root, path))
		case err != nil:
			return nil, err
		case !bytes.Equal(old, f.Data):
			diffs = append(diffs, "stale: "+rel(root, path))
		}
	}
	entries, _ := os.ReadDir(pkg.dir)
	for _, e := range entries {
		path := filepath.Join(pkg.dir, e.Name())
		if !want[e.Name()] && strings.HasSuffix(e.Name(), ".go") && isGenerated(path) {
			diffs = append(diffs, "extra: "+rel(root, path))
		}
	}
	return diffs, nil
}

// write writes the package's files that changed and removes generated files it no longer has.
// It writes all the files or none: each changed file is first written beside its final name,
// and only when all of them are written are they renamed into place.
func write(pkg *genPackage) error {
	if err := os.MkdirAll(pkg.dir, 0o755); err != nil {
		return err
	}
	want := map[string]bool{}
	var staged []string // final paths whose content waits in path+stagedSuffix
	unstage := func() {
		for _, path := range staged {
			os.Remove(path + stagedSuffix)
		}
	}
	for _, f := range pkg.files {
		want[f.Name] = true
		path := filepath.Join(pkg.dir, f.Name)
		if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, f.Data) {
			continue
		}
		if err := os.WriteFile(path+stagedSuffix, f.Data, 0o644); err != nil {
			os.Remove(path + stagedSuffix)
			unstage()
			return fmt.Errorf("gen: %s left as it was: %w", pkg.dir, err)
		}
		staged = append(staged, path)
	}
	for i, path := range staged {
		if err := os.Rename(path+stagedSuffix, path); err != nil {
			unstage()
			return fmt.Errorf("gen: %s: %d of %d changed files written: %w", pkg.dir, i, len(staged), err)
		}
	}
	entries, err := os.ReadDir(pkg.dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		path := filepath.Join(pkg.dir, e.Name())
		if !want[e.Name()] && strings.HasSuffix(e.Name(), ".go") && isGenerated(path) {
			if err := os.Remove(path); err != nil {
				return err
			}
		}
	}
	return nil
}

// stagedSuffix marks a generated file written but not yet renamed into place. The name does not
// end in .go, so a half-done write never compiles into the package.
const stagedSuffix = ".gen-tmp"

// findModule finds the enclosing module's go.mod: its module path and directory.
func findModule() (module, root string, err error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", "", err
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil {
			for line := range strings.SplitSeq(string(data), "\n") {
				if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module "); ok {
					return strings.Trim(strings.TrimSpace(rest), `"`), dir, nil
				}
			}
			return "", "", fmt.Errorf("%s: no module line", filepath.Join(dir, "go.mod"))
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", "", errors.New("not inside a Go module (no go.mod found): run gen from the module")
		}
		dir = parent
	}
}

// rel is path relative to root with forward slashes, or path itself when it is outside root.
func rel(root, path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	r, err := filepath.Rel(root, abs)
	if err != nil || strings.HasPrefix(r, "..") {
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(r)
}
