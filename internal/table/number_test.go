package table

import (
	"fmt"
	"testing"
)

// show renders a Number compactly for comparisons.
func show(n *Number) string {
	if n == nil {
		return "nil"
	}
	s := fmt.Sprintf("%g", n.Value)
	if n.Decimals > 0 {
		s += fmt.Sprintf("/%d", n.Decimals)
	}
	for _, f := range []struct {
		on   bool
		name string
	}{{n.Negative, "neg"}, {n.Percent, "pct"}, {n.Dash, "dash"}, {n.NM, "nm"}, {n.NA, "na"}} {
		if f.on {
			s += " " + f.name
		}
	}
	if n.Currency != "" {
		s += " cur=" + n.Currency
	}
	if n.Suffix != "" {
		s += " suf=" + n.Suffix
	}
	if n.Footnote != "" {
		s += " fn=" + n.Footnote
	}
	return s
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "4,210", "4210"},
		{"decimals", "1,000.35", "1000.35/2"},
		{"leading point", ".5", "0.5/1"},
		{"dollar with space", "$ 4,210", "4210 cur=$"},
		{"dollar glued", "$4,210", "4210 cur=$"},
		{"parentheses", "(35)", "-35 neg"},
		{"parentheses after currency", "$(1.3)", "-1.3/1 neg cur=$"},
		{"currency inside parentheses", "($1.3)", "-1.3/1 neg cur=$"},
		{"open parenthesis only (SEC cell)", "(42", "-42 neg"},
		{"minus", "-12", "-12 neg"},
		{"unicode minus", "−12", "-12 neg"},
		{"en dash minus", "–12.5", "-12.5/1 neg"},
		{"Japanese triangle", "△1,234", "-1234 neg"},
		{"percent", "12%", "12 pct"},
		{"percent with space", "12 %", "12 pct"},
		{"negative percent", "(3.1)%", "-3.1/1 neg pct"},
		{"percent inside parentheses", "(87%)", "-87 neg pct"},
		{"euro suffix scale", "€3.2m", "3.2/1 cur=€ suf=m"},
		{"billions", "US$1.2 bn", "1.2/1 cur=US$ suf=bn"},
		{"letter code", "RMB 12,345", "12345 cur=RMB"},
		{"euro after", "1,234 €", "1234 cur=€"},
		{"basis points", "35bps", "35 suf=bps"},
		{"multiple", "1.5x", "1.5/1 suf=x"},
		{"footnote number", "1,234 (1)", "1234 fn=(1)"},
		{"footnote letter glued", "$130,000(a)", "130000 cur=$ fn=(a)"},
		{"footnote star", "12.5*", "12.5/1 fn=*"},
		{"footnote dagger", "7†", "7 fn=†"},
		{"footnote superscript", "9¹", "9 fn=¹"},
		{"minus one, not a footnote", "(1)", "-1 neg"},
		{"negative with footnote", "(12) (2)", "-12 neg fn=(2)"},
		{"em dash", "—", "0 dash"},
		{"hyphen", "-", "0 dash"},
		{"double hyphen", "--", "0 dash"},
		{"currency dash", "$ —", "0 dash cur=$"},
		{"currency dash glued", "$—", "0 dash cur=$"},
		{"nil", "Nil", "0 dash"},
		{"nm", "nm", "0 nm"},
		{"NM with footnote", "NM*", "0 nm fn=*"},
		{"n/m", "n/m", "0 nm"},
		{"n/a", "N/A", "0 na"},
		{"no-break space", "$\u00a0120", "120 cur=$"},
		{"year", "2019", "2019"},
		{"empty", "", "nil"},
		{"bare currency", "$", "nil"},
		{"quarter", "Q4 2025", "nil"},
		{"fiscal year", "FY19", "nil"},
		{"date", "June 30, 2025", "nil"},
		{"words", "Revenue", "nil"},
		{"range", "1–90", "nil"},
		{"two numbers", "12 14", "nil"},
		{"stray close", "12)", "nil"},
		{"European decimal comma", "1.234,5", "nil"},
		{"currency word in word", "USDA 5", "nil"},
	}
	for _, tt := range tests {
		if got := show(ParseNumber(tt.in)); got != tt.want {
			t.Errorf("%s: ParseNumber(%q) = %s, want %s", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestIsYear(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"2019", true}, {"1999", true}, {"2019 (1)", true}, {"2019*", true},
		{"2,019", false}, {"2019.0", false}, {"$2019", false}, {"1899", false}, {"(2019)", false}, {"201", false},
	}
	for _, tt := range tests {
		if got := isYear(ParseNumber(tt.in)); got != tt.want {
			t.Errorf("isYear(ParseNumber(%q)) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
