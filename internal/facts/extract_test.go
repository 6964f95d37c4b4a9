package facts

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/period"
)

var (
	sep2025 = period.QuarterEnding(2025, time.September)
	dec2024 = period.QuarterEnding(2024, time.December)
)

func alibabaMeta(p period.Period, published time.Time) *corpus.Meta {
	return &corpus.Meta{Company: "Alibaba", Published: published, Period: p}
}

// passage builds a passage whose text sits at an offset inside a document.
func passage(text string, meta *corpus.Meta) (corpus.Passage, string) {
	raw := "# Title\n\n" + text + "\n"
	return corpus.Passage{ID: "doc.md#1", Doc: "doc.md", Seq: 1, Start: 9, End: 9 + len(text), Text: text, Meta: meta}, raw
}

// want describes one expected fact; empty fields are not checked.
type want struct {
	company, segment, metric string
	kind                     Kind
	value, converted, change string
	direction, basis         string
	period                   period.Period
	qualifier                string
	number                   float64 // the value's Number; 0 is not checked
}

var extractTests = []struct {
	in   string
	meta *corpus.Meta
	want []want
}{
	{
		"Total revenues were RMB125,447 million (USD18,421 million), an increase of 29% YoY.",
		&corpus.Meta{Company: "Zentro", Period: sep2025},
		[]want{{company: "Zentro Holdings", segment: Group, metric: Revenue, kind: Actual, value: "RMB125,447 million", converted: "USD18,421 million", change: "29%", direction: "up", basis: "yoy", period: sep2025}},
	},
	{
		"Alibaba's AI Bet Pays Off With 34% Cloud Growth",
		alibabaMeta(sep2025, period.Date(2025, 11, 25)),
		[]want{{company: "Alibaba Group Holding", segment: Cloud, metric: Revenue, change: "34%", direction: "up"}},
	},
	{
		"Cloud revenue rose 34 percent year over year to 39.8 billion yuan (about 5.6 billion dollars), topping expectations.",
		alibabaMeta(sep2025, period.Date(2025, 11, 25)),
		[]want{{segment: Cloud, metric: Revenue, kind: Actual, value: "39.8 billion yuan", converted: "5.6 billion dollars", change: "34 percent", basis: "yoy"}},
	},
	{
		"According to CNBC, Alibaba reported better-than-expected fiscal second quarter results with revenue hitting 247.8 billion yuan ($34.8 billion) versus estimates of 242.65 billion yuan, representing 5% year-over-year growth.",
		alibabaMeta(sep2025, period.Date(2025, 11, 25)),
		[]want{
			{segment: Group, metric: Revenue, kind: Actual, value: "247.8 billion yuan", converted: "$34.8 billion", change: "5%", basis: "yoy", period: sep2025},
			{segment: Group, metric: Revenue, kind: Estimate, value: "242.65 billion yuan", period: sep2025},
		},
	},
	{
		"The company's cloud computing division delivered particularly strong performance with revenue jumping 34% year-over-year to 39.8 billion yuan, beating expectations of 37.9 billion yuan and accelerating from 26% growth in the previous quarter.",
		alibabaMeta(sep2025, period.Date(2025, 11, 25)),
		[]want{
			{segment: Cloud, metric: Revenue, kind: Actual, value: "39.8 billion yuan", change: "34%"},
			{segment: Cloud, metric: Revenue, kind: Estimate, value: "37.9 billion yuan"},
			{segment: Cloud, metric: Revenue, kind: Prior, change: "26%", period: period.QuarterEnding(2025, time.June)},
		},
	},
	{
		"For the quarter ending in December, Alibaba reported an 8% increase in revenue to 280.2 billion yuan ($38.38 billion), while net income soared to 48.9 billion yuan ($6.71 billion).",
		alibabaMeta(period.Period{}, period.Date(2025, 2, 20)),
		[]want{
			{metric: Revenue, value: "280.2 billion yuan", change: "8%", period: dec2024},
			{metric: NetIncome, value: "48.9 billion yuan", converted: "$6.71 billion", period: dec2024},
		},
	},
	{
		"The company disclosed it's already burned through 120 billion yuan ($16.8 billion) in AI and cloud infrastructure capital expenditure over the past four quarters.",
		alibabaMeta(sep2025, period.Date(2025, 11, 25)),
		[]want{{segment: Group, metric: Capex, kind: Actual, value: "120 billion yuan", period: period.Period{Length: period.Year, End: sep2025.End}}},
	},
	{
		"The company previously outlined a plan to invest 380 billion yuan over three years to advance cloud and AI infrastructure.",
		alibabaMeta(sep2025, period.Date(2025, 11, 25)),
		[]want{{segment: Group, metric: Investment, kind: Target, value: "380 billion yuan", period: sep2025}},
	},
	{
		"Management set a target to reach 1 trillion yuan in quick commerce gross merchandise value within three years.",
		alibabaMeta(sep2025, period.Date(2025, 11, 25)),
		[]want{{segment: QuickCommerce, metric: GMV, kind: Target, value: "1 trillion yuan"}},
	},
	{
		"The surge sent Alibaba's New York-listed shares up 4% in premarket trading Tuesday.",
		alibabaMeta(sep2025, period.Date(2025, 11, 25)),
		[]want{{segment: Group, metric: SharePrice, change: "4%", direction: "up"}},
	},
	{
		"In China, competitors like Tencent reported revenue of 192.9 billion yuan, but Alibaba's 34% revenue jump positions it as a leader.",
		alibabaMeta(sep2025, period.Date(2025, 11, 25)),
		[]want{
			{company: "Tencent Holdings", metric: Revenue, value: "192.9 billion yuan"},
			{company: "Alibaba Group Holding", metric: Revenue, change: "34%"},
		},
	},
	{
		"At the group level, profits were pressured by large investments in instant commerce, and adjusted EBITA fell sharply.",
		alibabaMeta(sep2025, period.Date(2025, 11, 25)),
		[]want{{segment: Group, metric: AdjustedEBITA, change: "fell sharply", direction: "down", qualifier: Adjusted}},
	},
	{
		"Alibaba remains the largest cloud provider in China with market share around one third.",
		alibabaMeta(sep2025, period.Date(2025, 11, 25)),
		[]want{{segment: Cloud, metric: MarketShare, value: "one third"}},
	},
	{
		"- Non-GAAP diluted EPS was $1.42, up 12% quarter-over-quarter and 30% year-over-year.",
		&corpus.Meta{Company: "Quorvex", Period: sep2025},
		[]want{
			{company: "Quorvex Systems", metric: EPS, value: "$1.42", change: "12%", basis: "qoq", qualifier: NonGAAP},
			{metric: EPS, change: "30%", basis: "yoy", qualifier: NonGAAP},
		},
	},
	{
		"GAAP gross margin was 61.2%, compared with 58.9% in the prior-year quarter.",
		&corpus.Meta{Company: "Quorvex", Period: sep2025},
		[]want{
			{metric: GrossMargin, kind: Actual, value: "61.2%", qualifier: GAAP},
			{metric: GrossMargin, kind: Prior, value: "58.9%", period: period.QuarterEnding(2024, time.September)},
		},
	},
	{
		"Revenue grew 9% in constant currency to €2.31 billion in the third quarter of fiscal 2025.",
		&corpus.Meta{Company: "Helvara", Period: sep2025},
		[]want{{company: "Helvara AG", metric: Revenue, value: "€2.31 billion", change: "9%", qualifier: ConstantCurrency, period: period.QuarterEnding(2025, time.September)}},
	},
	{
		"For the fourth quarter, Quorvex expects revenue of $6.1 billion to $6.3 billion.",
		&corpus.Meta{Company: "Quorvex", Period: sep2025},
		[]want{{metric: Revenue, kind: Guidance, value: "$6.1 billion"}, {metric: Revenue, kind: Guidance, value: "$6.3 billion"}},
	},
	{
		"Analysts polled by LSEG had expected earnings per share of $1.31.",
		&corpus.Meta{Company: "Quorvex", Period: sep2025},
		[]want{{metric: EPS, kind: Estimate, value: "$1.31"}},
	},
	{
		"Its Qwen app crossed 10 million downloads within a week of its public launch.",
		alibabaMeta(sep2025, period.Date(2025, 11, 25)),
		[]want{{metric: Downloads, value: "10 million downloads"}},
	},
}

var testRegistry = append([]corpus.Company{
	{Name: "Zentro Holdings", Short: "Zentro", Tickers: []string{"NASDAQ:ZNTR"}, Segments: map[string][]string{"cloud": {"Zentro Cloud"}}},
	{Name: "Quorvex Systems", Short: "Quorvex", Tickers: []string{"NYSE:QVX"}},
	{Name: "Helvara AG", Short: "Helvara", FiscalYearEnd: "12-31"},
}, seedCompanies...)

func TestExtract(t *testing.T) {
	e := New(testLexicon(t), testRegistry)
	for _, tt := range extractTests {
		p, raw := passage(tt.in, tt.meta)
		got := e.Extract(p)
		checkOffsets(t, tt.in, raw, got)
		for _, w := range tt.want {
			if !hasFact(got, w) {
				t.Errorf("Extract(%q): no fact %+v; got:\n%s", tt.in, w, dump(got))
			}
		}
	}
}

func hasFact(fs []Fact, w want) bool {
	for _, f := range fs {
		switch {
		case w.company != "" && f.Company != w.company,
			w.segment != "" && f.Segment != w.segment,
			w.metric != "" && f.Metric != w.metric,
			w.kind != "" && f.Kind != w.kind,
			w.value != "" && (f.Value == nil || f.Value.Text != w.value),
			w.converted != "" && (f.Converted == nil || f.Converted.Text != w.converted),
			w.change != "" && (f.Change == nil || f.Change.Text != w.change),
			w.direction != "" && (f.Change == nil || f.Change.Direction != w.direction),
			w.basis != "" && (f.Change == nil || f.Change.Basis != w.basis),
			!w.period.IsZero() && f.Period != w.period,
			w.qualifier != "" && !contains(f.Qualifiers, w.qualifier),
			w.number != 0 && (f.Value == nil || f.Value.Number != w.number):
			continue
		}
		return true
	}
	return false
}

func dump(fs []Fact) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("  " + f.Company + " | " + f.Segment + " | " + f.Metric + " | " + string(f.Kind) + " | " + f.Period.String() + " | " + strings.Join(f.Qualifiers, ","))
		if f.Value != nil {
			b.WriteString(" | value " + f.Value.Text)
		}
		if f.Converted != nil {
			b.WriteString(" (" + f.Converted.Text + ")")
		}
		if f.Change != nil {
			b.WriteString(" | change " + f.Change.Text + " " + f.Change.Direction + " " + f.Change.Basis)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// checkOffsets checks the invariant every consumer relies on: the document
// text at a value's or change's offsets is its Text, and a fact's span lies
// inside the passage and contains its figures.
func checkOffsets(t *testing.T, in, raw string, fs []Fact) {
	t.Helper()
	for _, f := range fs {
		for _, v := range []*Value{f.Value, f.Converted} {
			if v != nil && (v.Start < 0 || v.End > len(raw) || v.Start > v.End || raw[v.Start:v.End] != v.Text) {
				t.Errorf("%q: value %q at %d-%d does not match the document", in, v.Text, v.Start, v.End)
			}
		}
		if c := f.Change; c != nil && (c.Start < 0 || c.End > len(raw) || c.Start > c.End || raw[c.Start:c.End] != c.Text) {
			t.Errorf("%q: change %q at %d-%d does not match the document", in, c.Text, c.Start, c.End)
		}
		if f.Start < 0 || f.End > len(raw) || f.Start > f.End {
			t.Errorf("%q: fact span %d-%d out of range", in, f.Start, f.End)
		}
		if f.Value != nil && (f.Value.Start < f.Start || f.Value.End > f.End) {
			t.Errorf("%q: value %q outside its fact span", in, f.Value.Text)
		}
		if f.Metric == "" || f.Segment == "" || f.Kind == "" {
			t.Errorf("%q: incomplete fact %+v", in, f)
		}
	}
}

// seedWant lists, for the seed articles, facts that must be found.
var seedWant = map[string][]want{
	"000": {
		{segment: Cloud, metric: Revenue, value: "39.8 billion yuan", converted: "$5.6 billion", period: sep2025},
		{segment: Cloud, metric: Revenue, change: "34%", kind: Actual},
		{segment: Cloud, metric: Revenue, change: "26%", kind: Prior, period: period.QuarterEnding(2025, time.June)},
		{segment: AIProducts, metric: Revenue, change: "triple-digit", basis: "yoy"},
		{metric: Downloads, value: "10 million downloads"},
		{metric: Capex, value: "120 billion yuan"},
		{metric: Investment, kind: Target, value: "380 billion yuan", converted: "$53 billion"},
		{metric: SharePrice, change: "4%", direction: "up"},
	},
	"001": {
		{segment: Group, metric: Revenue, kind: Actual, value: "247.8 billion yuan", change: "5%"},
		{segment: Group, metric: Revenue, kind: Estimate, value: "242.65 billion yuan"},
		{segment: Cloud, metric: Revenue, kind: Estimate, value: "37.9 billion yuan"},
		{segment: Cloud, metric: Revenue, kind: Actual, value: "39.8 billion yuan", change: "34%", basis: "yoy"},
		{metric: Investment, kind: Target, value: "380 billion yuan"},
	},
	"002": {
		{segment: Cloud, metric: Revenue, value: "39.8 billion yuan", change: "34%", period: sep2025},
		{segment: Group, metric: Revenue, value: "247.8 billion yuan", change: "5%"},
		{segment: InternationalCommerce, metric: Revenue, change: "10%", basis: "yoy"},
		{metric: CustomerRevenue, change: "29%"},
		{metric: SharePrice, change: "5%"},
	},
	"003": {
		{segment: Cloud, metric: EBITA, value: "3.6 billion yuan", change: "35 percent"},
		{segment: ChinaEcommerce, metric: Revenue, change: "16 percent"},
		{segment: QuickCommerce, metric: Revenue, change: "60 percent"},
		{segment: QuickCommerce, metric: GMV, kind: Target, value: "1 trillion yuan"},
		{segment: Group, metric: AdjustedEBITA, direction: "down"},
		{segment: Cloud, metric: MarketShare, value: "one third"},
	},
	"004": {
		{segment: Group, metric: Revenue, value: "280.2 billion yuan", change: "8%", period: dec2024},
		{segment: Group, metric: NetIncome, value: "48.9 billion yuan", period: dec2024},
		{segment: Cloud, metric: Revenue, change: "13%", period: dec2024},
		{segment: InternationalCommerce, metric: Revenue, change: "32%", period: dec2024},
		{metric: SharePrice, value: "$136.58", change: "8.5%"},
	},
}

// TestSeeds runs every line of the five seed articles (copied into
// testdata/seeds) through the extractor as a passage, checks the offset
// invariant on every fact, and checks the facts the articles are known for.
func TestSeeds(t *testing.T) {
	e := New(testLexicon(t), seedCompanies)
	files, err := filepath.Glob("testdata/seeds/*.txt")
	if err != nil || len(files) != 5 {
		t.Fatalf("seed files: %v, %v", files, err)
	}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		raw, id := string(b), filepath.Base(file)[:3]
		meta := alibabaMeta(sep2025, period.Date(2025, 11, 25))
		if id == "004" {
			meta = alibabaMeta(dec2024, period.Date(2025, 2, 20))
		}
		var all []Fact
		start := 0
		for i, line := range strings.SplitAfter(raw, "\n") {
			text := strings.TrimRight(line, "\n")
			p := corpus.Passage{ID: id + "#" + string(rune('0'+i%10)), Start: start, End: start + len(text), Text: text, Meta: meta}
			fs := e.Extract(p)
			checkOffsets(t, text, raw, fs)
			all = append(all, fs...)
			start += len(line)
		}
		for _, w := range seedWant[id] {
			if !hasFact(all, w) {
				t.Errorf("seed %s: no fact %+v", id, w)
			}
		}
	}
}

func TestSentences(t *testing.T) {
	in := `Shares rose in early U.S. trading. Revenue was $5 billion. "It was good," Wu said. Next`
	var got []string
	for _, s := range sentences(in) {
		got = append(got, in[s[0]:s[1]])
	}
	want := []string{"Shares rose in early U.S. trading.", "Revenue was $5 billion.", `"It was good," Wu said.`, "Next"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sentences(%q) = %q; want %q", in, got, want)
	}
}
