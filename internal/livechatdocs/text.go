package livechatdocs

import (
	"regexp"
	"strings"
	"unicode"
)

var (
	linkRE     = regexp.MustCompile(`\[([^\]]*)\]\(([^)]*)\)`)
	htmlRE     = regexp.MustCompile(`</?[A-Za-z][^>]*>`)
	backtickRE = regexp.MustCompile("`([^`]+)`")
	anchorRE   = regexp.MustCompile(`data-structures/?#([a-z0-9-]+)`)
	// sectionLinkRE finds a link to a section of the same page: "](#create-bot)".
	sectionLinkRE = regexp.MustCompile(`\]\(#([a-z0-9-]+)\)`)
	spaceRE       = regexp.MustCompile(`\s+`)
	rfc3339RE     = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$`)
)

// plain turns a markdown fragment into plain text: links keep their text, emphasis and
// HTML go, backticks stay (they mark wire names in docs).
func plain(s string) string {
	s = linkRE.ReplaceAllString(s, "$1")
	s = htmlRE.ReplaceAllString(s, "")
	s = strings.NewReplacer("**", "", "__", "", `\*`, "*", `\_`, "_", "<br/>", " ", "<br>", " ").Replace(s)
	s = strings.Trim(s, "* ")
	return strings.TrimSpace(spaceRE.ReplaceAllString(s, " "))
}

// codeNames returns the backticked names of a cell, in order.
func codeNames(s string) []string {
	var out []string
	for _, m := range backtickRE.FindAllStringSubmatch(s, -1) {
		out = append(out, strings.TrimSpace(m[1]))
	}
	return out
}

// cellName returns the wire name of a table's name cell: the first backticked token, or the
// cell text without footnote markers.
func cellName(s string) string {
	if n := codeNames(s); len(n) > 0 {
		return n[0]
	}
	return strings.Trim(plain(s), "* ")
}

// pascal turns a docs name ("chat summaries", "filledFormFields", "system_message") into
// PascalCase.
func pascal(s string) string {
	var b strings.Builder
	up := true
	for _, r := range s {
		switch {
		case r == ' ' || r == '_' || r == '-' || r == '.':
			up = true
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
		case up:
			b.WriteRune(unicode.ToUpper(r))
			up = false
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// snake turns a method title ("Send Event Preview") into its action name.
func snake(title string) string {
	title = plain(title)
	var parts []string
	for _, w := range strings.Fields(title) {
		w = strings.Trim(w, "`*().,")
		if w != "" {
			parts = append(parts, strings.ToLower(w))
		}
	}
	return strings.Join(parts, "_")
}

// slug is the anchor the docs site gives a heading.
func slug(title string) string {
	title = strings.ToLower(plain(title))
	var b strings.Builder
	for _, r := range title {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_':
			b.WriteRune(r)
		case r == ' ' || r == '-':
			b.WriteByte('-')
		}
	}
	return b.String()
}

// singular drops a plural s for element type names ("users" -> "user").
func singular(s string) string {
	switch {
	case strings.HasSuffix(s, "ies"):
		return s[:len(s)-3] + "y"
	case strings.HasSuffix(s, "sses"):
		return s[:len(s)-2]
	case strings.HasSuffix(s, "s") && !strings.HasSuffix(s, "ss"):
		return s[:len(s)-1]
	}
	return s
}

// conditional reports whether a field's notes make its presence conditional.
func conditional(notes string) bool {
	// "If set to `false`: ..." is about the value, not about the field being there.
	l := strings.ReplaceAll(strings.ToLower(notes), "if set to", "")
	for _, w := range []string{"optional", "only if", "only when", "present if", "present only", "missing if",
		"returned only", "appears", "if set", "not present", "doesn't exist", "when available", "if available",
		"only for", "only in", "may be", "can be omitted", "absent", "if exists", "present when"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}
