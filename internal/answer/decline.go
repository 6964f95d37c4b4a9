package answer

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/resultsbot/resultsbot/internal/facts"
	"github.com/resultsbot/resultsbot/internal/period"
)

// Declines say plainly what is missing and what the bot can answer
// instead, and carry no figures: no digit appears in a decline's text or
// its suggestions, whatever the question said.

// decline builds a declined Answer for company ("" when none applies).
func (e *Engine) decline(company string, missing []string, why string, cov *coverage) Answer {
	sugg := e.suggestions(cov)
	text := why
	if instead := e.canAnswer(cov); instead != "" {
		text += " " + instead
	}
	if len(sugg) > 0 {
		text += " For example: “" + sugg[0] + "”"
	}
	return Answer{
		Answered:    false,
		Text:        noDigits(text),
		Company:     company,
		Facts:       []facts.Fact{},
		Citations:   []Citation{},
		Missing:     missing,
		Suggestions: sugg,
	}
}

// noDigits is a last guard: a decline never shows a number, even one the
// user typed into a company name.
func noDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return -1
		}
		return r
	}, s)
}

// covered companies with documents, by short name.
func (e *Engine) coveredShortNames() []string {
	names := make([]string, 0, len(e.withDocs))
	for _, n := range e.withDocs {
		names = append(names, e.covered[n].company.Short)
	}
	slices.Sort(names)
	return names
}

// canAnswer says what the bot can answer about cov's company, or about the
// corpus when cov is nil.
func (e *Engine) canAnswer(cov *coverage) string {
	if cov == nil {
		names := e.coveredShortNames()
		if len(names) == 0 {
			return ""
		}
		return "I can answer questions about the results of " + joinAnd(names) + "."
	}
	metrics := e.topMetrics(cov, 5)
	if len(metrics) == 0 {
		return fmt.Sprintf("I can answer questions about %s results.", possessive(cov.company.Short))
	}
	return fmt.Sprintf("I can answer questions about %s %s.", possessive(cov.company.Short), joinAnd(metrics))
}

// topMetrics lists the segment-metric pairs the corpus holds most often
// for a company, as words.
func (e *Engine) topMetrics(cov *coverage, n int) []string {
	type pair struct {
		k [2]string
		n int
	}
	var ps []pair
	for k, c := range cov.pairs {
		ps = append(ps, pair{k, c})
	}
	slices.SortFunc(ps, func(a, b pair) int {
		return cmp.Or(cmp.Compare(b.n, a.n), cmp.Compare(a.k[0]+a.k[1], b.k[0]+b.k[1]))
	})
	var out []string
	for _, p := range ps {
		if len(out) == n {
			break
		}
		seg, met := p.k[0], p.k[1]
		if met == "" {
			continue // a table row the lexicon does not name
		}
		if seg == facts.Group || seg == "" {
			out = append(out, e.display(met))
		} else {
			out = append(out, e.display(seg)+" "+e.display(met))
		}
	}
	return out
}

// suggestions are questions the corpus can answer, without figures.
func (e *Engine) suggestions(cov *coverage) []string {
	if cov == nil {
		var out []string
		for _, name := range e.coveredShortNames() {
			out = append(out, fmt.Sprintf("What was %s revenue growth?", possessive(name)))
		}
		return out
	}
	var out []string
	for _, m := range e.topMetrics(cov, 3) {
		out = append(out, fmt.Sprintf("What was %s %s in the latest quarter?", possessive(cov.company.Short), m))
	}
	if len(cov.periods) > 1 {
		out = append(out, fmt.Sprintf("What was %s revenue in the %s quarter?", possessive(cov.company.Short), cov.periods[1].End.Month()))
	}
	return out
}

func (e *Engine) declineCompany(name string) Answer {
	return e.decline("", []string{"company"},
		fmt.Sprintf("I don't have any results documents about %s, so I can't answer that.", name), nil)
}

func (e *Engine) declineWhichCompany() Answer {
	return e.decline("", []string{"company"},
		"Which company do you mean? Please name it in your question.", nil)
}

func (e *Engine) declineMetric(p query, cov *coverage, metric string) Answer {
	if metric == "" {
		return e.decline(cov.company.Name, []string{"metric"},
			fmt.Sprintf("I couldn't tell which figure about %s you're asking for.", cov.company.Short), cov)
	}
	what := e.subject(cov.company.Short, p.segment, metric)
	switch p.want {
	case WantEstimate:
		what = "an analyst estimate for " + what
	case WantGuidance:
		what = "guidance for " + what
	case WantPlan:
		what = "a plan or target for " + what
	}
	why := fmt.Sprintf("I don't have %s in my sources.", what)
	if p.segment != "" && p.segment != facts.Group && (p.want == WantValue || p.want == WantGrowth) {
		if segs := e.segmentsWith(cov, metric); len(segs) > 0 && !slices.Contains(segs, e.display(p.segment)) {
			why += fmt.Sprintf(" They give %s for %s.", e.display(metric), joinAnd(segs))
		}
	}
	return e.decline(cov.company.Name, []string{"metric"}, why, cov)
}

func (e *Engine) declinePeriod(p query, cov *coverage, cands []candidate) Answer {
	var have []period.Period
	for _, c := range cands {
		if !c.f.Period.IsZero() && !slices.Contains(have, c.f.Period) {
			have = append(have, c.f.Period)
		}
	}
	slices.SortFunc(have, func(a, b period.Period) int { return b.End.Compare(a.End) })
	var names []string
	for _, h := range have {
		if n := "the " + h.End.Month().String() + " " + h.Length.String(); !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	what := e.subject(cov.company.Short, cands[0].f.Segment, cands[0].f.Metric)
	if f := cands[0].f; f.Metric == "" {
		what, _, _ = e.tableSubject(cov.company.Short, f) // a row's label: "Medical and employee benefits"
	}
	why := fmt.Sprintf("I don't have %s for the period you asked about.", what)
	if len(names) > 0 {
		why += " I have it for " + joinAnd(names) + "."
	}
	return e.decline(cov.company.Name, []string{"period"}, why, cov)
}

// declineText says no sentence of the company's documents answers the
// question closely enough.
func (e *Engine) declineText(cov *coverage) Answer {
	return e.decline(cov.company.Name, []string{"passage"},
		fmt.Sprintf("I couldn't find a sentence in %s documents that answers that closely enough.", possessive(cov.company.Short)), cov)
}

// declineSegment says the company's documents report no figures for the
// part of it the question names, and names the parts they do report the
// metric for.
func (e *Engine) declineSegment(p query, cov *coverage) Answer {
	metric := cmp.Or(p.metric, facts.Revenue)
	what := possessive(cov.company.Short) + " " + p.unknownSeg + " " + e.display(metric)
	if p.unknownAfter {
		what = possessive(cov.company.Short) + " " + e.display(metric) + " " + p.unknownSeg
	}
	why := fmt.Sprintf("I don't have %s in my sources.", what)
	if segs := e.segmentsWith(cov, metric); len(segs) > 0 {
		why += fmt.Sprintf(" They give %s for %s.", e.display(metric), joinAnd(segs))
	}
	return e.decline(cov.company.Name, []string{"segment", "metric"}, why, cov)
}

// segmentsWith lists, as answers name them, the segments the company's
// facts give the metric for, the whole company last.
func (e *Engine) segmentsWith(cov *coverage, metric string) []string {
	var out []string
	group := false
	for k := range cov.pairs {
		if k[1] != metric {
			continue
		}
		if k[0] == facts.Group || k[0] == "" {
			group = true
			continue
		}
		out = append(out, e.display(k[0]))
	}
	slices.Sort(out)
	if group {
		out = append(out, "the whole company")
	}
	return out
}

// declineUnfit declines a question whose metric the company's facts give,
// but none for the dimension named: the segment, the kind (actual,
// estimate, guidance, plan), the basis or the unit asked. It says what
// the sources have instead; dim "" is a metric they do not give.
func (e *Engine) declineUnfit(p query, cov *coverage, dim string, had []string) Answer {
	if dim == "" || p.metric == "" {
		return e.declineMetric(p, cov, p.metric)
	}
	a := e.declineMetric(p, cov, p.metric)
	var instead string
	switch dim {
	case "segment":
		var names []string
		for _, s := range had {
			if s == facts.Group || s == "" {
				names = append(names, "the whole company")
			} else if s != facts.OtherUnit {
				names = append(names, e.display(s))
			}
		}
		if len(names) > 0 && !strings.Contains(a.Text, "They give") {
			instead = fmt.Sprintf("My sources give %s %s only for %s.", possessive(cov.company.Short), e.display(p.metric), joinAnd(names))
		}
	case "kind":
		kinds := map[string]string{"actual": "reported figures", "estimate": "analysts' estimates", "prior": "earlier periods' figures", "target": "targets", "guidance": "guidance"}
		var names []string
		for _, k := range had {
			if n, ok := kinds[k]; ok {
				names = append(names, n)
			}
		}
		if len(names) > 0 {
			instead = fmt.Sprintf("For %s %s my sources have only %s.", possessive(cov.company.Short), e.display(p.metric), joinAnd(names))
		}
	}
	if instead != "" {
		why, rest, _ := strings.Cut(a.Text, ". ")
		a.Text = noDigits(why + ". " + instead + " " + rest)
	}
	if !slices.Contains(a.Missing, dim) {
		a.Missing = append(a.Missing, dim)
	}
	return a
}
