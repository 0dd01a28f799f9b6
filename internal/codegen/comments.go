package codegen

import (
	"regexp"
	"strings"

	"github.com/dave/jennifer/jen"
)

// verbRE matches a word in the third person singular ("Sends", "Returns", "Applies"); isVerb
// tells such a verb from a plural noun or a noun ending in s.
var verbRE = regexp.MustCompile(`^[A-Za-z][a-z]+s$`)

// articleRE matches a doc that starts with an article: "Thread is a chat thread."
var articleRE = regexp.MustCompile(`^(A|An|The)\b`)

// notAfterVerb are words that follow a plural noun but never a verb opening a doc:
// "Properties are ...", "Details of ...".
var notAfterVerb = map[string]bool{"are": true, "is": true, "was": true, "were": true, "have": true, "of": true, "and": true, "or": true}

// isVerb reports whether doc starts with a verb in the third person, which reads well after the
// identifier: "SendEvent sends ...". "Access", "Status" and "Properties are" do not.
func isVerb(doc string) bool {
	words := strings.Fields(doc)
	if len(words) == 0 {
		return false
	}
	w := strings.TrimRight(words[0], ",.:;")
	if !verbRE.MatchString(w) || strings.HasSuffix(w, "ss") || strings.HasSuffix(w, "us") || strings.HasSuffix(w, "is") {
		return false
	}
	return len(words) == 1 || !notAfterVerb[strings.ToLower(words[1])]
}

// declDoc turns a spec doc into a Go doc comment that starts with the identifier's name: a doc
// that opens with the name itself is kept ("Properties are ..."), a verb follows the name
// ("Sends ..." -> "SendEvent sends ..."), an article follows "is", anything else a colon.
func declDoc(name, doc string) string {
	doc = strings.TrimSpace(doc)
	if doc == "" {
		return name + " has no description in the documents."
	}
	if first, _, _ := strings.Cut(doc, " "); strings.EqualFold(first, name) {
		return name + doc[len(first):]
	}
	if rest, ok := strings.CutPrefix(doc, "It "); ok && isVerb(rest) {
		return name + " " + rest
	}
	switch {
	case isVerb(doc):
		return name + " " + lowerFirst(doc)
	case articleRE.MatchString(doc):
		return name + " is " + lowerFirst(doc)
	}
	return name + ": " + doc
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// sentence makes sure s ends with a full stop.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, ":") {
		return s
	}
	return s + "."
}

// wrap breaks text into lines of at most width columns, keeping paragraphs (lines separated
// by a blank line) apart; a paragraph indented by a tab is code, kept line by line.
func wrap(text string, width int) string {
	var out []string
	for i, para := range strings.Split(text, "\n\n") {
		if i > 0 {
			out = append(out, "")
		}
		if strings.HasPrefix(para, "\t") { // a code block: kept as it is
			out = append(out, strings.Split(para, "\n")...)
			continue
		}
		line := ""
		for _, w := range strings.Fields(para) {
			switch {
			case line == "":
				line = w
			case len(line)+1+len(w) > width:
				out = append(out, line)
				line = w
			default:
				line += " " + w
			}
		}
		if line != "" {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

// comment is a doc comment of wrapped text.
func comment(text string) *jen.Statement {
	return jen.Comment(commentText(text))
}

// commentText formats text as // lines (jen prints text that starts with // as is).
func commentText(text string) string {
	lines := strings.Split(wrap(text, 96), "\n")
	for i, l := range lines {
		if l == "" {
			lines[i] = "//"
		} else {
			lines[i] = "// " + l
		}
	}
	return strings.Join(lines, "\n")
}

// fieldDoc is the doc comment of a struct field: its doc, its enum values and its default.
func fieldDoc(f *goField) string {
	parts := []string{sentence(f.Doc)}
	if len(f.Enum) > 0 {
		vals := make([]string, len(f.Enum))
		for i, e := range f.Enum {
			vals[i] = e.Value
			if e.Doc != "" {
				vals[i] += " (" + strings.TrimSuffix(e.Doc, ".") + ")"
			}
		}
		parts = append(parts, "One of: "+strings.Join(vals, ", ")+".")
	}
	if f.Default != "" && !strings.Contains(strings.ToLower(f.Doc), "default") {
		parts = append(parts, "Default: "+sentence(f.Default))
	}
	return strings.TrimSpace(strings.Join(parts, " "))
}
