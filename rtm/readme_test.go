package rtm_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestREADMESnippets: every Go block of the README that follows a "<!-- example: Name -->"
// marker (up to the next marker or heading) is, line by line, part of the example function
// Name in readme_example_test.go, which runs with checked output: the README's code compiles
// and works.
func TestREADMESnippets(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Skip("no README:", err)
	}
	src, err := os.ReadFile("readme_example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "readme_example_test.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	bodies := map[string]string{}
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok {
			bodies[fn.Name.Name] = normalize(string(src[fset.Position(fn.Body.Pos()).Offset:fset.Position(fn.Body.End()).Offset]))
		}
	}
	marker := regexp.MustCompile(`(?m)^<!-- example: (\w+) -->$`)
	ms := marker.FindAllStringSubmatchIndex(string(readme), -1)
	if len(ms) < 7 {
		t.Fatalf("%d snippet markers in README.md, want one per section (7)", len(ms))
	}
	block := regexp.MustCompile("(?s)```go\n(.*?)```")
	for i, m := range ms {
		name := string(readme[m[2]:m[3]])
		end := len(readme)
		if i+1 < len(ms) {
			end = ms[i+1][0]
		}
		section := string(readme[m[1]:end])
		if h := strings.Index(section, "\n#"); h >= 0 {
			section = section[:h]
		}
		body, ok := bodies[name]
		if !ok {
			t.Errorf("README snippet %s: no such example", name)
			continue
		}
		blocks := block.FindAllStringSubmatch(section, -1)
		if len(blocks) == 0 {
			t.Errorf("README snippet %s: no Go block", name)
		}
		for _, b := range blocks {
			if !strings.Contains(body, normalize(b[1])) {
				t.Errorf("README snippet %s is not part of the example:\n%s", name, b[1])
			}
		}
	}
}

// normalize trims each line and drops empty ones.
func normalize(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
