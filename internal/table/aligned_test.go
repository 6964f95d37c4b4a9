package table

import "testing"

func TestFindAligned(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{
			name: "millions of yen",
			in: "Nippon Gadget reported its results.\n\n" +
				"Consolidated results                                  (millions of yen)\n" +
				"                                   FY2024        FY2025      Change\n" +
				"  Net sales                        22,345        23,456        5.0%\n" +
				"  Operating income                  2,234         2,456        9.9%\n" +
				"    of which overseas                 700           812       16.0%\n" +
				"  Net income (loss)                  (220)          310           -\n" +
				"                                 --------      --------\n",
			want: `aligned cols=4 header=2 unit="(millions of yen)"
h0 0:"Consolidated results" 2:"(millions of yen)"+2
h1 1:"FY2024" 2:"FY2025" 3:"Change"
r2 0:"Net sales" 1:"22,345" 2:"23,456" 3:"5.0%"
r3 0:"Operating income" 1:"2,234" 2:"2,456" 3:"9.9%"
r4 ^3 >2 0:"of which overseas" 1:"700" 2:"812" 3:"16.0%"
r5 0:"Net income (loss)" 1:"(220)" 2:"310" 3:"-"
`,
		},
		{
			name: "centred heading over two columns, tabs, a section and a blank line",
			in: "\t\t\t  Year ended March 31\n" +
				"\t\t\t  2025        2024\n" +
				"Revenue:\n" +
				"  Retail\t\t 1,200       1,100\n" +
				"  Online\t\t   300         250\n" +
				"\n" +
				"Total\t\t\t$1,500      $1,350\n",
			want: `aligned cols=3 header=2
h0 1:"Year ended March 31"+2
h1 1:"2025" 2:"2024"
r2 0:"Revenue:"
r3 ^2 >2 0:"Retail" 1:"1,200" 2:"1,100"
r4 ^2 >2 0:"Online" 1:"300" 2:"250"
r5 0:"Total" 1:"$1,500" 2:"$1,350"
`,
		},
		{
			name: "wire text of a statement: stacked headings and rule lines",
			in: "EXAMPLE INC.\n(in thousands)\n" +
				"                                   Three Months Ended\n" +
				"                                        June 30,\n" +
				"                                   2025          2024\n" +
				"                                 --------      --------\n" +
				"Revenue                          $ 4,210       $ 3,760\n" +
				"Cost of revenue                    1,200         1,100\n" +
				"                                 --------      --------\n" +
				"Gross profit                       3,010         2,660\n" +
				"Operating loss                   △1,010           (40)\n",
			want: `aligned cols=3 header=4 unit="(in thousands)"
h0 0:"(in thousands)"
h1 1:"Three Months Ended"+2
h2 1:"June 30,"+2
h3 1:"2025" 2:"2024"
r4 0:"Revenue" 1:"$ 4,210" 2:"$ 3,760"
r5 0:"Cost of revenue" 1:"1,200" 2:"1,100"
r6 0:"Gross profit" 1:"3,010" 2:"2,660"
r7 0:"Operating loss" 1:"△1,010" 2:"(40)"
`,
		},
		{
			name: "leader list",
			in:   "Key figures (in millions)\nRevenue ........................ 4,210\nNet income .......... $ 120\nFree cash flow . . . . . . (35)\n",
			want: `leader cols=2 header=0 unit="(in millions)"
r0 0:"Revenue" 1:"4,210"
r1 0:"Net income" 1:"$ 120"
r2 0:"Free cash flow" 1:"(35)"
`,
		},
		{
			name: "currency in a field of its own",
			in:   "Sales        $    1,234    $    1,456\nCosts               (34)          (56)\nProfit       $    1,200    $    1,400\n",
			want: `aligned cols=3 header=0
r0 0:"Sales" 1:"$ 1,234" 2:"$ 1,456"
r1 0:"Costs" 1:"(34)" 2:"(56)"
r2 0:"Profit" 1:"$ 1,200" 2:"$ 1,400"
`,
		},
		{
			name: "prose with numbers is no table",
			in: "Revenue rose to 4,210 in 2025.  Margins were 12%.\n" +
				"The board met  3 times  and approved  2 dividends.\n" +
				"We sold  1,200 units\nand  300 more  later\n",
			want: "",
		},
		{
			name: "two figure lines are too few",
			in:   "Sales      1,234     1,456\nCosts        234       456\n\nThat is all.\n",
			want: "",
		},
		{
			name: "figures that do not line up",
			in:   "Sales  1,234\nCosts          234\nProfit                  1,000\n",
			want: "",
		},
		{
			name: "a single leader line",
			in:   "Revenue ........ 4,210\nIt grew.\n",
			want: "",
		},
		{
			name: "a list of years is no table",
			in:   "Founded   1998\nListed    2004\nMerged    2011\n",
			want: "",
		},
	}
	for _, tt := range tests {
		ts := FindAligned(tt.in)
		if err := checkAll(tt.in, ts); err != nil {
			t.Errorf("%s: FindAligned(%q): %v", tt.name, tt.in, err)
		}
		if got := dumpAll(ts); got != tt.want {
			t.Errorf("%s: FindAligned(%q) =\n%s\nwant\n%s", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestAlignedSpans(t *testing.T) {
	in := "Intro.\n\n          2025     2024\n  Sales    1,234    1,100  \n  Costs      234      210\n  Profit   1,000      890\n"
	ts := FindAligned(in)
	if len(ts) != 1 {
		t.Fatalf("FindAligned(%q): %d tables", in, len(ts))
	}
	tb := ts[0]
	if got, want := in[tb.Start:tb.End], "2025     2024\n  Sales    1,234    1,100  \n  Costs      234      210\n  Profit   1,000      890"; got != want {
		t.Errorf("FindAligned(%q): table span %q, want %q", in, got, want)
	}
	r := tb.Rows[1]
	if got, want := in[r.Start:r.End], "Sales    1,234    1,100"; got != want {
		t.Errorf("FindAligned(%q): row span %q, want %q", in, got, want)
	}
	if c := r.Cell(2); c == nil || in[c.Start:c.End] != "1,100" || tb.HeaderText(2) != "2024" {
		t.Errorf("FindAligned(%q): cell 2 %+v under %q", in, c, tb.HeaderText(2))
	}
}
