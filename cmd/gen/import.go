package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/rtmkit/livechat-rtm/internal/livechatdocs"
	"github.com/rtmkit/livechat-rtm/internal/spec"
)

const importUsage = `usage: gen import -docs DIR -api agent|customer|configuration -version X.Y [-o FILE]

Reads one API version from a checkout of LiveChat's public docs repository (DIR) and writes a
draft spec (stdout, or FILE) for review. Where the docs are ambiguous the draft says what was
decided in notes:. The draft loads with internal/spec as it is.

flags:
`

func runImport(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("gen import", importUsage, stderr)
	docs := fs.String("docs", "", "the docs checkout (e.g. ../shared/livechat-docs)")
	api := fs.String("api", "", "agent, customer or configuration")
	version := fs.String("version", "", "the API version, e.g. 3.6")
	out := fs.String("o", "", "write the draft to FILE instead of stdout")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if *docs == "" || *api == "" || *version == "" || fs.NArg() > 0 {
		fs.Usage()
		return exitUsage
	}
	res, err := livechatdocs.Open(*docs).Import(*api, *version)
	if err != nil {
		return fail(stderr, exitFailure, "import: %v", err)
	}
	data, err := spec.Encode(res.Spec)
	if err != nil {
		return fail(stderr, exitFailure, "import: %v", err)
	}
	name := *out
	if name == "" {
		name = fmt.Sprintf("spec/%s/v%s.yaml", *api, *version)
	}
	// The draft must load: a draft the generator rejects is an importer bug, said clearly.
	if _, err := spec.Parse(name, data); err != nil {
		return fail(stderr, exitFailure, "import: the draft does not load (an importer bug):\n%v", err)
	}
	if *out == "" {
		if _, err := stdout.Write(data); err != nil {
			return fail(stderr, exitFailure, "import: %v", err)
		}
		return exitOK
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		return fail(stderr, exitFailure, "import: %v", err)
	}
	return exitOK
}
