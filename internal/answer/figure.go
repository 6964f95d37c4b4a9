package answer

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/resultsbot/resultsbot/internal/facts"
	"github.com/resultsbot/resultsbot/internal/index"
	"github.com/resultsbot/resultsbot/internal/period"
)

// financial metrics belong to a segment: "revenue" alone means the whole
// group's. Other metrics (downloads, share price, a plan) stand alone.
var financial = map[string]bool{
	facts.Revenue: true, facts.NetIncome: true, facts.OperatingIncome: true,
	facts.GrossProfit: true, facts.EBITA: true, facts.AdjustedEBITA: true, facts.EBITDA: true,
	facts.AdjustedEBITDA: true, facts.EPS: true, facts.FreeCashFlow: true, facts.OperatingCashFlow: true,
	facts.GrossMargin: true, facts.OperatingMargin: true, facts.NetMargin: true,
}

// family relates a metric to its adjusted or unadjusted variant, which
// answer a question about the other when nothing closer exists.
var family = map[string]string{
	facts.EBITA: facts.AdjustedEBITA, facts.AdjustedEBITA: facts.EBITA,
	facts.EBITDA: facts.AdjustedEBITDA, facts.AdjustedEBITDA: facts.EBITDA,
	facts.Capex: facts.Investment,
}

// candidate is a fact considered for an answer, with its score.
type candidate struct {
	i     int // position in Engine.facts
	f     facts.Fact
	score float64 // fit plus the full-text relevance of its passage
	fit   float64 // how well segment, metric, kind, period and qualifiers fit
}

// maxCandidates bounds the facts considered for one metric of one company.
const maxCandidates = 5000

// minScore is how well a fact must fit to be an answer at all.
const minScore = 6

// answerFigure answers a question about a figure: a value, a growth rate,
// an estimate, a beat or miss, a plan.
func (e *Engine) answerFigure(ctx context.Context, p parsed, cov *coverage) (Answer, error) {
	if p.metric == "" && p.segment == "" {
		// "how much did computing power grow?": no metric we know, but a
		// passage may state exactly that.
		if a, ok, err := e.answerFromPassage(ctx, p, cov); err != nil || ok {
			return a, err
		}
	}
	if p.metric == "" && (p.segment != "" || p.want != WantValue && p.want != WantPlan) {
		p.metric = facts.Revenue // "how did cloud do?", "what is the outlook?"
	}
	if p.metric == "" && p.want == WantPlan {
		p.metric = facts.Investment
	}
	if p.metric == "" {
		return e.declineMetric(p, cov, ""), nil
	}
	if p.want == WantPlan && p.period.year != 0 && p.period.fiscalQ == 0 && p.period.exact.IsZero() {
		p.period = periodAsk{} // "by 2028" dates the target, not the report
	}
	compare := p.want == WantCompare
	if compare {
		// A comparison ranks facts as the question it compares would.
		p.want = WantValue
		if p.compareGrowth {
			p.want = WantGrowth
		}
	}
	rel, err := e.relevance(ctx, p, cov)
	if err != nil {
		return Answer{}, err
	}
	// Candidates: the company's facts for the metric and its variant,
	// by exact filters; the words of the question only rank them (through
	// rel), so "sales" finds facts whose source says "revenue".
	var hits []index.Hit
	for _, m := range []string{p.metric, family[p.metric]} {
		if m == "" {
			continue
		}
		h, err := e.ix.Search(ctx, index.Query{Type: index.TypeFact, Company: cov.company.Name, Metric: m, Limit: maxCandidates})
		if err != nil {
			return Answer{}, err
		}
		hits = append(hits, h...)
	}
	var cands []candidate
	for _, h := range hits {
		i, ok := e.factIDs[h.ID]
		if !ok {
			continue
		}
		f := e.facts[i]
		if fit, ok := e.score(p, f); ok {
			cands = append(cands, candidate{i: i, f: f, fit: fit, score: fit + 2*rel[f.Passage]})
		}
	}
	if len(cands) == 0 {
		return e.declineMetric(p, cov, p.metric), nil
	}
	// Bleve's order among equal scores is not stable; fact order is, so
	// ties rank the same on every run.
	slices.SortFunc(cands, func(a, b candidate) int { return cmp.Compare(a.i, b.i) })
	if compare {
		if a, ok := e.composeCompare(p, cov, cands); ok {
			return a, nil
		}
		// "cloud revenue trend": amounts in one period only, so rates.
		other := p
		other.want = map[Want]Want{WantValue: WantGrowth, WantGrowth: WantValue}[p.want]
		if a, ok := e.composeCompare(other, cov, e.rescore(other, cands)); ok {
			return a, nil
		}
	}
	target, asked, ok := e.resolvePeriod(p, cov, cands)
	if !ok {
		return e.declinePeriod(p, cov, cands), nil
	}
	var inPeriod []candidate
	for _, c := range cands {
		if c.f.Period == target {
			inPeriod = append(inPeriod, c)
		}
	}
	slices.SortStableFunc(inPeriod, func(a, b candidate) int { return cmp.Compare(b.score, a.score) })
	if len(inPeriod) == 0 || inPeriod[0].score < minScore {
		return e.declineMetric(p, cov, p.metric), nil
	}
	if p.want == WantBeat {
		return e.composeBeat(p, cov, target, inPeriod, asked), nil
	}
	return e.composeFigure(p, cov, target, inPeriod, cands, asked), nil
}

// genericWords are question words that say nothing of what is measured.
var genericWords = setOf(`grow grew grown growth growing increase increased rise rose fast faster quickly much many
big large high low change changed up down jump jumped figure figures number numbers latest last previous
recent quarter quarterly year annual fiscal result results report reported total overall`)

// answerFromPassage answers a question that names no metric or segment
// from the passage that holds every word of what it asks about and states
// a figure: its clause, quoted. false when no passage does.
func (e *Engine) answerFromPassage(ctx context.Context, p parsed, cov *coverage) (Answer, bool, error) {
	var content []string
	for _, t := range p.terms {
		if genericWords[t] || e.namesCompany(t, cov) || len(t) < 3 {
			continue
		}
		content = append(content, t)
	}
	if len(content) == 0 {
		return Answer{}, false, nil
	}
	rel, err := e.relevance(ctx, p, cov)
	if err != nil {
		return Answer{}, false, err
	}
	ids := slices.Collect(maps.Keys(rel))
	slices.SortFunc(ids, func(a, b string) int { return cmp.Or(cmp.Compare(rel[b], rel[a]), cmp.Compare(a, b)) })
	best := -1
	for _, id := range ids {
		pa, ok := e.corpus.Passage(id)
		if !ok || best >= 0 {
			break
		}
		low := strings.ToLower(pa.Text)
		if !allIn(low, content) {
			continue
		}
		for _, i := range e.byPassage[id] {
			if f := e.facts[i]; f.Company == cov.company.Name && (f.Value != nil || f.Change != nil && hasFigure(f.Change)) {
				best = i
				break
			}
		}
	}
	if best < 0 {
		return Answer{}, false, nil
	}
	f := e.facts[best]
	text := fmt.Sprintf("For %s in %s: %s", cov.company.Short, periodPhrase(f.Period, cov.fye), e.clauseQuote(f))
	return Answer{
		Answered: true, Text: text, Company: cov.company.Name, Period: f.Period.String(), PeriodLabel: cov.fye.Label(f.Period),
		Facts: []facts.Fact{f}, Citations: e.citations([]string{f.Passage}),
		Context: Context{Company: cov.company.Name, Period: f.Period.String(), Segment: f.Segment, Metric: f.Metric},
	}, true, nil
}

// allIn reports whether every word (by its stem) occurs in s.
func allIn(s string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(s, stem(w)) {
			return false
		}
	}
	return true
}

// stem cuts a word to a prefix that matches its other forms ("computing"
// and "compute" share "comput").
func stem(w string) string {
	if len(w) > 6 {
		return w[:len(w)-2]
	}
	return strings.TrimSuffix(w, "s")
}

// namesCompany reports whether a word is part of the company's names.
func (e *Engine) namesCompany(w string, cov *coverage) bool {
	for _, n := range companyNames(cov.company) {
		if slices.Contains(strings.Fields(strings.ToLower(n)), w) {
			return true
		}
	}
	return false
}

// rescore scores candidates again for another reading of the question,
// keeping their relevance.
func (e *Engine) rescore(p parsed, cands []candidate) []candidate {
	var out []candidate
	for _, c := range cands {
		if fit, ok := e.score(p, c.f); ok {
			out = append(out, candidate{i: c.i, f: c.f, fit: fit, score: c.score - c.fit + fit})
		}
	}
	return out
}

// relevance returns, for each passage about the company (any company when
// cov is nil) that matches the question's words, its full-text score
// scaled to [0, 1].
func (e *Engine) relevance(ctx context.Context, p parsed, cov *coverage) (map[string]float64, error) {
	rel := map[string]float64{}
	if len(p.terms) == 0 {
		return rel, nil
	}
	company := ""
	if cov != nil {
		company = cov.company.Name
	}
	hits, err := e.ix.Search(ctx, index.Query{Type: index.TypePassage, Company: company, Text: strings.Join(p.terms, " "), Limit: 200})
	if err != nil {
		return nil, err
	}
	top := 0.0
	for _, h := range hits {
		top = math.Max(top, h.Score)
	}
	for _, h := range hits {
		if top > 0 {
			rel[h.ID] = h.Score / top
		}
	}
	return rel, nil
}

// score says how well fact f fits p, before the relevance of its passage
// is added; false when it cannot answer p.
func (e *Engine) score(p parsed, f facts.Fact) (float64, bool) {
	s := 0.0
	// Metric.
	switch {
	case f.Metric == p.metric:
		s += 4
	case family[p.metric] == f.Metric:
		s += 2
	default:
		return 0, false
	}
	// Segment.
	switch {
	case p.segment != "" && f.Segment == p.segment:
		s += 4
	case p.segment != "" && p.segment != facts.Group && financial[p.metric]:
		return 0, false
	case p.segment != "" && p.segment != facts.Group:
		// "invest in AI and cloud": a plan or a download count is not a
		// segment's figure; the segment only breaks ties.
	case f.Segment == facts.Group || f.Segment == "":
		s += 3
	case financial[f.Metric]:
		return 0, false // "revenue" is the group's, never a segment's
	default:
		s += 1
	}
	// Kind.
	switch p.want {
	case WantEstimate:
		if f.Kind != facts.Estimate {
			return 0, false
		}
		s += 3
	case WantBeat:
		if f.Kind != facts.Estimate && f.Kind != facts.Actual {
			return 0, false
		}
		s += 2
	case WantPlan:
		switch f.Kind {
		case facts.Target:
			s += 3
		case facts.Actual:
			s += 0.5
		default:
			return 0, false
		}
	case WantGuidance:
		if f.Kind != facts.Guidance {
			return 0, false
		}
		s += 3
	default:
		switch f.Kind {
		case facts.Actual:
			s += 2
		case facts.Prior:
			s += 1 // an earlier period's figure, told in a later report
		case facts.Target:
			if f.Metric != facts.Investment && f.Metric != facts.GMV {
				return 0, false
			}
		default:
			return 0, false
		}
	}
	// What is asked.
	switch p.want {
	case WantGrowth:
		if f.Change != nil {
			s += 3
			if f.Value != nil {
				s += 0.5 // "rose 34% to 39.8 billion yuan" says more
			}
			if f.Change.Basis != "" {
				s += 0.5 // a rate with its basis says more
			}
			if p.basis == "" && f.Change.Basis == "yoy" {
				s += 0.8 // year over year is the headline rate
			}
		}
	default:
		if f.Value != nil {
			s += 2
			if f.Change != nil {
				s += 0.5
			}
		} else if f.Change != nil {
			s++
		}
	}
	if f.Value == nil && f.Change == nil {
		return 0, false
	}
	if p.basis != "" && f.Change != nil {
		switch f.Change.Basis {
		case p.basis:
			s += 2
		case "":
		default:
			if p.want == WantGrowth {
				return 0, false
			}
		}
	}
	if f.Change != nil && f.Change.Basis == "vs estimates" && p.want != WantBeat {
		s -= 3 // "beat estimates by 5%" is not growth
	}
	adjusted, constFX := false, false
	for _, q := range f.Qualifiers {
		switch strings.ToLower(q) {
		case "adjusted", "non-gaap":
			adjusted = true
		case "constant currency":
			constFX = true
		}
	}
	// A qualifier asked for must be there; one not asked for is a weaker
	// fit than the reported (GAAP, as-reported) figure.
	switch {
	case p.adjusted && !adjusted && !strings.HasPrefix(f.Metric, "adjusted"):
		s -= 4
	case !p.adjusted && adjusted && !strings.HasPrefix(f.Metric, "adjusted"):
		s -= 1.5
	}
	switch {
	case p.constantFX && !constFX:
		s -= 4
	case !p.constantFX && constFX:
		s -= 1.5
	}
	if p.currency != "" && f.Value != nil {
		if f.Value.Currency == p.currency || f.Converted != nil && f.Converted.Currency == p.currency {
			s++ // "cloud revenue in dollars"
		}
	}
	return s, true
}

// resolvePeriod returns the period to answer for: the one asked, or the
// latest one the candidates hold. asked reports whether the question (or
// its thread) chose it. ok is false when the question names a period the
// candidates do not hold.
func (e *Engine) resolvePeriod(p parsed, cov *coverage, cands []candidate) (target period.Period, asked, ok bool) {
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
	if !a.any() || a.latest {
		// The latest period the company reports, if the figure is there;
		// else the latest period that has it.
		if len(cov.periods) > 0 && slices.Contains(have, cov.periods[0]) {
			return cov.periods[0], a.latest, true
		}
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
	case a.year != 0:
		want = append(want, cov.fye.FiscalYear(a.year), period.Period{Length: period.Year, End: period.Date(a.year, 12, 31)})
	}
	for _, w := range want {
		if slices.Contains(have, w) {
			return w, true, true
		}
	}
	return period.Period{}, true, false
}

// docPeriod resolves the period a question names against the periods the
// company's documents report; false when none of them is it.
func (e *Engine) docPeriod(p parsed, cov *coverage) (period.Period, bool) {
	cands := make([]candidate, 0, len(cov.periods))
	for _, per := range cov.periods {
		cands = append(cands, candidate{f: facts.Fact{Period: per}})
	}
	target, _, ok := e.resolvePeriod(p, cov, cands)
	return target, ok
}

// group is facts that state the same figure.
type group struct {
	cands []candidate
	score float64
	fit   float64
	docs  map[string]bool
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
	if !hasFigure(a) || !hasFigure(b) {
		return strings.EqualFold(a.Text, b.Text)
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
		g.docs[docOf(c.f.Passage)] = true
		g.score = math.Max(g.score, c.score)
		g.fit = math.Max(g.fit, c.fit)
	}
	slices.SortStableFunc(out, func(a, b *group) int {
		return cmp.Compare(b.score+float64(len(b.docs)), a.score+float64(len(a.docs)))
	})
	return out
}

func docOf(passageID string) string {
	d, _, _ := strings.Cut(passageID, "#")
	return d
}
