package answer

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"

	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/facts"
	"github.com/resultsbot/resultsbot/internal/lexicon"
	"github.com/resultsbot/resultsbot/internal/tagger"
)

// Matching questions to facts by their labels: a fact's Label is the
// source's own words for what it measures ("Medical and employee
// benefits", "Revenue: Cloud", "Net operating loss carryforwards"), so a
// question can ask for a metric the lexicon lacks. The question's content
// words (its period, company, qualifiers and stop words left out) are
// compared with a fact's words, stemmed by the Snowball English stemmer
// (bleve's), so plurals and verb forms fold together:
//
//   - its label, segment and, when the question names the fact's metric,
//     that metric's term (the question's "sales" is the label's
//     "Revenue");
//   - for a table figure, its column's words beside the period ("Fair
//     Value" in "December 31, 2019 Fair Value") and the table's caption
//     (the heading above it, its top-left cell, a sentence ending "as
//     follows:"), which only count as a match, never as the label.
//
// Generic words ("amount", "total", "value", "growth") count when the
// fact has them and are not missed when it lacks them. The fit (labelFit)
// says which question words the fact lacks and how much of the label the
// question names; select.go's features turn it into a score.

// stemWord folds a word for comparison: lower case, no possessive, the
// Snowball English stem ("benefits" and "benefit", "granted" and "grant").
func stemWord(w string) string {
	w = strings.ToLower(w)
	w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
	env := snowballstem.NewEnv(w)
	english.Stem(env)
	return env.Current()
}

// softWords are question words that say little of what is measured: they
// count when a label has them and are not missed when it lacks them.
var softWords = setOf(`amount amounts value values number numbers figure figures total totals level levels overall
much many sum reported recorded grow grew grown growth growing increase increased increases rise rose risen
change changed changes decline declined decrease decreased fall fell drop dropped percent percentage rate
current recent latest respective respectively business businesses segment segments division divisions arm
make made makes sell sold sells earn earned earns generate generated bring brought post posted book booked
deliver delivered achieve achieved come came end ended report reports`)

// costWords are the head nouns of expense labels, which a label may leave
// out ("Selling, general and administrative", "Wages and salaries");
// gainStems are the stems of words naming the other side.
var (
	costWords = setOf(`expense expenses cost costs charge charges`)
	gainStems = stemSet(`income revenue revenues gain gains profit profits sales benefit benefits earnings`)
)

// stemSet is the set of the stems of words.
func stemSet(words string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(words) {
		out[stemWord(w)] = true
	}
	return out
}

// labelKeep are stop words of questions that tell labels apart: "Income
// before taxes", "Profit after tax", "Other income".
var labelKeep = setOf(`before after other against own`)

// isStop reports a word that is no content word of a question or label.
func isStop(w string) bool { return stopwords[w] && !labelKeep[w] }

// reasonRE asks for a reason, a time or what something is made of rather
// than a figure: a table holds none of those.
var reasonRE = regexp.MustCompile(`^\s*(?:why|when|where)\b|\breasons?\b|\bwhat (?:drove|caused|led to|contributed)\b|\bresult(?:s|ed)? in\b|\b(?:does|do|did) .* (?:include|consist|mean|represent|comprise)\b|\bhow (?:is|are|was|were|do|does|did) .* (?:determined|calculated|measured|defined|computed|estimated|recognized|accounted)\b`)

// labelStop are words a label may hold that say nothing of what it is.
var labelStop = setOf(`a an and the of for in on at to by as from with or per its our their
total net group consolidated`)

// qword is a content word of a question, for matching labels.
type qword struct {
	text, stem string
	// soft marks a generic word (softWords).
	soft bool
	// metric and segment are the metric or segment the word is part of
	// the name of, "" when none: such a word is matched by a fact of that
	// metric or segment whatever its label says.
	metric, segment string
	// company marks a word of the names of the company asked about
	// (markCompany).
	company bool
}

// markCompany marks the question's words that are words of the company's
// names, once the company is known.
func (e *Engine) markCompany(p query, cov *coverage) {
	for i, w := range p.words {
		p.words[i].company = e.namesCompanyStem(w, cov)
	}
}

// questionWords returns the content words of a normalised question x for
// label matching: stop words, digits, and the words of its periods,
// companies, qualifiers and currencies left out.
func (e *Engine) questionWords(x tagger.Text, metrics []tagger.Term) []qword {
	type span struct{ s, e int }
	var skip []span
	for _, pe := range e.tg.Periods(x) {
		skip = append(skip, span{pe.Start, pe.End})
	}
	for _, c := range e.tg.Companies(x, true) {
		skip = append(skip, span{c.Start, c.End})
	}
	for i := range e.lex.Qualifiers {
		q := &e.lex.Qualifiers[i]
		if !q.Match.MayMatch(x.Lower) {
			continue
		}
		for _, loc := range q.Match.FindAllStringIndex(x.S, -1) {
			skip = append(skip, span{loc[0], loc[1]})
		}
	}
	segs := e.tg.AllSegments(x)
	var out []qword
	for _, loc := range wordRE.FindAllStringIndex(x.S, -1) {
		w := x.Lower[loc[0]:loc[1]]
		w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
		if isStop(w) || len(w) < 2 || strings.IndexFunc(w, isLetter) < 0 || currencyWords[w] {
			continue
		}
		if slices.ContainsFunc(skip, func(s span) bool { return loc[0] >= s.s && loc[1] <= s.e }) {
			continue
		}
		q := qword{text: w, stem: stemWord(w), soft: softWords[w] || e.cueWords[w]}
		for _, t := range metrics {
			// "net" before a metric's name is part of it: "net sales".
			if loc[0] >= t.Start && loc[1] <= t.End || w == "net" && t.Start >= loc[1] && strings.TrimSpace(x.S[loc[1]:t.Start]) == "" {
				q.metric = t.Name
			}
		}
		for _, t := range segs {
			if loc[0] >= t.Start && loc[1] <= t.End {
				q.segment = t.Name
			}
		}
		out = append(out, q)
	}
	return out
}

func isLetter(r rune) bool { return r >= 'a' && r <= 'z' || r > 127 }

// currencyWords name a currency in a question ("in dollars").
var currencyWords = setOf(`dollar dollars usd yuan rmb renminbi cny euro euros eur yen jpy pound pounds gbp rupees inr`)

// hardWords returns the question's words that are not generic.
func hardWords(ws []qword) []qword {
	var out []qword
	for _, w := range ws {
		if !w.soft {
			out = append(out, w)
		}
	}
	return out
}

// wordsOf returns the stems of the content words of s.
func wordsOf(s string, stop map[string]bool) []string {
	var out []string
	for _, w := range wordRE.FindAllString(strings.ToLower(s), -1) {
		if stop[w] || isStop(w) || strings.IndexFunc(w, isLetter) < 0 {
			continue
		}
		st := stemWord(w)
		if !slices.Contains(out, st) {
			out = append(out, st)
		}
	}
	return out
}

// labelWords returns the stems of a fact's own words: its label and the
// names of its segment.
func (e *Engine) labelWords(f facts.Fact) []string {
	ws := e.labelStems[f.Label]
	if f.Segment != "" && f.Segment != facts.Group {
		for _, s := range wordsOf(e.display(f.Segment), labelStop) {
			if !slices.Contains(ws, s) {
				ws = append(ws[:len(ws):len(ws)], s)
			}
		}
	}
	return ws
}

// labelFit is how well a fact's words fit a question's.
type labelFit struct {
	// unmatched are the question's content words the fact lacks.
	unmatched []string
	// others are those of unmatched that label table rows of the
	// company and that a prose fact's sentence lacks: the question asks
	// about those rows ("Mexico", "Medical").
	others []string
	// inLabel counts the question's words the fact's label or segment has.
	inLabel int
	// cover is the share of the label's words the question names, 0 to 1.
	cover float64
}

// fitLabel compares the question's words with fact f's.
func (e *Engine) fitLabel(p query, f facts.Fact, cov *coverage) labelFit {
	var fit labelFit
	own := e.labelWords(f)
	ctx := e.contextWords(f)
	if f.Value != nil && f.Value.Unit != "" {
		ctx = append(ctx[:len(ctx):len(ctx)], wordsOf(f.Value.Unit, labelStop)...) // "per share"
	}
	var sentence []string // a prose fact's sentence, read when needed
	asked := map[string]bool{}
	for _, w := range p.words {
		if w.company {
			continue
		}
		asked[w.stem] = true
		switch {
		case slices.Contains(own, w.stem):
			if !w.soft {
				fit.inLabel++
			}
		case w.metric != "" && f.Metric != "" && (w.metric == f.Metric || e.lex.Family(w.metric) == f.Metric):
		case w.segment != "" && w.segment == f.Segment:
		case slices.Contains(ctx, w.stem), w.soft, costWords[w.text] && !slices.ContainsFunc(own, func(s string) bool { return gainStems[s] }):
			// A generic head ("expense", "costs") a label may leave out,
			// unless the label names the other side ("Interest income").
		default:
			fit.unmatched = append(fit.unmatched, w.text)
			if cov != nil && e.rowWords[[2]string{cov.company.Name, w.stem}] && !isTable(f) {
				if sentence == nil {
					sentence = append(e.sentenceWords(f), "")
				}
				if !slices.Contains(sentence, w.stem) {
					fit.others = append(fit.others, w.text)
				}
			}
		}
	}
	fit.cover = coverOf(e.labelStems[f.Label], asked)
	if i := strings.LastIndex(f.Label, ": "); i > 0 {
		// A sub-row's own words count on their own: "Reserves and
		// accruals" under "Deferred tax assets:".
		fit.cover = max(fit.cover, coverOf(wordsOf(f.Label[i+2:], nil), asked))
	}
	return fit
}

// sentenceWords are the stems of the words of the sentence that states
// a prose fact.
func (e *Engine) sentenceWords(f facts.Fact) []string {
	if d, ok := e.corpus.Doc(docOf(f.Passage)); ok && f.Start >= 0 && f.Start < f.End && f.End <= len(d.Raw) {
		return wordsOf(d.Raw[f.Start:f.End], nil)
	}
	return nil
}

// coverOf is the share of a label's words (generic ones left out) that
// the question asks.
func coverOf(label []string, asked map[string]bool) float64 {
	n, m := 0, 0
	for _, s := range label {
		if softWords[s] || labelStop[s] {
			continue
		}
		n++
		if asked[s] {
			m++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(m) / float64(n)
}

// contextWords are the words around a table figure that say what its
// column and table hold: its column header beside the period and the
// table's caption. None for prose.
func (e *Engine) contextWords(f facts.Fact) []string {
	if f.Column == "" {
		return nil
	}
	ws := e.columnStems[f.Column]
	if p, ok := e.corpus.Passage(f.Passage); ok {
		ws = append(ws[:len(ws):len(ws)], e.captionStems[captionKey(p)]...)
	}
	return ws
}

func captionKey(p corpus.Passage) string { return p.Doc + "#" + strconv.Itoa(p.Block) }

// cueWordsOf are the single words of the lexicon's cues as questions ask
// them ("guidance", "expect", "beat"): they say what kind of figure is
// asked, which the kind of a fact answers, not its label.
func cueWordsOf(lex *lexicon.Lexicon) map[string]bool {
	out := map[string]bool{}
	for _, c := range lex.Cues {
		for _, a := range c.Asks {
			if singleWordRE.MatchString(a) {
				out[a] = true
			}
		}
	}
	return out
}

var singleWordRE = regexp.MustCompile(`^[a-z][a-z-]*$`)

// namesCompanyStem reports whether a question word is a word of the
// company's names, by its stem ("instrument's" in "Sterling Quay
// Instruments").
func (e *Engine) namesCompanyStem(w qword, cov *coverage) bool {
	return e.namesCompany(w.text, cov) || e.companyStems[[2]string{cov.company.Name, w.stem}]
}

// indexLabels fills the engine's label index and word caches from its
// facts and corpus: the stems of every label and column, the caption
// words of every table, and, per company, the facts each label word is in.
func (e *Engine) indexLabels() {
	e.cueWords = cueWordsOf(e.lex)
	e.companyStems = map[[2]string]bool{}
	for name, cov := range e.covered {
		for _, n := range companyNames(cov.company) {
			for _, w := range wordRE.FindAllString(strings.ToLower(n), -1) {
				e.companyStems[[2]string{name, stemWord(w)}] = true
			}
		}
	}
	e.labelStems = map[string][]string{}
	e.columnStems = map[string][]string{}
	e.captionStems = map[string][]string{}
	e.byLabelWord = map[[2]string][]int{}
	e.rowWords = map[[2]string]bool{}
	for i, f := range e.facts {
		if _, ok := e.labelStems[f.Label]; !ok {
			e.labelStems[f.Label] = wordsOf(f.Label, nil)
		}
		for _, s := range e.labelWords(f) {
			k := [2]string{f.Company, s}
			e.byLabelWord[k] = append(e.byLabelWord[k], i)
			if isTable(f) {
				e.rowWords[k] = true
			}
		}
		if _, ok := e.columnStems[f.Column]; f.Column != "" && !ok {
			e.columnStems[f.Column] = e.nonPeriodWords(f.Column)
		}
	}
	for _, d := range e.corpus.Docs {
		for bi, b := range d.Blocks {
			if b.Kind != corpus.TableBlock || b.Table == nil {
				continue
			}
			var text []string
			if len(b.Section) > 0 {
				text = append(text, b.Section[len(b.Section)-1])
			}
			if t := b.Table; t.HeaderRows > 0 {
				if c := t.Rows[0].Cell(0); c != nil && c.Col == 0 && c.Number == nil {
					text = append(text, c.Text)
				}
			}
			// The sentence that introduces the table: "... as follows (in
			// millions):".
			for _, p := range d.Passages {
				if p.End <= b.Start && p.Block == bi-1 && strings.HasSuffix(strings.TrimSpace(p.Text), ":") {
					text = append(text, p.Text)
				}
			}
			e.captionStems[d.Path+"#"+strconv.Itoa(bi)] = e.nonPeriodWords(strings.Join(text, "\n"))
		}
	}
}

// nonPeriodWords are the stems of the content words of s outside the
// periods it names.
func (e *Engine) nonPeriodWords(s string) []string {
	x := tagger.NewText(s)
	b := []byte(s)
	for _, pe := range e.tg.Periods(x) {
		for i := pe.Start; i < pe.End; i++ {
			b[i] = ' '
		}
	}
	return wordsOf(string(b), nil)
}

// labelCandidates returns the positions of the company's facts whose label
// holds a content word of the question, in fact order.
func (e *Engine) labelCandidates(p query, cov *coverage) []int {
	seen := map[int]bool{}
	var out []int
	for _, w := range hardWords(p.words) {
		if w.company {
			continue
		}
		for _, i := range e.byLabelWord[[2]string{cov.company.Name, w.stem}] {
			if !seen[i] && len(out) < maxCandidates {
				seen[i] = true
				out = append(out, i)
			}
		}
	}
	slices.Sort(out)
	return out
}

// factSegment returns the segment of the company's figures whose name the
// question holds, word for word ("Life Sciences", "Power Devices"), when
// the tagger found none: the longest such name. The question's words in it
// are marked as the segment's.
func (e *Engine) factSegment(p *query, cov *coverage) string {
	stems := map[string]bool{}
	for _, w := range p.words {
		stems[w.stem] = true
	}
	best, bestN := "", 0
	for k := range cov.pairs {
		seg := k[0]
		if seg == facts.Group || seg == facts.OtherUnit || seg == "" || seg == best {
			continue
		}
		ws := wordsOf(seg, labelStop)
		if len(ws) == 0 || len(ws) < bestN {
			continue
		}
		all := true
		for _, w := range ws {
			all = all && stems[w]
		}
		if all && (len(ws) > bestN || seg < best) {
			best, bestN = seg, len(ws)
		}
	}
	if best == "" {
		return ""
	}
	ws := wordsOf(best, labelStop)
	for i, w := range p.words {
		if slices.Contains(ws, w.stem) {
			p.words[i].segment = best
		}
	}
	return best
}
