package bench

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rtmkit/livechat-rtm/internal/codegen"
	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// specFiles are the four API versions the repository generates.
var specFiles = []string{
	"spec/agent/v3.0.yaml",
	"spec/agent/v3.6.yaml",
	"spec/customer/v3.0.yaml",
	"spec/customer/v3.2.yaml",
}

// BenchmarkGenerate: one op loads, validates and generates the four API
// versions (all files of the four packages, formatted, in memory; cmd/gen
// then writes them, or compares them for -check: see BenchmarkCheck in
// cmd/gen).
func BenchmarkGenerate(b *testing.B) {
	data := make([][]byte, len(specFiles))
	for i, f := range specFiles {
		var err error
		if data[i], err = os.ReadFile(filepath.Join("..", f)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	files := 0
	for b.Loop() {
		files = 0
		for i, f := range specFiles {
			s, err := spec.Parse(f, data[i])
			if err != nil {
				b.Fatal(err)
			}
			pkg := codegen.PackageName(s.Version)
			out, err := codegen.Generate(s, codegen.Options{
				Package:    pkg,
				ImportPath: "github.com/rtmkit/livechat-rtm/gen/" + s.API + "/" + pkg,
			})
			if err != nil {
				b.Fatal(err)
			}
			files += len(out)
		}
	}
	b.ReportMetric(float64(files), "files")
}
