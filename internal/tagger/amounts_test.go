package tagger

import (
	"math"
	"testing"
)

var amountTests = []struct {
	in        string
	text      string // first amount as written
	number    float64
	currency  string
	unit      string
	converted string // text of the conversion, "" for none
}{
	{"cloud revenue hit 39.8 billion yuan ($5.6 billion) in the quarter", "39.8 billion yuan", 39.8e9, "CNY", "", "$5.6 billion"},
	{"Total revenues were RMB125,447 million (USD18,421 million), an increase of 29% YoY", "RMB125,447 million", 125447e6, "CNY", "", "USD18,421 million"},
	{"Revenue was $5.6 billion, up 4% QoQ", "$5.6 billion", 5.6e9, "USD", "", ""},
	{"raised US$1.2bn in bonds", "US$1.2bn", 1.2e9, "USD", "", ""},
	{"reported revenue of $9.8B, up 4% y/y", "$9.8B", 9.8e9, "USD", "", ""},
	{"an operating loss of $850M in the quarter", "$850M", 850e6, "USD", "", ""},
	{"revenue from operations of Rs 14,250 crore for Q2 FY26", "Rs 14,250 crore", 14250e7, "INR", "", ""},
	{"net profit of ₹1,820 crore", "₹1,820 crore", 1820e7, "INR", "", ""},
	{"HK$3.50 a share dividend", "HK$3.50 a share", 3.5, "HKD", "per share", ""},
	{"sales of €3.1 billion", "€3.1 billion", 3.1e9, "EUR", "", ""},
	{"about 5.6 billion dollars", "5.6 billion dollars", 5.6e9, "USD", "", ""},
	{"Non-GAAP diluted EPS was $1.40 per share", "$1.40 per share", 1.4, "USD", "per share", ""},
	{"net income of ¥48.9 billion", "¥48.9 billion", 48.9e9, "CNY", "", ""},
	{"crossed 10 million downloads within a week", "10 million downloads", 10e6, "", "downloads", ""},
	{"the model hit over a million in four days", "a million", 1e6, "", "", ""},
	{"market share around one third", "one third", 1.0 / 3, "", "share", ""},
	{"two thirds of orders", "two thirds", 2.0 / 3, "", "share", ""},
	{"shares climbing 8.5% to $136.58 in morning trading", "$136.58", 136.58, "USD", "", ""},
	{"revenue of 247.8 billion yuan (about 34.8 billion dollars)", "247.8 billion yuan", 247.8e9, "CNY", "", "34.8 billion dollars"},
	{"a target of 1 trillion yuan in GMV", "1 trillion yuan", 1e12, "CNY", "", ""},
	{"RMB 3.6 billion", "RMB 3.6 billion", 3.6e9, "CNY", "", ""},
	{"Monthly active users reached 312 million", "312 million", 312e6, "", "", ""},
	{"it has 5,200 employees", "5,200 employees", 5200, "", "employees", ""},
	{"€450m of free cash flow", "€450m", 450e6, "EUR", "", ""},
	{"Free cash flow was (RMB1,234 million).", "(RMB1,234 million)", -1234e6, "CNY", "", ""},
	{"Operating loss | (US$56.2 million) |", "(US$56.2 million)", -56.2e6, "USD", "", ""},
	{"revenue grew 34% (39.8 billion yuan)", "39.8 billion yuan", 39.8e9, "CNY", "", ""},
	// Currency codes and symbols in any position, glued or spaced.
	{"an orderbook of SEK42 billion at the end of the quarter", "SEK42 billion", 42e9, "SEK", "", ""},
	{"order intake rose to SEK3.6 billion", "SEK3.6 billion", 3.6e9, "SEK", "", ""},
	{"segment profit was RMB2,318.4 million (US$325.7 million)", "RMB2,318.4 million", 2318.4e6, "CNY", "", "US$325.7 million"},
	{"revenue of NT$288.41 billion (US$9.42 billion)", "NT$288.41 billion", 288.41e9, "TWD", "", "US$9.42 billion"},
	{"net income of CHF 2.1 billion", "CHF 2.1 billion", 2.1e9, "CHF", "", ""},
	{"business operating profit of CHF 2.86 billion (USD 3.56 billion)", "CHF 2.86 billion", 2.86e9, "CHF", "", "USD 3.56 billion"},
	{"statutory profit before tax of GBP 612.4m", "GBP 612.4m", 612.4e6, "GBP", "", ""},
	{"adjusted profit before tax was £706.8m", "£706.8m", 706.8e6, "GBP", "", ""},
	{"net sales of €15.2 billion", "€15.2 billion", 15.2e9, "EUR", "", ""},
	{"revenue of EUR 1.2bn in the period", "EUR 1.2bn", 1.2e9, "EUR", "", ""},
	{"a profit of 1.2 billion euros", "1.2 billion euros", 1.2e9, "EUR", "", ""},
	{"net interest income of 15.7 billion euro", "15.7 billion euro", 15.7e9, "EUR", "", ""},
	{"operating income of ¥1.21 trillion", "¥1.21 trillion", 1.21e12, "CNY", "", ""},
	{"operating income was 1.56 trillion yen", "1.56 trillion yen", 1.56e12, "JPY", "", ""},
	{"operating profit of KRW 7.0 trillion", "KRW 7.0 trillion", 7e12, "KRW", "", ""},
	{"net income of R$32.7 billion", "R$32.7 billion", 32.7e9, "BRL", "", ""},
	{"group revenue of R81.2 billion", "R81.2 billion", 81.2e9, "ZAR", "", ""},
	{"revenues were C$4,312 million", "C$4,312 million", 4312e6, "CAD", "", ""},
	{"an interim dividend of HK$0.88 per share", "HK$0.88 per share", 0.88, "HKD", "per share", ""},
	{"sales of 45.3 billion Swiss francs", "45.3 billion Swiss francs", 45.3e9, "CHF", "", ""},
	{"profit of 3.1 billion kronor", "3.1 billion kronor", 3.1e9, "SEK", "", ""},
	{"sales of 12.4 billion SEK", "12.4 billion SEK", 12.4e9, "SEK", "", ""},
	{"market value per share was 445.0p", "445.0p", 4.45, "GBP", "", ""},
	{"profit after tax of ₹4,765 crore", "₹4,765 crore", 4765e7, "INR", "", ""},
}

func TestAmounts(t *testing.T) {
	for _, tt := range amountTests {
		const base = 100
		got := Amounts(tt.in, base)
		if len(got) == 0 {
			t.Errorf("Amounts(%q): none; want %q", tt.in, tt.text)
			continue
		}
		v := got[0].Value
		if v.Text != tt.text || math.Abs(v.Number-tt.number) > 1e-6*math.Max(1, tt.number) || v.Currency != tt.currency || v.Unit != tt.unit {
			t.Errorf("Amounts(%q)[0] = %q %g %q %q; want %q %g %q %q", tt.in, v.Text, v.Number, v.Currency, v.Unit, tt.text, tt.number, tt.currency, tt.unit)
		}
		if tt.in[v.Start-base:v.End-base] != v.Text {
			t.Errorf("Amounts(%q): offsets %d-%d do not hold %q", tt.in, v.Start, v.End, v.Text)
		}
		conv := ""
		if got[0].Converted != nil {
			conv = got[0].Converted.Text
		}
		if conv != tt.converted {
			t.Errorf("Amounts(%q) converted = %q; want %q", tt.in, conv, tt.converted)
		}
	}
}

func TestAmountsIgnore(t *testing.T) {
	for _, in := range []string{
		"for nine straight quarters",
		"in the quarter ending September 2025",
		"revenue up 34%",
		"since 2020, the first half of the year",
		"research and R&D at 5 sites",
		"the R 5 model",
		"page 3p",
	} {
		if got := Amounts(in, 0); len(got) != 0 {
			t.Errorf("Amounts(%q) = %+v; want none", in, got)
		}
	}
}

func TestCurrencyCode(t *testing.T) {
	for in, want := range map[string]string{"$": "USD", "US$": "USD", "A$": "AUD", "RMB": "CNY", "€": "EUR", "Rs": "INR", "yen": "JPY", "Euros": "EUR", "CHF": "CHF", "SEK": "SEK", "円": "JPY", "XYZ": "", "m": "", "": ""} {
		if got := CurrencyCode(in); got != want {
			t.Errorf("CurrencyCode(%q) = %q; want %q", in, got, want)
		}
	}
}
