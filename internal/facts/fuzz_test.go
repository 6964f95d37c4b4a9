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

// FuzzFindSegments reads a document's segments and extracts its facts with
// them: no panic, every section key names a block of the document, every
// segment name is a name the document writes, and a figure's change
// amount quotes the document.
func FuzzFindSegments(f *testing.F) {
	for _, s := range []string{
		"## Segments\n\n**Advisory.** Advisory net revenues increased $310 million, or 28%, to $1.42 billion. The segment's pre-tax margin was 24.0%.\n",
		"Domestic Marketplace. Revenue was RMB61,208.7 million.\n\n| Region | Sales |\n|---|---|\n| Europe | 5,612 |\n| Asia | 3,940 |\n| Total | 9,552 |\n",
		"High Performance Computing (HPC) represented 57% of net revenue, Smartphone 28%, and Others 4%.\n",
		"the Gaming segment; Lumora Apps, which includes the app, generated revenue of $18.31 billion.\n",
		"**\n\n## \n\n| |\n",
	} {
		f.Add(s)
	}
	lex := testLexicon(f)
	f.Fuzz(func(t *testing.T, body string) {
		fsys := fstest.MapFS{"acme/doc.md": {Data: []byte("---\ntitle: Acme results\ncompany: Acme Corp\npublished: 2025-10-30\nperiod: quarter ended 2025-09-30\n---\n" + body)}}
		c, _ := corpus.Load(fsys)
		if c == nil || len(c.Docs) == 0 {
			return
		}
		d := c.Docs[0]
		ds := FindSegments(c, lex)
		for key := range ds.Sections {
			ok := false
			for i := range d.Blocks {
				ok = ok || key == SectionKey(d.Path, i)
			}
			if !ok {
				t.Fatalf("section key %q names no block", key)
			}
		}
		for _, co := range ds.Companies {
			for _, names := range co.Segments {
				for _, n := range names {
					if n == "" {
						t.Fatalf("empty segment name: %v", co.Segments)
					}
				}
			}
		}
		e := NewWithSegments(lex, ds)
		for _, p := range d.Passages {
			for _, fa := range e.Extract(p) {
				if c := fa.Change; c != nil && c.Amount != nil && d.Raw[c.Amount.Start:c.Amount.End] != c.Amount.Text {
					t.Fatalf("change amount %q at %d-%d", c.Amount.Text, c.Amount.Start, c.Amount.End)
				}
			}
		}
	})
}
