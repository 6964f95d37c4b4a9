package answer

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/resultsbot/resultsbot/internal/facts"
	"github.com/resultsbot/resultsbot/internal/period"
	"github.com/resultsbot/resultsbot/internal/tagger"
)

// Answers from table figures (facts with a Column): the figure is written
// with its digits as the table writes them and the currency and scale its
// unit line gives ("$4,210 million"), the subject in the table's words
// ("Norhaven's restructuring charges", "Sterling Quay's Life Sciences net
// sales"), the period by its column ("in Q4 2025", "in the three months
// ended June 30, 2025"); the citation quotes the row and carries the
// header line(s) and the column (Citation.Header, Citation.Column).

// isTable reports whether f is a figure of a table.
func isTable(f facts.Fact) bool { return f.Column != "" }

// currencySigns are how answers write a currency before a figure.
var currencySigns = map[string]string{
	"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "RMB ", "INR": "Rs ", "AUD": "A$", "CAD": "C$",
	"HKD": "HK$", "SGD": "S$", "TWD": "NT$", "KRW": "₩",
}

// tableValue writes a table figure: "$4,210 million", "RMB86,214 million",
// "Rs 2,846.12 crore", "3.41%", "$1.62 per share", "452,695",
// "279 Mboe/d". A negative figure gets a minus sign unless unsigned.
func tableValue(f facts.Fact, unsigned bool) string {
	v := f.Value
	if v == nil {
		return ""
	}
	sign := ""
	if v.Number < 0 && !unsigned {
		sign = "-"
	}
	if v.Unit == "percent" {
		return sign + v.Text + "%"
	}
	cur := ""
	if v.Currency != "" {
		cur = currencySigns[v.Currency]
		if cur == "" {
			cur = v.Currency + " "
		}
	}
	s := sign + cur + v.Text
	if w := scaleWord(v, f); w != "" {
		s += " " + w
	}
	if v.Unit != "" {
		s += " " + v.Unit
	}
	return s
}

// tableChange writes a change column's cell without the sign its
// direction says: "(5)%" is "5%", "28 %" is "28%", "-130 bps" is "130 bps".
func tableChange(s string) string {
	s = strings.Trim(s, "()+-−– ")
	s = strings.ReplaceAll(strings.ReplaceAll(s, ")", ""), " %", "%")
	return strings.TrimSpace(s)
}

// scaleWord names the scale a table figure was read with: "million" for
// "4,210" that is 4.21e9.
func scaleWord(v *facts.Value, f facts.Fact) string {
	written, err := strconv.ParseFloat(strings.ReplaceAll(v.Text, ",", ""), 64)
	if err != nil || written == 0 {
		return ""
	}
	exp := int(math.Round(math.Log10(math.Abs(v.Number) / written)))
	switch exp {
	case 3:
		return "thousand"
	case 5:
		return "lakh"
	case 6:
		return "million"
	case 7:
		return "crore"
	case 9:
		return "billion"
	case 12:
		return "trillion"
	}
	return ""
}

// tableSubject names what a table figure is of, in the table's words:
// "Norhaven's restructuring charges", "Sterling Quay's Life Sciences net
// sales", "Castellane's Aerospace revenue", "Acme's medical and employee
// benefits (deferred tax assets)"; a negative figure of a metric with a
// name for its loss, labelled as that metric, by that name ("Norhaven's
// net loss"), and then lossNamed is true. was agrees with it.
func (e *Engine) tableSubject(company string, f facts.Fact) (subject, was string, lossNamed bool) {
	parts := labelParts(displayLabel(f.Label))
	own := parts[len(parts)-1]
	if f.Metric != "" && f.Segment != facts.Group && f.Segment != "" && len(parts) > 1 {
		// A sub-row: "Net sales: Life Sciences" -> "Life Sciences net sales".
		return possessive(company) + " " + own + " " + e.lowerFirst(parts[0]), pluralWas(parts[0]), false
	}
	label := displayLabel(f.Label)
	if len(parts) > 1 && f.Metric != "" && e.labelStemsEqual(own, e.display(f.Metric)) {
		label, parts = own, parts[len(parts)-1:]
	}
	if loss, ok := e.lex.Loss(f.Metric); ok && f.Value != nil && f.Value.Number < 0 {
		bare := strings.NewReplacer("(loss)", "", "(Loss)", "").Replace(label)
		if e.labelStemsEqual(bare, e.display(f.Metric)) {
			return possessive(company) + " " + loss, e.was(f.Metric), true
		}
	}
	if len(parts) == 1 && f.Metric != "" && f.Segment != facts.Group && f.Segment != "" && !e.labelHasMetric(label, f.Metric) {
		// A row of a breakdown the caption names: "Intermodal" under
		// "Revenue by business unit" is "Intermodal revenue".
		return possessive(company) + " " + label + " " + e.display(f.Metric), e.was(f.Metric), false
	}
	if len(parts) > 1 {
		// "Deferred tax assets: Medical and employee benefits".
		ps := make([]string, len(parts)-1)
		for i, p := range parts[:len(parts)-1] {
			ps[i] = e.lowerFirst(p)
		}
		return possessive(company) + " " + e.lowerFirst(own) + " (" + strings.Join(ps, ", ") + ")", pluralWas(own), false
	}
	return possessive(company) + " " + e.lowerFirst(label), pluralWas(label), false
}

// displayLabel is a row label for a sentence: its notes in parentheses
// left out ("Free Cash Flow (non-U.S. GAAP measure)", "Total energy
// consumption (MWh)", whose unit the figure carries), but not the sign
// words a label reads by ("Net (loss) income").
func displayLabel(label string) string {
	out := parenNoteRE.ReplaceAllStringFunc(label, func(m string) string {
		inner := strings.ToLower(strings.Trim(strings.TrimSpace(m), "()"))
		if signWords[inner] {
			return m
		}
		return ""
	})
	return strings.Join(strings.Fields(out), " ")
}

var (
	parenNoteRE = regexp.MustCompile(`\s*\([^()]*\)`)
	signWords   = setOf(`loss losses income gain gains expense expenses benefit deficit decrease increase`)
)

// labelHasMetric reports whether a label names the metric itself.
func (e *Engine) labelHasMetric(label, metric string) bool {
	for _, t := range e.tg.Metrics(tagger.NewText(label)) {
		if t.Name == metric {
			return true
		}
	}
	return false
}

// labelParts splits a row label into its parents' and its own, outermost
// first, "of which" dropped: "Sales: Liquor, of which online" is "Sales",
// "Liquor", "online".
func labelParts(label string) []string {
	var parts []string
	for _, p := range strings.Split(strings.ReplaceAll(label, ", of which ", ": "), ": ") {
		if p = strings.TrimSpace(strings.TrimPrefix(p, "of which ")); p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return []string{label}
	}
	return parts
}

// pluralWas agrees a verb with a label's last noun: "charges were",
// "revenue was".
func pluralWas(label string) string {
	l := strings.ToLower(strings.TrimSpace(label))
	if i := strings.IndexAny(l, "(,"); i > 0 {
		l = strings.TrimSpace(l[:i])
	}
	if strings.HasSuffix(l, "s") && !strings.HasSuffix(l, "ss") && !strings.HasSuffix(l, "us") && !strings.HasSuffix(l, "is") {
		return "were"
	}
	return "was"
}

// labelStemsEqual reports whether two names have the same content words.
func (e *Engine) labelStemsEqual(a, b string) bool {
	wa, wb := wordsOf(a, labelStop), wordsOf(b, labelStop)
	if len(wa) != len(wb) {
		return false
	}
	for _, w := range wa {
		found := false
		for _, x := range wb {
			found = found || x == w
		}
		if !found {
			return false
		}
	}
	return true
}

// lowerFirst lower-cases a label's first word for the middle of a
// sentence, unless it is an acronym, a name the corpus only writes
// capitalised ("Mexico", "EBIT", "CET1"), or the label is a name in title
// case ("United States", "Life Sciences").
func (e *Engine) lowerFirst(s string) string {
	words := strings.Fields(s)
	if len(words) == 0 {
		return s
	}
	w := words[0]
	r, n := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) {
		return s
	}
	rest := w[n:]
	if rest == "" || strings.ToUpper(rest) == rest && strings.ToLower(rest) != rest || strings.ContainsAny(rest, "0123456789") ||
		e.proper[strings.ToLower(strings.Trim(w, ",.:;()"))] {
		return s
	}
	if len(words) > 1 {
		if r2, _ := utf8.DecodeRuneInString(words[1]); unicode.IsUpper(r2) {
			return s
		}
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// columnPhrase says when a table figure is, by its column, with its
// preposition: "in Q4 2025", "in 2019", "in the three months ended June
// 30, 2025", "as of March 31, 2019"; the column's other words follow
// ("as of December 31, 2019 (Fair Value)"). When the header names the
// period in no form a reader knows, the period is named and the header
// quoted.
func (e *Engine) columnPhrase(column string, p period.Period, fye period.FiscalYearEnd) string {
	c := strings.Join(strings.Fields(column), " ")
	label := fye.Label(p)
	var best *tagger.PeriodExpr
	es := e.tg.Periods(tagger.NewText(c))
	for i := range es {
		x := &es[i]
		names := label != "" && strings.Contains(x.Text, label) || x.Year == p.End.Year() && (x.Length == p.Length || x.Length == period.Unknown || x.Bare)
		for _, layout := range []string{"January 2, 2006", "2 January 2006", "Jan. 2, 2006"} {
			names = names || strings.Contains(x.Text, p.End.Format(layout))
		}
		if names && x.Rel == "" && (best == nil || len(x.Text) > len(best.Text)) {
			best = x
		}
	}
	if best == nil || strings.Contains(c, "%") {
		return "in " + periodPhrase(p, fye) + " (column “" + c + "”)"
	}
	text := best.Text
	var phrase string
	switch {
	case best.Length == period.Unknown:
		phrase = "as of " + text // a date: "as of March 31, 2019"
	case endedRE.MatchString(text):
		m := endedRE.FindString(text)
		phrase = "in the " + strings.ToLower(m) + text[len(m):] // "in the three months ended June 30, 2025"
	default:
		phrase = "in " + text
	}
	if named := namesPeriodPlainly(phrase, p, fye); !named {
		phrase = "in " + periodPhrase(p, fye) + " (“" + text + "”)"
	}
	// The column's words under its period: "December 31, 2019" over
	// "Fair Value".
	if i := strings.Index(c, text); i >= 0 {
		if rest := strings.Trim(c[i+len(text):], " ,;:–-()"); rest != "" && len(e.columnStems[column]) > 0 {
			phrase += " (" + rest + ")"
		}
	}
	return phrase
}

// namesPeriodPlainly reports whether a phrase names period p as a reader
// knows it: its label in the company's calendar ("Q4 2025", "2019") or
// its end date.
func namesPeriodPlainly(phrase string, p period.Period, fye period.FiscalYearEnd) bool {
	if l := fye.Label(p); l != "" && strings.Contains(phrase, l) {
		return true
	}
	for _, layout := range []string{"January 2, 2006", "2 January 2006"} {
		if strings.Contains(phrase, p.End.Format(layout)) {
			return true
		}
	}
	return false
}

// endedRE starts a column header that names a period by its end: "Three
// Months Ended", "Year Ended", "Fiscal Years Ended".
var endedRE = regexp.MustCompile(`(?i)^(?:(?:three|six|nine|twelve|3|6|9|12) months|(?:fiscal |financial )?(?:years?|quarters?|half[- ]years?|periods?)) (?:ended|ending)\b`)

// sameThing reports whether two figures measure the same thing, so that
// their values differing is a disagreement of sources: the same metric
// and segment, and for two rows of one document's tables, or rows the
// lexicon does not name, the same label.
func (e *Engine) sameThing(a, b facts.Fact) bool {
	if a.Metric != b.Metric || a.Segment != b.Segment {
		return false
	}
	if isTable(a) && isTable(b) && docOf(a.Passage) == docOf(b.Passage) {
		// Two cells of one document's tables: other rows or other columns
		// ("Carrying Amount", "Fair Value") are other things.
		return e.labelStemsEqual(a.Label, b.Label) && slices.Equal(e.columnStems[a.Column], e.columnStems[b.Column])
	}
	if a.Metric == "" {
		return e.labelStemsEqual(a.Label, b.Label)
	}
	return true
}

// tableBonus is what a table figure's fit has over a sentence's for
// being read from a table, when one of a and b is and the other is not:
// a sentence that states another figure for the same thing is shown
// beside the table's all the same.
func tableBonus(a, b facts.Fact) float64 {
	if isTable(a) != isTable(b) {
		return weight(fromTable)
	}
	return 0
}

// sourceKey names a source of a figure for counting: its document, and
// whether it is a table row or prose, so a figure in a sentence and in a
// table of one document counts as two sources.
func sourceKey(f facts.Fact) string {
	if isTable(f) {
		return docOf(f.Passage) + tableSource
	}
	return docOf(f.Passage)
}

// tableSource marks a sourceKey of a document's tables.
const tableSource = "\x00table"

// citationsOf cites facts' passages, in order, once each; a table fact's
// citation carries its header lines and column.
func (e *Engine) citationsOf(fs []facts.Fact) []Citation {
	ids := make([]string, len(fs))
	byID := map[string]facts.Fact{}
	for i, f := range fs {
		ids[i] = f.Passage
		if _, ok := byID[f.Passage]; !ok {
			byID[f.Passage] = f
		}
	}
	cs := e.citations(ids)
	for i := range cs {
		f, ok := byID[cs[i].Passage]
		if !ok || !isTable(f) {
			continue
		}
		cs[i].Column = f.Column
		for _, id := range f.Header {
			if p, ok := e.corpus.Passage(id); ok {
				cs[i].Header = append(cs[i].Header, Excerpt{Quote: p.Text, Start: p.Start, End: p.End, Passage: p.ID})
			}
		}
	}
	return cs
}

// ambiguousColumns declines a question that fits several cells of one row
// in the period equally well ("total debt" where the row gives a carrying
// amount and a fair value): which column is meant cannot be told.
func (e *Engine) ambiguousColumns(p query, best *group, inPeriod []candidate) (Answer, bool) {
	lead := best.cands[0]
	for _, c := range inPeriod {
		if c.f.Passage != lead.f.Passage || c.f.Column == lead.f.Column || !isTable(c.f) || c.score < lead.score-0.01 ||
			sameFigure(c.f, lead.f, p.want == WantGrowth) {
			continue
		}
		cov := e.covered[p.company]
		subj, _, _ := e.tableSubject(cov.company.Short, lead.f)
		why := fmt.Sprintf("The table gives %s in several columns, and I can't tell which one you mean. Please name the column.", subj)
		if a, b := e.columnWords(lead.f.Column), e.columnWords(c.f.Column); a != "" && b != "" && a != b {
			why = fmt.Sprintf("The table gives %s in several columns (%s and %s), and I can't tell which one you mean. Please name the column.", subj, a, b)
		}
		return e.decline(cov.company.Name, []string{"metric"}, noDigits(why), cov), true
	}
	return Answer{}, false
}

// columnWords is a column header without its period: "Fair Value".
func (e *Engine) columnWords(c string) string {
	b := []byte(c)
	for _, pe := range e.tg.Periods(tagger.NewText(c)) {
		for i := pe.Start; i < pe.End; i++ {
			b[i] = ' '
		}
	}
	out := strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return ' '
		}
		return r
	}, string(b))
	return strings.Trim(strings.Join(strings.Fields(out), " "), " ,;:()")
}
