package answer

import "testing"

var correctTests = []struct{ in, want string }{
	{"revenu", "revenue"},   // a letter missing
	{"revneue", "revenue"},  // letters swapped
	{"reveneue", "revenue"}, // a letter too many
	{"revenie", "revenue"},  // a letter wrong
	{"react", "react"},      // another form ("reacted") is known: a word, not a typo
	{"growth", "growth"},
	{"rev", "rev"},           // too short to correct
	{"q3", "q3"},             // numbers are never corrected
	{"zzzzzzzz", "zzzzzzzz"}, // nothing near
}

func TestCorrect(t *testing.T) {
	v := newVocab()
	v.addText("revenue revenues reacted growth grew", 1)
	v.addText("revenue", 5)
	for _, tt := range correctTests {
		if got := v.correct(tt.in); got != tt.want {
			t.Errorf("correct(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
