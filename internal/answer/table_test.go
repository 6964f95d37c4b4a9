package answer_test

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"

	"github.com/resultsbot/resultsbot/internal/answer"
	"github.com/resultsbot/resultsbot/internal/corpus"
)

// Test documents of a fictional company, one per table form, written for
// these tests.
const (
	tablePipeDoc = `---
title: Orlin Systems fourth quarter 2025 results
company: Orlin Systems
published: 2026-02-04
---
Orlin Systems reported revenue of $4.21 billion for the fourth quarter.

| (in millions, except per share) | Q4 2025 | Q4 2024 | % Change |
|---|---:|---:|---:|
| Revenue | $ 4,210 | $ 3,760 | 12 % |
| Restructuring charges | 412 | — | nm |
| Net income (loss) | (35) | 120 | nm |
`
	tableHTMLDoc = `---
title: Orlin Systems segment data
company: Orlin Systems
published: 2026-02-04
---
Segment figures follow.

<table>
<tr><td>(in thousands)</td><td colspan="4">Year Ended December 31,</td></tr>
<tr><td></td><td colspan="2">2025</td><td colspan="2">2024</td></tr>
<tr><td>Medical and employee benefits</td><td>$</td><td>35,298</td><td>$</td><td>38,572</td></tr>
<tr><td>Options granted in the year</td><td></td><td>452,695</td><td></td><td>1,188,149</td></tr>
</table>
`
	tableAlignedDoc = `---
title: Orlin Systems operating data
company: Orlin Systems
published: 2026-02-04
---
Operating profit was $612 million in 2025, the company said.

(Millions of dollars)
                          2025        2024        2023
Operating profit           621         540         498
Capital expenditures       310         295         301
Free cash flow             402         377         350
`
)

func tableBot(t *testing.T) *bot {
	t.Helper()
	c, errs := corpus.Load(fstest.MapFS{
		"orlin/q4.md":       {Data: []byte(tablePipeDoc)},
		"orlin/segments.md": {Data: []byte(tableHTMLDoc)},
		"orlin/data.txt":    {Data: []byte(tableAlignedDoc)},
	})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	b, err := loadBot("orlin", c)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestTableAnswers: a pipe table, an HTML table and a space-aligned table
// are each answered with the right column's figure, named by its column,
// citing the row verbatim (the file's bytes) with the header lines that
// give its column; a metric the lexicon lacks is found by the row's label.
func TestTableAnswers(t *testing.T) {
	b := tableBot(t)
	tests := []struct {
		q, doc, has, column string
		lacks               []string
	}{
		{"What were Orlin's restructuring charges in Q4 2025?", "orlin/q4.md", "$412 million in Q4 2025", "Q4 2025", nil},
		{"What was Orlin's net income in Q4 2024?", "orlin/q4.md", "$120 million in Q4 2024", "Q4 2024", []string{"35"}},
		{"What were Orlin's medical and employee benefits in 2024?", "orlin/segments.md", "$38,572 thousand", "Year Ended December 31, 2024", []string{"35,298"}},
		{"How many options were granted in the year 2025?", "orlin/segments.md", "452,695", "Year Ended December 31, 2025", []string{"1,188,149"}},
		{"What were Orlin's capital expenditures in 2024?", "orlin/data.txt", "$295 million in 2024", "2024", []string{"310", "301"}},
	}
	for _, tt := range tests {
		a, err := b.engine.Answer(context.Background(), answer.Question{Text: tt.q, Company: "Orlin Systems"})
		if err != nil {
			t.Fatal(err)
		}
		if !a.Answered || !strings.Contains(a.Text, tt.has) {
			t.Errorf("%q: answered %v %q; want %q", tt.q, a.Answered, a.Text, tt.has)
			continue
		}
		for _, l := range tt.lacks {
			if strings.Contains(a.Text, l) {
				t.Errorf("%q: %q holds another column's figure %s", tt.q, a.Text, l)
			}
		}
		for _, v := range invariants(b, a) {
			t.Errorf("%q: invariant: %s", tt.q, v)
		}
		var row *answer.Citation
		for i, c := range a.Citations {
			if c.Column != "" {
				row = &a.Citations[i]
			}
		}
		if row == nil {
			t.Errorf("%q: no citation of a table row: %+v", tt.q, a.Citations)
			continue
		}
		d, _ := b.corpus.Doc(row.Doc)
		if row.Doc != tt.doc || row.Column != tt.column || d.Raw[row.Start:row.End] != row.Quote {
			t.Errorf("%q: cites %s[%d:%d] %q column %q; want a row of %s, column %q", tt.q, row.Doc, row.Start, row.End, row.Quote, row.Column, tt.doc, tt.column)
		}
		if len(row.Header) == 0 {
			t.Errorf("%q: the row's citation has no header lines", tt.q)
		}
		for _, h := range row.Header {
			if d.Raw[h.Start:h.End] != h.Quote || h.End > row.Start {
				t.Errorf("%q: header %q at [%d:%d] is not the file's bytes above the row", tt.q, h.Quote, h.Start, h.End)
			}
		}
	}
}

// TestTableAndText: a figure stated in a sentence and in a table is one
// figure with two sources; where they differ, the answer shows both, each
// with a citation its marker names.
func TestTableAndText(t *testing.T) {
	b := tableBot(t)
	ask := func(q string) answer.Answer {
		a, err := b.engine.Answer(context.Background(), answer.Question{Text: q, Company: "Orlin Systems"})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	a := ask("What was Orlin's revenue in Q4 2025?")
	if !a.Answered || !strings.Contains(a.Text, "2 sources agree") || len(a.Citations) != 2 {
		t.Errorf("revenue: %q with %d citations; want one figure, 2 sources agree", a.Text, len(a.Citations))
	}
	a = ask("What was Orlin's operating profit in 2025?")
	if !a.Answered || !strings.Contains(a.Text, "621") || !strings.Contains(a.Text, "612") || !strings.Contains(a.Text, "Sources differ") {
		t.Errorf("operating profit: %q; want the table's $621 million and the sentence's $612 million", a.Text)
	}
	if !strings.Contains(a.Text, "[2]") || len(a.Citations) < 2 {
		t.Errorf("operating profit: %q with %d citations; the marker must name a citation", a.Text, len(a.Citations))
	}
	for _, v := range invariants(b, a) {
		t.Errorf("operating profit: invariant: %s", v)
	}
}

// TestTableDeclines: a question whose words no row and column hold, or
// whose period no column holds, is declined, saying what is missing and
// without a digit.
func TestTableDeclines(t *testing.T) {
	b := tableBot(t)
	for q, missing := range map[string]string{
		"What were Orlin's dental benefits in 2025?":       "metric",
		"What were Orlin's restructuring charges in 2019?": "period",
	} {
		a, err := b.engine.Answer(context.Background(), answer.Question{Text: q, Company: "Orlin Systems"})
		if err != nil {
			t.Fatal(err)
		}
		if a.Answered || len(a.Missing) == 0 || a.Missing[0] != missing || strings.ContainsFunc(a.Text, unicode.IsDigit) {
			t.Errorf("%q: answered %v %q, missing %v; want a decline missing %s, without digits", q, a.Answered, a.Text, a.Missing, missing)
		}
	}
}
