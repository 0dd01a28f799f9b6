// Package livechatdocs reads a checkout of LiveChat's public docs repository (its MDX pages,
// sample payload files, changelogs and error catalogue) into the spec model of internal/spec
// (`gen import`), and compares a reviewed spec with what the docs say (`gen verify`).
//
// It knows the docs' layout and nothing of Go code generation:
//
//	src/pages/messaging/<api>-chat-api/[vX.Y/]{rtm-reference,rtm-pushes,data-structures}/index.mdx
//	src/pages/messaging/<api>-chat-api/[vX.Y/]index.mdx        the Web API reference
//	src/pages/messaging/<api>-chat-api/changelog/index.mdx
//	payloads/messaging/vX.Y/<api>-chat-api/index.js            sample name -> JSON file
//	src/constants/index.js                                     the error catalogue
//
// The unversioned folder documents the current stable version; which version each page
// documents is read from the page (front matter apiVersion, or the "This document describes
// ... vX.Y" sentence). Every problem is an *Error naming the file and line.
package livechatdocs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"regexp"
	"strings"
)

// Pages are the files that document one version of one API, relative to the docs root.
type Pages struct {
	API, Version string
	Reference    string // rtm-reference
	Pushes       string // rtm-pushes
	Structures   string // data-structures
	Web          string // the Web API reference
	Changelog    string
	Payloads     string // payloads/messaging/vX.Y/<api>-chat-api (may not exist)
	Constants    string // src/constants/index.js
}

// Docs is a docs checkout.
type Docs struct {
	fsys fs.FS
	name string // for messages
}

// Open returns the docs checkout rooted at dir.
func Open(dir string) *Docs { return &Docs{fsys: os.DirFS(dir), name: dir} }

// OpenFS returns the docs checkout in fsys (tests use fstest.MapFS).
func OpenFS(fsys fs.FS) *Docs { return &Docs{fsys: fsys, name: "docs"} }

func apiFolder(api string) string { return "src/pages/messaging/" + api + "-chat-api" }

var (
	describesRE = regexp.MustCompile(`This document(?:ation)? describes the \*\*[^*]*?v(\d+\.\d+)\*\*`)
	versionRE   = regexp.MustCompile(`^\d+\.\d+$`)
)

// Locate finds the pages of an API version. A version folder vX.Y is used when it exists;
// otherwise the unversioned folder, which must document that version.
func (d *Docs) Locate(api, version string) (*Pages, error) {
	if api != "agent" && api != "customer" {
		return nil, fmt.Errorf("unknown API %q (want agent or customer)", api)
	}
	if !versionRE.MatchString(version) {
		return nil, fmt.Errorf("bad version %q (want X.Y, such as 3.6)", version)
	}
	base := apiFolder(api)
	if _, err := fs.Stat(d.fsys, base); err != nil {
		return nil, errorf(Loc{File: base}, "no %s Chat API docs in %s (is -docs a checkout of the LiveChat docs?)", api, d.name)
	}
	folder := path.Join(base, "v"+version)
	if _, err := fs.Stat(d.fsys, folder); err != nil {
		folder = base
	}
	p := &Pages{
		API: api, Version: version,
		Reference:  path.Join(folder, "rtm-reference/index.mdx"),
		Pushes:     path.Join(folder, "rtm-pushes/index.mdx"),
		Structures: path.Join(folder, "data-structures/index.mdx"),
		Web:        path.Join(folder, "index.mdx"),
		Changelog:  path.Join(base, "changelog/index.mdx"),
		Payloads:   path.Join("payloads/messaging", "v"+version, api+"-chat-api"),
		Constants:  "src/constants/index.js",
	}
	for _, f := range []string{p.Reference, p.Pushes, p.Structures} {
		if _, err := fs.Stat(d.fsys, f); err != nil {
			return nil, errorf(Loc{File: f}, "missing page: %s API v%s has no such page in %s", api, version, d.name)
		}
	}
	// The reference must say it documents the version asked for.
	pg, err := d.page(p.Reference)
	if err != nil {
		return nil, err
	}
	got, loc := pageVersion(pg)
	if got == "" {
		return nil, errorf(pg.loc(1), "cannot tell which version the page documents (no apiVersion, no \"This document describes ... vX.Y\")")
	}
	if got != version {
		return nil, errorf(loc, "page of another version: it documents v%s, not v%s (no folder v%s for the %s API)", got, version, version, api)
	}
	return p, nil
}

// Versions lists the versions of an API that have a docs folder (the unversioned one
// included, as the version it documents), in folder order.
func (d *Docs) Versions(api string) []string {
	var out []string
	entries, _ := fs.ReadDir(d.fsys, apiFolder(api))
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), "v") && versionRE.MatchString(e.Name()[1:]) {
			out = append(out, e.Name()[1:])
		}
	}
	if pg, err := d.page(path.Join(apiFolder(api), "rtm-reference/index.mdx")); err == nil {
		if v, _ := pageVersion(pg); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// pageVersion returns the version a page says it documents, and where it says so.
func pageVersion(p *page) (string, Loc) {
	if v := p.front["apiVersion"]; v != "" {
		for i, l := range p.lines {
			if strings.HasPrefix(l, "apiVersion:") {
				return v, p.loc(i + 1)
			}
		}
		return v, p.loc(1)
	}
	for i, l := range p.lines {
		if m := describesRE.FindStringSubmatch(l); m != nil {
			return m[1], p.loc(i + 1)
		}
	}
	return "", Loc{}
}

func (d *Docs) read(name string) ([]byte, error) {
	data, err := fs.ReadFile(d.fsys, name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, errorf(Loc{File: name}, "missing file")
		}
		return nil, errorf(Loc{File: name}, "%v", err)
	}
	return data, nil
}

func (d *Docs) page(name string) (*page, error) {
	data, err := d.read(name)
	if err != nil {
		return nil, err
	}
	return parsePage(name, data), nil
}
