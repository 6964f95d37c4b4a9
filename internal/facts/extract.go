package facts

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/lexicon"
	"github.com/resultsbot/resultsbot/internal/period"
	"github.com/resultsbot/resultsbot/internal/tagger"
)

// Extractor turns passages into facts, knowing the lexicon and the company
// registry. It is immutable after New and safe for concurrent use.
type Extractor struct {
	lex  *lexicon.Lexicon
	tg   *tagger.Tagger
	fyes map[string]period.FiscalYearEnd // registry name -> fiscal year end
	cues kindCues
	// sections maps a block (SectionKey) under a segment's heading or
	// lead-in to the segment (FindSegments).
	sections map[string]string
}

// New returns an Extractor that reads with lex, for the given registry.
// Companies without a Name are ignored; an unreadable FiscalYearEnd counts
// as December 31.
func New(lex *lexicon.Lexicon, companies []corpus.Company) *Extractor {
	e := &Extractor{lex: lex, tg: tagger.New(lex, companies), fyes: map[string]period.FiscalYearEnd{}, cues: newKindCues(lex)}
	for _, c := range companies {
		if c.Name == "" {
			continue
		}
		if _, seen := e.fyes[c.Name]; !seen {
			e.fyes[c.Name], _ = period.ParseFiscalYearEnd(c.FiscalYearEnd)
		}
	}
	return e
}

// NewWithSegments returns an Extractor that reads with lex for the registry
// and document segments ds (FindSegments): the segments' names are read as
// their companies' own, and a sentence under a segment's heading or
// lead-in that names no segment states that segment's figures.
func NewWithSegments(lex *lexicon.Lexicon, ds DocSegments) *Extractor {
	e := New(lex, ds.Companies)
	e.sections = ds.Sections
	return e
}

// Tagger returns the tagger the extractor reads passages with.
func (e *Extractor) Tagger() *tagger.Tagger { return e.tg }

// Lexicon returns the lexicon the extractor reads with.
func (e *Extractor) Lexicon() *lexicon.Lexicon { return e.lex }

// sentenceEndRe ends a sentence: terminal punctuation, optional closing
// quote, then space and a capital, digit or quote; or a line break.
var sentenceEndRe = regexp.MustCompile(`[.!?]["”’)]?\s+["“‘(]?[A-Z0-9]|\n+`)

// sentences splits text into trimmed sentence spans.
func sentences(text string) [][2]int {
	var out [][2]int
	start := 0
	push := func(s, e int) {
		for s < e && (text[s] == ' ' || text[s] == '\t' || text[s] == '\n' || text[s] == '\r') {
			s++
		}
		for e > s && (text[e-1] == ' ' || text[e-1] == '\t' || text[e-1] == '\n' || text[e-1] == '\r') {
			e--
		}
		if e > s {
			out = append(out, [2]int{s, e})
		}
	}
	for _, m := range sentenceEndRe.FindAllStringIndex(text, -1) {
		cut := m[0] + 1
		if text[m[0]] == '\n' {
			cut = m[0]
		} else {
			// keep a closing quote with its sentence
			for cut < m[1] && text[cut] != ' ' && text[cut] != '\n' && text[cut] != '\t' {
				cut++
			}
			// "U.S. Tech" and "Inc. Revenue" are not ends; a lone capital before the dot is an initial
			if m[0] >= 2 && (text[m[0]-2] == '.' || text[m[0]-2] == ' ' && text[m[0]-1] >= 'A' && text[m[0]-1] <= 'Z') {
				continue
			}
		}
		push(start, cut)
		start = cut
	}
	push(start, len(text))
	return out
}

// figure is a value or change found in a sentence.
type figure struct {
	amount *tagger.Amount
	change *Change
	start  int // sentence offsets, the conversion included
	end    int
}

// Extract returns the facts p states, in text order. Offsets are document
// offsets (p.Start plus the offset in p.Text). A fact's Company is the
// registry Name of the company the clause names, else of p.Meta.Company
// (kept as written when the registry does not know it); its Period is
// p.Meta.Period unless the text names another. Figures that cannot be tied
// to a metric are dropped. A nil p.Meta is allowed.
func (e *Extractor) Extract(p corpus.Passage) []Fact {
	meta := p.Meta
	if meta == nil {
		meta = &corpus.Meta{}
	}
	docCompany := meta.Company
	ctx := tagger.PeriodContext{Published: meta.Published, Period: meta.Period, FiscalYearEnd: meta.FiscalYearEnd}
	if c, ok := e.tg.Names().Lookup(meta.Company); ok {
		docCompany = c.Name
		if ctx.FiscalYearEnd == (period.FiscalYearEnd{}) {
			ctx.FiscalYearEnd = e.fyes[c.Name]
		}
	}
	yen := meta.Currency == "JPY" || meta.Currency == "" && yenRe.MatchString(p.Text)
	var out []Fact
	for _, s := range sentences(p.Text) {
		sx := sentenceFacts{e: e, text: p.Text[s[0]:s[1]], docCompany: docCompany, ctx: ctx, section: e.sections[SectionKey(p.Doc, p.Block)]}
		for _, f := range sx.facts() {
			f.Passage = p.ID
			f.Start, f.End = p.Start+s[0], p.Start+s[1]
			shiftFact(&f, p.Start+s[0])
			if yen {
				yenSign(f.Value)
				yenSign(f.Converted)
			}
			f.ID = ID(p.Doc, f)
			out = append(out, f)
		}
	}
	return out
}

// yenRe finds the yen named in words, which makes ¥ the yen's sign.
var yenRe = regexp.MustCompile(`(?i)\byen\b|\bJPY\b`)

// yenSign reads ¥ as the yen (JPY) rather than the yuan, its default:
// for a document whose reporting currency is JPY, or a passage that names
// the yen.
func yenSign(v *Value) {
	if v != nil && v.Currency == "CNY" && strings.HasPrefix(v.Text, "¥") {
		v.Currency = "JPY"
	}
}

func shift(v *Value, base int) { v.Start += base; v.End += base }

func shiftFact(f *Fact, base int) {
	if f.Value != nil {
		shift(f.Value, base)
	}
	if f.Converted != nil {
		shift(f.Converted, base)
	}
	if f.Change != nil {
		f.Change.Start += base
		f.Change.End += base
		if f.Change.Amount != nil {
			a := *f.Change.Amount // its own copy: a change's amount is shifted once
			shift(&a, base)
			f.Change.Amount = &a
		}
	}
}

// sentenceFacts holds one sentence's stages; offsets are sentence offsets.
type sentenceFacts struct {
	e          *Extractor
	text       string
	docCompany string
	ctx        tagger.PeriodContext
	section    string // the segment of the section or lead-in the sentence is under, if any
	// respectively dates figures (by start) that a list of years closed by
	// "respectively" pairs with them.
	respectively map[int]tagger.PeriodRef

	x         tagger.Text
	clauses   [][2]int
	figures   []figure
	metrics   []tagger.Term
	segments  []tagger.Term
	companies []tagger.Term
	periods   []tagger.PeriodRef
}

func overlapsAny(s, e int, fs []figure) bool {
	for _, f := range fs {
		if s < f.end && f.start < e {
			return true
		}
	}
	return false
}

func (s *sentenceFacts) facts() []Fact {
	s.clauses = tagger.Clauses(s.text)
	s.x = tagger.NewText(s.text)
	tg := s.e.tg
	for _, a := range tg.Amounts(s.x) {
		a := a
		f := figure{amount: &a, start: a.Value.Start, end: a.Value.End}
		if a.Converted != nil {
			f.end = a.Converted.End
			if strings.HasPrefix(s.text[f.end:], ")") {
				f.end++
			}
		}
		if c, ok := tagger.AmountChange(s.text, a); ok {
			// "increased $310 million": a change, not the level.
			f.amount, f.change = nil, &c
		}
		s.figures = append(s.figures, f)
	}
	for _, c := range tg.Changes(s.x) {
		c := c
		if overlapsAny(c.Start, c.End, s.figures) {
			continue
		}
		s.figures = append(s.figures, figure{change: &c, start: c.Start, end: c.End})
	}
	s.figures = mergeAmountChanges(s.text, s.figures)
	if len(s.figures) == 0 && !tagger.HasMove(s.text, s.x.Lower) {
		return nil // no figure and no movement: nothing to state
	}
	sort.Slice(s.figures, func(i, j int) bool { return s.figures[i].start < s.figures[j].start })
	s.companies = tg.Companies(s.x, false)
	for _, t := range tg.Metrics(s.x) {
		if !overlapsAny(t.Start, t.End, s.figures) {
			s.metrics = append(s.metrics, t)
		}
	}
	for _, m := range growthRe.FindAllStringIndex(s.text, -1) {
		s.metrics = append(s.metrics, tagger.Term{Name: Revenue, Start: m[0], End: m[1]})
	}
	sort.Slice(s.metrics, func(i, j int) bool { return s.metrics[i].Start < s.metrics[j].Start })
	for _, t := range tg.Segments(s.x, s.docCompany) {
		inside := false
		for _, c := range s.companies {
			// Inside a company's name, or a generic word right after one:
			// "Kato North America" is a subsidiary, not the region.
			if t.Start >= c.Start && t.End <= c.End || t.Owner == "" && t.Start >= c.End && strings.TrimSpace(s.text[c.End:t.Start]) == "" {
				inside = true
			}
		}
		if m := properBeforeRE.FindStringSubmatch(s.text[:t.Start]); t.Owner == "" && m != nil && len(tg.Segments(tagger.NewText(m[1]), s.docCompany)) == 0 && len(tg.Metrics(tagger.NewText(m[1]))) == 0 {
			inside = true // "Kato North America": a name, not the region
		}
		if !inside && !overlapsAny(t.Start, t.End, s.figures) {
			s.segments = append(s.segments, t)
		}
	}
	s.periods = tg.ResolvePeriods(s.x, s.ctx)
	s.respectively = s.pairRespectively()

	var fs []Fact
	for i := range s.figures {
		if f, ok := s.figureFact(i); ok {
			fs = append(fs, f)
		}
	}
	fs = s.moves(fs)
	return pair(fs)
}

// properBeforeRE is a capitalised word, not a sentence's first, right
// before a text's end.
var properBeforeRE = regexp.MustCompile(`\S\s+(\p{Lu}[\p{L}&-]+)\s$`)

var (
	// shareAfterRe follows a percentage that is a share of a total:
	// "57% of net revenue", "a 30% share of total revenues".
	shareAfterRe = regexp.MustCompile(`(?i)^\s*(?:each\s+)?(?:share\b|of (?:(?:the|its|our|their|group|total|net|consolidated|company|overall)\s+)*(?:revenues?|sales|turnover|total)\b)`)
	// shareBeforeRe precedes a percentage that is a part's share.
	shareBeforeRe = regexp.MustCompile(`(?i)\b(?:represent(?:ed|s|ing)?|accounted for|accounts? for|accounting for|made up|makes? up|contributed|comprised?|for)\s+(?:about |approximately |around |roughly |nearly |some |over |more than |just over |almost )?$`)
	// listGapRe is what separates the items of a list of shares:
	// ", Smartphone 28%", "the Americas for 24 percent".
	listGapRe = regexp.MustCompile(`^[^.;:]{0,60}$`)
)

// share reports whether figure i, a percentage, is a share of a total: it
// is followed by "of revenue" or "share", or follows "represented" or
// "accounted for" in a sentence that speaks of a total, or continues a list
// of shares.
func (s *sentenceFacts) share(i int) bool {
	f := s.figures[i]
	if f.change == nil || f.change.Amount != nil || f.change.Percent == 0 || f.change.Points != 0 || f.change.Multiple != 0 {
		return false
	}
	if f.change.Direction != "" && !shareBeforeRe.MatchString(s.text[:f.start]) {
		return false
	}
	for _, g := range s.figures {
		if g.end <= f.start && g.amount != nil && g.amount.Value.Currency != "" && !shareBeforeRe.MatchString(s.text[:f.start]) {
			return false // "R&D spend was Rs 214.6 crore, 7.5% of revenue": that amount's ratio, not a part's share
		}
	}
	after := s.text[f.end:]
	switch {
	case shareAfterRe.MatchString(after):
		return true
	case shareBeforeRe.MatchString(s.text[:f.start]) && totalRe.MatchString(s.text):
		return true
	}
	if i > 0 && f.change.Direction == "" {
		prev := s.figures[i-1]
		return prev.change != nil && listGapRe.MatchString(s.text[prev.end:f.start]) && s.share(i-1)
	}
	return false
}

// shareSegment is the part a share belongs to: a segment named just before
// it ("Smartphone 28%", "the Americas for 24 percent"); when another name
// stands there instead ("Asia for 18 percent"), a part the documents do not
// name as a segment; else seg, the segment the sentence gives.
func (s *sentenceFacts) shareSegment(i int, seg string) string {
	f := s.figures[i]
	lo := 0
	if i > 0 {
		lo = s.figures[i-1].end
	}
	for j := len(s.segments) - 1; j >= 0; j-- {
		g := s.segments[j]
		if g.End <= f.start && g.Start >= lo && f.start-g.End <= 25 {
			return g.Name
		}
	}
	if i > 0 && properNameRE.MatchString(s.text[lo:f.start]) {
		return OtherUnit
	}
	return seg
}

// properNameRE finds a capitalised name.
var properNameRE = regexp.MustCompile(`\b\p{Lu}[\p{L}&-]+`)

// totalRe names the total a share is of.
var totalRe = regexp.MustCompile(`(?i)\b(?:of (?:(?:the|its|our|group|total|net|consolidated)\s+)*(?:revenues?|sales|turnover|total)|share)\b`)

// amountOrRe joins a change stated as an amount to its rate: "increased
// $310 million, or 28%,".
var amountOrRe = regexp.MustCompile(`^\s*,?\s*(?:or|and)\s+(?:by\s+)?$|^\s*\(\s*$`)

// mergeAmountChanges gives a rate the amount stated just before it ("$310
// million, or 28%"), so that they are one change; figures are in text
// order and stay so.
func mergeAmountChanges(text string, fs []figure) []figure {
	sort.Slice(fs, func(i, j int) bool { return fs[i].start < fs[j].start })
	var out []figure
	for i := 0; i < len(fs); i++ {
		f := fs[i]
		if f.change != nil && f.change.OnlyAmount() && i+1 < len(fs) {
			next := fs[i+1]
			if next.change != nil && next.change.Amount == nil && !next.change.IsMove() && amountOrRe.MatchString(text[f.end:next.start]) {
				c := *next.change
				c.Amount = f.change.Amount
				if c.Direction == "" {
					c.Direction = f.change.Direction
				}
				out = append(out, figure{change: &c, start: next.start, end: next.end})
				i++
				continue
			}
		}
		out = append(out, f)
	}
	return out
}

func (s *sentenceFacts) clauseOf(pos int) int {
	for i, c := range s.clauses {
		if pos >= c[0] && pos <= c[1] {
			return i
		}
	}
	return len(s.clauses) - 1
}

// metricFor picks the metric term a figure belongs to: the nearest in its
// clause (one before the figure preferred), else the nearest before it in
// the sentence, else the nearest after it.
func (s *sentenceFacts) metricFor(start, end int) (tagger.Term, bool) {
	ci := s.clauseOf(start)
	c := s.clauses[ci]
	best, bestCost := tagger.Term{}, -1
	for _, t := range s.metrics {
		if t.Start < c[0] || t.End > c[1] {
			continue
		}
		cost := 0
		if t.End <= start {
			cost = start - t.End
		} else {
			cost = 2*(t.Start-end) + 5
		}
		if bestCost < 0 || cost < bestCost {
			best, bestCost = t, cost
		}
	}
	if bestCost >= 0 {
		return best, true
	}
	for i := len(s.metrics) - 1; i >= 0; i-- {
		if s.metrics[i].End <= start {
			return s.metrics[i], true
		}
	}
	for _, t := range s.metrics {
		if t.Start >= end {
			return t, true
		}
	}
	return tagger.Term{}, false
}

// objectRe precedes a segment named as the object of a preposition
// ("investments in instant commerce"), which does not carry to later figures.
var objectRe = regexp.MustCompile(`(?i)\b(?:in|into|on|for|from|to|of|with|like|including)\s+(?:the\s+|its\s+|their\s+)?$`)

// growthRe is "growth" said of a segment ("34% cloud growth"): revenue
// growth. It is only taken where no other metric is named.
var plusMinusRe = regexp.MustCompile(`(?i)(?:plus or minus|\+/-|±)\s*(?:about\s+)?$`)

var growthRe = regexp.MustCompile(`(?i)\bgrowth\b`)

var segAfterGapRe = regexp.MustCompile(`(?i)^\s+(?:for|from|in|of|at|by|within)\s+(?:the\s+|its\s+|our\s+|their\s+|his\s+)?$`)

// segmentFor picks the segment for a metric term at t (or, when none, for
// the figure at pos).
func (s *sentenceFacts) segmentFor(t *tagger.Term, pos int) string {
	if t != nil {
		var adj *tagger.Term
		for i := range s.segments {
			g := &s.segments[i]
			if g.End <= t.Start && t.Start-g.End <= 30 && !tagger.ClauseBreak.MatchString(s.text[g.End:t.Start]) && !s.figureBetween(g.End, t.Start) {
				adj = g
			}
			if g.Start >= t.End && segAfterGapRe.MatchString(s.text[t.End:g.Start]) && adj == nil {
				adj = g
			}
		}
		if adj != nil {
			return adj.Name
		}
	}
	anchor := pos
	if t != nil && t.Start < anchor {
		anchor = t.Start
	}
	var before *tagger.Term
	for i := range s.segments {
		g := &s.segments[i]
		if g.End <= anchor && !objectRe.MatchString(s.text[max(0, g.Start-24):g.Start]) {
			before = g
		}
	}
	if before != nil {
		return before.Name
	}
	if t == nil {
		for _, g := range s.segments {
			return g.Name
		}
	}
	if s.section != "" && !groupAgainRe.MatchString(s.text) {
		return s.section // "The segment's pre-tax margin was 24.0%." under "Advisory"
	}
	return Group
}

func (s *sentenceFacts) changeIn(a, b int) bool {
	for _, f := range s.figures {
		if f.change != nil && f.start >= a && f.end <= b {
			return true
		}
	}
	return false
}

func (s *sentenceFacts) figureBetween(a, b int) bool {
	for _, f := range s.figures {
		if f.start >= a && f.end <= b {
			return true
		}
	}
	return false
}

var (
	// scopeRe names a whole market, industry or economy: figures it
	// governs are not the company's ("global AI investments reaching $4
	// trillion", "the broader industry grew 4%", "China's cloud market
	// grew 20%").
	scopeRe = regexp.MustCompile(`(?i)\b(?:global(?:ly)?|worldwide|world's|industry(?:-wide)?|sector|nationwide|economy|(?:the|china's|chinese|u\.s\.|america's|global|overall|broader|total|entire|whole)\s+(?:[\w-]+\s+){0,2}?market)\b`)
	// notScopeAfterRe follows a scope word that describes the company:
	// "industry-leading", "market share", "market value".
	notScopeAfterRe = regexp.MustCompile(`(?i)^(?:-leading|\s+(?:leading|leaders?|share|value|cap\w*|expectations?|consensus|close|open|trading|debut))\b`)
	// notScopeBeforeRe precedes a market the company sells in: "revenue in
	// the Chinese market".
	notScopeBeforeRe = regexp.MustCompile(`(?i)\b(?:in|from|within|into|across|to|for)\s*$`)
	// otherSubjectRe is an entity outside the registry governing a figure:
	// a rival or peer, a project, a bank or broker, a web company.
	otherSubjectRe = regexp.MustCompile(`\b(?:[Rr]ivals?|[Cc]ompetitors?|[Pp]eers?)\s+(?:like\s+|such as\s+|including\s+)?[A-Z]|\b(?:Project|Operation|Initiative)\s+[A-Z]|[A-Za-z]\.com\b|\b[A-Z][a-z]+\s+(?:Stanley|Sachs|Research|Securities|Capital|Partners|Bank|Lynch)\b`)
	// priceTargetRe marks an analyst's price target, never a company fact.
	priceTargetRe = regexp.MustCompile(`(?i)\bprice (?:targets?|objectives?)\b|\btarget prices?\b|\bfair value estimates?\b`)
)

// aboutOther reports whether the figure at pos belongs to something other
// than a company: a market, industry or economy, an entity outside the
// registry, or an analyst's price target. It looks at the head of the
// figure's clause, from the last company named before the figure (or the
// clause start) to the figure.
func (s *sentenceFacts) aboutOther(pos int) bool {
	c := s.clauses[s.clauseOf(pos)]
	lo := c[0]
	for _, t := range s.companies {
		if t.End <= pos && t.End > lo {
			lo = t.End
		}
	}
	head := s.text[lo:pos]
	if priceTargetRe.MatchString(s.text[c[0]:pos]) || otherSubjectRe.MatchString(head) {
		return true
	}
	for _, m := range scopeRe.FindAllStringIndex(head, -1) {
		key := m[0] + strings.LastIndexByte(head[m[0]:m[1]], ' ') + 1 // the scope word itself: "market"
		if !notScopeAfterRe.MatchString(head[m[1]:]) && !notScopeBeforeRe.MatchString(head[:m[0]]) && !s.inSegment(lo+key, lo+m[1]) {
			return true
		}
	}
	return false
}

// inSegment reports whether [a, b) overlaps a segment's name ("Qilvara
// Global" is a segment, not the globe).
func (s *sentenceFacts) inSegment(a, b int) bool {
	for _, t := range s.segments {
		if a < t.End && t.Start < b {
			return true
		}
	}
	for _, t := range s.companies {
		if a < t.End && t.Start < b {
			return true
		}
	}
	return false
}

// subUnitRe finds a subsidiary or unit as the subject of a clause.
var subUnitRe = regexp.MustCompile(`(?i)\b(?:its|the company's|the group's|whose)\s+(?:[\w.&-]+\s+){0,3}(?:unit|subsidiary|subsidiaries|affiliate|affiliates|division|joint venture)\b`)

// subUnit reports whether a unit or subsidiary is named before pos with no
// other figure between them: the figure is that unit's.
func (s *sentenceFacts) subUnit(pos int) bool {
	ms := subUnitRe.FindAllStringIndex(s.text[:pos], -1)
	if len(ms) == 0 {
		return false
	}
	// "...; group revenue rose 6%" takes the sentence back to the group.
	return !groupAgainRe.MatchString(s.text[ms[len(ms)-1][1]:pos])
}

// groupAgainRe names the whole company again after a unit.
var groupAgainRe = regexp.MustCompile(`(?i)\b(?:group|total|overall|consolidated|company-wide)\b`)

// relativeYearRe matches period references that date one clause only.
var relativeYearRe = regexp.MustCompile(`(?i)\bthis year\b`)

// constantCurrency reports whether a constant-currency phrase in the
// sentence qualifies figure f: each phrase qualifies the nearest figure
// before it ("up 9% in constant currency", "(19% in constant currency)"),
// or, when it leads, the first figure after it ("In constant currency,
// revenue rose 9%"). So in "an increase of 18% (19% in constant
// currency)" the 18% is the reported rate.
func (s *sentenceFacts) constantCurrency(f figure) bool {
	cc, ok := s.e.lex.Qualifier(ConstantCurrency)
	if !ok {
		return false
	}
	if !cc.Match.MayMatch(s.x.Lower) {
		return false
	}
	for _, m := range cc.Match.FindAllStringIndex(s.text, -1) {
		var target *figure
		for i := range s.figures {
			g := &s.figures[i]
			if g.end <= m[0] && (target == nil || g.end > target.end) {
				target = g
			}
		}
		if target == nil {
			for i := range s.figures {
				if g := &s.figures[i]; g.start >= m[1] {
					target = g
					break
				}
			}
		}
		if target == nil {
			continue
		}
		if target.start == f.start {
			return true
		}
		// The low end of a range shares it: "7% to 8% in constant currency".
		if f.end <= target.start && rangeJoinRe.MatchString(s.text[f.end:target.start]) {
			return true
		}
	}
	return false
}

var (
	respectivelyRe = regexp.MustCompile(`(?i)\brespectively\b`)
	// yearListRe is a list of years: "2019, 2018 and 2017", "fiscal 2019
	// and 2018".
	yearListRe = regexp.MustCompile(`\b(?:19|20)\d\d\b(?:(?:,\s*|,?\s+and\s+)(?:fiscal\s+)?\b(?:19|20)\d\d\b)+`)
	yearRe     = regexp.MustCompile(`\b(?:19|20)\d\d\b`)
)

// pairRespectively pairs the figures of a sentence closed by "respectively"
// with its list of years, in order: the last figures before the word, as
// many as the years of the last list of years before it.
func (s *sentenceFacts) pairRespectively() map[int]tagger.PeriodRef {
	loc := respectivelyRe.FindStringIndex(s.text)
	if loc == nil {
		return nil
	}
	lists := yearListRe.FindAllStringIndex(s.text[:loc[0]], -1)
	if len(lists) == 0 {
		return nil
	}
	list := lists[len(lists)-1]
	years := yearRe.FindAllStringIndex(s.text[list[0]:list[1]], -1)
	var figs []figure
	for _, f := range s.figures {
		if f.end <= loc[0] && (f.start >= list[1] || f.end <= list[0]) {
			figs = append(figs, f)
		}
	}
	if len(figs) < len(years) {
		return nil
	}
	figs = figs[len(figs)-len(years):]
	out := map[int]tagger.PeriodRef{}
	for i, y := range years {
		start, end := list[0]+y[0], list[0]+y[1]
		e := tagger.PeriodExpr{Start: start, End: end, Text: s.text[start:end], Length: period.Year, Year: atoiYear(s.text[start:end]), Prep: true}
		r, ok := s.ctx.Resolve(e)
		if !ok || r.Period.IsZero() {
			return nil
		}
		out[figs[i].start] = r
	}
	return out
}

func atoiYear(s string) int {
	y := 0
	for _, c := range s {
		y = y*10 + int(c-'0')
	}
	return y
}

// comparedRe ends the text before the period a figure is compared with.
var comparedRe = regexp.MustCompile(`(?i)\b(?:from|compared (?:with|to)|versus|vs\.?|than|over|against)\s+(?:the\s+|a\s+)?$`)

// tightAfterRe is what stands between a figure and the period written
// right after it: "in", "for", "at", "during", or nothing.
var tightAfterRe = regexp.MustCompile(`^\s*(?:in|for|at|during|of|as of|as at)?\s*(?:the\s+)?$`)

// rangeJoinRe joins the two ends of a range.
var rangeJoinRe = regexp.MustCompile(`^\s*(?:to|-|–|and)\s*$`)

// periodFor resolves the period of a figure of the given kind.
func (s *sentenceFacts) periodFor(f figure, kind Kind) period.Period {
	ci := s.clauseOf(f.start)
	c := s.clauses[ci]
	var inClause, absBefore, absAfter, trailing *tagger.PeriodRef
	// The period a clause gives a figure: the one written right after it
	// ("£57.9 million in FY25"), else the nearest before it with no other
	// figure between ("in FY24 ... rose to"), else the first after it. So
	// "from £41.2 million in FY24 to £57.9 million in FY25" dates each.
	var tight, before, after *tagger.PeriodRef
	for i := range s.periods {
		r := &s.periods[i]
		if r.Trailing && !r.Period.IsZero() {
			trailing = r
		}
		if r.Start >= c[0] && r.End <= c[1] {
			switch {
			case r.Start >= f.end && tight == nil && tightAfterRe.MatchString(s.text[f.end:r.Start]):
				tight = r
			case r.End <= f.start && !s.figureBetween(r.End, f.start):
				before = r
			case r.End <= f.start && before == nil:
				before = r
			case r.Start >= f.end && after == nil && !s.figureBetween(f.end, r.Start) && (kind == Prior || !comparedRe.MatchString(s.text[f.end:r.Start])):
				after = r // not "up 12 basis points from the third quarter of 2024": that dates the comparison
			}
		}
		if r.Shift == 0 && !r.Trailing && !r.Period.IsZero() && !relativeYearRe.MatchString(r.Text) {
			// A dated period carries forward through the sentence; "this
			// year" belongs to its own clause ("up 60% this year, with
			// shares climbing 8.5% to $136.58" on the day).
			if r.End <= f.start {
				absBefore = r
			} else if absAfter == nil && (kind == Prior || r.Start < f.end || !comparedRe.MatchString(s.text[f.end:r.Start])) {
				absAfter = r
			}
		}
	}
	switch {
	case tight != nil:
		inClause = tight
	case before != nil:
		inClause = before
	default:
		// The first period after it, with no other figure between: not
		// "In 2019, margin fell to 38.7% from 40.0% in 2018".
		inClause = after
	}
	if r, ok := s.respectively[f.start]; ok {
		inClause = &r // "$533 million and $308 million in 2018 and 2017, respectively"
	}
	base := s.ctx.Period
	switch {
	case inClause != nil && inClause.Shift != 0:
		if kind == Prior {
			return inClause.Period
		}
	case inClause != nil && inClause.Trailing:
		return inClause.Period
	case inClause != nil && !inClause.Period.IsZero():
		base = inClause.Period
	case absBefore != nil:
		base = absBefore.Period
	case absAfter != nil && kind != Prior && s.clauseOf(absAfter.Start) == ci:
		base = absAfter.Period
	case trailing != nil && kind == Actual:
		return trailing.Period // "... capital expenditure over the past four quarters"
	}
	if kind == Prior && inClause != nil && inClause.Shift == 0 && !inClause.Period.IsZero() {
		return inClause.Period // "compared with €455 million in the third quarter of 2024"
	}
	if kind == Guidance && inClause == nil && absBefore == nil && base.Length == period.Quarter {
		return base.Shift(1) // an outlook bullet: the next quarter
	}
	if kind == Prior && (inClause == nil || inClause.Shift == 0) {
		n := -1
		if f.amount != nil || tagger.YoY.MatchString(s.text) {
			n = -4
		}
		if tagger.QoQ.MatchString(s.text) {
			n = -1
		}
		if base.Length == period.Year && n == -4 {
			n = -1
		}
		return base.Shift(n)
	}
	return base
}

// companyFor picks the company a figure belongs to.
func (s *sentenceFacts) companyFor(pos int) string {
	c := s.clauses[s.clauseOf(pos)]
	var near *tagger.Term
	for i := range s.companies {
		t := &s.companies[i]
		if t.Start >= c[0] && t.End <= c[1] && (near == nil || t.End <= pos) {
			near = t
		}
	}
	if near != nil {
		return near.Name
	}
	for i := len(s.companies) - 1; i >= 0; i-- {
		t := s.companies[i]
		if t.End <= pos && !objectRe.MatchString(s.text[max(0, t.Start-24):t.Start]) {
			return t.Name
		}
	}
	mentionsDoc := false
	for _, t := range s.companies {
		if t.Name == s.docCompany {
			mentionsDoc = true
		}
	}
	if len(s.companies) > 0 && !mentionsDoc {
		best := s.companies[0]
		for _, t := range s.companies {
			if t.End <= pos {
				best = t
			}
		}
		return best.Name
	}
	return s.docCompany
}

func (s *sentenceFacts) figureFact(i int) (Fact, bool) {
	f := s.figures[i]
	prevEnd := 0
	if i > 0 {
		prevEnd = s.figures[i-1].end
	}
	if plusMinusRe.MatchString(s.text[:f.start]) {
		return Fact{}, false // "$9.1 billion, plus or minus 2%": a tolerance
	}
	t, hasTerm := s.metricFor(f.start, f.end)
	metric := t.Name
	lex := s.e.lex
	if s.share(i) {
		// "HPC represented 57% of net revenue", "two customers accounted
		// for 12% each": a share of the total, not growth.
		metric, hasTerm = RevenueShare, false
		if t.Name == RevenueShare {
			hasTerm = true
		}
	}
	if f.amount != nil {
		// A unit that implies a metric ("per share", "downloads") makes the
		// figure that metric's, unless the metric named keeps the unit (a
		// dividend per share).
		if u := f.amount.Value.Unit; u != "" && !(hasTerm && lex.KeepsUnit(metric, u)) {
			if m := lex.ImpliedMetric(u); m != "" {
				metric, hasTerm = m, false
			}
		}
	}
	if metric == "" {
		c := s.clauses[s.clauseOf(f.start)]
		switch {
		case len(s.segments) == 0:
			return Fact{}, false
		case f.change != nil:
			metric = Revenue // "34% cloud growth"
		case f.amount.Value.Currency != "" && s.changeIn(c[0], c[1]):
			metric = Revenue // "reported 10% growth to about $4.89 billion"
		default:
			return Fact{}, false
		}
	}
	fact := Fact{Metric: metric, Kind: s.kindFor(i, prevEnd, metric)}
	var tp *tagger.Term
	if hasTerm {
		tp = &t
	}
	fact.Segment = s.segmentFor(tp, f.start)
	if metric == RevenueShare {
		fact.Segment = s.shareSegment(i, fact.Segment)
	}
	if fact.Segment == Group && s.subUnit(f.start) {
		// "Its U.S. unit, Kato North America, reported revenue of $9.8B":
		// a part of the company the lexicon does not name, not the group.
		fact.Segment = OtherUnit
	}
	if lex.GroupOnly(metric) {
		fact.Segment = Group
	}
	fact.Company = s.companyFor(f.start)
	if s.aboutOther(f.start) {
		return Fact{}, false
	}
	fact.Period = s.periodFor(f, fact.Kind)
	var qual []string
	if hasTerm {
		qual = s.qualifiers(t)
		fact.Label = s.text[t.Start:t.End]
	}
	c := s.clauses[s.clauseOf(f.start)]
	if s.constantCurrency(f) && !contains(qual, ConstantCurrency) {
		qual = append([]string{ConstantCurrency}, qual...)
	}
	fact.Qualifiers = s.implied(metric, qual)
	loss := hasTerm && lossRe.MatchString(s.text[t.Start:t.End])
	if fact.Metric == Investment && fact.Kind == Actual && spentRe.MatchString(s.text[c[0]:c[1]]) {
		fact.Metric = Capex // money already laid out: see spentRe
	}
	if f.amount != nil {
		v := f.amount.Value
		fact.Value = &v
		fact.Converted = f.amount.Converted
		if loss && v.Number > 0 {
			negate(fact.Value, fact.Converted) // "net loss of $12 million"
		}
	} else {
		ch := *f.change
		before := s.text[min(max(c[0], prevEnd), f.start):f.start]
		if lex.Ratio(metric) && ch.Points == 0 && ch.Multiple == 0 && !ch.AtLeast && ch.Amount == nil &&
			(ch.Direction == "" || bareLevelRe.MatchString(before) || fact.Kind == Prior) {
			fact.Value = &Value{Text: ch.Text, Number: ch.Percent, Unit: "percent", Start: ch.Start, End: ch.End}
		} else {
			fact.Change = &ch
			if loss {
				fact.Change.Direction = lossDirection(s.text[min(max(c[0], prevEnd), f.start):f.start], ch.Direction)
			}
		}
	}
	return fact, true
}

var (
	// lossRe marks a metric term naming a loss: its amounts are negative.
	lossRe = regexp.MustCompile(`(?i)\bloss(?:es)?\b`)
	// spentRe marks money already laid out. The rule: "has spent",
	// "invested ... over the past four quarters", "deployed", capital
	// expenditure are one metric, Capex, whatever the verb; money planned,
	// pledged or committed for coming years is Investment with Kind
	// Target (see targetCueRe).
	spentRe = regexp.MustCompile(`(?i)\b(?:ha(?:s|ve|d) (?:already )?(?:invested|spent|deployed|poured)|invested|deployed|poured)\b`)
	// narrowRe and widenRe move a loss: a narrowing loss is income up.
	narrowRe = regexp.MustCompile(`(?i)\b(?:narrow\w*|shr[iau]nk\w*|reduc\w*|decreas\w*|fell|declin\w*|cut|trimm\w*|down)\b`)
	widenRe  = regexp.MustCompile(`(?i)\b(?:widen\w*|deepen\w*|increas\w*|rose|grew|swell\w*|balloon\w*|up)\b`)
)

// negate makes an amount negative: a loss stated as a positive figure.
func negate(vs ...*Value) {
	for _, v := range vs {
		if v != nil && v.Number > 0 {
			v.Number = -v.Number
		}
	}
}

// lossDirection is the direction of the income a loss's change moves:
// "net loss narrowed 40%" is up, "widened" down; dir is the direction of
// the figure as written, kept when no loss verb is found.
func lossDirection(before, dir string) string {
	n, w := narrowRe.FindAllStringIndex(before, -1), widenRe.FindAllStringIndex(before, -1)
	switch {
	case len(n) > 0 && (len(w) == 0 || n[len(n)-1][0] > w[len(w)-1][0]):
		return "up"
	case len(w) > 0:
		return "down"
	}
	return dir
}

// qualifiers returns the qualifiers stated in and just before a metric's
// name ("non-GAAP diluted EPS").
func (s *sentenceFacts) qualifiers(t tagger.Term) []string {
	return s.e.tg.Qualifiers(tagger.NewText(s.text[max(0, t.Start-24):t.End]))
}

// implied adds the qualifiers a metric's name implies ("adjusted EBITA" is
// adjusted) to qual.
func (s *sentenceFacts) implied(metric string, qual []string) []string {
	if m, ok := s.e.lex.Metric(metric); ok {
		for _, q := range m.Qualifiers {
			if !contains(qual, q) {
				qual = append(qual, q)
			}
		}
	}
	return qual
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// moves adds facts for movements stated without a figure ("adjusted EBITA
// fell sharply") in clauses that state no figure.
func (s *sentenceFacts) moves(fs []Fact) []Fact {
	for _, mv := range s.e.tg.Moves(s.x) {
		c := s.clauses[s.clauseOf(mv.Start)]
		if s.figureBetween(c[0], c[1]) {
			continue
		}
		var best *tagger.Term
		for i := range s.metrics {
			t := &s.metrics[i]
			if t.Start >= c[0] && t.End <= mv.Start {
				best = t
			}
		}
		if best == nil || mv.Start-best.End > 25 || tagger.ClauseBreak.MatchString(s.text[best.End:mv.Start]) {
			continue
		}
		mv := mv
		f := Fact{Metric: best.Name, Kind: Actual, Change: &mv, Company: s.companyFor(mv.Start), Period: s.ctx.Period}
		f.Segment = s.segmentFor(best, mv.Start)
		if s.e.lex.GroupOnly(f.Metric) {
			f.Segment = Group
		}
		f.Label = s.text[best.Start:best.End]
		f.Qualifiers = s.implied(f.Metric, s.qualifiers(*best))
		fs = append(fs, f)
	}
	sort.SliceStable(fs, func(i, j int) bool { return factPos(fs[i]) < factPos(fs[j]) })
	return fs
}

func factPos(f Fact) int {
	if f.Value != nil {
		return f.Value.Start
	}
	if f.Change != nil {
		return f.Change.Start
	}
	return 0
}

// pair merges a change into the value it describes: same company, segment,
// metric, kind and period, in the same sentence ("cloud revenue rose 34% to
// 39.8 billion yuan"; "Total revenues were RMB125,447 million, an increase
// of 29% YoY"). Each value takes at most one change, the nearest.
func pair(fs []Fact) []Fact {
	type cand struct{ ch, val, dist int }
	var cands []cand
	for i := range fs {
		if fs[i].Change == nil || fs[i].Value != nil || fs[i].Change.IsMove() {
			continue
		}
		for j := range fs {
			if fs[j].Value == nil || fs[j].Change != nil || !samePlace(fs[i], fs[j]) {
				continue
			}
			if d := abs(factPos(fs[j]) - factPos(fs[i])); d < 240 {
				cands = append(cands, cand{i, j, d})
			}
		}
	}
	sort.SliceStable(cands, func(a, b int) bool { return cands[a].dist < cands[b].dist })
	used, taken := make([]bool, len(fs)), make([]bool, len(fs))
	for _, c := range cands {
		if used[c.ch] || taken[c.val] {
			continue
		}
		fs[c.val].Change = fs[c.ch].Change
		for _, q := range fs[c.ch].Qualifiers {
			if !contains(fs[c.val].Qualifiers, q) {
				fs[c.val].Qualifiers = append(fs[c.val].Qualifiers, q)
			}
		}
		used[c.ch], taken[c.val] = true, true
	}
	var out []Fact
	for i, f := range fs {
		if !used[i] {
			out = append(out, f)
		}
	}
	return out
}

func samePlace(a, b Fact) bool {
	return a.Company == b.Company && a.Segment == b.Segment && a.Metric == b.Metric && a.Kind == b.Kind && a.Period == b.Period &&
		(a.Value == nil || b.Value == nil || a.Value.Unit == b.Value.Unit)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// ID is the identity of a fact by its content: the document, the byte span
// of its figure (its value, else its change), its metric, segment and kind:
// "alibaba/x.md@1234-1251/revenue/cloud/actual". Two facts of one document
// share an ID only if they state the same figure as the same thing.
func ID(doc string, f Fact) string {
	start, end := f.Start, f.End
	switch {
	case f.Value != nil:
		start, end = f.Value.Start, f.Value.End
	case f.Change != nil:
		start, end = f.Change.Start, f.Change.End
	}
	return fmt.Sprintf("%s@%d-%d/%s/%s/%s", doc, start, end, f.Metric, f.Segment, f.Kind)
}
