package codegen

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// TestPackageDocsSpeakToUsers: every real package's doc says how to import it under its alias,
// where it connects, how to log in (with a link to LiveChat's docs), has a code sample, says
// which zero values count as missing, and leaks no internal wording or path outside the module.
func TestPackageDocsSpeakToUsers(t *testing.T) {
	paths, _ := filepath.Glob("../../spec/*/*.yaml")
	if len(paths) == 0 {
		t.Fatal("no specs")
	}
	leak := regexp.MustCompile(`(?i)seed|\.\./shared|transcri`)
	for _, p := range paths {
		s, err := spec.Load(p)
		if err != nil {
			t.Fatal(err)
		}
		pkg := PackageName(s.Version)
		files, err := Generate(s, Options{Package: pkg, ImportPath: ModulePath + "/gen/" + s.API + "/" + pkg})
		if err != nil {
			t.Fatal(err)
		}
		var doc string
		for _, f := range files {
			if f.Name == "doc.go" {
				doc = string(f.Data)
			}
		}
		alias := Alias(s.API, pkg)
		wants := []string{
			"import " + alias + ` "` + ModulePath + "/gen/" + s.API + "/" + pkg + `"`,
			"Dial connects to " + s.Connection.URL,
			"https://platform.text.com/docs/authorization/",
			"//\tc, err := " + alias + ".Dial(ctx, ",
			"*rtm.MissingParamsError",
			MissingDoc[:40],
		}
		if s.WebOnly() { // no Dial: the Web client is the package's only client
			wants = []string{"import " + alias + ` "` + ModulePath + "/gen/" + s.API + "/" + pkg + `"`, "NewWebClient returns a WebClient"}
		}
		for _, want := range wants {
			if !strings.Contains(strings.Join(strings.Fields(doc), " "), strings.Join(strings.Fields(want), " ")) {
				t.Errorf("%s: the package doc lacks %q", p, want)
			}
		}
		if m := leak.FindString(doc); m != "" {
			t.Errorf("%s: the package doc speaks of %q, which means nothing to a user", p, m)
		}
	}
}
