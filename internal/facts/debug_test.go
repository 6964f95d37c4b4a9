package facts

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/period"
)

func TestDebugDump(t *testing.T) {
	if os.Getenv("DUMP") == "" {
		t.Skip()
	}
	e := New(seedCompanies)
	files, _ := filepath.Glob("testdata/seeds/*.txt")
	for _, f := range files {
		raw, _ := os.ReadFile(f)
		meta := &corpus.Meta{Company: "Alibaba", Published: period.Date(2025, time.November, 25), Period: period.QuarterEnding(2025, time.September)}
		if filepath.Base(f)[:3] == "004" {
			meta.Published = period.Date(2025, time.February, 20)
			meta.Period = period.QuarterEnding(2024, time.December)
		}
		p := corpus.Passage{ID: f, Text: string(raw), End: len(raw), Meta: meta}
		for _, fa := range e.Extract(p) {
			b, _ := json.Marshal(struct{ V, C, Cv any }{fa.Value, fa.Change, fa.Converted})
			fmt.Printf("%s | %s | %s | %s | %s | %v | %s\n   %s\n", fa.Company, fa.Segment, fa.Metric, fa.Kind, fa.Period, fa.Qualifiers, b, string(raw[fa.Start:fa.End]))
		}
	}
}
