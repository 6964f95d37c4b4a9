package answer

import (
	"math"
	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/resultsbot/resultsbot/internal/convert"
	"github.com/resultsbot/resultsbot/internal/facts"
	"github.com/resultsbot/resultsbot/internal/period"
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
	"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "RMB", "INR": "Rs ", "AUD": "A$", "CAD": "C$",
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
// sales", "Castellane's Aerospace revenue"; a negative figure of a metric
// with a name for its loss, labelled as that metric, by that name
// ("Norhaven's net loss"), and then lossNamed is true.
func (e *Engine) tableSubject(company string, f facts.Fact) (subject string, lossNamed bool) {
	label := f.Label
	if f.Metric != "" && f.Segment != facts.Group && f.Segment != "" {
		// A sub-row: "Net sales: Life Sciences" -> "Life Sciences net sales".
		if parent, own, ok := cutLabel(label); ok {
			return possessive(company) + " " + strings.TrimPrefix(own, "of which ") + " " + lowerFirst(parent), false
		}
	}
	if _, own, ok := cutLabel(label); ok && f.Metric != "" && e.labelStemsEqual(own, e.display(f.Metric)) {
		label = own
	}
	if loss, ok := e.lex.Loss(f.Metric); ok && f.Value != nil && f.Value.Number < 0 {
		bare := strings.NewReplacer("(loss)", "", "(Loss)", "").Replace(label)
		if e.labelStemsEqual(bare, e.display(f.Metric)) {
			return possessive(company) + " " + loss, true
		}
	}
	return possessive(company) + " " + lowerFirst(label), false
}

// cutLabel splits a sub-row's label into its parent's and its own:
// "Revenue: Cloud", "Revenue, of which Aerospace" (own "Aerospace").
func cutLabel(label string) (parent, own string, ok bool) {
	if i := strings.LastIndex(label, ", of which "); i > 0 {
		return label[:i], label[i+len(", of which "):], true
	}
	if i := strings.LastIndex(label, ": "); i > 0 {
		return label[:i], label[i+2:], true
	}
	return "", label, false
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
// sentence, unless it is an acronym or a name ("EBIT", "CET1").
func lowerFirst(s string) string {
	w, _, _ := strings.Cut(s, " ")
	r, n := utf8.DecodeRuneInString(w)
	if n == 0 || !unicode.IsUpper(r) {
		return s
	}
	rest := w[n:]
	if rest == "" || strings.ToUpper(rest) == rest && strings.ToLower(rest) != rest || strings.ContainsAny(rest, "0123456789") {
		return s // "EBIT", "CET1", "A"
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// tableWas agrees with a label's number: "restructuring charges were".
func (e *Engine) tableWas(f facts.Fact) string {
	if f.Metric != "" {
		return e.was(f.Metric)
	}
	_, own, _ := cutLabel(f.Label)
	w := strings.ToLower(strings.TrimRight(own, " )"))
	if strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is") {
		return "were"
	}
	return "was"
}

// columnPhrase names a table figure's period by its column, as the table
// heads it ("Q4 2025", "2019", "the three months ended December 31, 2025"),
// or, when the header does not name the period plainly, by the period
// with the header after it.
func columnPhrase(column string, p period.Period, fye period.FiscalYearEnd) string {
	c := strings.Join(strings.Fields(column), " ")
	lc := c
	if m := endedRE.FindString(c); m != "" {
		lc = "the " + strings.ToLower(m) + c[len(m):] // "the three months ended June 30, 2025"
	}
	label := fye.Label(p)
	named := label != "" && strings.Contains(c, label)
	for _, layout := range []string{"January 2, 2006", "2 January 2006"} {
		named = named || strings.Contains(c, p.End.Format(layout))
	}
	if named && !strings.Contains(c, "%") {
		return lc
	}
	return periodPhrase(p, fye) + " (column “" + c + "”)"
}

// endedRE starts a column header that names a period by its end: "Three
// Months Ended", "Year Ended", "Fiscal Year Ending".
var endedRE = regexp.MustCompile(`(?i)^(?:(?:three|six|nine|twelve|3|6|9|12) months|(?:fiscal |financial )?(?:year|quarter|half[- ]year|period)) (?:ended|ending)\b`)

// sameThing reports whether two figures measure the same thing, so that
// their values differing is a disagreement of sources: the same metric
// and segment, and for two rows of one document's tables, or rows the
// lexicon does not name, the same label.
func (e *Engine) sameThing(a, b facts.Fact) bool {
	if a.Metric != b.Metric || a.Segment != b.Segment {
		return false
	}
	if a.Metric == "" || isTable(a) && isTable(b) && docOf(a.Passage) == docOf(b.Passage) {
		return e.labelStemsEqual(a.Label, b.Label)
	}
	return true
}

// sourceKey names a source of a figure for counting: its document, and
// whether it is a table row or prose, so a figure in a sentence and in a
// table of one document counts as two sources.
func sourceKey(f facts.Fact) string {
	if isTable(f) {
		return docOf(f.Passage) + "\x00table"
	}
	return docOf(f.Passage)
}

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

// pageOf is the page of a PDF source that offset off is on; 0 for other
// documents.
func (e *Engine) pageOf(doc string, off int) int {
	if !strings.EqualFold(path.Ext(doc), ".pdf") {
		return 0
	}
	d, ok := e.corpus.Doc(doc)
	if !ok {
		return 0
	}
	return convert.PageAt(d.Raw, off)
}
