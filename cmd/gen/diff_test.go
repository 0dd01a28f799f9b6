package main

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const (
	agent30 = "../../spec/agent/v3.0.yaml"
	agent36 = "../../spec/agent/v3.6.yaml"
)

// warnOnlySpecs writes two specs whose only difference is graded WARN: an enum value added
// to a response field.
func warnOnlySpecs(t *testing.T) (old, new string) {
	t.Helper()
	dir := t.TempDir()
	spec := func(values string) string {
		return `api: customer
version: "1.0"
doc: Test.
connection: {url: "wss://example.com/ws"}
actions:
  - name: get_status
    doc: Gets the status.
    response: [{name: status, type: string, required: true, enum: [` + values + `]}]
`
	}
	old, new = filepath.Join(dir, "old.yaml"), filepath.Join(dir, "new.yaml")
	mustWrite(t, old, spec("online, offline"))
	mustWrite(t, new, spec("online, offline, away"))
	return old, new
}

func TestDiffExitCodes(t *testing.T) {
	warnOld, warnNew := warnOnlySpecs(t)
	for _, tc := range []struct {
		name string
		args []string
		code int
	}{
		{"report only", []string{agent30, agent36}, exitOK},
		{"breaking changes, -fail-on ERR", []string{"-fail-on", "ERR", agent30, agent36}, exitFailure},
		{"breaking changes, -fail-on breaking", []string{"-fail-on=breaking", agent30, agent36}, exitFailure},
		{"breaking changes, -fail-on WARN", []string{"-fail-on", "WARN", agent30, agent36}, exitFailure},
		{"no changes, -fail-on WARN", []string{"-fail-on", "WARN", agent36, agent36}, exitOK},
		{"warnings only, -fail-on ERR", []string{"-fail-on", "ERR", warnOld, warnNew}, exitOK},
		{"warnings only, -fail-on WARN", []string{"-fail-on", "warn", warnOld, warnNew}, exitFailure},
		{"warnings only, reversed, wire lens: a value removed from a response", []string{"-lens", "wire", "-fail-on", "WARN", warnNew, warnOld}, exitOK},
		{"reversed, go-api lens: the removed value's Go constant is gone", []string{"-lens", "go-api", "-fail-on", "ERR", warnNew, warnOld}, exitFailure},
		{"flags after the paths", []string{agent30, agent36, "-fail-on", "ERR"}, exitFailure},
		{"-lens wire", []string{"-lens", "wire", "-fail-on", "ERR", agent30, agent36}, exitFailure},
		{"-rules", []string{"-rules"}, exitOK},
		{"-help", []string{"-help"}, exitOK},
		{"unknown flag", []string{"-colour", agent30, agent36}, exitUsage},
		{"unknown format", []string{"-format", "yaml", agent30, agent36}, exitUsage},
		{"unknown level", []string{"-fail-on", "FATAL", agent30, agent36}, exitUsage},
		{"INFO is not a failure level", []string{"-fail-on", "INFO", agent30, agent36}, exitUsage},
		{"unknown lens", []string{"-lens", "json", agent30, agent36}, exitUsage},
		{"one path", []string{agent30}, exitUsage},
		{"three paths", []string{agent30, agent36, agent36}, exitUsage},
		{"missing file", []string{agent30, "../../spec/agent/v9.9.yaml"}, exitUsage},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runGenCmd(append([]string{"diff"}, tc.args...)...)
			if code != tc.code {
				t.Errorf("gen diff %s: exit %d, want %d\n%s", strings.Join(tc.args, " "), code, tc.code, stderr)
			}
		})
	}
}

func TestDiffInvalidSpec(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	mustWrite(t, bad, `api: agent
version: "3.7"
doc: Broken.
connection: {url: "wss://example.com/ws"}
actions:
  - name: send_event
    doc: Sends.
    params:
      - {name: chat_id, type: strng}
`)
	code, stdout, stderr := runGenCmd("diff", agent36, bad)
	if code != exitUsage {
		t.Fatalf("exit %d, want %d", code, exitUsage)
	}
	if stdout != "" {
		t.Errorf("a report was written for an invalid spec:\n%s", stdout)
	}
	if !regexp.MustCompile(`(?m)^.*bad\.yaml:9:\d+: action "send_event": param "chat_id": unknown type "strng"$`).MatchString(stderr) {
		t.Errorf("stderr lacks the loader's file:line:col error:\n%s", stderr)
	}

	code, _, stderr = runGenCmd("diff", agent36, "../../spec/agent/v9.9.yaml")
	if code != exitUsage || !strings.Contains(stderr, "v9.9.yaml") {
		t.Errorf("missing file: exit %d, stderr %q", code, stderr)
	}
}

func TestDiffFormats(t *testing.T) {
	code, out, stderr := runGenCmd("diff", agent30, agent36)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !strings.HasPrefix(lines[0], "agent API v3.0 -> v3.6 (") || !regexp.MustCompile(`^\d+ breaking, \d+ non-breaking \(ERR \d+, WARN \d+, INFO \d+\)$`).MatchString(lines[len(lines)-1]) {
		t.Errorf("text report: first line %q, last line %q", lines[0], lines[len(lines)-1])
	}
	if !strings.Contains(out, "go, does not compile (go-method-renamed): v30.Client.GetArchives -> v36.Client.ListArchives") {
		t.Error("text report does not name the Go identifiers of get_archives -> list_archives")
	}

	_, out, _ = runGenCmd("diff", "-format", "markdown", agent30, agent36)
	if !strings.HasPrefix(out, "# Migrating from agent API v3.0 to v3.6\n") {
		t.Errorf("markdown report starts with %.60q", out)
	}

	_, out, _ = runGenCmd("diff", "-format", "json", agent30, agent36)
	var doc struct {
		SchemaVersion int `json:"schema_version"`
		Summary       struct{ Breaking, Err int }
		Changes       []struct{ Rule, Level string }
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("json report: %v", err)
	}
	if doc.SchemaVersion != 1 || doc.Summary.Breaking == 0 || doc.Summary.Breaking != doc.Summary.Err || len(doc.Changes) == 0 {
		t.Errorf("json report: schema %d, summary %+v, %d changes", doc.SchemaVersion, doc.Summary, len(doc.Changes))
	}

	_, out, _ = runGenCmd("diff", agent36, agent36)
	if !strings.Contains(out, "no changes") || !strings.HasSuffix(out, "0 breaking, 0 non-breaking (ERR 0, WARN 0, INFO 0)\n") {
		t.Errorf("a spec against itself:\n%s", out)
	}
}

func TestDiffRules(t *testing.T) {
	code, out, _ := runGenCmd("diff", "-rules")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{
		"action-removed", "request-param-became-required", "response-field-removed", "push-added",
		"enum-value-removed", "ERR/INFO", "go-field-became-pointer",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("gen diff -rules lacks %q", want)
		}
	}
}
