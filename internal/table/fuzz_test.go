package table

import (
	"strings"
	"testing"
)

func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"| a | b |\n|---|---|\n| x | 1 |\n",
		"a | b\n--|--\nx | (1) |\n| y \\| z | 2 |",
		"| | 2019 | 2018 |\n| Revenue | $1 | 2 |\n",
		"<table><tr><td>Revenue</td><td>$</td><td>(1</td><td>)</td></tr><tr><td colspan=3>x</td><td rowspan=2>2</td></tr></table>",
		"<TABLE><tr><td>a<table><tr><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr></table></td></tr>",
		"<table><tr><td colspan=99999>a</td><td rowspan=-4>1",
		"Sales          1,234      1,456\nCost           (234)        (1)\nProfit         1,000      1,455\n",
		"Revenue ...... 4,210\nNet income ..... $ 120\n",
		"(in millions)\n             2025    2024\nA               1       2\nB               3       4\nC               5       6\n",
		"\t1\t2\n\t3\t4\n\t5\t6\n",
		"—\n–\n\u00a0\u00a0x  1  2\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		ts := Find(text)
		if err := checkAll(text, ts); err != nil {
			t.Fatalf("Find(%q): %v", text, err)
		}
		for _, tb := range ts {
			for c := 0; c < tb.Cols+1; c++ {
				_ = tb.HeaderText(c)
			}
		}
	})
}

// TestFindLarge runs Find on a megabyte of mixed tables and prose, to
// show that nothing in it grows quadratically (the test would time out).
func TestFindLarge(t *testing.T) {
	var b strings.Builder
	for b.Len() < 1<<20 {
		b.WriteString("Revenue rose 5% to $4.2 billion in the quarter.  2025 was strong.\n\n")
		b.WriteString("| | 2025 | 2024 |\n|---|---|---|\n| Revenue | 4,210 | 3,760 |\n\n")
		b.WriteString("<table><tr><td>Cost</td><td>$</td><td>(12</td><td>)</td></tr><tr><td>Tax</td><td>3</td><td>4</td></tr></table>\n")
		b.WriteString("Sales        1,234     1,456\nCost           234       456\nProfit       1,000     1,000\n\n")
	}
	text := b.String()
	ts := Find(text)
	if err := checkAll(text, ts); err != nil {
		t.Fatal(err)
	}
	if len(ts) < 4 {
		t.Fatalf("Find on %d bytes: %d tables", len(text), len(ts))
	}
	// Unclosed and nested markup must not rescan the text.
	for _, s := range []string{strings.Repeat("<table><tr><td>1", 20000), strings.Repeat("| a |\n", 100000), strings.Repeat("x  1  2\n", 100000), strings.Repeat("<td>", 200000), ragged(20000), "<table><tr><td>" + strings.Repeat("(1)", 300000)} {
		if err := checkAll(s, Find(s)); err != nil {
			t.Fatal(err)
		}
	}
}

// ragged returns n figure lines whose figures all end in different columns.
func ragged(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString("x  " + strings.Repeat(" ", i%300) + "1\n")
	}
	return b.String()
}
