package tagger

import (
	"testing"

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

func FuzzAmounts(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, a := range Amounts(s, 3) {
			for _, v := range []*Value{&a.Value, a.Converted} {
				if v != nil && s[v.Start-3:v.End-3] != v.Text {
					t.Fatalf("Amounts(%q): %q at %d-%d", s, v.Text, v.Start, v.End)
				}
			}
		}
	})
}

func FuzzChanges(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, c := range append(Changes(s, 5), Moves(s, 5)...) {
			if s[c.Start-5:c.End-5] != c.Text {
				t.Fatalf("Changes(%q): %q at %d-%d", s, c.Text, c.Start, c.End)
			}
		}
	})
}

// FuzzTag runs every stage of the tagger on any text: spans lie within it.
func FuzzTag(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	tg := testTagger(f)
	f.Fuzz(func(t *testing.T, s string) {
		for _, sp := range tg.Tag(s) {
			if sp.Start < 0 || sp.End > len(s) || sp.Start > sp.End {
				t.Fatalf("Tag(%q): %s %q at %d-%d", s, sp.Kind, sp.Name, sp.Start, sp.End)
			}
		}
		tg.ResolvePeriods(NewText(s), PeriodContext{Published: period.Date(2025, 11, 25), Period: sep2025})
	})
}
