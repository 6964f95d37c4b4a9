// Package tagger reads results language in any text, a passage or a
// question alike: it marks typed spans (company, metric, segment, period,
// amount, change, qualifier, cue) with their byte offsets and canonical
// names, using the words of a lexicon.Lexicon and the companies of a
// registry.
//
// The tagger says what is written, not what it means in context: a period
// comes out as an unresolved PeriodExpr ("the third quarter", "last
// quarter", "FY26"), which a document resolves against its date, period and
// fiscal calendar (PeriodContext.Resolve) and the answer engine resolves
// against the periods its corpus holds. Which figure a metric word belongs
// to, and what kind of figure it is, are decided by internal/facts.
//
// A Tagger is immutable after New and safe for concurrent use. Its regular
// expressions are compiled once, in New, and guarded by literal prefilters
// (lexicon.Pattern), so a sentence naming none of a pattern's words costs a
// strings.Contains.
package tagger

import (
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/lexicon"
)

// Text is a text to tag with its lower-case form, computed once and shared
// by every stage's prefilter.
type Text struct {
	S     string
	Lower string // strings.ToLower(S)
}

// NewText returns s with its lower case.
func NewText(s string) Text { return Text{S: s, Lower: strings.ToLower(s)} }

// Term is a named thing in a text: a company, metric, segment, qualifier or
// cue; Name is its canonical name and [Start, End) the bytes that name it.
type Term struct {
	Name  string
	Start int
	End   int
	// Owner is, for a segment, the registry company whose own name for it
	// this is ("Cloud Intelligence Group" is Alibaba's); "" for the
	// lexicon's generic names.
	Owner string
}

// Kind is the type of a Span.
type Kind string

// The kinds of span.
const (
	KindCompany   Kind = "company"
	KindMetric    Kind = "metric"
	KindSegment   Kind = "segment"
	KindPeriod    Kind = "period"
	KindAmount    Kind = "amount"
	KindChange    Kind = "change"
	KindQualifier Kind = "qualifier"
	KindCue       Kind = "cue"
)

// Span is one typed span of a text, for display and explanation: Name is
// the canonical name (a company's registry name, a metric, a period
// expression's text, an amount's normalised value).
type Span struct {
	Kind  Kind   `json:"kind"`
	Name  string `json:"name"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Tagger tags texts with one lexicon and one company registry.
type Tagger struct {
	lex       *lexicon.Lexicon
	companies []corpus.Company
	names     *corpus.Names
	segments  map[string][]lexicon.Pattern // registry name -> the company's own segment names, one pattern per segment
	segKeys   map[string][]string          // registry name -> canonical segment of each pattern
	owners    []string                     // registry names with own segments, in registry order
	periods   *periodGrammar
}

// New returns a Tagger for the lexicon and the companies (the registry and
// companies named in front matter). Companies without a Name are ignored.
func New(lex *lexicon.Lexicon, companies []corpus.Company) *Tagger {
	return newTagger(lex, newPeriodGrammar(lex), companies)
}

// WithCompanies returns a Tagger with t's lexicon (and its compiled
// grammar) for another registry: the answer engine reads questions with
// the names people use for the companies, which the corpus teaches it.
func (t *Tagger) WithCompanies(companies []corpus.Company) *Tagger {
	return newTagger(t.lex, t.periods, companies)
}

func newTagger(lex *lexicon.Lexicon, periods *periodGrammar, companies []corpus.Company) *Tagger {
	t := &Tagger{
		lex:       lex,
		companies: companies,
		names:     corpus.NewNames(companies),
		segments:  map[string][]lexicon.Pattern{},
		segKeys:   map[string][]string{},
		periods:   periods,
	}
	byLen := func(s []string) { sort.SliceStable(s, func(i, j int) bool { return len(s[i]) > len(s[j]) }) }
	for _, c := range companies {
		if c.Name == "" || len(c.Segments) == 0 || t.segments[c.Name] != nil {
			continue
		}
		keys := make([]string, 0, len(c.Segments))
		for k := range c.Segments {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			var alts []string
			for _, n := range c.Segments[k] {
				if n = strings.TrimSpace(n); n != "" {
					alts = append(alts, regexp.QuoteMeta(n))
				}
			}
			if len(alts) == 0 {
				continue
			}
			byLen(alts)
			t.segments[c.Name] = append(t.segments[c.Name], lexicon.MustCompile(`(?i)\b(?:`+strings.Join(alts, "|")+`)\b`))
			t.segKeys[c.Name] = append(t.segKeys[c.Name], strings.ToLower(k))
		}
		if len(t.segments[c.Name]) > 0 {
			t.owners = append(t.owners, c.Name)
		}
	}
	return t
}

// Lexicon returns the lexicon the tagger reads with.
func (t *Tagger) Lexicon() *lexicon.Lexicon { return t.lex }

// Registry returns the companies the tagger reads with, their own segments
// included.
func (t *Tagger) Registry() []corpus.Company { return t.companies }

// Names returns the company-name matcher the tagger reads with.
func (t *Tagger) Names() *corpus.Names { return t.names }

// Metrics returns the metrics a text names, in text order, the longest
// name winning where two overlap ("adjusted EBITA" over "EBITA").
func (t *Tagger) Metrics(x Text) []Term {
	var ts []Term
	for i := range t.lex.Metrics {
		m := &t.lex.Metrics[i]
		if !m.Match.MayMatch(x.Lower) {
			continue
		}
		for _, loc := range m.Match.FindAllStringIndex(x.S, -1) {
			ts = append(ts, Term{Name: m.Name, Start: loc[0], End: loc[1]})
		}
	}
	return KeepLongest(ts, termSpan)
}

// Segments returns the segments a text names, in text order: the lexicon's
// generic names, and the registry's names for company's own segments
// ("Cloud Intelligence Group" -> "cloud"), the longest winning where two
// overlap. company is a registry name, short name, alias or ticker, or ""
// for the generic names only. A generic word that describes the company
// ("the e-commerce giant") is not a segment.
func (t *Tagger) Segments(x Text, company string) []Term {
	ts := t.genericSegments(x)
	if c, ok := t.names.Lookup(company); ok {
		ts = t.ownSegments(x, c.Name, ts)
	}
	return KeepLongest(ts, termSpan)
}

// AllSegments is Segments with every registry company's own names at
// once, each Term's Owner saying whose name it is.
func (t *Tagger) AllSegments(x Text) []Term { return t.SegmentsOf(x, t.owners) }

// SegmentsOf is Segments with the own names of the companies given (registry
// names) at once, each Term's Owner saying whose name it is; where names
// overlap the longest wins, then the generic name, then the earlier
// company. It reads a question that names no company: "data center
// revenue" names a segment only Norvane has.
func (t *Tagger) SegmentsOf(x Text, companies []string) []Term {
	ts := t.genericSegments(x)
	for _, c := range companies {
		ts = t.ownSegments(x, c, ts)
	}
	return KeepLongest(ts, termSpan)
}

func (t *Tagger) genericSegments(x Text) []Term {
	var ts []Term
	for i := range t.lex.Segments {
		s := &t.lex.Segments[i]
		if !s.Match.MayMatch(x.Lower) {
			continue
		}
		for _, loc := range s.Match.FindAllStringIndex(x.S, -1) {
			if t.lex.NotSegmentAfter(x.S[loc[1]:]) {
				continue
			}
			ts = append(ts, Term{Name: s.Name, Start: loc[0], End: loc[1]})
		}
	}
	return ts
}

func (t *Tagger) ownSegments(x Text, company string, ts []Term) []Term {
	for i, p := range t.segments[company] {
		if !p.MayMatch(x.Lower) {
			continue
		}
		for _, loc := range p.FindAllStringIndex(x.S, -1) {
			ts = append(ts, Term{Name: t.segKeys[company][i], Start: loc[0], End: loc[1], Owner: company})
		}
	}
	return ts
}

// OwnSegments returns the canonical names of company's own segments (its
// registry entry's keys), sorted.
func (t *Tagger) OwnSegments(company string) []string {
	c, ok := t.names.Lookup(company)
	if !ok {
		return nil
	}
	return slices.Sorted(slices.Values(t.segKeys[c.Name]))
}

// IsOwnSegment reports whether key is one of company's own segments (its
// registry entry's keys, the documents' segments included).
func (t *Tagger) IsOwnSegment(company, key string) bool {
	c, ok := t.names.Lookup(company)
	return ok && slices.Contains(t.segKeys[c.Name], key)
}

// Companies returns the registry companies a text names, in text order:
// names, short names and aliases in any case, tickers in their own case
// (or, with foldTickers, in any case: for a lower-cased question). Each
// Term's Name is the company's registry Name.
func (t *Tagger) Companies(x Text, foldTickers bool) []Term {
	var ts []Term
	for _, m := range t.names.Find(x.S, foldTickers) {
		ts = append(ts, Term{Name: m.Company.Name, Start: m.Start, End: m.End})
	}
	return ts
}

// Qualifiers returns the qualifiers a text states, in lexicon order, each
// once ("constant currency", "non-GAAP", "GAAP", "adjusted", "IFRS",
// "diluted", ...). A qualifier found only inside a match of its not_within
// qualifier does not count: "non-GAAP" is not also "GAAP".
func (t *Tagger) Qualifiers(x Text) []string {
	var out []string
	for _, q := range t.qualifierTerms(x) {
		if !slices.Contains(out, q.Name) {
			out = append(out, q.Name)
		}
	}
	slices.SortStableFunc(out, func(a, b string) int { return t.qualifierRank(a) - t.qualifierRank(b) })
	return out
}

func (t *Tagger) qualifierRank(name string) int {
	for i, q := range t.lex.Qualifiers {
		if q.Name == name {
			return i
		}
	}
	return len(t.lex.Qualifiers)
}

// qualifierTerms finds the qualifiers' spans, in lexicon order.
func (t *Tagger) qualifierTerms(x Text) []Term {
	var ts []Term
	for i := range t.lex.Qualifiers {
		q := &t.lex.Qualifiers[i]
		if !q.Match.MayMatch(x.Lower) {
			continue
		}
		var within [][]int
		if q.NotWithin != "" {
			if o, ok := t.lex.Qualifier(q.NotWithin); ok {
				within = o.Match.FindAllStringIndex(x.S, -1)
			}
		}
	matches:
		for _, loc := range q.Match.FindAllStringIndex(x.S, -1) {
			for _, w := range within {
				if loc[0] >= w[0] && loc[1] <= w[1] {
					continue matches
				}
			}
			ts = append(ts, Term{Name: q.Name, Start: loc[0], End: loc[1]})
		}
	}
	return ts
}

// Cues returns the lexicon's cue words a text holds as a document states
// them (a cue's patterns), in text order; each Term's Name is the cue's.
func (t *Tagger) Cues(x Text) []Term {
	var ts []Term
	for _, c := range t.lex.Cues {
		if c.Match == nil {
			continue
		}
		for _, loc := range c.Match.FindAllStringIndex(x.S, -1) {
			ts = append(ts, Term{Name: c.Name, Start: loc[0], End: loc[1]})
		}
	}
	sort.SliceStable(ts, func(i, j int) bool { return ts[i].Start < ts[j].Start })
	return ts
}

// Amounts finds the amounts in a text: see the function Amounts.
func (t *Tagger) Amounts(x Text) []Amount { return amountsIn(x.S, x.Lower, 0) }

// Changes finds the movements with a figure: see the function Changes.
func (t *Tagger) Changes(x Text) []Change { return changesIn(x.S, x.Lower, 0) }

// Moves finds the movements without a figure: see the function Moves.
func (t *Tagger) Moves(x Text) []Change { return movesIn(x.S, x.Lower, 0) }

// Tag returns every span of text, in text order (ties: longer first): the
// whole of what the tagger reads, for explanation and tests. Segments
// include every company's own names; periods are unresolved. Readers that
// need only some kinds call the methods for those kinds instead.
func (t *Tagger) Tag(text string) []Span {
	x := NewText(text)
	var out []Span
	addTerms := func(k Kind, ts []Term) {
		for _, tm := range ts {
			out = append(out, Span{Kind: k, Name: tm.Name, Start: tm.Start, End: tm.End})
		}
	}
	addTerms(KindCompany, t.Companies(x, false))
	addTerms(KindMetric, t.Metrics(x))
	addTerms(KindSegment, t.AllSegments(x))
	addTerms(KindQualifier, t.qualifierTerms(x))
	addTerms(KindCue, t.Cues(x))
	for _, a := range t.Amounts(x) {
		out = append(out, Span{Kind: KindAmount, Name: a.Value.Text, Start: a.Value.Start, End: a.Value.End})
		if c := a.Converted; c != nil {
			out = append(out, Span{Kind: KindAmount, Name: c.Text, Start: c.Start, End: c.End})
		}
	}
	for _, c := range t.Changes(x) {
		out = append(out, Span{Kind: KindChange, Name: c.Text, Start: c.Start, End: c.End})
	}
	for _, p := range t.Periods(x) {
		out = append(out, Span{Kind: KindPeriod, Name: p.String(), Start: p.Start, End: p.End})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Start != out[j].Start {
			return out[i].Start < out[j].Start
		}
		return out[i].End > out[j].End
	})
	return out
}

func termSpan(t Term) (int, int) { return t.Start, t.End }

// KeepLongest keeps, of items whose spans overlap, the longest (the
// earliest on ties, then the first given), and returns the survivors in
// text order.
func KeepLongest[T any](xs []T, span func(T) (start, end int)) []T {
	sort.SliceStable(xs, func(i, j int) bool {
		si, ei := span(xs[i])
		sj, ej := span(xs[j])
		if ei-si != ej-sj {
			return ei-si > ej-sj
		}
		return si < sj
	})
	var kept []T
	for _, x := range xs {
		s, e := span(x)
		ok := true
		for _, k := range kept {
			if ks, ke := span(k); s < ke && ks < e {
				ok = false
				break
			}
		}
		if ok {
			kept = append(kept, x)
		}
	}
	sort.SliceStable(kept, func(i, j int) bool {
		si, _ := span(kept[i])
		sj, _ := span(kept[j])
		return si < sj
	})
	return kept
}
