package answer

import (
	"cmp"
	"context"
	"log/slog"
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
	"github.com/resultsbot/resultsbot/internal/period"
)

// Searcher is what the engine needs of the full-text index.
// *index.Index implements it.
type Searcher interface {
	Search(ctx context.Context, q index.Query) ([]index.Hit, error)
}

// Extractor reads facts and segment names; *facts.Extractor implements it.
type Extractor interface {
	Extract(p corpus.Passage) []facts.Fact
	Segments(text, company string) []facts.Term
}

// Extract runs ex over every passage of c and returns the facts in passage
// order. The position of a fact in the result is its identity in the index
// (index.FactID), so Entries and New must be given the same slice.
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
				var fs []facts.Fact
				for _, p := range c.Docs[i].Passages {
					fs = append(fs, ex.Extract(p)...)
				}
				perDoc[i] = fs
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
	for i, f := range fs {
		text := ""
		if p, ok := c.Passage(f.Passage); ok {
			text = p.Text
		}
		out = append(out, index.FactEntry(f, i, text))
	}
	return out
}

// Engine answers questions from a corpus, its facts and their index. It is
// read-only after New and safe for concurrent use.
type Engine struct {
	corpus    *corpus.Corpus
	facts     []facts.Fact
	factIDs   map[string]int   // index.FactID -> position in facts
	byPassage map[string][]int // passage ID -> positions of its facts
	// byCompanyMetric lists the positions of each company's facts per metric.
	byCompanyMetric map[[2]string][]int
	ix              Searcher
	lex             lexicon
	log             *slog.Logger
	companies       []corpus.Company
	covered         map[string]*coverage // company name -> what the corpus holds about it
	quotes          map[string][]string  // company name -> passages holding quoted speech
	people          map[string][]string  // company name -> passages naming a person with a role
	proper          map[string]bool      // lower-case words the corpus only ever writes capitalised: names
	vocab           *vocab
	// withDocs are the names of the companies documents are about, sorted.
	withDocs []string
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

type lexicon struct{ Extractor }

func (lexicon) Metrics(text string) []facts.Term { return facts.Metrics(text) }

var _ Searcher = (*index.Index)(nil)

// New returns an Engine over c, the facts extracted from it (by Extract,
// with the same ex) and their index. log may be nil.
func New(c *corpus.Corpus, fs []facts.Fact, ix Searcher, ex Extractor, log *slog.Logger) *Engine {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	e := &Engine{
		corpus:          c,
		facts:           fs,
		factIDs:         make(map[string]int, len(fs)),
		byPassage:       map[string][]int{},
		byCompanyMetric: map[[2]string][]int{},
		ix:              ix,
		lex:             lexicon{ex},
		log:             log,
		companies:       c.Companies,
		covered:         map[string]*coverage{},
		quotes:          map[string][]string{},
		people:          map[string][]string{},
		proper:          map[string]bool{},
		vocab:           newVocab(),
	}
	for i, f := range fs {
		e.factIDs[index.FactID(f, i)] = i
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
		if name == cov.company.Name && cov.docs > 0 {
			e.withDocs = append(e.withDocs, name)
		}
	}
	slices.Sort(e.withDocs)
	var lowerSeen map[string]bool
	e.proper, lowerSeen = properNouns(c)
	// People call a company by the first word of its name when that word
	// is a name ("Brightwave" for Brightwave Software, "Kato" for Kato
	// Motors), never when the corpus also writes it in lower case
	// ("General", "Bank").
	e.companies = slices.Clone(c.Companies)
	for i, co := range e.companies {
		first := strings.Fields(cmp.Or(co.Short, co.Name))
		if w := strings.ToLower(first[0]); len(first) > 1 && len(w) >= 4 && !lowerSeen[w] && !stopwords[w] {
			e.companies[i].Aliases = append(slices.Clone(co.Aliases), first[0])
		}
	}
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
	return e
}

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
				case i > 0:
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
	co, ok := e.companyByName(name)
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

// companyByName finds a registry company by name, short name, alias or
// ticker, ignoring case.
func (e *Engine) companyByName(name string) (corpus.Company, bool) {
	name = strings.TrimSpace(name)
	for _, c := range e.companies {
		for _, n := range companyNames(c) {
			if strings.EqualFold(n, name) {
				return c, true
			}
		}
	}
	return corpus.Company{}, false
}

// Answer answers q. It returns ErrEmptyQuestion when q has no letters or
// digits; any other error is the index failing. A question the corpus
// cannot answer is not an error: it gets an Answer with Answered false.
func (e *Engine) Answer(ctx context.Context, q Question) (Answer, error) {
	if !strings.ContainsFunc(q.Text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return Answer{}, ErrEmptyQuestion
	}
	p := e.parse(q)
	if p.unknown != "" {
		return e.declineCompany(p.unknown), nil
	}
	if p.company != "" && e.documentsAbout(p.company) == 0 {
		co, _ := e.companyByName(p.company)
		return e.declineCompany(cmp.Or(co.Short, p.company)), nil
	}
	if p.company == "" && p.speaker != "" {
		p.company = e.speakerCompany(p.speaker) // "what did Dana Whitcombe say?"
	}
	if p.company == "" {
		p.company = e.defaultCompany(ctx, p)
		if p.company == "" {
			return e.declineWhichCompany(), nil
		}
	}
	cov := e.covered[p.company]
	if cov == nil {
		return e.declineCompany(p.company), nil
	}
	switch p.want {
	case WantQuote:
		return e.answerQuote(ctx, p, cov)
	case WantWho:
		return e.answerWho(ctx, p, cov)
	case WantRank:
		return e.answerRank(ctx, p, cov)
	}
	return e.answerFigure(ctx, p, cov)
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
func (e *Engine) defaultCompany(ctx context.Context, p parsed) string {
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
		switch {
		case f > bestFit:
			best, bestFit, second = n, f, bestFit
		case f > second:
			second = f
		}
	}
	if bestFit >= minScore && bestFit > second+1 {
		return best
	}
	return ""
}

// bestFit is how well the company's best fact fits p, with the relevance
// of its passage to the question's words (-1 when no fact can answer p).
func (e *Engine) bestFit(p parsed, company string, rel map[string]float64) float64 {
	best := -1.0
	for _, i := range e.byCompanyMetric[[2]string{company, p.metric}] {
		f := e.facts[i]
		if fit, ok := e.score(p, f); ok && fit+2*rel[f.Passage] > best {
			best = fit + 2*rel[f.Passage]
		}
	}
	return best
}
