package facts

import (
	"testing"
	"time"

	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/period"
)

// figureFormTests pin down how figures are read, one table row per form:
// changes are changes, two values with their periods, shares of a total,
// the reporting currency before a conversion, currency codes and symbols in
// any position.
var figureFormTests = []struct {
	form string
	in   string
	meta *corpus.Meta
	want []want
	// notChange are texts that must not be read as a change (growth).
	notChange []string
	// notValue are texts that must not be read as a level.
	notValue []string
	// amount is, for the first want with a change, the change's amount.
	amount string
}{
	// Changes are changes.
	{form: "a change stated as an amount",
		in:       "Cash from operations increased $310 million to $1.9 billion.",
		meta:     quorvexMeta(),
		want:     []want{{metric: "operating cash flow", value: "$1.9 billion", change: "$310 million", direction: "up"}},
		notValue: []string{"$310 million"}},
	{form: "an amount change alone",
		in:       "Net interest income was up $274 million in the quarter.",
		meta:     quorvexMeta(),
		want:     []want{{metric: "net interest income", change: "$274 million", direction: "up"}},
		notValue: []string{"$274 million"}},
	{form: "an amount change with its rate",
		in:       "Advisory revenue increased $310 million, or 28%, to $1.42 billion.",
		meta:     quorvexMeta(),
		want:     []want{{value: "$1.42 billion", change: "28%", direction: "up"}},
		notValue: []string{"$310 million"},
		amount:   "$310 million"},
	{form: "a decrease by an amount",
		in:       "Net income decreased by $45 million to $1.2 billion.",
		meta:     quorvexMeta(),
		want:     []want{{metric: NetIncome, value: "$1.2 billion", change: "$45 million", direction: "down"}},
		notValue: []string{"$45 million"}},
	{form: "basis points",
		in:   "Gross margin improved 120 basis points to 42.3%.",
		meta: quorvexMeta(),
		want: []want{{metric: GrossMargin, value: "42.3%", change: "120 basis points", direction: "up"}}},
	{form: "a level reached, not a change",
		in:        "Revenue increased to $1.42 billion.",
		meta:      quorvexMeta(),
		want:      []want{{metric: Revenue, value: "$1.42 billion"}},
		notChange: []string{"$1.42 billion"}},

	// From X in P1 to Y in P2.
	{form: "from X in P1 to Y in P2",
		in:   "Operating profit improved from $41.2 million in FY24 to $57.9 million in FY25.",
		meta: &corpus.Meta{Company: "Quorvex", Published: period.Date(2025, 5, 20), Period: period.Period{Length: period.Year, End: period.Date(2025, 3, 31)}, FiscalYearEnd: period.FiscalYearEnd{Month: time.March, Day: 31}},
		want: []want{
			{metric: "operating income", value: "$41.2 million", period: period.Period{Length: period.Year, End: period.Date(2024, 3, 31)}},
			{metric: "operating income", value: "$57.9 million", period: period.Period{Length: period.Year, End: period.Date(2025, 3, 31)}},
		}},

	// Shares of a total are shares.
	{form: "customers' shares",
		in:        "Two customers accounted for 12% each of total revenue in the quarter.",
		meta:      quorvexMeta(),
		want:      []want{{metric: RevenueShare, value: "12%"}},
		notChange: []string{"12%"}},
	{form: "per cent each",
		in:        "Two customers accounted for 12 per cent each of revenue.",
		meta:      quorvexMeta(),
		want:      []want{{metric: RevenueShare, value: "12 per cent"}},
		notChange: []string{"12 per cent"}},
	{form: "a part represented a share of sales",
		in:        "Services represented 35% of sales.",
		meta:      quorvexMeta(),
		want:      []want{{metric: RevenueShare, value: "35%"}},
		notChange: []string{"35%"}},
	{form: "a share reached",
		in:        "Distribution reached a 30% share of total revenues in 2019.",
		meta:      quorvexMeta(),
		want:      []want{{metric: RevenueShare, value: "30%"}},
		notChange: []string{"30%"}},
	{form: "a list of regions' shares",
		in:        "Europe accounted for 58 percent of net sales in the quarter, the Americas for 24 percent and Asia for 18 percent.",
		meta:      quorvexMeta(),
		want:      []want{{metric: RevenueShare, segment: "europe", value: "58 percent"}, {metric: RevenueShare, segment: "americas", value: "24 percent"}, {metric: RevenueShare, segment: "asia", value: "18 percent"}},
		notChange: []string{"58 percent", "24 percent", "18 percent"}},
	{form: "growth is still growth",
		in:   "Revenue grew 12% to $4.1 billion.",
		meta: quorvexMeta(),
		want: []want{{metric: Revenue, value: "$4.1 billion", change: "12%", direction: "up"}}},

	// The reporting currency leads; the conversion follows it.
	{form: "RMB with a dollar conversion",
		in:   "Segment operating profit was RMB2,318.4 million (US$325.7 million).",
		meta: quorvexMeta(),
		want: []want{{metric: "operating income", value: "RMB2,318.4 million", converted: "US$325.7 million", number: 2318.4e6}}},
	{form: "NT$ with a dollar conversion",
		in:   "Revenue was NT$288.41 billion (US$9.42 billion) in the third quarter.",
		meta: quorvexMeta(),
		want: []want{{metric: Revenue, value: "NT$288.41 billion", converted: "US$9.42 billion", number: 288.41e9}}},

	// Codes and symbols in any position, read whole.
	{form: "SEK glued", in: "The orderbook stood at SEK42 billion.", meta: quorvexMeta(),
		want: []want{{metric: "orderbook", value: "SEK42 billion", number: 42e9}}},
	{form: "SEK glued with a decimal", in: "Order intake was SEK3.6 billion.", meta: quorvexMeta(),
		want: []want{{metric: "order intake", value: "SEK3.6 billion", number: 3.6e9}}, notValue: []string{"6 billion"}},
	{form: "CHF spaced", in: "Net income was CHF 2.1 billion.", meta: quorvexMeta(),
		want: []want{{metric: NetIncome, value: "CHF 2.1 billion", number: 2.1e9}}},
	{form: "GBP code", in: "Statutory profit before tax was GBP 612.4m.", meta: quorvexMeta(),
		want: []want{{metric: "profit before tax", value: "GBP 612.4m", number: 612.4e6}}},
	{form: "pound sign", in: "Adjusted profit before tax rose to £706.8m.", meta: quorvexMeta(),
		want: []want{{metric: "profit before tax", value: "£706.8m", number: 706.8e6}}},
	{form: "euro sign", in: "Sales were €15.2 billion.", meta: quorvexMeta(),
		want: []want{{metric: Revenue, value: "€15.2 billion", number: 15.2e9}}},
	{form: "EUR code with bn", in: "Revenue was EUR 1.2bn.", meta: quorvexMeta(),
		want: []want{{metric: Revenue, value: "EUR 1.2bn", number: 1.2e9}}},
	{form: "euros after", in: "Net profit was 1.2 billion euros.", meta: quorvexMeta(),
		want: []want{{metric: NetIncome, value: "1.2 billion euros", number: 1.2e9}}},
	{form: "rupees in crore", in: "Revenue from operations was Rs 14,250 crore.", meta: quorvexMeta(),
		want: []want{{metric: Revenue, value: "Rs 14,250 crore", number: 14250e7}}},
	{form: "yen trillion", in: "Operating income was ¥1.21 trillion.", meta: &corpus.Meta{Company: "Quorvex", Published: period.Date(2025, 10, 30), Period: sep2025, Currency: "JPY"},
		want: []want{{metric: "operating income", value: "¥1.21 trillion", number: 1.21e12}}},
}

func TestFigureForms(t *testing.T) {
	e := New(testLexicon(t), testRegistry)
	for _, tt := range figureFormTests {
		p, raw := passage(tt.in, tt.meta)
		got := e.Extract(p)
		checkOffsets(t, tt.in, raw, got)
		for _, w := range tt.want {
			if !hasFact(got, w) {
				t.Errorf("%s: Extract(%q): no fact %+v; got:\n%s", tt.form, tt.in, w, dump(got))
			}
		}
		for _, f := range got {
			for _, s := range tt.notChange {
				if f.Change != nil && f.Change.Text == s {
					t.Errorf("%s: Extract(%q): %q read as a change; got:\n%s", tt.form, tt.in, s, dump(got))
				}
			}
			for _, s := range tt.notValue {
				if f.Value != nil && f.Value.Text == s {
					t.Errorf("%s: Extract(%q): %q read as a level; got:\n%s", tt.form, tt.in, s, dump(got))
				}
			}
			if tt.amount != "" && f.Change != nil && f.Change.Text == tt.want[0].change && (f.Change.Amount == nil || f.Change.Amount.Text != tt.amount) {
				t.Errorf("%s: Extract(%q): change %q has amount %+v; want %q", tt.form, tt.in, f.Change.Text, f.Change.Amount, tt.amount)
			}
		}
	}
}
