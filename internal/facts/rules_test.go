package facts

import (
	"testing"
	"time"

	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/period"
)

// ruleTests are drawn from the language of results reporting in general:
// news prose, press-release bullets and outlook sections. Each case names
// the rule it pins down.
var ruleTests = []struct {
	rule string
	in   string
	meta *corpus.Meta
	want []want
	// none lists figures (value or change text) that must yield no fact
	// for the document's company.
	none []string
}{
	// Prior-period figures.
	{rule: "from X to Y earlier in the year",
		in:   "Users praised the company's acceleration from 18% to 26% cloud growth earlier in the year, now culminating in the 34% surge.",
		meta: alibabaMeta(sep2025, period.Date(2025, 11, 25)),
		want: []want{{change: "18%", kind: Prior}, {change: "26%", kind: Prior}, {change: "34%", kind: Actual, segment: Cloud}}},
	{rule: "accelerated to Y from X",
		in:   "Cloud revenue growth accelerated to 34% from 26% in the previous quarter.",
		meta: alibabaMeta(sep2025, period.Date(2025, 11, 25)),
		want: []want{{change: "34%", kind: Actual}, {change: "26%", kind: Prior, period: period.QuarterEnding(2025, time.June)}}},
	{rule: "up from X a year ago",
		in:   "Operating margin rose to 12.5%, up from 10.1% a year ago.",
		meta: quorvexMeta(),
		want: []want{{metric: OperatingMargin, value: "12.5%", kind: Actual}, {metric: OperatingMargin, value: "10.1%", kind: Prior, period: period.QuarterEnding(2024, time.September)}}},
	{rule: "versus X in the prior-year quarter",
		in:   "Net income was $1.1 billion versus $900 million in the prior-year quarter.",
		meta: quorvexMeta(),
		want: []want{{metric: NetIncome, value: "$1.1 billion", kind: Actual}, {metric: NetIncome, value: "$900 million", kind: Prior}}},
	{rule: "last quarter's X",
		in:   "Diluted EPS of $1.42 topped last quarter's $1.30.",
		meta: quorvexMeta(),
		want: []want{{metric: EPS, value: "$1.42", kind: Actual}, {metric: EPS, value: "$1.30", kind: Prior, period: period.QuarterEnding(2025, time.June)}}},
	{rule: "compared with X a year ago",
		in:   "Revenue was $5.2 billion, compared with $4.6 billion a year ago.",
		meta: quorvexMeta(),
		want: []want{{value: "$5.2 billion", kind: Actual}, {value: "$4.6 billion", kind: Prior}}},
	{rule: "growth in previous quarters",
		in:   "Cloud growth had been 18% and 22% in previous quarters.",
		meta: quorvexMeta(),
		want: []want{{change: "18%", kind: Prior}, {change: "22%", kind: Prior}}},

	// Figures not about the company.
	{rule: "global scope",
		in:   "Alibaba is betting on global AI investments reaching nearly $4 trillion over the next five years.",
		meta: alibabaMeta(sep2025, period.Date(2025, 11, 25)),
		none: []string{"$4 trillion"}},
	{rule: "named non-registry subject",
		in:   "The plan dwarfs nothing next to Project Stargate's $500 billion push.",
		meta: alibabaMeta(sep2025, period.Date(2025, 11, 25)),
		none: []string{"$500 billion"}},
	{rule: "sector",
		in:   "The AI sector is expected to grow to $1.3 trillion in revenue by 2032.",
		meta: alibabaMeta(sep2025, period.Date(2025, 11, 25)),
		none: []string{"$1.3 trillion"}},
	{rule: "market size",
		in:   "China's cloud market grew 20% in the quarter, according to Canalys.",
		meta: alibabaMeta(sep2025, period.Date(2025, 11, 25)),
		none: []string{"20%"}},
	{rule: "industry figure",
		in:   "Worldwide smartphone shipments fell 3% year over year.",
		meta: quorvexMeta(),
		none: []string{"3%"}},
	{rule: "analyst price target",
		in:   "Morgan Stanley raised its price target on the stock to $180 from $165.",
		meta: quorvexMeta(),
		none: []string{"$180", "$165"}},
	{rule: "rival not in the registry",
		in:   "Rival JD.com's revenue rose 5% in the same period.",
		meta: alibabaMeta(sep2025, period.Date(2025, 11, 25)),
		none: []string{"5%"}},
	{rule: "rival in the registry",
		in:   "Tencent reported revenue of 192.9 billion yuan, up 15%.",
		meta: alibabaMeta(sep2025, period.Date(2025, 11, 25)),
		want: []want{{company: "Tencent Holdings", metric: Revenue, value: "192.9 billion yuan"}}},
	{rule: "the company's own figure beside an industry one",
		in:   "Quorvex revenue rose 12%, while the broader industry grew 4%.",
		meta: quorvexMeta(),
		want: []want{{company: "Quorvex Systems", change: "12%"}},
		none: []string{"4%"}},

	// Spending and investment.
	{rule: "has invested over the past four quarters is capex",
		in:   "Over the past four quarters, we have invested RMB46 billion in AI and cloud infrastructure.",
		meta: quorvexMeta(),
		want: []want{{metric: Capex, kind: Actual, value: "RMB46 billion", period: period.Period{Length: period.Year, End: sep2025.End}}}},
	{rule: "has spent is capex",
		in:   "The company has spent $12 billion on data centers over the past year.",
		meta: quorvexMeta(),
		want: []want{{metric: Capex, kind: Actual, value: "$12 billion"}}},
	{rule: "deployed is capex",
		in:   "It deployed $3.1 billion in infrastructure during the quarter.",
		meta: quorvexMeta(),
		want: []want{{metric: Capex, kind: Actual, value: "$3.1 billion"}}},
	{rule: "a pledge to invest is a target",
		in:   "The company pledged to invest $50 billion in AI infrastructure over the next five years.",
		meta: quorvexMeta(),
		want: []want{{metric: Investment, kind: Target, value: "$50 billion"}}},

	// Negative amounts and losses.
	{rule: "bracketed negative",
		in:   "Free cash flow was (RMB1,234 million).",
		meta: quorvexMeta(),
		want: []want{{metric: FreeCashFlow, value: "(RMB1,234 million)", number: -1234e6}}},
	{rule: "net loss",
		in:   "Net loss was $12 million, compared with a net loss of $30 million a year earlier.",
		meta: quorvexMeta(),
		want: []want{{metric: NetIncome, value: "$12 million", number: -12e6, kind: Actual}, {metric: NetIncome, value: "$30 million", number: -30e6, kind: Prior}}},
	{rule: "operating loss widened",
		in:   "Operating loss widened to RMB2.1 billion from RMB1.5 billion.",
		meta: quorvexMeta(),
		want: []want{{metric: OperatingIncome, value: "RMB2.1 billion", number: -2.1e9, kind: Actual}, {metric: OperatingIncome, value: "RMB1.5 billion", number: -1.5e9, kind: Prior}}},
	{rule: "loss narrowed",
		in:   "The net loss narrowed 40% to $60 million.",
		meta: quorvexMeta(),
		want: []want{{metric: NetIncome, value: "$60 million", number: -60e6, change: "40%", direction: "up"}}},
	{rule: "turned to a profit",
		in:   "The company swung to a net profit of $5 million from a net loss of $3 million.",
		meta: quorvexMeta(),
		want: []want{{metric: NetIncome, value: "$5 million", number: 5e6, kind: Actual}, {metric: NetIncome, value: "$3 million", number: -3e6, kind: Prior}}},

	// Periods longer than a quarter.
	{rule: "six months ended",
		in:   "Revenue for the six months ended June 30, 2025 was $10.4 billion.",
		meta: quorvexMeta(),
		want: []want{{value: "$10.4 billion", period: period.Period{Length: period.Half, End: period.Date(2025, 6, 30)}}}},
	{rule: "nine months ended",
		in:   "For the nine months ended September 30, 2025, net income was RMB20.5 billion.",
		meta: quorvexMeta(),
		want: []want{{value: "RMB20.5 billion", period: period.Period{Length: period.NineMonths, End: period.Date(2025, 9, 30)}}}},
	{rule: "first half",
		in:   "First-half revenue rose 8% to €6.2 billion.",
		meta: quorvexMeta(),
		want: []want{{value: "€6.2 billion", period: period.Period{Length: period.Half, End: period.Date(2025, 6, 30)}}}},
	{rule: "H1 2025",
		in:   "H1 2025 revenue was €6.2 billion.",
		meta: quorvexMeta(),
		want: []want{{value: "€6.2 billion", period: period.Period{Length: period.Half, End: period.Date(2025, 6, 30)}}}},
	{rule: "year to date",
		in:   "Year to date, revenue totalled $18.3 billion.",
		meta: quorvexMeta(),
		want: []want{{value: "$18.3 billion", period: period.Period{Length: period.NineMonths, End: period.Date(2025, 9, 30)}}}},
	{rule: "this year, guided",
		in:   "The company expects revenue of $24 billion this year.",
		meta: quorvexMeta(),
		want: []want{{value: "$24 billion", kind: Guidance, period: period.Period{Length: period.Year, End: period.Date(2025, 12, 31)}}}},
	{rule: "FY25",
		in:   "FY25 revenue was $22.1 billion.",
		meta: quorvexMeta(),
		want: []want{{value: "$22.1 billion", period: period.Period{Length: period.Year, End: period.Date(2025, 12, 31)}}}},
	{rule: "full-year outlook",
		in:   "For the full year, Quorvex now forecasts revenue of $24.5 billion.",
		meta: quorvexMeta(),
		want: []want{{value: "$24.5 billion", kind: Guidance, period: period.Period{Length: period.Year, End: period.Date(2025, 12, 31)}}}},

	// Guidance and estimates.
	{rule: "analysts expect",
		in:   "Analysts expect revenue of $6.0 billion for the quarter.",
		meta: quorvexMeta(),
		want: []want{{value: "$6.0 billion", kind: Estimate}}},
	{rule: "consensus",
		in:   "The consensus estimate was $1.31 per share.",
		meta: quorvexMeta(),
		want: []want{{metric: EPS, kind: Estimate}}},
	{rule: "Street",
		in:   "Revenue of $6.2 billion beat the Street estimate of $6.0 billion.",
		meta: quorvexMeta(),
		want: []want{{value: "$6.2 billion", kind: Actual}, {value: "$6.0 billion", kind: Estimate}}},
	{rule: "guided",
		in:   "The company guided fourth-quarter revenue to $6.1 billion.",
		meta: quorvexMeta(),
		want: []want{{value: "$6.1 billion", kind: Guidance}}},
	{rule: "company is expected to",
		in:   "Quorvex is expected to report revenue of about $6.4 billion next quarter, the company said.",
		meta: quorvexMeta(),
		want: []want{{value: "$6.4 billion", kind: Guidance}}},
	{rule: "outlook bullet",
		in:   "- Revenue is expected to be between $6.1 billion and $6.3 billion.",
		meta: quorvexMeta(),
		want: []want{{value: "$6.1 billion", kind: Guidance}, {value: "$6.3 billion", kind: Guidance}}},
}

func quorvexMeta() *corpus.Meta {
	return &corpus.Meta{Company: "Quorvex", Published: period.Date(2025, 10, 30), Period: sep2025}
}

func TestRules(t *testing.T) {
	e := New(testLexicon(t), testRegistry)
	for _, tt := range ruleTests {
		p, raw := passage(tt.in, tt.meta)
		got := e.Extract(p)
		checkOffsets(t, tt.in, raw, got)
		for _, w := range tt.want {
			if !hasFact(got, w) {
				t.Errorf("%s: Extract(%q): no fact %+v; got:\n%s", tt.rule, tt.in, w, dump(got))
			}
		}
		co, _ := e.Tagger().Names().Lookup(tt.meta.Company)
		doc := co.Name
		for _, fig := range tt.none {
			for _, f := range got {
				if f.Company == doc && (f.Value != nil && f.Value.Text == fig || f.Change != nil && f.Change.Text == fig) {
					t.Errorf("%s: Extract(%q): %q is not a fact of %s; got:\n%s", tt.rule, tt.in, fig, doc, dump(got))
				}
			}
		}
	}
}

// A relative period ("this year") dates its own clause only.
func TestRelativePeriodStaysInItsClause(t *testing.T) {
	text := "The stock has surged more than 60% this year, with its U.S.-listed shares climbing 8.5% to $136.58 in morning trading."
	ex := New(testLexicon(t), nil)
	q := period.QuarterEnding(2024, time.December)
	meta := &corpus.Meta{Company: "Alibaba Group Holding", Published: period.Date(2025, time.February, 20), Period: q, FiscalYearEnd: period.FiscalYearEnd{Month: time.March, Day: 31}}
	fs := ex.Extract(corpus.Passage{ID: "d#0", Doc: "d", Start: 0, End: len(text), Text: text, Meta: meta})
	found := false
	for _, f := range fs {
		if f.Value != nil && f.Value.Text == "$136.58" {
			found = true
			if f.Period != q {
				t.Errorf("%q: $136.58 has period %v; want %v", text, f.Period, q)
			}
		}
	}
	if !found {
		t.Errorf("%q: no fact for $136.58: %+v", text, fs)
	}
}

// A constant-currency phrase qualifies the figure it follows (or, leading,
// the one after it), not every figure of its clause.
var constantCurrencyTests = []struct {
	text string
	cc   map[string]bool // change text -> constant currency
}{
	{"Total revenue of $1.24 billion, an increase of 18% year-over-year (19% in constant currency).", map[string]bool{"18%": false, "19%": true}},
	{"Group revenue grew 6% as reported and 9% in constant currency.", map[string]bool{"6%": false, "9%": true}},
	{"In constant currency, revenue rose 9%, and reported revenue rose 6%.", map[string]bool{"9%": true, "6%": false}},
	{"The company expects revenue growth of 7% to 8% in constant currency.", map[string]bool{"7%": true, "8%": true}},
	{"Subscriptions revenue grew 14% in constant currency (11% reported).", map[string]bool{"14%": true, "11%": false}},
}

func TestConstantCurrencyScope(t *testing.T) {
	ex := New(testLexicon(t), nil)
	meta := &corpus.Meta{Company: "Example Corp", Period: period.QuarterEnding(2025, time.September), Published: period.Date(2025, time.October, 20)}
	for _, tt := range constantCurrencyTests {
		fs := ex.Extract(corpus.Passage{ID: "d#0", Doc: "d", End: len(tt.text), Text: tt.text, Meta: meta})
		seen := map[string]bool{}
		for _, f := range fs {
			if f.Change == nil {
				continue
			}
			want, ok := tt.cc[f.Change.Text]
			if !ok {
				continue
			}
			seen[f.Change.Text] = true
			if got := contains(f.Qualifiers, ConstantCurrency); got != want {
				t.Errorf("%q: %s constant currency = %v; want %v", tt.text, f.Change.Text, got, want)
			}
		}
		for c := range tt.cc {
			if !seen[c] {
				t.Errorf("%q: no fact with change %s", tt.text, c)
			}
		}
	}
}

// A figure whose subject is an unnamed unit or subsidiary is not the group's.
func TestSubUnitIsNotTheGroup(t *testing.T) {
	ex := New(testLexicon(t), nil)
	meta := &corpus.Meta{Company: "Kato Motors", Period: period.QuarterEnding(2025, time.September)}
	for _, tt := range []struct {
		text    string
		segment string
	}{
		{"Its U.S. unit, Kato North America, reported revenue of $9.8B, up 4% y/y.", OtherUnit},
		{"The company's Brazilian subsidiary posted revenue of $1.2 billion.", OtherUnit},
		{"Sales climbed 6.5% to 12.4 trillion yen.", Group},
		{"Its cloud unit grew revenue 20% to $3 billion.", Cloud},
		{"Its Korean unit grew sales 4%, while total revenue rose 6% to $9 billion.", OtherUnit},
	} {
		fs := ex.Extract(corpus.Passage{ID: "d#0", Doc: "d", End: len(tt.text), Text: tt.text, Meta: meta})
		if len(fs) == 0 {
			t.Errorf("%q: no facts", tt.text)
			continue
		}
		if fs[0].Segment != tt.segment {
			t.Errorf("%q: segment %q; want %q", tt.text, fs[0].Segment, tt.segment)
		}
	}
}

// ¥ is the yuan by default and the yen in a JPY document or beside "yen".
func TestYenSign(t *testing.T) {
	ex := New(testLexicon(t), nil)
	for _, tt := range []struct {
		text, currency, want string
	}{
		{"Operating profit rose 14% to ¥1.21 trillion.", "", "CNY"},
		{"Operating profit rose 14% to ¥1.21 trillion.", "JPY", "JPY"},
		{"Sales rose to ¥12.4 trillion, or about 83 billion dollars at 150 yen to the dollar.", "", "JPY"},
	} {
		meta := &corpus.Meta{Company: "Example", Period: period.QuarterEnding(2025, time.September), Currency: tt.currency}
		fs := ex.Extract(corpus.Passage{ID: "d#0", Doc: "d", End: len(tt.text), Text: tt.text, Meta: meta})
		if len(fs) == 0 || fs[0].Value == nil {
			t.Errorf("%q: no amount: %+v", tt.text, fs)
			continue
		}
		if got := fs[0].Value.Currency; got != tt.want {
			t.Errorf("%q (document currency %q): ¥ read as %s; want %s", tt.text, tt.currency, got, tt.want)
		}
	}
}
