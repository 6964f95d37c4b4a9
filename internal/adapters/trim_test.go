package adapters

import (
	"strings"
	"testing"
	"unicode/utf8"
)

var trimTests = []struct {
	in   string
	max  int
	keep string
}{
	{"short", 10, ""},
	{strings.Repeat("word ", 100), 50, ""},
	{strings.Repeat("word ", 100) + "revenue rose 34% to 39.8 billion yuan " + strings.Repeat("tail ", 50), 80, "39.8 billion yuan"},
	{strings.Repeat("word ", 100) + "at the very end 34%", 40, "34%"},
	{strings.Repeat("é", 100), 21, ""},
	{strings.Repeat("x", 100), 2, ""},
	{"figure 12% early " + strings.Repeat("pad ", 40), 30, "12%"},
	{"a b c d e f g h i j k l m n o p q r s t u v w x 34%", 56, "34%"}, // the figure ends at the cut
}

func TestTrim(t *testing.T) {
	for _, tt := range trimTests {
		got := Trim(tt.in, tt.max, tt.keep)
		if len(got) > tt.max {
			t.Errorf("Trim(%.30q..., %d) is %d bytes", tt.in, tt.max, len(got))
		}
		if !utf8.ValidString(got) {
			t.Errorf("Trim(%.30q..., %d) = %q: invalid UTF-8", tt.in, tt.max, got)
		}
		if len(tt.in) > tt.max && tt.max >= len(Ellipsis) && !strings.Contains(got, Ellipsis) {
			t.Errorf("Trim(%.30q..., %d) = %q: no ellipsis", tt.in, tt.max, got)
		}
		if tt.keep != "" && !strings.Contains(got, tt.keep) {
			t.Errorf("Trim(%.30q..., %d, %q) = %q: lost the figure", tt.in, tt.max, tt.keep, got)
		}
	}
}

func FuzzTrim(f *testing.F) {
	f.Add("revenue rose 34% to 39.8 billion yuan", 20, "34%")
	f.Fuzz(func(t *testing.T, s string, max int, keep string) {
		if max < 0 || max > 1<<16 || !utf8.ValidString(s) {
			return
		}
		got := Trim(s, max, keep)
		if len(got) > max && len(s) > max {
			t.Fatalf("Trim(%q, %d, %q) = %q: over the limit", s, max, keep, got)
		}
		if !utf8.ValidString(got) {
			t.Fatalf("Trim(%q, %d, %q) = %q: invalid UTF-8", s, max, keep, got)
		}
		if keep != "" && strings.TrimSpace(keep) == keep && utf8.ValidString(keep) && strings.Contains(s, keep) && len(keep)+2*len(Ellipsis) < max && !strings.Contains(got, keep) {
			t.Fatalf("Trim(%q, %d, %q) = %q: lost the figure", s, max, keep, got)
		}
	})
}
