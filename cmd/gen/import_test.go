package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

const (
	fixtureDocs   = "../../internal/livechatdocs/testdata/docs"
	fixtureVerify = "../../internal/livechatdocs/testdata/verify-agent-v3.6.yaml"
	fixtureDraft  = "../../internal/livechatdocs/testdata/fixture-agent-v3.6.yaml"
)

func runCmd(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// TestImportWritesALoadableDraft checks gen import end to end on the fixture docs: stdout
// and -o give the same draft, which loads.
func TestImportWritesALoadableDraft(t *testing.T) {
	code, out, errs := runCmd("import", "-docs", fixtureDocs, "-api", "agent", "-version", "3.6")
	if code != exitOK || errs != "" {
		t.Fatalf("exit %d: %s", code, errs)
	}
	file := filepath.Join(t.TempDir(), "v3.6.yaml")
	if code, _, errs := runCmd("import", "-docs", fixtureDocs, "-api", "agent", "-version", "3.6", "-o", file); code != exitOK {
		t.Fatalf("-o: exit %d: %s", code, errs)
	}
	data, err := os.ReadFile(file)
	if err != nil || string(data) != out {
		t.Fatalf("-o wrote something else than stdout (%v)", err)
	}
	if _, err := spec.Load(file); err != nil {
		t.Errorf("draft does not load: %v", err)
	}
}

// TestImportErrorsAndUsage checks the exit codes: 2 for bad flags, 1 with a file:line error
// for docs that do not document the version.
func TestImportErrorsAndUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"import"}, exitUsage, "usage: gen import"},
		{[]string{"import", "-docs", fixtureDocs, "-api", "agent"}, exitUsage, "usage: gen import"},
		{[]string{"import", "-docs", fixtureDocs, "-api", "agent", "-version", "3.5"}, exitFailure,
			"gen: import: src/pages/messaging/agent-chat-api/rtm-reference/index.mdx:4: page of another version"},
		{[]string{"import", "-docs", fixtureDocs, "-api", "bot", "-version", "3.6"}, exitFailure, `unknown API "bot"`},
	} {
		code, _, errs := runCmd(tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("gen %s: exit %d, stderr %q; want %d and %q", strings.Join(tc.args, " "), code, errs, tc.code, tc.want)
		}
	}
}

// TestVerifyExitCodes checks that gen verify exits 1 on an unacknowledged disagreement and
// prints it with both positions, exits 0 on a spec that agrees, and prints the stats.
func TestVerifyExitCodes(t *testing.T) {
	code, out, errs := runCmd("verify", "-docs", fixtureDocs, fixtureVerify)
	if code != exitFailure {
		t.Fatalf("exit %d, want 1: %s%s", code, out, errs)
	}
	for _, want := range []string{
		`action "send_event": param "chat_id": required is false in the spec, true in src/pages/messaging/agent-chat-api/rtm-reference/index.mdx:131`,
		fixtureVerify + ": 10 disagreements with the docs, 4 acknowledged, 6 not",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "acknowledged:") {
		t.Errorf("acknowledged disagreements printed without -v:\n%s", out)
	}
	if _, out, _ := runCmd("verify", "-v", "-docs", fixtureDocs, fixtureVerify); !strings.Contains(out, "(acknowledged: Web API only in this project.)") {
		t.Errorf("-v does not print the acknowledged ones:\n%s", out)
	}
	code, out, _ = runCmd("verify", "-stats", "-docs", fixtureDocs, fixtureDraft)
	if code != exitOK || !strings.Contains(out, "all") || !strings.Contains(out, "100.0%") {
		t.Errorf("draft: exit %d:\n%s", code, out)
	}
	if code, _, errs := runCmd("verify", fixtureDraft); code != exitUsage || !strings.Contains(errs, "usage: gen verify") {
		t.Errorf("no -docs: exit %d %q", code, errs)
	}
	if code, _, errs := runCmd("verify", "-docs", t.TempDir()+"/none", fixtureDraft); code != exitUsage || !strings.Contains(errs, "not a directory") {
		t.Errorf("missing docs: exit %d %q", code, errs)
	}
}
