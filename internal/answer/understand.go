package answer

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/facts"
	"github.com/resultsbot/resultsbot/internal/lexicon"
	"github.com/resultsbot/resultsbot/internal/period"
	"github.com/resultsbot/resultsbot/internal/tagger"
)

// maxQuestion is how much of a question is read; the rest is ignored. Real
// questions are a line or two; this bounds the work a pasted essay causes.
const maxQuestion = 1000

// Want is what a question asks for.
type Want string

// What a question can ask for.
const (
	WantValue    Want = "value"    // "what was cloud revenue?"
	WantGrowth   Want = "growth"   // "how fast did cloud grow?"
	WantEstimate Want = "estimate" // "what did analysts expect?"
	WantBeat     Want = "beat"     // "did cloud beat expectations?"
	WantPlan     Want = "plan"     // "how much does it plan to invest?"
	WantGuidance Want = "guidance" // "what is the outlook?"
	WantQuote    Want = "quote"    // "what did the CEO say about demand?"
	WantWho      Want = "who"      // "who is the CEO?"
	WantCompare  Want = "compare"  // "compare cloud growth over the last two quarters"
	WantRank     Want = "rank"     // "which segment grew fastest?"
)

// periodAsk is the period a question names, before it is resolved against
// a company's fiscal calendar and the periods the corpus holds (see
// resolvePeriod). It is made from the tagger's period expressions by
// askPeriod.
type periodAsk struct {
	trailing bool          // "past four quarters", "trailing twelve months"
	yearAgo  bool          // "a year earlier": the latest period's, a year before
	next     bool          // "next quarter": the one after the latest reported
	half     int           // "H1", "first half": 1 or 2, with fiscalY or year when given
	latest   bool          // "latest", "last quarter", "most recent"
	previous bool          // "previous quarter", "the quarter before"
	exact    period.Period // "September 2025 quarter", "quarter ended 2025-09-30"
	// onDate is set for a date named alone ("as of December 31, 2019"):
	// exact is the quarter ending then, and a year, half or nine months
	// ending then fits too.
	onDate   bool
	month    time.Month // "the December quarter" (year unknown)
	fiscalQ  int        // "Q2", "fiscal second quarter"
	fiscalY  int        // "fiscal 2026", "FY26"; with fiscalQ or alone (a year)
	year     int        // a calendar year, or a year not marked fiscal: "in 2024", "Q3 2025"
	calendar bool       // year is marked calendar: "calendar year 2024"
	text     string     // what the question said
}

func (p periodAsk) any() bool {
	return p.trailing || p.next || p.half != 0 || p.latest || p.previous || p.yearAgo || !p.exact.IsZero() || p.month != 0 || p.fiscalQ != 0 || p.fiscalY != 0 || p.year != 0
}

// askPeriod combines the period expressions of a (normalised) question
// into the one period it asks about. A relation decides first ("next
// quarter", "past four quarters" at once; "latest", "previous quarter"
// are kept with what follows); then a half, a date, a quarter with its
// year, a month's quarter, a quarter and a year written apart ("Q2 ...
// fiscal 2026"), a year alone.
func askPeriod(es []tagger.PeriodExpr, q string) periodAsk {
	var p periodAsk
	for _, e := range es {
		switch e.Rel {
		case lexicon.RelLatest, lexicon.RelLast:
			if !p.previous {
				p.latest, p.text = true, e.Text
			}
		case lexicon.RelPrevious:
			p.previous, p.latest, p.text = true, false, e.Text
		case lexicon.RelYearAgo:
			p.yearAgo, p.latest, p.text = true, false, e.Text
		}
	}
	for _, e := range es {
		if e.Rel == lexicon.RelNext {
			p.next, p.latest, p.text = true, false, e.Text
			return p
		}
	}
	for _, e := range es {
		if e.Rel == lexicon.RelTrailing {
			p.trailing, p.latest, p.text = true, false, e.Text
			return p
		}
	}
	var abs []tagger.PeriodExpr // periods named outright
	for _, e := range es {
		if e.Rel == "" {
			abs = append(abs, e)
		}
	}
	// yearOf finds a year written apart from the expression at i.
	yearApart := func(skip int) (tagger.PeriodExpr, bool) {
		for j, e := range abs {
			if j != skip && e.Length == period.Year && e.Year != 0 && e.N == 0 && e.Month == 0 {
				return e, true
			}
		}
		return tagger.PeriodExpr{}, false
	}
	setYear := func(e tagger.PeriodExpr) {
		switch {
		case e.Fiscal:
			p.fiscalY = e.Year
		default:
			p.year, p.calendar = e.Year, e.Calendar
		}
	}
	for _, e := range abs {
		// A period by its length and end: "year ended 31 December 2018",
		// "six months ended June 30, 2025".
		if e.Length != period.Unknown && e.Month != 0 && e.Year != 0 && e.Length != period.Quarter {
			p.exact, p.text = period.Period{Length: e.Length, End: period.MonthEnd(e.Year, e.Month)}, e.Text
			return p
		}
	}
	for i, e := range abs {
		if e.Length != period.Half {
			continue
		}
		p.half, p.text = max(e.N, 1), e.Text
		if e.Year != 0 {
			setYear(e)
		} else if y, ok := yearApart(i); ok {
			setYear(y)
		}
		return p
	}
	for _, e := range abs {
		// A date: "2025-09-30", "september 30, 2025", "sep 2025 quarter".
		if e.Length == period.Unknown && e.Month != 0 && e.Year != 0 &&
			(e.Day != 0 && strings.Contains(e.Text, "-") || strings.Contains(q, "quarter") || strings.Contains(q, "three months") || e.Month%3 == 0) {
			p.exact, p.text = period.QuarterEnding(e.Year, e.Month), e.Text
			p.onDate = e.Day != 0 && !strings.Contains(q, "quarter") && !strings.Contains(q, "three months")
			return p
		}
	}
	for _, e := range abs {
		// "q3 2025", "3q24", "q2'25": a quarter and its year, as the
		// company counts them or as the calendar does.
		if e.Length == period.Quarter && e.N != 0 && e.Year != 0 && !e.Fiscal && !strings.Contains(q, "fiscal") {
			p.fiscalQ, p.year, p.text = e.N, e.Year, e.Text
			return p
		}
	}
	for i, e := range abs {
		if e.Length == period.Quarter && e.Month != 0 {
			p.month, p.text = e.Month, e.Text
			y := e.Year
			if y == 0 {
				if ya, ok := yearApart(i); ok {
					y = ya.Year
				}
			}
			if y != 0 {
				p.exact, p.month = period.QuarterEnding(y, p.month), 0
			}
			return p
		}
	}
	for i, e := range abs {
		if e.Length != period.Quarter || e.N == 0 {
			continue
		}
		p.fiscalQ, p.text = e.N, e.Text
		switch {
		case e.Year != 0 && e.Fiscal:
			p.fiscalY = e.Year
		case e.Year != 0:
			p.year = e.Year
		default:
			if y, ok := yearApart(i); ok {
				setYear(y)
				p.text += " " + y.Text
			}
		}
		return p
	}
	if y, ok := yearApart(-1); ok {
		setYear(y)
		p.text = y.Text
	}
	return p
}

// query is a question understood: the output of the understand stage and
// the input of every later one. Names are canonical: company a registry
// name, segment and metric the lexicon's or the registry's.
type query struct {
	text    string // cleaned: control characters gone, at most maxQuestion bytes
	norm    string // lower case, abbreviations expanded, spelling corrected
	company string // canonical company name, "" when none named
	// unknown is a name that reads like a company the registry does not know.
	unknown string
	segment string
	// unknownSeg is a part of the company the question names that the
	// company's documents do not report ("smartphone" in "Vexcel smartphone
	// revenue", "India" in "deliveries in India"): the question is declined
	// rather than answered with another part's or the whole company's
	// figure.
	unknownSeg string
	// unknownAfter says unknownSeg follows the metric ("revenue
	// retention"): another measure, not a part.
	unknownAfter bool
	// mustWords are stems a candidate's sentence must hold: the words of
	// an unknownSeg, which only a figure said of it can answer.
	mustWords []string
	metric    string
	// count is set when the question asks how many ("how many", "the
	// number of"): money never answers it.
	count bool
	// named is set when the question's words name the metric (not a
	// default such as revenue for "how did it do?").
	named bool
	want  Want
	basis string // "yoy", "qoq"
	// measures are the lexicon measures asked for: "adjusted" (non-GAAP,
	// adjusted, underlying), "constant currency", "organic".
	measures []string
	currency string // "USD", "CNY", "EUR": the currency asked for, if any
	// comparing is set while a comparison's facts are scored: each
	// period's figure counts, growth or level.
	comparing bool
	// compareGrowth is set on a comparison of growth rates rather than of
	// amounts.
	compareGrowth bool
	// rankDown asks for the slowest rather than the fastest.
	rankDown bool
	period   periodAsk
	speaker  string   // for quotes: a person or role named
	terms    []string // content words, for full-text relevance
	// words are the content words for matching fact labels (label.go).
	words []qword
	// reason is set for a question that asks why, when or what something
	// includes rather than for a figure: no table figure answers it.
	reason bool
	// spans are what the tagger read in norm, for the explanation.
	spans []tagger.Span
	// ex collects the explanation of the decisions made for the query; nil
	// when none is asked for.
	ex *Explanation
}

// asks reports whether q asks for the measure m ("adjusted").
func (q query) asks(m string) bool { return slices.Contains(q.measures, m) }

// clean drops control and format characters, folds white space and
// bounds the length, so that anything a user pastes is safe to parse.
func clean(s string) string {
	if len(s) > maxQuestion*4 {
		s = s[:maxQuestion*4]
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			continue
		case unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		if b.Len()+utf8.RuneLen(r) > maxQuestion {
			break
		}
		b.WriteRune(r)
	}
	return b.String()
}

// wordRE finds the words of a lower-case question.
var wordRE = regexp.MustCompile(`[\p{L}\p{N}][\p{L}\p{N}'’/.&-]*[\p{L}\p{N}]|[\p{L}\p{N}]`)

var (
	compareRE = regexp.MustCompile(`\b(?:compare|compared|comparison|versus|vs\.?|trend|over time|each quarter|every quarter|quarter by quarter|both quarters|(?:last|past|previous) (?:two|three|2|3) quarters|change(?:d)? (?:from|between|since)|how has .* (?:changed|evolved|moved))\b`)
	// rankRE asks which segment did best or worst.
	rankRE = regexp.MustCompile(`\b(?:which|what) (?:segment|segments|division|divisions|business|businesses|unit|units|part|parts|area|areas)\b|\b(?:fastest|slowest)[- ]growing\b|\bgrew (?:the )?(?:fastest|most|slowest|least)\b|\b(?:best|worst|strongest|weakest)[- ]performing\b`)
	// rateRE names a growth rate, as against an amount.
	rateRE = regexp.MustCompile(`\b(?:grow|grew|grown|growth|growing|increase|increased|rise|rose|decline|declined|fell|percent|year over year|quarter over quarter|rate)\b|%`)
)

var (
	whoRE = regexp.MustCompile(`^\s*who\b|\bwho (?:is|was|runs|leads|heads)\b|\bname of the\b`)
	qoqRE = regexp.MustCompile(`\b(?:from|compared (?:to|with)|versus|vs\.?|over|than|relative to|against) (?:the |a )?(?:last|previous|prior|preceding|sequential) quarter\b|\bsequentially\b|\bon a sequential basis\b`)
	yoyRE = regexp.MustCompile(`\b(?:from|compared (?:to|with)|versus|vs\.?|over|than|relative to|against) (?:the |a )?(?:year ago|year earlier|last year|prior year|previous year|same (?:quarter|period) (?:a year ago|last year|of last year))(?: quarter| period)?\b|\b(?:a|one) year (?:ago|earlier)\b`)
	// yearAgoRE is "a year ago" on its own, which names a period ("revenue
	// a year earlier") unless the question asks for a rate.
	yearAgoRE = regexp.MustCompile(`^(?:a|one) year (?:ago|earlier)$`)
	profitRE  = regexp.MustCompile(`\b(?:profit|profits|earnings|bottom line|bottom-line)\b`)
	howDidRE  = regexp.MustCompile(`\bhow (?:did|does|is|was|were|are)\b.*\b(?:do|doing|did|perform|performing|performed|fare|fared|go)\b|\bhow (?:were|are|was) (?:the )?(?:results|numbers|earnings)\b|\b(?:results|performance)\b`)
	usdRE     = regexp.MustCompile(`\b(?:dollars?|usd|us\$)\b|\$`)
	cnyRE     = regexp.MustCompile(`\b(?:yuan|rmb|renminbi|cny)\b`)
	eurRE     = regexp.MustCompile(`\b(?:euros?|eur)\b|€`)
	// subjectExpectRE finds who expects: "what does norvane expect", "do
	// analysts expect".
	subjectExpectRE = regexp.MustCompile(`\b(?:does|do|did|is|are)\s+(?:the\s+)?([\p{L}.&'-]+(?:\s+[\p{L}.&'-]+)?)\s+(?:expect|expects|expecting|forecast|project|guide|see)\b`)
	growthWordRE    = regexp.MustCompile(`\b(?:growth|grow|grew|results|earnings|sales)\b`)
	companyExpectRE = regexp.MustCompile(`\b(?:company|management|it|they) (?:expects?|forecasts?|projects?|guided|guides)\b|\bguidance\b|\boutlook\b`)
	corpusSuffixRE  = regexp.MustCompile(`^(?:inc|inc\.|corp|corp\.|corporation|ltd|ltd\.|limited|plc|llc|ag|holdings|co\.)$`)
	roleRE          = regexp.MustCompile(`\b(ceo|chief executive(?: officer)?|cfo|chief financial officer|chairman|chairwoman|chair|president|founder|management|executives?)\b`)
	personRE        = regexp.MustCompile(`\b([A-Z][a-z]+(?: [A-Z][a-z]+){1,2})\b`)
	properRE        = regexp.MustCompile(`(?:^|[^\p{L}])(\p{Lu}[\p{L}&.-]*(?:\s\p{Lu}[\p{L}&.-]*)*)(?:'s|’s|s')`)
)

// stopwords are dropped from the full-text terms of a question.
var stopwords = setOf(`a about above after again all also am an and any are as at be been before being below between both but by can could did do does doing down during each few for from further had has have having he her here hers how i if in into is it its itself just me more most my no nor not now of off on once only or other our out over own same she should so some such than that the their them then there these they this those through to too under until up very was we were what when where which while who whom why will with would you your yours much many tell show give quarter quarters period results result report reported company company's did does q fiscal year`)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// words splits lower-case text into words.
func words(s string) []string { return wordRE.FindAllString(s, -1) }

// normalise lower-cases the question, expands abbreviations and corrects
// spelling against the vocabulary.
func (e *Engine) normalise(text string) string {
	lower := strings.ToLower(text)
	lower = strings.NewReplacer("’", "'", "‘", "'", "“", " ", "”", " ", "?", " ", "!", " ", ",", " , ", ";", " ", "(", " ", ")", " ", "\"", " ").Replace(lower)
	out := make([]string, 0, 16)
	for _, w := range strings.Fields(lower) {
		trimmed := strings.Trim(w, ".:")
		base, poss := trimmed, ""
		for _, s := range []string{"'s", "s'"} {
			if strings.HasSuffix(trimmed, s) && len(trimmed) > len(s)+1 {
				base, poss = strings.TrimSuffix(trimmed, s), "'s"
			}
		}
		if x, ok := e.lex.Abbreviation(base); ok {
			out = append(out, x)
			continue
		}
		out = append(out, e.vocab.correct(base)+poss)
	}
	return strings.Join(out, " ")
}

// understand is the first stage: question in, query out. It cleans the
// question, normalises it (lower case, abbreviations expanded, spelling
// corrected against the corpus's words), and reads it with the same tagger
// and lexicon that read the documents: the company (by the registry's
// names), segment, metric, qualifiers, period expressions and cue words
// that say what is wanted. A follow-up inherits what it does not say from
// q.Context; q.Company applies when no company is named.
func (e *Engine) understand(q Question) query {
	p := query{text: clean(q.Text)}
	p.norm = e.normalise(p.text)

	// Comparisons name a basis, not a period: "compared with last quarter"
	// asks for quarter-over-quarter growth of the latest quarter.
	if m := qoqRE.FindString(p.norm); m != "" {
		p.basis = "qoq"
		p.norm = strings.Replace(p.norm, m, " quarter over quarter ", 1)
	} else if m := yoyRE.FindString(p.norm); m != "" && !(yearAgoRE.MatchString(m) && !rateRE.MatchString(p.norm)) {
		p.basis = "yoy"
		p.norm = strings.Replace(p.norm, m, " year over year ", 1)
	}
	// What people call profit in a question is net income; a label is
	// matched with the question's own words.
	asWritten := tagger.NewText(p.norm)
	p.norm = profitToNetIncome(p.norm)
	n := " " + p.norm + " "

	x := tagger.NewText(p.norm)
	p.company, p.unknown = e.findCompany(p.text, x)
	metricTerms := e.tg.Metrics(x)
	if len(metricTerms) > 0 {
		p.named = true
		p.metric = metricTerms[0].Name
		for _, t := range metricTerms { // the most specific: "adjusted ebita" over "ebita"
			if len(t.Name) > len(p.metric) && strings.Contains(t.Name, p.metric) {
				p.metric = t.Name
			}
		}
	}
	var owner string
	p.segment, owner = e.findSegment(x, p.company, metricTerms)
	if p.company == "" && p.unknown == "" && owner != "" {
		p.company = owner // "data center revenue": only Norvane has one
	}
	if p.company == "" && p.unknown == "" {
		p.unknown = e.unknownName(p.text, p.norm, metricTerms)
	}
	switch {
	case usdRE.MatchString(n):
		p.currency = "USD"
	case cnyRE.MatchString(n):
		p.currency = "CNY"
	case eurRE.MatchString(n):
		p.currency = "EUR"
	}
	p.period = askPeriod(e.tg.Periods(x), p.norm)
	p.count = countAskRE.MatchString(p.norm)
	for _, q := range e.lex.Qualifiers {
		if q.Ask != nil && !p.asks(q.Measure) && q.Ask.MatchString(n) {
			p.measures = append(p.measures, q.Measure)
		}
	}
	switch {
	case p.basis != "":
	case strings.Contains(n, "year over year") || strings.Contains(n, "from a year"):
		p.basis = "yoy"
	case strings.Contains(n, "quarter over quarter") || strings.Contains(n, "sequential"):
		p.basis = "qoq"
	}
	if p.metric == "" && p.segment == "" && howDidRE.MatchString(n) {
		p.metric, p.want = "revenue", WantGrowth // "how did Alibaba do last quarter?"
	}
	cue := func(name string) bool { return e.lex.Cue(name).AskString(n) }
	growth := cue("growth") || strings.Contains(n, "%")
	switch {
	case rankRE.MatchString(n):
		p.want = WantRank
		p.rankDown = strings.Contains(n, "slow") || strings.Contains(n, "least") || strings.Contains(n, "worst") || strings.Contains(n, "weakest")
	case whoRE.MatchString(p.norm),
		p.metric == "" && p.segment == "" && roleRE.MatchString(n) && !cue("quote"):
		p.want = WantWho // "who is the CEO?", "alibaba chief executive"
	case cue("quote") && (roleRE.MatchString(n) || personRE.MatchString(p.text) || strings.Contains(n, " say")):
		p.want = WantQuote
	case cue("beat") && cue("estimate") || cue("beat") && strings.HasPrefix(strings.TrimSpace(p.norm), "did"):
		p.want = WantBeat
	case cue("estimate") && !e.companyExpects(n, p.company),
		cue("analyst") && cue("guidance"):
		p.want = WantEstimate
	case cue("guidance") || cue("estimate"):
		p.want = WantGuidance
	case cue("target"):
		p.want = WantPlan
	case compareRE.MatchString(n):
		p.want = WantCompare
		p.compareGrowth = rateRE.MatchString(n)
	case growth:
		p.want = WantGrowth
	default:
		p.want = WantValue
	}
	if p.want == WantQuote || p.want == WantWho {
		if m := personRE.FindAllString(p.text, -1); len(m) > 0 {
			for _, name := range m {
				if _, ok := e.names.Lookup(name); !ok && !e.isCommonPhrase(name) {
					p.speaker = name
					break
				}
			}
		}
		if p.speaker == "" {
			if m := roleRE.FindString(n); m != "" {
				p.speaker = m
			}
		}
	}
	for _, w := range words(p.norm) {
		w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
		if !stopwords[w] && len(w) > 1 {
			p.terms = append(p.terms, w)
		}
	}
	p.reason = reasonRE.MatchString(p.norm)
	p.words = e.questionWords(asWritten, e.tg.Metrics(asWritten))
	for i, w := range p.words {
		if w.metric == "" && p.metric == "net income" && (w.text == "profit" || w.text == "profits" || w.text == "earnings") {
			p.words[i].metric = p.metric // "profit" read as net income
		}
	}
	// A follow-up keeps what it does not change.
	if c := q.Context; c != nil {
		if p.company == "" && p.unknown == "" {
			p.company = c.Company
		}
		if p.segment == "" && (p.metric == "" || p.metric == c.Metric) {
			p.segment = c.Segment
		}
		if p.metric == "" && p.want != WantQuote && p.want != WantWho {
			p.metric = c.Metric
		}
		if !p.period.any() && c.Period != "" {
			if per, err := period.Parse(c.Period); err == nil {
				p.period.exact = per
				p.period.text = per.Human()
			}
		}
	}
	if p.company == "" && p.unknown == "" && q.Company != "" {
		if c, ok := e.names.Lookup(q.Company); ok {
			p.company = c.Name
		}
	}
	if q.Explain {
		p.spans = e.tg.Tag(p.norm)
	}
	return p
}

// partSegment reads a part of the company in a question that names no
// segment the lexicon or the company's names know: a run of words that
// belongs to exactly one of the company's segment names ("energy storage"
// for "Energy generation and storage"), else, as unknown, a place ("in
// India"), a name called a segment ("the mobile segment") or words before
// the metric that name no metric, period or measure ("smartphone
// revenue"). The segment is kept when the question named the whole company
// ("group", "total").
func (e *Engine) partSegment(p query) (segment, unknown string) {
	segment = p.segment
	x := tagger.NewText(p.norm)
	metrics := e.tg.Metrics(x)
	co, ok := e.names.Lookup(p.company)
	if !ok {
		return segment, ""
	}
	_, generic := e.lex.Segment(segment)
	if segment == "" || !generic && len(co.Segments[segment]) == 0 && segment != facts.Group {
		// None named, or another company's: a run of this company's
		// segment names ("automotive" of "Automotive and Robotics").
		if key := e.segmentByWords(co, x.S); key != "" {
			return key, ""
		}
	}
	if segment == facts.Group {
		return segment, ""
	}
	named := segment != "" // a segment the lexicon or the company names; only a place can add to it
	nameWords := map[string]bool{}
	for _, n := range companyNames(co) {
		for _, w := range strings.Fields(strings.ToLower(n)) {
			nameWords[strings.Trim(w, ".,")] = true
		}
	}
	// A place: "deliveries in India", "EMEA revenue".
	for _, m := range e.lex.PlaceMatch.FindAll(p.text, strings.ToLower(p.text)) {
		place := p.text[m[0]:m[1]]
		rest := strings.ToLower(p.text[m[1]:])
		if len(place) <= 3 && place != strings.ToUpper(place) || strings.HasPrefix(rest, "-") || strings.HasPrefix(strings.TrimSpace(rest), "dollar") ||
			nameWords[strings.ToLower(place)] || strings.Contains(strings.ToLower(co.Name), strings.ToLower(place)) {
			continue
		}
		if named && segmentNames(co, segment, strings.ToLower(place)) {
			continue // "China" of "China e-commerce"
		}
		if ts := e.tg.Segments(tagger.NewText(strings.ToLower(place)), co.Name); len(ts) > 0 && (ts[0].Name == segment || !named) {
			continue // a place the company's segments or the lexicon's regions name
		}
		return segment, strings.ToLower(place)
	}
	if named {
		// Words between the segment and the metric name a part of it:
		// "data center networking revenue".
		for _, g := range e.tg.Segments(x, co.Name) {
			for _, t := range metrics {
				if g.Name == segment && g.End <= t.Start && t.Start-g.End < 40 {
					if u := e.wordsBefore(x.S[g.End:t.Start], p.text, nameWords); u != "" {
						return segment, u
					}
				}
			}
		}
		return segment, ""
	}
	// A name called a segment: "the mobile segment", "Ridgeline's consumer bank".
	if m := segmentCalledRE.FindStringSubmatch(x.S); m != nil {
		var kept []string
		for _, w := range strings.Fields(m[1]) {
			w = strings.TrimSuffix(w, "'s")
			if !stopwords[w] && !nameWords[w] && !e.lex.MetricModifier(w) {
				kept = append(kept, w)
			}
		}
		if len(kept) > 0 {
			return segment, strings.Join(kept, " ")
		}
	}
	// Words right before a metric that are not the company's, a
	// measure's, a period's or a metric's own: "smartphone revenue".
	for _, t := range metrics {
		if u := e.wordsBefore(x.S[:t.Start], p.text, nameWords); u != "" {
			return segment, u
		}
	}
	// A word right after the last metric that makes it another measure:
	// "revenue retention" is not revenue.
	if len(metrics) > 0 {
		t := metrics[len(metrics)-1]
		if after := strings.Fields(x.S[t.End:]); len(after) > 0 {
			w := strings.Trim(after[0], ",.:;?!\"")
			if len(w) > 3 && !stopwords[w] && !nameWords[w] && !e.lex.ReportingWord(w) && !questionVerbs[w] && !genericWords[w] && !e.monthWord(w) &&
				len(e.tg.Periods(tagger.NewText(w))) == 0 && len(e.tg.Metrics(tagger.NewText(w))) == 0 && !e.lex.PlaceMatch.MatchString(w) &&
				!e.lex.Cue("growth").AskString(" "+w+" ") && !e.lex.Cue("guidance").AskString(" "+w+" ") && !e.lex.Cue("estimate").AskString(" "+w+" ") &&
				!strings.ContainsAny(w, "0123456789") && !afterMetricOK[w] && !compareRE.MatchString(w) && !rateRE.MatchString(w) {
				return segment, afterMark + w
			}
		}
	}
	return segment, ""
}

// afterMark marks an unknown word read after the metric ("revenue
// retention"), as against a part named before it ("smartphone revenue").
const afterMark = "\x00"

// wordsBefore returns the words at the end of text (a question before a
// metric) that name a part of a company: not the company's, a measure's,
// a period's, a metric's or the question's own words.
func (e *Engine) wordsBefore(text, question string, nameWords map[string]bool) string {
	before := strings.Fields(text)
	var kept []string
	for i := len(before) - 1; i >= 0 && len(kept) < 3; i-- {
		w := strings.Trim(before[i], ",.:;?!\"")
		base := strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
		if base == "" || nameWords[base] || strings.HasSuffix(w, "'s") || stopwords[base] || questionLead[base] || strings.ContainsAny(base, "0123456789") || e.tickerLike(base, question) {
			break // the company, or the question's own words, come before the part
		}
		if e.lex.MetricModifier(base) || e.lex.ReportingWord(base) || e.tg.Month(base) != 0 || yearRE.MatchString(base) || strings.ContainsAny(base, "0123456789") ||
			len(e.tg.Qualifiers(tagger.NewText(base))) > 0 || len(e.tg.Periods(tagger.NewText(base))) > 0 || e.lex.Cue("growth").AskString(" "+base+" ") ||
			len(e.tg.Metrics(tagger.NewText(base))) > 0 || genericWords[base] {
			continue
		}
		kept = append([]string{base}, kept...)
	}
	return strings.Join(kept, " ")
}

// segmentNames reports whether the segment's key or one of the company's
// names for it holds the lower-case word.
func segmentNames(co corpus.Company, segment, word string) bool {
	if indexWord(segment, word) >= 0 {
		return true
	}
	for _, n := range co.Segments[segment] {
		if indexWord(strings.ToLower(n), word) >= 0 {
			return true
		}
	}
	return false
}

// countAskRE asks how many.
var countAskRE = regexp.MustCompile(`\bhow many\b|\bnumber of\b`)

// afterMetricOK are words a question can put after a metric's name
// without asking for another measure.
var afterMetricOK = setOf(`trend trends performance breakdown mix split results target targets plan plans expectations consensus beat miss
surprise figure figures total totals level levels reaction react reacted move moved movement attributable
excluding including before after from per number numbers amount amounts value values momentum contribution contributions
reported report reports excluding including ex before after this that these those come came coming look looked`)

// monthWord reports whether a word names months: "april-june".
func (e *Engine) monthWord(w string) bool {
	for _, part := range strings.FieldsFunc(w, func(r rune) bool { return r == '-' || r == '/' || r == '–' }) {
		if e.tg.Month(part) != 0 {
			return true
		}
	}
	return false
}

// tickerLike reports whether a lower-case word of the question is written
// in capitals, two to five letters, and is no word the lexicon knows: a
// ticker or short name ("SQI adjusted operating income"), not a part.
func (e *Engine) tickerLike(w, question string) bool {
	return len(w) >= 2 && len(w) <= 5 && !e.lex.Acronym(w) && !e.lex.PlaceMatch.MatchString(w) && indexWord(question, strings.ToUpper(w)) >= 0
}

// questionLead are words that begin what a question asks, before the part
// of the company it names.
var questionLead = setOf(`what how much many was were is are did does do which tell show give me`)

// segmentCalledRE finds a name called a segment in a question.
var segmentCalledRE = regexp.MustCompile(`\b((?:[\p{L}&'-]+ ){0,2}[\p{L}&'-]+) (?:segment|division|business unit|unit|arm|business|bank|banking unit)\b`)

// segmentByWords returns the company's segment whose name holds a run of the
// question's words, when exactly one does ("energy storage" in "Energy
// generation and storage", "automotive" in "Automotive and Robotics").
func (e *Engine) segmentByWords(co corpus.Company, q string) string {
	qw := strings.Fields(strings.ToLower(q))
	for _, n := range companyNames(co) {
		for _, w := range strings.Fields(strings.ToLower(n)) {
			for i := range qw {
				if strings.TrimSuffix(qw[i], "'s") == w {
					qw[i] = "" // the company's own words name no part of it
				}
			}
		}
	}
	found := ""
	for key, names := range co.Segments {
		if _, generic := e.lex.Segment(key); generic || len(names) == 0 {
			continue // the lexicon's words are matched whole
		}
		for _, n := range names[:1] {
			nw := map[string]bool{}
			for _, w := range strings.Fields(strings.ToLower(n)) {
				nw[w] = true
			}
			// The longest run of question words, all in the name, none of them
			// stop words or the company's.
			hit := false
			for i := range qw {
				j := i
				for j < len(qw) && qw[j] != "" && nw[qw[j]] && !stopwords[qw[j]] {
					j++
				}
				if j > i && len(e.tg.Metrics(tagger.NewText(strings.Join(qw[i:j], " ")))) == 0 && !genericWords[qw[i]] {
					hit = true
				}
			}
			if hit {
				if found != "" && found != key {
					return "" // two segments share the words
				}
				found = key
			}
		}
	}
	return found
}

// profitQualifiers before "profit" name another measure ("gross profit"),
// and words after "earnings" another thing ("earnings per share", "the
// earnings call").
var (
	profitQualifiers = setOf(`net gross operating pre-tax pretax before after adjusted core underlying segment ebita ebit`)
	earningsAfter    = setOf(`per call calls report reports release releases season date presentation statement growth`)
)

// profitToNetIncome rewrites a bare "profit" or "earnings" in a question
// as "net income", which is what people mean by it.
func profitToNetIncome(q string) string {
	var b strings.Builder
	last := 0
	for _, m := range profitRE.FindAllStringIndex(q, -1) {
		before := strings.Fields(q[:m[0]])
		after := strings.Fields(q[m[1]:])
		if len(before) > 0 && profitQualifiers[before[len(before)-1]] || len(after) > 0 && earningsAfter[after[0]] {
			continue
		}
		b.WriteString(q[last:m[0]])
		b.WriteString("net income")
		last = m[1]
	}
	b.WriteString(q[last:])
	return b.String()
}

// companyExpects reports whether a question asks what the company itself
// expects (guidance) rather than analysts (an estimate): "what does
// Norvane expect revenue to be?", "what is the company's outlook?".
func (e *Engine) companyExpects(n, company string) bool {
	if e.lex.Cue("analyst").AskString(n) {
		return false
	}
	if m := subjectExpectRE.FindStringSubmatch(n); m != nil {
		subj := strings.TrimSuffix(strings.TrimSuffix(m[1], "'s"), "'")
		if subj == "company" || subj == "management" || subj == "it" || subj == "they" || subj == "firm" {
			return true
		}
		if c, ok := e.names.Lookup(subj); ok && (company == "" || c.Name == company) {
			return true
		}
		if company != "" && strings.Contains(strings.ToLower(company), strings.Fields(subj)[0]) {
			return true
		}
	}
	return companyExpectRE.MatchString(n)
}

// findSegment returns the segment a question names: the company's own
// name for it first ("payments" at Helvaris), then the generic lexicon and
// the company's registry names; for a question that names no company, the
// generic lexicon and every covered company's names at once (the longest
// name wins), with the company whose name it is as owner ("data center
// revenue" finds Norvane); failing those, another covered company's names,
// with that company as owner ("Qilvara data center revenue" can be
// declined as a segment Qilvara does not have). Segment words inside a
// metric's name ("earnings per ADS") do not count.
func (e *Engine) findSegment(x tagger.Text, company string, metrics []tagger.Term) (segment, owner string) {
	keep := func(ts []tagger.Term) []tagger.Term {
		var out []tagger.Term
		for _, t := range ts {
			inside := false
			for _, m := range metrics {
				if t.Start >= m.Start && t.End <= m.End {
					inside = true
				}
			}
			if !inside {
				out = append(out, t)
			}
		}
		return out
	}
	if company != "" {
		for _, key := range e.tg.OwnSegments(company) {
			if indexWord(x.S, key) >= 0 {
				return key, ""
			}
		}
		if ts := keep(e.tg.Segments(x, company)); len(ts) > 0 {
			t := e.placeFirst(x, ts)
			return t.Name, ""
		}
	} else if ts := keep(e.tg.SegmentsOf(x, e.coveredNames)); len(ts) > 0 {
		t := e.placeFirst(x, ts)
		return t.Name, t.Owner
	}
	for _, name := range e.coveredNames {
		if name == company {
			continue
		}
		if ts := keep(e.tg.SegmentsOf(x, []string{name})); len(ts) > 0 {
			return ts[0].Name, name
		}
	}
	return "", ""
}

// placeFirst picks, of the segments a question names, a place when there is
// one: "advertising revenue in Europe" asks for Europe's part of it.
func (e *Engine) placeFirst(x tagger.Text, ts []tagger.Term) tagger.Term {
	for _, t := range ts {
		if e.lex.PlaceMatch.MatchString(x.S[t.Start:t.End]) {
			return t
		}
	}
	return ts[0]
}

// unknownName finds a name in a question that reads like a company the
// corpus does not cover, when no covered company is named: an all-capitals
// word that is not a known abbreviation ("AWS"), a name with a legal-form
// word ("acme inc"), or an unknown word right before the metric ("azure
// growth"). "" when there is none.
func (e *Engine) unknownName(text, norm string, metrics []tagger.Term) string {
	for _, w := range strings.Fields(text) {
		w = strings.Trim(w, "?!.,;:()\"'’")
		w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
		low := strings.ToLower(w)
		if len(w) >= 2 && len(w) <= 6 && w == strings.ToUpper(w) && strings.IndexFunc(w, unicode.IsLetter) >= 0 &&
			!strings.ContainsFunc(w, unicode.IsDigit) && !e.lex.Acronym(low) && !e.isAbbreviation(low) && !e.namesSomethingCovered(low) &&
			e.inCompanyPlace(norm, low) {
			return w // "AWS revenue", "AWS's growth"; not "brightwave RPO", which may be a metric
		}
	}
	fields := strings.Fields(norm)
	for i, f := range fields {
		if i > 0 && corpusSuffixRE.MatchString(f) && !e.knownWord(fields[i-1]) {
			return fields[i-1] + " " + f // "acme inc"
		}
	}
	anchors := slices.Clone(metrics)
	if len(anchors) == 0 {
		for _, m := range growthWordRE.FindAllStringIndex(norm, -1) {
			anchors = append(anchors, tagger.Term{Name: facts.Revenue, Start: m[0], End: m[1]}) // "azure growth"
		}
	}
	for _, m := range anchors {
		if !e.lex.Financial(m.Name) {
			continue
		}
		before := strings.Fields(norm[:m.Start])
		if len(before) == 0 {
			continue
		}
		w := strings.TrimSuffix(before[len(before)-1], "'s")
		if len(w) < 3 || strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }) >= 0 || e.namesSomethingCovered(w) {
			continue
		}
		if !e.knownWord(w) || e.proper[w] {
			return w // "azure revenue": a name, and not one of ours
		}
	}
	return ""
}

// inCompanyPlace reports whether a word stands where a company's name
// does in a question: possessive, or just before a metric or growth word.
func (e *Engine) inCompanyPlace(norm, w string) bool {
	f := strings.Fields(norm)
	for i, x := range f {
		if strings.TrimSuffix(x, "'s") != w {
			continue
		}
		if strings.HasSuffix(x, "'s") {
			return true
		}
		if i+1 < len(f) && (len(e.tg.Metrics(tagger.NewText(f[i+1]))) > 0 || growthWordRE.MatchString(f[i+1])) {
			return true
		}
	}
	return false
}

// namesSomethingCovered reports whether a lower-case word names a covered
// company, one of its segments or a metric.
func (e *Engine) namesSomethingCovered(w string) bool {
	if _, ok := e.names.Lookup(w); ok {
		return true
	}
	x := tagger.NewText(w)
	if len(e.tg.Metrics(x)) > 0 || len(e.tg.SegmentsOf(x, e.coveredNames)) > 0 {
		return true
	}
	for _, name := range e.coveredNames {
		for _, n := range companyNames(e.covered[name].company) {
			if strings.EqualFold(strings.Fields(n)[0], w) {
				return true
			}
		}
	}
	return false
}

// knownWord reports whether w is a word of the corpus, the questions'
// vocabulary or an abbreviation, rather than a name.
func (e *Engine) knownWord(w string) bool {
	return e.vocab.known(w) || stopwords[w] || e.isAbbreviation(w) || e.lex.Acronym(w)
}

// isAbbreviation reports whether w is a question abbreviation the lexicon
// expands ("rev", "yoy").
func (e *Engine) isAbbreviation(w string) bool {
	_, ok := e.lex.Abbreviation(w)
	return ok
}

// isCommonPhrase reports whether a capitalised phrase is something other
// than a person: a month, a segment, a product.
func (e *Engine) isCommonPhrase(s string) bool {
	first := strings.ToLower(strings.Fields(s)[0])
	if e.tg.Month(first) != 0 || stopwords[first] {
		return true
	}
	x := tagger.NewText(strings.ToLower(s))
	return len(e.tg.Segments(x, "")) > 0 || len(e.tg.Metrics(x)) > 0
}

// findCompany returns the registry company the question names (the first
// named, by the registry's names, tickers in any case), or else a
// capitalised possessive name that reads like an unknown company ("Baidu's
// revenue" when the registry lacks Baidu).
func (e *Engine) findCompany(text string, norm tagger.Text) (company, unknown string) {
	if cs := e.tg.Companies(norm, true); len(cs) > 0 {
		return cs[0].Name, ""
	}
	for _, m := range properRE.FindAllStringSubmatch(text, -1) {
		name := m[1]
		low := strings.ToLower(name)
		if stopwords[low] || e.tg.Month(low) != 0 || e.isCommonPhrase(name) || e.vocab.known(low) {
			continue
		}
		return "", name
	}
	return "", ""
}

// companyNames is every name a company goes by: name, short name, aliases
// and tickers (with and without the exchange).
func companyNames(c corpus.Company) []string {
	names := []string{c.Name, c.Short}
	names = append(names, c.Aliases...)
	for _, t := range c.Tickers {
		names = append(names, t)
		if _, sym, ok := strings.Cut(t, ":"); ok && len(sym) > 1 {
			names = append(names, sym)
		}
	}
	out := names[:0]
	for _, n := range names {
		if strings.TrimSpace(n) != "" {
			out = append(out, n)
		}
	}
	return out
}

// indexWord finds word in s at word boundaries; -1 when absent.
func indexWord(s, word string) int {
	if word == "" {
		return -1
	}
	from := 0
	for {
		i := strings.Index(s[from:], word)
		if i < 0 {
			return -1
		}
		i += from
		j := i + len(word)
		if (i == 0 || !isWordRune(s[:i], true)) && (j == len(s) || !isWordRune(s[j:], false)) {
			return i
		}
		from = i + 1
	}
}

func isWordRune(s string, last bool) bool {
	var r rune
	if last {
		r, _ = utf8.DecodeLastRuneInString(s)
	} else {
		r, _ = utf8.DecodeRuneInString(s)
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}
