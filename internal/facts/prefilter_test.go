package facts

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
		p := mustPrefilter(tt.pattern)
		if !p.MatchString(tt.text) {
			t.Fatalf("%q does not match %q", tt.pattern, tt.text)
		}
		if !p.mayMatch(strings.ToLower(tt.text)) {
			t.Errorf("mustPrefilter(%q).mayMatch(%q) = false; clauses %q", tt.pattern, tt.text, p.clauses)
		}
	}
	if p := mustPrefilter(`(US\$|Rs\.?|\$)\s?(\d+(?:\.\d+)?)`); p.mayMatch("years of users") {
		t.Errorf("mayMatch: money without a digit may match; clauses %q", p.clauses)
	}
	if p := mustPrefilter(`(?i)\b(?:revenues?|sales)\b`); p.mayMatch("net income rose") {
		t.Errorf("mayMatch: revenue pattern may match net income; clauses %q", p.clauses)
	}
}

// FuzzPrefilter checks that the prefilter never rules out a text the
// lexicon's patterns match.
func FuzzPrefilter(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lower := strings.ToLower(s)
		if !isASCII(s) {
			return
		}
		var ps []prefiltered
		for _, lx := range [][]lexEntry{metricLexicon, segmentLexicon} {
			for _, e := range lx {
				ps = append(ps, e.p)
			}
		}
		ps = append(ps, prefixMoney, suffixMoney, countScaled, countPlain, fraction,
			pointsRe, percentRe, foldRe, timesRe, verbMultRe, digitRe, bareMoveRe,
			monthQuarterRe, monthQuarter2Re, ordQuarterRe, fiscalOrdRe, qShortRe, fyQRe, yearRe, bareYearRe, fullYearRe, trailingRe, prevQuarterRe, yearAgoRe)
		for _, p := range ps {
			if p.MatchString(s) && !p.mayMatch(lower) {
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
