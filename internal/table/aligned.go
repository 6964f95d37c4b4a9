package table

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Thresholds of the plain-text reader. A text table must be clearly one:
// false tables in prose are worse than missed ones.
const (
	minAlignedRows = 3   // figure lines of a space-aligned table
	minLeaderRows  = 2   // "Label ..... figure" lines of a leader list
	maxLabelRunes  = 100 // a longer first field is prose
	maxHeadRunes   = 40  // a longer field is no column heading
	maxHeadLines   = 4   // heading lines looked for above the figures
	maxTextCols    = 16  // more value columns than this is no table
)

// field is a run of text on a line between separators: two or more
// spaces, a tab, or a leader of three or more dots.
type field struct {
	s, e   int // byte offsets in the text
	vs, ve int // visual columns [vs, ve), tabs to multiples of 8
	text   string
	num    *Number
	leader bool // a leader of dots comes right before it
}

// lineFields splits the line ln of text into fields.
func lineFields(text string, ln line) []field {
	var out []field
	cur, curVS, col := -1, 0, 0
	leader := false
	closeAt := func(at, vcol int) {
		if cur < 0 {
			return
		}
		e, ve := at, vcol
		for e > cur && text[e-1] == ' ' {
			e--
			ve--
		}
		f := field{s: cur, e: e, vs: curVS, ve: ve, leader: leader}
		f.text = strings.TrimSpace(foldSpace(text[cur:e]))
		if f.text != "" {
			f.num = ParseNumber(f.text)
			out = append(out, f)
		}
		cur, leader = -1, false
	}
	for i := ln.start; i < ln.end; {
		c := text[i]
		if c == ' ' || c == '\t' {
			j, v, tab := i, col, false
			for j < ln.end && (text[j] == ' ' || text[j] == '\t') {
				if text[j] == '\t' {
					v, tab = (v/8+1)*8, true
				} else {
					v++
				}
				j++
			}
			if j-i >= 2 || tab || j == ln.end {
				closeAt(i, col)
			}
			i, col = j, v
			continue
		}
		if j, v, ok := leaderRun(text, i, ln.end, col); ok {
			closeAt(i, col)
			leader = true
			i, col = j, v
			continue
		}
		if cur < 0 {
			cur, curVS = i, col
		}
		_, size := utf8.DecodeRuneInString(text[i:ln.end])
		i += size
		col++
	}
	closeAt(ln.end, col)
	return out
}

// leaderRun reports whether a leader (three or more dots, single spaces
// between them allowed, or "…") starts at i, and where it ends.
func leaderRun(text string, i, end, col int) (int, int, bool) {
	dots, j, v := 0, i, col
	for j < end {
		switch {
		case text[j] == '.':
			dots++
			j++
			v++
		case text[j] == ' ' && j+1 < end && text[j+1] == '.' && dots > 0:
			j++
			v++
		case strings.HasPrefix(text[j:end], "…"):
			dots += 3
			j += len("…")
			v++
		default:
			return j, v, dots >= 3
		}
	}
	return j, v, dots >= 3
}

type lineKind int

const (
	kOther lineKind = iota
	kBlank
	kRule
	kFigure
	kLabelOnly
)

// textLine is a line read as a possible table row.
type textLine struct {
	ln     line
	kind   lineKind
	fields []field
	label  *field // the label field of a figure or label-only line
	vals   []field
	leader bool
}

// readLine classifies one line.
func readLine(text string, ln line) textLine {
	tl := textLine{ln: ln}
	fs := lineFields(text, ln)
	tl.fields = fs
	switch {
	case len(fs) == 0:
		tl.kind = kBlank
		return tl
	case isRuleLine(text[ln.start:ln.end]):
		tl.kind = kRule
		return tl
	}
	vals := fs
	if fs[0].num == nil && !isCurrencyOnly(fs[0].text) {
		if utf8.RuneCountInString(fs[0].text) > maxLabelRunes {
			return tl
		}
		tl.label = &fs[0]
		vals = fs[1:]
	}
	if len(vals) == 0 {
		if tl.label != nil && utf8.RuneCountInString(tl.label.text) <= 60 {
			tl.kind = kLabelOnly
		}
		return tl
	}
	vals = mergeCurrencyFields(vals)
	figure := false
	for _, f := range vals {
		if f.num == nil {
			return tl
		}
		if isFigure(f.num) {
			figure = true
		}
	}
	if !figure || tl.label == nil && len(vals) < 2 {
		return tl
	}
	tl.kind, tl.vals, tl.leader = kFigure, vals, vals[0].leader
	return tl
}

// mergeCurrencyFields joins a currency field ("$") to the figure after it.
func mergeCurrencyFields(fs []field) []field {
	var out []field
	for i := 0; i < len(fs); i++ {
		f := fs[i]
		if isCurrencyOnly(f.text) && currencyPrefix(f.text) == f.text && i+1 < len(fs) && fs[i+1].num != nil {
			n := fs[i+1]
			n.s, n.vs, n.leader = f.s, f.vs, f.leader || n.leader
			n.text = f.text + " " + n.text
			n.num = ParseNumber(n.text)
			out = append(out, n)
			i++
			continue
		}
		out = append(out, f)
	}
	return out
}

func isRuleLine(l string) bool {
	t := strings.TrimSpace(l)
	return len(t) >= 3 && strings.Trim(t, "-=_ ") == ""
}

// FindAligned returns the plain-text tables of text, in order: runs of at
// least three lines that end in figure fields whose right edges line up in
// columns (with the heading lines above them), and runs of at least two
// "Label ...... figure" leader lines. Blank lines (one at a time), rule
// lines and label-only lines ("Revenue:") may come between figure lines.
func FindAligned(text string) []Table {
	return findAligned(text, splitLines(text), nil)
}

func findAligned(text string, lines []line, skip []bool) []Table {
	var out []Table
	free := func(i int) bool { return i >= 0 && i < len(lines) && (skip == nil || !skip[i]) }
	read := make([]*textLine, len(lines))
	get := func(i int) textLine {
		if read[i] == nil {
			tl := readLine(text, lines[i])
			read[i] = &tl
		}
		return *read[i]
	}
	for i := 0; i < len(lines); i++ {
		if !free(i) || get(i).kind != kFigure {
			continue
		}
		last, blanks, leader := i, 0, get(i).leader
		for j := i + 1; free(j); j++ {
			k := get(j).kind
			if k == kFigure {
				if get(j).leader != leader {
					break // a leader list and a column table are two tables
				}
				last, blanks = j, 0
				continue
			}
			if k == kBlank {
				blanks++
				if blanks > 1 {
					break
				}
				continue
			}
			if k != kRule && k != kLabelOnly {
				break
			}
			blanks = 0
		}
		body := make([]textLine, 0, last-i+1)
		for j := i; j <= last; j++ {
			body = append(body, get(j))
		}
		if t, first, ok := alignedTable(text, lines, i, body, free, get); ok {
			out = append(out, t)
			if skip != nil {
				for j := first; j <= last; j++ {
					skip[j] = true
				}
			}
		}
		i = last
	}
	return out
}

// column is a value column of a text table: visual extent of its fields.
type column struct{ left, right, n int }

// alignedTable checks a run of lines and makes it a table; i is the index
// of body[0] in lines. It returns the index of the first line used.
func alignedTable(text string, lines []line, i int, body []textLine, free func(int) bool, get func(int) textLine) (Table, int, bool) {
	var figs, leaders, nvals int
	var edges []int
	for _, tl := range body {
		if tl.kind != kFigure {
			continue
		}
		figs++
		if tl.leader {
			leaders++
		}
		for _, f := range tl.vals {
			edges = append(edges, f.ve)
			nvals++
		}
	}
	cols, aligned := clusterColumns(body, edges, nvals)
	aligned = aligned && figs >= minAlignedRows
	leader := leaders >= minLeaderRows && 2*leaders >= figs
	if !aligned && !leader {
		return Table{}, 0, false
	}
	form := Aligned
	if leader {
		form = Leader
	}
	t := Table{Form: form}
	var heads []textLine
	first := i
	if aligned {
		// A label-only line right above the figures opens their section
		// ("Revenue:"); heading lines are above it, bottom up.
		if j := i - 1; free(j) && get(j).kind == kLabelOnly && !isHeadLine(get(j), cols) {
			body = append([]textLine{get(j)}, body...)
			i, first = j, j
		}
		for j := i - 1; len(heads) < maxHeadLines && j >= i-2*maxHeadLines && free(j); j-- {
			tl := get(j)
			if tl.kind == kRule {
				continue
			}
			if !isHeadLine(tl, cols) {
				break
			}
			heads = append([]textLine{tl}, heads...)
			first = j
		}
	}
	labelLeft := -1
	for _, tl := range body {
		if tl.label != nil && (labelLeft < 0 || tl.label.vs < labelLeft) {
			labelLeft = tl.label.vs
		}
	}
	t.Cols = 1
	if aligned {
		t.Cols += len(cols)
	}
	for _, tl := range heads {
		t.Rows = append(t.Rows, headRow(text, tl, cols))
	}
	for _, tl := range body {
		if tl.kind != kFigure && tl.kind != kLabelOnly {
			continue
		}
		r := bodyRow(text, tl, cols, aligned)
		if tl.label != nil {
			r.Indent = tl.label.vs - labelLeft
		}
		for _, c := range r.Cells {
			t.Cols = max(t.Cols, c.Col+c.Span)
		}
		t.Rows = append(t.Rows, r)
	}
	t.Start, t.End = t.Rows[0].Start, t.Rows[len(t.Rows)-1].End
	t.Unit = unitAbove(text, lines[first].start)
	finish(&t, shape{label: true})
	return t, first, true
}

// clusterColumns groups the right edges of value fields into columns
// (edges at most one apart chain together) and reports whether they line
// up: the biggest column has three fields or more, at least 80% of the
// fields are in columns of two or more, and no line has two fields in one
// column.
func clusterColumns(body []textLine, edges []int, nvals int) ([]column, bool) {
	if len(edges) == 0 {
		return nil, false
	}
	sorted := append([]int(nil), edges...)
	sort.Ints(sorted)
	var cols []column
	for _, e := range sorted {
		if n := len(cols); n > 0 && e-cols[n-1].right <= 1 {
			cols[n-1].right = e
			cols[n-1].n++
			continue
		}
		cols = append(cols, column{left: e, right: e, n: 1})
	}
	best, good := 0, 0
	for _, c := range cols {
		best = max(best, c.n)
		if c.n >= 2 {
			good += c.n
		}
	}
	ok := best >= minAlignedRows && 5*good >= 4*nvals
	if len(cols) > maxTextCols {
		return nil, false // ragged prose, and columnOf below would be slow
	}
	// Left edges, and one field per column per line.
	for _, tl := range body {
		prev := -1
		for _, f := range tl.vals {
			k := columnOf(cols, f.ve)
			if k <= prev {
				ok = false
			}
			prev = k
			cols[k].left = min(cols[k].left, f.vs)
		}
	}
	return cols, ok
}

// columnOf returns the index of the column whose right edge is nearest e.
func columnOf(cols []column, e int) int {
	best, dist := 0, -1
	for k, c := range cols {
		d := 0
		if e < c.left {
			d = c.left - e
		} else if e > c.right {
			d = e - c.right
		}
		if e >= c.left && e <= c.right {
			d = 0
		}
		if dist < 0 || d < dist {
			best, dist = k, d
		}
	}
	return best
}

// isHeadLine reports whether a line above the figures is a heading line:
// short fields, no figures (years are fine), and at least one field over
// the value columns, or a unit line.
func isHeadLine(tl textLine, cols []column) bool {
	if tl.kind == kBlank || tl.kind == kFigure || len(cols) == 0 {
		return false
	}
	over := false
	for _, f := range tl.fields {
		if f.num != nil && !isYear(f.num) || utf8.RuneCountInString(f.text) > maxHeadRunes && !isUnitText(f.text) {
			return false
		}
		if f.ve > cols[0].left {
			over = true
		}
	}
	return over || len(tl.fields) == 1 && isUnitText(tl.fields[0].text)
}

// headRow makes a heading line a row: fields left of the value columns go
// to column 0, the others to the value columns they lie over.
func headRow(text string, tl textLine, cols []column) Row {
	s, e := trimSpan(text, tl.ln.start, tl.ln.end)
	r := Row{Start: s, End: e}
	for _, f := range tl.fields {
		col, n := 0, 1
		if f.ve > cols[0].left {
			col, n = overlapColumns(cols, f.vs, f.ve)
		}
		addCell(&r, Cell{Start: f.s, End: f.e, Text: f.text, Col: col, Span: n, Number: f.num})
	}
	coverCells(&r)
	return r
}

// overlapColumns returns the first value column (1-based) and the number
// of value columns that the heading [vs, ve) applies to: those it lies
// over, and both columns around a gap that its centre lies in (a heading
// centred between two columns spans them); the nearest one when none.
func overlapColumns(cols []column, vs, ve int) (int, int) {
	first, last := -1, -1
	add := func(k int) {
		if first < 0 || k < first {
			first = k
		}
		last = max(last, k)
	}
	for k, c := range cols {
		if vs < c.right && c.left < ve {
			add(k)
		}
		if k+1 < len(cols) && 2*c.right <= vs+ve && vs+ve < 2*cols[k+1].left {
			add(k)
			add(k + 1)
		}
	}
	if first < 0 {
		return 1 + columnOf(cols, ve), 1
	}
	return 1 + first, last - first + 1
}

// bodyRow makes a figure or label-only line a row. Without aligned
// columns (a leader list) the figures go to columns by their order.
func bodyRow(text string, tl textLine, cols []column, aligned bool) Row {
	s, e := trimSpan(text, tl.ln.start, tl.ln.end)
	r := Row{Start: s, End: e}
	if tl.label != nil {
		f := tl.label
		addCell(&r, Cell{Start: f.s, End: f.e, Text: f.text, Col: 0, Span: 1})
	}
	for k, f := range tl.vals {
		col := 1 + k
		if aligned {
			col = 1 + columnOf(cols, f.ve)
		}
		addCell(&r, Cell{Start: f.s, End: f.e, Text: f.text, Col: col, Span: 1, Number: f.num})
	}
	coverCells(&r)
	return r
}

// coverCells widens r's span to its cells' spans (a field may hold white
// space that trimSpan drops, such as a vertical tab).
func coverCells(r *Row) {
	for _, c := range r.Cells {
		r.Start, r.End = min(r.Start, c.Start), max(r.End, c.End)
	}
}

// addCell appends c to r, merging it into the last cell when their
// columns overlap.
func addCell(r *Row, c Cell) {
	if k := len(r.Cells); k > 0 {
		prev := &r.Cells[k-1]
		if c.Col < prev.Col+prev.Span {
			prev.End, prev.Text = c.End, prev.Text+" "+c.Text
			prev.Span = max(prev.Col+prev.Span, c.Col+c.Span) - prev.Col
			prev.Number = ParseNumber(prev.Text)
			return
		}
	}
	r.Cells = append(r.Cells, c)
}
