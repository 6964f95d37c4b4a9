package facts

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
	tests := []struct{ in, want string }{
		{"cloud rev growth yoy?", Revenue},
		{"Total revenues were RMB125,447 million", Revenue},
		{"net sales rose", Revenue},
		{"turnover and top line", Revenue + "," + Revenue},
		{"adjusted EBITA fell sharply", AdjustedEBITA},
		{"EBITA for the cloud division", EBITA},
		{"Adjusted EBITDA margin", OperatingMargin},
		{"non-GAAP net income", NetIncome},
		{"diluted EPS", EPS},
		{"earnings per ADS", EPS},
		{"GAAP net income per diluted share", EPS},
		{"net loss per share", EPS},
		{"capex", Capex},
		{"capital expenditures", Capex},
		{"free cash flow", FreeCashFlow},
		{"gross margin", GrossMargin},
		{"operating profit", OperatingIncome},
		{"income from operations", OperatingIncome},
		{"external customer revenue rose", CustomerRevenue},
		{"quick commerce gross merchandise value", GMV},
		{"New York-listed shares", SharePrice},
		{"market share", MarketShare},
		{"monthly active users", Users},
		{"a plan to invest", Investment},
		{"how did the stock react", SharePrice},
	}
	for _, tt := range tests {
		if got := names(Metrics(tt.in)); got != tt.want {
			t.Errorf("Metrics(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestSegments(t *testing.T) {
	e := New(seedCompanies)
	tests := []struct{ in, company, want string }{
		{"Cloud Intelligence Group business", "Alibaba", Cloud},
		{"Alibaba Cloud now powers", "Alibaba", Cloud},
		{"the cloud computing division", "", Cloud},
		{"China e-commerce revenue", "", ChinaEcommerce},
		{"Alibaba International Digital Commerce Group reported", "BABA", InternationalCommerce},
		{"international commerce unit", "", InternationalCommerce},
		{"instant commerce wars", "", QuickCommerce},
		{"quick commerce revenue", "", QuickCommerce},
		{"AI-related product revenue", "", AIProducts},
		{"total revenue", "", Group},
		{"overall revenue", "", Group},
		{"advertising revenue", "", Advertising},
		{"online games", "", Gaming},
		{"the e-commerce giant", "", ""},
	}
	for _, tt := range tests {
		if got := names(e.Segments(tt.in, tt.company)); got != tt.want {
			t.Errorf("Segments(%q, %q) = %q; want %q", tt.in, tt.company, got, tt.want)
		}
	}
}

func TestCompanies(t *testing.T) {
	e := New(seedCompanies)
	tests := []struct{ in, want string }{
		{"Alibaba's shares", "Alibaba Group Holding"},
		{"BABA stock", "Alibaba Group Holding"},
		{"competitors like Tencent and Huawei", "Tencent Holdings"},
		{"Baidu's revenue", "Baidu"},
		{"the babble of analysts", ""},
	}
	for _, tt := range tests {
		if got := names(e.Companies(tt.in)); got != tt.want {
			t.Errorf("Companies(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
	if name, ok := e.Company("alibaba group"); !ok || name != "Alibaba Group Holding" {
		t.Errorf("Company(alibaba group) = %q, %v", name, ok)
	}
}

func TestQualifiers(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Non-GAAP diluted EPS", "non-GAAP,diluted"},
		{"GAAP net income", "GAAP"},
		{"grew 9% in constant currency", "constant currency"},
		{"at constant exchange rates", "constant currency"},
		{"adjusted EBITA", "adjusted"},
		{"under IFRS", "IFRS"},
		{"non-IFRS operating profit", "non-GAAP"},
	}
	for _, tt := range tests {
		if got := strings.Join(Qualifiers(tt.in), ","); got != tt.want {
			t.Errorf("Qualifiers(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
