package specdiff

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// parse builds a small spec from the sections in body (YAML), with a header and, unless body
// has one, a default connection.
func parse(t *testing.T, version, body string) *spec.Spec {
	t.Helper()
	src := fmt.Sprintf("api: agent\nversion: %q\ndoc: Test.\n", version)
	if !strings.Contains(body, "connection:") {
		src += "connection:\n  url: wss://api.example.com/ws\n"
	}
	src += body
	s, err := spec.Parse("test-v"+version+".yaml", []byte(src))
	if err != nil {
		t.Fatalf("parse spec v%s: %v\n%s", version, err, src)
	}
	return s
}

// line sums a change up for assertions:
// "ERR request-param-removed action send_event | param chat_id | string | go:go-field-removed".
func line(c *Change) string {
	s := fmt.Sprintf("%s %s %s %s", c.Level, c.Rule, c.Subject.Kind, itemTitle(c.Subject, plain))
	if sl := subjectLine(c, plain); sl != "" {
		s += " | " + sl
	}
	if c.GoRule != "" && c.GoRule != c.Rule {
		s += " | go:" + c.GoRule
	}
	if c.Suggestion != nil {
		s += " | ~" + c.Suggestion.Name
	}
	return s
}

func lines(r *Report) []string {
	out := make([]string, len(r.Changes))
	for i, c := range r.Changes {
		out[i] = line(c)
	}
	return out
}
