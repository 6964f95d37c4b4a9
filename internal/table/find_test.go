package table

import (
	"strings"
	"testing"
)

func TestFind(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		forms []Form
	}{
		{
			name: "every form in one document, in order",
			in: "---\ntitle: Results\n---\n# Results\n\n" +
				"Sales      1,234     1,456\nCosts        234       456\nProfit     1,000     1,000\n\n" +
				"| | 2025 | 2024 |\n|---|---|---|\n| Sales | 1,234 | 1,456 |\n\n" +
				"<table><tr><td></td><td>2025</td></tr><tr><td>Sales | net</td><td>1,234</td></tr></table>\n\n" +
				"Sales ......... 1,234\nCosts ......... 234\n",
			forms: []Form{Aligned, Pipe, HTML, Leader},
		},
		{
			name: "an aligned pipe table is read once, as a pipe table",
			in: "| Item      |   2025 |   2024 |\n|-----------|-------:|-------:|\n" +
				"| Sales     |  1,234 |  1,456 |\n| Costs     |    234 |    456 |\n| Profit    |  1,000 |  1,000 |\n",
			forms: []Form{Pipe},
		},
		{
			name: "an HTML table with aligned text inside is read once",
			in: "<table>\n<tr><td>Sales      1,234     1,456</td><td>1</td></tr>\n" +
				"<tr><td>Costs        234       456</td><td>2</td></tr>\n<tr><td>Profit     1,000     1,000</td><td>3</td></tr>\n</table>",
			forms: []Form{HTML},
		},
		{
			name:  "plain prose",
			in:    "Revenue rose 12% to $4.2 billion.  Net income was $120 million, up from $95 million.\n\n- Cloud: 40%\n- Devices: 20%\n",
			forms: nil,
		},
	}
	for _, tt := range tests {
		ts := Find(tt.in)
		if err := checkAll(tt.in, ts); err != nil {
			t.Errorf("%s: Find(%q): %v", tt.name, tt.in, err)
		}
		var got []Form
		for _, tb := range ts {
			got = append(got, tb.Form)
		}
		if len(got) != len(tt.forms) || strings.Trim(strings.Join(strs(got), ","), ",") != strings.Join(strs(tt.forms), ",") {
			t.Errorf("%s: Find(%q) forms %v, want %v\n%s", tt.name, tt.in, got, tt.forms, dumpAll(ts))
		}
	}
}

func strs(fs []Form) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.String())
	}
	return out
}

// TestHeaderCells checks that a header's cells come with their rows, so
// that a caller can quote the header lines of a column.
func TestHeaderCells(t *testing.T) {
	in := "| | | Year ended December 31, | |\n|---|---|---|---|\n| (in millions) | 2025 | 2024 | 2023 |\n| Sales | 9 | 8 | 7 |\n"
	tb := FindPipe(in)[0]
	hs := tb.HeaderCells(2)
	var got []string
	for _, h := range hs {
		got = append(got, in[tb.Rows[h.Row].Start:tb.Rows[h.Row].End]+" => "+in[h.Start:h.End])
	}
	want := []string{
		"| | | Year ended December 31, | | => Year ended December 31,",
		"| (in millions) | 2025 | 2024 | 2023 | => 2024",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("FindPipe(%q).HeaderCells(2) =\n%s\nwant\n%s", in, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := tb.HeaderText(2); got != "Year ended December 31, 2024" {
		t.Errorf("FindPipe(%q).HeaderText(2) = %q", in, got)
	}
	if got := tb.HeaderText(0); got != "" {
		t.Errorf("FindPipe(%q).HeaderText(0) = %q, want the unit left out", in, got)
	}
	if tb.HeaderCells(9) != nil {
		t.Errorf("FindPipe(%q).HeaderCells(9) is not nil", in)
	}
}

func BenchmarkFind(b *testing.B) {
	var sb strings.Builder
	for sb.Len() < 1<<20 {
		sb.WriteString("Revenue rose 5% to $4.2 billion in the quarter, and margins held.\n\n")
		sb.WriteString("| | 2025 | 2024 |\n|---|---|---|\n| Revenue | 4,210 | 3,760 |\n\n")
		sb.WriteString(secRelease)
		sb.WriteString("\nSales        1,234     1,456\nCost           234       456\nProfit       1,000     1,000\n\n")
	}
	text := sb.String()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Find(text)
	}
}
