package web

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/table"
)

// block is one part of a source page, in document order: a page label
// (where a PDF's page begins), a heading, a list, a paragraph or a table.
// Exactly one field is set.
type block struct {
	Page    int // the page that begins here
	Heading *headingView
	List    *listView
	Para    []passageView
	Table   *tableBlock
}

type passageView struct {
	Seq  int
	Text string
}

// headingView is a heading at its HTML level, 2 to 6 (the page's own title
// is the h1).
type headingView struct {
	Level int
	passageView
}

// listView is a run of list items, each a run of passages.
type listView struct {
	Ordered bool
	Items   [][]passageView
}

// tableBlock is a table laid out for an HTML <table>.
type tableBlock struct {
	ID      string // of the caption, which labels the table's scroll region
	Caption string
	Head    []tableRow // header rows
	Body    []tableRow
	// Extra are the block's passages that are no row of the table as read,
	// shown under it so that every passage keeps its anchor.
	Extra []passageView
}

// tableRow is a row of a table; ID and Class are set when the row is a
// passage, which a citation can link to (#p-N) and the page marks.
type tableRow struct {
	ID, Class string
	Cells     []tableCell
}

// tableCell is a cell: a header cell (<th> with its scope) or a data cell,
// Num for a figure, which is aligned right.
type tableCell struct {
	Text   string
	Header bool
	Scope  string // "col", "colgroup" or "row", for a header cell
	Span   int    // colspan
	Num    bool
	Indent int // 0 to 3: how deep a row label sits under its parent rows
}

// blocks lays a document out as its blocks (internal/corpus) say, each
// passage in an element of its own carrying its anchor (#p-N), with a label
// where each page of a PDF begins. A document without blocks shows each
// passage as a paragraph. The passages' text is shown verbatim, and so are
// a table's cells as internal/table reads them (tags and entities of an
// HTML table decoded); nothing of a document is shown as HTML.
func blocks(d *corpus.Document) []block {
	byBlock := make([][]corpus.Passage, len(d.Blocks))
	var out []block
	for _, p := range d.Passages {
		if p.Block >= 0 && p.Block < len(d.Blocks) {
			byBlock[p.Block] = append(byBlock[p.Block], p)
			continue
		}
		v := view(p)
		if p.Heading { // a document without blocks
			out = append(out, block{Heading: &headingView{Level: 2, passageView: v}})
		} else {
			out = append(out, block{Para: []passageView{v}})
		}
	}
	if len(d.Blocks) == 0 {
		return out
	}
	levels := headingLevels(d.Blocks)
	page := 0 // index into d.Pages of the next page to label
	for i, b := range d.Blocks {
		for page < len(d.Pages) && d.Pages[page].End <= b.Start {
			out = append(out, block{Page: d.Pages[page].N})
			page++
		}
		ps := byBlock[i]
		if len(ps) == 0 {
			continue
		}
		switch b.Kind {
		case corpus.HeadingBlock:
			out = append(out, block{Heading: &headingView{Level: levels[b.Level], passageView: view(ps[0])}})
			if len(ps) > 1 {
				out = append(out, block{Para: views(ps[1:])})
			}
		case corpus.ItemBlock:
			ordered := orderedItem(d.Raw, b.Start)
			if last := len(out) - 1; last >= 0 && out[last].List != nil && out[last].List.Ordered == ordered && d.Blocks[i-1].Kind == corpus.ItemBlock {
				out[last].List.Items = append(out[last].List.Items, views(ps))
			} else {
				out = append(out, block{List: &listView{Ordered: ordered, Items: [][]passageView{views(ps)}}})
			}
		case corpus.TableBlock:
			out = append(out, block{Table: newTableBlock(d, i, ps)})
		default:
			out = append(out, block{Para: views(ps)})
		}
	}
	for ; page < len(d.Pages); page++ {
		out = append(out, block{Page: d.Pages[page].N})
	}
	return out
}

func view(p corpus.Passage) passageView { return passageView{Seq: p.Seq, Text: p.Text} }

func views(ps []corpus.Passage) []passageView {
	out := make([]passageView, len(ps))
	for i, p := range ps {
		out[i] = view(p)
	}
	return out
}

// headingLevels maps the heading levels of blocks (1 to 6 for "#" marks, 0
// for a heading without them, which ranks below all six) to HTML levels
// from 2, in rank order, so that a document with only unmarked headings
// gets h2s and one with "#" and "##" gets h2s and h3s.
func headingLevels(bs []corpus.Block) map[int]int {
	var used []int
	for _, b := range bs {
		if b.Kind == corpus.HeadingBlock && !slices.Contains(used, b.Level) {
			used = append(used, b.Level)
		}
	}
	rank := func(l int) int {
		if l == 0 {
			return 7
		}
		return l
	}
	slices.SortFunc(used, func(a, b int) int { return rank(a) - rank(b) })
	out := map[int]int{}
	for i, l := range used {
		out[l] = min(2+i, 6)
	}
	return out
}

var orderedMarker = regexp.MustCompile(`\d{1,3}[.)][ \t]+$`)

// orderedItem reports whether the list item whose content starts at
// offset start of raw has a number for its marker ("1. ", "2) ").
func orderedItem(raw string, start int) bool {
	line := raw[:start]
	if i := strings.LastIndexByte(line, '\n'); i >= 0 {
		line = line[i+1:]
	}
	return orderedMarker.MatchString(line)
}

// newTableBlock lays out table block bi of d, whose passages are ps: from
// the table's structure (Block.Table) when it has been read, else from the
// loader's rows, the rows above a "|---|" line being the header.
func newTableBlock(d *corpus.Document, bi int, ps []corpus.Passage) *tableBlock {
	b := d.Blocks[bi]
	tb := &tableBlock{ID: "t-" + strconv.Itoa(bi), Caption: "Table"}
	if n := len(b.Section); n > 0 {
		tb.Caption = b.Section[n-1]
	}
	type span struct{ start, end int }
	var rows []span
	if b.Table != nil {
		for _, r := range b.Table.Rows {
			rows = append(rows, span{r.Start, r.End})
		}
	} else {
		for _, r := range b.Rows {
			rows = append(rows, span{r.Start, r.End})
		}
	}
	// The passage of each row: the one whose text lies in the row's span.
	seqOf := make([]int, len(rows))
	used := map[int]bool{}
	for ri, r := range rows {
		seqOf[ri] = -1
		for _, p := range ps {
			if !used[p.Seq] && p.Start < r.end && r.start < p.End {
				seqOf[ri], used[p.Seq] = p.Seq, true
				break
			}
		}
	}
	for _, p := range ps {
		if !used[p.Seq] {
			tb.Extra = append(tb.Extra, view(p))
		}
	}
	var laid [][]tableCell
	var header int
	if b.Table != nil {
		laid, header = layTable(b.Table)
	} else {
		laid, header = layRows(d.Raw, b.Rows)
	}
	for ri, cells := range laid {
		r := tableRow{Cells: cells}
		if s := seqOf[ri]; s >= 0 {
			r.ID, r.Class = passageID(s), "p"
		}
		if ri < header {
			tb.Head = append(tb.Head, r)
		} else {
			tb.Body = append(tb.Body, r)
		}
	}
	return tb
}

// layTable lays out a table as internal/table reads it: every column of
// every row gets a cell, a cell spanning the columns its colspan covers and,
// in a header row, the empty columns to its right that its text applies
// to. It returns the rows and the number of header rows.
func layTable(t *table.Table) ([][]tableCell, int) {
	depth := make([]int, len(t.Rows))
	out := make([][]tableCell, len(t.Rows))
	for ri := range t.Rows {
		r := &t.Rows[ri]
		head := ri < t.HeaderRows
		if p := r.Parent; !head && p >= 0 && p < ri {
			depth[ri] = min(depth[p]+1, 3)
		}
		var cells []tableCell
		for col := 0; col < t.Cols; {
			c := r.Cell(col)
			if c == nil || c.Col != col {
				cells = append(cells, tableCell{Span: 1})
				col++
				continue
			}
			span := max(c.Span, 1)
			if head {
				for col+span < min(c.To, t.Cols) && r.Cell(col+span) == nil {
					span++
				}
			}
			tc := tableCell{Text: c.Text, Span: span, Num: c.Number != nil}
			switch {
			case head:
				tc.Header, tc.Scope = true, "col"
				if span > 1 {
					tc.Scope = "colgroup"
				}
			case col == 0 && r.Label != "":
				tc.Header, tc.Scope, tc.Indent = true, "row", depth[ri]
			}
			cells = append(cells, tc)
			col += span
		}
		out[ri] = cells
	}
	return out, t.HeaderRows
}

var (
	// delimiterLine is a pipe table's header delimiter: "|---|:--:|".
	delimiterLine = regexp.MustCompile(`(?m)^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$`)
	// figure is a cell that holds a figure, a dash, nm or n/a.
	figure = regexp.MustCompile(`(?i)^[(\-−–]?[ \t]*[$€£¥]?[ \t]*\d[\d,.]*[ \t]*(%|pts?|x|bn|m)?[ \t]*\)?\*?$|^(—|–|-|nm|n/?a)$`)
)

// layRows lays out the loader's rows of a pipe table: the cells as the file
// writes them, the rows above the delimiter line as the header, and in the
// body a first cell that is no figure as the row's label.
func layRows(raw string, rows []corpus.Row) ([][]tableCell, int) {
	header := 0
	for i := 0; i+1 < len(rows); i++ {
		if delimiterLine.MatchString(raw[rows[i].End:rows[i+1].Start]) {
			header = i + 1
			break
		}
	}
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r.Cells))
	}
	out := make([][]tableCell, len(rows))
	for ri, r := range rows {
		cells := make([]tableCell, cols)
		for ci := range cells {
			cells[ci].Span = 1
			if ci >= len(r.Cells) {
				continue
			}
			text := raw[r.Cells[ci].Start:r.Cells[ci].End]
			c := &cells[ci]
			c.Text, c.Num = text, figure.MatchString(text)
			switch {
			case ri < header && text != "":
				c.Header, c.Scope = true, "col"
			case ci == 0 && text != "" && !c.Num:
				c.Header, c.Scope = true, "row"
			}
		}
		out[ri] = cells
	}
	return out, header
}
