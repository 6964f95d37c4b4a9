package corpus

import (
	"slices"
	"strings"
	"testing"

	"github.com/resultsbot/resultsbot/internal/table"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"two sentences", "Revenue rose 5%. Profit fell.", []string{"Revenue rose 5%.", "Profit fell."}},
		{"decimal", "Revenue was 39.8 billion yuan. Shares rose 4.5%.", []string{"Revenue was 39.8 billion yuan.", "Shares rose 4.5%."}},
		{"U.S. mid-sentence", "It trailed U.S. tech peers. Shares fell.", []string{"It trailed U.S. tech peers.", "Shares fell."}},
		{"U.S. before a proper noun", "He met U.S. Treasury officials.", []string{"He met U.S. Treasury officials."}},
		{"U.S. at sentence end", "It is listed in the U.S. The stock rose.", []string{"It is listed in the U.S.", "The stock rose."}},
		{"Inc. mid-sentence", "Alibaba Group Holding Ltd. Chief Executive Eddie Wu spoke.", []string{"Alibaba Group Holding Ltd. Chief Executive Eddie Wu spoke."}},
		{"Inc. at sentence end", "It bought Acme Inc. The deal closed.", []string{"It bought Acme Inc.", "The deal closed."}},
		{"Co.", "Sony Group Co. Ltd. Reported results.", []string{"Sony Group Co. Ltd. Reported results."}},
		{"titles", "Mr. Wu and Dr. Zhang spoke. Prof. Li did not.", []string{"Mr. Wu and Dr. Zhang spoke.", "Prof. Li did not."}},
		{"e.g. and i.e.", "Segments, e.g. Cloud, grew; i.e. AIDC too. Next.", []string{"Segments, e.g. Cloud, grew; i.e. AIDC too.", "Next."}},
		{"vs.", "Revenue of 247.8 vs. 242.6 expected. Fine.", []string{"Revenue of 247.8 vs. 242.6 expected.", "Fine."}},
		{"No. before a number", "It ranks No. 1 in China. It grew.", []string{"It ranks No. 1 in China.", "It grew."}},
		{"approx.", "Cloud is approx. 10% of revenue.", []string{"Cloud is approx. 10% of revenue."}},
		{"initials", "John F. Kennedy spoke. J. P. Morgan listened.", []string{"John F. Kennedy spoke.", "J. P. Morgan listened."}},
		{"closing curly quote", "He said: “We will invest.” Shares rose.", []string{"He said: “We will invest.”", "Shares rose."}},
		{"closing straight quote", `He said "we will invest." Shares rose.`, []string{`He said "we will invest."`, "Shares rose."}},
		{"quoted statement kept whole", "Wu: “Demand is strong. We will invest.” Shares rose.", []string{"Wu: “Demand is strong. We will invest.”", "Shares rose."}},
		{"question inside quote", "“Why now?” he asked. Nobody knew.", []string{"“Why now?” he asked.", "Nobody knew."}},
		{"ellipsis then lower case", "Growth was... modest. Then it rose.", []string{"Growth was... modest.", "Then it rose."}},
		{"ellipsis then capital", "Growth stalled… Then it rose.", []string{"Growth stalled…", "Then it rose."}},
		{"exclamation and question", "What a quarter! Will it last? Maybe.", []string{"What a quarter!", "Will it last?", "Maybe."}},
		{"bracket closer", "Revenue rose (in yuan.) Costs fell.", []string{"Revenue rose (in yuan.)", "Costs fell."}},
		{"dotted name", "Visit Amazon.com. Shares rose.", []string{"Visit Amazon.com.", "Shares rose."}},
		{"newline boundary", "Revenue rose.\nProfit fell.", []string{"Revenue rose.", "Profit fell."}},
		{"wrapped sentence", "Revenue rose\nsharply in the quarter.", []string{"Revenue rose\nsharply in the quarter."}},
		{"no terminal", "Cloud revenue up 34%", []string{"Cloud revenue up 34%"}},
		{"CJK full stop", "收入增长。利润下降。", []string{"收入增长。", "利润下降。"}},
		{"empty", "   ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range sentences(tt.in) {
				got = append(got, tt.in[s[0]:s[1]])
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("sentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSplit(t *testing.T) {
	type p struct {
		text    string
		heading bool
	}
	tests := []struct {
		name string
		in   string
		want []p
	}{
		{"markdown heading and paragraph", "# Results\n\nRevenue rose. Profit fell.\n",
			[]p{{"Results", true}, {"Revenue rose.", false}, {"Profit fell.", false}}},
		{"closing hashes", "## Cloud ##\nUp 34%.", []p{{"Cloud", true}, {"Up 34%.", false}}},
		{"plain heading between paragraphs", "Revenue rose.\nCloud and AI\nCloud grew 34%.",
			[]p{{"Revenue rose.", false}, {"Cloud and AI", true}, {"Cloud grew 34%.", false}}},
		{"wrapped line is not a heading", "Revenue of the group rose\nsharply. It was good.",
			[]p{{"Revenue of the group rose\nsharply.", false}, {"It was good.", false}}},
		{"short line before lower case is not a heading", "Revenue rose.\nShares of the group\nrose too.",
			[]p{{"Revenue rose.", false}, {"Shares of the group\nrose too.", false}}},
		{"bullets", "Highlights\n- Cloud up 34%.\n* AIDC up 10%\n+ Taobao flat\n1. One\n2) Two",
			[]p{{"Highlights", true}, {"Cloud up 34%.", false}, {"AIDC up 10%", false}, {"Taobao flat", false}, {"One", false}, {"Two", false}}},
		{"bullet continuation", "- Cloud revenue rose\n  34% in the quarter.\nNext para.",
			[]p{{"Cloud revenue rose\n  34% in the quarter.", false}, {"Next para.", false}}},
		{"horizontal rule", "One.\n\n---\n\nTwo.", []p{{"One.", false}, {"Two.", false}}},
		{"punctuation only", "***\n—\nText.", []p{{"Text.", false}}},
		{"CRLF", "Title\r\n\r\nRevenue rose.\r\nProfit fell.\r\n", []p{{"Title", true}, {"Revenue rose.", false}, {"Profit fell.", false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []p
			_, spans := split(tt.in, 0)
			for _, s := range spans {
				got = append(got, p{tt.in[s.start:s.end], s.heading})
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("split(%q)\n got %+v\nwant %+v", tt.in, got, tt.want)
			}
		})
	}
}

// checkSpans verifies the offsets invariant of split over raw.
func checkSpans(t *testing.T, raw string, bodyStart int, spans []span) {
	t.Helper()
	prev := bodyStart
	for i, s := range spans {
		if s.start < prev || s.end <= s.start || s.end > len(raw) {
			t.Fatalf("split(%q): span %d [%d,%d) out of order or bounds (prev end %d)", raw, i, s.start, s.end, prev)
		}
		text := raw[s.start:s.end]
		if strings.TrimSpace(text) != text {
			t.Errorf("split(%q): span %d %q not trimmed", raw, i, text)
		}
		prev = s.end
	}
}

// checkBlocks verifies that every block lies within raw, in order, and
// holds the passages that name it.
func checkBlocks(t *testing.T, raw string, blocks []Block, spans []span) {
	t.Helper()
	prev := 0
	for i, b := range blocks {
		if b.Start < prev || b.End < b.Start || b.End > len(raw) {
			t.Fatalf("split(%q): block %d [%d,%d) out of order or bounds", raw, i, b.Start, b.End)
		}
		prev = b.End
	}
	for _, s := range spans {
		if s.block < 0 || s.block >= len(blocks) {
			t.Fatalf("split(%q): span [%d,%d) names block %d of %d", raw, s.start, s.end, s.block, len(blocks))
		}
		if b := blocks[s.block]; s.start < b.Start || s.end > b.End {
			t.Fatalf("split(%q): span [%d,%d) outside its block [%d,%d)", raw, s.start, s.end, b.Start, b.End)
		}
	}
}

func TestBlocks(t *testing.T) {
	raw := `# Acme results

Acme reported results. Revenue rose.

## Segments
- Cloud revenue rose 12%.
- Devices fell.

Outlook
Acme expects growth.

(in millions, except per share data)

| | Q4 2025 | Q4 2024 |
|---|---:|---:|
| Revenue | $ 4,210 | $ 3,760 |
| Net income \| loss | (35) | 120 |
`
	blocks, spans := split(raw, 0)
	checkSpans(t, raw, 0, spans)
	checkBlocks(t, raw, blocks, spans)
	type b struct {
		kind    BlockKind
		text    string
		section string
	}
	var got []b
	for _, x := range blocks {
		got = append(got, b{x.Kind, raw[x.Start:x.End], strings.Join(x.Section, " > ")})
	}
	want := []b{
		{HeadingBlock, "Acme results", ""},
		{ParagraphBlock, "Acme reported results. Revenue rose.", "Acme results"},
		{HeadingBlock, "Segments", "Acme results"},
		{ItemBlock, "Cloud revenue rose 12%.", "Acme results > Segments"},
		{ItemBlock, "Devices fell.", "Acme results > Segments"},
		{HeadingBlock, "Outlook", "Acme results > Segments"},
		{ParagraphBlock, "Acme expects growth.", "Acme results > Segments > Outlook"},
		{ParagraphBlock, "(in millions, except per share data)", "Acme results > Segments > Outlook"},
		{TableBlock, raw[strings.Index(raw, "| | Q4") : strings.LastIndex(raw, "|")+1], "Acme results > Segments > Outlook"},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("blocks:\n got %q\nwant %q", got, want)
	}
	if blocks[0].Level != 1 || blocks[2].Level != 2 || blocks[5].Level != 0 {
		t.Errorf("levels %d %d %d; want 1 2 0", blocks[0].Level, blocks[2].Level, blocks[5].Level)
	}
	table := blocks[len(blocks)-1]
	if table.Unit == nil || raw[table.Unit.Start:table.Unit.End] != "(in millions, except per share data)" {
		t.Errorf("table unit %v", table.Unit)
	}
	if len(table.Rows) != 3 {
		t.Fatalf("table rows %d; want 3 (the delimiter row left out)", len(table.Rows))
	}
	var cells []string
	for _, c := range table.Rows[2].Cells {
		cells = append(cells, raw[c.Start:c.End])
	}
	if want := []string{"Net income \\| loss", "(35)", "120"}; !slices.Equal(cells, want) {
		t.Errorf("row cells %q; want %q", cells, want)
	}
	// Each table row is a passage of its own.
	var rows []string
	for _, s := range spans {
		if blocks[s.block].Kind == TableBlock {
			rows = append(rows, raw[s.start:s.end])
		}
	}
	if len(rows) != 3 || rows[1] != "| Revenue | $ 4,210 | $ 3,760 |" {
		t.Errorf("table passages %q", rows)
	}
}

func TestTableUnitInFirstCell(t *testing.T) {
	raw := "| (RMB in millions) | 2024 | 2023 |\n|---|---|---|\n| Revenue | 1,000 | 900 |\n"
	blocks, _ := split(raw, 0)
	if len(blocks) != 1 || blocks[0].Unit == nil || raw[blocks[0].Unit.Start:blocks[0].Unit.End] != "(RMB in millions)" {
		t.Fatalf("blocks %+v", blocks)
	}
}

// TestTableForms: a table of every form the table reader knows becomes one
// table block with its Table attached, and each row (header rows too) is a
// passage of its own, verbatim; the prose around it is unchanged.
func TestTableForms(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		rows []string // the table's passages
		form table.Form
	}{
		{"pipe", "Revenue rose.\n\n| (in millions) | Q4 2025 | Q4 2024 |\n|---|---:|---:|\n| Revenue | $ 4,210 | $ 3,760 |\n\nProfit fell.\n",
			[]string{"| (in millions) | Q4 2025 | Q4 2024 |", "| Revenue | $ 4,210 | $ 3,760 |"}, table.Pipe},
		{"html", "Revenue rose.\n\n<table>\n<tr><td></td><td>2025</td><td>2024</td></tr>\n<tr><td>Revenue</td><td>$</td><td>4,210</td><td>$</td><td>3,760</td></tr>\n</table>\n\nProfit fell.\n",
			[]string{"<tr><td></td><td>2025</td><td>2024</td></tr>", "<tr><td>Revenue</td><td>$</td><td>4,210</td><td>$</td><td>3,760</td></tr>"}, table.HTML},
		{"aligned", "Revenue rose.\n\n                     FY2024      FY2023\nNet sales           648,930     612,405\nOperating profit     55,306      48,112\nOrdinary profit      57,951      50,274\n\nProfit fell.\n",
			[]string{"FY2024      FY2023", "Net sales           648,930     612,405", "Operating profit     55,306      48,112", "Ordinary profit      57,951      50,274"}, table.Aligned},
		{"leader", "Revenue rose.\n\nRevenue ............ 4,210\n  of which Aerospace ... 2,615\nFree cash flow ....... 186\n\nProfit fell.\n",
			[]string{"Revenue ............ 4,210", "of which Aerospace ... 2,615", "Free cash flow ....... 186"}, table.Leader},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blocks, spans := split(tt.raw, 0)
			checkSpans(t, tt.raw, 0, spans)
			checkBlocks(t, tt.raw, blocks, spans)
			var prose, rows []string
			for _, s := range spans {
				b := blocks[s.block]
				if b.Kind != TableBlock {
					prose = append(prose, tt.raw[s.start:s.end])
					continue
				}
				if b.Table == nil || b.Table.Form != tt.form {
					t.Fatalf("split(%q): table block without a %s Table: %+v", tt.raw, tt.form, b.Table)
				}
				rows = append(rows, tt.raw[s.start:s.end])
			}
			if want := []string{"Revenue rose.", "Profit fell."}; !slices.Equal(prose, want) {
				t.Errorf("split(%q): prose %q; want %q", tt.raw, prose, want)
			}
			if !slices.Equal(rows, tt.rows) {
				t.Errorf("split(%q): rows %q; want %q", tt.raw, rows, tt.rows)
			}
		})
	}
}
