package codegen

import (
	"strings"
	"testing"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// TestStatusInFirstParagraph: the first paragraph of a package's doc (what go doc and pkg.go.dev
// show in lists) says when LiveChat calls the version a developer preview or deprecated.
func TestStatusInFirstParagraph(t *testing.T) {
	for _, tt := range []struct{ status, want string }{
		{spec.StatusPreview, "v9.9 is a developer preview: LiveChat says it is not open to public use"},
		{spec.StatusDeprecated, "LiveChat calls v9.9 deprecated"},
		{spec.StatusStable, "v9.9 is the current stable version"},
		{"", ""},
	} {
		s, err := spec.Load("testdata/small.yaml")
		if err != nil {
			t.Fatal(err)
		}
		s.Status = tt.status
		files, err := Generate(s, Options{Package: "v99", ImportPath: "example.com/gen/customer/v99"})
		if err != nil {
			t.Fatal(err)
		}
		var doc string
		for _, f := range files {
			if f.Name == "doc.go" {
				doc = string(f.Data)
			}
		}
		_, pkgDoc, _ := strings.Cut(doc, "DO NOT EDIT.\n\n")
		first, _, _ := strings.Cut(pkgDoc, "\n//\n")
		first = strings.Join(strings.Fields(strings.ReplaceAll(first, "//", "")), " ")
		if tt.want == "" {
			if strings.Contains(first, "preview") || strings.Contains(first, "deprecated") || strings.Contains(first, "stable") {
				t.Errorf("status %q: first paragraph %q claims a status", tt.status, first)
			}
			continue
		}
		if !strings.Contains(first, tt.want) {
			t.Errorf("status %q: first paragraph %q lacks %q", tt.status, first, tt.want)
		}
	}
}
