package spec

import (
	"os"
	"testing"
)

// FuzzParse checks that no input makes the loader panic or hang, and that every failure is an
// ErrorList with at least one entry.
func FuzzParse(f *testing.F) {
	for _, p := range []string{"testdata/valid.yaml", "../../spec/agent/v3.0.yaml", "../../spec/customer/v3.2.yaml"} {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("api: agent\nversion: \"3.6\"\ndoc: d\nconnection: {url: \"wss://x\"}\ntypes: [{name: A, doc: d, type: A}]\n"))
	f.Add([]byte("a: &x [*x]\n"))
	f.Add([]byte("{\"api\": 1}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse("fuzz.yaml", data)
		if err != nil {
			list, ok := err.(ErrorList)
			if !ok || len(list) == 0 {
				t.Fatalf("error %T %v is not a non-empty ErrorList", err, err)
			}
			return
		}
		if s == nil {
			t.Fatal("nil spec without error")
		}
	})
}
