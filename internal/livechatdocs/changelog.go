package livechatdocs

import (
	"regexp"
	"strings"
)

// Fact is one thing a changelog says about an action or a push in a version.
type Fact struct {
	Version string // "3.6"
	Change  string // "added", "removed" or "renamed"
	Kind    string // "action" or "push"
	Name    string // the name after the change (for removed: the removed name)
	From    string // renamed: the old name
	Loc     Loc
	Text    string // the changelog line, as plain text
}

var (
	versionHeadRE = regexp.MustCompile(`^##\s*\[v(\d+\.\d+)\]`)
	boldRE        = regexp.MustCompile(`\*\*\[?([^*\]]+)\]?\*\*`)
	renamedRE     = regexp.MustCompile(`\*\*([^*]+)\*\*[^.]{0,60}?(?:was|were|is) renamed to \[?\*\*([^*]+)\*\*`)
	removedRE     = regexp.MustCompile(`\*\*([^*]+)\*\*(?:,? and \*\*([^*]+)\*\*)?([^.*]{0,40}?)(?:was|were) removed`)
	replacedRE    = regexp.MustCompile(`\*\*([^*]+)\*\*(?:,? and \*\*([^*]+)\*\*)?([^.*]{0,40}?)(?:was|were) replaced (?:with|by)`)
	newRE         = regexp.MustCompile(`^(?:(?:🛠️ \(\d{4}-\d{2}-\d{2}\): )?There(?:'s| is| are) (?:a )?new|A new) (method|push)(e?s)?\b`)
	linkNameRE    = regexp.MustCompile(`\[\*{0,2}([a-z0-9_]+)\*{0,2}\]`)
)

// itemName turns a changelog name into an action or push name: a method title ("Get Chats
// Summary") becomes snake case; a push is already snake case.
func itemName(s string) (kind, name string) {
	s = strings.TrimSpace(strings.Trim(s, "`[] "))
	if strings.ContainsAny(s, " ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
		return "action", snake(s)
	}
	return "push", s
}

// changelogItem is one list item of a changelog, under a version heading.
type changelogItem struct {
	Version string // of the heading above: "3.6"
	Loc     Loc
	Line    string // as written, with its indent
	Text    string // trimmed: "- The **Create Bot** method ..."
	// Fresh is set on the first item after the heading or after a paragraph: a list nested
	// under an earlier item has ended there.
	Fresh bool
}

// readChangelog reads the API's changelog file as its list items.
func (d *Docs) readChangelog(api string) ([]changelogItem, error) {
	name := changelogPath(api)
	data, err := d.read(name)
	if err != nil {
		return nil, err
	}
	var out []changelogItem
	version, fresh := "", false
	for i, l := range strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") {
		if m := versionHeadRE.FindStringSubmatch(l); m != nil {
			version, fresh = m[1], true
			continue
		}
		trim := strings.TrimSpace(l)
		if version == "" || !strings.HasPrefix(trim, "- ") && !strings.HasPrefix(trim, "* ") {
			if trim != "" {
				fresh = true
			}
			continue
		}
		out = append(out, changelogItem{Version: version, Loc: Loc{File: name, Line: i + 1}, Line: l, Text: trim, Fresh: fresh})
		fresh = false
	}
	return out, nil
}

// Changelog reads the API's changelog: per version, the actions and pushes it says were
// added, removed or renamed. Sentences about params and fields are not facts here.
func (d *Docs) Changelog(api string) ([]Fact, error) {
	items, err := d.readChangelog(api)
	if err != nil {
		return nil, err
	}
	var out []Fact
	newKind := "" // set while reading the nested list after "There are new pushes:"
	for _, it := range items {
		if it.Fresh {
			newKind = ""
		}
		trim := it.Text
		nested := strings.HasPrefix(it.Line, " ") || strings.HasPrefix(it.Line, "\t")
		add := func(f Fact) {
			f.Version, f.Loc, f.Text = it.Version, it.Loc, plain(trim[2:])
			out = append(out, f)
		}
		if nested && newKind != "" {
			for _, m := range append(boldRE.FindAllStringSubmatch(trim, -1), linkNameRE.FindAllStringSubmatch(trim, -1)...) {
				n := m[1]
				if newKind == "action" {
					n = snake(n)
				}
				add(Fact{Change: "added", Kind: newKind, Name: n})
				break
			}
			continue
		}
		newKind = ""
		for _, m := range renamedRE.FindAllStringSubmatch(trim, -1) {
			k1, from := itemName(m[1])
			_, to := itemName(m[2])
			if strings.Contains(m[0], "data structure") {
				continue
			}
			add(Fact{Change: "renamed", Kind: k1, Name: to, From: from})
		}
		for _, re := range []*regexp.Regexp{removedRE, replacedRE} {
			for _, m := range re.FindAllStringSubmatch(trim, -1) {
				if strings.Contains(m[3], "data structure") || strings.Contains(m[3], "field") || strings.Contains(m[3], "param") {
					continue
				}
				for _, n := range []string{m[1], m[2]} {
					if n == "" {
						continue
					}
					k, nm := itemName(n)
					if strings.Contains(m[3], "method") {
						k, nm = "action", snake(n)
					}
					add(Fact{Change: "removed", Kind: k, Name: nm})
				}
			}
		}
		if m := newRE.FindStringSubmatch(strings.TrimSpace(trim[2:])); m != nil {
			kind := "action"
			if strings.EqualFold(m[1], "push") {
				kind = "push"
			}
			rest := trim[strings.Index(trim, m[0])+len(m[0]):]
			if i := strings.Index(rest, " that "); i >= 0 {
				rest = rest[:i] // "... that replaces **Get Predicted Agent**"
			}
			if strings.HasSuffix(strings.TrimSpace(rest), ":") {
				newKind = kind
				continue
			}
			for _, b := range boldRE.FindAllStringSubmatch(rest, -1) {
				n := b[1]
				if kind == "action" {
					n = snake(n)
				}
				add(Fact{Change: "added", Kind: kind, Name: n})
				if m[2] == "" {
					break // "a new method": one name
				}
			}
			if kind == "push" && !boldRE.MatchString(rest) {
				if lm := linkNameRE.FindStringSubmatch(rest); lm != nil {
					add(Fact{Change: "added", Kind: kind, Name: lm[1]})
				}
			}
		}
	}
	return out, nil
}
