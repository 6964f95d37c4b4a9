package answer

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/facts"
	"github.com/resultsbot/resultsbot/internal/index"
	"github.com/resultsbot/resultsbot/internal/lexicon"
	"github.com/resultsbot/resultsbot/internal/period"
	"github.com/resultsbot/resultsbot/internal/progress"
	"github.com/resultsbot/resultsbot/internal/tagger"
)

// Searcher is what the engine needs of the full-text index.
// *index.Index implements it.
type Searcher interface {
	Search(ctx context.Context, q index.Query) ([]index.Hit, error)
}

var _ Searcher = (*index.Index)(nil)

// Extractor reads the facts of a document (its prose passages and its
// tables); *facts.Extractor implements it.
type Extractor interface {
	ExtractDocument(d *corpus.Document) []facts.Fact
}

// Extract runs ex over every passage of c and returns the facts in passage
// order. A fact's identity is its ID, derived from its content, not its
// position.
//
// Documents are read in parallel, one worker per CPU (ex must be safe for
// concurrent use, as *facts.Extractor is); the result is in document order
// whatever the scheduling.
func Extract(ex Extractor, c *corpus.Corpus) []facts.Fact {
	fs, _ := ExtractContext(context.Background(), ex, c)
	return fs
}

// ExtractContext is Extract, stopping when ctx is done: each worker
// finishes the document it is reading and takes no other, and the error
// is ctx's.
func ExtractContext(ctx context.Context, ex Extractor, c *corpus.Corpus) ([]facts.Fact, error) {
	perDoc := make([][]facts.Fact, len(c.Docs))
	next := atomic.Int64{}
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(c.Docs)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(c.Docs) || ctx.Err() != nil {
					return
				}
				perDoc[i] = ex.ExtractDocument(c.Docs[i])
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []facts.Fact
	for _, fs := range perDoc {
		out = append(out, fs...)
	}
	return out, nil
}

// Entries returns the index entries for c's passages and the facts fs.
func Entries(c *corpus.Corpus, fs []facts.Fact) []index.Entry {
	var out []index.Entry
	for _, d := range c.Docs {
		for _, p := range d.Passages {
			out = append(out, index.PassageEntry(p))
		}
	}
	for _, f := range fs {
		text := ""
		if p, ok := c.Passage(f.Passage); ok {
			text = p.Text
		}
		out = append(out, index.FactEntry(f, text))
	}
	return out
}

// IndexKey is what an on-disk index is kept under: the corpus's content
// hash, the lexicon's hash and the version of the extraction rules
// (facts.RulesVersion). A change to any of them rebuilds the index rather
// than reading an index made by other words or other rules.
func IndexKey(c *corpus.Corpus, lex *lexicon.Lexicon) string {
	return "corpus:" + c.Hash + "/lexicon:" + lex.Hash() + "/rules:" + facts.RulesVersion
}

// BuildOptions configure Build.
type BuildOptions struct {
	// IndexDir keeps the index on disk there, reused while IndexKey is
	// unchanged; "" keeps it in memory.
	IndexDir string
	// Log is the engine's logger; nil discards.
	Log *slog.Logger
	// Progress, when set, counts the passages read and facts found
	// (progress.Extracting) and the entries indexed (progress.Indexing).
	Progress *progress.Counters
}

// Built is an Engine with what it was built from. Close releases the
// index.
type Built struct {
	Engine *Engine
	Index  *index.Index
	Facts  []facts.Fact
	// Problems are the registry's segments that disagree with the lexicon
	// (CheckRegistry), each a *corpus.FileError naming companies.yaml and
	// wrapping corpus.ErrRegistry. The engine is built all the same.
	Problems []error
}

// Close closes the index.
func (b *Built) Close() error { return b.Index.Close() }

// Build reads c with lex: it extracts the facts of every passage, opens the
// index of passages and facts (in memory, or in opt.IndexDir, reused while
// IndexKey(c, lex) is what it was built with, and rebuilt otherwise), and
// returns the Engine over them. The error is the index failing.
func Build(ctx context.Context, c *corpus.Corpus, lex *lexicon.Lexicon, opt BuildOptions) (*Built, error) {
	ex := facts.NewWithSegments(lex, facts.FindSegments(c, lex))
	var counted Extractor = ex
	if opt.Progress != nil {
		passages := 0
		for _, d := range c.Docs {
			passages += len(d.Passages)
		}
		opt.Progress.StartExtracting(passages)
		counted = countingExtractor{ex, opt.Progress}
	}
	fs, err := ExtractContext(ctx, counted, c)
	if err != nil {
		return nil, err
	}
	ix, err := index.Open(ctx, index.Options{Dir: opt.IndexDir, Hash: IndexKey(c, lex), Progress: opt.Progress}, func() []index.Entry {
		return Entries(c, fs)
	})
	if err != nil {
		return nil, err
	}
	return &Built{Engine: New(c, ex.Tagger(), fs, ix, opt.Log), Index: ix, Facts: fs, Problems: CheckRegistry(c.Companies, lex)}, nil
}

// countingExtractor counts the passages of each document it reads and the
// facts found in them.
type countingExtractor struct {
	ex Extractor
	p  *progress.Counters
}

func (c countingExtractor) ExtractDocument(d *corpus.Document) []facts.Fact {
	fs := c.ex.ExtractDocument(d)
	c.p.Extracted(len(d.Passages), len(fs))
	return fs
}

// CheckRegistry checks every company's own segments against the lexicon
// (lexicon.CheckSegment): a segment named like a metric, or a name the
// lexicon reads as another segment, is reported as a *corpus.FileError on
// the registry file wrapping corpus.ErrRegistry.
func CheckRegistry(companies []corpus.Company, lex *lexicon.Lexicon) []error {
	var errs []error
	for _, co := range companies {
		for _, key := range slices.Sorted(maps.Keys(co.Segments)) {
			if err := lex.CheckSegment(key, co.Segments[key]); err != nil {
				errs = append(errs, &corpus.FileError{Path: corpus.RegistryFile, Err: fmt.Errorf("%w: %s: %v", corpus.ErrRegistry, co.Name, err)})
			}
		}
	}
	return errs
}

// Engine answers questions from a corpus, its facts and their index. It is
// read-only after New and safe for concurrent use.
type Engine struct {
	corpus    *corpus.Corpus
	lex       *lexicon.Lexicon
	tg        *tagger.Tagger // reads questions: the registry with the names people use
	names     *corpus.Names  // the tagger's company names
	facts     []facts.Fact
	factIDs   map[string]int   // facts.Fact.ID -> position in facts
	byPassage map[string][]int // passage ID -> positions of its facts
	// byCompanyMetric lists the positions of each company's facts per metric.
	byCompanyMetric map[[2]string][]int
	ix              Searcher
	log             *slog.Logger
	covered         map[string]*coverage // company name -> what the corpus holds about it
	// coveredNames are the registry names of the covered companies, sorted.
	coveredNames []string
	quotes       map[string][]string // company name -> passages holding quoted speech
	people       map[string][]string // company name -> passages naming a person with a role
	proper       map[string]bool     // lower-case words the corpus only ever writes capitalised: names
	vocab        *vocab
	// withDocs are the names of the companies documents are about, sorted.
	withDocs []string
	// measureOrder lists the lexicon's measures in the order score adds them.
	measureOrder []string
	// segNames writes the segments the documents name as they write them:
	// key -> name ("wealth management" -> "Wealth Management").
	segNames map[string]string
	// readDFs counts, per company, the passages holding each term (the
	// read stage's word weights), computed on first use under readMu.
	readMu  sync.Mutex
	readDFs map[string]map[string]int
	readN   map[string]int
	// The label index (label.go): the stems of every fact label, table
	// column and table caption, and each company's facts by label word.
	labelStems   map[string][]string
	columnStems  map[string][]string
	captionStems map[string][]string // doc + "#" + block index
	byLabelWord  map[[2]string][]int // company, stem -> fact positions
	rowWords     map[[2]string]bool  // company, stem: a word of a table row's label
	cueWords     map[string]bool     // the lexicon's cue words as questions ask them
	companyStems map[[2]string]bool  // company, stem of a word of its names
}

// coverage is what the corpus holds about one company.
type coverage struct {
	company corpus.Company
	fye     period.FiscalYearEnd
	periods []period.Period // periods its documents report, latest first
	docs    int             // how many documents are about it
	metrics map[string]int  // metric -> number of actual facts
	pairs   map[[2]string]int
}

// New returns an Engine over c, the facts extracted from it (by Extract)
// and their index. tg is the tagger that read the documents (the
// extractor's): questions are read with its lexicon and grammar. log may be
// nil.
func New(c *corpus.Corpus, tg *tagger.Tagger, fs []facts.Fact, ix Searcher, log *slog.Logger) *Engine {
	lex := tg.Lexicon()
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	e := &Engine{
		corpus:          c,
		lex:             lex,
		facts:           fs,
		factIDs:         make(map[string]int, len(fs)),
		byPassage:       map[string][]int{},
		byCompanyMetric: map[[2]string][]int{},
		ix:              ix,
		log:             log,
		covered:         map[string]*coverage{},
		quotes:          map[string][]string{},
		people:          map[string][]string{},
		proper:          map[string]bool{},
		vocab:           newVocab(),
		readDFs:         map[string]map[string]int{},
		readN:           map[string]int{},
	}
	var lowerSeen map[string]bool
	e.proper, lowerSeen = properNouns(c)
	// People call a company by the first word of its name when that word
	// is a name ("Brightwave" for Brightwave Software, "Kato" for Kato
	// Motors), never when the corpus also writes it in lower case
	// ("General", "Bank").
	companies := slices.Clone(tg.Registry()) // the documents' segments included
	for i, co := range companies {
		first := strings.Fields(cmp.Or(co.Short, co.Name))
		if w := strings.ToLower(first[0]); len(first) > 1 && len(w) >= 4 && !lowerSeen[w] && !stopwords[w] {
			companies[i].Aliases = append(slices.Clone(co.Aliases), first[0])
		}
	}
	e.tg = tg.WithCompanies(companies)
	e.names = e.tg.Names()
	e.segNames = map[string]string{}
	for _, co := range companies {
		for key, names := range co.Segments {
			for _, n := range names {
				if _, generic := lex.Segment(key); !generic && strings.EqualFold(strings.Join(strings.Fields(n), " "), key) {
					e.segNames[key] = n
				}
			}
		}
	}
	for i, f := range fs {
		e.factIDs[f.ID] = i
		e.byPassage[f.Passage] = append(e.byPassage[f.Passage], i)
		k := [2]string{f.Company, f.Metric}
		e.byCompanyMetric[k] = append(e.byCompanyMetric[k], i)
	}
	for _, d := range c.Docs {
		cov := e.coverage(d.Meta.Company)
		if cov == nil {
			continue
		}
		cov.docs++
		if !d.Meta.Period.IsZero() && !slices.Contains(cov.periods, d.Meta.Period) {
			cov.periods = append(cov.periods, d.Meta.Period)
		}
		if d.Meta.FiscalYearEnd != (period.FiscalYearEnd{}) {
			cov.fye = d.Meta.FiscalYearEnd
		}
		for _, p := range d.Passages {
			e.vocab.addText(p.Text, 1)
			if quotedRE.MatchString(p.Text) {
				e.quotes[cov.company.Name] = append(e.quotes[cov.company.Name], p.ID)
			}
			if nameRoleRE.MatchString(p.Text) {
				e.people[cov.company.Name] = append(e.people[cov.company.Name], p.ID)
			}
		}
	}
	for _, f := range fs {
		cov := e.coverage(f.Company)
		if cov == nil || f.Kind != facts.Actual && f.Kind != facts.Prior {
			continue
		}
		cov.metrics[f.Metric]++
		cov.pairs[[2]string{f.Segment, f.Metric}]++
	}
	for name, cov := range e.covered {
		if name != cov.company.Name {
			continue
		}
		e.coveredNames = append(e.coveredNames, name)
		if cov.docs > 0 {
			e.withDocs = append(e.withDocs, name)
		}
	}
	slices.Sort(e.coveredNames)
	slices.Sort(e.withDocs)
	for _, cov := range e.covered {
		slices.SortFunc(cov.periods, func(a, b period.Period) int { return b.End.Compare(a.End) })
	}
	for _, co := range c.Companies {
		for _, n := range companyNames(co) {
			e.vocab.addText(n, 50)
		}
		for _, names := range co.Segments {
			for _, n := range names {
				e.vocab.addText(n, 20)
			}
		}
	}
	e.vocab.addText(questionWords, 100)
	e.vocab.addText(strings.Join(lex.Words(), " "), 100)
	// Measures are scored in a fixed order, adjusted first, so that sums
	// (and ties) come out the same on every run.
	e.indexLabels()
	e.measureOrder = []string{"adjusted", "constant currency"}
	for _, m := range lex.Measures() {
		if !slices.Contains(e.measureOrder, m) {
			e.measureOrder = append(e.measureOrder, m)
		}
	}
	return e
}

// Answer answers q: understand, then retrieve, select and compose for what
// the question wants (see the package documentation). It returns
// ErrEmptyQuestion when q has no letters or digits; any other error is the
// index failing. A question the corpus cannot answer is not an error: it
// gets an Answer with Answered false. With q.Explain the Answer carries
// the Explanation of its decisions.
func (e *Engine) Answer(ctx context.Context, q Question) (Answer, error) {
	if !strings.ContainsFunc(q.Text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return Answer{}, ErrEmptyQuestion
	}
	p := e.understand(q)
	if q.Explain {
		// The root's value is the score of the figure chosen, 0 when none.
		p.ex = &Explanation{Message: "answer to " + strconvQuote(p.text)}
		e.explainQuery(p)
	}
	a, err := e.answer(ctx, p)
	if err != nil {
		return a, err
	}
	if p.ex != nil {
		verdict := "declined"
		if a.Answered {
			verdict = fmt.Sprintf("answered from %d facts, %d citations", len(a.Facts), len(a.Citations))
		}
		p.ex.add(0, "composed: %s", verdict)
		a.Explain = p.ex
	}
	return a, nil
}

func (e *Engine) answer(ctx context.Context, p query) (Answer, error) {
	if p.unknown != "" {
		p.ex.add(0, "decline: %q reads as a company the corpus does not cover", p.unknown)
		return e.declineCompany(p.unknown), nil
	}
	if p.company != "" && e.documentsAbout(p.company) == 0 {
		p.ex.add(0, "decline: no documents about %s", p.company)
		co, _ := e.names.Lookup(p.company)
		return e.declineCompany(cmp.Or(co.Short, p.company)), nil
	}
	if p.company == "" && p.speaker != "" {
		p.company = e.speakerCompany(p.speaker) // "what did Dana Whitcombe say?"
	}
	if p.company == "" {
		x := p.ex.add(0, "company: none named; the one whose facts fit")
		q := p
		q.ex = x
		p.company = e.defaultCompany(ctx, q)
		if p.company == "" {
			p.ex.add(0, "decline: which company is ambiguous")
			return e.declineWhichCompany(), nil
		}
		if x != nil {
			x.Message += ": " + p.company
		}
	}
	cov := e.covered[p.company]
	if cov == nil {
		return e.declineCompany(p.company), nil
	}
	p.segment, p.unknownSeg = e.partSegment(p)
	if after, ok := strings.CutPrefix(p.unknownSeg, afterMark); ok {
		p.unknownSeg, p.unknownAfter = after, true
	}
	if p.unknownSeg != "" && !p.unknownAfter && e.reportsSegment(cov, p.unknownSeg) {
		p.segment, p.unknownSeg = p.unknownSeg, "" // a segment the company's figures name ("Online" in a table)
	}
	if _, generic := e.lex.Segment(p.segment); p.segment != "" && !generic && !e.reportsSegment(cov, p.segment) {
		// A name the documents set apart (a table's row) that no figure
		// is given for as a segment, or another company's segment: a
		// figure whose row or sentence names it answers ("Cost of goods
		// sold", "Aerospace and Defense", "professional services").
		p.ex.add(0, "segment: %q has no figures as a segment of %s", p.segment, cov.company.Short)
		p.segment, p.unknownSeg = "", e.display(p.segment)
	}
	ta := e.readAsk(p, cov)
	if p.unknownSeg != "" {
		// A part of the company its documents report no figures for as a
		// segment: a figure whose sentence names it ("the Qwen app passed 10
		// million downloads"), or a sentence that states it; else a
		// decline, never another part's or the whole company's figure.
		p.ex.add(0, "segment: %q is not a part the documents report figures for; only a figure whose sentence names it answers", p.unknownSeg)
		if !ta.textFirst() {
			p.mustWords = termStems(p.unknownSeg)
			if a, err := e.answerFigure(ctx, p, cov); err != nil || a.Answered {
				return a, err
			}
		}
		if ta.form == formNone || ta.form == formDefine && len(ta.years) > 0 {
			ta.form = formFigure
		}
		return e.answerTextOr(ctx, p, cov, ta, e.declineSegment(p, cov))
	}
	switch p.want {
	case WantQuote:
		return e.answerQuote(ctx, p, cov)
	case WantWho:
		a, err := e.answerWho(ctx, p, cov)
		if err != nil || a.Answered || ta.form != formDefine && ta.form != formWhich {
			return a, err
		}
		// "who is Cloudmark?": no person, a sentence may say.
		return e.answerTextOr(ctx, p, cov, ta, a)
	case WantRank:
		return e.answerRank(ctx, p, cov)
	}
	// Which stage answers first: the text for a question that asks for no
	// figure, the facts for one that does.
	plain := p.want == WantValue || p.want == WantGrowth
	noSegment := p.segment == "" || p.segment == facts.Group
	switch {
	case ta.textFirst(),
		ta.form == formWhich && plain,
		(ta.form == formYesNo || ta.form == formOpen) && plain && !p.named && noSegment:
		p.ex.add(0, "the question asks for %s, not a figure: the text answers it", ta.form)
		return e.answerTextOr(ctx, p, cov, ta, e.declineText(cov))
	case ta.form == formDefine && !p.named && p.metric == "" && (noSegment && p.want != WantBeat || p.want == WantValue),
		ta.form == formOpen && plain && noSegment:
		// "what is the hurdle rate?": a sentence says, else the facts.
		p.ex.add(0, "the question asks what something is: the text first")
		first := ta
		if ta.form == formDefine && len(ta.years) > 0 {
			first.form = formFigure // "what were the finance leases for 2022?" asks for a figure
		}
		if a, ok, err := e.answerText(ctx, p, cov, first); err != nil || ok {
			return a, err
		}
	}
	a, err := e.answerFigure(ctx, p, cov)
	if err != nil || a.Answered || !noSegment {
		return a, err
	}
	// No fact answers: a sentence may state the figure ("the pre-tax legal
	// expense relating to the litigation"), with the read stage's
	// safeguards; a segment's figure is the facts' alone.
	ta.form = formFigure
	return e.answerTextOr(ctx, p, cov, ta, a)
}

// termStems returns the index's stems of a text's words.
func termStems(s string) []string {
	var out []string
	for _, t := range index.Terms(s) {
		out = append(out, t.Stem)
	}
	return out
}

// unexplained returns a word of the question that names something the
// engine cannot place (not a metric, segment, qualifier, company, period,
// cue or generic word): "nav" in "what was the percentage decrease in
// NAV?". "" when every word is placed.
func (e *Engine) unexplained(p query, cov *coverage) string {
	norm := []byte(p.norm)
	for _, sp := range e.tg.Tag(p.norm) {
		for i := sp.Start; i < sp.End; i++ {
			norm[i] = ' '
		}
	}
	for _, w := range words(string(norm)) {
		w = strings.TrimSuffix(w, "'s")
		if stopwords[w] || genericWords[w] || readScaffold[w] || e.namesCompany(w, cov) || len(w) < 3 || e.tg.Month(w) != 0 || yearRE.MatchString(w) ||
			e.lex.Cue("growth").AskString(" "+w+" ") || e.lex.Cue("guidance").AskString(" "+w+" ") || questionVerbs[w] {
			continue
		}
		return w
	}
	return ""
}

// questionVerbs are words of how a question asks, not of what.
var questionVerbs = setOf(`do doing done perform performed performing fare fared go went going look looked react reacted move moved percentage rate decrease decreased`)

// answerTextOr answers p from the text (answerText), or gives decline when
// no sentence is a strong enough match.
func (e *Engine) answerTextOr(ctx context.Context, p query, cov *coverage, ta textAsk, decline Answer) (Answer, error) {
	a, ok, err := e.answerText(ctx, p, cov, ta)
	if err != nil || ok {
		return a, err
	}
	return decline, nil
}

// answerFigure answers a question about a figure (a value, a growth rate,
// an estimate, a beat or miss, a plan): retrieve the candidates, select
// the period and the facts that fit, compose. A question that names no
// metric of the lexicon is first answered from the facts whose labels
// hold its words (label.go).
func (e *Engine) answerFigure(ctx context.Context, p query, cov *coverage) (Answer, error) {
	e.markCompany(p, cov)
	if s := e.factSegment(&p, cov); s != "" && s != p.segment && (p.segment == "" || len(wordsOf(s, labelStop)) > len(wordsOf(e.display(p.segment), labelStop))) {
		p.segment = s // "Life Sciences", "Power Devices": a segment the company's figures name
		p.ex.add(0, "segment: %q, which the company's figures name", s)
	}
	if p.reason {
		// "Why did the gross margin fall?": the figures do not say.
		p.ex.add(0, "decline: the question asks for a reason, not a figure")
		return e.decline(cov.company.Name, []string{"quote"},
			fmt.Sprintf("My sources on %s give figures, but I can't find one that answers why, when or what it includes.", cov.company.Short), cov), nil
	}
	// The passages' relevance to the question's words, for every reading
	// of it below.
	rel, err := e.relevance(ctx, p, cov)
	if err != nil {
		return Answer{}, err
	}
	if p.metric == "" {
		if a, ok, err := e.figureFrom(ctx, p, cov, rel); err != nil || ok {
			return a, err
		}
	}
	if p.metric == "" && (p.segment == "" || p.segment == facts.Group) {
		// "how much did computing power grow?": no metric we know; not
		// revenue either, but a sentence may state it (the read stage).
		if w := e.unexplained(p, cov); w != "" {
			p.ex.add(0, "decline: %q names no metric the facts hold", w)
			return e.declineMetric(p, cov, ""), nil
		}
	}
	if p.metric == "" && (p.segment != "" || p.want != WantValue && p.want != WantPlan) {
		p.metric = facts.Revenue // "how did cloud do?", "what is the outlook?"
		p.ex.add(0, "metric: none named; revenue")
	}
	if p.metric == "" && p.want == WantPlan {
		p.metric = facts.Investment
		p.ex.add(0, "metric: none named; a plan is an investment")
	}
	if p.metric == "" {
		p.ex.add(0, "decline: no metric")
		return e.declineMetric(p, cov, ""), nil
	}
	a, ok, err := e.figureFrom(ctx, p, cov, rel)
	if err != nil || ok || a.Text != "" {
		return a, err // answered, or declined saying what did not fit
	}
	p.ex.add(0, "decline: no fact of %s fits", cov.company.Name)
	return e.declineMetric(p, cov, p.metric), nil
}

// figureFrom retrieves the candidates for p (the facts of its metric and
// family, and those whose labels hold its words; rel is the relevance of
// passages), selects the period and the facts that fit, and composes the
// answer or a decline. ok is false when no candidate fits at all; the
// Answer is then the decline that says which part of the question no fact
// fits (declineUnfit).
func (e *Engine) figureFrom(ctx context.Context, p query, cov *coverage, rel map[string]float64) (Answer, bool, error) {
	if p.want == WantPlan && p.period.year != 0 && p.period.fiscalQ == 0 && p.period.exact.IsZero() {
		p.period = periodAsk{} // "by 2028" dates the target, not the report
	}
	compare := p.want == WantCompare
	if compare {
		// A comparison ranks facts as the question it compares would.
		p.comparing = true
		p.want = WantValue
		if p.compareGrowth {
			p.want = WantGrowth
		}
	}
	// Retrieve.
	cands, why, err := e.candidates(ctx, p, cov, rel)
	if err != nil {
		return Answer{}, false, err
	}
	if len(cands) == 0 {
		dim, had := why.main()
		p.ex.add(0, "decline: no fact of %s fits; the %s did not (%s)", cov.company.Name, cmp.Or(dim, "metric"), strings.Join(had, ", "))
		return e.declineUnfit(p, cov, dim, had), false, nil
	}
	// Select and compose.
	if compare {
		if a, ok := e.composeCompare(p, cov, cands); ok {
			return a, true, nil
		}
		// "cloud revenue trend": amounts in one period only, so rates.
		other := p
		other.want = map[Want]Want{WantValue: WantGrowth, WantGrowth: WantValue}[p.want]
		if a, ok := e.composeCompare(other, cov, e.rescore(other, cands)); ok {
			return a, true, nil
		}
	}
	target, asked, ok := e.resolvePeriod(p, cov, cands)
	if !ok {
		p.ex.add(0, "decline: no candidate for the period asked (%s)", p.period.text)
		return e.declinePeriod(p, cov, cands), true, nil
	}
	inPeriod := e.selectIn(p, target, asked, cands)
	if len(inPeriod) == 0 || inPeriod[0].score < weight(minScore) {
		p.ex.add(0, "decline: no candidate in the period scores %v or more", weight(minScore))
		return e.declineMetric(p, cov, p.metric), true, nil
	}
	if p.want == WantBeat {
		return e.composeBeat(p, cov, target, inPeriod, asked), true, nil
	}
	return e.composeFigure(p, cov, target, inPeriod, cands, asked), true, nil
}

// explainQuery adds what the question was understood to ask.
func (e *Engine) explainQuery(p query) {
	x := p.ex.add(0, "understood: company %q, segment %q, metric %q, want %s, period %q, basis %q, measures %v, currency %q",
		p.company, p.segment, p.metric, p.want, p.period.text, p.basis, p.measures, p.currency)
	x.add(0, "normalised: %s", strconvQuote(p.norm))
	for _, s := range p.spans {
		x.add(0, "%s %q: %s", s.Kind, p.norm[s.Start:s.End], s.Name)
	}
}

func strconvQuote(s string) string { return fmt.Sprintf("%q", s) }

// properNouns returns the words the corpus writes capitalised inside
// sentences and never in lower case (names of firms, products, people),
// and the words it writes in lower case somewhere.
func properNouns(c *corpus.Corpus) (proper, lowerSeen map[string]bool) {
	upper, lower := map[string]bool{}, map[string]bool{}
	for _, d := range c.Docs {
		for _, p := range d.Passages {
			for i, w := range strings.Fields(p.Text) {
				w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
				if w == "" {
					continue
				}
				r, _ := utf8.DecodeRuneInString(w)
				switch {
				case unicode.IsLower(r):
					lower[strings.ToLower(w)] = true
				case i > 0 && p.Kind != corpus.TableBlock: // a row's cells start capitalised
					upper[strings.ToLower(w)] = true
				}
			}
		}
	}
	out := map[string]bool{}
	for w := range upper {
		if !lower[w] {
			out[w] = true
		}
	}
	return out, lower
}

// questionWords are words of questions and of the reporting lexicon that
// spelling correction should always know.
const questionWords = `revenue revenues growth grow grew increase decrease income profit profits earnings
margin margins operating adjusted ebita ebitda expenditure capital investment invest cloud commerce
international domestic quick instant expect expected expectations estimate estimates analysts consensus
guidance outlook quarter quarterly fiscal annual previous latest recent december september june march
january february april july august october november shares stock price downloads users market share
merchandise value dividend buyback segment division group total overall constant currency beat missed
percent billion million yuan dollars said say chief executive officer financial what how much many did
quarterly annual yearly total overall whole current whats hows please figure figures number numbers
react reaction respond response perform performance trading traded investors market beat miss
compare compared comparison versus trend trends time changed change evolved each every both`

// coverage returns the coverage record of the company named, creating it
// for a registry company; nil for a name the registry does not know.
func (e *Engine) coverage(name string) *coverage {
	if name == "" {
		return nil
	}
	if cov, ok := e.covered[name]; ok {
		return cov
	}
	co, ok := e.names.Lookup(name)
	if !ok {
		co = corpus.Company{Name: name, Short: corpus.ShortName(name)}
	}
	if co.Name != name {
		if cov, ok := e.covered[co.Name]; ok {
			return cov
		}
	}
	fye, _ := period.ParseFiscalYearEnd(co.FiscalYearEnd)
	cov := &coverage{company: co, fye: fye, metrics: map[string]int{}, pairs: map[[2]string]int{}}
	e.covered[co.Name] = cov
	if co.Name != name {
		e.covered[name] = cov
	}
	return cov
}

// documentsAbout counts the documents about a company.
func (e *Engine) documentsAbout(company string) int {
	if cov := e.covered[company]; cov != nil {
		return cov.docs
	}
	return 0
}

// defaultCompany picks the company a question that names none is about:
// the only company the corpus covers, or the only one holding the segment
// and metric asked about. "" when that is ambiguous.
func (e *Engine) defaultCompany(ctx context.Context, p query) string {
	names := e.withDocs
	if len(names) == 1 {
		return names[0]
	}
	var fit []string
	for _, n := range names {
		cov := e.covered[n]
		if p.metric != "" && cov.metrics[p.metric] > 0 && (p.segment == "" || cov.pairs[[2]string{p.segment, p.metric}] > 0) {
			fit = append(fit, n)
		}
	}
	if len(fit) == 1 {
		return fit[0]
	}
	// Several hold the metric: the one whose facts fit clearly best
	// ("adjusted EBITDA margin" where only one company reports an adjusted
	// margin).
	rel, err := e.relevance(ctx, p, nil)
	if err != nil {
		return ""
	}
	best, bestFit, second := "", -1.0, -1.0
	for _, n := range fit {
		f := e.bestFit(p, n, rel)
		p.ex.add(f, "company %s: its best fact's fit", n)
		switch {
		case f > bestFit:
			best, bestFit, second = n, f, bestFit
		case f > second:
			second = f
		}
	}
	if bestFit >= weight(minScore) && bestFit > second+weight(companyMargin) {
		return best
	}
	return ""
}

// bestFit is how well the company's best fact fits p, with the relevance
// of its passage to the question's words (-1 when no fact can answer p).
func (e *Engine) bestFit(p query, company string, rel map[string]float64) float64 {
	best := -1.0
	for _, i := range e.byCompanyMetric[[2]string{company, p.metric}] {
		f := e.facts[i]
		if fit, _, ok := e.score(p, f, nil); ok && fit+weight(relevance)*rel[f.Passage] > best {
			best = fit + weight(relevance)*rel[f.Passage]
		}
	}
	return best
}
