package answer

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/resultsbot/resultsbot/internal/facts"
	"github.com/resultsbot/resultsbot/internal/index"
	"github.com/resultsbot/resultsbot/internal/period"
	"github.com/resultsbot/resultsbot/internal/tagger"
)

// The compose stage: the chosen facts in, the Answer out (its text, the
// facts it rests on, the citations that quote them); declines are in
// decline.go. Names are written as the lexicon displays them.

// display writes a canonical metric or segment name for an answer: a
// segment the documents name as it is written there ("Wealth
// Management"), else as the lexicon displays it.
func (e *Engine) display(name string) string {
	if d, ok := e.segNames[name]; ok {
		return d
	}
	return e.lex.Display(name)
}

// subject names what a figure is of: "Alibaba's cloud revenue".
func (e *Engine) subject(company, segment, metric string) string {
	if segment == "" || segment == facts.Group {
		return possessive(company) + " " + e.display(metric)
	}
	return possessive(company) + " " + e.display(segment) + " " + e.display(metric)
}

// factSubject is subject with the fact's accounting qualifier, so a
// non-GAAP figure is never read as a GAAP one: "Norvane's non-GAAP
// earnings per share".
func (e *Engine) factSubject(company string, f facts.Fact) string {
	return e.factSubjectNamed(company, f, e.display(f.Metric))
}

// ownWords reports whether a metric's canonical name covers measures a
// reader must not confuse (an EBITDA margin is not an operating margin),
// so answers name it as its source does.
func (e *Engine) ownWords(metric string) bool {
	m, ok := e.lex.Metric(metric)
	return ok && m.OwnWords
}

// sourceMetricName returns the words the source uses for f's metric
// ("adjusted EBITDA margin"), or "" when it has none.
func (e *Engine) sourceMetricName(f facts.Fact) string {
	d, ok := e.corpus.Doc(docOf(f.Passage))
	if !ok || f.Start < 0 || f.End > len(d.Raw) || f.Start >= f.End {
		return ""
	}
	clause := d.Raw[f.Start:f.End]
	name := ""
	for _, t := range e.tg.Metrics(tagger.NewText(clause)) {
		if t.Name != f.Metric {
			continue
		}
		name = clause[t.Start:t.End]
		if f.Value != nil && f.Start+t.End > f.Value.Start {
			break // the name nearest before the figure
		}
	}
	if name == "" {
		return ""
	}
	words := strings.Fields(name)
	if w := words[0]; w != strings.ToUpper(w) {
		words[0] = strings.ToLower(w)
	}
	return strings.Join(words, " ")
}

func (e *Engine) factSubjectNamed(company string, f facts.Fact, metric string) string {
	if f.Value != nil && f.Value.Number < 0 {
		if loss, ok := e.lex.Loss(f.Metric); ok {
			metric = loss // the figure stays as written: "net loss was $45 million"
		}
	}
	for _, q := range f.Qualifiers {
		switch strings.ToLower(q) {
		case "non-gaap", "gaap", "ifrs":
			if !strings.Contains(strings.ToLower(metric), "adjusted") {
				metric = q + " " + metric
			}
		case "adjusted":
			if !strings.HasPrefix(metric, "adjusted") {
				metric = "adjusted " + metric
			}
		}
	}
	if f.Segment == "" || f.Segment == facts.Group {
		return possessive(company) + " " + metric
	}
	return possessive(company) + " " + e.display(f.Segment) + " " + metric
}

// was agrees with a metric's number: "earnings per share were".
func (e *Engine) was(metric string) string {
	if m, ok := e.lex.Metric(metric); ok && m.Plural {
		return "were"
	}
	return "was"
}

// fxPhrase marks a constant-currency figure.
func fxPhrase(f facts.Fact) string {
	for _, q := range f.Qualifiers {
		if strings.EqualFold(q, "constant currency") {
			return " in constant currency"
		}
	}
	return ""
}

func possessive(name string) string {
	if strings.HasSuffix(name, "s") {
		return name + "'"
	}
	return name + "'s"
}

// periodPhrase names a period for an answer: "the quarter ended September
// 30, 2025 (fiscal 2026 Q2)".
func periodPhrase(p period.Period, fye period.FiscalYearEnd) string {
	if p.IsZero() {
		return "the period its sources report"
	}
	if fye.Trailing(p) {
		return "the twelve months ended " + p.End.Format("January 2, 2006")
	}
	label := fye.Label(p)
	if label == "" || strings.Contains(p.Human(), label) {
		return p.Human()
	}
	return p.Human() + " (" + label + ")"
}

// changeVerb says how a figure moved: "grew 34%", "fell 13 percent",
// "posted triple-digit growth", "grew fivefold".
func changeVerb(c *facts.Change) string {
	if !c.HasFigure() {
		return c.Text // a move with no figure: "fell sharply"
	}
	if c.Amount != nil {
		// "grew $310 million, or 28%", "fell $40 million"
		verb := "grew "
		if c.Direction == "down" {
			verb = "fell "
		}
		if c.OnlyAmount() {
			return verb + c.Text
		}
		return verb + c.Amount.Text + ", or " + c.Text + ","
	}
	if c.AtLeast || c.Percent == 0 && c.Multiple == 0 && c.Points == 0 {
		return "posted " + c.Text + " growth" // "triple-digit"
	}
	verb := "grew"
	switch c.Direction {
	case "down":
		verb = "fell"
	case "":
		if c.Percent < 0 {
			verb = "changed"
		}
	}
	return verb + " " + c.Text
}

func basisPhrase(basis string) string {
	switch basis {
	case "yoy":
		return " year over year"
	case "qoq":
		return " quarter over quarter"
	}
	return ""
}

// commonText picks, among facts stating the same figure, the one whose
// wording most sources share (ties: the shortest), so the answer writes
// the figure as its sources do.
func commonText(cands []candidate, text func(facts.Fact) string) candidate {
	count := map[string]int{}
	for _, c := range cands {
		count[text(c.f)]++
	}
	best := cands[0]
	for _, c := range cands[1:] {
		t, b := text(c.f), text(best.f)
		switch {
		case t == "":
			continue // a fact lacking the figure never leads
		case b == "",
			count[t] > count[b],
			count[t] == count[b] && (len(t) < len(b) || len(t) == len(b) && c.score > best.score):
			best = c
		}
	}
	return best
}

func changeText(f facts.Fact) string {
	if f.Change == nil {
		return ""
	}
	return f.Change.Text
}

func valueText(f facts.Fact) string {
	if f.Value == nil {
		return ""
	}
	if isTable(f) {
		return tableValue(f, false)
	}
	return f.Value.Text
}

// plainMetrics read well in a sentence built around the figure; others
// (downloads, a plan, a share move) are answered with the source's own
// sentence.
func (e *Engine) plainMetric(f facts.Fact) bool {
	return e.lex.Financial(f.Metric) && f.Kind != facts.Target && f.Kind != facts.Guidance
}

// composeFigure writes the answer from the best group of candidates in the
// target period, and notes where sources differ.
func (e *Engine) composeFigure(p query, cov *coverage, target period.Period, inPeriod, all []candidate, asked bool) Answer {
	growth := p.want == WantGrowth
	gs := groups(inPeriod, growth)
	best := gs[0]
	if p.ex != nil {
		p.ex.Value = best.score
		x := p.ex.add(float64(len(gs)), "figures: the candidates grouped by the figure they state, ranked by best score plus %v per source document", weight(sources))
		for i, g := range gs {
			n := x.add(g.score+weight(sources)*float64(len(g.docs)), "%q: %d facts in %d documents", figureText(g.cands[0].f, growth), len(g.cands), len(g.docs))
			if i == 0 {
				n.Message += " (chosen)"
			}
		}
	}
	e.preferOwnDocuments(best)
	var lead candidate
	if growth {
		lead = commonText(best.cands, changeText)
	} else {
		lead = commonText(best.cands, valueText)
	}
	f := inCurrency(lead.f, p.currency)
	if isTable(f) && f.Change != nil {
		// "(5)%" in a change column is "down 5%".
		ch := *f.Change
		ch.Text = tableChange(ch.Text)
		f.Change = &ch
	}
	name := cov.company.Short
	subj := e.factSubject(name, f)
	if e.ownWords(f.Metric) {
		if n := e.sourceMetricName(f); n != "" {
			subj = e.factSubjectNamed(name, f, n)
		}
	}
	when := periodPhrase(target, cov.fye)
	at := "in " + when
	val, was := valueText(f), e.was(f.Metric)
	if isTable(f) {
		// A table figure: the table's words for it, its column.
		if a, ok := e.ambiguousColumns(p, best, inPeriod); ok {
			return a
		}
		var lossNamed bool
		subj, was, lossNamed = e.tableSubject(name, f)
		at, val = e.columnPhrase(f.Column, target, cov.fye), tableValue(f, lossNamed)
	}
	var text string
	switch {
	case f.Kind == facts.Estimate:
		text = fmt.Sprintf("Analysts expected %s of %s for %s.", e.factSubject(name, f), valueText(f), when)
		if actual := e.bestActual(inPeriod, f); actual != nil {
			best.cands = append(best.cands, *actual)
			text = strings.TrimSuffix(text, ".") + fmt.Sprintf("; the reported figure was %s.", valueText(actual.f))
		}
	case !e.plainMetric(f) && !isTable(f):
		text = fmt.Sprintf("For %s in %s: %s", name, when, e.clauseQuote(f))
	case growth && f.Change != nil:
		text = fmt.Sprintf("%s %s%s%s%s", subj, changeVerb(f.Change), basisPhrase(f.Change.Basis), fxPhrase(f), ccSibling(inPeriod, f))
		if f.Value != nil {
			text += " to " + val
		} else if v := sameSentenceValue(inPeriod, f); v != nil {
			text += " to " + v.Text // "revenue was $8.42 billion, up 11% QoQ and 38% YoY"
		}
		text += " " + at + "."
	case f.Value != nil && isTable(f) && f.Kind == facts.Guidance:
		text = fmt.Sprintf("%s %s forecast at %s %s.", subj, map[string]string{"was": "is", "were": "are"}[was], val, at) // a forecast column
	case f.Value != nil:
		text = fmt.Sprintf("%s %s %s", subj, was, val)
		if f.Change != nil {
			text += fmt.Sprintf(", %s%s%s%s", upOrDown(f.Change), basisPhrase(f.Change.Basis), fxPhrase(f), ccSibling(inPeriod, f))
			if f.Change.Basis == "qoq" {
				if y := sameSentenceChange(inPeriod, f, "yoy"); y != nil {
					text += " and " + y.Text + basisPhrase("yoy") // "up 11% QoQ and 38% YoY"
				}
			}
		}
		text += " " + at + "."
	case f.Change != nil:
		text = fmt.Sprintf("%s %s%s%s %s.", subj, changeVerb(f.Change), basisPhrase(f.Change.Basis), fxPhrase(f), at)
	}
	if growth && f.Change == nil && (e.plainMetric(f) || isTable(f) && !rateRow(f)) {
		text = strings.TrimSuffix(text, ".") + "; my sources give no growth rate for it."
	}
	cited := e.citeGroup(best, lead)
	if n := len(best.docs); n > 1 {
		text += fmt.Sprintf(" %d sources agree.", n)
	}
	// Sources that state another figure for the same thing.
	for _, g := range gs[1:] {
		alt := commonText(g.cands, func(f facts.Fact) string { return figureText(f, growth) })
		if lead.f.Kind != facts.Actual || alt.f.Kind != facts.Actual || !e.sameThing(lead.f, alt.f) ||
			sameFigure(lead.f, alt.f, growth) || !comparable(lead.f, alt.f, growth) || g.fit < best.fit-1-tableBonus(lead.f, alt.f) {
			continue
		}
		// Another figure in a passage already cited is another thing the
		// same sentence states (a second share class), not a disagreement;
		// and a marker may only name citations the answer lists.
		cites := func(id string) bool {
			return slices.ContainsFunc(cited, func(f facts.Fact) bool { return f.Passage == id })
		}
		if cites(alt.f.Passage) {
			continue
		}
		first := len(cited) + 1
		for _, f := range e.citeGroup(g, alt) {
			if !cites(f.Passage) {
				cited = append(cited, f)
			}
		}
		who, verb := plural(len(g.docs), "another source", "other sources"), "gives"
		if len(g.docs) > 1 {
			verb = "give"
		}
		for d := range g.docs {
			if best.docs[d] || best.docs[strings.TrimSuffix(d, tableSource)] || best.docs[d+tableSource] {
				who, verb = "another passage", "gives" // of a document already cited
			}
		}
		text += fmt.Sprintf(" Sources differ: %s %s %s [%s].", who, verb, figureText(alt.f, growth), refs(first, len(cited)))
		break
	}
	if !asked {
		if others := e.otherPeriods(all, target, cov.fye); others != "" {
			text += " " + others
		}
	}
	used := []facts.Fact{}
	for _, c := range best.cands {
		used = append(used, c.f)
	}
	return Answer{
		Answered:    true,
		Text:        text,
		Company:     cov.company.Name,
		Period:      target.String(),
		PeriodLabel: cov.fye.Label(target),
		Facts:       used,
		Citations:   e.citationsOf(cited),
		Context:     Context{Company: cov.company.Name, Period: target.String(), Segment: f.Segment, Metric: f.Metric},
	}
}

func upOrDown(c *facts.Change) string {
	switch {
	case !c.HasFigure():
		return "which " + c.Text
	case c.Amount != nil && !c.OnlyAmount():
		return upDown(c) + c.Amount.Text + " or " + c.Text
	case c.Direction == "down":
		return "down " + c.Text
	case c.AtLeast || c.Percent == 0 && c.Multiple == 0 && c.Points == 0 && c.Amount == nil:
		return "with " + c.Text + " growth"
	}
	return "up " + c.Text
}

func upDown(c *facts.Change) string {
	if c.Direction == "down" {
		return "down "
	}
	return "up "
}

func figureText(f facts.Fact, growth bool) string {
	if growth && f.Change != nil || f.Value == nil {
		return changeText(f)
	}
	return valueText(f)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// refs writes citation numbers: "3" or "3-4".
func refs(first, last int) string {
	if first == last {
		return fmt.Sprint(first)
	}
	return fmt.Sprintf("%d-%d", first, last)
}

// comparable reports whether two figures measure the same way, so that
// their difference is a disagreement: both changes with a figure and the
// same basis, or amounts in the same currency and unit.
func comparable(a, b facts.Fact, growth bool) bool {
	if growth || a.Value == nil || b.Value == nil {
		return a.Change != nil && b.Change != nil && a.Change.HasFigure() && b.Change.HasFigure() && a.Change.Basis == b.Change.Basis
	}
	return a.Value.Currency == b.Value.Currency && a.Value.Unit == b.Value.Unit
}

// preferOwnDocuments drops from g the facts told by other companies'
// documents ("Rival Norvane reported revenue of $8.42 billion" in a
// Qilvara story) when the company's own documents state the figure, so
// an answer cites its company's sources; such a story is cited only when
// it is the one source.
func (e *Engine) preferOwnDocuments(g *group) {
	own := func(c candidate) bool {
		p, ok := e.corpus.Passage(c.f.Passage)
		return ok && p.Meta != nil && p.Meta.Company == c.f.Company
	}
	if !slices.ContainsFunc(g.cands, own) || !slices.ContainsFunc(g.cands, func(c candidate) bool { return !own(c) }) {
		return
	}
	g.cands = slices.DeleteFunc(g.cands, func(c candidate) bool { return !own(c) })
	g.docs = map[string]bool{}
	for _, c := range g.cands {
		g.docs[sourceKey(c.f)] = true
	}
}

// inCurrency returns f with its amount in the currency asked for, when
// the source gives that conversion beside it: "39.8 billion yuan ($5.6
// billion)" answers "cloud revenue in dollars" with "$5.6 billion".
func inCurrency(f facts.Fact, currency string) facts.Fact {
	if currency == "" || f.Value == nil || f.Value.Currency == currency || f.Converted == nil || f.Converted.Currency != currency {
		return f
	}
	f.Value, f.Converted = f.Converted, f.Value
	return f
}

// sameSentenceValue finds the amount stated with a change in the same
// sentence of the same passage, for the same segment, metric and kind.
func sameSentenceValue(cands []candidate, f facts.Fact) *facts.Value {
	for _, c := range cands {
		g := c.f
		if g.Value != nil && g.Passage == f.Passage && g.Start == f.Start && g.Column == f.Column && g.Segment == f.Segment &&
			g.Metric == f.Metric && g.Kind == f.Kind && g.Value.Unit != "percent" {
			return g.Value
		}
	}
	return nil
}

// ccSibling gives the constant-currency rate a source states beside a
// reported one: " (14% in constant currency)".
func ccSibling(cands []candidate, f facts.Fact) string {
	if f.Change == nil || fxPhrase(f) != "" {
		return ""
	}
	for _, c := range cands {
		g := c.f
		if g.Change != nil && fxPhrase(g) != "" && g.Passage == f.Passage && g.Start == f.Start && g.Column == f.Column &&
			g.Segment == f.Segment && g.Metric == f.Metric && g.Kind == f.Kind && g.Change.Text != f.Change.Text {
			return " (" + g.Change.Text + " in constant currency)"
		}
	}
	return ""
}

// sameSentenceChange finds a change on the given basis stated in the same
// sentence as f, for the same segment, metric and kind.
func sameSentenceChange(cands []candidate, f facts.Fact, basis string) *facts.Change {
	for _, c := range cands {
		g := c.f
		if g.Change != nil && g.Change.Basis == basis && g.Passage == f.Passage && g.Start == f.Start && g.Column == f.Column &&
			g.Segment == f.Segment && g.Metric == f.Metric && g.Kind == f.Kind {
			return g.Change
		}
	}
	return nil
}

// bestActual finds the actual figure an estimate is about.
func (e *Engine) bestActual(cands []candidate, est facts.Fact) *candidate {
	for _, c := range cands {
		if c.f.Kind == facts.Actual && c.f.Value != nil && est.Value != nil && c.f.Value.Currency == est.Value.Currency && c.f.Segment == est.Segment {
			return &c
		}
	}
	return nil
}

// clauseQuote returns the source's own words for a fact, quoted.
func (e *Engine) clauseQuote(f facts.Fact) string {
	if d, ok := e.corpus.Doc(docOf(f.Passage)); ok && f.Start >= 0 && f.End <= len(d.Raw) && f.Start < f.End {
		return "“" + strings.TrimSpace(d.Raw[f.Start:f.End]) + "”"
	}
	if p, ok := e.corpus.Passage(f.Passage); ok {
		return "“" + p.Text + "”"
	}
	return ""
}

// otherPeriods says which other periods hold the same figure, when the
// question did not choose one.
func (e *Engine) otherPeriods(cands []candidate, target period.Period, fye period.FiscalYearEnd) string {
	var others []period.Period
	for _, c := range cands {
		if c.f.Period != target && !c.f.Period.IsZero() && c.f.Kind == facts.Actual && !slices.Contains(others, c.f.Period) {
			others = append(others, c.f.Period)
		}
	}
	if len(others) == 0 {
		return ""
	}
	slices.SortFunc(others, func(a, b period.Period) int { return b.End.Compare(a.End) })
	names := make([]string, len(others))
	for i, o := range others {
		names[i] = o.Human()
		if fye.Trailing(o) {
			names[i] = "the twelve months ended " + o.End.Format("January 2, 2006")
		}
	}
	them := "it"
	if len(names) > 1 {
		them = "them"
	}
	return "My sources also cover " + joinAnd(names) + "; ask about " + them + " by name."
}

func joinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// citeGroup returns the facts to cite for a group: the lead fact first,
// then one per other source (document, or a table and a sentence of one
// document).
func (e *Engine) citeGroup(g *group, lead candidate) []facts.Fact {
	fs := []facts.Fact{lead.f}
	seen := map[string]bool{sourceKey(lead.f): true}
	cs := slices.Clone(g.cands)
	slices.SortStableFunc(cs, func(a, b candidate) int { return cmp.Compare(b.score, a.score) })
	for _, c := range cs {
		if d := sourceKey(c.f); !seen[d] {
			seen[d] = true
			fs = append(fs, c.f)
		}
	}
	return fs
}

// citeOnce adds the passage id to ids unless it is there already, and
// returns its citation number, as citations will number it.
func citeOnce(ids *[]string, id string) int {
	if i := slices.Index(*ids, id); i >= 0 {
		return i + 1
	}
	*ids = append(*ids, id)
	return len(*ids)
}

// citations turns passage IDs into citations, in the given order, once each.
func (e *Engine) citations(ids []string) []Citation {
	out := []Citation{}
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		p, ok := e.corpus.Passage(id)
		if !ok {
			continue
		}
		c := Citation{Doc: p.Doc, Quote: p.Text, Start: p.Start, End: p.End, Passage: p.ID, Link: SourceLink(p.Doc, p.Seq), Page: p.Page}
		if p.Meta != nil {
			c.Title, c.Publisher = p.Meta.Title, p.Meta.Publisher
			if !p.Meta.Published.IsZero() {
				c.Published = p.Meta.Published.Format("2006-01-02")
			}
		}
		out = append(out, c)
	}
	return out
}

// composeBeat answers "did X beat expectations?" from the actual and the
// estimate for the same thing.
func (e *Engine) composeBeat(p query, cov *coverage, target period.Period, cands []candidate, asked bool) Answer {
	// The estimate that fits best, and the actual it is about: stated in
	// the same passage if one is ("non-GAAP EPS of $1.94, above the
	// consensus of $1.81"), else the best fit in the same currency.
	var actual, estimate *candidate
	for i := range cands {
		if c := &cands[i]; c.f.Kind == facts.Estimate && c.f.Value != nil {
			estimate = c
			break
		}
	}
	if estimate != nil {
		bestFit := -1.0
		for i := range cands {
			c := &cands[i]
			if c.f.Kind != facts.Actual || c.f.Value == nil || c.f.Value.Currency != estimate.f.Value.Currency ||
				c.f.Value.Unit != estimate.f.Value.Unit || c.f.Segment != estimate.f.Segment {
				continue
			}
			fit := c.score
			if c.f.Passage == estimate.f.Passage {
				fit += weight(beatSamePassage)
			}
			if fit > bestFit {
				actual, bestFit = c, fit
			}
		}
	}
	for _, c := range cands {
		if actual != nil && estimate != nil {
			break
		}
		if c.f.Kind == facts.Actual && c.f.Change != nil && c.f.Change.Basis == "vs estimates" && actual == nil {
			actual = &c
		}
	}
	when := periodPhrase(target, cov.fye)
	name := cov.company.Short
	var text string
	var ids []string
	var used []facts.Fact
	switch {
	case actual != nil && estimate != nil && actual.f.Value != nil && actual.f.Value.Currency == estimate.f.Value.Currency && estimate.f.Segment == actual.f.Segment:
		a, s := actual.f.Value.Number, estimate.f.Value.Number
		verdict, word := "Yes", "above"
		switch {
		case a < s:
			verdict, word = "No", "below"
		case a == s:
			verdict, word = "It matched expectations", "in line with"
		}
		text = fmt.Sprintf("%s: %s %s %s in %s, %s the %s analysts expected.", verdict, e.factSubject(name, actual.f), e.was(actual.f.Metric), actual.f.Value.Text, when, word, estimate.f.Value.Text)
		ids = []string{actual.f.Passage, estimate.f.Passage}
		used = []facts.Fact{actual.f, estimate.f}
	case actual != nil && actual.f.Change != nil && actual.f.Change.Basis == "vs estimates":
		verdict := "Yes"
		if actual.f.Change.Direction == "down" {
			verdict = "No"
		}
		text = fmt.Sprintf("%s: for %s in %s, %s", verdict, name, when, e.clauseQuote(actual.f))
		ids = []string{actual.f.Passage}
		used = []facts.Fact{actual.f}
	default:
		return e.declineMetric(p, cov, p.metric+" estimate")
	}
	return Answer{
		Answered: true, Text: text, Company: cov.company.Name, Period: target.String(), PeriodLabel: cov.fye.Label(target),
		Facts: used, Citations: e.citations(ids),
		Context: Context{Company: cov.company.Name, Period: target.String(), Segment: used[0].Segment, Metric: used[0].Metric},
	}
}

// maxCompared bounds how many periods a comparison lists.
const maxCompared = 4

// composeCompare answers "compare cloud growth over the last quarters"
// with the best figure of each period the candidates hold, latest first,
// each cited; periods of another length than the latest are left out.
// It computes nothing: every figure is a source's. false when fewer than
// two periods hold the figure.
func (e *Engine) composeCompare(p query, cov *coverage, cands []candidate) (Answer, bool) {
	growth := p.want == WantGrowth
	byPeriod := map[period.Period][]candidate{}
	var periods []period.Period
	for _, c := range cands {
		if c.f.Period.IsZero() || c.fit < weight(minScore) || growth && (c.f.Change == nil || !c.f.Change.HasFigure()) || !growth && c.f.Value == nil {
			continue
		}
		if _, seen := byPeriod[c.f.Period]; !seen {
			periods = append(periods, c.f.Period)
		}
		byPeriod[c.f.Period] = append(byPeriod[c.f.Period], c)
	}
	slices.SortFunc(periods, func(a, b period.Period) int { return b.End.Compare(a.End) })
	periods = slices.DeleteFunc(periods, func(x period.Period) bool { return len(periods) > 0 && x.Length != periods[0].Length })
	if len(periods) < 2 {
		return Answer{}, false
	}
	periods = periods[:min(len(periods), maxCompared)]
	var parts, ids []string
	var used []facts.Fact
	var first facts.Fact
	for i, per := range periods {
		in := byPeriod[per]
		slices.SortStableFunc(in, func(a, b candidate) int { return cmp.Compare(b.score, a.score) })
		g := groups(in, growth)[0]
		e.preferOwnDocuments(g)
		lead := commonText(g.cands, func(f facts.Fact) string { return figureText(f, growth) })
		if i == 0 {
			first = lead.f
		}
		n := citeOnce(&ids, lead.f.Passage)
		used = append(used, lead.f)
		basis := ""
		if growth {
			basis = basisPhrase(changeBasis(lead.f))
		}
		parts = append(parts, fmt.Sprintf("%s%s in %s [%d]", figureText(lead.f, growth), basis, periodPhrase(per, cov.fye), n))
	}
	what := e.factSubject(cov.company.Short, first)
	if growth {
		what += " growth"
	}
	latest := periods[0]
	text := fmt.Sprintf("%s, latest first: %s.", upperFirst(what), strings.Join(parts, "; "))
	return Answer{
		Answered: true, Text: text, Company: cov.company.Name, Period: latest.String(), PeriodLabel: cov.fye.Label(latest),
		Facts: used, Citations: e.citations(ids),
		Context: Context{Company: cov.company.Name, Period: latest.String(), Segment: first.Segment, Metric: first.Metric},
	}, true
}

func changeBasis(f facts.Fact) string {
	if f.Change == nil {
		return ""
	}
	return f.Change.Basis
}

// answerRank answers "which segment grew fastest?": the segments' growth
// rates for the metric asked (revenue by default) in the latest period
// that holds two or more, best first (worst first for "slowest"), each
// rate as its source writes it and cited. A lower bound ("triple-digit")
// ranks at its bound.
func (e *Engine) answerRank(ctx context.Context, p query, cov *coverage) (Answer, error) {
	metric := cmp.Or(p.metric, facts.Revenue)
	q := p
	q.want, q.metric, q.segment = WantGrowth, metric, ""
	hits, err := e.ix.Search(ctx, index.Query{Type: index.TypeFact, Company: cov.company.Name, Metric: metric, Limit: maxCandidates})
	if err != nil {
		return Answer{}, err
	}
	best := map[period.Period]map[string]candidate{} // period -> segment -> best rate
	for _, h := range hits {
		i, ok := e.factIDs[h.ID]
		if !ok {
			continue
		}
		f := e.facts[i]
		if f.Segment == facts.Group || f.Segment == facts.OtherUnit || f.Segment == "" || f.Kind != facts.Actual ||
			f.Change == nil || !f.Change.HasFigure() || f.Period.IsZero() || f.Change.Basis == "qoq" || f.Change.Basis == "vs estimates" {
			continue
		}
		fit, _, ok := e.score(q, f, nil)
		if !ok {
			fit = 0
		}
		if best[f.Period] == nil {
			best[f.Period] = map[string]candidate{}
		}
		if c, seen := best[f.Period][f.Segment]; !seen || fit > c.fit || fit == c.fit && i < c.i {
			best[f.Period][f.Segment] = candidate{i: i, f: f, fit: fit}
		}
	}
	var target period.Period
	for per, segs := range best {
		if len(segs) >= 2 && per.End.After(target.End) {
			target = per
		}
	}
	if target.IsZero() {
		return e.decline(cov.company.Name, []string{"metric"},
			fmt.Sprintf("My sources don't give %s %s growth for two or more segments in one period.", possessive(cov.company.Short), e.display(metric)), cov), nil
	}
	var ranked []candidate
	for _, c := range best[target] {
		ranked = append(ranked, c)
	}
	rate := func(c candidate) float64 {
		if c.f.Change.Direction == "down" {
			return -c.f.Change.Percent
		}
		return c.f.Change.Percent
	}
	slices.SortFunc(ranked, func(a, b candidate) int {
		if p.rankDown {
			return cmp.Or(cmp.Compare(rate(a), rate(b)), cmp.Compare(a.f.Segment, b.f.Segment))
		}
		return cmp.Or(cmp.Compare(rate(b), rate(a)), cmp.Compare(a.f.Segment, b.f.Segment))
	})
	var parts, ids []string
	var used []facts.Fact
	for _, c := range ranked {
		n := citeOnce(&ids, c.f.Passage) // one passage may give two segments' rates
		used = append(used, c.f)
		parts = append(parts, fmt.Sprintf("%s %s %s [%d]", e.display(c.f.Segment), e.display(metric), upOrDown(c.f.Change), n))
	}
	word := "fastest"
	if p.rankDown {
		word = "slowest"
	}
	text := fmt.Sprintf("Of the segments %s sources give %s growth for in %s, %s %s grew %s: %s.",
		possessive(cov.company.Short), e.display(metric), periodPhrase(target, cov.fye), e.display(ranked[0].f.Segment), e.display(metric), word, strings.Join(parts, "; "))
	return Answer{
		Answered: true, Text: text, Company: cov.company.Name, Period: target.String(), PeriodLabel: cov.fye.Label(target),
		Facts: used, Citations: e.citations(ids),
		Context: Context{Company: cov.company.Name, Period: target.String(), Metric: metric},
	}, nil
}
