package convert

import (
	"reflect"
	"testing"
)

func TestPages(t *testing.T) {
	tests := []struct {
		text string
		want []Page
	}{
		{"", nil},
		{"no pages here\n--- page one ---\n", nil},
		{"--- page 1 ---\nA.\n\n--- page 2 ---\nB.", []Page{{N: 1, Start: 0, End: 14}, {N: 2, Start: 19, End: 33}}},
		{"---\ntitle: x\n---\n--- page 7 ---\n", []Page{{N: 7, Start: 17, End: 31}}},
		{"text --- page 3 ---\n", nil}, // not a line of its own
	}
	for _, tt := range tests {
		got := Pages(tt.text)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Pages(%q) = %+v, want %+v", tt.text, got, tt.want)
		}
		for _, p := range got {
			if s := tt.text[p.Start:p.End]; s != PageMarker(p.N) {
				t.Errorf("Pages(%q): page %d spans %q", tt.text, p.N, s)
			}
		}
	}
}
