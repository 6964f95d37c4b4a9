package facts

import (
	"testing"

	"github.com/resultsbot/resultsbot/internal/lexicon"
)

// Canonical names the tests use; the lexicon holds them.
const (
	CustomerRevenue       = "customer revenue"
	NetIncome             = "net income"
	OperatingIncome       = "operating income"
	EBITA                 = "ebita"
	AdjustedEBITA         = "adjusted ebita"
	EPS                   = "eps"
	FreeCashFlow          = "free cash flow"
	GrossMargin           = "gross margin"
	OperatingMargin       = "operating margin"
	Downloads             = "downloads"
	Users                 = "users"
	SharePrice            = "share price"
	MarketShare           = "market share"
	GMV                   = "gmv"
	Cloud                 = "cloud"
	ChinaEcommerce        = "china e-commerce"
	InternationalCommerce = "international commerce"
	QuickCommerce         = "quick commerce"
	AIProducts            = "ai products"
	Advertising           = "advertising"
	Subscriptions         = "subscriptions"
	NonGAAP               = "non-GAAP"
	GAAP                  = "GAAP"
	Diluted               = "diluted"
)

func testLexicon(tb testing.TB) *lexicon.Lexicon {
	tb.Helper()
	l, err := lexicon.Default()
	if err != nil {
		tb.Fatal(err)
	}
	return l
}

// TestNamedInLexicon checks that the names the rules refer to are the
// lexicon's.
func TestNamedInLexicon(t *testing.T) {
	l := testLexicon(t)
	for _, m := range []string{Revenue, Investment, Capex, RevenueShare} {
		if _, ok := l.Metric(m); !ok {
			t.Errorf("metric %q is not in the lexicon", m)
		}
	}
	if _, ok := l.Segment(Group); !ok {
		t.Errorf("segment %q is not in the lexicon", Group)
	}
	for _, q := range []string{ConstantCurrency, Adjusted} {
		if _, ok := l.Qualifier(q); !ok {
			t.Errorf("qualifier %q is not in the lexicon", q)
		}
	}
}
