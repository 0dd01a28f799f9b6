package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// validate loads each spec and prints every problem found, one per line. It returns the
// number of specs that failed.
func validate(paths []string, stdout, stderr io.Writer) int {
	failed := 0
	for _, p := range paths {
		s, err := spec.Load(p)
		if err != nil {
			failed++
			var list spec.ErrorList
			if errors.As(err, &list) {
				for _, e := range list {
					fmt.Fprintln(stderr, e)
				}
			} else {
				fmt.Fprintln(stderr, err)
			}
			continue
		}
		webhooks := ""
		if len(s.Webhooks) > 0 {
			webhooks = fmt.Sprintf(", %d webhooks", len(s.Webhooks))
		}
		fmt.Fprintf(stdout, "%s: ok: %s API v%s: %d actions, %d pushes%s, %d types, %d errors\n",
			p, s.API, s.Version, len(s.Actions), len(s.Pushes), webhooks, len(s.Types), len(s.Errors))
	}
	return failed
}
