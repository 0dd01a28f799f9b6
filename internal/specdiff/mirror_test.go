package specdiff

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// mirrorPairs are the rules that swap when two specs are compared the other way round
// (after "-added-required" and "-added-optional" are folded into "-added"); every other rule
// is its own mirror.
var mirrorPairs = [][2]string{
	{"deprecated", "undeprecated"},
	{"push-documented", "push-undocumented"},
	{"ping-interval-shortened", "ping-interval-lengthened"},
	{"max-pending-requests-lowered", "max-pending-requests-raised"},
}

func foldAdded(id string) string {
	for _, suf := range []string{"-added-required", "-added-optional"} {
		if strings.HasSuffix(id, suf) {
			return strings.TrimSuffix(id, suf) + "-added"
		}
	}
	return id
}

// mirrorRule is the rule of a change seen from the other side, folded.
func mirrorRule(id string) string {
	id = foldAdded(id)
	for _, p := range mirrorPairs {
		switch id {
		case p[0]:
			return p[1]
		case p[1]:
			return p[0]
		}
	}
	for _, p := range [][2]string{{"-added", "-removed"}, {"-became-required", "-became-optional"}} {
		switch {
		case strings.HasSuffix(id, p[0]):
			return strings.TrimSuffix(id, p[0]) + p[1]
		case strings.HasSuffix(id, p[1]):
			return strings.TrimSuffix(id, p[1]) + p[0]
		}
	}
	return id
}

// changeKey identifies a change independently of its grading; mirrored, it is the key of the
// same change found by comparing the specs the other way round.
func changeKey(c *Change, mirrored bool) string {
	s := c.Subject
	rule, oldName, newName, oldPath, newPath, oldVal, newVal := foldAdded(c.Rule), s.Old, s.New, s.OldPath, s.NewPath, c.Old, c.New
	if mirrored {
		rule = mirrorRule(c.Rule)
		oldName, newName, oldPath, newPath, oldVal, newVal = newName, oldName, newPath, oldPath, newVal, oldVal
	}
	sugg := ""
	if c.Suggestion != nil {
		sugg = c.Suggestion.Name
	}
	return strings.Join([]string{rule, string(s.Kind), oldName, newName, string(s.Part), oldPath, newPath, oldVal, newVal, sugg}, " | ")
}

func checkMirror(t *testing.T, a, b *spec.Spec) {
	t.Helper()
	ab, ba := Diff(a, b, Options{}), Diff(b, a, Options{})
	var want, got []string
	for _, c := range ab.Changes {
		want = append(want, changeKey(c, true))
	}
	for _, c := range ba.Changes {
		got = append(got, changeKey(c, false))
	}
	slices.Sort(want)
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diff(B, A) does not mirror diff(A, B) (-mirrored A,B +B,A):\n%s", diff)
	}
}

func TestMirror(t *testing.T) {
	for _, tc := range diffCases {
		t.Run(tc.name, func(t *testing.T) {
			checkMirror(t, parse(t, "1.0", tc.old), parse(t, "2.0", tc.new))
		})
	}
	for _, p := range realPairs {
		t.Run(p.name, func(t *testing.T) {
			checkMirror(t, load(t, p.old), load(t, p.new))
		})
	}
}

func TestMirrorRuleIsAnInvolution(t *testing.T) {
	for _, r := range rules {
		if r.Lens == LensGo {
			continue // a go-api rule grades another change, whose mirror may break nothing
		}
		id := foldAdded(r.ID)
		m := mirrorRule(id)
		if mirrorRule(m) != id {
			t.Errorf("mirror of mirror of %s is %s", id, mirrorRule(m))
		}
		if _, ok := LookupRule(m); !ok {
			if _, ok := LookupRule(m + "-required"); !ok {
				t.Errorf("rule %s mirrors to %s, which is not a rule", r.ID, m)
			}
		}
	}
}
