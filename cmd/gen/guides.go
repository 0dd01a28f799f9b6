package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/rtmkit/livechat-rtm/internal/specdiff"
)

// guidesDir holds the migration guides, relative to the module root.
const guidesDir = "docs/migrations"

// guide is one generated migration guide: what `gen diff -format markdown OLD NEW` prints for
// two consecutive versions of one API, kept in docs/migrations/<api>-v<old>-to-v<new>.md. gen
// writes the guides with the packages and gen -check fails when one is stale, so a spec change
// cannot leave its guide behind.
type guide struct {
	from string // "spec/customer/v3.2.yaml -> spec/customer/v3.6.yaml", for messages
	path string // absolute
	data []byte
}

// guideName is the file name of the guide from version old to version new of api.
func guideName(api, old, new string) string {
	return fmt.Sprintf("%s-v%s-to-v%s.md", api, old, new)
}

// migrationGuides returns the guides between consecutive versions of each API among pkgs.
func migrationGuides(root string, pkgs []*genPackage) ([]guide, error) {
	byAPI := map[string][]*genPackage{}
	for _, p := range pkgs {
		byAPI[p.spec.API] = append(byAPI[p.spec.API], p)
	}
	apis := make([]string, 0, len(byAPI))
	for api := range byAPI {
		apis = append(apis, api)
	}
	slices.Sort(apis)
	var guides []guide
	for _, api := range apis {
		versions := byAPI[api]
		var sortErr error
		slices.SortFunc(versions, func(a, b *genPackage) int {
			c, err := compareVersions(a.spec.Version, b.spec.Version)
			if err != nil && sortErr == nil {
				sortErr = fmt.Errorf("gen: %s: %w", a.spec.Path, err)
			}
			return c
		})
		if sortErr != nil {
			return nil, sortErr
		}
		for i := 1; i < len(versions); i++ {
			old, new := versions[i-1].spec, versions[i].spec
			if old.Version == new.Version {
				return nil, fmt.Errorf("gen: %s and %s are both %s API v%s", old.Path, new.Path, api, old.Version)
			}
			if errs := checkRenames(old, new); len(errs) > 0 {
				return nil, fmt.Errorf("%s\ngen: %d renamed_from declarations of %s name nothing of the previous version %s",
					strings.Join(errs, "\n"), len(errs), new.Path, old.Path)
			}
			var buf bytes.Buffer
			if err := specdiff.WriteMarkdown(&buf, specdiff.Diff(old, new, specdiff.Options{})); err != nil {
				return nil, fmt.Errorf("gen: migration guide %s -> %s: %w", old.Path, new.Path, err)
			}
			guides = append(guides, guide{
				from: old.Path + " -> " + new.Path,
				path: filepath.Join(root, filepath.FromSlash(guidesDir), guideName(api, old.Version, new.Version)),
				data: buf.Bytes(),
			})
		}
	}
	return guides, nil
}

// compareVersions orders "3.2" before "3.10".
func compareVersions(a, b string) (int, error) {
	pa, err := versionParts(a)
	if err != nil {
		return 0, err
	}
	pb, err := versionParts(b)
	if err != nil {
		return 0, err
	}
	return slices.Compare(pa, pb), nil
}

func versionParts(v string) ([]int, error) {
	var parts []int
	for p := range strings.SplitSeq(v, ".") {
		n, err := strconv.Atoi(p)
		if err != nil {
			return nil, fmt.Errorf("version %q is not numbers separated by dots", v)
		}
		parts = append(parts, n)
	}
	return parts, nil
}

// compare says how the guide on disk differs from g: "" when it is up to date.
func (g guide) compare(root string) string {
	old, err := os.ReadFile(g.path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return "missing: " + rel(root, g.path) + " (the migration guide " + g.from + ")"
	case err != nil:
		return "unreadable: " + rel(root, g.path) + ": " + err.Error()
	case !bytes.Equal(old, g.data):
		return "stale: " + rel(root, g.path) + " (the migration guide " + g.from + ")"
	}
	return ""
}

// write writes the guide if it changed, and reports whether it did.
func (g guide) write() (bool, error) {
	if old, err := os.ReadFile(g.path); err == nil && bytes.Equal(old, g.data) {
		return false, nil
	}
	if err := os.MkdirAll(filepath.Dir(g.path), 0o755); err != nil {
		return false, err
	}
	if err := os.WriteFile(g.path+stagedSuffix, g.data, 0o644); err != nil {
		os.Remove(g.path + stagedSuffix)
		return false, err
	}
	return true, os.Rename(g.path+stagedSuffix, g.path)
}
