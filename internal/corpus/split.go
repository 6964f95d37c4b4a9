package corpus

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/resultsbot/resultsbot/internal/table"
)

// span is a passage's place in Document.Raw, and the index of its block
// in the blocks split returns.
type span struct {
	start, end int
	heading    bool
	block      int
}

// blockKind is what a run of lines is.
type blockKind int

const (
	paraBlock blockKind = iota + 1
	itemBlock
	headingBlock
	tableBlock
)

type block struct {
	kind       blockKind
	start, end int // content span in raw
	level      int // headings: the number of "#" marks, 0 for none
	rows       []Row
	unit       *Span
	table      *table.Table // the table internal/table reads here, if any
}

var (
	mdHeading  = regexp.MustCompile(`^#{1,6}(?:[ \t]+|$)`)
	listMarker = regexp.MustCompile(`^(?:[-*+•][ \t]+|\d{1,3}[.)][ \t]+)`)
	hrLine     = regexp.MustCompile(`^(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|` + "```" + `.*|~~~.*)$`)
)

// split cuts the body of raw (from bodyStart) into blocks (headings,
// paragraphs, list items, tables) and passage spans: headings, the
// sentences of paragraphs and list items, and table rows, in order, leaving
// out boilerplate (see the boilerplate table). Every span is trimmed of
// space and list or heading markers and lies within raw. Only blocks that
// yield a passage are returned, each with the headings above it.
//
// Tables are what internal/table finds in the body, in every form (pipe,
// HTML <table>, space-aligned and leader text): the lines a table covers
// make one table block with its *table.Table, and each of its rows,
// header rows included, is a passage of its own, verbatim. Pipe lines the
// table reader does not take as a table are still a table block, without
// a Table.
func split(raw string, bodyStart int) ([]Block, []span) {
	var lines [][2]int // [start, end) of each line, without "\n"
	for i := bodyStart; i < len(raw); {
		j := strings.IndexByte(raw[i:], '\n')
		if j < 0 {
			lines = append(lines, [2]int{i, len(raw)})
			break
		}
		lines = append(lines, [2]int{i, i + j})
		i += j + 1
	}

	var (
		blocks []block
		cur    *block
		// poisonAfter[b] means a truncation line came right after block b.
		poisonAfter  = map[int]bool{}
		poisonBefore = map[int]bool{}
		pending      bool // a truncation line awaits the next block
		tables       = tablesIn(raw, bodyStart)
		tk           int // the first table not yet passed
	)
	closeBlock := func() { cur = nil }
	open := func(k blockKind, s, e int) {
		blocks = append(blocks, block{kind: k, start: s, end: e})
		cur = &blocks[len(blocks)-1]
		if pending {
			poisonBefore[len(blocks)-1] = true
			pending = false
		}
	}

lines:
	for li, ln := range lines {
		text := raw[ln[0]:ln[1]]
		cs, ce := trimSpan(raw, ln[0], ln[1])
		for tk < len(tables) && tables[tk].End <= ln[0] {
			tk++
		}
		if tk < len(tables) && tables[tk].Start <= ln[1] {
			// A line of a table the table reader found: the table is one
			// block, its rows (header rows too) its passages.
			t := &tables[tk]
			if cur == nil || cur.table != t {
				closeBlock()
				open(tableBlock, t.Start, t.End)
				cur.table = t
				cur.rows = tableRows(t)
				if t.Unit != nil {
					cur.unit = &Span{t.Unit.Start, t.Unit.End}
				}
			}
			continue
		}
		if cur != nil && cur.table != nil {
			closeBlock()
		}
		if isTableLine(raw, lines, li) {
			// A table row, or its delimiter row: rows of one table make one
			// block, whose unit line is just above it or in its first cell.
			if cur == nil || cur.kind != tableBlock {
				closeBlock()
				open(tableBlock, cs, ce)
				cur.unit = unitAbove(raw, lines, li)
			}
			cur.end = ce
			if !delimiterRow.MatchString(raw[cs:ce]) {
				cur.rows = append(cur.rows, Row{Start: cs, End: ce, Cells: cells(raw, cs, ce)})
			}
			continue
		}
		if cur != nil && cur.kind == tableBlock {
			closeBlock()
		}
		if cs == ce || hrLine.MatchString(raw[cs:ce]) || !hasWordRune(raw[cs:ce]) {
			closeBlock()
			continue
		}
		switch classifyLine(text) {
		case cutRest:
			if len(blocks) > 0 {
				break lines
			}
			closeBlock() // a comment count above the article: drop the line only
			continue
		case dropLine:
			closeBlock()
			continue
		case uncitable:
			if isUncitableLine(text) {
				closeBlock()
				if len(blocks) > 0 {
					poisonAfter[len(blocks)-1] = true
				}
				pending = true
				continue
			}
		}
		content := raw[cs:ce]
		if m := mdHeading.FindString(content); m != "" {
			closeBlock()
			hs, he := trimSpan(raw, cs+len(m), ce)
			for he > hs && raw[he-1] == '#' {
				he--
			}
			hs, he = trimSpan(raw, hs, he)
			open(headingBlock, hs, he)
			cur.level = strings.Count(strings.TrimRight(m, " \t"), "#")
			closeBlock()
			continue
		}
		if m := listMarker.FindString(content); m != "" {
			closeBlock()
			open(itemBlock, cs+len(m), ce)
			continue
		}
		indented := cs > ln[0]
		if cur != nil && cur.kind == itemBlock && indented {
			cur.end = ce
			continue
		}
		if cur != nil && cur.kind == paraBlock && !endsSentence(raw[cur.start:cur.end]) {
			cur.end = ce // a wrapped line continues the sentence
			continue
		}
		if looksLikeHeading(content) && !nextStartsLower(raw, lines[li+1:]) && !unitLine.MatchString(content) {
			closeBlock()
			open(headingBlock, cs, ce)
			closeBlock()
			continue
		}
		if cur != nil && cur.kind == paraBlock {
			cur.end = ce
			continue
		}
		closeBlock()
		open(paraBlock, cs, ce)
	}

	var out []span
	var kept []Block
	var section []Block // the headings above, outermost first
	for bi, b := range blocks {
		var spans []span
		switch b.kind {
		case headingBlock:
			spans = []span{{b.start, b.end, true, 0}}
		case tableBlock:
			for _, r := range b.rows {
				if hasWordRune(raw[r.Start:r.End]) {
					spans = append(spans, span{r.Start, r.End, false, 0})
				}
			}
		default:
			for _, s := range sentences(raw[b.start:b.end]) {
				spans = append(spans, span{b.start + s[0], b.start + s[1], false, 0})
			}
		}
		if poisonBefore[bi] && len(spans) > 0 {
			spans = spans[1:]
		}
		if poisonAfter[bi] && len(spans) > 0 && !endsSentence(raw[spans[len(spans)-1].start:spans[len(spans)-1].end]) {
			spans = spans[:len(spans)-1]
		}
		n := len(out)
		for _, s := range spans {
			text := raw[s.start:s.end]
			if !hasWordRune(text) || b.kind != tableBlock && sentenceIsBoilerplate(text) {
				continue
			}
			s.block = len(kept)
			out = append(out, s)
		}
		if len(out) == n {
			continue // nothing citable: not a block of the document
		}
		kb := Block{Kind: b.kind.exported(), Start: b.start, End: b.end, Level: b.level, Rows: b.rows, Unit: b.unit, Table: b.table}
		if b.kind == headingBlock {
			// A heading closes the sections at its level and below; one
			// without "#" marks ranks below all six.
			rank := func(x Block) int {
				if x.Level == 0 {
					return 7
				}
				return x.Level
			}
			for len(section) > 0 && rank(section[len(section)-1]) >= rank(kb) {
				section = section[:len(section)-1]
			}
		}
		kb.Section = sectionPath(raw, section)
		kept = append(kept, kb)
		if b.kind == headingBlock {
			section = append(section[:len(section):len(section)], kb)
		}
	}
	return kept, out
}

// tablesIn returns the tables internal/table finds in the body of raw
// (from bodyStart), with offsets into raw. A table must take whole lines:
// one that shares a line with prose (text before "<table>" or after
// "</table>") is left to the prose.
func tablesIn(raw string, bodyStart int) []table.Table {
	var out []table.Table
	for _, t := range table.Find(raw[bodyStart:]) {
		shiftTable(&t, bodyStart)
		ls := strings.LastIndexByte(raw[:t.Start], '\n') + 1
		le := strings.IndexByte(raw[t.End:], '\n')
		if le < 0 {
			le = len(raw) - t.End
		}
		if strings.TrimSpace(raw[ls:t.Start]) != "" || strings.TrimSpace(raw[t.End:t.End+le]) != "" || len(t.Rows) == 0 {
			continue
		}
		out = append(out, t)
	}
	return out
}

// shiftTable moves every offset of t by base.
func shiftTable(t *table.Table, base int) {
	t.Start += base
	t.End += base
	if t.Unit != nil {
		u := *t.Unit
		u.Start += base
		u.End += base
		t.Unit = &u
	}
	for i := range t.Rows {
		r := &t.Rows[i]
		r.Start += base
		r.End += base
		for j := range r.Cells {
			r.Cells[j].Start += base
			r.Cells[j].End += base
		}
	}
}

// tableRows are a table's rows as the block's Rows: each row's span and
// its cells' spans.
func tableRows(t *table.Table) []Row {
	rows := make([]Row, 0, len(t.Rows))
	for _, r := range t.Rows {
		row := Row{Start: r.Start, End: r.End}
		for _, c := range r.Cells {
			row.Cells = append(row.Cells, Span{c.Start, c.End})
		}
		rows = append(rows, row)
	}
	return rows
}

// sectionPath returns the headings' texts; the same slice for the same
// headings would do, but a new one per block keeps Blocks independent.
func sectionPath(raw string, headings []Block) []string {
	if len(headings) == 0 {
		return nil
	}
	out := make([]string, len(headings))
	for i, h := range headings {
		out[i] = raw[h.Start:h.End]
	}
	return out
}

func (k blockKind) exported() BlockKind {
	switch k {
	case headingBlock:
		return HeadingBlock
	case itemBlock:
		return ItemBlock
	case tableBlock:
		return TableBlock
	}
	return ParagraphBlock
}

var (
	// delimiterRow is a table's header delimiter: "|---|:--:|".
	delimiterRow = regexp.MustCompile(`^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$`)
	// unitLine is a line that states the unit of a table's figures: "(in
	// millions, except per share data)", "RMB in thousands", "Millions of
	// yen". It has no digits.
	unitLine = regexp.MustCompile(`(?i)^[^\d\n]{0,40}\b(?:in|of)\s+(?:[^\s\d]+\s+){0,2}?(?:thousands?|millions?|billions?|crores?|lakhs?)\b[^\d\n]{0,60}$|^\W{0,2}(?:thousands?|millions?|billions?)\s+of\b[^\d\n]{0,60}$`)
)

// isTableLine reports whether line li is part of a pipe table: it starts
// with "|", or holds one and the next line is a delimiter row (a table
// without outer pipes), or it is such a delimiter row.
func isTableLine(raw string, lines [][2]int, li int) bool {
	cs, ce := trimSpan(raw, lines[li][0], lines[li][1])
	text := raw[cs:ce]
	if strings.HasPrefix(text, "|") {
		return true
	}
	if !strings.Contains(text, "|") {
		return false
	}
	if delimiterRow.MatchString(text) {
		return li > 0 && strings.Contains(raw[lines[li-1][0]:lines[li-1][1]], "|")
	}
	if li+1 < len(lines) {
		ns, ne := trimSpan(raw, lines[li+1][0], lines[li+1][1])
		return delimiterRow.MatchString(raw[ns:ne]) && strings.Contains(raw[ns:ne], "|")
	}
	return false
}

// cells splits a table row at its unescaped pipes, dropping the outer
// ones, and trims each cell.
func cells(raw string, start, end int) []Span {
	var out []Span
	s := start
	if s < end && raw[s] == '|' {
		s++
	}
	for i := s; i <= end; i++ {
		if i == end || raw[i] == '|' && raw[i-1] != '\\' {
			if i == end && i == s {
				break // the closing pipe
			}
			cs, ce := trimSpan(raw, s, i)
			out = append(out, Span{cs, ce})
			s = i + 1
		}
	}
	return out
}

// unitAbove finds a table's unit line: the last non-blank line before it,
// if it reads as one and is not a table or heading of its own, else the
// table's first cell when that reads as one.
func unitAbove(raw string, lines [][2]int, li int) *Span {
	for j := li - 1; j >= 0; j-- {
		cs, ce := trimSpan(raw, lines[j][0], lines[j][1])
		if cs == ce {
			continue
		}
		if t := strings.Trim(raw[cs:ce], "*_ "); unitLine.MatchString(t) && len(t) <= 100 {
			return &Span{cs, ce}
		}
		break
	}
	cs, ce := trimSpan(raw, lines[li][0], lines[li][1])
	if c := cells(raw, cs, ce); len(c) > 0 {
		if t := raw[c[0].Start:c[0].End]; t != "" && unitLine.MatchString(t) {
			return &c[0]
		}
	}
	return nil
}

// trimSpan narrows [s, e) of raw to exclude surrounding white space.
func trimSpan(raw string, s, e int) (int, int) {
	for s < e {
		r, n := utf8.DecodeRuneInString(raw[s:e])
		if !unicode.IsSpace(r) && r != '\uFEFF' {
			break
		}
		s += n
	}
	for e > s {
		r, n := utf8.DecodeLastRuneInString(raw[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		e -= n
	}
	return s, e
}

// looksLikeHeading reports whether a standalone line reads as a headline or
// section heading: short, with a letter, and without the punctuation that
// ends or continues a sentence.
func looksLikeHeading(line string) bool {
	if utf8.RuneCountInString(line) > 120 || len(strings.Fields(line)) > 20 || !hasWordRune(line) || len(sentences(line)) > 1 {
		return false
	}
	t := strings.TrimRightFunc(line, isCloser)
	r, _ := utf8.DecodeLastRuneInString(t)
	switch r {
	case '.', '!', '?', '…', ':', ';', ',', '。', '！', '？', '-', '–', '—':
		return false
	}
	return true
}

// nextStartsLower reports whether the next line begins with a lower-case
// letter (so the line before it is wrapped prose, not a heading). A blank
// next line ends the paragraph: false.
func nextStartsLower(raw string, rest [][2]int) bool {
	if len(rest) == 0 {
		return false
	}
	s, e := trimSpan(raw, rest[0][0], rest[0][1])
	if s == e {
		return false
	}
	r, _ := utf8.DecodeRuneInString(raw[s:e])
	return unicode.IsLower(r)
}

// endsSentence reports whether text ends with sentence-final punctuation,
// possibly followed by closing quotes or brackets.
func endsSentence(text string) bool {
	t := strings.TrimRightFunc(strings.TrimRightFunc(text, unicode.IsSpace), isCloser)
	r, _ := utf8.DecodeLastRuneInString(t)
	return isTerminal(r)
}

func isTerminal(r rune) bool {
	switch r {
	case '.', '!', '?', '…', '。', '！', '？':
		return true
	}
	return false
}

// isCloser reports closing quotes and brackets, which belong to the sentence
// they follow ("...plan.”).
func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', '»', ')', ']', '}', '›':
		return true
	}
	return false
}

func isOpener(r rune) bool {
	switch r {
	case '"', '\'', '“', '‘', '«', '(', '[', '{', '‹':
		return true
	}
	return false
}

// sentences splits text into sentences, as [start, end) offsets trimmed of
// space. A sentence ends at '.', '!', '?' or an ellipsis, with any closing
// quotes and brackets, followed by white space and then something other than
// a lower-case letter, except after an abbreviation or an initial (see
// abbrevSplits). Decimals ("39.8") and dotted names ("Amazon.com") never end
// a sentence since no space follows the point; CJK full stops end one
// without space.
func sentences(text string) [][2]int {
	var out [][2]int
	emit := func(s, e int) {
		s, e = trimSpan(text, s, e)
		if s < e {
			out = append(out, [2]int{s, e})
		}
	}
	start := 0
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !isTerminal(r) {
			i += n
			continue
		}
		// The terminal run: points, marks and closers ("?!", "...", ".”).
		j := i
		dots, marks := 0, 0
	run:
		for j < len(text) {
			r2, n2 := utf8.DecodeRuneInString(text[j:])
			switch {
			case r2 == '.':
				dots++
			case r2 == '…':
				dots += 3
			case isTerminal(r2):
				marks++
			case isCloser(r2):
			default:
				break run
			}
			j += n2
		}
		cjk := r == '。' || r == '！' || r == '？'
		k := j
		for k < len(text) {
			r2, n2 := utf8.DecodeRuneInString(text[k:])
			if !unicode.IsSpace(r2) {
				break
			}
			k += n2
		}
		if k == j && k < len(text) && !cjk {
			i = j // no space after the point: "39.8", "U.S", "e.g"
			continue
		}
		if k == len(text) {
			break
		}
		next, _ := utf8.DecodeRuneInString(text[k:])
		if !unicode.IsLower(next) {
			ends := !insideQuote(text[start:j], text[k:])
			if ends && dots == 1 && marks == 0 && !cjk {
				ends = abbrevSplits(text[:i], text[k:])
			}
			if ends {
				emit(start, j)
				start = k
			}
		}
		i = k
	}
	emit(start, len(text))
	return out
}

// maxQuote is how far ahead a closing quote may be for a quotation to be
// kept in one passage.
const maxQuote = 800

// insideQuote reports whether sentence so far opens a quotation (“ or ")
// that closes in the next maxQuote bytes of rest: a quoted statement of
// several sentences stays one passage, so that its quote marks balance.
func insideQuote(sentence, rest string) bool {
	if len(rest) > maxQuote {
		rest = rest[:maxQuote]
	}
	if strings.Count(sentence, "“") > strings.Count(sentence, "”") && strings.Contains(rest, "”") {
		return true
	}
	return strings.Count(sentence, `"`)%2 == 1 && strings.Contains(rest, `"`)
}

// Abbreviations, lower-case and without their final point. neverEnds never
// end a sentence (titles before a name, Latin); beforeNumber do not when a
// number follows ("No. 1", "Dec. 31"); the rest of the known ones, dotted
// initialisms ("U.S.") and single-letter initials end a sentence only before
// a word that usually starts one ("...in the U.S. The company").
var (
	neverEnds = setOf("mr", "mrs", "ms", "messrs", "dr", "prof", "st", "gen", "col", "lt", "sgt", "capt",
		"rep", "sen", "gov", "rev", "hon", "mt", "ft", "vs", "e.g", "i.e", "cf", "viz", "approx", "ca", "esp", "dept")
	beforeNumber = setOf("no", "nos", "vol", "p", "pp", "art", "sec", "ch", "fig", "figs", "op", "est",
		"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")
	ambiguous = setOf("inc", "ltd", "co", "corp", "llc", "plc", "bros", "jr", "sr", "etc", "al", "bn", "mn", "yr", "yrs")
	starters  = setOf("the", "this", "that", "these", "those", "it", "its", "it’s", "it's", "he", "she", "they",
		"we", "i", "but", "and", "however", "meanwhile", "in", "on", "at", "for", "a", "an", "as", "after",
		"while", "when", "if", "there", "his", "her", "their", "our", "yet", "so", "still", "also", "analysts",
		"shares", "investors")
)

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// abbrevSplits decides whether a single point at the end of before, followed
// by space and after, ends a sentence.
func abbrevSplits(before, after string) bool {
	ws := strings.LastIndexFunc(before, unicode.IsSpace) + 1
	word := strings.TrimLeftFunc(before[ws:], isOpener)
	lw := strings.ToLower(word)
	nextWord := strings.TrimRightFunc(strings.ToLower(firstField(after)), func(r rune) bool {
		return !unicode.IsLetter(r) && r != '\'' && r != '’'
	})
	nextWord = strings.TrimLeftFunc(nextWord, isOpener)
	nextIsDigit := after != "" && after[0] >= '0' && after[0] <= '9'
	switch {
	case word == "":
		return true
	case neverEnds[lw]:
		return false
	case beforeNumber[lw]:
		if nextIsDigit {
			return false
		}
		return !isAbbrevShaped(word) || starters[nextWord]
	case ambiguous[lw], isInitialism(word):
		return starters[nextWord]
	}
	return true
}

// isAbbrevShaped: a capitalised short word ("Dec") could be an abbreviation
// or a word that ends a sentence ("No").
func isAbbrevShaped(w string) bool { return len(w) <= 4 }

// isInitialism reports a single letter ("F" in "John F. Kennedy") or dotted
// letters of at most two each ("U.S", "a.m", "Ph.D").
func isInitialism(w string) bool {
	parts := strings.Split(w, ".")
	for _, p := range parts {
		n := utf8.RuneCountInString(p)
		if n == 0 || n > 2 {
			return false
		}
		for _, r := range p {
			if !unicode.IsLetter(r) {
				return false
			}
		}
	}
	if len(parts) == 1 {
		r, _ := utf8.DecodeRuneInString(w)
		return utf8.RuneCountInString(w) == 1 && unicode.IsUpper(r)
	}
	return true
}

func firstField(s string) string {
	if i := strings.IndexFunc(s, unicode.IsSpace); i >= 0 {
		return s[:i]
	}
	return s
}
