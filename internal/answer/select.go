package answer

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/resultsbot/resultsbot/internal/facts"
	"github.com/resultsbot/resultsbot/internal/index"
	"github.com/resultsbot/resultsbot/internal/period"
)

// The select stage: candidates in; the period to answer for and the facts
// that answer it out. A candidate's fit is the sum of the weights of the
// named features it has (the table features below: the one place a weight
// is set); its score adds the weighted relevance of its passage. A
// candidate that cannot answer the question at all (another metric, a
// segment's figure for the group's, an estimate for an actual) is rejected
// with a reason. Every decision can explain itself (Question.Explain).

// feature is a named property of a candidate fact, or a threshold of the
// selection, with its weight in features.
type feature int

// The features and thresholds. Each one's weight and meaning are in
// features.
const (
	metricAsked feature = iota
	metricFamily
	labelAll
	labelCover
	fromTable
	segmentAsked
	segmentGroup
	segmentOther
	kindEstimate
	kindBeat
	kindTarget
	kindPlanActual
	kindGuidance
	kindActual
	kindPrior
	growthChange
	growthWithValue
	growthBasis
	growthYoY
	valueStated
	valueWithChange
	valueChangeOnly
	basisAsked
	vsEstimates
	measureMissing
	measureUnasked
	currencyAsked
	relevance
	sources
	minScore
	companyMargin
	beatSamePassage
	numFeatures
)

// features is the one table of weights: what each feature adds to a
// candidate's score (or, for a threshold, the value it sets), and why.
var features = [numFeatures]struct {
	name   string
	weight float64
	about  string
}{
	metricAsked:     {"metric", 4, "the metric asked"},
	metricFamily:    {"metric.family", 2, "a variant of the metric asked (adjusted for unadjusted, capex for investment)"},
	labelAll:        {"label", 4, "not the metric asked, but its label holds what the question asks: every content word is the figure's (its label, segment, column or table) and the question names half its label or more"},
	labelCover:      {"label.cover", 1, "times the share of the figure's label the question names, 0 to 1"},
	fromTable:       {"table", 1.5, "read from a table's row and column, which say exactly what the figure is and when"},
	segmentAsked:    {"segment", 4, "the segment asked"},
	segmentGroup:    {"segment.group", 3, "no segment asked: the whole company's figure"},
	segmentOther:    {"segment.other", 1, "no segment asked: a segment's figure of a metric that is not a segment's accounts"},
	kindEstimate:    {"kind.estimate", 3, "an analysts' estimate, as asked"},
	kindBeat:        {"kind.beat", 2, "an actual or an estimate, for a beat or miss"},
	kindTarget:      {"kind.target", 3, "a plan or target, as asked"},
	kindPlanActual:  {"kind.plan-actual", 0.5, "an actual figure, for a plan"},
	kindGuidance:    {"kind.guidance", 3, "the company's guidance, as asked"},
	kindActual:      {"kind.actual", 2, "an actual figure"},
	kindPrior:       {"kind.prior", 1, "an earlier period's figure told in a later report"},
	growthChange:    {"growth.change", 3, "states a change, as asked"},
	growthWithValue: {"growth.with-value", 0.5, "the change comes with the amount (rose 34% to 39.8 billion yuan)"},
	growthBasis:     {"growth.basis", 0.5, "the change states its basis"},
	growthYoY:       {"growth.yoy", 0.8, "no basis asked: year over year is the headline rate"},
	valueStated:     {"value", 2, "states an amount, as asked"},
	valueWithChange: {"value.with-change", 0.5, "the amount comes with its change"},
	valueChangeOnly: {"value.change-only", 1, "states only a change"},
	basisAsked:      {"basis", 2, "the change's basis is the one asked (yoy, qoq)"},
	vsEstimates:     {"basis.vs-estimates", -3, "a change against estimates is not growth"},
	measureMissing:  {"measure.missing", -4, "a measure asked for (adjusted, constant currency, organic) is not this figure's"},
	measureUnasked:  {"measure.unasked", -1.5, "a measure not asked for: weaker than the reported figure"},
	currencyAsked:   {"currency", 1, "states the amount in the currency asked"},
	relevance:       {"relevance", 2, "times the full-text relevance of its passage to the question, 0 to 1"},
	sources:         {"sources", 1, "per document that states the same figure, ranking figures"},
	minScore:        {"threshold.min-score", 6, "the least score an answer needs"},
	companyMargin:   {"threshold.company-margin", 1, "how much better one company's facts must fit a question naming no company"},
	beatSamePassage: {"beat.same-passage", 10, "an actual stated beside the estimate, for a beat or miss"},
}

// weight is a feature's weight.
func weight(f feature) float64 { return features[f].weight }

// hit is a feature a candidate has, with its contribution.
type hit struct {
	f     feature
	value float64
	note  string
}

// score says how well fact f fits p, before the relevance of its passage
// is added: the sum of the weights of its features. ok is false when f
// cannot answer p, with the reason. With why non-nil the features are
// recorded there.
func (e *Engine) score(p query, f facts.Fact, why *[]hit) (s float64, reason string, ok bool) {
	add := func(ft feature, note string) {
		s += features[ft].weight
		if why != nil {
			*why = append(*why, hit{ft, features[ft].weight, note})
		}
	}
	financial := e.lex.Financial
	if len(p.mustWords) > 0 && !e.passageHolds(f.Passage, p.mustWords) {
		return 0, "its sentence does not name " + strings.Join(p.mustWords, " "), false
	}
	// Metric, or the figure's label (label.go).
	fit := e.fitLabel(p, f, e.covered[p.company])
	switch {
	case p.metric != "" && f.Metric == p.metric:
		add(metricAsked, f.Metric)
	case p.metric != "" && f.Metric != "" && e.lex.Family(p.metric) == f.Metric:
		add(metricFamily, f.Metric)
	case (p.metric == "" || f.Metric == "") && labelAnswers(p, fit):
		add(labelAll, f.Label)
	case p.metric == "":
		return 0, fmt.Sprintf("its label %q is not what the question asks", f.Label), false
	default:
		return 0, "another metric: " + f.Metric, false
	}
	if isTable(f) && p.reason {
		return 0, "a table figure, and the question asks for a reason", false
	}
	if isTable(f) && p.want == WantGrowth && f.Change == nil && !rateRow(f) {
		return 0, "a table figure without a change, and the question asks how it changed", false
	}
	if len(fit.others) > 0 && !isTable(f) {
		// "sales in Mexico": Mexico labels another figure, so a figure
		// that is not Mexico's does not answer.
		return 0, fmt.Sprintf("the question names %s, which labels other figures, not this one", strings.Join(fit.others, ", ")), false
	}
	if isTable(f) && len(fit.unmatched) > 0 {
		// A table names what each figure is: a question word that neither
		// the row nor its column or table has asks for another figure.
		return 0, fmt.Sprintf("not this figure's words: %s (%s)", strings.Join(fit.unmatched, ", "), f.Label), false
	}
	if isTable(f) {
		add(fromTable, f.Column)
	}
	if fit.cover > 0 && (isTable(f) || p.metric == "" || f.Metric != p.metric && e.lex.Family(p.metric) != f.Metric) {
		// Between figures of the metric asked, prose ranks as before; a
		// table's rows differ by their labels.
		s += weight(labelCover) * fit.cover
		if why != nil {
			*why = append(*why, hit{labelCover, weight(labelCover) * fit.cover, f.Label})
		}
	}
	// Segment.
	switch {
	case p.segment != "" && f.Segment == p.segment:
		add(segmentAsked, f.Segment)
	case p.segment != "" && p.segment != facts.Group && (financial(p.metric) || e.strictSegment(p)):
		// A segment the company reports figures for: its own figure or
		// none ("Alpenwacht Life combined ratio" is not the P&C one).
		return 0, "another segment's figure: " + f.Segment, false
	case p.segment != "" && p.segment != facts.Group:
		// "invest in AI and cloud": a plan or a download count is not a
		// segment's figure; the segment only breaks ties.
	case f.Segment == facts.Group || f.Segment == "":
		add(segmentGroup, f.Segment)
	case financial(f.Metric):
		return 0, "a segment's figure (" + f.Segment + "), not the whole company's", false // "revenue" is the group's, never a segment's
	default:
		add(segmentOther, f.Segment)
	}
	// Kind.
	kind := string(f.Kind)
	switch p.want {
	case WantEstimate:
		if f.Kind != facts.Estimate {
			return 0, "not an estimate: " + kind, false
		}
		add(kindEstimate, kind)
	case WantBeat:
		if f.Kind != facts.Estimate && f.Kind != facts.Actual {
			return 0, "neither an actual nor an estimate: " + kind, false
		}
		add(kindBeat, kind)
	case WantPlan:
		switch f.Kind {
		case facts.Target:
			add(kindTarget, kind)
		case facts.Actual:
			add(kindPlanActual, kind)
		default:
			return 0, "not a plan: " + kind, false
		}
	case WantGuidance:
		if f.Kind != facts.Guidance {
			return 0, "not guidance: " + kind, false
		}
		add(kindGuidance, kind)
	default:
		switch f.Kind {
		case facts.Actual:
			add(kindActual, kind)
		case facts.Prior:
			add(kindPrior, kind) // an earlier period's figure, told in a later report
		case facts.Target:
			if m, ok := e.lex.Metric(f.Metric); !ok || !m.Targets {
				return 0, "a target, not an actual figure", false
			}
		default:
			return 0, "not an actual figure: " + kind, false
		}
	}
	// What is asked.
	switch p.want {
	case WantGrowth:
		if f.Change != nil {
			add(growthChange, f.Change.Text)
			if f.Value != nil {
				add(growthWithValue, f.Value.Text) // "rose 34% to 39.8 billion yuan" says more
			}
			if f.Change.Basis != "" {
				add(growthBasis, f.Change.Basis) // a rate with its basis says more
			}
			if p.basis == "" && f.Change.Basis == "yoy" {
				add(growthYoY, "") // year over year is the headline rate
			}
		}
	default:
		if f.Value != nil {
			add(valueStated, f.Value.Text)
			if f.Change != nil {
				add(valueWithChange, f.Change.Text)
			}
		} else if f.Change != nil {
			if p.want == WantValue && f.Kind == facts.Prior && !p.comparing {
				return 0, "a change of an earlier period, and the question asks for a level: " + f.Change.Text, false
			}
			if p.want == WantValue && f.Change.OnlyAmount() {
				// "revenue fell $1.1 billion" is no answer to "what was
				// revenue?": the amount reads as the level.
				return 0, "a change by an amount, and the question asks for the level: " + f.Change.Text, false
			}
			add(valueChangeOnly, f.Change.Text)
		}
	}
	if f.Value == nil && f.Change == nil {
		return 0, "states no figure", false
	}
	if v := f.Value; v != nil && v.Currency == "" && v.Unit != "percent" && e.lex.Money(f.Metric) {
		return 0, "a count, not money: " + v.Text, false // "1 million shares" is no share price
	}
	if v := f.Value; v != nil && (v.Currency != "" || v.Unit == "percent") && p.count && p.want == WantValue {
		return 0, "money or a percentage, and the question asks how many: " + v.Text, false
	}
	if c := f.Change; f.Value == nil && c != nil && p.count && p.want == WantValue {
		return 0, "money or a percentage, and the question asks how many: " + c.Text, false
	}
	if p.basis != "" && f.Change != nil {
		switch f.Change.Basis {
		case p.basis:
			add(basisAsked, p.basis)
		case "":
		default:
			if p.want == WantGrowth {
				return 0, "growth on another basis: " + f.Change.Basis, false
			}
		}
	}
	if f.Change != nil && f.Change.Basis == "vs estimates" && p.want != WantBeat {
		add(vsEstimates, "") // "beat estimates by 5%" is not growth
	}
	// A measure asked for must be the figure's; one not asked for is a
	// weaker fit than the reported (GAAP, as-reported) figure. A metric
	// whose name implies the measure (adjusted EBITA) has it either way.
	for _, m := range e.measureOrder {
		has, implied := false, false
		for _, q := range f.Qualifiers {
			if e.lex.Measure(q) == m {
				has = true
				implied = implied || e.lex.Implies(f.Metric, q)
			}
		}
		for _, q := range e.lex.Qualifiers {
			if q.Measure == m && e.lex.Implies(f.Metric, q.Name) {
				implied = true
			}
		}
		switch asked := p.asks(m); {
		case implied:
		case asked && !has:
			add(measureMissing, m)
		case !asked && has:
			add(measureUnasked, m)
		}
	}
	if p.currency != "" && f.Value != nil {
		if f.Value.Currency == p.currency || f.Converted != nil && f.Converted.Currency == p.currency {
			add(currencyAsked, p.currency) // "cloud revenue in dollars"
		}
	}
	return s, "", true
}

// passageHolds reports whether a passage holds every one of the stems.
func (e *Engine) passageHolds(id string, stems []string) bool {
	pa, ok := e.corpus.Passage(id)
	if !ok {
		return false
	}
	have := map[string]bool{}
	for _, t := range index.Terms(pa.Text) {
		have[t.Stem] = true
	}
	for _, s := range stems {
		if !have[s] {
			return false
		}
	}
	return true
}

// reportsSegment reports whether the company's facts give figures for the
// segment.
func (e *Engine) reportsSegment(cov *coverage, segment string) bool {
	for k := range cov.pairs {
		if k[0] == segment {
			return true
		}
	}
	return false
}

// strictSegment reports whether only the asked segment's own figure can
// answer a metric that is not a segment's accounts: yes for a company's
// own segment or a region ("Alpenwacht Life combined ratio", "deliveries
// in Europe"); no for a generic word of a plan or a group figure ("invest
// in AI and cloud"), where the segment only breaks ties.
func (e *Engine) strictSegment(p query) bool {
	if p.want == WantPlan || e.lex.GroupOnly(p.metric) {
		return false
	}
	if _, generic := e.lex.Segment(p.segment); !generic {
		return true
	}
	return e.lex.PlaceMatch.MatchString(p.segment)
}

// rateRow reports a table row whose figures are rates of change:
// "Comparable sales growth (%)".
func rateRow(f facts.Fact) bool {
	return f.Value != nil && f.Value.Unit == "percent" && rateRE.MatchString(strings.ToLower(f.Label))
}

// labelAnswers reports whether a figure's label fit answers a question
// that does not name its metric: every content word of the question is
// the figure's, one at least is in its label, and the question names half
// its label or more.
func labelAnswers(p query, fit labelFit) bool {
	return len(hardWords(p.words)) > 0 && len(fit.unmatched) == 0 && fit.inLabel > 0 && fit.cover >= 0.5
}

// explainCandidate describes a scored candidate and its features.
func (e *Engine) explainCandidate(x *Explanation, p query, c candidate, note string) {
	if x == nil {
		return
	}
	what := ""
	if c.f.Value != nil {
		what = c.f.Value.Text
	}
	if c.f.Change != nil {
		what = strings.TrimSpace(what + " " + c.f.Change.Text)
	}
	n := x.add(c.score, "candidate %s: %s %s %s %q, %s%s", c.f.ID, c.f.Segment, c.f.Metric, c.f.Kind, what, c.f.Period, note)
	var why []hit
	e.score(p, c.f, &why)
	for _, h := range why {
		msg := features[h.f].name + ": " + features[h.f].about
		if h.note != "" {
			msg += " (" + h.note + ")"
		}
		n.add(h.value, "%s", msg)
	}
	n.add(weight(relevance)*c.rel, "%s: %s (%.2f)", features[relevance].name, features[relevance].about, c.rel)
}

// rescore scores candidates again for another reading of the question,
// keeping their relevance.
func (e *Engine) rescore(p query, cands []candidate) []candidate {
	var out []candidate
	for _, c := range cands {
		if fit, _, ok := e.score(p, c.f, nil); ok {
			out = append(out, candidate{i: c.i, f: c.f, fit: fit, rel: c.rel, score: c.score - c.fit + fit})
		}
	}
	return out
}

// selectIn returns the candidates for the target period, best first; the
// explanation lists them with their features.
func (e *Engine) selectIn(p query, target period.Period, asked bool, cands []candidate) []candidate {
	var inPeriod []candidate
	for _, c := range cands {
		if c.f.Period == target {
			inPeriod = append(inPeriod, c)
		}
	}
	slices.SortStableFunc(inPeriod, func(a, b candidate) int { return cmp.Compare(b.score, a.score) })
	if p.ex != nil {
		x := p.ex.add(float64(len(inPeriod)), "selected: candidates for %s, best first", target)
		for i, c := range inPeriod {
			note := ""
			if i == 0 {
				note = " (best)"
			}
			e.explainCandidate(x, p, c, note)
		}
		if n := len(cands) - len(inPeriod); n > 0 {
			p.ex.add(float64(n), "candidates for other periods, not considered")
		}
	}
	return inPeriod
}

// resolvePeriod returns the period to answer for: the one asked, or the
// latest one the candidates hold. asked reports whether the question (or
// its thread) chose it. ok is false when the question names a period the
// candidates do not hold.
func (e *Engine) resolvePeriod(p query, cov *coverage, cands []candidate) (target period.Period, asked, ok bool) {
	var have []period.Period
	for _, c := range cands {
		if !c.f.Period.IsZero() && !slices.Contains(have, c.f.Period) {
			have = append(have, c.f.Period)
		}
	}
	slices.SortFunc(have, func(a, b period.Period) int { return b.End.Compare(a.End) })
	if len(have) == 0 {
		return period.Period{}, false, false
	}
	a := p.period
	if (!a.any() || a.latest) && undatedActual(cands) && onlyPrior(cands, have[0]) {
		// The current figures give no period and the latest dated one is
		// an earlier period's, cited for comparison: "last quarter" is not
		// that.
		p.ex.add(0, "period: the actual figures give none, and %s holds only earlier figures cited for comparison", have[0])
		return period.Period{}, a.latest, false
	}
	if !a.any() || a.latest {
		// The latest period the company reports, if the figure is there;
		// else the latest period that has it.
		if len(cov.periods) > 0 && slices.Contains(have, cov.periods[0]) {
			p.ex.add(0, "period: %s, the latest the company reports", cov.periods[0])
			return cov.periods[0], a.latest, true
		}
		p.ex.add(0, "period: %s, the latest the candidates hold", have[0])
		return have[0], a.latest, true
	}
	var want []period.Period
	switch {
	case a.half != 0:
		// A half ends with the second or fourth quarter: of the fiscal year
		// named, else of the calendar year named (or, failing that, the
		// fiscal one), else the latest such half held.
		halfEnd := func(fy int) period.Period {
			q := cov.fye.FiscalQuarter(fy, 2*a.half)
			return period.Period{Length: period.Half, End: q.End}
		}
		switch {
		case a.fiscalY != 0:
			want = append(want, halfEnd(a.fiscalY))
		case a.year != 0 && a.calendar:
			want = append(want, period.Period{Length: period.Half, End: period.MonthEnd(a.year, time.Month(6*a.half))})
		case a.year != 0:
			want = append(want, period.Period{Length: period.Half, End: period.MonthEnd(a.year, time.Month(6*a.half))}, halfEnd(a.year))
		default:
			for _, h := range have {
				if h.Length == period.Half {
					if _, q := cov.fye.Fiscal(h); q == 2*a.half {
						want = append(want, h)
						break
					}
				}
			}
		}
	case a.next:
		if len(cov.periods) > 0 {
			want = append(want, cov.periods[0].Shift(1))
		}
	case a.trailing:
		// The year to the latest quarter; sources often state such a
		// figure within the quarter's report, so that is the fallback.
		if len(cov.periods) > 0 {
			want = append(want, period.Period{Length: period.Year, End: cov.periods[0].End}, cov.periods[0])
		}
	case a.previous:
		if len(cov.periods) > 0 {
			want = append(want, cov.periods[0].Shift(-1))
		}
	case !a.exact.IsZero():
		want = append(want, a.exact)
		if a.onDate {
			// "as of December 31, 2019": whatever period ends that day.
			for _, l := range []period.Length{period.Year, period.Half, period.NineMonths} {
				want = append(want, period.Period{Length: l, End: a.exact.End})
			}
		}
	case a.month != 0:
		for _, h := range have {
			if h.Length == period.Quarter && h.End.Month() == a.month {
				want = append(want, h)
				break
			}
		}
		if len(want) == 0 {
			want = append(want, period.Period{Length: period.Quarter, End: period.MonthEnd(1, a.month)})
		}
	case a.fiscalQ != 0 && a.fiscalY != 0:
		want = append(want, cov.fye.FiscalQuarter(a.fiscalY, a.fiscalQ))
	case a.fiscalQ != 0 && a.year != 0:
		// "Q3 2025": the fiscal reading first, then the calendar one.
		want = append(want, cov.fye.FiscalQuarter(a.year, a.fiscalQ), period.QuarterEnding(a.year, time.Month(3*a.fiscalQ)))
	case a.fiscalQ != 0:
		for _, h := range have {
			if _, q := cov.fye.Fiscal(h); q == a.fiscalQ && h.Length == period.Quarter {
				want = append(want, h)
				break
			}
		}
	case a.fiscalY != 0:
		want = append(want, cov.fye.FiscalYear(a.fiscalY))
	case a.year != 0 && a.calendar:
		want = append(want, period.Period{Length: period.Year, End: period.Date(a.year, 12, 31)})
	case a.year != 0:
		want = append(want, cov.fye.FiscalYear(a.year), period.Period{Length: period.Year, End: period.Date(a.year, 12, 31)})
	case a.yearAgo: // named periods first: "a year ago, in the third quarter of 2024"
		// The latest period the company reports (else the latest held), a
		// year before.
		base := have[0]
		if len(cov.periods) > 0 {
			base = cov.periods[0]
		}
		if n := base.Length.Months(); n > 0 {
			want = append(want, base.Shift(-12/n))
		}
	}
	if per, ok := columnNamed(a.text, cands); ok {
		// "FY2024" as a column heads it ("FY2024 (Apr 2024 - Mar 2025)"):
		// the table says which period the name means.
		p.ex.add(0, "period: %s, the column headed %q", per, a.text)
		return per, true, true
	}
	for _, w := range want {
		if slices.Contains(have, w) {
			p.ex.add(0, "period: %s, as asked (%q)", w, a.text)
			return w, true, true
		}
	}
	if y := a.year; y != 0 && a.fiscalQ == 0 && a.half == 0 && a.exact.IsZero() {
		// "in 2019" of a company whose year the corpus does not know: the
		// one year held that ends in 2019 (a table's "March 31, 2019").
		var ends []period.Period
		for _, h := range have {
			if h.Length == period.Year && h.End.Year() == y {
				ends = append(ends, h)
			}
		}
		if len(ends) == 1 {
			p.ex.add(0, "period: %s, the year held that ends in %d", ends[0], y)
			return ends[0], true, true
		}
	}
	x := p.ex.add(0, "period: none of the candidates is for %q", a.text)
	for _, w := range want {
		x.add(0, "wanted %s", w)
	}
	return period.Period{}, true, false
}

// columnNamed returns the period of the table columns whose header holds
// the question's period as written ("fy2024", "q2 fy26"), when they are
// all of one period.
func columnNamed(text string, cands []candidate) (period.Period, bool) {
	norm := func(s string) string {
		return strings.Join(strings.Fields(strings.ReplaceAll(strings.ToLower(s), ",", " ")), " ")
	}
	t := norm(text)
	if len(t) < 4 {
		return period.Period{}, false
	}
	var found period.Period
	for _, c := range cands {
		if !isTable(c.f) || c.f.Period.IsZero() || !strings.Contains(" "+norm(c.f.Column)+" ", " "+t+" ") {
			continue
		}
		if !found.IsZero() && found != c.f.Period {
			return period.Period{}, false
		}
		found = c.f.Period
	}
	return found, !found.IsZero()
}

// undatedActual reports whether an actual figure among cands has no period.
func undatedActual(cands []candidate) bool {
	return slices.ContainsFunc(cands, func(c candidate) bool { return c.f.Kind == facts.Actual && c.f.Period.IsZero() })
}

// onlyPrior reports whether every candidate for per is an earlier period's
// figure cited for comparison.
func onlyPrior(cands []candidate, per period.Period) bool {
	for _, c := range cands {
		if c.f.Period == per && c.f.Kind != facts.Prior {
			return false
		}
	}
	return true
}

// docPeriod resolves the period a question names against the periods the
// company's documents report; false when none of them is it.
func (e *Engine) docPeriod(p query, cov *coverage) (period.Period, bool) {
	cands := make([]candidate, 0, len(cov.periods))
	for _, per := range cov.periods {
		cands = append(cands, candidate{f: facts.Fact{Period: per}})
	}
	p.ex = nil
	target, _, ok := e.resolvePeriod(p, cov, cands)
	return target, ok
}

// group is facts that state the same figure.
type group struct {
	cands []candidate
	score float64
	fit   float64
	// docs are its sources (sourceKey): documents, a table and a sentence
	// of one document counting as two.
	docs map[string]bool
}

// sameFigure reports whether two facts state the same figure: the same
// change, or the same amount in the same currency and unit, allowing for
// rounding ("RMB6,405 million" and "6.41 billion yuan").
func sameFigure(a, b facts.Fact, growth bool) bool {
	if growth && (a.Change != nil) != (b.Change != nil) {
		return false // one states growth, the other does not
	}
	if growth && a.Change != nil && b.Change != nil || a.Value == nil && b.Value == nil {
		return a.Change != nil && b.Change != nil && sameChange(a.Change, b.Change)
	}
	if a.Value == nil || b.Value == nil {
		return false
	}
	return sameValue(a.Value, b.Value) ||
		a.Converted != nil && sameValue(a.Converted, b.Value) ||
		b.Converted != nil && sameValue(a.Value, b.Converted)
}

// sameValue allows half a percent, which covers figures rounded to three
// significant digits.
func sameValue(a, b *facts.Value) bool {
	if a.Currency != b.Currency || a.Unit != b.Unit {
		return false
	}
	if a.Number == b.Number {
		return true
	}
	return math.Abs(a.Number-b.Number) <= 0.005*math.Max(math.Abs(a.Number), math.Abs(b.Number))
}

func sameChange(a, b *facts.Change) bool {
	if !a.HasFigure() || !b.HasFigure() {
		return strings.EqualFold(a.Text, b.Text)
	}
	if (a.Amount != nil) != (b.Amount != nil) && (a.OnlyAmount() || b.OnlyAmount()) || a.Amount != nil && b.Amount != nil && !sameValue(a.Amount, b.Amount) {
		return false // "$310 million" and "28%" are not one figure
	}
	return a.Percent == b.Percent && a.Multiple == b.Multiple && a.Points == b.Points && a.AtLeast == b.AtLeast &&
		(a.Direction == b.Direction || a.Direction == "" || b.Direction == "")
}

// groups splits candidates by the figure they state, best group first: the
// most sources, then the best fit.
func groups(cands []candidate, growth bool) []*group {
	var out []*group
	for _, c := range cands {
		var g *group
		for _, h := range out {
			if sameFigure(h.cands[0].f, c.f, growth) {
				g = h
				break
			}
		}
		if g == nil {
			g = &group{docs: map[string]bool{}}
			out = append(out, g)
		}
		g.cands = append(g.cands, c)
		g.docs[sourceKey(c.f)] = true
		g.score = math.Max(g.score, c.score)
		g.fit = math.Max(g.fit, c.fit)
	}
	slices.SortStableFunc(out, func(a, b *group) int {
		return cmp.Compare(b.score+weight(sources)*float64(len(b.docs)), a.score+weight(sources)*float64(len(a.docs)))
	})
	return out
}
