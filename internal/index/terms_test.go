package index

import (
	"slices"
	"testing"
)

func TestTerms(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"What does the Company's investments consist of?", []string{"compani", "invest", "consist"}},
		{"Revenues rose", []string{"revenu", "rose"}},
		{"", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, term := range Terms(tt.text) {
			got = append(got, term.Stem)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Terms(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
	ts := Terms("fair value of the assets")
	if len(ts) != 3 || ts[1].Pos != ts[0].Pos+1 || ts[2].Pos != ts[1].Pos+3 {
		t.Errorf("positions: %+v", ts)
	}
}
