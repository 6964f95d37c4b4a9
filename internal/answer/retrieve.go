package answer

import (
	"cmp"
	"context"
	"maps"
	"math"
	"slices"
	"strings"

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
func (e *Engine) candidates(ctx context.Context, p query, cov *coverage, rel map[string]float64) ([]candidate, rejections, error) {
	var hits []index.Hit
	for _, m := range []string{p.metric, e.lex.Family(p.metric)} {
		if m == "" {
			continue
		}
		h, err := e.ix.Search(ctx, index.Query{Type: index.TypeFact, Company: cov.company.Name, Metric: m, Limit: maxCandidates})
		if err != nil {
			return nil, nil, err
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
	why := rejections{}
	for _, i := range pos {
		f := e.facts[i]
		var feats *[]hit
		if x != nil {
			feats = new([]hit)
		}
		fit, reason, ok := e.score(p, f, feats)
		if !ok {
			why.add(reason, f)
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
	return cands, why, nil
}

// rejections counts, per dimension of the question (segment, kind, measure,
// unit), the candidates rejected for it, and the values they had: what the
// corpus holds instead, for a decline to say.
type rejections map[string]map[string]int

// reasonDimension maps the start of a rejection reason (select.go score) to
// the dimension of the question that did not fit.
var reasonDimension = []struct{ prefix, dim string }{
	{"another segment's figure", "segment"},
	{"a segment's figure", "segment"},
	{"its sentence does not name", "segment"},
	{"not an estimate", "kind"},
	{"neither an actual nor an estimate", "kind"},
	{"not a plan", "kind"},
	{"not guidance", "kind"},
	{"a target", "kind"},
	{"not an actual figure", "kind"},
	{"growth on another basis", "basis"},
	{"a count, not money", "unit"},
	{"money or a percentage, and the question asks how many", "unit"},
	{"a change by an amount", "kind"},
	{"a change of an earlier period", "kind"},
}

func (r rejections) add(reason string, f facts.Fact) {
	for _, d := range reasonDimension {
		if strings.HasPrefix(reason, d.prefix) {
			if r[d.dim] == nil {
				r[d.dim] = map[string]int{}
			}
			val := f.Segment
			if d.dim == "kind" {
				val = string(f.Kind)
			}
			r[d.dim][val]++
			return
		}
	}
}

// main returns the dimension most candidates were rejected for, and the
// values they had, most frequent first; "" when none.
func (r rejections) main() (string, []string) {
	best, n := "", 0
	for _, d := range []string{"segment", "kind", "basis", "unit"} {
		total := 0
		for _, c := range r[d] {
			total += c
		}
		if total > n {
			best, n = d, total
		}
	}
	if best == "" {
		return "", nil
	}
	vals := slices.Collect(maps.Keys(r[best]))
	slices.SortFunc(vals, func(a, b string) int { return cmp.Or(cmp.Compare(r[best][b], r[best][a]), cmp.Compare(a, b)) })
	return best, vals
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
