package lexicon

import (
	"strings"
	"testing"
)

func TestPrefilter(t *testing.T) {
	tests := []struct {
		pattern string
		text    string
	}{
		{`(?i)\b(?:revenues?|rev|sales|turnover|top[- ]line)\b`, "Total REVENUES were"},
		{`(?i)\b(?:revenues?|rev|sales|turnover|top[- ]line)\b`, "Top-line growth"},
		{`(?i)\b(?:operating (?:income|profits?|loss(?:es)?)|(?:income|profit|loss) from operations)\b`, "Loss from operations widened"},
		{`(?i)\b(?:maus?|daus?)\b`, "MAUs rose"},
		{`\d+%`, "up 5%"},
		{`(US\$|Rs\.?|\$)\s?(\d+(?:\.\d+)?)`, "Rs 500"},
	}
	for _, tt := range tests {
		p := MustCompile(tt.pattern)
		if !p.MatchString(tt.text) {
			t.Fatalf("%q does not match %q", tt.pattern, tt.text)
		}
		if !p.MayMatch(strings.ToLower(tt.text)) {
			t.Errorf("MustCompile(%q).MayMatch(%q) = false; clauses %q", tt.pattern, tt.text, p.clauses)
		}
	}
	if p := MustCompile(`(US\$|Rs\.?|\$)\s?(\d+(?:\.\d+)?)`); p.MayMatch("years of users") {
		t.Errorf("MayMatch: money without a digit may match; clauses %q", p.clauses)
	}
	if p := MustCompile(`(?i)\b(?:revenues?|sales)\b`); p.MayMatch("net income rose") {
		t.Errorf("MayMatch: revenue pattern may match net income; clauses %q", p.clauses)
	}
	var zero Pattern
	if zero.MayMatch("anything") || zero.FindAll("anything", "anything") != nil {
		t.Errorf("the zero Pattern matches")
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		alts []string
		text string
		want string // the first match, "" for none
	}{
		{[]string{"rev"}, "revenue rose", ""},
		{[]string{"rev"}, "rev rose", "rev"},
		{[]string{"adj\\."}, "adj. EBITA", "adj."},
		{[]string{"adj\\.? ebita"}, "adj EBITA", "adj EBITA"},
		{[]string{"analysts?'?"}, "analysts' view", "analysts'"},
		{[]string{"expect\\w*"}, "expectedly", "expectedly"},
		{[]string{"(?:past|last) (?:four|4) quarters"}, "over the past four quarters.", "past four quarters"},
		{[]string{"segments?"}, "segmentsx", ""},
	}
	for _, tt := range tests {
		p := MustCompile(Words(tt.alts, true))
		if got := p.FindString(tt.text); got != tt.want {
			t.Errorf("Words(%q) in %q = %q; want %q (pattern %s)", tt.alts, tt.text, got, tt.want, p)
		}
	}
}

// FuzzPrefilter checks that the prefilter never rules out a text the
// lexicon's patterns match.
func FuzzPrefilter(f *testing.F) {
	for _, s := range []string{
		"Total revenues were RMB125,447 million (USD18,421 million), an increase of 29% YoY.",
		"Adjusted EBITA fell 78% to RMB9,073 million; cloud adjusted EBITA rose 35%.",
		"Non-GAAP diluted EPS was $1.94, above the consensus of $1.81.",
		"Quick commerce revenue rose 60 percent in constant currency.",
		"the e-commerce giant's Cloud Intelligence Group",
	} {
		f.Add(s)
	}
	l, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	var ps []Pattern
	for _, m := range l.Metrics {
		ps = append(ps, m.Match)
	}
	for _, s := range l.Segments {
		ps = append(ps, s.Match)
	}
	for _, q := range l.Qualifiers {
		ps = append(ps, q.Match)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !isASCII(s) {
			return
		}
		lower := strings.ToLower(s)
		for _, p := range ps {
			if p.MatchString(s) && !p.MayMatch(lower) {
				t.Fatalf("%q matches %q but the prefilter (%q) rules it out", p, s, p.clauses)
			}
		}
	})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
