package tagger

import (
	"slices"
	"testing"
)

// TestMetricsRead has one sentence per metric of the lexicon that results
// documents across industries report: the tagger reads it as that metric.
func TestMetricsRead(t *testing.T) {
	tg := New(testLexicon(t), nil)
	tests := []struct {
		text, metric string
	}{
		{"Net bookings were $2.1 billion in the quarter.", "bookings"},
		{"Order intake rose to SEK3.6 billion.", "order intake"},
		{"Backlog stood at $9.61 billion at quarter end.", "backlog"},
		{"The orderbook was SEK42 billion at the end of September.", "orderbook"},
		{"Remaining performance obligations were $7.84 billion.", "rpo"},
		{"Current RPO grew 14% to $3.9 billion.", "current rpo"},
		{"Net revenue retention was 118%.", "net revenue retention"},
		{"GMV grew 31% in the quarter.", "gmv"},
		{"Annual active buyers reached 612 million.", "active buyers"},
		{"Monthly active users rose to 2.14 billion.", "mau"},
		{"Daily active people were 3.21 billion on average.", "dau"},
		{"Paid subscribers grew to 41 million.", "subscribers"},
		{"ARPU was R312 per month.", "arpu"},
		{"Shipments rose 8% to 61 million units.", "shipments"},
		{"Deliveries were 412,360 vehicles.", "deliveries"},
		{"Production reached 430,120 vehicles.", "production"},
		{"The average realised price was $1,062 per ton.", "realised price"},
		{"Same-store sales rose 3.1%.", "comparable sales"},
		{"Like-for-like sales were up 4.8%.", "comparable sales"},
		{"Organic growth was 3.3%, with real internal growth of 0.8%.", "real internal growth"},
		{"HPC's share of net revenue was 57%.", "revenue share"},
		{"Net interest income increased $274 million.", "net interest income"},
		{"The net interest margin was 3.18%.", "net interest margin"},
		{"Assets under management were $286 billion.", "aum"},
		{"Net new assets were $14.8 billion.", "net new assets"},
		{"The combined ratio improved to 93.4%.", "combined ratio"},
		{"The CET1 ratio was 13.2%.", "cet1 ratio"},
		{"Return on tangible common equity was 17.1%.", "return on equity"},
		{"Book value per share of $142.85.", "book value per share"},
		{"Gross written premiums were CHF 8.9 billion.", "gross written premiums"},
		{"New business value was CHF 612 million.", "new business value"},
		{"BOP was CHF 1.48 billion.", "business operating profit"},
		{"Adjusted profit before tax was £706.8m.", "profit before tax"},
		{"The pre-tax margin was 24.0%.", "pretax margin"},
		{"Underlying trading operating profit rose 4%.", "trading operating profit"},
		{"The underlying trading operating profit margin is expected to be about 16.0%.", "trading operating margin"},
		{"EBIT was SEK1,054 million.", "ebit"},
		{"The EBIT margin was 14.6%.", "operating margin"},
		{"Headline earnings per share rose 9% to 412 cents.", "headline eps"},
		{"Profit after tax was ₹4,765 crore.", "net income"},
		{"Profit from recurring operations was €9.62 billion.", "operating income"},
		{"Total deposits grew 2% to $412 billion.", "deposits"},
		{"Loans and advances to customers rose 3%.", "loans"},
		{"Weighted-average common shares outstanding were 412 million.", "shares outstanding"},
		{"The operating ratio improved to 61.8%.", "operating ratio"},
		{"Large deal TCV was $2.6 billion.", "total contract value"},
		{"Attrition was 13.1% on a last-twelve-months basis.", "attrition"},
	}
	for _, tt := range tests {
		var got []string
		for _, m := range tg.Metrics(NewText(tt.text)) {
			got = append(got, m.Name)
		}
		if !slices.Contains(got, tt.metric) {
			t.Errorf("Metrics(%q) = %q; want %q among them", tt.text, got, tt.metric)
		}
	}
}
