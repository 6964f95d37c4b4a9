package facts

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/period"
	"github.com/resultsbot/resultsbot/internal/tagger"
)

// tableFacts loads one document and returns the facts of its tables, one
// line each: "label | metric | segment | period | kind | value | change".
func tableFactLines(t *testing.T, doc string) []string {
	t.Helper()
	c, errs := corpus.Load(fstest.MapFS{"d.md": &fstest.MapFile{Data: []byte(doc)}})
	if len(errs) > 0 || len(c.Docs) != 1 {
		t.Fatalf("load: %v", errs)
	}
	d := c.Docs[0]
	var out []string
	for _, f := range New(testLexicon(t), c.Companies).ExtractDocument(d) {
		if f.Column == "" {
			continue
		}
		if d.Raw[f.Start:f.End] == "" || d.Raw[f.Value.Start:f.Value.End] != f.Value.Text {
			t.Errorf("fact %q: spans do not quote the document", f.Label)
		}
		line := strings.Join([]string{f.Label, f.Metric, f.Segment, f.Period.String(), string(f.Kind), valueText(f.Value)}, " | ")
		if f.Change != nil {
			line += " | " + f.Change.Text + " " + f.Change.Direction + " " + f.Change.Basis
		}
		out = append(out, line)
	}
	return out
}

const tableFront = "---\ntitle: Acme results\ncompany: Acme Corp\npublished: 2026-02-04\n---\n"

// TestTableFacts: a fact per figure cell, for each form a table is written
// in; the row gives the metric (a segment under "Revenue:"), the column
// the period and kind, the unit line the scale and currency; dashes, nm
// and columns that cannot be placed give nothing.
func TestTableFacts(t *testing.T) {
	tests := []struct {
		name, doc string
		want      []string
	}{
		{"pipe, two-row header, change column, sub-rows", tableFront + `
| (in millions, except per share) | Three Months Ended December 31, | | |
|---|---:|---:|---:|
| | 2025 | 2024 | % Change |
| Revenue: | | | |
| Cloud | $ 2,184 | $ 1,702 | 28 % |
| Total revenue | 4,210 | 3,760 | 12 % |
| Restructuring charges | 412 | — | nm |
| Net income (loss) | $ (35) | $ 120 | nm |
| Diluted earnings (loss) per share | $ (0.09) | $ 0.31 | nm |
`, []string{
			`Revenue: Cloud | revenue | cloud | quarter ended 2025-12-31 | actual | "2,184" = 2.184e+09 USD | 28 % up yoy`,
			`Revenue: Cloud | revenue | cloud | quarter ended 2024-12-31 | prior | "1,702" = 1.702e+09 USD`,
			`Total revenue | revenue | group | quarter ended 2025-12-31 | actual | "4,210" = 4.21e+09 USD | 12 % up yoy`,
			`Total revenue | revenue | group | quarter ended 2024-12-31 | prior | "3,760" = 3.76e+09 USD`,
			`Restructuring charges |  | group | quarter ended 2025-12-31 | actual | "412" = 4.12e+08 USD`,
			`Net income (loss) | net income | group | quarter ended 2025-12-31 | actual | "35" = -3.5e+07 USD`,
			`Net income (loss) | net income | group | quarter ended 2024-12-31 | prior | "120" = 1.2e+08 USD`,
			`Diluted earnings (loss) per share | eps | group | quarter ended 2025-12-31 | actual | "0.09" = -0.09 USD per share`,
			`Diluted earnings (loss) per share | eps | group | quarter ended 2024-12-31 | prior | "0.31" = 0.31 USD per share`,
		}},
		{"html, $ cells of their own, colspan header", tableFront + `
<table>
<tr><td>(dollars in thousands)</td><td colspan="4">Nine Months Ended September 30,</td></tr>
<tr><td></td><td colspan="2">2025</td><td colspan="2">2024</td></tr>
<tr><td>Net interest income</td><td>$</td><td>539,870</td><td>$</td><td>498,115</td></tr>
<tr><td>Net unrealized losses</td><td></td><td>(12,406</td><td></td><td>(30,982</td></tr>
</table>
`, []string{
			`Net interest income | net interest income | group | nine months ended 2025-09-30 | actual | "539,870" = 5.3987e+08 USD`,
			`Net interest income | net interest income | group | nine months ended 2024-09-30 | prior | "498,115" = 4.98115e+08 USD`,
			`Net unrealized losses |  | group | nine months ended 2025-09-30 | actual | "12,406" = -1.2406e+07 USD`,
			`Net unrealized losses |  | group | nine months ended 2024-09-30 | prior | "30,982" = -3.0982e+07 USD`,
		}},
		{"space-aligned, millions of yen, a spelled-out fiscal year, a forecast", tableFront + `
(Millions of yen)
                          FY2024          FY2025
                        (Apr 2024-       forecast
                         Mar 2025)
Net sales                  648,930        670,000
Operating profit            55,306         58,000
Earnings per share (yen)    298.72         316.00
`, []string{
			`Net sales | revenue | group | year ended 2025-03-31 | actual | "648,930" = 6.4893e+11 JPY`,
			`Net sales | revenue | group | year ended 2026-03-31 | guidance | "670,000" = 6.7e+11 JPY`,
			`Operating profit | operating income | group | year ended 2025-03-31 | actual | "55,306" = 5.5306e+10 JPY`,
			`Operating profit | operating income | group | year ended 2026-03-31 | guidance | "58,000" = 5.8e+10 JPY`,
			`Earnings per share (yen) | eps | group | year ended 2025-03-31 | actual | "298.72" = 298.72 JPY per share`,
			`Earnings per share (yen) | eps | group | year ended 2026-03-31 | guidance | "316.00" = 316 JPY per share`,
		}},
		{"leader list under a heading that names the period, of which rows", tableFront + `
KEY FIGURES – FIRST HALF 2025
(€ million)

Revenue ............................ 4,210
  of which Aerospace ............... 2,615
Recurring operating margin (%) ...... 11.8
`, []string{
			`Revenue | revenue | group | half year ended 2025-06-30 | actual | "4,210" = 4.21e+09 EUR`,
			`Revenue, of which Aerospace | revenue | aerospace | half year ended 2025-06-30 | actual | "2,615" = 2.615e+09 EUR`,
			`Recurring operating margin (%) |  | group | half year ended 2025-06-30 | actual | "11.8" = 11.8 percent`,
		}},
		{"a column no header places, and a share-of-total column, give nothing", tableFront + `
| (RMB in thousands) | 2025 | % of total | Notes |
|---|---|---|---|
| Cloud | 1,000 | 40% | 12 |
`, []string{
			`Cloud |  | group | year ended 2025-12-31 | actual | "1,000" = 1e+06 CNY`,
		}},
		{"quarters by ordinal, a year row between them", tableFront + `
| | First | Second | Third | Fourth |
|---|---|---|---|---|
| 2025 | | | | |
| Net sales | 117 | 120 | 115 | 125 |
| 2024 | | | | |
| Net sales | 101 | 104 | 109 | 111 |
`, []string{
			`Net sales | revenue | group | quarter ended 2025-03-31 | prior | "117" = 117`,
			`Net sales | revenue | group | quarter ended 2025-06-30 | prior | "120" = 120`,
			`Net sales | revenue | group | quarter ended 2025-09-30 | prior | "115" = 115`,
			`Net sales | revenue | group | quarter ended 2025-12-31 | actual | "125" = 125`,
			`Net sales | revenue | group | quarter ended 2024-03-31 | prior | "101" = 101`,
			`Net sales | revenue | group | quarter ended 2024-06-30 | prior | "104" = 104`,
			`Net sales | revenue | group | quarter ended 2024-09-30 | prior | "109" = 109`,
			`Net sales | revenue | group | quarter ended 2024-12-31 | prior | "111" = 111`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tableFactLines(t, tt.doc)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("facts of\n%s\n got:\n%s\nwant:\n%s", tt.doc, strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestHeaderPeriod: the period a column header names, resolved against
// the document (published 2026-02-04, its fiscal year the calendar's).
func TestHeaderPeriod(t *testing.T) {
	q := func(y int, m time.Month) period.Period { return period.QuarterEnding(y, m) }
	year := func(y int, m time.Month) period.Period {
		return period.Period{Length: period.Year, End: period.MonthEnd(y, m)}
	}
	tests := []struct {
		header string
		want   period.Period // zero: not placed
	}{
		{"Q4 2025", q(2025, time.December)},
		{"FY19", year(2019, time.December)},
		{"2019", year(2019, time.December)},
		{"Three Months Ended June 30, 2025", q(2025, time.June)},
		{"Year Ended December 31, 2019", year(2019, time.December)},
		{"December 31, 2019", year(2019, time.December)},
		{"H1 2023", period.Period{Length: period.Half, End: period.Date(2023, 6, 30)}},
		{"Six Months Ended 30 June 2024", period.Period{Length: period.Half, End: period.Date(2024, 6, 30)}},
		{"Quarter ended 30.06.2024", q(2024, time.June)},
		{"First Quarter 2019", q(2019, time.March)},
		{"2019 Fourth Quarter", q(2019, time.December)},
		{"FY2024 (Apr 2024- Mar 2025)", year(2025, time.March)},
		{"2025 vs 2024", period.Period{}},
		{"Carrying Amount", period.Period{}},
		{"Quarter 2019", period.Period{}},
	}
	e := New(testLexicon(t), nil)
	r := &tableReader{e: e, ctx: tagTestContext()}
	for _, tt := range tests {
		got, ok := r.headerPeriod(tt.header)
		if ok != !tt.want.IsZero() || ok && got != tt.want {
			t.Errorf("headerPeriod(%q) = %v, %v; want %v", tt.header, got, ok, tt.want)
		}
	}
}

// TestReadUnit: the scale and currency of a unit line.
func TestReadUnit(t *testing.T) {
	tests := []struct {
		in       string
		scale    float64
		currency string
	}{
		{"(in millions, except per share data)", 1e6, ""},
		{"(in thousands)", 1e3, ""},
		{"RMB in thousands", 1e3, "CNY"},
		{"Millions of yen", 1e6, "JPY"},
		{"$000's", 1e3, "USD"},
		{"(€ million, unless otherwise stated)", 1e6, "EUR"},
		{"(Rs in crore, except per share data)", 1e7, "INR"},
		{"A$ million", 1e6, "AUD"},
		{"(dollars in thousands)", 1e3, "USD"},
		{"€m", 1e6, "EUR"},
	}
	for _, tt := range tests {
		u := readUnit(tt.in)
		if u.scale != tt.scale || u.currency != tt.currency {
			t.Errorf("readUnit(%q) = %v %q; want %v %q", tt.in, u.scale, u.currency, tt.scale, tt.currency)
		}
	}
}

// TestLabelMetric: a row label names a lexicon metric only when the metric
// is all it says.
func TestLabelMetric(t *testing.T) {
	r := &tableReader{e: New(testLexicon(t), nil)}
	for in, want := range map[string]string{
		"Total revenue":                          "revenue",
		"Net sales":                              "revenue",
		"Net income (loss)":                      "net income",
		"Net profit after tax":                   "net income",
		"Revenue ($ millions)":                   "revenue",
		"Diluted earnings (loss) per share":      "eps",
		"Free Cash Flow (non-U.S. GAAP measure)": "free cash flow",
		"Cost of revenue":                        "",
		"Comparable sales growth (%)":            "",
		"Net operating loss carryforwards":       "",
		"Recurring operating income":             "",
		"Medical and employee benefits":          "",
	} {
		if got := r.labelMetric(in); got != want {
			t.Errorf("labelMetric(%q) = %q; want %q", in, got, want)
		}
	}
}

// tagTestContext is a document published 2026-02-04 that names no period.
func tagTestContext() tagger.PeriodContext {
	return tagger.PeriodContext{Published: period.Date(2026, 2, 4)}
}
