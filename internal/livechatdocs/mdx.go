package livechatdocs

import (
	"fmt"
	"regexp"
	"strings"
)

// Loc is a position in a docs file: the path relative to the docs root, and a 1-based line.
type Loc struct {
	File string
	Line int
}

// String formats the location as file:line.
func (l Loc) String() string {
	if l.Line == 0 {
		return l.File
	}
	return fmt.Sprintf("%s:%d", l.File, l.Line)
}

// Error is a problem in the docs, at a location.
type Error struct {
	Loc Loc
	Msg string
}

// Error formats the problem as file:line: message.
func (e *Error) Error() string { return e.Loc.String() + ": " + e.Msg }

func errorf(loc Loc, format string, args ...any) *Error {
	return &Error{Loc: loc, Msg: fmt.Sprintf(format, args...)}
}

// page is one MDX page split into the blocks the importer reads: headings, tables, fenced
// code and the JSX components that matter (CodeResponse, Errors).
type page struct {
	path   string // relative to the docs root
	lines  []string
	front  map[string]string // front matter keys, unquoted
	blocks []block
}

type blockKind int

const (
	headingBlock blockKind = iota
	textBlock
	tableBlock
	codeBlock
	tagBlock
)

// block is one element of a page, in page order.
type block struct {
	kind  blockKind
	line  int    // first line, 1-based
	level int    // headingBlock: number of #
	text  string // headingBlock: title; textBlock: the paragraph; codeBlock: the code; tagBlock: the tag
	lang  string // codeBlock
	table *table
	attrs map[string]string // tagBlock
	name  string            // tagBlock: component name
}

// table is a markdown table: the header cells and the rows, each with its line.
type table struct {
	line   int
	header []string
	rows   []row
}

type row struct {
	line  int
	cells []string
}

var (
	headingRE = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*\s*$`)
	tagRE     = regexp.MustCompile(`^\s*<(CodeResponse|CodeSample|Errors)\b(.*?)/?>\s*$`)
	attrRE    = regexp.MustCompile(`(\w+)=(?:"([^"]*)"|\{'([^']*)'\}|\{"([^"]*)"\})`)
	fenceRE   = regexp.MustCompile("^\\s*(```+|~~~+)\\s*(\\w*)")
)

// parsePage splits an MDX page into blocks. It never fails: what it does not recognise is
// text.
func parsePage(path string, data []byte) *page {
	p := &page{path: path, front: map[string]string{}}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	p.lines = strings.Split(text, "\n")
	i := 0
	if len(p.lines) > 0 && strings.TrimSpace(p.lines[0]) == "---" {
		for i = 1; i < len(p.lines); i++ {
			l := p.lines[i]
			if strings.TrimSpace(l) == "---" {
				i++
				break
			}
			if k, v, ok := strings.Cut(l, ":"); ok {
				p.front[strings.TrimSpace(k)] = strings.Trim(strings.TrimSpace(v), `"'`)
			}
		}
	}
	var para []string
	paraLine := 0
	flush := func() {
		if len(para) > 0 {
			p.blocks = append(p.blocks, block{kind: textBlock, line: paraLine, text: strings.Join(para, "\n")})
			para = nil
		}
	}
	for ; i < len(p.lines); i++ {
		l := p.lines[i]
		trim := strings.TrimSpace(l)
		if strings.HasPrefix(trim, "<!--") {
			// An HTML comment hides what it contains (samples included) from the site.
			flush()
			for i < len(p.lines) && !strings.Contains(p.lines[i], "-->") {
				i++
			}
			continue
		}
		if m := fenceRE.FindStringSubmatch(l); m != nil {
			flush()
			start := i + 1
			var code []string
			j := i + 1
			for ; j < len(p.lines); j++ {
				if strings.HasPrefix(strings.TrimSpace(p.lines[j]), m[1]) {
					break
				}
				code = append(code, p.lines[j])
			}
			p.blocks = append(p.blocks, block{kind: codeBlock, line: start + 1, lang: m[2], text: strings.Join(code, "\n")})
			i = j
			continue
		}
		if m := headingRE.FindStringSubmatch(l); m != nil && !strings.HasPrefix(l, " ") {
			flush()
			p.blocks = append(p.blocks, block{kind: headingBlock, line: i + 1, level: len(m[1]), text: m[2]})
			continue
		}
		if strings.HasPrefix(trim, "|") {
			flush()
			t := &table{line: i + 1}
			j := i
			for ; j < len(p.lines) && strings.HasPrefix(strings.TrimSpace(p.lines[j]), "|"); j++ {
				cells := splitRow(strings.TrimSpace(p.lines[j]))
				switch {
				case j == i:
					t.header = cells
				case isSeparator(cells):
				default:
					t.rows = append(t.rows, row{line: j + 1, cells: cells})
				}
			}
			p.blocks = append(p.blocks, block{kind: tableBlock, line: i + 1, table: t})
			i = j - 1
			continue
		}
		if m := tagRE.FindStringSubmatch(l); m != nil {
			flush()
			b := block{kind: tagBlock, line: i + 1, name: m[1], text: trim, attrs: map[string]string{}}
			for _, a := range attrRE.FindAllStringSubmatch(m[2], -1) {
				b.attrs[a[1]] = a[2] + a[3] + a[4]
			}
			p.blocks = append(p.blocks, b)
			continue
		}
		if trim == "" || strings.HasPrefix(trim, "<") || strings.HasPrefix(trim, "import ") || strings.HasPrefix(trim, "export ") {
			flush()
			continue
		}
		if len(para) == 0 {
			paraLine = i + 1
		}
		para = append(para, trim)
	}
	flush()
	return p
}

// splitRow splits a table row into trimmed cells, honouring escaped pipes and pipes inside
// backticks.
func splitRow(s string) []string {
	s = strings.TrimPrefix(s, "|")
	if strings.HasSuffix(s, "|") && !strings.HasSuffix(s, `\|`) {
		s = s[:len(s)-1]
	}
	var cells []string
	var b strings.Builder
	inCode := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && s[i+1] == '|':
			b.WriteByte('|')
			i++
		case c == '`':
			inCode = !inCode
			b.WriteByte(c)
		case c == '|' && !inCode:
			cells = append(cells, strings.TrimSpace(b.String()))
			b.Reset()
		default:
			b.WriteByte(c)
		}
	}
	cells = append(cells, strings.TrimSpace(b.String()))
	return cells
}

func isSeparator(cells []string) bool {
	for _, c := range cells {
		if strings.Trim(c, ":- ") != "" {
			return false
		}
	}
	return len(cells) > 0
}

// loc returns the location of a line of the page.
func (p *page) loc(line int) Loc { return Loc{File: p.path, Line: line} }

// section is the range of blocks under a heading, up to the next heading of the same or a
// higher level.
type section struct {
	heading block
	blocks  []block // after the heading
}

// sections returns the sections of the page whose heading has the given level.
func (p *page) sections(level int) []section {
	var out []section
	for i, b := range p.blocks {
		if b.kind != headingBlock || b.level != level {
			continue
		}
		s := section{heading: b}
		for _, c := range p.blocks[i+1:] {
			if c.kind == headingBlock && c.level <= level {
				break
			}
			s.blocks = append(s.blocks, c)
		}
		out = append(out, s)
	}
	return out
}

// sub returns the subsections of s at the given level.
func (s section) sub(level int) []section {
	var out []section
	for i, b := range s.blocks {
		if b.kind != headingBlock || b.level != level {
			continue
		}
		ss := section{heading: b}
		for _, c := range s.blocks[i+1:] {
			if c.kind == headingBlock && c.level <= level {
				break
			}
			ss.blocks = append(ss.blocks, c)
		}
		out = append(out, ss)
	}
	return out
}

// subNamed returns the first subsection whose title is one of names (case-insensitive).
func (s section) subNamed(level int, names ...string) (section, bool) {
	for _, ss := range s.sub(level) {
		for _, n := range names {
			if strings.EqualFold(ss.heading.text, n) {
				return ss, true
			}
		}
	}
	return section{}, false
}

// intro returns the text paragraphs directly after the heading, before any other block.
func (s section) intro() []block {
	var out []block
	for _, b := range s.blocks {
		if b.kind == textBlock {
			out = append(out, b)
			continue
		}
		if len(out) > 0 || b.kind == headingBlock || b.kind == tableBlock {
			break
		}
	}
	return out
}

// first returns the first block of a kind in the section (heading subsections included).
func (s section) first(kind blockKind) (block, bool) {
	for _, b := range s.blocks {
		if b.kind == kind {
			return b, true
		}
	}
	return block{}, false
}

// own returns the blocks of s before its first subheading.
func (s section) own() []block {
	for i, b := range s.blocks {
		if b.kind == headingBlock {
			return s.blocks[:i]
		}
	}
	return s.blocks
}
