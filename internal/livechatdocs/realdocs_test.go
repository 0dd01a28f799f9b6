package livechatdocs

import (
	"bytes"
	"os"
	"testing"
)

func needRealDocs(tb testing.TB) *Docs {
	tb.Helper()
	if _, err := os.Stat(realDocs); err != nil {
		tb.Skipf("no docs checkout at %s", realDocs)
	}
	return Open(realDocs)
}

// TestImportRealDocsEveryVersion guards the importer against the real docs: every version
// folder of both APIs imports into a draft that loads (agent v3.6: the same bytes twice);
// under -race, v3.6 and v3.2 only.
func TestImportRealDocsEveryVersion(t *testing.T) {
	d := needRealDocs(t)
	for _, api := range []string{"agent", "customer"} {
		versions := d.Versions(api)
		if len(versions) < 6 {
			t.Errorf("%s: versions = %v, want v3.2 to v3.7", api, versions)
		}
		for _, v := range versions {
			if raceEnabled && v != "3.6" && v != "3.2" {
				continue // the stable version and the oldest folder; all of them without -race
			}
			// Import loads the draft through the spec loader: an error says it does not load.
			res, err := d.Import(api, v)
			if err != nil {
				t.Errorf("%s v%s: %v", api, v, err)
				continue
			}
			if api != "agent" || v != "3.6" {
				continue // one determinism check on the real docs is enough (and -race is slow)
			}
			res2, err := d.Import(api, v)
			if err != nil || !bytes.Equal(encode(t, res.Spec), encode(t, res2.Spec)) {
				t.Errorf("%s v%s: a second import differs (%v)", api, v, err)
			}
		}
	}
}

// TestImportRealDocsAgent36Counts checks the agent v3.6 draft against counts a reader of
// the docs finds by hand: 40 methods, 62 pushes, 18 possible errors, 9 event kinds.
func TestImportRealDocsAgent36Counts(t *testing.T) {
	res, err := needRealDocs(t).Import("agent", "3.6")
	if err != nil {
		t.Fatal(err)
	}
	s := res.Spec
	if len(s.Actions) != 40 || len(s.Pushes) != 62 || len(s.Errors) != 18 {
		t.Errorf("actions, pushes, errors = %d, %d, %d; want 40, 62, 18", len(s.Actions), len(s.Pushes), len(s.Errors))
	}
	if ev := s.Type("Event"); ev == nil || len(ev.Union.Variants) != 8 {
		t.Errorf("Event union = %+v, want 8 variants (file ... system; the deleted event is no variant)", ev)
	}
	if mp := s.Type("MyProfile"); mp == nil || len(mp.Fields) < 8 {
		t.Errorf("MyProfile has %d fields, want those of its sample file", len(mp.Fields))
	}
	if s.Connection.URL != "wss://api.livechatinc.com/v3.6/agent/rtm/ws" || len(s.Connection.Query) != 1 {
		t.Errorf("connection = %+v", s.Connection)
	}
}

// BenchmarkImport measures one version's import (agent v3.6 of the real docs, or the
// fixture without them): the contract is well under a second.
func BenchmarkImport(b *testing.B) {
	d, api, version := Open(fixtureDir), "agent", "3.6"
	if _, err := os.Stat(realDocs); err == nil {
		d = Open(realDocs)
	}
	for b.Loop() {
		if _, err := d.Import(api, version); err != nil {
			b.Fatal(err)
		}
	}
}
