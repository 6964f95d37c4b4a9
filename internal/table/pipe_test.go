package table

import (
	"strings"
	"testing"
)

// dumpAll renders every table of a text for comparisons.
func dumpAll(ts []Table) string {
	var b strings.Builder
	for _, t := range ts {
		b.WriteString(dump(t))
	}
	return b.String()
}

func TestFindPipe(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{
			name: "results table",
			in: "(in millions, except per share)\n\n" +
				"| | Q4 2025 | Q4 2024 | % Change |\n|---|---:|---:|---:|\n" +
				"| Sales | $ 5,120 | $ 4,400 | 16 % |\n| Net income (loss) | (35) | 120 | nm |\n",
			want: `pipe cols=4 header=1 unit="(in millions, except per share)"
h0 1:"Q4 2025" 2:"Q4 2024" 3:"% Change"
r1 0:"Sales" 1:"$ 5,120" 2:"$ 4,400" 3:"16 %"
r2 0:"Net income (loss)" 1:"(35)" 2:"120" 3:"nm"
`,
		},
		{
			name: "headings set unlike: each over the empty columns to its right",
			in: "| Particulars | Quarter ended | | | Year ended |\n|---|---|---|---|---|\n" +
				"| | 30.06.2024 | 31.03.2024 | 30.06.2023 | 31.03.2024 |\n| Revenue | 2,846.12 | 2,701.45 | 2,512.80 | 10,480.66 |\n",
			want: `pipe cols=5 header=2
h0 0:"Particulars" 1:"Quarter ended"[1-4) 4:"Year ended"
h1 1:"30.06.2024" 2:"31.03.2024" 3:"30.06.2023" 4:"31.03.2024"
r2 0:"Revenue" 1:"2,846.12" 2:"2,701.45" 3:"2,512.80" 4:"10,480.66"
`,
		},
		{
			name: "no outer pipes",
			in:   "Segment | 2025 | 2024\n:--|--:|--:\nParts | 10 | 9\nTools | 3 | 4\n",
			want: `pipe cols=3 header=1
h0 0:"Segment" 1:"2025" 2:"2024"
r1 0:"Parts" 1:"10" 2:"9"
r2 0:"Tools" 1:"3" 2:"4"
`,
		},
		{
			name: "no delimiter row",
			in:   "| Region | 2025 |\n| North | 7 |\n| South | 8 |\n",
			want: `pipe cols=2 header=1
h0 0:"Region" 1:"2025"
r1 0:"North" 1:"7"
r2 0:"South" 1:"8"
`,
		},
		{
			name: "escaped pipe and empty cells",
			in:   "| Item | A | B |\n|---|---|---|\n| Pens \\| pencils | | 4 |\n| Ink | 2 | |\n",
			want: `pipe cols=3 header=1
h0 0:"Item" 1:"A" 2:"B"
r1 0:"Pens | pencils" 2:"4"
r2 0:"Ink" 1:"2"
`,
		},
		{
			name: "currency row and number row under the years",
			in:   "| | 2021 | 2020 |\n|---|---|---|\n| | Units | Units |\n| | £m | £m |\n| Opening stock | 1,250 | 1,100 |\n",
			want: `pipe cols=3 header=3 unit="£m"
h0 1:"2021" 2:"2020"
h1 1:"Units" 2:"Units"
h2 1:"£m" 2:"£m"
r3 0:"Opening stock" 1:"1,250" 2:"1,100"
`,
		},
		{
			name: "unit cell first, period caption ending in a comma",
			in: "| (In thousands) | | | |\n|---|---|---|---|\n| Year Ended March 31, | 2022 | 2021 | 2020 |\n" +
				"| Hedging | | | |\n| Gains on swaps | $ 12 | $ 9 | $ 4 |\n",
			want: `pipe cols=4 header=2 unit="(In thousands)"
h0 0:"(In thousands)"
h1 0:"Year Ended March 31,"[0-4) 1:"2022" 2:"2021" 3:"2020"
r2 0:"Hedging"
r3 ^2 0:"Gains on swaps" 1:"$ 12" 2:"$ 9" 3:"$ 4"
`,
		},
		{
			name: "one heading cell spans the value columns",
			in: "| | | Year ended June 30, | |\n|---|---|---|---|\n| | 2023 | 2022 | 2021 |\n" +
				"| Opening balance | $(2.5) | $(1.0) | $(0.4) |\n",
			want: `pipe cols=4 header=2
h0 2:"Year ended June 30,"[1-4)
h1 1:"2023" 2:"2022" 3:"2021"
r2 0:"Opening balance" 1:"$(2.5)" 2:"$(1.0)" 3:"$(0.4)"
`,
		},
		{
			name: "two headings over two columns each",
			in: "| | June 30, 2023 | | June 30, 2022 | |\n|---|---|---|---|---|\n" +
				"| (In millions) | Book value | Market value | Book value | Market value |\n" +
				"| Notes due 2027 (1) | $ 250.0 | $ 248.1 | $ — | $ — |\n",
			want: `pipe cols=5 header=2 unit="(In millions)"
h0 1:"June 30, 2023"[1-3) 3:"June 30, 2022"[3-5)
h1 0:"(In millions)" 1:"Book value" 2:"Market value" 3:"Book value" 4:"Market value"
r2 label="Notes due 2027" 0:"Notes due 2027 (1)" 1:"$ 250.0" 2:"$ 248.1" 3:"$ —" 4:"$ —"
`,
		},
		{
			name: "a date caption alone in the first row applies to all columns",
			in: "| As at 31 March 2023 | | |\n|---|---|---|\n| | Level 1 | Level 2 |\n" +
				"| Assets: | | |\n| Bonds | $— | $310 |\n",
			want: `pipe cols=3 header=2
h0 0:"As at 31 March 2023"[0-3)
h1 1:"Level 1" 2:"Level 2"
r2 0:"Assets:"
r3 ^2 0:"Bonds" 1:"$—" 2:"$310"
`,
		},
		{
			name: "a last header row does not spread",
			in: "| Years ended May 31, | 2023 | 2022 |\n|---|---|---|\n| | | (restated) |\n" +
				"| Wages | 410 | 395 |\n",
			want: `pipe cols=3 header=2
h0 0:"Years ended May 31,"[0-3) 1:"2023" 2:"2022"
h1 2:"(restated)"
r2 0:"Wages" 1:"410" 2:"395"
`,
		},
		{
			name: "a first row with figures is a body row",
			in:   "| Rent | 12 | 10 |\n|---|---|---|\n| Power | 3 | 2 |\n",
			want: `pipe cols=3 header=0
r0 0:"Rent" 1:"12" 2:"10"
r1 0:"Power" 1:"3" 2:"2"
`,
		},
		{
			name: "text table: the first row is the header",
			in:   "| Name | Role |\n|---|---|\n| A. Smith | Chair |\n| B. Jones | Director |\n",
			want: `pipe cols=2 header=1
h0 0:"Name" 1:"Role"
r1 0:"A. Smith" 1:"Chair"
r2 0:"B. Jones" 1:"Director"
`,
		},
		{
			name: "sections, of-which rows, footnote marks and indentation",
			in: "| | 2024 |\n|---|---|\n| Revenue: | |\n| Cloud* | 40 |\n| of which storage | 12 |\n| Devices2 | 20 |\n" +
				"| Costs: | |\n|   Staff | 9 |\n|     Bonuses | 1 |\n",
			want: `pipe cols=2 header=1
h0 1:"2024"
r1 0:"Revenue:"
r2 ^1 label="Cloud" 0:"Cloud*" 1:"40"
r3 ^2 0:"of which storage" 1:"12"
r4 ^1 label="Devices" 0:"Devices2" 1:"20"
r5 0:"Costs:"
r6 ^5 >2 0:"Staff" 1:"9"
r7 ^6 >4 0:"Bonuses" 1:"1"
`,
		},
		{
			name: "Markdown emphasis and no-break spaces in cells",
			in:   "| **Item** | **2025** |\n|---|---|\n| \u00a0 | **** |\n| **Total** | **99** |\n| _Net_ | 12* |\n",
			want: `pipe cols=2 header=1
h0 0:"Item" 1:"2025"
r1
r2 0:"Total" 1:"99"
r3 0:"Net" 1:"12*"
`,
		},
		{
			name: "not tables",
			in:   "a | b\nc | d\n\n---\n\n| lone |\n\nx || y\n",
			want: "",
		},
	}
	for _, tt := range tests {
		ts := FindPipe(tt.in)
		if err := checkAll(tt.in, ts); err != nil {
			t.Errorf("%s: FindPipe(%q): %v", tt.name, tt.in, err)
		}
		if got := dumpAll(ts); got != tt.want {
			t.Errorf("%s: FindPipe(%q) =\n%s\nwant\n%s", tt.name, tt.in, got, tt.want)
		}
	}
}

// TestPipeSpans checks that rows and cells quote the text verbatim.
func TestPipeSpans(t *testing.T) {
	in := "Intro.\n\n  | Item | 2024 |\r\n  |---|---|\r\n  | Tea \\| coffee |  $ 12 (1)  |\r\n\nAfter."
	ts := FindPipe(in)
	if len(ts) != 1 {
		t.Fatalf("FindPipe(%q): %d tables, want 1", in, len(ts))
	}
	tb := ts[0]
	wantTable := "| Item | 2024 |\r\n  |---|---|\r\n  | Tea \\| coffee |  $ 12 (1)  |"
	if got := in[tb.Start:tb.End]; got != wantTable {
		t.Errorf("FindPipe(%q): table span %q, want %q", in, got, wantTable)
	}
	r := tb.Rows[1]
	if got, want := in[r.Start:r.End], "| Tea \\| coffee |  $ 12 (1)  |"; got != want {
		t.Errorf("FindPipe(%q): row span %q, want %q", in, got, want)
	}
	c := r.Cell(1)
	if c == nil || in[c.Start:c.End] != "$ 12 (1)" || c.Number == nil || c.Number.Value != 12 || c.Number.Footnote != "(1)" {
		t.Errorf("FindPipe(%q): cell 1 = %+v", in, c)
	}
	if c := r.Cell(0); c == nil || in[c.Start:c.End] != "Tea \\| coffee" || c.Text != "Tea | coffee" {
		t.Errorf("FindPipe(%q): cell 0 = %+v", in, c)
	}
}
