package table

import (
	"regexp"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/net/html"
)

// Limits that keep hostile markup from blowing up the grid.
const (
	maxColspan = 64
	maxRowspan = 64
	maxGrid    = 512
)

// FindHTML returns the <table> elements of text, in order. A table that
// holds another table is a layout table: the inner tables are returned,
// not it. Tables with fewer than two rows or two columns are left out.
// Tags need not be closed: a cell ends at the next cell, row or table tag,
// a table at the end of the text.
func FindHTML(text string) []Table {
	return scanHTML(text)
}

// htmlCell is a cell as the markup gives it, before columns are merged.
type htmlCell struct {
	start, end int
	text       strings.Builder
	disp       string
	c0, c1     int // grid columns [c0, c1)
	anchor     int // grid column after the figure part of a merged cell
	colspan    int
	rowspan    int
	th         bool
	indent     float64
	num        *Number
	seenText   bool
}

type htmlRow struct {
	start, end int
	cells      []*htmlCell
	head       bool
}

type htmlTable struct {
	start, end int
	rows       []*htmlRow
	nested     bool
	inHead     bool
	row        *htmlRow
	cell       *htmlCell
	skip       int // depth of <script>/<style> being skipped
	// sup collects the text of a <sup> in a cell (a footnote mark), or is
	// nil outside one.
	sup *strings.Builder
}

// scanHTML tokenizes text from each "<table" on, keeping byte offsets:
// every token's Raw bytes are consecutive in text. It tokenizes each byte
// at most once.
func scanHTML(text string) []Table {
	var out []Table
	pos := 0
	for {
		i := indexFold(text[pos:], "<table")
		if i < 0 {
			sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
			return out
		}
		pos += i
		if k := pos + len("<table"); k < len(text) && text[k] != '>' && text[k] != '/' && text[k] != ' ' && text[k] != '\t' && text[k] != '\n' && text[k] != '\r' {
			pos = k
			continue
		}
		var end int
		out, end = scanFrom(text, pos, out)
		if end <= pos {
			end = pos + len("<table")
		}
		pos = end
	}
}

// scanFrom tokenizes text from the "<table" at pos until its table (and
// any open tables) close, appending the tables found; it returns the
// offset it stopped at.
func scanFrom(text string, pos int, out []Table) ([]Table, int) {
	z := html.NewTokenizer(strings.NewReader(text[pos:]))
	off := pos
	var stack []*htmlTable
	for {
		tt := z.Next()
		tokStart := off
		off += len(z.Raw())
		if tt == html.ErrorToken {
			break // io.EOF, or a read error that strings.Reader never gives
		}
		var top *htmlTable
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			if tag == "table" {
				if top != nil {
					top.closeCell(text, tokStart)
					top.nested = true
				}
				stack = append(stack, &htmlTable{start: tokStart})
				continue
			}
			if top == nil {
				continue
			}
			var attrs map[string]string
			if hasAttr {
				attrs = readAttrs(z)
			}
			top.start_(text, tag, tokStart, attrs, tt == html.SelfClosingTagToken)
		case html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if top == nil {
				continue
			}
			if tag == "table" {
				top.closeRow(text, tokStart)
				top.end = off
				stack = stack[:len(stack)-1]
				if t, ok := top.build(text); ok {
					out = append(out, t)
				}
				if len(stack) == 0 {
					return out, off
				}
				continue
			}
			top.end_(text, tag, tokStart, off)
		case html.TextToken:
			if top != nil && top.cell != nil && top.skip == 0 {
				b := z.Text()
				if top.sup != nil {
					top.sup.Write(b)
					continue
				}
				top.cell.text.Write(b)
				if !top.cell.seenText && strings.TrimSpace(strings.ReplaceAll(string(b), "\u00a0", "")) != "" {
					top.cell.seenText = true
				}
			}
		}
	}
	// The text ended inside open tables: close them, innermost first.
	for i := len(stack) - 1; i >= 0; i-- {
		t := stack[i]
		t.closeRow(text, len(text))
		t.end = len(text)
		if n := len(t.rows); n > 0 {
			t.end = t.rows[n-1].end
		}
		if tb, ok := t.build(text); ok {
			out = append(out, tb)
		}
	}
	return out, len(text)
}

func readAttrs(z *html.Tokenizer) map[string]string {
	attrs := map[string]string{}
	for {
		k, v, more := z.TagAttr()
		switch string(k) {
		case "colspan", "rowspan", "style":
			attrs[string(k)] = string(v)
		}
		if !more {
			return attrs
		}
	}
}

// start_ handles a start tag inside the table.
func (t *htmlTable) start_(text, tag string, at int, attrs map[string]string, selfClosing bool) {
	switch tag {
	case "tr":
		t.closeRow(text, at)
		t.row = &htmlRow{start: at, head: t.inHead}
	case "td", "th":
		t.closeCell(text, at)
		if t.row == nil {
			t.row = &htmlRow{start: at, head: t.inHead}
		}
		c := &htmlCell{start: at, colspan: span(attrs["colspan"], maxColspan), rowspan: span(attrs["rowspan"], maxRowspan), th: tag == "th"}
		c.indent = styleIndent(attrs["style"])
		t.cell = c
	case "thead":
		t.closeRow(text, at)
		t.inHead = true
	case "tbody", "tfoot":
		t.closeRow(text, at)
		t.inHead = false
	case "script", "style":
		if !selfClosing {
			t.skip++
		}
	case "sup":
		if t.cell != nil && !selfClosing && t.sup == nil {
			t.sup = &strings.Builder{}
		}
	case "br", "p", "div", "li":
		if t.cell != nil {
			t.cell.text.WriteByte(' ')
		}
		fallthrough
	default:
		if t.cell != nil && !t.cell.seenText && attrs != nil {
			t.cell.indent += styleIndent(attrs["style"])
		}
	}
}

// end_ handles an end tag inside the table; at is where the tag starts
// and after where it ends.
func (t *htmlTable) end_(text, tag string, at, after int) {
	switch tag {
	case "td", "th":
		if t.cell != nil {
			t.endSup()
			t.cell.end = after
			t.addCell()
		}
	case "tr":
		t.closeCell(text, at)
		if t.row != nil {
			t.row.end = after
			t.rows = append(t.rows, t.row)
			t.row = nil
		}
	case "thead":
		t.closeRow(text, at)
		t.inHead = false
	case "script", "style":
		if t.skip > 0 {
			t.skip--
		}
	case "sup":
		t.endSup()
	case "p", "div", "li":
		if t.cell != nil {
			t.cell.text.WriteByte(' ')
		}
	}
}

// endSup writes a <sup>'s text into its cell: a short mark as a
// footnote mark apart from the text ("1,234<sup>1</sup>" reads "1,234
// (1)", not 12,341), longer text as it is.
func (t *htmlTable) endSup() {
	if t.sup == nil {
		return
	}
	s := strings.TrimSpace(foldSpace(t.sup.String()))
	t.sup = nil
	if t.cell == nil || s == "" {
		return
	}
	switch {
	case isAlnumASCII(s) && len(s) <= 2:
		t.cell.text.WriteString(" (" + s + ")")
	case strings.Trim(s, "*†‡§") == "" || strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")"):
		t.cell.text.WriteString(" " + s)
	default:
		t.cell.text.WriteString(s)
	}
}

// closeCell ends an open cell whose end tag is missing, at offset at.
func (t *htmlTable) closeCell(text string, at int) {
	if t.cell == nil {
		return
	}
	t.endSup()
	_, t.cell.end = trimSpan(text, t.cell.start, at)
	t.addCell()
}

func (t *htmlTable) addCell() {
	if t.row == nil {
		t.row = &htmlRow{start: t.cell.start, head: t.inHead}
	}
	t.row.cells = append(t.row.cells, t.cell)
	t.cell = nil
}

// closeRow ends an open row whose end tag is missing, at offset at.
func (t *htmlTable) closeRow(text string, at int) {
	t.closeCell(text, at)
	if t.row == nil {
		return
	}
	_, t.row.end = trimSpan(text, t.row.start, at)
	t.rows = append(t.rows, t.row)
	t.row = nil
}

func span(v string, limit int) int {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 1 {
		return 1
	}
	return min(n, limit)
}

var indentRE = regexp.MustCompile(`(?i)(padding-left|margin-left|text-indent)\s*:\s*(-?[0-9.]+)\s*(pt|px|em|rem|in)?`)

// styleIndent reads how far a style attribute moves text right, in points.
func styleIndent(style string) float64 {
	if style == "" {
		return 0
	}
	var pt float64
	for _, m := range indentRE.FindAllStringSubmatch(style, 4) {
		v, err := strconv.ParseFloat(m[2], 64)
		if err != nil {
			continue
		}
		switch strings.ToLower(m[3]) {
		case "px":
			v *= 0.75
		case "em", "rem":
			v *= 10
		case "in":
			v *= 72
		}
		if strings.EqualFold(m[1], "text-indent") && v < 0 {
			continue
		}
		pt += v
	}
	return pt
}

// build lays the rows out on a grid, merges the "$", ")" and "%" cells of
// SEC filings into their figures, folds spacer columns away and shapes the
// result. ok is false for a nested (layout) table and for one with fewer
// than two rows or columns.
func (t *htmlTable) build(text string) (Table, bool) {
	if t.nested {
		return Table{}, false
	}
	type gridRow struct {
		r     *htmlRow
		cells []*htmlCell
	}
	var rows []gridRow
	pending := make([]int, 0, 16)
	for _, r := range t.rows {
		col := 0
		placed := make([]bool, len(pending))
		var cells []*htmlCell
		for _, c := range r.cells {
			for col < len(pending) && pending[col] > 0 && !placed[col] {
				col++
			}
			if col >= maxGrid {
				break
			}
			c.c0, c.c1 = col, min(col+c.colspan, maxGrid)
			for len(pending) < c.c1 {
				pending = append(pending, 0)
				placed = append(placed, false)
			}
			for k := c.c0; k < c.c1; k++ {
				pending[k] = c.rowspan
				placed[k] = true
			}
			col = c.c1
			c.disp = strings.TrimSpace(foldSpace(c.text.String()))
			c.indent += 3 * float64(leadingNBSP(c.text.String()))
			if c.disp != "" {
				c.anchor = c.c1
				cells = append(cells, c)
			}
		}
		for k := range pending {
			if pending[k] > 0 {
				pending[k]--
			}
		}
		cells = mergeAffixes(cells)
		if len(cells) > 0 {
			rows = append(rows, gridRow{r, cells})
		}
	}
	if len(rows) < 2 {
		return Table{}, false
	}
	// The label column: grid columns left of the first figure.
	labelEnd := -1
	for _, r := range rows {
		for _, c := range r.cells {
			if c.c0 > 0 && isFigure(c.num) && (labelEnd < 0 || c.c0 < labelEnd) {
				labelEnd = c.c0
			}
		}
	}
	figures := labelEnd >= 0
	if !figures {
		for _, r := range rows {
			if len(r.cells) >= 2 && (labelEnd < 0 || r.cells[1].c0 < labelEnd) {
				labelEnd = r.cells[1].c0
			}
		}
		labelEnd = max(labelEnd, 0)
	}
	// Value columns: where the figures (or, without figures, the cells)
	// of the body end.
	seen := map[int]bool{}
	for _, r := range rows {
		if figures && !rowHasFigure(r.cells) {
			continue
		}
		for _, c := range r.cells {
			if c.c0 >= labelEnd {
				seen[c.anchor] = true
			}
		}
	}
	anchors := make([]int, 0, len(seen))
	for a := range seen {
		anchors = append(anchors, a)
	}
	sort.Ints(anchors)
	base := 0
	if labelEnd > 0 {
		base = 1
	}
	tb := Table{Start: t.start, End: t.end, Form: HTML, Cols: base + len(anchors)}
	marked, markedDone := 0, false
	for _, gr := range rows {
		row := Row{Start: gr.r.start, End: gr.r.end}
		allTH := true
		for _, c := range gr.cells {
			col, n := mapColumns(c, labelEnd, anchors, base)
			if col < 0 {
				continue
			}
			if !c.th {
				allTH = false
			}
			cell := Cell{Start: c.start, End: c.end, Text: c.disp, Col: col, Span: n, Number: c.num}
			if k := len(row.Cells); k > 0 && row.Cells[k-1].Col+row.Cells[k-1].Span > col {
				prev := &row.Cells[k-1]
				prev.End, prev.Text = cell.End, prev.Text+" "+cell.Text
				prev.Span = max(prev.Col+prev.Span, col+n) - prev.Col
				prev.Number = ParseNumber(prev.Text)
				continue
			}
			if col == 0 && base == 1 {
				row.Indent = int(c.indent + 0.5)
			}
			row.Cells = append(row.Cells, cell)
		}
		if !markedDone && (gr.r.head || allTH) {
			marked++
		} else {
			markedDone = true
		}
		tb.Rows = append(tb.Rows, row)
	}
	if tb.Cols < 2 {
		return Table{}, false
	}
	tb.Unit = unitBeforeTag(text, t.start)
	finish(&tb, shape{label: base == 1, fallback: 1, marked: marked})
	return tb, true
}

func rowHasFigure(cells []*htmlCell) bool {
	for _, c := range cells {
		if c.c0 > 0 && isFigure(c.num) {
			return true
		}
	}
	return false
}

// mapColumns gives the column and span of a grid cell: the label column
// when it lies left of labelEnd, and the value columns whose anchor falls
// within it; a cell over spacer columns only goes to the next value
// column to its right (or the last one).
func mapColumns(c *htmlCell, labelEnd int, anchors []int, base int) (col, n int) {
	col = -1
	if base == 1 && c.c0 < labelEnd {
		col, n = 0, 1
	}
	k := sort.SearchInts(anchors, c.c0+1)
	for j := k; j < len(anchors) && anchors[j] <= c.c1; j++ {
		if col < 0 {
			col = base + j
		}
		n++
	}
	if col >= 0 {
		return col, n
	}
	if len(anchors) == 0 {
		return -1, 0
	}
	k = sort.SearchInts(anchors, c.c1)
	if k >= len(anchors) {
		k = len(anchors) - 1
	}
	return base + k, 1
}

// mergeAffixes joins the cells that SEC filings split off a figure: a
// currency cell ("$", "US$") into the figure after it, and a ")" or "%"
// cell into the cell before it. It sets every cell's Number.
func mergeAffixes(cells []*htmlCell) []*htmlCell {
	out := cells[:0]
	for i := 0; i < len(cells); i++ {
		c := cells[i]
		if cur := currencyPrefix(c.disp); cur != "" && cur == c.disp && i+1 < len(cells) && figureStart(cells[i+1].disp) {
			next := cells[i+1]
			sep := ""
			if isLetterCode(cur) {
				sep = " "
			}
			next.disp = cur + sep + next.disp
			next.start, next.c0 = c.start, c.c0
			continue
		}
		if len(out) > 0 && strings.Trim(c.disp, ")% ") == "" {
			prev := out[len(out)-1]
			prev.disp += c.disp
			prev.end, prev.c1 = c.end, c.c1
			prev.num = ParseNumber(prev.disp)
			continue
		}
		c.num = ParseNumber(c.disp)
		out = append(out, c)
	}
	return out
}

// figureStart reports whether s can follow a currency cell: it opens with
// a digit, a sign, a parenthesis or a dash.
func figureStart(s string) bool {
	if s == "" {
		return false
	}
	switch {
	case isDigit(s[0]), s[0] == '(', s[0] == '-', s[0] == '.':
		return true
	}
	return strings.HasPrefix(s, "—") || strings.HasPrefix(s, "–") || strings.HasPrefix(s, "−")
}

func leadingNBSP(s string) int {
	n := 0
	for _, r := range s {
		switch r {
		case '\u00a0':
			n++
		case ' ', '\n', '\t', '\r':
		default:
			return n
		}
	}
	return n
}

// unitBeforeTag looks for a unit statement in the last two pieces of text
// between tags before offset at (within 400 bytes, not past another
// table's end; the last line of each piece) and returns it, trimmed of
// space, or nil.
func unitBeforeTag(text string, at int) *Unit {
	lo := max(0, at-400)
	if i := lastIndexFold(text[lo:at], "</table"); i >= 0 {
		lo += i + len("</table")
	}
	end := at
	for seen := 0; end > lo && seen < 2; {
		gt := strings.LastIndexByte(text[lo:end], '>')
		s := lo
		if gt >= 0 {
			s = lo + gt + 1
		}
		segEnd := end
		if gt >= 0 {
			lt := strings.LastIndexByte(text[lo:s-1], '<')
			if lt < 0 {
				end = lo
			} else {
				end = lo + lt
			}
		} else {
			end = lo
		}
		for {
			ls, le := trimSpan(text, s, segEnd)
			if ls == le {
				break
			}
			if nl := strings.LastIndexByte(text[ls:le], '\n'); nl >= 0 {
				ls, le = trimSpan(text, ls+nl+1, le)
			}
			seen++
			if u := unitIn(text, ls, le); u != nil {
				return u
			}
			break
		}
	}
	return nil
}

// indexFold is strings.Index for an ASCII needle, ignoring ASCII case.
func indexFold(s, needle string) int {
	first := needle[0]
	for i := 0; i+len(needle) <= len(s); i++ {
		j := strings.IndexByte(s[i:], first)
		if j < 0 {
			return -1
		}
		i += j
		if i+len(needle) <= len(s) && strings.EqualFold(s[i:i+len(needle)], needle) {
			return i
		}
	}
	return -1
}

func lastIndexFold(s, needle string) int {
	for i := len(s) - len(needle); i >= 0; i-- {
		if s[i] == needle[0] && strings.EqualFold(s[i:i+len(needle)], needle) {
			return i
		}
	}
	return -1
}
