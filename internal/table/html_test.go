package table

import (
	"strings"
	"testing"
)

// secRelease is an earnings table marked up the way SEC exhibits are:
// spacer cells, "$" and ")" and "%" in cells of their own, headings with
// colspan over them, indentation by CSS.
const secRelease = `<p>Example Corp.</p>
<p style="text-align:center">(in thousands, except per share data)</p>
<table style="border-collapse:collapse">
<tr><td colspan="2"></td><td colspan="6" style="text-align:center"><b>Three Months Ended March&nbsp;31,</b></td><td></td><td colspan="6">Nine Months Ended March 31,</td></tr>
<tr><td colspan="2"></td><td colspan="2">2026</td><td></td><td colspan="2">2025</td><td></td><td></td><td colspan="2">2026</td><td></td><td colspan="2">2025</td></tr>
<tr><td colspan="2"><p>Revenue:</p></td><td colspan="14"></td></tr>
<tr><td style="padding-left:10pt">Licences</td><td></td><td>$</td><td style="text-align:right">2,104</td><td></td><td>$</td><td>1,900</td><td></td><td></td><td>$</td><td>6,300</td><td></td><td>$</td><td>5,150</td></tr>
<tr><td><div style="padding-left:10pt"><span>Support</span></div></td><td></td><td></td><td>710</td><td></td><td></td><td>&#8212;</td><td></td><td></td><td></td><td>1,600</td><td></td><td></td><td>12</td></tr>
<tr><td>Total revenue</td><td></td><td>$</td><td>2,814</td><td></td><td>$</td><td>1,900</td><td></td><td></td><td>$</td><td>7,900</td><td></td><td>$</td><td>5,162</td></tr>
<tr><td>&nbsp;</td></tr>
<tr><td>Net income (loss) <sup>(1)</sup></td><td></td><td>$</td><td>(42</td><td>)</td><td>$</td><td>17</td><td></td><td></td><td>$</td><td>(5</td><td>)</td><td>$</td><td>30</td></tr>
<tr><td>Gross margin</td><td></td><td></td><td>41.5</td><td>%</td><td></td><td>39.0</td><td>%</td><td></td><td></td><td>40.1</td><td>%</td><td></td><td>38.2</td><td>%</td></tr>
</table>
<p>About Example Corp &amp; more.</p>`

func TestFindHTML(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{
			name: "SEC earnings table",
			in:   secRelease,
			want: `html cols=5 header=2 unit="(in thousands, except per share data)"
h0 1:"Three Months Ended March 31,"+2 3:"Nine Months Ended March 31,"+2
h1 1:"2026" 2:"2025" 3:"2026" 4:"2025"
r2 0:"Revenue:"
r3 ^2 >10 0:"Licences" 1:"$2,104" 2:"$1,900" 3:"$6,300" 4:"$5,150"
r4 ^2 >10 0:"Support" 1:"710" 2:"—" 3:"1,600" 4:"12"
r5 0:"Total revenue" 1:"$2,814" 2:"$1,900" 3:"$7,900" 4:"$5,162"
r6 label="Net income (loss)" 0:"Net income (loss) (1)" 1:"$(42)" 2:"$17" 3:"$(5)" 4:"$30"
r7 0:"Gross margin" 1:"41.5%" 2:"39.0%" 3:"40.1%" 4:"38.2%"
`,
		},
		{
			name: "th header, rowspan, entities, unclosed cells",
			in: `<table><thead><tr><th rowspan="2">Unit<th colspan="2">Fiscal year</tr>
<tr><th>2025<th>2024</tr></thead>
<tr><td>Tools &amp; dies<td>1,010<td>990
<tr><td>Parts<td>&minus;5<td>n/a
</table>`,
			want: `html cols=3 header=2
h0 0:"Unit" 1:"Fiscal year"+2
h1 1:"2025" 2:"2024"
r2 0:"Tools & dies" 1:"1,010" 2:"990"
r3 0:"Parts" 1:"−5" 2:"n/a"
`,
		},
		{
			name: "layout table around a data table",
			in: `<table><tr><td><p>Highlights</p><table>
<tr><td></td><td>Q2 2025</td><td>Q2 2024</td></tr>
<tr><td>Orders</td><td>US$ 12.0</td><td>US$ 11.2</td></tr>
</table></td></tr></table>`,
			want: `html cols=3 header=1
h0 1:"Q2 2025" 2:"Q2 2024"
r1 0:"Orders" 1:"US$ 12.0" 2:"US$ 11.2"
`,
		},
		{
			name: "a letter currency code in its own cell",
			in:   `<table><tr><td></td><td>2025</td></tr><tr><td>Sales</td><td>RMB</td><td>88</td></tr><tr><td>Costs</td><td></td><td>(9)</td></tr></table>`,
			want: `html cols=2 header=1
h0 1:"2025"
r1 0:"Sales" 1:"RMB 88"
r2 0:"Costs" 1:"(9)"
`,
		},
		{
			name: "superscript footnote marks",
			in:   `<table><tr><td></td><td>2025</td></tr><tr><td>Sales<sup>1</sup></td><td>1,234<sup>2</sup></td></tr><tr><td>Costs<sup>*</sup></td><td>(9)<sup>(a)</sup></td></tr></table>`,
			want: `html cols=2 header=1
h0 1:"2025"
r1 label="Sales" 0:"Sales (1)" 1:"1,234 (2)"
r2 label="Costs" 0:"Costs *" 1:"(9) (a)"
`,
		},
		{
			name: "one-cell and one-row tables are left out",
			in:   `<table><tr><td>Note</td></tr><tr><td>Text</td></tr></table><table><tr><td>a</td><td>1</td></tr></table>`,
			want: "",
		},
		{
			name: "a tag that only starts like table",
			in:   `<tablet><tr><td>a</td><td>1</td></tr><tr><td>b</td><td>2</td></tr></tablet>`,
			want: "",
		},
	}
	for _, tt := range tests {
		ts := FindHTML(tt.in)
		if err := checkAll(tt.in, ts); err != nil {
			t.Errorf("%s: FindHTML(%q): %v", tt.name, tt.in, err)
		}
		if got := dumpAll(ts); got != tt.want {
			t.Errorf("%s: FindHTML(%q) =\n%s\nwant\n%s", tt.name, tt.in, got, tt.want)
		}
	}
}

// TestHTMLSpans checks that tables, rows and cells quote the markup
// verbatim, and that the merged cells of a split figure span all of it.
func TestHTMLSpans(t *testing.T) {
	ts := FindHTML(secRelease)
	if len(ts) != 1 {
		t.Fatalf("FindHTML(secRelease): %d tables", len(ts))
	}
	tb := ts[0]
	if got := secRelease[tb.Start:tb.End]; !strings.HasPrefix(got, "<table") || !strings.HasSuffix(got, "</table>") {
		t.Errorf("FindHTML(secRelease): table span %q", got)
	}
	for i, r := range tb.Rows {
		if got := secRelease[r.Start:r.End]; !strings.HasPrefix(got, "<tr>") || !strings.HasSuffix(got, "</tr>") || strings.Count(got, "<tr") != 1 {
			t.Errorf("FindHTML(secRelease): row %d span %q", i, got)
		}
	}
	c := tb.Rows[6].Cell(1)
	if got, want := secRelease[c.Start:c.End], "<td>$</td><td>(42</td><td>)</td>"; got != want {
		t.Errorf("FindHTML(secRelease): merged cell span %q, want %q", got, want)
	}
	if c.Number == nil || c.Number.Value != -42 || c.Number.Currency != "$" {
		t.Errorf("FindHTML(secRelease): merged cell number %s", show(c.Number))
	}
	if u := tb.Unit; u == nil || secRelease[u.Start:u.End] != "(in thousands, except per share data)" {
		t.Errorf("FindHTML(secRelease): unit %+v", u)
	}
	for col, want := range []string{"", "Three Months Ended March 31, 2026", "Three Months Ended March 31, 2025", "Nine Months Ended March 31, 2026", "Nine Months Ended March 31, 2025"} {
		if got := tb.HeaderText(col); got != want {
			t.Errorf("FindHTML(secRelease): HeaderText(%d) = %q, want %q", col, got, want)
		}
	}
	// An unclosed table ends with its last row.
	in := "<table><tr><td>a</td><td>1</td></tr><tr><td>b</td><td>2</td></tr>\n\nTrailing text."
	ts = FindHTML(in)
	if len(ts) != 1 || in[ts[0].Start:ts[0].End] != "<table><tr><td>a</td><td>1</td></tr><tr><td>b</td><td>2</td></tr>" {
		t.Errorf("FindHTML(%q) = %+v", in, ts)
	}
}
