package convert

import (
	"slices"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Limits on a table, so that a hostile one costs bounded work.
const (
	maxTableRows = 5000
	maxTableCols = 64
	// maxCellText is the longest cell of a data table; a table with a
	// longer cell lays out a page and is read as blocks.
	maxCellText = 400
)

// tableRow is a row of cells; head marks a header row.
type tableRow struct {
	cells []string
	// cont marks a cell that continues the span of the cell before it.
	cont []bool
	head bool
}

// table writes a data table as a pipe table and reports true, or reports
// false for a layout table (nested tables, one column, long cells), whose
// cells the caller reads as blocks.
//
// Header rows are those in <thead> and leading rows of <th> cells; with
// none, the first row heads the table. Cells spanning columns are followed
// by empty cells, so columns stay aligned. A currency symbol alone in a
// cell before a number joins it ("$" | "4,210" -> "$4,210"), as does a
// closing ")" or "%" after one, and columns left empty in every row are
// dropped: financial statements lay their figures out that way.
func (r *renderer) table(t *html.Node) bool {
	var rows []tableRow
	layout := false
	var walk func(n *html.Node, inHead bool, depth int)
	walk = func(n *html.Node, inHead bool, depth int) {
		if depth > maxDepth || layout || len(rows) > maxTableRows {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || furniture(c) {
				continue
			}
			switch c.DataAtom {
			case atom.Table:
				layout = true
				return
			case atom.Thead:
				walk(c, true, depth+1)
			case atom.Tbody, atom.Tfoot:
				walk(c, false, depth+1)
			case atom.Tr:
				row, ok := tableCells(c)
				if !ok {
					layout = true
					return
				}
				allTH := len(row.cells) > 0
				for cc := c.FirstChild; cc != nil; cc = cc.NextSibling {
					if cc.Type == html.ElementNode && cc.DataAtom == atom.Td {
						allTH = false
					}
				}
				row.head = inHead || allTH && (len(rows) == 0 || rows[len(rows)-1].head)
				rows = append(rows, row)
			}
		}
	}
	walk(t, false, 0)
	if layout {
		return false
	}
	rows = tidyTable(rows)
	if len(rows) == 0 {
		return true // nothing to say
	}
	if len(rows[0].cells) < 2 {
		return false
	}
	heads := 0
	for heads < len(rows) && rows[heads].head {
		heads++
	}
	if heads == 0 || heads == len(rows) {
		heads = 1
	}
	if c := caption(t); c != "" {
		r.out.WriteString(c + "\n\n")
	}
	for i, row := range rows {
		r.out.WriteString("|")
		for _, c := range row.cells {
			r.out.WriteString(" " + c + " |")
		}
		r.out.WriteString("\n")
		if i == heads-1 {
			r.out.WriteString("|" + strings.Repeat(" --- |", len(row.cells)) + "\n")
		}
	}
	r.out.WriteString("\n")
	return true
}

// tableCells reads a row's cells; ok is false when a cell holds a nested
// table or text too long for a data table.
func tableCells(tr *html.Node) (row tableRow, ok bool) {
	for c := tr.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || c.DataAtom != atom.Td && c.DataAtom != atom.Th || furniture(c) {
			continue
		}
		if find(c, atom.Table, 0) != nil {
			return row, false
		}
		text := visibleText(c)
		if len(text) > maxCellText {
			return row, false
		}
		text = strings.ReplaceAll(text, "|", `\|`)
		span := 1
		if s, err := strconv.Atoi(strings.TrimSpace(attr(c, "colspan"))); err == nil && s > 1 {
			span = min(s, maxColspan)
		}
		row.cells = append(row.cells, text)
		row.cont = append(row.cont, false)
		for range span - 1 {
			row.cells = append(row.cells, "")
			row.cont = append(row.cont, true)
		}
		if len(row.cells) > maxTableCols {
			row.cells, row.cont = row.cells[:maxTableCols], row.cont[:maxTableCols]
			break
		}
	}
	return row, true
}

// tidyTable pads rows to one width, joins currency symbols and closing
// marks to their numbers, and drops empty rows and columns. A header
// spanning columns moves right to the first of its columns that holds
// figures, so that it stays above them once the emptied columns go.
func tidyTable(rows []tableRow) []tableRow {
	width := 0
	for _, r := range rows {
		width = max(width, len(r.cells))
	}
	kept := rows[:0]
	for _, r := range rows {
		for len(r.cells) < width {
			r.cells = append(r.cells, "")
			r.cont = append(r.cont, false)
		}
		c := r.cells
		for i := 0; i+1 < len(c); i++ {
			if currencySymbol(c[i]) && startsNumber(c[i+1]) {
				c[i+1], c[i] = c[i]+c[i+1], ""
			}
		}
		for i := 1; i < len(c); i++ {
			if closing(c[i]) && endsNumber(c[i-1]) {
				c[i-1], c[i] = c[i-1]+c[i], ""
			}
		}
		if slices.ContainsFunc(c, func(s string) bool { return s != "" }) {
			kept = append(kept, r)
		}
	}
	inBody := make([]bool, width)
	for _, r := range kept {
		for i, s := range r.cells {
			if !r.head && s != "" {
				inBody[i] = true
			}
		}
	}
	for _, r := range kept {
		if !r.head {
			continue
		}
		for i := 0; i+1 < width; i++ {
			if r.cells[i] != "" && !inBody[i] && r.cont[i+1] {
				r.cells[i+1], r.cells[i] = r.cells[i], ""
				r.cont[i+1] = false
			}
		}
	}
	used := make([]bool, width)
	for _, r := range kept {
		for i, s := range r.cells {
			if s != "" {
				used[i] = true
			}
		}
	}
	for ri := range kept {
		var cells []string
		for i, s := range kept[ri].cells {
			if used[i] {
				cells = append(cells, s)
			}
		}
		kept[ri].cells = cells
	}
	return kept
}

func currencySymbol(s string) bool {
	switch s {
	case "$", "US$", "€", "£", "¥", "RMB", "HK$", "C$", "A$", "S$", "₹", "Rs", "Rs.", "CHF", "kr", "₩", "R$", "(", "$(", "($":
		return true
	}
	return false
}

func closing(s string) bool {
	switch s {
	case ")", "%", ")%", "%)", "pts", "bps", "x":
		return true
	}
	return false
}

func startsNumber(s string) bool {
	return s != "" && (s[0] >= '0' && s[0] <= '9' || s[0] == '(' || s[0] == '.' || s[0] == '-')
}

func endsNumber(s string) bool {
	return s != "" && s[len(s)-1] >= '0' && s[len(s)-1] <= '9'
}

func caption(t *html.Node) string {
	for c := t.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == atom.Caption {
			return clean(collapse(textOf(c)))
		}
	}
	return ""
}
