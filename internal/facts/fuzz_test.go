package facts

import (
	"testing"
	"time"

	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/period"
)

var fuzzSeeds = []string{
	"Total revenues were RMB125,447 million (USD18,421 million), an increase of 29% YoY.",
	"Cloud revenue rose 34 percent year over year to 39.8 billion yuan (about 5.6 billion dollars).",
	"Non-GAAP diluted EPS was $1.42, up 12% quarter-over-quarter; gross margin expanded 120 basis points to 61.2%.",
	"For the quarter ending in December, Alibaba reported an 8% increase in revenue to 280.2 billion yuan ($38.38 billion).",
	"Qwen crossed 10 million downloads; market share around one third; computing power grew fivefold; triple-digit growth.",
	"Q2 FY26 revenue of US$1.2bn vs. estimates of $1.1bn, HK$3.50 a share, €3.1 billion, ¥48.9 billion.",
	"",
	"$",
	"RMB(",
}

func FuzzExtract(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	e := New(testLexicon(f), testRegistry)
	meta := &corpus.Meta{Company: "Alibaba", Published: period.Date(2025, time.November, 25), Period: sep2025}
	f.Fuzz(func(t *testing.T, s string) {
		p, raw := passage(s, meta)
		for _, fa := range e.Extract(p) {
			for _, v := range []*Value{fa.Value, fa.Converted} {
				if v != nil && raw[v.Start:v.End] != v.Text {
					t.Fatalf("Extract(%q): value %q at %d-%d", s, v.Text, v.Start, v.End)
				}
			}
			if c := fa.Change; c != nil && raw[c.Start:c.End] != c.Text {
				t.Fatalf("Extract(%q): change %q at %d-%d", s, c.Text, c.Start, c.End)
			}
			if fa.Start < p.Start || fa.End > p.End {
				t.Fatalf("Extract(%q): fact span %d-%d outside passage", s, fa.Start, fa.End)
			}
		}
	})
}
