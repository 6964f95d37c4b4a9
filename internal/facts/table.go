package facts

import (
	"cmp"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/period"
	"github.com/resultsbot/resultsbot/internal/table"
	"github.com/resultsbot/resultsbot/internal/tagger"
)

// Table facts: a fact per figure cell of a table block that internal/table
// has read (corpus.Block.Table). The stages, each a method of tableReader:
//
//   - units: the unit line and the header cells give the scale ("in
//     millions", "RMB in thousands", "$000's", "millions of yen") and the
//     currency, with the document's reporting currency behind them; "except
//     per share" leaves per-share rows unscaled, and a row label may carry
//     its own unit ("Revenue ($ millions)", "Margin (%)").
//   - columns: each column's header text, read by the tagger's period
//     grammar and resolved against the document's context, gives its
//     period ("Q4 2025", "FY19", "Three Months Ended June 30, 2025",
//     "December 31, 2019", "H1 2023", "First Quarter" with a year above it
//     or the document's), and its kind: the document's own period (or,
//     when the document names none, the latest column) is actual, earlier
//     columns are prior figures for their own period, forecast or outlook
//     columns guidance. A "% Change" or "Change" column is the change of
//     the latest value column before it, with its basis. A column that
//     cannot be placed gives no facts: nothing is guessed.
//   - rows: the row label, with its parent's ("Revenue:" then "Cloud", an
//     "of which" row under its total), is the fact's Label as written; it
//     names a metric of the lexicon only when the metric is all the label
//     says (Total revenue, Net income (loss)), and a segment when the row
//     breaks down its parent's metric. A dash, nm or n/a is no fact.
//
// Every table fact cites its row: Fact.Start/End span the row, the value
// span is the figure's digits as written in it, and Fact.Column is the
// column's header text, which an answer names.

// ExtractDocument returns the facts of every passage of d, in passage
// order: the rows of a table block that internal/table has read give a
// fact per figure cell (see the table stages above), every other passage
// its facts by Extract. It is what the answer engine indexes.
func (e *Extractor) ExtractDocument(d *corpus.Document) []Fact {
	byRow := map[string][]Fact{}
	read := map[int]bool{}
	// Headers that spell out a fiscal year ("FY2024 (Apr 2024 - Mar
	// 2025)") say what the document means by its name in every table.
	aliases := &docNames{periods: map[string]period.Period{}}
	var readers []*tableReader
	for bi := range d.Blocks {
		if b := &d.Blocks[bi]; b.Kind == corpus.TableBlock && b.Table != nil {
			read[bi] = true
			r := e.newTableReader(d, bi, aliases)
			r.columns()
			readers = append(readers, r)
		}
	}
	for _, r := range readers {
		for _, f := range r.read() {
			byRow[f.Passage] = append(byRow[f.Passage], f)
		}
	}
	var out []Fact
	for _, p := range d.Passages {
		if read[p.Block] {
			out = append(out, byRow[p.ID]...)
			continue
		}
		out = append(out, e.Extract(p)...)
	}
	return out
}

// context returns the registry name of a document's company (as written
// when the registry does not know it) and the context its periods resolve
// against.
func (e *Extractor) context(meta *corpus.Meta) (string, tagger.PeriodContext) {
	company := meta.Company
	ctx := tagger.PeriodContext{Published: meta.Published, Period: meta.Period, FiscalYearEnd: meta.FiscalYearEnd}
	if c, ok := e.tg.Names().Lookup(meta.Company); ok {
		company = c.Name
		if ctx.FiscalYearEnd == (period.FiscalYearEnd{}) {
			ctx.FiscalYearEnd = e.fyes[c.Name]
		}
	}
	return company, ctx
}

// tableReader reads one table block.
type tableReader struct {
	e       *Extractor
	d       *corpus.Document
	b       *corpus.Block
	t       *table.Table
	ctx     tagger.PeriodContext
	company string
	// label is set when column 0 holds row labels.
	label bool
	// caption is the text just above the table that says what it is
	// ("KEY FIGURES – FIRST HALF 2025", "Net Sales by Segment"), one line
	// each of captionLines, nearest first.
	caption  string
	capLines []capLine
	// current is the end of the period the document reports: its own, else
	// the latest the table's columns, caption and period rows name.
	current time.Time
	// unit is the table's unit: scale and currency.
	unit unitInfo
	cols []column
	// rowPassage is the passage ID of each row.
	rowPassage map[int]string
	// aliases are the document's names of periods that its headers spell
	// out: "fy2024" -> the year ended 2025-03-31.
	aliases *docNames
	// lengthHint is the length the label column's header gives every
	// column ("Quarters Ended"); Unknown when none.
	lengthHint period.Length
	// ordinalQuarters is set when the columns are headed by ordinals alone
	// ("First", "Second", "Third", "Fourth"): quarters.
	ordinalQuarters bool
}

// unitInfo is a scale and currency read from a unit line, a header cell or
// a row label.
type unitInfo struct {
	scale    float64 // 0 when unstated
	currency string  // ISO 4217; "" when unstated
	percent  bool    // "(%)"
	other    string  // another unit: "Mboe/d", "MWh", "per bbl"
}

// column is what a table column holds.
type column struct {
	header string // Table.HeaderText
	period period.Period
	kind   Kind
	placed bool // period known: a value column
	change bool // a change column
	of     int  // for a change column, the value column it is the change of; -1
	basis  string
	unit   unitInfo // a unit header cell over the column
}

// newTableReader returns the reader of table block bi of d; aliases
// collects and gives the document's names of fiscal years.
func (e *Extractor) newTableReader(d *corpus.Document, bi int, aliases *docNames) *tableReader {
	b := &d.Blocks[bi]
	company, ctx := e.context(&d.Meta)
	r := &tableReader{e: e, d: d, b: b, t: b.Table, ctx: ctx, company: company, rowPassage: map[int]string{}, aliases: aliases}
	for _, p := range d.Passages {
		if p.Block != bi {
			continue
		}
		for i, row := range r.t.Rows {
			if row.Start == p.Start && row.End == p.End {
				r.rowPassage[i] = p.ID
			}
		}
	}
	for _, row := range r.t.Rows[r.t.HeaderRows:] {
		if row.Label != "" && row.Cell(0) != nil && row.Cell(0).Number == nil {
			r.label = true
			break
		}
	}
	r.capLines = r.captionLines()
	var texts []string
	for _, l := range r.capLines {
		texts = append(texts, l.text)
	}
	r.caption = strings.Join(texts, "\n")
	r.units()
	return r
}

// read returns the facts of the table.
func (r *tableReader) read() []Fact {
	r.columns()
	return r.rows()
}

// captionLines are the table's nearest heading and the short lines just
// above it (a title, a unit line), nearest first, which may name its
// period or what it breaks down.
func (r *tableReader) captionLines() []capLine {
	raw := r.d.Raw
	var lines []capLine
	end := r.t.Start
	for len(lines) < 3 && end > 0 {
		ls := strings.LastIndexByte(raw[:end-1], '\n') + 1
		s, e := ls, end
		end = ls
		for s < e && unicode.IsSpace(rune(raw[s])) {
			s++
		}
		for e > s && unicode.IsSpace(rune(raw[e-1])) {
			e--
		}
		line := raw[s:e]
		if line == "" {
			continue
		}
		if len(line) > 120 || endsWithStop(line) || strings.HasPrefix(line, "|") || strings.HasPrefix(line, "<") {
			break
		}
		lines = append(lines, capLine{strings.TrimLeft(line, "#* "), s, e})
	}
	if sec := r.b.Section; len(sec) > 0 {
		h := sec[len(sec)-1]
		if !slices.ContainsFunc(lines, func(l capLine) bool { return l.text == h }) {
			for _, p := range r.d.Passages {
				if p.Heading && p.Text == h && p.End <= r.t.Start {
					lines = append(lines, capLine{h, p.Start, p.End})
				}
			}
		}
	}
	return lines
}

// capLine is a line of a table's caption and its span.
type capLine struct {
	text       string
	start, end int
}

func endsWithStop(s string) bool {
	s = strings.TrimRight(s, `"”’)`)
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?")
}

var (
	// scaleRE finds a scale in a unit text: "in millions", "€m", "$000's",
	// "(000s)", "Rs in crore".
	scaleRE = regexp.MustCompile(`(?i)\b(thousands?|millions?|billions?|trillions?|crores?|lakhs?|mn|mln|bn|m|k)\b|'000|\b000'?s?\b`)
	// currencyRE finds a currency in a unit text.
	currencyRE = regexp.MustCompile(`US\$|A\$|HK\$|S\$|C\$|NT\$|R\$|\$|€|£|¥|₹|円|\bRs\.?|\bRMB\b|\b(?:USD|EUR|GBP|JPY|CNY|HKD|CHF|SEK|NOK|DKK|INR|AUD|CAD|SGD|KRW|TWD|BRL|ZAR)\b|(?i:\b(?:dollars|euros?|yen|yuan|renminbi|pounds|rupees|won)\b)`)
	// unitish is text that does no more than state a unit.
	unitishRE = regexp.MustCompile(`(?i)^\(?\s*(?:[A-Z]{1,2}\$|[$€£¥₹]|RMB|Rs\.?|[A-Z]{3}\b)?\s*(?:in\s+)?(?:thousands?|millions?|billions?|crores?|lakhs?|mn|bn|m|'000|000'?s)\b.*$|^\(?\s*(?:dollars|euros?|yen|amounts?|figures|all amounts)\b.*\b(?:thousands?|millions?|billions?)\b`)
)

// readUnit reads a scale and currency from a unit text.
func readUnit(s string) unitInfo {
	var u unitInfo
	if m := scaleRE.FindStringSubmatch(s); m != nil {
		w := strings.ToLower(strings.TrimSuffix(m[1], "s"))
		switch {
		case m[1] == "":
			u.scale = 1e3 // '000, 000s
		case w == "m" && strings.Contains(s, "%"):
		default:
			u.scale = tagger.Scale(w)
			if u.scale == 1 {
				u.scale = map[string]float64{"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "crore": 1e7, "lakh": 1e5}[w]
			}
		}
	}
	if m := currencyRE.FindString(s); m != "" {
		u.currency = tagger.CurrencyCode(strings.TrimSuffix(m, "."))
		if u.currency == "" {
			u.currency = tagger.CurrencyCode(m)
		}
	}
	return u
}

// units reads the table's unit line, and the currency its cells write.
func (r *tableReader) units() {
	if u := r.t.Unit; u != nil {
		r.unit = readUnit(u.Text)
	}
	if r.unit.scale == 0 && r.unit.currency == "" {
		// A unit in the label column's header: "A$ million".
		for i := 0; i < r.t.HeaderRows; i++ {
			if c := r.t.Rows[i].Cell(0); c != nil && c.Col == 0 && unitishRE.MatchString(c.Text) {
				r.unit = readUnit(c.Text)
				break
			}
		}
	}
	if r.unit.scale == 0 && r.unit.currency == "" {
		for _, line := range strings.Split(r.caption, "\n") {
			if unitishRE.MatchString(line) || scaleRE.MatchString(line) && currencyRE.MatchString(line) {
				r.unit = readUnit(line)
				break
			}
		}
	}
	if r.unit.currency == "" {
		// "$" in the cells (SEC tables write it on the first and total
		// rows only), or in a header cell of its own.
		for _, row := range r.t.Rows {
			for _, c := range row.Cells {
				if c.Number != nil && c.Number.Currency != "" {
					r.unit.currency = r.currency(c.Number.Currency)
					break
				}
			}
			if r.unit.currency != "" {
				break
			}
		}
	}
	if r.unit.currency == "" {
		r.unit.currency = r.d.Meta.Currency
	}
}

// currency maps a currency mark to its code; "¥" is the yen's in a yen
// document.
func (r *tableReader) currency(mark string) string {
	c := tagger.CurrencyCode(mark)
	if c == "CNY" && mark == "¥" && (r.d.Meta.Currency == "JPY" || yenRe.MatchString(r.caption) || r.t.Unit != nil && yenRe.MatchString(r.t.Unit.Text)) {
		return "JPY"
	}
	return c
}

var (
	// changeHeaderRE is the header of a change column.
	changeHeaderRE = regexp.MustCompile(`(?i)\bchange\b|\bchg\b|\bvar(?:iance|\.)?\b|\bgrowth\b|\b(?:vs\.?|versus)\s|\byoy\b|\by/y\b|\bqoq\b|\bq/q\b|\bincrease\b|\bdecrease\b|\binc\.?\s*/\s*\(?dec|\bfav(?:ourable|orable)?\b`)
	qoqHeaderRE    = regexp.MustCompile(`(?i)\bqoq\b|\bq/q\b|\bsequential|\bquarter[- ]on[- ]quarter|\bquarter[- ]over[- ]quarter`)
	yoyHeaderRE    = regexp.MustCompile(`(?i)\byoy\b|\by/y\b|\byear[- ]on[- ]year|\byear[- ]over[- ]year`)
	// shareHeaderRE is a column of shares of a total: no change, no value.
	shareHeaderRE = regexp.MustCompile(`(?i)%\s*of\b|\bpercent(?:age)? of\b|\bshare of\b|^\s*%\s*$|\bmix\b`)
	// guidanceHeaderRE marks an outlook column: "FY2025 forecast",
	// "2026E", "Guidance", "Outlook", "Plan", "Budget", "Target".
	guidanceHeaderRE = regexp.MustCompile(`(?i)\b(?:forecasts?|outlook|guidance|estimates?|estimated|budget|plan|target|projected|projection|expected)\b|\b20\d\d\s?[EeFf]\b`)
	// lengthWords name a period's length in a header.
	quarterWordRE = regexp.MustCompile(`(?i)\b(?:quarter|three months|3 months|13 weeks|12 weeks)\b|\bQ[1-4]\b|\b[1-4]Q\b`)
	halfWordRE    = regexp.MustCompile(`(?i)\b(?:six months|6 months|half[- ]year|half|26 weeks|24 weeks|semester)\b|\bH[12]\b`)
	nineWordRE    = regexp.MustCompile(`(?i)\b(?:nine months|9 months|39 weeks|36 weeks)\b`)
	yearWordRE    = regexp.MustCompile(`(?i)\b(?:year|twelve months|12 months|52 weeks|53 weeks|fiscal|FY|annual|full[- ]year)\b`)
)

// lengthIn returns the length a header names by its words, or Unknown.
func lengthIn(s string) period.Length {
	switch {
	case nineWordRE.MatchString(s):
		return period.NineMonths
	case halfWordRE.MatchString(s):
		return period.Half
	case quarterWordRE.MatchString(s):
		return period.Quarter
	case yearWordRE.MatchString(s):
		return period.Year
	}
	return period.Unknown
}

// headerPeriod reads the period a header text names, resolved against the
// document: false when it names none, or two that disagree.
func (r *tableReader) headerPeriod(h string) (period.Period, bool) {
	p, ok, _ := r.headerPeriodDate(h)
	return p, ok
}

// headerPeriodDate is headerPeriod; onDate is set when the header names
// only the date the period ends on ("July 27, 2019"), so its length is a
// default the table's other columns may correct.
func (r *tableReader) headerPeriodDate(h string) (p period.Period, ok, onDate bool) {
	if strings.TrimSpace(h) == "" {
		return period.Period{}, false, false
	}
	if r.ordinalQuarters {
		h = ordinalRE.ReplaceAllString(h, "$1 quarter") // "Third" over a quarter's column
	}
	es := r.e.tg.Periods(tagger.NewText(h))
	length := lengthIn(h)
	type cand struct {
		p    period.Period
		rank int
	}
	var cs []cand
	var dates []tagger.PeriodExpr
	var noYear []tagger.PeriodExpr
	years := 0
	for _, x := range es {
		if p, ok := r.aliases.period(x); ok {
			cs = append(cs, cand{p, 3})
			continue
		}
		switch {
		case x.Rel != "":
			continue
		case x.Length == period.Unknown:
			if x.Year != 0 && x.Month != 0 {
				dates = append(dates, x)
			}
		case x.Bare:
			years++
			cs = append(cs, cand{r.yearPeriod(x.Year), 1})
		case x.Year == 0 && x.Month == 0:
			noYear = append(noYear, x)
		default:
			ref, ok := r.ctx.Resolve(x)
			if ok && !ref.Period.IsZero() {
				rank := 2
				if x.Month != 0 && x.Year != 0 {
					rank = 3
				}
				cs = append(cs, cand{ref.Period, rank})
			}
		}
	}
	switch {
	case len(dates) == 2:
		// A range: "(Apr 2023 - Mar 2024)".
		a, z := dates[0], dates[1]
		months := (z.Year-a.Year)*12 + int(z.Month) - int(a.Month) + 1
		l := map[int]period.Length{3: period.Quarter, 6: period.Half, 9: period.NineMonths, 12: period.Year}[months]
		if l != period.Unknown {
			cs = append(cs, cand{period.Period{Length: l, End: period.MonthEnd(z.Year, z.Month)}, 4})
		}
	case len(dates) == 1:
		l := length
		if l == period.Unknown {
			l = r.lengthHint
		}
		if l == period.Unknown {
			l = r.defaultLength()
			onDate = true
		}
		cs = append(cs, cand{period.Period{Length: l, End: period.MonthEnd(dates[0].Year, dates[0].Month)}, 3})
	}
	if len(noYear) == 1 && years == 1 {
		// "2019" above "First Quarter": the quarter of that year.
		x := noYear[0]
		for _, c := range cs {
			if c.rank == 1 {
				x.Year = c.p.End.Year()
				if r.ctx.FiscalYearEnd != (period.FiscalYearEnd{}) {
					x.Fiscal = true
				}
			}
		}
		if ref, ok := r.ctx.Resolve(x); ok && !ref.Period.IsZero() {
			cs = append(cs, cand{ref.Period, 2})
		}
	} else if len(noYear) == 1 && len(cs) == 0 {
		// "First Quarter" alone: the latest such quarter of the document.
		if ref, ok := r.ctx.Resolve(noYear[0]); ok && !ref.Period.IsZero() {
			cs = append(cs, cand{ref.Period, 0})
		}
	}
	if len(cs) == 0 {
		return period.Period{}, false, false
	}
	top := slices.MaxFunc(cs, func(a, b cand) int { return cmp.Compare(a.rank, b.rank) })
	for _, c := range cs {
		if c.rank == top.rank && c.p != top.p {
			return period.Period{}, false, false // "2025 vs 2024", two dates
		}
	}
	if top.rank == 1 && length != period.Unknown && length != period.Year {
		return period.Period{}, false, false // "Quarter 2019": which quarter?
	}
	if top.rank >= 3 && top.p.Length == period.Year && r.aliases != nil {
		// "FY2024 (Apr 2024 - Mar 2025)": what the document calls FY2024.
		for _, x := range es {
			if x.Year != 0 && (x.Fiscal || x.Bare) && x.Length == period.Year && x.Month == 0 {
				r.aliases.learn(x, top.p)
			}
		}
	}
	return top.p, true, onDate && top.rank == 3
}

// docNames are the names a document gives its periods in table headers
// that spell them out: "FY2024 (Apr 2024 - Mar 2025)" says what FY2024
// means, and so what FY2025 means in its other columns and tables.
type docNames struct {
	periods map[string]period.Period // lower-case text -> period
	// fiscal is set once a fiscal year has been spelled out: the
	// document's fiscal year N ends in month fyMonth of year N+fyOffset.
	fiscal   bool
	fyMonth  time.Month
	fyOffset int
}

// learn records that x names p.
func (n *docNames) learn(x tagger.PeriodExpr, p period.Period) {
	n.periods[strings.ToLower(x.Text)] = p
	if x.Fiscal && !n.fiscal {
		n.fiscal, n.fyMonth, n.fyOffset = true, p.End.Month(), p.End.Year()-x.Year
	}
}

// period returns the period x names in the document, if its headers
// said so.
func (n *docNames) period(x tagger.PeriodExpr) (period.Period, bool) {
	if n == nil {
		return period.Period{}, false
	}
	if p, ok := n.periods[strings.ToLower(x.Text)]; ok {
		return p, true
	}
	if n.fiscal && x.Fiscal && x.Length == period.Year && x.Month == 0 && x.Year != 0 {
		return period.Period{Length: period.Year, End: period.MonthEnd(x.Year+n.fyOffset, n.fyMonth)}, true
	}
	return period.Period{}, false
}

// yearPeriod is the year a bare year names: the company's fiscal year of
// that number (a calendar year when its fiscal year ends in December).
func (r *tableReader) yearPeriod(y int) period.Period {
	return r.ctx.FiscalYearEnd.FiscalYear(y)
}

// defaultLength is the length of a column headed by a date alone
// ("December 31, 2019"): the document's period's, else a year.
func (r *tableReader) defaultLength() period.Length {
	if !r.ctx.Period.IsZero() {
		return r.ctx.Period.Length
	}
	return period.Year
}

// columns places every value column and links the change columns.
func (r *tableReader) columns() {
	t := r.t
	r.cols = make([]column, t.Cols)
	first := 0
	if r.label {
		first = 1
	}
	guidanceTable := guidanceHeaderRE.MatchString(r.caption) && !strings.Contains(strings.ToLower(r.caption), "estimate")
	r.lengthHint, r.ordinalQuarters = period.Unknown, false
	if r.label {
		for i := 0; i < t.HeaderRows; i++ {
			if c := t.Rows[i].Cell(0); c != nil && c.Col == 0 && !unitishRE.MatchString(c.Text) {
				if l := lengthIn(c.Text); l != period.Unknown {
					r.lengthHint = l // "Quarters Ended" over the dates
				}
			}
		}
	}
	ordinals := 0
	for c := first; c < t.Cols; c++ {
		if m := ordinalRE.FindStringSubmatch(t.HeaderText(c)); m != nil && !quarterWordRE.MatchString(t.HeaderText(c)) && !halfWordRE.MatchString(t.HeaderText(c)) {
			ordinals = max(ordinals, ordinalNumber[strings.ToLower(m[1])])
		}
	}
	r.ordinalQuarters = ordinals > 2
	var dated []int // columns headed by a date alone
	for c := first; c < t.Cols; c++ {
		col := &r.cols[c]
		col.of = -1
		col.header = r.headerText(c)
		for _, h := range t.HeaderCells(c) {
			if u := readUnit(h.Text); u.scale != 0 || u.currency != "" {
				if unitishRE.MatchString(h.Text) || u.scale != 0 && len(h.Text) < 40 || strings.TrimSpace(h.Text) == strings.TrimSpace(currencyRE.FindString(h.Text)) {
					col.unit = u
				}
			}
		}
		h := col.header
		switch {
		case h == "":
		case shareHeaderRE.MatchString(h):
		case changeHeaderRE.MatchString(h):
			col.change = true
			switch {
			case qoqHeaderRE.MatchString(h):
				col.basis = "qoq"
			case yoyHeaderRE.MatchString(h):
				col.basis = "yoy"
			}
		default:
			if p, ok, onDate := r.headerPeriodDate(h); ok {
				col.period, col.placed = p, true
				if onDate {
					dated = append(dated, c)
				}
				if guidanceTable || guidanceHeaderRE.MatchString(h) {
					col.kind = Guidance
				}
			}
		}
	}
	r.spaceDates(dated)
	// Kinds: the document's own period is actual, earlier columns are
	// prior figures, later ones (with no forecast word) cannot be placed.
	current := r.ctx.Period.End
	if r.ctx.Period.IsZero() {
		for _, col := range r.cols {
			if col.placed && col.kind != Guidance && col.period.End.After(current) {
				current = col.period.End
			}
		}
		if _, p, ok := r.captionPeriod(); ok && p.End.After(current) {
			current = p.End
		}
		for i := t.HeaderRows; i < len(t.Rows); i++ {
			if p, ok := r.periodRow(&t.Rows[i]); ok && p.End.After(current) {
				current = p.End
			}
		}
	}
	r.current = current
	for c := range r.cols {
		col := &r.cols[c]
		if !col.placed || col.kind == Guidance {
			continue
		}
		switch {
		case col.period.End.Equal(current):
			col.kind = Actual
		case col.period.End.Before(current):
			col.kind = Prior
		default:
			col.placed = false // after the document's period, and no forecast
		}
	}
	// A change column is the change of the latest value column between it
	// and the change column before it.
	lo := first
	for c := first; c < t.Cols; c++ {
		col := &r.cols[c]
		if !col.change {
			continue
		}
		best := -1
		for v := lo; v < c; v++ {
			vc := r.cols[v]
			if vc.placed && vc.kind != Guidance && (best < 0 || vc.period.End.After(r.cols[best].period.End)) {
				best = v
			}
		}
		lo = c + 1
		if best < 0 {
			continue
		}
		col.of = best
		if col.basis == "" {
			for v := first; v < c; v++ {
				vc, bc := r.cols[v], r.cols[best]
				if !vc.placed || vc.period.Length != bc.period.Length || v == best {
					continue
				}
				switch {
				case vc.period == bc.period.Shift(-12/max(bc.period.Length.Months(), 1)):
					col.basis = "yoy"
				case bc.period.Length == period.Quarter && vc.period == bc.period.Shift(-1) && col.basis == "":
					col.basis = "qoq"
				}
			}
		}
	}
}

// headerText is Table.HeaderText without the cells that only state a
// unit ("RMB’Million", "(in thousands)"): the column's own words.
func (r *tableReader) headerText(c int) string {
	var parts []string
	for _, h := range r.t.HeaderCells(c) {
		if isUnitCell(h.Text) || strings.TrimSpace(currencyRE.FindString(h.Text)) == strings.TrimSpace(h.Text) {
			continue
		}
		parts = append(parts, h.Text)
	}
	return strings.Join(parts, " ")
}

// isUnitCell reports a header cell that states a unit and nothing else.
func isUnitCell(s string) bool {
	s = strings.NewReplacer("’", " ", "'", " ").Replace(s)
	return unitishRE.MatchString(s) && !yearRE.MatchString(s)
}

var (
	yearRE     = regexp.MustCompile(`\b(?:19|20)\d\d\b`)
	bareYearRE = regexp.MustCompile(`^\s*(?:19|20)\d\d\s*$`)
)

func atoi(s string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(s))
	return n
}

// ordinalRE is an ordinal alone in a header: "Third", "4th".
var ordinalRE = regexp.MustCompile(`(?i)\b(first|second|third|fourth|1st|2nd|3rd|4th)\b`)

var ordinalNumber = map[string]int{"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}

// spaceDates gives columns headed by a date alone the length their
// spacing shows: dates three months apart head quarters ("July 27, 2019",
// "April 27, 2019", ...), six months apart halves, twelve years.
func (r *tableReader) spaceDates(cols []int) {
	var ends []time.Time
	for _, c := range cols {
		if e := r.cols[c].period.End; !slices.ContainsFunc(ends, e.Equal) {
			ends = append(ends, e)
		}
	}
	if len(ends) < 2 {
		return
	}
	slices.SortFunc(ends, func(a, b time.Time) int { return a.Compare(b) })
	gap := 0
	for i := 1; i < len(ends); i++ {
		g := (ends[i].Year()-ends[i-1].Year())*12 + int(ends[i].Month()) - int(ends[i-1].Month())
		if gap != 0 && g != gap {
			return
		}
		gap = g
	}
	l := map[int]period.Length{3: period.Quarter, 6: period.Half, 12: period.Year}[gap]
	if l == period.Unknown {
		return
	}
	for _, c := range cols {
		r.cols[c].period.Length = l
	}
}

// rowState is what the label-only rows above a row set: a period ("KEY
// FIGURES – FIRST HALF 2024") or a unit.
type rowState struct {
	// year is the year a label-only row above gives the columns ("2018"
	// between the quarters of 2019 and those of 2018); 0 when none.
	year   int
	period period.Period
	// periodText and periodSpan are the text that names the period and
	// its span: a caption line or a label-only row.
	periodText             string
	periodStart, periodEnd int
	unit                   *unitInfo
}

// rows reads every body row.
func (r *tableReader) rows() []Fact {
	t := r.t
	var out []Fact
	var st rowState
	if l, p, ok := r.captionPeriod(); ok {
		st.period, st.periodText, st.periodStart, st.periodEnd = p, l.text, l.start, l.end
	}
	// totalSeen marks parents whose section a "Total ..." row has closed.
	totalSeen := map[int]bool{}
	for i := t.HeaderRows; i < len(t.Rows); i++ {
		row := &t.Rows[i]
		if !hasFigure(row, r.label) {
			if text := rowText(row); unitishRE.MatchString(text) {
				u := readUnit(text)
				st.unit = &u
			} else if bareYearRE.MatchString(text) {
				st.year = atoi(text)
			} else if p, ok := r.periodRow(row); ok {
				st.period, st.periodText, st.periodStart, st.periodEnd = p, text, row.Start, row.End
			}
			continue
		}
		pid := r.rowPassage[i]
		if pid == "" {
			continue
		}
		label, parents := r.rowLabel(i, totalSeen)
		if len(parents) > 0 && totalRE.MatchString(cleanLabel(row.Label)) {
			totalSeen[parents[0]] = true
		}
		out = append(out, r.rowFacts(i, pid, label, parents, st)...)
	}
	return out
}

// hasFigure reports whether a row has a figure outside its label.
func hasFigure(row *table.Row, label bool) bool {
	for _, c := range row.Cells {
		if label && c.Col == 0 {
			continue
		}
		if c.Number != nil {
			return true
		}
	}
	return false
}

func rowText(row *table.Row) string {
	var parts []string
	for _, c := range row.Cells {
		parts = append(parts, c.Text)
	}
	return strings.Join(parts, " ")
}

var (
	totalRE = regexp.MustCompile(`(?i)^total\b`)
	// numberingRE is the numbering before a label: "1.", "(a)", "iii)".
	numberingRE = regexp.MustCompile(`^\s*(?:\(?[0-9]{1,2}[.)]|\(?[a-z][.)]|\(?(?:i{1,3}|iv|v|vi{1,3}|ix|x)\))\s+`)
	// formulaRE is a formula after a label: "(1+2)", "(3-4)".
	formulaRE = regexp.MustCompile(`\s*\(\s*[0-9a-z]{1,2}(?:\s*[-+x/]\s*[0-9a-z]{1,2})+\s*\)\s*$`)
	// wrapRE ends a label that continues on the next row.
	wrapRE    = regexp.MustCompile(`(?i)\b(?:to|of|and|for|from|in|on|the|by|with|attributable|before|after|net of)$|[,&-]$`)
	ofWhichRE = regexp.MustCompile(`(?i)^(?:of which|o/w|thereof|including|incl\.?)[:\s]+`)
)

// cleanLabel drops a label's numbering and formula: "5. Profit before tax
// (3-4)" is "Profit before tax".
func cleanLabel(s string) string {
	s = numberingRE.ReplaceAllString(s, "")
	s = formulaRE.ReplaceAllString(s, "")
	return strings.TrimRight(strings.TrimSpace(s), " .…")
}

// rowLabel returns a body row's label as the reader should read it: with
// its parents' when it is a sub-row ("Revenue: Cloud", "Revenue, of which
// Aerospace", "Sales: Liquor, of which online"), or joined to a label it
// continues ("Profit attributable to owners of parent"); parents are the
// rows it breaks down, nearest first.
func (r *tableReader) rowLabel(i int, totalSeen map[int]bool) (string, []int) {
	t := r.t
	row := &t.Rows[i]
	label := cleanLabel(row.Label)
	var parents []int
	for p, depth := row.Parent, 0; p >= 0 && depth < 4; p, depth = t.Rows[p].Parent, depth+1 {
		if unitishRE.MatchString(rowText(&t.Rows[p])) || r.isPeriodRow(&t.Rows[p]) {
			continue
		}
		if totalSeen[p] {
			break
		}
		pl := cleanLabel(t.Rows[p].Label)
		if pl == "" {
			break
		}
		if depth == 0 && !hasFigure(&t.Rows[p], r.label) && wrapRE.MatchString(pl) {
			return pl + " " + label, nil // a label wrapped over two lines
		}
		if len(parents) == 0 && r.labelMetric(label) != "" {
			return label, []int{p} // "Total revenue" under "Revenue:" says it all
		}
		sep := ": "
		label = strings.TrimSuffix(label, ":")
		if len(parents) == 0 && ofWhichRE.MatchString(label) {
			sep = ", "
		}
		label = strings.TrimRight(pl, ":") + sep + label
		parents = append(parents, p)
	}
	return label, parents
}

// isPeriodRow reports a label-only row that names a period.
func (r *tableReader) isPeriodRow(row *table.Row) bool {
	_, ok := r.periodRow(row)
	return ok
}

var (
	// neutralWords may stand beside a metric's name in a row label without
	// making it another measure: "Total revenue", "Net income (loss)".
	neutralWords = map[string]bool{"total": true, "net": true, "group": true, "consolidated": true, "reported": true,
		"loss": true, "losses": true, "income": true, "earnings": true, "profit": true, "gaap": true, "diluted": true, "basic": true,
		"from": true, "operations": true, "continuing": true, "for": true, "the": true, "period": true, "year": true,
		"quarter": true, "after": true, "tax": true, "share": true, "attributable": true, "to": true, "of": true, "a": true}
	wordRE   = regexp.MustCompile(`[\p{L}\p{N}]+(?:['’][\p{L}]+)?`)
	parenRE  = regexp.MustCompile(`\s*\(([^()]*)\)`)
	perShare = regexp.MustCompile(`(?i)\bper\s+(?:diluted\s+|basic\s+|ordinary\s+|common\s+)?(?:share|ADS|ADR|unit)\b|\bEPS\b|\bper-share\b`)
	countRE  = regexp.MustCompile(`(?i)\b(?:number of|employees|headcount|customers|subscribers|users|members|stores|units|shares(?: outstanding)?|options|awards|warrants|MWh|GWh|kWh|tonnes|tons|barrels|boe|hectares|days|months|years)\b`)
)

// labelMetric returns the lexicon metric a row label names when the metric
// is all it says, beside neutral words and units in parentheses; "" when
// the label names none or says more ("Cost of revenue", "Comparable sales
// growth").
func (r *tableReader) labelMetric(label string) string {
	bare := parenRE.ReplaceAllStringFunc(label, func(m string) string {
		inner := strings.ToLower(strings.Trim(strings.TrimSpace(m), "()"))
		if inner == "loss" || inner == "income" || inner == "gaap" || inner == "non-gaap" || inner == "unaudited" {
			return " " + inner
		}
		return ""
	})
	x := tagger.NewText(bare)
	ts := r.e.tg.Metrics(x)
	if len(ts) != 1 {
		return ""
	}
	m := ts[0]
	rest := bare[:m.Start] + " " + bare[m.End:]
	for _, q := range r.e.tg.Qualifiers(tagger.NewText(rest)) {
		rest = strings.ReplaceAll(strings.ToLower(rest), strings.ToLower(q), " ")
	}
	for _, w := range wordRE.FindAllString(strings.ToLower(rest), -1) {
		if !neutralWords[w] {
			return ""
		}
	}
	return m.Name
}

// segmentOf names the segment a sub-row's label gives: the lexicon's or
// registry's name when it names one, else the label itself, lower-cased.
func (r *tableReader) segmentOf(label string) string {
	label = ofWhichRE.ReplaceAllString(label, "")
	label = strings.TrimSpace(parenRE.ReplaceAllString(label, ""))
	if ts := r.e.tg.Segments(tagger.NewText(label), r.company); len(ts) == 1 {
		// The lexicon's name only when it is all the label names: "Cloud",
		// "Cloud segment", but not "Power Devices".
		rest := strings.ToLower(label[:ts[0].Start] + label[ts[0].End:])
		if strings.Trim(segmentWordsRE.ReplaceAllString(rest, ""), " -–,") == "" {
			return ts[0].Name
		}
	}
	return strings.ToLower(label)
}

// segmentWordsRE are words that name a part of a company without saying
// which: "Cloud segment", "the Devices business".
var segmentWordsRE = regexp.MustCompile(`(?i)\b(?:segments?|business(?:es)?|divisions?|units?|group|the|total)\b`)

// bySegmentRE marks a caption of a breakdown: "Net Sales by Segment".
var bySegmentRE = regexp.MustCompile(`(?i)\bby\s+(?:segments?|regions?|geograph\w*|business(?:es)?|divisions?|products?|product lines?|markets?|countr\w+|brands?|channels?|customers?|reportable segments?)\b`)

// rowFacts returns the facts of one body row.
func (r *tableReader) rowFacts(i int, pid, label string, parents []int, st rowState) []Fact {
	t := r.t
	row := &t.Rows[i]
	own := cleanLabel(row.Label)
	if len(parents) == 0 && strings.HasSuffix(label, " "+own) {
		own = label // wrapped over two lines: "Profit attributable to" "owners of parent"
	}
	metric := r.labelMetric(own)
	inherited := ""
	for _, p := range parents {
		if m := r.labelMetric(cleanLabel(t.Rows[p].Label)); m != "" {
			inherited = m
			break
		}
	}
	segment := Group
	switch {
	case metric != "":
		if ts := r.e.tg.Segments(tagger.NewText(own), r.company); len(ts) > 0 {
			segment = ts[0].Name // "Cloud revenue"
		}
	case inherited != "":
		metric = inherited // "Revenue:" then "Cloud"
		if !totalRE.MatchString(own) {
			segment = r.segmentOf(own)
		}
	case bySegmentRE.MatchString(r.caption):
		for _, line := range strings.Split(r.caption, "\n") {
			if m := r.labelMetric(cleanLabel(bySegmentRE.ReplaceAllString(line, ""))); m != "" && bySegmentRE.MatchString(line) {
				metric = m // "Net Sales by Segment", then "Power Devices"
				if !totalRE.MatchString(own) {
					segment = r.segmentOf(own)
				}
				break
			}
		}
		if metric != "" {
			label = own
		}
	}
	if metric == "" && segment == Group && !totalRE.MatchString(own) {
		// A row that names only a segment, a region or a product line
		// ("EMEA", "Zone Europe"): its figures are that part's.
		clean := strings.ToLower(strings.TrimSpace(parenRE.ReplaceAllString(ofWhichRE.ReplaceAllString(own, ""), "")))
		if s := r.segmentOf(own); s != clean || r.e.tg.IsOwnSegment(r.company, s) {
			segment = s
		}
	}
	if metric != "" && r.e.lex.GroupOnly(metric) {
		segment = Group
	}
	qual := r.e.tg.Qualifiers(tagger.NewText(label))
	if m, ok := r.e.lex.Metric(metric); ok {
		for _, q := range m.Qualifiers {
			if !contains(qual, q) {
				qual = append(qual, q)
			}
		}
	}
	rowUnit := r.rowUnit(label, st)
	loss := metric != "" && lossRe.MatchString(label) && !strings.Contains(strings.ToLower(label), "(loss)") && !strings.Contains(strings.ToLower(label), "income")
	var out []Fact
	for c := range r.cols {
		col := r.cols[c]
		cell := row.Cell(c)
		if cell == nil || cell.Col != c || cell.Number == nil || col.change {
			continue
		}
		n := cell.Number
		if n.Dash || n.NM || n.NA {
			continue
		}
		per, kind, ok := col.period, col.kind, col.placed
		header := r.headerPassages(c)
		column := col.header
		if st.year != 0 && ok && per.End.Year() != st.year && yearRE.MatchString(column) {
			// The quarters of 2018 under a header that names 2019.
			column = yearRE.ReplaceAllString(column, strconv.Itoa(st.year))
			if p, placed := r.headerPeriod(column); placed {
				per, kind = p, r.kindOf(p)
			} else {
				ok = false
			}
		}
		if col.header == "" && !st.period.IsZero() && r.valueColumns() == 1 {
			// A lone value column under a heading that names the period:
			// "KEY FIGURES – FIRST HALF 2024".
			per, kind, ok = st.period, r.kindOf(st.period), true
			column = st.periodText
			if id := r.passageAt(st.periodStart, st.periodEnd); id != "" && !slices.Contains(header, id) {
				header = append(header, id)
			}
		}
		if !ok {
			continue
		}
		v, ok := r.value(cell, label, rowUnit, col.unit)
		if !ok {
			continue
		}
		if loss && v.Number > 0 {
			v.Number = -v.Number // "Net loss | 35"
		}
		f := Fact{
			Passage: pid, Company: r.company, Segment: segment, Metric: metric, Label: label,
			Value: &v, Period: per, Kind: kind, Qualifiers: qual, Start: row.Start, End: row.End,
			Column: column, Header: header,
		}
		if ch := r.changeFor(row, c); ch != nil {
			f.Change = ch
		}
		f.ID = ID(r.d.Path, f)
		out = append(out, f)
	}
	return out
}

// valueColumns is the number of columns right of the labels.
func (r *tableReader) valueColumns() int {
	if r.label {
		return r.t.Cols - 1
	}
	return r.t.Cols
}

// headerPassages are the passages that give column c its header: the
// unit line above the table, and the header rows over the column or
// holding the unit, in document order.
func (r *tableReader) headerPassages(c int) []string {
	var ids []string
	add := func(id string) {
		if id != "" && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	if u := r.t.Unit; u != nil && u.Row < 0 {
		add(r.passageAt(u.Start, u.End))
	}
	for i := 0; i < r.t.HeaderRows; i++ {
		// The header rows over the column, and the one holding the unit.
		over := r.t.Unit != nil && r.t.Unit.Row == i
		for _, h := range r.t.HeaderCells(c) {
			over = over || h.Row == i
		}
		if over {
			add(r.rowPassage[i])
		}
	}
	return ids
}

// passageAt returns the ID of the passage of the document that holds
// [start, end), or "".
func (r *tableReader) passageAt(start, end int) string {
	for _, p := range r.d.Passages {
		if p.Start <= start && end <= p.End {
			return p.ID
		}
	}
	return ""
}

// kindOf is the kind of a figure of period p in this document.
func (r *tableReader) kindOf(p period.Period) Kind {
	if p.End.Before(r.current) {
		return Prior
	}
	return Actual
}

// captionPeriod is the period the caption names, with the line that names
// it: the nearest line that names one.
func (r *tableReader) captionPeriod() (capLine, period.Period, bool) {
	for _, l := range r.capLines {
		if p, ok := r.headerPeriod(l.text); ok && namesLength(l.text) {
			return l, p, true
		}
	}
	return capLine{}, period.Period{}, false
}

// periodRow returns the period a label-only row names ("KEY FIGURES –
// FIRST HALF 2024").
func (r *tableReader) periodRow(row *table.Row) (period.Period, bool) {
	if hasFigure(row, r.label) {
		return period.Period{}, false
	}
	text := rowText(row)
	if len(text) >= 80 || unitishRE.MatchString(text) || !namesLength(text) {
		return period.Period{}, false
	}
	return r.headerPeriod(text)
}

// namesLength reports whether a caption or a label-only row names a period
// rather than a date ("May 9, 2025" is the day it was published): a word
// of length, or a quarter or half by name.
func namesLength(s string) bool {
	return lengthIn(s) != period.Unknown
}

// rowUnit is the unit a row's label states ("Revenue ($ millions)",
// "Production (Mboe/d)", "Margin (%)", "Earnings per share (yen)"), over
// the unit a label-only row above it set.
func (r *tableReader) rowUnit(label string, st rowState) unitInfo {
	var u unitInfo
	if st.unit != nil {
		u = *st.unit
	}
	for _, m := range parenRE.FindAllStringSubmatch(label, -1) {
		in := strings.TrimSpace(m[1])
		switch {
		case in == "%" || strings.EqualFold(in, "percent") || strings.HasSuffix(in, "%"):
			u.percent = true
		case scaleRE.MatchString(in) || currencyRE.MatchString(in):
			x := readUnit(in)
			if x.scale != 0 {
				u.scale = x.scale
			}
			if x.currency != "" {
				u.currency = x.currency
			}
			if strings.Contains(in, "/") {
				u.other = "per " + strings.TrimSpace(in[strings.Index(in, "/")+1:])
			}
		case strings.Contains(in, "/") && len(in) <= 16 || otherUnitRE.MatchString(in):
			u.other = in // "Mboe/d", "MWh", "tonnes"
		}
	}
	return u
}

// otherUnitRE is a unit of measure other than money in a label's
// parentheses: "MWh", "MMboe", "tonnes", "employees".
var otherUnitRE = regexp.MustCompile(`^(?:[kMGT]Wh?|M{0,2}boe|M?bbls?|M?cf|tonnes?|tons?|kt|Mt|m[23²³]|sq\.? ?(?:ft|m)|km|hectares|units?|people|employees|days|hours|vessels|stores|outlets|branches)$`)

// changeRE is a change as a cell writes it: "(5)%", "28 %", "+80 bps".
var changeRE = regexp.MustCompile(`[(+\-−–]?\s*\d[\d,]*(?:\.\d+)?\s*\)?\s*(?:%|(?i:bps|bp|pts|pt|ppt|pp)\b)\)?`)

// digitsRE is a figure's digits as a cell writes them.
var digitsRE = regexp.MustCompile(`\d[\d,]*(?:\.\d+)?|\.\d+`)

// value turns a figure cell into a Value: its digits as written (the span
// of the row the figure is in), the number with its sign and scale, the
// currency and the unit.
func (r *tableReader) value(cell *table.Cell, label string, row, col unitInfo) (Value, bool) {
	n := cell.Number
	raw := r.d.Raw[cell.Start:cell.End]
	loc := digitsRE.FindStringIndex(raw)
	if loc == nil {
		return Value{}, false
	}
	v := Value{Text: raw[loc[0]:loc[1]], Start: cell.Start + loc[0], End: cell.Start + loc[1]}
	num := math.Abs(n.Value)
	if n.Negative {
		num = -num
	}
	unit := r.unit
	if col.scale != 0 {
		unit.scale = col.scale
	}
	if col.currency != "" {
		unit.currency = col.currency
	}
	if row.scale != 0 {
		unit.scale = row.scale
	}
	if row.currency != "" {
		unit.currency = row.currency
	}
	scale := unit.scale
	if s := strings.ToLower(n.Suffix); s != "" {
		switch s {
		case "x", "bps", "bp", "pts", "pt", "pp", "ppt":
			return Value{}, false // a multiple or points: not a level of this row
		}
		scale = tagger.Scale(s)
	}
	cur := unit.currency
	if n.Currency != "" {
		cur = r.currency(n.Currency)
	}
	switch {
	case n.Percent || row.percent:
		v.Unit = "percent"
		scale, cur = 1, ""
	case perShare.MatchString(label):
		v.Unit = "per share"
		scale = 1 // per-share figures are written as they are: "except per share data"
	case row.other != "":
		v.Unit = row.other
		if !strings.HasPrefix(row.other, "per ") {
			cur = ""
		}
		if row.scale == 0 {
			scale = 1
		}
	case countRE.MatchString(label) && n.Currency == "":
		cur = ""
	}
	if scale == 0 {
		scale = 1
	}
	v.Number = round(num*scale, n.Decimals-int(math.Round(math.Log10(scale))))
	v.Currency = cur
	return v, true
}

// changeFor returns the change a change column states for the figure of
// value column c in row, or nil.
func (r *tableReader) changeFor(row *table.Row, c int) *Change {
	for k, col := range r.cols {
		if !col.change || col.of != c {
			continue
		}
		cell := row.Cell(k)
		if cell == nil || cell.Col != k || cell.Number == nil {
			return nil
		}
		n := cell.Number
		if n.Dash || n.NM || n.NA {
			return nil
		}
		raw := r.d.Raw[cell.Start:cell.End]
		loc := changeRE.FindStringIndex(raw)
		if loc == nil {
			return nil
		}
		// The change as written ("(5)%", "28 %", "-130 bps"); its sign is
		// in Direction.
		ch := &Change{Text: raw[loc[0]:loc[1]], Basis: col.basis, Start: cell.Start + loc[0], End: cell.Start + loc[1]}
		switch s := strings.ToLower(n.Suffix); {
		case n.Percent:
			ch.Percent = math.Abs(n.Value)
		case s == "bps" || s == "bp":
			ch.Points = math.Abs(n.Value) / 100
		case s == "pts" || s == "pt" || s == "pp" || s == "ppt":
			ch.Points = math.Abs(n.Value)
		default:
			return nil // an amount of change, not a rate
		}
		switch {
		case n.Negative:
			ch.Direction = "down"
		case n.Value != 0:
			ch.Direction = "up"
		}
		if ch.Percent == 0 && ch.Points == 0 {
			return nil
		}
		return ch
	}
	return nil
}

// round rounds x to d decimals (to tens, hundreds, ... when d is
// negative), so that "632.32" in crore is 6323200000, not a float's
// neighbour of it.
func round(x float64, d int) float64 {
	d = max(d, 0)
	p := math.Pow(10, float64(d))
	return math.Round(x*p) / p
}
