package answer

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/facts"
	"github.com/resultsbot/resultsbot/internal/index"
)

// The retrieve stage: query in, candidates out. Candidate facts come from
// the index by exact filters (the company, the metric asked and its family
// in the lexicon); the question's words only rank them, through the
// full-text relevance of their passages, so "sales" finds facts whose
// source says "revenue". Passages for quotes, people and questions about
// no known metric are retrieved here too.

// candidate is a fact considered for an answer, with its score.
type candidate struct {
	i     int // position in Engine.facts
	f     facts.Fact
	score float64 // fit plus the weighted full-text relevance of its passage
	fit   float64 // how well segment, metric, kind, period and qualifiers fit
	rel   float64 // the relevance of its passage to the question, in [0, 1]
}

// maxCandidates bounds the facts considered for one metric of one company.
const maxCandidates = 5000

// candidates returns the company's facts for the metric asked and its
// family that can answer p, each scored (select.go), in fact order (bleve's
// order among equal scores is not stable; fact order is, so ties rank the
// same on every run). rel is the relevance of passages (relevance).
func (e *Engine) candidates(ctx context.Context, p query, cov *coverage, rel map[string]float64) ([]candidate, error) {
	var hits []index.Hit
	for _, m := range []string{p.metric, e.lex.Family(p.metric)} {
		if m == "" {
			continue
		}
		h, err := e.ix.Search(ctx, index.Query{Type: index.TypeFact, Company: cov.company.Name, Metric: m, Limit: maxCandidates})
		if err != nil {
			return nil, err
		}
		hits = append(hits, h...)
	}
	var pos []int
	seen := map[int]bool{}
	for _, h := range hits {
		if i, ok := e.factIDs[h.ID]; ok && !seen[i] {
			seen[i] = true
			pos = append(pos, i)
		}
	}
	// Facts whose label holds the question's words (label.go), for metrics
	// the lexicon lacks.
	byLabel := 0
	for _, i := range e.labelCandidates(p, cov) {
		if !seen[i] {
			seen[i] = true
			pos = append(pos, i)
			byLabel++
		}
	}
	x := p.ex.add(float64(len(pos)), "retrieved: facts of %s for %q and its family, and %d more by their labels", cov.company.Name, p.metric, byLabel)
	var cands []candidate
	var rejected int
	for _, i := range pos {
		f := e.facts[i]
		var why *[]hit
		if x != nil {
			why = new([]hit)
		}
		fit, reason, ok := e.score(p, f, why)
		if !ok {
			if x != nil {
				rejected++
				if rejected <= maxExplained {
					x.add(0, "rejected %s: %s", f.ID, reason)
				}
			}
			continue
		}
		r := rel[f.Passage]
		c := candidate{i: i, f: f, fit: fit, rel: r, score: fit + weight(relevance)*r}
		cands = append(cands, c)
	}
	if rejected > maxExplained {
		x.add(0, "and %d more rejected", rejected-maxExplained)
	}
	slices.SortFunc(cands, func(a, b candidate) int { return cmp.Compare(a.i, b.i) })
	return cands, nil
}

// maxExplained bounds the rejected candidates an explanation lists.
const maxExplained = 20

// relevance returns, for each passage about the company (any company when
// cov is nil) that matches the question's words, its full-text score
// scaled to [0, 1].
func (e *Engine) relevance(ctx context.Context, p query, cov *coverage) (map[string]float64, error) {
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

// genericWords are question words that say nothing of what is measured.
var genericWords = setOf(`grow grew grown growth growing increase increased rise rose fast faster quickly much many
big large high low change changed up down jump jumped figure figures number numbers latest last previous
recent quarter quarterly year annual fiscal result results report reported total overall`)

// answerFromPassage answers a question that names no metric or segment
// from the passage that holds every word of what it asks about and states
// a figure: its clause, quoted. false when no passage does.
func (e *Engine) answerFromPassage(ctx context.Context, p query, cov *coverage) (Answer, bool, error) {
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
		if !allIn(low, content) || pa.Kind == corpus.TableBlock {
			continue // a table row is answered by its cells' facts, never quoted whole
		}
		for _, i := range e.byPassage[id] {
			if f := e.facts[i]; f.Company == cov.company.Name && (f.Value != nil || f.Change != nil && f.Change.HasFigure()) {
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

func docOf(passageID string) string {
	d, _, _ := strings.Cut(passageID, "#")
	return d
}
