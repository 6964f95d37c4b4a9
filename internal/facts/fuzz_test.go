package facts

import (
	"testing"
	"testing/fstest"
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

// FuzzExtractDocument feeds whole documents, tables of every form among
// them, to ExtractDocument: it must not panic, and every value and change
// must quote the document at its offsets, inside the fact's passage.
func FuzzExtractDocument(f *testing.F) {
	for _, s := range []string{
		"| (in millions) | Q4 2025 | Q4 2024 | % Change |\n|---|---:|---:|---:|\n| Revenue: | | | |\n| Cloud | $ 2,184 | $ 1,702 | (5)% |\n| Net income (loss) | (35) | — | nm |\n",
		"<table><tr><td>(in thousands)</td><td colspan=\"2\">2025</td></tr><tr><td>Net income</td><td>$</td><td>(12,406</td><td>)</td></tr></table>\n",
		"(Millions of yen)\n              FY2024      FY2025\n             (Apr 2024-  forecast\n              Mar 2025)\nNet sales    648,930     670,000\nProfit       55,306      58,000\nEPS (yen)    298.72      316.00\n",
		"KEY FIGURES – FIRST HALF 2025\n\nRevenue ......... 4,210\n  of which Cloud .. 2,615\nMargin (%) ....... 11.8\n",
		"| | First | Second | Third | Fourth |\n|---|---|---|---|---|\n| 2019 | | | | |\n| Net sales | 1 | 2 | 3 | 4 |\n",
		"| | 2021 | 2022 |\n|---|---|---|\n| 2023 vs 2022 | 5.7% | x |\n",
	} {
		f.Add(s)
	}
	e := New(testLexicon(f), testRegistry)
	f.Fuzz(func(t *testing.T, body string) {
		c, _ := corpus.Load(fstest.MapFS{"d.md": &fstest.MapFile{Data: []byte("---\ncompany: Alibaba\npublished: 2025-11-25\n---\n" + body)}})
		if len(c.Docs) != 1 {
			return
		}
		d := c.Docs[0]
		for _, fa := range e.ExtractDocument(d) {
			p, ok := c.Passage(fa.Passage)
			if !ok || fa.Start < p.Start || fa.End > p.End {
				t.Fatalf("ExtractDocument(%q): fact %q span %d-%d outside its passage", body, fa.Label, fa.Start, fa.End)
			}
			for _, v := range []*Value{fa.Value, fa.Converted} {
				if v != nil && d.Raw[v.Start:v.End] != v.Text {
					t.Fatalf("ExtractDocument(%q): value %q at %d-%d", body, v.Text, v.Start, v.End)
				}
			}
			if ch := fa.Change; ch != nil && d.Raw[ch.Start:ch.End] != ch.Text {
				t.Fatalf("ExtractDocument(%q): change %q at %d-%d", body, ch.Text, ch.Start, ch.End)
			}
		}
	})
}
