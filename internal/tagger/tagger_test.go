package tagger

import (
	"strings"
	"testing"
)

func names(ts []Term) string {
	var s []string
	for _, t := range ts {
		s = append(s, t.Name)
	}
	return strings.Join(s, ",")
}

func TestMetrics(t *testing.T) {
	tg := testTagger(t)
	tests := []struct{ in, want string }{
		{"cloud rev growth yoy?", "revenue"},
		{"Total revenues were RMB125,447 million", "revenue"},
		{"net sales rose", "revenue"},
		{"turnover and top line", "revenue,revenue"},
		{"adjusted EBITA fell sharply", "adjusted ebita"},
		{"EBITA for the cloud division", "ebita"},
		{"Adjusted EBITDA margin", "operating margin"},
		{"non-GAAP net income", "net income"},
		{"diluted EPS", "eps"},
		{"earnings per ADS", "eps"},
		{"GAAP net income per diluted share", "eps"},
		{"net loss per share", "eps"},
		{"capex", "capex"},
		{"capital expenditures", "capex"},
		{"free cash flow", "free cash flow"},
		{"gross margin", "gross margin"},
		{"operating profit", "operating income"},
		{"income from operations", "operating income"},
		{"external customer revenue rose", "customer revenue"},
		{"quick commerce gross merchandise value", "gmv"},
		{"New York-listed shares", "share price"},
		{"market share", "market share"},
		{"monthly active users", "mau"},
		{"active users", "users"},
		{"a plan to invest", "investment"},
		{"how did the stock react", "share price"},
	}
	for _, tt := range tests {
		if got := names(tg.Metrics(NewText(tt.in))); got != tt.want {
			t.Errorf("Metrics(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestSegments(t *testing.T) {
	tg := testTagger(t)
	tests := []struct{ in, company, want string }{
		{"Cloud Intelligence Group business", "Alibaba", "cloud"},
		{"Alibaba Cloud now powers", "Alibaba", "cloud"},
		{"the cloud computing division", "", "cloud"},
		{"China e-commerce revenue", "Alibaba", "china e-commerce"},
		{"China e-commerce revenue", "", "e-commerce"}, // Alibaba's segment, not the lexicon's
		{"Alibaba International Digital Commerce Group reported", "BABA", "international commerce"},
		{"international commerce unit", "Alibaba", "international commerce"},
		{"international commerce unit", "", ""},
		{"instant commerce wars", "BABA", "quick commerce"},
		{"quick commerce revenue", "Alibaba", "quick commerce"},
		{"AI-related product revenue", "", "ai products"},
		{"total revenue", "", "group"},
		{"overall revenue", "", "group"},
		{"advertising revenue", "", "advertising"},
		{"online games", "", "gaming"},
		{"the e-commerce giant", "", ""},
	}
	for _, tt := range tests {
		if got := names(tg.Segments(NewText(tt.in), tt.company)); got != tt.want {
			t.Errorf("Segments(%q, %q) = %q; want %q", tt.in, tt.company, got, tt.want)
		}
	}
}

func TestCompanies(t *testing.T) {
	tg := testTagger(t)
	tests := []struct{ in, want string }{
		{"Alibaba's shares", "Alibaba Group Holding"},
		{"BABA stock", "Alibaba Group Holding"},
		{"competitors like Tencent and Huawei", "Tencent Holdings"},
		{"Baidu's revenue", "Baidu"},
		{"the babble of analysts", ""},
	}
	for _, tt := range tests {
		if got := names(tg.Companies(NewText(tt.in), false)); got != tt.want {
			t.Errorf("Companies(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
	if c, ok := tg.Names().Lookup("alibaba group"); !ok || c.Name != "Alibaba Group Holding" {
		t.Errorf("Lookup(alibaba group) = %q, %v", c.Name, ok)
	}
	if got := names(tg.Companies(NewText("baba net income"), true)); got != "Alibaba Group Holding" {
		t.Errorf("Companies(baba, fold tickers) = %q", got)
	}
}

func TestQualifiers(t *testing.T) {
	tg := testTagger(t)
	tests := []struct{ in, want string }{
		{"Non-GAAP diluted EPS", "non-GAAP,diluted"},
		{"GAAP net income", "GAAP"},
		{"grew 9% in constant currency", "constant currency"},
		{"at constant exchange rates", "constant currency"},
		{"adjusted EBITA", "adjusted"},
		{"under IFRS", "IFRS"},
		{"non-IFRS operating profit", "non-GAAP"},
		{"organic growth of 4%", "organic"},
		{"underlying operating profit", "underlying"},
	}
	for _, tt := range tests {
		if got := strings.Join(tg.Qualifiers(NewText(tt.in)), ","); got != tt.want {
			t.Errorf("Qualifiers(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestAllSegments(t *testing.T) {
	tg := testTagger(t)
	ts := tg.AllSegments(NewText("data center revenue and China e-commerce growth"))
	if len(ts) != 2 || ts[0].Name != "data center" || ts[0].Owner != "Norvane Technologies Inc." || ts[1].Name != "china e-commerce" || ts[1].Owner != "Alibaba Group Holding" {
		t.Errorf("AllSegments = %+v", ts)
	}
}

func TestTag(t *testing.T) {
	tg := testTagger(t)
	text := "Alibaba's cloud revenue rose 34% year over year to 39.8 billion yuan in the fiscal second quarter, beating estimates on a non-GAAP basis."
	var got []string
	for _, s := range tg.Tag(text) {
		k := string(s.Kind)
		if s.Kind == KindCue {
			k += "(" + s.Name + ")"
		}
		got = append(got, k+":"+text[s.Start:s.End])
	}
	want := "company:Alibaba segment:cloud metric:revenue change:34% amount:39.8 billion yuan period:fiscal second quarter cue(estimate):estimates cue(expect):estimates qualifier:non-GAAP"
	if strings.Join(got, " ") != want {
		t.Errorf("Tag:\n got %s\nwant %s", strings.Join(got, " "), want)
	}
}
