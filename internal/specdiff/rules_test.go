package specdiff

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

var ruleIDRE = regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)

func TestRulesTable(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range rules {
		switch {
		case !ruleIDRE.MatchString(r.ID):
			t.Errorf("rule %q: ids are lower-case words joined by hyphens", r.ID)
		case seen[r.ID]:
			t.Errorf("rule %q: duplicate", r.ID)
		case r.Meaning == "" || r.Why == "":
			t.Errorf("rule %q: empty meaning or reason", r.ID)
		case r.Sent == 0 || r.Received == 0:
			t.Errorf("rule %q: no level", r.ID)
		case r.Directed() && r.WhyReceived == "":
			t.Errorf("rule %q: graded by direction but has one reason", r.ID)
		case r.Lens == LensGo && (!strings.HasPrefix(r.ID, "go-") || r.Sent != Err):
			t.Errorf("rule %q: go-api rules are named go-* and are ERR", r.ID)
		case r.Lens == LensWire && strings.HasPrefix(r.ID, "go-"):
			t.Errorf("rule %q: wire rules are not named go-*", r.ID)
		}
		seen[r.ID] = true
	}
	if got := Rules(); !slices.Equal(got, rules) {
		t.Error("Rules() differs from the table")
	}
}

// TestEveryRuleIsExercised: the table tests (both ways) produce every rule of the table,
// and only rules of the table.
func TestEveryRuleIsExercised(t *testing.T) {
	used := map[string]bool{}
	for _, tc := range diffCases {
		a, b := parse(t, "1.0", tc.old), parse(t, "2.0", tc.new)
		for _, r := range []*Report{Diff(a, b, Options{}), Diff(b, a, Options{})} {
			for _, c := range r.Changes {
				used[c.Rule] = true
				if c.GoRule != "" {
					used[c.GoRule] = true
				}
			}
		}
	}
	for id := range used {
		if _, ok := LookupRule(id); !ok {
			t.Errorf("rule %q is used but not in the table", id)
		}
	}
	for _, r := range rules {
		if !used[r.ID] {
			t.Errorf("rule %q: no table test produces it", r.ID)
		}
	}
}

func TestLevelFor(t *testing.T) {
	r := mustRule("enum-value-removed")
	for d, want := range map[Direction]Level{Sent: Err, Received: Info, Both: Err} {
		if got := r.LevelFor(d); got != want {
			t.Errorf("enum-value-removed for %v: %v, want %v", d, got, want)
		}
	}
	if r.LevelText() != "ERR/INFO" {
		t.Errorf("LevelText = %q", r.LevelText())
	}
	r = mustRule("type-field-became-optional")
	if r.LevelFor(Both) != Warn || r.WhyFor(Both) != r.WhyReceived {
		t.Errorf("both ways takes the worse level and its reason: %v %q", r.LevelFor(Both), r.WhyFor(Both))
	}
}

func TestParseLevelAndLens(t *testing.T) {
	for s, want := range map[string]Level{"ERR": Err, "err": Err, "breaking": Err, "WARN": Warn, "INFO": Info} {
		if got, err := ParseLevel(s); err != nil || got != want {
			t.Errorf("ParseLevel(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	if _, err := ParseLevel("fatal"); err == nil {
		t.Error("ParseLevel(fatal): no error")
	}
	for s, want := range map[string]Lens{"all": LensAll, "wire": LensWire, "go-api": LensGo, "go": LensGo} {
		if got, err := ParseLens(s); err != nil || got != want {
			t.Errorf("ParseLens(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	if _, err := ParseLens("json"); err == nil {
		t.Error("ParseLens(json): no error")
	}
}
