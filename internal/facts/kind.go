package facts

import (
	"regexp"
	"strings"

	"github.com/resultsbot/resultsbot/internal/lexicon"
	"github.com/resultsbot/resultsbot/internal/tagger"
)

// The kind of a figure (actual, estimate, prior, target, guidance) is
// decided by where cue words stand relative to it. The cue words are the
// lexicon's (cues estimate, analyst, expect, guidance, target, prior and
// the trailing period words); how they combine is the grammar below.

// kindCues are the lexicon's cue words compiled for kindFor.
type kindCues struct {
	estimate, guidance, target *lexicon.Cue
	// analystSubject is an analyst or the market as the subject of a verb
	// of expecting: "analysts expect", "the consensus forecast".
	analystSubject *regexp.Regexp
	// priorAfter starts the text after a figure with a phrase naming an
	// earlier time: "a year ago", "in previous quarters".
	priorAfterRe *regexp.Regexp
	// trailing names a trailing period: "over the past four quarters".
	trailing *regexp.Regexp
}

func newKindCues(lex *lexicon.Lexicon) kindCues {
	k := kindCues{estimate: lex.Cue("estimate"), guidance: lex.Cue("guidance"), target: lex.Cue("target")}
	never := regexp.MustCompile(`[^\x00-\x{10FFFF}]`) // matches nothing
	k.analystSubject, k.priorAfterRe, k.trailing = never, never, never
	analyst, expect := lex.Cue("analyst"), lex.Cue("expect")
	if len(analyst.Patterns) > 0 && len(expect.Patterns) > 0 {
		k.analystSubject = regexp.MustCompile(lexicon.Words(analyst.Patterns, true) + `(?:\s+[\w,'-]+){0,4}?\s+(?:had\s+|have\s+|on average\s+)?` + lexicon.Words(expect.Patterns, false))
	}
	if prior := lex.Cue("prior"); len(prior.Patterns) > 0 {
		k.priorAfterRe = regexp.MustCompile(`(?i)^[\s\w'-]{0,40}?` + lexicon.Words(prior.Patterns, false))
	}
	if ps := lex.Periods.Relative[lexicon.RelTrailing]; len(ps) > 0 {
		k.trailing = regexp.MustCompile(lexicon.Words(ps, true))
	}
	return k
}

var (
	priorBeforeRe = regexp.MustCompile(`(?i)(?:\b(?:from|compared (?:with|to)|versus|vs\.?|against|relative to)\s+(?:the\s+|a\s+|an\s+)?(?:(?:net |operating )?(?:loss|profit|income) of\s+)?|\b(?:last|previous|prior|preceding) (?:quarter|year|period)['’]s\s+|\b(?:year-ago|prior-year|year-earlier|prior-quarter)\s+)(?:about\s+|around\s+|roughly\s+)?$`)
	// basisAfterRe follows a change measured against an earlier period
	// ("rose 8% from a year earlier"): the basis, not a prior figure.
	basisAfterRe = regexp.MustCompile(`(?i)^\s*(?:\w+\s+){0,2}?(?:from|than|over|versus|vs\.?|compared (?:with|to)|against)\s+(?:the\s+|a\s+)?(?:year-ago|prior-year|previous|prior|preceding|same|last|year|quarter|a year|corresponding)`)
	// joinRe joins figures a later phrase describes together: "18% and
	// 22% in previous quarters", "from 18% to 26% earlier in the year".
	joinRe         = regexp.MustCompile(`(?i)^\s*,?\s*(?:and|to|or|then)\s+(?:about\s+|around\s+)?$`)
	thanExpectedRe = regexp.MustCompile(`(?i)\b(?:better|worse|higher|lower|stronger|weaker|softer)[- ]than[- ](?:expected|estimated|forecast)\b`)
	// companyExpectsRe is the company as the subject of an outlook verb,
	// which makes its figure guidance even when analysts are named.
	companyExpectsRe = regexp.MustCompile(`(?i)\b(?:the company|management|the group|we|it)\s+(?:now\s+|also\s+)?(?:expects|forecasts|projects|guided|guides|anticipates|sees)\b`)
	bareLevelRe      = regexp.MustCompile(`(?i)\b(?:to|of|at|was|were|is|reached|stood|hit|around|about|with)\s*$`)
)

// priorAfter reports whether after, the text after a figure, names an
// earlier time the figure belongs to; "topped last quarter's $1.30" names
// the next figure's time, not this one's.
func (k kindCues) priorAfter(after string) bool {
	m := k.priorAfterRe.FindStringIndex(after)
	return m != nil && !strings.HasPrefix(after[m[1]:], "'s") && !strings.HasPrefix(after[m[1]:], "’s")
}

// kindFor classifies a figure at [start, end) given the text before it in
// its clause and after it.
//
// The rules, in order: a change measured against estimates is actual; an
// analyst or the market expecting is an estimate; an estimate word just
// before the figure is an estimate; "from", "versus", "last quarter's",
// "year-ago" just before it make it prior; a plan, pledge or target word
// in its clause makes it a target; an expecting, guiding or forecasting
// word before it (the company's, or a subject-less "is expected to") makes
// it guidance; a phrase after it naming an earlier time ("a year ago",
// "earlier in the year", "in previous quarters"), after it or after the
// figures joined to it by "and" or "to", makes it prior unless it is a
// change's basis ("rose 8% from a year earlier").
func (s *sentenceFacts) kindFor(i int, prevEnd int, metric string) Kind {
	f := s.figures[i]
	ci := s.clauseOf(f.start)
	c := s.clauses[ci]
	before := s.text[min(max(c[0], prevEnd), f.start):f.start]
	after := ""
	if c[1] > f.end {
		after = s.text[f.end:c[1]]
	}
	// figures joined to the next ("18% and 22% in previous quarters")
	// share the phrase after the last of them
	joined := f.end
	for j := i + 1; j < len(s.figures) && joinRe.MatchString(s.text[joined:s.figures[j].start]); j++ {
		joined = s.figures[j].end
	}
	if joined > f.end {
		after = s.text[joined:max(joined, s.clauses[s.clauseOf(joined)][1])]
	}
	basisAfter := f.change != nil && basisAfterRe.MatchString(after)
	k := s.e.cues
	switch {
	case f.change != nil && f.change.Basis == "vs estimates":
		return Actual
	case k.analystSubject.MatchString(s.text[c[0]:f.start]) && !companyExpectsRe.MatchString(s.text[c[0]:f.start]):
		return Estimate
	case k.estimate.MatchString(tagger.LastWords(thanExpectedRe.ReplaceAllString(before, ""), 8)) && !tagger.EstimateBy.MatchString(before) && !k.guidance.MatchString(before):
		return Estimate
	case priorBeforeRe.MatchString(before):
		return Prior
	case k.target.MatchString(s.text[c[0]:c[1]]):
		return Target
	case f.amount != nil && metric == Investment && k.target.MatchString(s.text) && !k.trailing.MatchString(s.text[c[0]:c[1]]):
		return Target
	case k.guidance.MatchString(s.text[min(c[0], f.start):f.start]):
		return Guidance
	case !basisAfter && k.priorAfter(after):
		return Prior
	}
	for i := 0; i < ci; i++ { // guidance carries forward through a sentence
		if k.guidance.MatchString(s.text[s.clauses[i][0]:s.clauses[i][1]]) {
			return Guidance
		}
	}
	return Actual
}
