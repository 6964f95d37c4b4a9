package facts

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/period"
)

// benchPassages returns every non-empty line of the seed articles and of
// the second golden corpus as a passage, with its document's metadata.
func benchPassages(b *testing.B) []corpus.Passage {
	b.Helper()
	var ps []corpus.Passage
	seeds, _ := filepath.Glob("testdata/seeds/*.txt")
	docs, _ := filepath.Glob("../../testdata/corpus2/*/*.md")
	meta := alibabaMeta(sep2025, period.Date(2025, 11, 25))
	for _, f := range append(seeds, docs...) {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		start := 0
		for _, line := range strings.SplitAfter(string(raw), "\n") {
			text := strings.TrimRight(line, "\n")
			if text != "" {
				ps = append(ps, corpus.Passage{ID: f, Start: start, End: start + len(text), Text: text, Meta: meta})
			}
			start += len(line)
		}
	}
	if len(ps) == 0 {
		b.Fatal("no passages")
	}
	return ps
}

// BenchmarkExtract measures Extract over the seed articles and the second
// golden corpus, one op being one passage.
func BenchmarkExtract(b *testing.B) {
	e := New(testLexicon(b), append(testRegistry, corpus2Companies(b)...))
	ps := benchPassages(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		e.Extract(ps[i%len(ps)])
	}
}

// corpus2Companies reads the second golden corpus's registry.
func corpus2Companies(b *testing.B) []corpus.Company {
	b.Helper()
	raw, err := os.ReadFile("../../testdata/corpus2/companies.yaml")
	if err != nil {
		b.Fatal(err)
	}
	var cs []corpus.Company
	if err := yaml.Unmarshal(raw, &cs); err != nil {
		b.Fatal(err)
	}
	return cs
}
