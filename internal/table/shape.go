package table

import (
	"regexp"

	"golang.org/x/net/html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxHeaderRows bounds the header block: a longer run of rows without
// figures is a text table, whose header is its first row.
const maxHeaderRows = 6

// shape holds what a form's reader knows about a table beyond its rows.
type shape struct {
	// label is set when column 0 holds row labels.
	label bool
	// groups turns on the spanning rule for header cells written in one
	// cell of a row (pipe tables, which have no colspan).
	groups bool
	// fallback is the number of header rows when no row has a figure.
	fallback int
	// marked is the number of leading rows that the markup itself calls
	// header rows (<thead>, rows of <th>).
	marked int
}

// finish fills in what every form shares: the header rows, the columns
// each header cell applies to, labels, parents and the unit (t.Unit may
// hold a unit line found above the table). The rows' Indent must be set;
// cells must be sorted by Col.
func finish(t *Table, sh shape) {
	for i := range t.Rows {
		r := &t.Rows[i]
		r.Parent = -1
		for j := range r.Cells {
			c := &r.Cells[j]
			if c.Span < 1 {
				c.Span = 1
			}
			c.From, c.To = c.Col, c.Col+c.Span
		}
		if sh.label {
			if c := r.Cell(0); c != nil && c.Col == 0 {
				r.Label = trimLabel(c.Text)
			}
		}
	}
	t.HeaderRows = headerRows(t.Rows, sh)
	spanHeaders(t, sh)
	parents(t.Rows[t.HeaderRows:], t.HeaderRows)
	if u := unitCell(t); u != nil {
		t.Unit = u // a unit in the header beats a line above the table
	}
}

// valueCells returns the cells of r outside the label column.
func valueCells(r *Row, label bool) []Cell {
	if !label || len(r.Cells) == 0 || r.Cells[0].Col != 0 {
		return r.Cells
	}
	return r.Cells[1:]
}

func hasFigure(r *Row, label bool) bool {
	for _, c := range valueCells(r, label) {
		if isFigure(c.Number) {
			return true
		}
	}
	return false
}

// headerRows applies the header rule of the package doc.
func headerRows(rows []Row, sh shape) int {
	first := -1
	for i := range rows {
		if hasFigure(&rows[i], sh.label) {
			first = i
			break
		}
	}
	if first < 0 {
		return min(max(sh.fallback, sh.marked), len(rows))
	}
	last := -1
	for i := 0; i < first; i++ {
		if len(valueCells(&rows[i], sh.label)) > 0 {
			last = i
		}
	}
	h := last + 1
	for h < first && isCaptionRow(&rows[h], sh.label) {
		h++
	}
	if h > maxHeaderRows {
		h = min(sh.fallback, first)
	}
	return max(h, min(sh.marked, first))
}

// isCaptionRow reports whether a row with nothing in its value columns
// still belongs to the header: its only text is a unit ("(In millions)"),
// a date or year ("December 31, 2019") or ends with a comma ("Year ended
// June 30,").
func isCaptionRow(r *Row, label bool) bool {
	if len(r.Cells) != 1 || len(valueCells(r, label)) != 0 {
		return false
	}
	s := r.Cells[0].Text
	return isUnitText(s) || isDateLike(s) || strings.HasSuffix(s, ",")
}

// maxCaptionRunes bounds a date caption: a longer text with a year in it
// is a row of the body ("1,258 shares issued (2018: 1,313)").
const maxCaptionRunes = 40

var (
	yearRE  = regexp.MustCompile(`\b(19|20)\d\d\b`)
	monthRE = regexp.MustCompile(`(?i)\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t|tember)?|oct(ober)?|nov(ember)?|dec(ember)?)\b`)
)

// isDateLike reports whether s is a short text with a year or a month
// name in it: "December 31, 2019", "As at 31 March", "FY 2019".
func isDateLike(s string) bool {
	return utf8.RuneCountInString(s) <= maxCaptionRunes && (yearRE.MatchString(s) || monthRE.MatchString(s))
}

// spanHeaders widens header cells to the columns they apply to.
func spanHeaders(t *Table, sh shape) {
	spread := make([]bool, t.HeaderRows)
	for i := 0; i < t.HeaderRows; i++ {
		r := &t.Rows[i]
		vals := valueCells(r, sh.label)
		if sh.groups && len(vals) > 0 && spreadable(t, i, sh.label, spread) {
			spread[i] = groupSpan(vals, t.Cols, sh.label)
		}
		if !sh.label || len(r.Cells) == 0 || r.Cells[0].Col != 0 {
			continue
		}
		c := &r.Cells[0]
		if isUnitText(c.Text) {
			continue
		}
		if len(vals) == 0 || strings.HasSuffix(c.Text, ",") || isDateLike(c.Text) {
			c.From, c.To = 0, t.Cols
		}
	}
}

// spreadable reports whether the header cells of row i of a pipe table
// may spread over empty columns: a header row further down has more
// value cells (a heading spans only over headings below it), and row i is
// not the continuation of a heading in the same columns of the row above
// that did not spread ("Estimated" over "Useful Life").
func spreadable(t *Table, i int, label bool, spread []bool) bool {
	n := len(valueCells(&t.Rows[i], label))
	more := false
	for j := i + 1; j < t.HeaderRows; j++ {
		if len(valueCells(&t.Rows[j], label)) > n {
			more = true
			break
		}
	}
	if !more {
		return false
	}
	if i > 0 && !spread[i-1] && sameColumns(valueCells(&t.Rows[i-1], label), valueCells(&t.Rows[i], label)) {
		return false
	}
	return true
}

func sameColumns(a, b []Cell) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if a[k].Col != b[k].Col {
			return false
		}
	}
	return true
}

// groupSpan spreads the k non-empty value cells of a pipe header row over
// the n value columns: into k equal groups when n is a multiple of k and
// each cell lies in its own group, set alike in each (a centred or
// left-set heading over its columns), otherwise each cell over the empty
// columns to its right.
func groupSpan(vals []Cell, cols int, label bool) bool {
	first := 0
	if label {
		first = 1
	}
	n, k := cols-first, len(vals)
	if k >= n || n <= 0 {
		return false
	}
	if n%k == 0 {
		g := n / k
		ok := true
		for i, c := range vals {
			lo := first + i*g
			// Each cell in its own group, and all set alike in theirs
			// (left, centred): "Quarter ended" at the start of three
			// columns and "Year ended" over the last one are no groups.
			if c.Col < lo || c.Col >= lo+g || c.Col-lo != vals[0].Col-first {
				ok = false
				break
			}
		}
		if ok {
			for i := range vals {
				vals[i].From, vals[i].To = first+i*g, first+(i+1)*g
			}
			return true
		}
	}
	for i := range vals {
		to := cols
		if i+1 < len(vals) {
			to = vals[i+1].Col
		}
		vals[i].To = max(vals[i].To, to)
	}
	return true
}

// parents links body rows to the rows they are sub-rows of; off is the
// index in Table.Rows of rows[0].
func parents(rows []Row, off int) {
	type frame struct {
		row, indent int
		section     bool
		// deep is set on a section with an indented sub-row: indentation
		// then ends the section, not only the next label-only row.
		deep bool
	}
	var stack []frame
	lastMain := -1
	for i := range rows {
		r := &rows[i]
		if len(r.Cells) == 0 {
			stack, lastMain = stack[:0], -1
			continue
		}
		if isOfWhich(r.Label) {
			if lastMain >= 0 {
				r.Parent = lastMain
			}
			continue
		}
		section := r.Label != "" && len(r.Cells) == 1 && r.Cells[0].Col == 0
		for len(stack) > 0 {
			top := stack[len(stack)-1]
			if top.indent > r.Indent || top.indent == r.Indent && (!top.section || section || top.deep) {
				stack = stack[:len(stack)-1]
				continue
			}
			break
		}
		if n := len(stack); n > 0 {
			r.Parent = stack[n-1].row
			if r.Indent > stack[n-1].indent {
				stack[n-1].deep = true
			}
		}
		stack = append(stack, frame{row: off + i, indent: r.Indent, section: section})
		lastMain = off + i
	}
}

var ofWhichRE = regexp.MustCompile(`(?i)^(of which|thereof|o/w|of this|including)\b`)

func isOfWhich(label string) bool { return ofWhichRE.MatchString(label) }

// trimLabel drops footnote marks from the end of a row label: "*", "†",
// "‡", "§", superscript digits, "(1)", "(a)", and one or two digits glued
// to a word of four or more lower-case letters ("subsidiaries1").
func trimLabel(s string) string {
	s = strings.TrimSpace(s)
	for range 4 {
		t, _ := stripFootnote(s)
		t = strings.TrimSpace(t)
		if t == s {
			break
		}
		s = t
	}
	// A digit glued to a lower-case word is a footnote ("charges2").
	i := len(s)
	for i > 0 && isDigit(s[i-1]) && len(s)-i < 2 {
		i--
	}
	if i < len(s) && i >= 4 {
		j := i
		for j > 0 && s[j-1] >= 'a' && s[j-1] <= 'z' {
			j--
		}
		if i-j >= 4 {
			s = s[:i]
		}
	}
	return s
}

// unitRE finds a unit and scale statement: "(in millions, except per share
// data)", "RMB in thousands", "millions of yen", "$000's", "€m", "(000)".
var unitRE = regexp.MustCompile(`(?i)` +
	`\b(in|of)\s+([A-Za-z$€£¥.'’]+\s+){0,2}(thousands?|millions?|billions?|crores?|lakhs?)\b` +
	`|\b(thousands?|millions?|billions?|crores?)\s+of\b` +
	`|\((thousands|millions|billions)\)` +
	`|'000s?\b|’000s?\b|\b000'?s\b|[$€£¥]\s?000\b|\(000\)` +
	`|(^|[\s(])(US\$|HK\$|\$|€|£|¥|RMB)\s?(m|mn|bn|k|thousands?|millions?|billions?)(\W|$)`)

// isUnitText reports whether s is a short text that states a unit.
func isUnitText(s string) bool {
	return len(s) <= 120 && unitRE.MatchString(s)
}

// isCurrencyOnly reports whether s is a bare currency mark, with or
// without a scale ("$", "US$", "€m", "RMB'000").
func isCurrencyOnly(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	c := currencyPrefix(s)
	if c == "" {
		return false
	}
	rest := strings.TrimSpace(s[len(c):])
	switch strings.ToLower(rest) {
	case "", "m", "mn", "bn", "k", "'000", "’000", "000", "000s", "000's", "million", "billion", "thousand", "thousands", "millions":
		return true
	}
	return false
}

// unitCell returns the first header cell that states a unit.
func unitCell(t *Table) *Unit {
	for i := 0; i < t.HeaderRows; i++ {
		for _, c := range t.Rows[i].Cells {
			if isUnitText(c.Text) {
				return &Unit{Start: c.Start, End: c.End, Text: c.Text, Row: i, Col: c.Col}
			}
		}
	}
	return nil
}

// unitAbove looks for a unit among the two non-blank lines right above
// the line that starts at start (within four lines); see unitIn.
func unitAbove(text string, start int) *Unit {
	end, seen := start, 0
	for lines := 0; lines < 4 && end > 0 && seen < 2; lines++ {
		e := end
		if text[e-1] == '\n' {
			e--
		}
		ls := strings.LastIndexByte(text[:e], '\n') + 1
		s, te := trimSpan(text, ls, e)
		end = ls
		if s == te {
			continue
		}
		seen++
		if u := unitIn(text, s, te); u != nil {
			return u
		}
	}
	return nil
}

// maxUnitLine bounds a unit line: a longer line is a sentence.
const maxUnitLine = 60

// unitIn returns the unit stated by the trimmed line text[s:e]: a
// parenthesised unit that ends the line ("... as follows (in millions):"),
// else the whole line when it is short and states a unit; nil if none.
func unitIn(text string, s, e int) *Unit {
	t := strings.TrimRight(text[s:e], ":.; ")
	if strings.HasSuffix(t, ")") {
		if open := strings.LastIndexByte(t, '('); open >= 0 && isUnitText(t[open:]) {
			return &Unit{Start: s + open, End: s + len(t), Text: foldSpace(t[open:]), Row: -1, Col: -1}
		}
	}
	disp := foldSpace(html.UnescapeString(text[s:e]))
	if utf8.RuneCountInString(disp) <= maxUnitLine && isUnitText(disp) {
		return &Unit{Start: s, End: e, Text: disp, Row: -1, Col: -1}
	}
	return nil
}

// trimSpan shrinks [s, e) of text to exclude surrounding white space.
func trimSpan(text string, s, e int) (int, int) {
	for s < e {
		r, size := utf8.DecodeRuneInString(text[s:e])
		if !unicode.IsSpace(r) && r != '\u00a0' {
			break
		}
		s += size
	}
	for e > s {
		r, size := utf8.DecodeLastRuneInString(text[s:e])
		if !unicode.IsSpace(r) && r != '\u00a0' {
			break
		}
		e -= size
	}
	return s, e
}
