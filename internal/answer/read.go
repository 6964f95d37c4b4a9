package answer

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/facts"
	"github.com/resultsbot/resultsbot/internal/index"
	"github.com/resultsbot/resultsbot/internal/period"
	"github.com/resultsbot/resultsbot/internal/tagger"
)

// The read stage: a question the facts cannot answer is answered from the
// text. A question that asks for no figure ("why did the gross margin
// fall?", "what does the segment consist of?", "how is fair value
// determined?", "when did ...?") gets the sentence that best answers it,
// quoted verbatim; a question for a figure that no fact ties to a known
// metric ("what was the pre-tax legal expense relating to the litigation in
// 2019?") gets the figure of the best sentence that sits by the question's
// words, or the sentence quoted when no one figure is clearly it.
//
// Sentences are the company's prose passages that the index finds for the
// question's words. Each is scored by named features (readFeatures, the
// one table of their weights): how much of the question's weight of words
// it holds (each word weighted by how rare it is among the company's
// passages), how much of the question's focus (the thing asked about: "the
// gross margin" in "why did the gross margin fall?"), whether the focus
// stands there as a phrase, whether the sentence has the form the question
// asks for (a cause for "why", a list for "consist of", a date for "when"),
// and whether it names the year asked. Only a strong match is an answer,
// and only when no other sentence matches as well: precision first.

// textForm is what kind of answer a question asks of the text.
type textForm string

// The forms.
const (
	formNone    textForm = ""           // a figure question, for the facts
	formReason  textForm = "reason"     // why, what caused, what drove
	formMethod  textForm = "method"     // how is X determined, calculated, defined
	formContent textForm = "content"    // what does X consist of, include, represent
	formDefine  textForm = "definition" // what is X, who is X
	formTime    textForm = "time"       // when
	formYesNo   textForm = "yes-no"     // did, was there, were there
	formWhich   textForm = "which"      // which, where
	formOpen    textForm = "open"       // what results in, what do X indicate
	formFigure  textForm = "figure"     // a figure no fact holds
)

// textAsk is what a question asks of the text.
type textAsk struct {
	form   textForm
	terms  []readTerm // the question's content words, weighted
	focus  []string   // stems of the thing asked about, in order
	years  []int      // years the question names
	counts bool       // asks how many: a bare number can answer
	growth bool       // asks how much something changed: a change answers, not a level
	metric string     // the lexicon metric the question names, "" when none
}

// readTerm is a question word as the index reads it, with its weight.
type readTerm struct {
	stem   string
	weight float64
	focus  bool
}

var (
	// readFormRules say, in order, which form a question asks for; the
	// first that matches decides.
	readFormRules = []struct {
		form textForm
		re   *regexp.Regexp
	}{
		{formReason, regexp.MustCompile(`^(?:in (?:fiscal )?\d{4},? )?why\b|\bwhy (?:did|does|do|is|are|was|were|has|have|had)\b|\breasons? (?:for|behind|of)\b|\bwhat (?:caused|causes|drove|drives|led to|contributed to|resulted in|explains)\b|\b(?:driven|caused|influenced|impacted|affected|offset) by$|\b(?:due|attributable|attributed) to$`)},
		{formMethod, regexp.MustCompile(`^how (?:often|will|would|can|should)\b|^how (?:is|are|was|were|does|do|did)\b.*\b(?:calculated|determined|measured|computed|derived|defined?|stated|recogni[sz]ed|recorded|estimated|valued|presented|reported|accounted|allocated|treated|used|calculate|determine|measure|recogni[sz]e|account for|estimate)\b|\b(?:based (?:on|upon)|determined|calculated|measured|computed|derived)$`)},
		{formContent, regexp.MustCompile(`\bwhat (?:does|do|did)\b.*\b(?:consist|consists|include|includes|comprise|comprises|represent|represents|relate|relates|mean|means|cover|covers|contain|contains|refer|refers|show|shows|follow|follows|do)\b|\bwhat (?:is|are|was|were) (?:included|excluded|comprised|contained)\b|\b(?:consists?|comprised?|composed) (?:primarily |mainly |principally )?of$`)},
		{formTime, regexp.MustCompile(`^when\b|\bwhat (?:date|day|month|year)\b`)},
		{formYesNo, regexp.MustCompile(`^(?:did|does|do|was|were|is|are|has|have|had)\b`)},
		{formDefine, regexp.MustCompile(`^who (?:is|are|was|were)\b`)},
		{formWhich, regexp.MustCompile(`^(?:which|where|who)\b|^what (?:program|market|entity|entities|method|approach|type|kind|currency|standard)\b`)},
		{formOpen, regexp.MustCompile(`^what (?:\w+ ){0,3}?(?:do|does|did|could|would|will|can|should|results?|happens?|happened|indicates?)\b`)},
		{formDefine, regexp.MustCompile(`^(?:what|who) (?:is|are|was|were)\b|^according to\b|\bwhat (?:happens|happened|did the company complete)\b`)},
	}
	// figureAskRE marks a question that asks for a figure.
	figureAskRE = regexp.MustCompile(`^how (?:much|many)\b|^what (?:\S+ ){0,5}?(?:did|does|do|will|is|are|was|were) (?:\S+ ){0,4}?(?:earn|make|made|generate|report|post|record|spend|spent|sell|sold|deliver|produce|ship|book|pay|paid|raise|invest|return|declare|approve|expect|guide|forecast|reali[sz]e|achieve|receive|collect|add|lose|lost)(?:s|ed|ing)?\b|^what (?:was|were|is|are) the (?:\w+ )?(?:increase|decrease|change|decline|growth|rise|drop|reduction) in\b|\bpercentage (?:increase|decrease|change|growth|decline|drop)\b|\b(?:amount|value|number|total|percentage|proportion|portion|share|rate|ratio|balance|level|size|cost|price)s? (?:of|for|in|from)\b|\bhow much\b|\bhow many\b|\bwhat (?:was|were|is|are) the (?:\w+ ){0,6}(?:expenses?|charges?|costs?|income|losses?|gains?|benefits?|payments?|amounts?|fees?|revenues?|sales|margins?|rates?|balances?|proceeds|carryforwards?|allowances?|liabilit(?:y|ies)|assets?)\b`)
	// focusRules find the thing a question asks about: its first group.
	focusRules = []*regexp.Regexp{
		regexp.MustCompile(`\bwhy (?:did|does|do|is|are|was|were|has|have|had) (?:the |a |an )?(.+?)(?: (?:increase|increased|decrease|decreased|decline|declined|improve|improved|change|changed|fall|fell|rise|rose|grow|grew|drop|dropped|go up|go down|remain|remained|be|exist|not|happen))\b`),
		regexp.MustCompile(`\b(?:reasons? (?:for|behind|of)|what (?:caused|causes|drove|drives|led to|contributed to|resulted in|explains)) (?:the |a |an )?(.+)$`),
		regexp.MustCompile(`^what (?:was|were|is|are) (?:the |a |an )?(.+?) (?:primarily |mainly |largely )?(?:driven by|due to|attributable to|influenced by|caused by|offset by|based (?:on|upon)|determined|calculated|consist(?:ing)? of|comprised of)$`),
		regexp.MustCompile(`\bwhat (?:does|do|did) (?:the |a |an )?(.+?) (?:primarily |mainly |principally )?(?:consist|include|comprise|represent|relate|mean|cover|contain|refer|show|follow|do)s?\b`),
		regexp.MustCompile(`^how (?:does|do|did) (?:the )?(?:company|group|management|we) (?:define|calculate|determine|measure|recogni[sz]e|account for|estimate) (?:the |its )?(.+)$`),
		regexp.MustCompile(`^how (?:is|are|was|were|does|do|did|will|would|can|should) (?:the |a |an )?(.+?) (?:calculated|determined|measured|computed|derived|defined|define|stated|recognized|recognised|recorded|estimated|valued|presented|reported|accounted|allocated|treated|benefit|affect|impact|used)\b`),
		regexp.MustCompile(`^(?:what|who) (?:is|are|was|were) (?:the |a |an )?(.+?)(?: based (?:on|upon)| considered| included| excluded.*)?$`),
		regexp.MustCompile(`^what (?:was|were|is|are) (?:the )?(?:amount|value|number|total|level|percentage|proportion|portion) of (?:the )?(.+)$`),
	}
	// leadInRE is what a question says before its subject and what scoring ignores:
	// "in 2019," "according to the information,".
	leadInRE = regexp.MustCompile(`^(?:in (?:fiscal )?\d{4},?|according to (?:the )?(?:information|report|text|passage)(?: provided| given)?,?)\s*`)
	// yearRE finds four-digit years.
	yearRE = regexp.MustCompile(`\b(?:19[6-9]\d|20\d\d)\b`)
	// fyRE finds two-digit fiscal years: "FY19", "fiscal '19".
	fyRE = regexp.MustCompile(`(?i)\b(?:fy|fiscal (?:year )?')(\d\d)\b`)
)

// readWeak are question words that say how an answer reads, not what it is
// about: they count a little.
var readWeak = setOf(`reason caus primari princip key signific compar rate ratio level size driven due attribut primarili main major consist includ repres defin determin calcul base upon relat mean cover contain refer show follow influenc impact affect result explain drove led contribut increas decreas declin chang improv rise rose fell fall grow grew note describ`)

// readScaffold are question words that say nothing of the text: dropped.
var readScaffold = setOf(`compani much mani percentag percent year fiscal quarter period end ended month`)

// scaffoldRE is what a question says around its subject that says nothing
// of the text: "the amount of money", "the company's".
var scaffoldRE = regexp.MustCompile(`\b(?:the )?(?:amount|value|number|sum|level|percentage|proportion|portion) of (?:money )?|\bthe company'?s?\b|\b(?:in|from) the (?:report|information|text)\b`)

// readFeature is a named property of a sentence read for an answer, or a
// threshold of the read stage, with its weight in readFeatures.
type readFeature int

// The read stage's features and thresholds.
const (
	readCoverage readFeature = iota
	readFocus
	readPhrase
	readForm
	readSubject
	readDefines
	readFormMissing
	readFigureNear
	readYear
	readYearOther
	readLong
	readMinScore
	readMinCoverage
	readMinCoverageFigure
	readMinFocus
	readTableMargin
	readMargin
	numReadFeatures
)

// readFeatures is the one table of the read stage's weights.
var readFeatures = [numReadFeatures]struct {
	name   string
	weight float64
	about  string
}{
	readCoverage:          {"coverage", 0.6, "times the share of the question's weight of words the sentence holds, 0 to 1"},
	readFocus:             {"focus", 0.4, "times the share of the focus (the thing asked about) the sentence holds, 0 to 1"},
	readPhrase:            {"focus.phrase", 0.1, "times the share of the focus's word pairs that stand together in the sentence"},
	readForm:              {"form", 0.1, "the sentence has the form asked for (a cause, a list, a method, a date, a figure)"},
	readSubject:           {"subject", 0.1, "the sentence opens with the focus: it is about it"},
	readDefines:           {"defines", 0.1, "the focus is followed by what defines or describes it (is, as, a, consists of)"},
	readFormMissing:       {"form.missing", -0.2, "the sentence lacks the form asked for (a cause for why, a list for consist of, a method for how)"},
	readFigureNear:        {"figure.near", 0.3, "times the share of the question's weight of words in the clause of the sentence's best figure"},
	readYear:              {"year", 0.1, "the sentence names the year asked"},
	readYearOther:         {"year.other", -0.3, "the sentence names other years, not the one asked"},
	readLong:              {"long", -0.1, "the sentence runs over what an answer can quote"},
	readMinScore:          {"threshold.min-score", 0.8, "the least score a sentence needs to answer"},
	readMinCoverage:       {"threshold.min-coverage", 0.6, "the least share of the question's weight of words a sentence needs"},
	readMinFocus:          {"threshold.min-focus", 0.75, "the least share of the focus a sentence needs"},
	readMinCoverageFigure: {"threshold.min-coverage.figure", 0.75, "the least share of the question's words a sentence needs to give a figure no fact holds"},
	readTableMargin:       {"threshold.table-margin", 0.05, "a figure is read from a sentence only when it holds this much more of the question's words than any table row"},
	readMargin:            {"threshold.margin", 0.03, "how much better than the next sentence the best must score"},
}

func rweight(f readFeature) float64 { return readFeatures[f].weight }

// formCueRE is, per form, what a sentence of that form says.
var formCueRE = map[textForm]*regexp.Regexp{
	formReason:  regexp.MustCompile(`(?i)\b(?:due to|because|driven by|(?:influenc|impact|affect)\w* by|drove|attributable to|attributed to|primarily|mainly|largely|as a result|result(?:ed|ing)? (?:of|from|in)|reflect(?:s|ed|ing)?|offset by|owing to|caused by|led by|on (?:lower|higher)|reason)\b`),
	formMethod:  regexp.MustCompile(`(?i)\b(?:determin\w*|calculat\w*|based (?:on|upon)|using|measur\w*|defin\w*|method|estimat\w*|recogni[sz]\w*|stated at|valued|comput\w*|annually|quarterly|each year)\b`),
	formContent: regexp.MustCompile(`(?i)\b(?:consist\w*|includ\w*|compris\w*|represent\w*|relat\w*|mean\w*|refer\w*|contain\w*|cover\w*|composed|made up|such as|shows?|follows?)\b`),
	formTime:    regexp.MustCompile(`(?i)\b(?:january|february|march|april|may|june|july|august|september|october|november|december|(?:19|20)\d\d)\b`),
	formYesNo:   regexp.MustCompile(`(?i)\b(?:no|not|none|any|there (?:was|were|is|are|have been|has been))\b`),
	formWhich:   regexp.MustCompile(`(?i)\b[A-Z][\p{L}&.-]+`),
}

// readAsk reads what a question asks of the text. form is formNone for a
// question the facts should answer first.
func (e *Engine) readAsk(p query, cov *coverage) textAsk {
	q := strings.ToLower(strings.TrimSpace(strings.TrimRight(strings.TrimSpace(p.text), "?.! ")))
	q = strings.NewReplacer("’", "'", "“", "\"", "”", "\"").Replace(q)
	body := leadInRE.ReplaceAllString(q, "")
	words := scaffoldRE.ReplaceAllString(body, " ")
	var a textAsk
	for _, r := range readFormRules {
		if r.re.MatchString(body) || r.re.MatchString(q) {
			a.form = r.form
			break
		}
	}
	if figureAskRE.MatchString(body) && (a.form == formDefine || a.form == formNone || a.form == formOpen || a.form == formWhich && !strings.HasPrefix(body, "who")) {
		a.form = formFigure
	}
	a.counts = strings.Contains(body, "how many")
	a.growth = p.want == WantGrowth
	if p.named {
		a.metric = p.metric
	}
	for _, m := range yearRE.FindAllString(q, -1) {
		y, _ := strconv.Atoi(m)
		if !slices.Contains(a.years, y) {
			a.years = append(a.years, y)
		}
	}
	for _, m := range fyRE.FindAllStringSubmatch(q, -1) {
		y, _ := strconv.Atoi(m[1])
		if y += 2000; !slices.Contains(a.years, y) {
			a.years = append(a.years, y)
		}
	}
	focus := ""
	for _, re := range focusRules {
		if m := re.FindStringSubmatch(body); m != nil {
			focus = m[1]
			break
		}
	}
	names := map[string]bool{}
	if cov != nil {
		for _, n := range companyNames(cov.company) {
			for _, t := range index.Terms(n) {
				names[t.Stem] = true
			}
		}
	}
	keep := func(stem string) bool {
		return !names[stem] && !readScaffold[stem] && !yearRE.MatchString(stem) && !fyRE.MatchString(stem) && e.tg.Month(stem) == 0
	}
	for _, t := range index.Terms(focus) {
		if keep(t.Stem) && !readWeak[t.Stem] {
			a.focus = append(a.focus, t.Stem)
		}
	}
	seen := map[string]bool{}
	for _, t := range index.Terms(words) {
		if !keep(t.Stem) || seen[t.Stem] {
			continue
		}
		seen[t.Stem] = true
		rt := readTerm{stem: t.Stem, focus: slices.Contains(a.focus, t.Stem)}
		a.terms = append(a.terms, rt)
	}
	return a
}

// textFirst reports whether a question asks for no figure, so the text
// answers it rather than the facts.
func (a textAsk) textFirst() bool {
	switch a.form {
	case formReason, formMethod, formContent, formTime:
		return true
	}
	return false
}

// readSentence is a sentence scored for a question.
type readSentence struct {
	p      corpus.Passage
	text   string // the part of the passage to quote: the passage, or its best clauses when it is long
	start  int    // offset of text in the document
	score  float64
	cov    float64 // share of the question's weight of words held
	focus  float64 // share of the focus held
	figure bool    // states a figure
	// prev is set when the sentence refers back to the one before it,
	// whose words it was scored with ("The increase was driven by ...").
	prev bool
	hits []readHit
}

type readHit struct {
	f     readFeature
	value float64
	note  string
}

// maxQuote is the longest sentence an answer quotes whole; a longer one is
// cut to its best clauses.
const maxQuote = 420

// readDF returns how many of the company's passages hold each term, and how
// many passages there are, computed once per company.
func (e *Engine) readDF(company string) (map[string]int, int) {
	e.readMu.Lock()
	defer e.readMu.Unlock()
	if df, ok := e.readDFs[company]; ok {
		return df, e.readN[company]
	}
	df, n := map[string]int{}, 0
	for _, d := range e.corpus.Docs {
		if cov := e.coverage(d.Meta.Company); cov == nil || cov.company.Name != company {
			continue
		}
		for _, p := range d.Passages {
			n++
			seen := map[string]bool{}
			for _, t := range index.Terms(p.Text) {
				if !seen[t.Stem] {
					seen[t.Stem] = true
					df[t.Stem]++
				}
			}
		}
	}
	e.readDFs[company], e.readN[company] = df, n
	return df, n
}

// readSentences returns the company's prose sentences the index finds for
// the question, and the sentences that follow them and refer back to them
// ("The increase was driven by ..."), scored, best first.
func (e *Engine) readSentences(ctx context.Context, p query, cov *coverage, a textAsk) (found readFound, err error) {
	if len(a.terms) == 0 {
		return found, nil
	}
	df, n := e.readDF(cov.company.Name)
	var total, focusTotal float64
	for i := range a.terms {
		t := &a.terms[i]
		t.weight = math.Log(1 + float64(n+1)/float64(df[t.stem]+1))
		if readWeak[t.stem] {
			t.weight *= 0.25
		}
		if t.focus {
			focusTotal += t.weight
			t.weight *= 2
		}
		total += t.weight
	}
	var text []string
	for _, t := range a.terms {
		text = append(text, t.stem)
	}
	hits, err := e.ix.Search(ctx, index.Query{Type: index.TypePassage, Company: cov.company.Name, Text: strings.Join(text, " "), Limit: 200})
	if err != nil {
		return found, err
	}
	var out []readSentence
	seen := map[string]bool{}
	consider := func(pa corpus.Passage) {
		if seen[pa.ID] || pa.Heading {
			return
		}
		if pa.Kind == corpus.TableBlock {
			// A table row that holds the question's words: the table's
			// figure, not a sentence's, answers a figure question.
			if r := e.scoreSentence(pa, nil, a, total, focusTotal); r.cov > found.rowCov {
				found.rowCov, found.row = r.cov, pa.ID
			}
			return
		}
		seen[pa.ID] = true
		var prev *corpus.Passage
		if pp, ok := e.corpus.Passage(fmt.Sprintf("%s#%d", pa.Doc, pa.Seq-1)); ok && pp.Block == pa.Block && !pp.Heading {
			prev = &pp
		}
		out = append(out, e.scoreSentence(pa, prev, a, total, focusTotal))
	}
	for _, h := range hits {
		pa, ok := e.corpus.Passage(h.ID)
		if !ok {
			continue
		}
		consider(pa)
		if next, ok := e.corpus.Passage(fmt.Sprintf("%s#%d", pa.Doc, pa.Seq+1)); ok && next.Block == pa.Block && anaphoraRE.MatchString(next.Text) {
			consider(next)
		}
	}
	slices.SortStableFunc(out, func(x, y readSentence) int {
		return cmp.Or(cmp.Compare(y.score, x.score), cmp.Compare(x.p.Doc, y.p.Doc), cmp.Compare(x.p.Seq, y.p.Seq))
	})
	found.sents = out
	return found, nil
}

// readFound is what the read stage found for a question: its sentences,
// best first, and how much of the question the best table row holds.
type readFound struct {
	sents  []readSentence
	rowCov float64
	row    string // passage ID of that row
}

// anaphoraRE opens a sentence that is about what the sentence before it
// said: "The increase was driven by", "These amounts are not included".
var anaphoraRE = regexp.MustCompile(`^(?:This|These|Those|That|Such|It|They)\b|^The (?:\w+ )?(?:increase|decrease|decline|change|improvement|growth|rise|reduction|drop|fall|variance|difference|amounts?|movement|impact|effect)s?\b`)

// definerRE follows a term that a sentence defines or describes:
// "Deltenna, a wireless company", "ROIC as", "Fair value is".
var definerRE = regexp.MustCompile(`^(?:’s|'s)?\W{0,3}(?:(?:Inc|Ltd|LLC|Corp|plc|Limited)\.?\W{0,3})?(?:\([^)]{0,60}\)\W{0,3})?(?:,\s*(?:a|an|the|which|our|its)\b|\s*(?:is|are|was|were|represents?|refers? to|means|as|consists?|comprises?|includes?|reflects?)\b)`)

// scoreSentence scores a passage for a question (see readFeatures); prev is
// the sentence before it in its paragraph, whose words count for half.
func (e *Engine) scoreSentence(pa corpus.Passage, prev *corpus.Passage, a textAsk, total, focusTotal float64) readSentence {
	s := readSentence{p: pa, text: pa.Text, start: pa.Start}
	if len(pa.Text) > maxQuote {
		s.text, s.start = bestClauses(pa, a)
	}
	terms := index.Terms(s.text)
	pos := map[string][]int{}
	for _, t := range terms {
		pos[t.Stem] = append(pos[t.Stem], t.Pos)
	}
	before := map[string]bool{}
	if prev != nil {
		for _, t := range index.Terms(prev.Text) {
			before[t.Stem] = true
		}
	}
	add := func(f readFeature, times float64, note string) {
		v := rweight(f) * times
		s.score += v
		s.hits = append(s.hits, readHit{f, v, note})
	}
	// A sentence that opens by referring back ("The increase was driven
	// by") is about what the sentence before it names: its words count in
	// full; another sentence of the paragraph counts them for half.
	back := prev != nil && anaphoraRE.MatchString(pa.Text)
	prevShare := 0.5
	if back {
		prevShare = 1
	}
	var held, focusHeld, fromPrev float64
	for _, t := range a.terms {
		share := 0.0
		switch {
		case len(pos[t.stem]) > 0:
			share = 1
		case before[t.stem]:
			share = prevShare
			fromPrev += t.weight * prevShare
		}
		held += share * t.weight
		if t.focus {
			focusHeld += share * t.weight / 2
		}
	}
	if total > 0 {
		s.cov = held / total
	}
	s.focus = 1
	if focusTotal > 0 {
		s.focus = focusHeld / focusTotal
	}
	s.prev = back && fromPrev > 0
	note := fmt.Sprintf("%.2f", s.cov)
	if fromPrev > 0 {
		note += ", with words of the sentence before"
	}
	add(readCoverage, s.cov, note)
	add(readFocus, s.focus, fmt.Sprintf("%.2f", s.focus))
	// Where the focus stands, and the years named, are read from the
	// sentence referred back to as well.
	subjectTerms, yearText := terms, s.text
	if back {
		subjectTerms = index.Terms(prev.Text)
		yearText = prev.Text + " " + s.text
		for _, t := range subjectTerms {
			pos[t.Stem] = append(pos[t.Stem], t.Pos-1000)
		}
	}
	if len(a.focus) > 1 {
		pairs, together := 0, 0
		for i := 1; i < len(a.focus); i++ {
			pairs++
			for _, x := range pos[a.focus[i-1]] {
				if slices.ContainsFunc(pos[a.focus[i]], func(y int) bool { return y > x && y-x <= 2 }) {
					together++
					break
				}
			}
		}
		add(readPhrase, float64(together)/float64(pairs), fmt.Sprintf("%d of %d", together, pairs))
	}
	if len(a.focus) > 0 && len(subjectTerms) > 0 && subjectTerms[0].Stem == a.focus[0] && a.form != formDefine {
		add(readSubject, 1, subjectTerms[0].Stem)
	}
	if len(a.focus) > 0 && (a.form == formDefine || a.form == formMethod || a.form == formContent || a.form == formWhich) {
		last := a.focus[len(a.focus)-1]
		for _, t := range terms {
			if t.Stem == last && definerRE.MatchString(s.text[t.End:]) {
				add(readDefines, 1, t.Stem)
				break
			}
		}
	}
	form := a.form
	if form == formFigure {
		if f, share, _ := e.pickFigure(s.text, a); f.text != "" {
			add(readForm, 1, "states a figure")
			add(readFigureNear, share, fmt.Sprintf("%s, %.2f", f.text, share))
			s.figure = true
		}
	} else if re := formCueRE[form]; re != nil && re.MatchString(s.text) {
		add(readForm, 1, string(form))
	} else if form == formReason || form == formContent || form == formMethod {
		add(readFormMissing, 1, string(form))
	}
	if len(a.years) > 0 {
		ys := yearsIn(yearText)
		switch {
		case slices.ContainsFunc(ys, func(y int) bool { return slices.Contains(a.years, y) }):
			add(readYear, 1, fmt.Sprint(a.years))
		case len(ys) > 0:
			add(readYearOther, 1, fmt.Sprint(ys))
		}
	}
	if len(s.text) > maxQuote {
		add(readLong, 1, strconv.Itoa(len(s.text)))
	}
	return s
}

// bareNumberRE finds a number standing alone: "50 restaurants".
var bareNumberRE = regexp.MustCompile(`(?:^|[\s(])(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\b`)

// yearsIn returns the years a text names, four digits or "FY19".
func yearsIn(s string) []int {
	var ys []int
	for _, m := range yearRE.FindAllString(s, -1) {
		y, _ := strconv.Atoi(m)
		ys = append(ys, y)
	}
	for _, m := range fyRE.FindAllStringSubmatch(s, -1) {
		y, _ := strconv.Atoi(m[1])
		ys = append(ys, 2000+y)
	}
	return ys
}

// bestClauses cuts a long passage to the run of its clauses, at most
// maxQuote long, that holds the most of the question's words.
func bestClauses(pa corpus.Passage, a textAsk) (string, int) {
	cls := tagger.Clauses(pa.Text)
	want := map[string]float64{}
	for _, t := range a.terms {
		want[t.stem] = t.weight
	}
	bestI, bestJ, best := 0, 0, -1.0
	for i := range cls {
		for j := i; j < len(cls) && cls[j][1]-cls[i][0] <= maxQuote; j++ {
			got := 0.0
			seen := map[string]bool{}
			for _, t := range index.Terms(pa.Text[cls[i][0]:cls[j][1]]) {
				if !seen[t.Stem] {
					seen[t.Stem] = true
					got += want[t.Stem]
				}
			}
			if got > best {
				bestI, bestJ, best = i, j, got
			}
		}
	}
	if best < 0 {
		cut := min(maxQuote, len(pa.Text))
		return pa.Text[:cut], pa.Start
	}
	lo, hi := cls[bestI][0], cls[bestJ][1]
	return strings.TrimSpace(pa.Text[lo:hi]), pa.Start + lo + (len(pa.Text[lo:hi]) - len(strings.TrimLeft(pa.Text[lo:hi], " ")))
}

// answerText answers p from the company's sentences: the best one quoted,
// or, for a figure question, the figure it states by the question's words.
// ok is false when no sentence is a strong enough match; the explanation
// says why.
func (e *Engine) answerText(ctx context.Context, p query, cov *coverage, a textAsk) (Answer, bool, error) {
	x := p.ex.add(0, "read: the text, for a question asking for %s; focus %q", cmp.Or(string(a.form), "a figure"), strings.Join(a.focus, " "))
	found, err := e.readSentences(ctx, p, cov, a)
	if err != nil {
		return Answer{}, false, err
	}
	ss := found.sents
	for i, s := range ss {
		if i == 5 {
			break
		}
		n := x.add(s.score, "sentence %s: %q", s.p.ID, clip(s.text, 120))
		for _, h := range s.hits {
			n.add(h.value, "%s: %s (%s)", readFeatures[h.f].name, readFeatures[h.f].about, h.note)
		}
	}
	if len(ss) == 0 {
		x.add(0, "decline: no sentence holds the question's words")
		return Answer{}, false, nil
	}
	best := ss[0]
	switch {
	case best.cov < rweight(readMinCoverage):
		x.add(best.cov, "decline: the best sentence holds less than %v of the question's words", rweight(readMinCoverage))
		return Answer{}, false, nil
	case a.form == formFigure && !best.figure && !noneRE.MatchString(best.text):
		x.add(0, "decline: the best sentence states no figure")
		return Answer{}, false, nil
	case a.form == formFigure && best.cov < rweight(readMinCoverageFigure):
		x.add(best.cov, "decline: for a figure, the best sentence holds less than %v of the question's words", rweight(readMinCoverageFigure))
		return Answer{}, false, nil
	case best.focus < rweight(readMinFocus):
		x.add(best.focus, "decline: the best sentence holds less than %v of the focus", rweight(readMinFocus))
		return Answer{}, false, nil
	case best.score < rweight(readMinScore):
		x.add(best.score, "decline: the best sentence scores less than %v", rweight(readMinScore))
		return Answer{}, false, nil
	}
	for _, o := range ss[1:] {
		if o.score <= best.score-rweight(readMargin) {
			break
		}
		if !sameWords(o.text, best.text) && !linked(o, best) {
			x.add(best.score-o.score, "decline: another sentence matches as well (%s)", o.p.ID)
			return Answer{}, false, nil
		}
	}
	per := e.readPeriod(p, best, a, cov)
	lead := fmt.Sprintf("From %s report for %s: “%s”", possessive(cov.company.Short), periodPhrase(per, cov.fye), best.text)
	if per.IsZero() {
		lead = fmt.Sprintf("From %s report: “%s”", possessive(cov.company.Short), best.text)
	}
	cited := []string{best.p.ID}
	if best.prev {
		// "The increase was driven by ...": what increased is said before.
		prev, _ := e.corpus.Passage(fmt.Sprintf("%s#%d", best.p.Doc, best.p.Seq-1))
		if more := " The sentence before it reads: “" + prev.Text + "”"; len(lead)+len(more) <= maxAnswer {
			lead += more
		}
		cited = append(cited, prev.ID)
	}
	var used []facts.Fact
	if a.form == formFigure && best.figure {
		if found.rowCov >= best.cov-rweight(readTableMargin) {
			x.add(found.rowCov, "decline: a table row (%s) holds the question's words as well: the table answers it", found.row)
			return Answer{}, false, nil
		}
		fig, f, why := e.readFigure(best, a, cov)
		if why != "" {
			x.add(0, "decline: %s", why)
			return Answer{}, false, nil
		}
		if f != nil && !f.Period.IsZero() && (per.IsZero() || len(a.years) == 0) {
			per = f.Period // the figure's own period: "for the full year 2025"
		}
		if per.IsZero() {
			// A figure is given with its period; a document that names
			// none cannot date it: the sentence is quoted instead, the
			// figure in its own words.
			x.add(0, "%s is stated in a document that gives no period: the sentence is quoted", fig)
		} else {
			if f != nil {
				used = append(used, *f)
			}
			lead = fmt.Sprintf("For %s in %s: %s, according to its report: “%s”", cov.company.Short, periodPhrase(per, cov.fye), fig, best.text)
		}
	}
	x.add(best.score, "answered from %s", best.p.ID)
	if used == nil {
		used = []facts.Fact{}
	}
	return Answer{
		Answered: true, Text: lead, Company: cov.company.Name, Period: per.String(), PeriodLabel: cov.fye.Label(per),
		Facts: used, Citations: e.citations(cited),
		Context: Context{Company: cov.company.Name, Period: per.String()},
	}, true, nil
}

// maxAnswer is the longest answer text the read stage writes: a quote,
// not a page.
const maxAnswer = 560

// linked reports whether two sentences are one answer: adjacent in one
// paragraph, the later referring back to the earlier.
func linked(a, b readSentence) bool {
	if a.p.Doc != b.p.Doc || a.p.Block != b.p.Block {
		return false
	}
	return a.prev && a.p.Seq == b.p.Seq+1 || b.prev && b.p.Seq == a.p.Seq+1
}

// sameWords reports whether two sentences say the same (a repeated
// sentence in two documents is one answer, not a tie).
func sameWords(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// readPeriod is the period a sentence answers for: the year asked when the
// sentence names it, else its document's period.
func (e *Engine) readPeriod(p query, s readSentence, a textAsk, cov *coverage) period.Period {
	per := period.Period{}
	if s.p.Meta != nil {
		per = s.p.Meta.Period
	}
	if p.period.any() && (p.period.year == 0 && p.period.fiscalY == 0 || p.period.fiscalQ != 0 || p.period.half != 0 || p.period.month != 0 || !p.period.exact.IsZero()) {
		// A period that is more than a year ("June 2025", "Q3"): the
		// document's, when it is that one.
		if want, ok := e.docPeriod(p, cov); ok {
			return want
		}
		return per
	}
	for _, y := range a.years {
		if slices.Contains(yearsIn(s.text), y) {
			fy := cov.fye.FiscalYear(y)
			if per.IsZero() || per.Length != period.Year || per.End.Year() != fy.End.Year() {
				return fy
			}
		}
	}
	return per
}

// sentenceFigure is a figure in a sentence (offsets into the quoted text).
type sentenceFigure struct {
	text       string
	start, end int
	change     bool // a change stated as an amount: "increased $310 million"
	moved      bool // an amount after a change word in its clause: "an increase in the allowance of $2.9 million"
	percent    bool // a percentage or points
	year       bool // its clause, or a "respectively" list, ties it to the year asked
}

// pickFigure picks the figure of a sentence's text that answers a figure
// question: the one whose clause holds most of the question's words (and
// the year asked, when it asks one), nearest them; in a list of years and
// figures closed by "respectively", the figure in the year's place. ok is
// false when no one figure is clearly it. share is the part of the
// question's weight of words the best figure's clause holds.
func (e *Engine) pickFigure(text string, a textAsk) (f sentenceFigure, share float64, ok bool) {
	x := tagger.NewText(text)
	var figs []sentenceFigure
	overlaps := func(st, en int) bool {
		return slices.ContainsFunc(figs, func(f sentenceFigure) bool { return st < f.end && f.start < en })
	}
	for _, am := range e.tg.Amounts(x) {
		v := am.Value
		c := clauseAt(tagger.Clauses(text), v.Start)
		figs = append(figs, sentenceFigure{text: v.Text, start: v.Start, end: v.End, change: tagger.ChangeLead.MatchString(text[:v.Start]),
			moved: changeWordRE.MatchString(text[c[0]:v.Start])})
		if c := am.Converted; c != nil {
			figs = append(figs, sentenceFigure{text: c.Text, start: c.Start, end: c.End})
		}
	}
	for _, c := range e.tg.Changes(x) {
		if c.HasFigure() && !overlaps(c.Start, c.End) {
			// "grew 21%" is a change; "set at 7%", "a 30% share" a level.
			figs = append(figs, sentenceFigure{text: c.Text, start: c.Start, end: c.End, percent: true, change: c.Direction != "" || c.Points != 0})
		}
	}
	if a.counts {
		for _, m := range bareNumberRE.FindAllStringSubmatchIndex(text, -1) {
			st, en := m[2], m[3]
			if !yearRE.MatchString(text[st:en]) && !overlaps(st, en) && !dateNumberRE.MatchString(text[max(0, st-10):min(len(text), en+6)]) {
				figs = append(figs, sentenceFigure{text: text[st:en], start: st, end: en})
			}
		}
	}
	if len(figs) == 0 {
		return sentenceFigure{}, 0, false
	}
	slices.SortFunc(figs, func(x, y sentenceFigure) int { return x.start - y.start })
	cls := tagger.Clauses(text)
	terms := index.Terms(text)
	want := map[string]readTerm{}
	var total float64
	for _, t := range a.terms {
		want[t.stem] = t
		total += t.weight
	}
	if i, ok := respectively(text, figs, a.years); ok {
		f = figs[i]
		f.year = true
		return f, 1, true
	}
	cost := make([]float64, len(figs))
	held := make([]float64, len(figs))
	for i, f := range figs {
		c := clauseAt(cls, f.start)
		near := 1000.0
		seen := map[string]bool{}
		for _, t := range terms {
			rt, ok := want[t.Stem]
			if !ok || t.Start < c[0] || t.End > c[1] {
				continue
			}
			if !seen[t.Stem] {
				seen[t.Stem] = true
				held[i] += rt.weight
			}
			if !readWeak[t.Stem] {
				near = math.Min(near, float64(min(abs(t.Start-f.end), abs(f.start-t.End))))
			}
		}
		cost[i] = -held[i] + near/400
		if len(a.years) > 0 {
			switch y := yearOfFigure(text, c, f); {
			case slices.Contains(a.years, y):
				figs[i].year = true
			case y != 0:
				cost[i] += 100 // a figure of another year
			}
		}
	}
	best := 0
	for i := range figs {
		if cost[i] < cost[best] {
			best = i
		}
	}
	if total > 0 {
		share = held[best] / total
	}
	if cost[best] >= 100 {
		return sentenceFigure{}, 0, false
	}
	for i := range figs {
		if i != best && cost[i] < cost[best]+0.5 {
			return figs[best], share, false
		}
	}
	return figs[best], share, true
}

// noneRE says a sentence states that there was none: "No significant
// amounts were reclassified", "there was no material bad debt expense".
var noneRE = regexp.MustCompile(`(?i)^(?:no|there (?:was|were|have been|has been) no|nil|none)\b|\b(?:had|recorded|recognized|recognised) no\b`)

// yearOfFigure is the year a figure is stated for: one its clause names
// (the nearest), else the nearest named before it in the sentence ("In
// 2019, $75 million of ... were sold"), else the first after it; 0 when
// the sentence names none.
func yearOfFigure(text string, clause [2]int, f sentenceFigure) int {
	type at struct{ y, pos int }
	var ys []at
	aside := parenSpans(text)
	inAside := func(pos int) bool {
		for _, p := range aside {
			if pos > p[0] && pos < p[1] && !(f.start > p[0] && f.end < p[1]) {
				return true // a comparative aside: "(2018: n/a)", "(nil in 2018)"
			}
		}
		return false
	}
	for _, m := range yearRE.FindAllStringIndex(text, -1) {
		if !inAside(m[0]) {
			y, _ := strconv.Atoi(text[m[0]:m[1]])
			ys = append(ys, at{y, m[0]})
		}
	}
	for _, m := range fyRE.FindAllStringSubmatchIndex(text, -1) {
		if !inAside(m[0]) {
			y, _ := strconv.Atoi(text[m[2]:m[3]])
			ys = append(ys, at{2000 + y, m[0]})
		}
	}
	slices.SortFunc(ys, func(a, b at) int { return a.pos - b.pos })
	in := func(y at) bool { return y.pos >= clause[0] && y.pos < clause[1] }
	best := 0
	for _, y := range ys { // the nearest before it in its clause
		if in(y) && y.pos < f.start {
			best = y.y
		}
	}
	if best != 0 {
		return best
	}
	for _, y := range ys { // the first after it in its clause
		if in(y) && y.pos > f.end {
			return y.y
		}
	}
	for _, y := range ys { // the nearest before it in the sentence
		if y.pos < f.start {
			best = y.y
		}
	}
	if best != 0 {
		return best
	}
	for _, y := range ys {
		if y.pos > f.end {
			return y.y
		}
	}
	return 0
}

// parenSpans returns the spans of the parenthesised asides of text.
func parenSpans(text string) [][2]int {
	var out [][2]int
	open := -1
	for i, r := range text {
		switch {
		case r == '(' && open < 0:
			open = i
		case r == ')' && open >= 0:
			out = append(out, [2]int{open, i})
			open = -1
		}
	}
	return out
}

// changeWordRE names a change: "an increase in the allowance of".
var changeWordRE = regexp.MustCompile(`(?i)\b(?:increase|decrease|decline|rise|drop|reduction|improvement|growth|change)[sd]?\b`)

// respectivelyRE closes a list of figures that follow a list of periods in
// the same order: "in 2019, 2018 and 2017 was $20.8 million, $19.1 million
// and $12.6 million, respectively".
var respectivelyRE = regexp.MustCompile(`(?i)\brespectively\b`)

// respectively finds, in a sentence that pairs a list of years with a list
// of figures "respectively", the figure in the place of the year asked.
func respectively(text string, figs []sentenceFigure, asked []int) (int, bool) {
	loc := respectivelyRE.FindStringIndex(text)
	if loc == nil || len(asked) == 0 {
		return 0, false
	}
	var years []int
	for _, y := range yearsIn(text[:loc[0]]) {
		if !slices.Contains(years, y) {
			years = append(years, y)
		}
	}
	var before []int // figures before "respectively", in order
	for i, f := range figs {
		if f.end <= loc[0] {
			before = append(before, i)
		}
	}
	if len(years) < 2 || len(before) < len(years) {
		return 0, false
	}
	run := before[len(before)-len(years):] // the list just before "respectively"
	for k, y := range years {
		if y == asked[0] {
			return run[k], true
		}
	}
	return 0, false
}

// dateNumberRE finds a number that is part of a date: "April 30, 2019".
var dateNumberRE = regexp.MustCompile(`(?i)(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+\d{1,2}\b|\b\d{1,2}\s+(?:january|february|march|april|may|june|july|august|september|october|november|december)`)

// readFigure picks the figure of the best sentence (pickFigure) and the
// extracted fact that states it, if any. why says, when it is not an
// answer, why not: no one figure is clearly it; the figure is about
// another year than the one asked; it is a change where the question asks
// for an amount (or the other way round); the question names a metric that
// the sentence does not, or that the figure is not of.
func (e *Engine) readFigure(s readSentence, a textAsk, cov *coverage) (string, *facts.Fact, string) {
	f, _, ok := e.pickFigure(s.text, a)
	if !ok {
		return "", nil, "no one figure of the sentence is clearly the one asked"
	}
	var fact *facts.Fact
	for _, i := range e.byPassage[s.p.ID] {
		ft := e.facts[i]
		if ft.Value != nil && ft.Value.Start == s.start+f.start || ft.Change != nil && ft.Change.Start == s.start+f.start {
			fact = &ft
			break
		}
	}
	if len(a.years) > 0 && !f.year {
		ys := yearsIn(s.text)
		docYear := false
		if per := s.p.Meta.Period; !per.IsZero() {
			fy, _ := cov.fye.Fiscal(per)
			docYear = slices.Contains(a.years, fy)
		}
		if len(ys) > 0 || !docYear {
			return "", nil, fmt.Sprintf("the figure %s is not stated for the year asked", f.text)
		}
	}
	change := f.change
	switch {
	case change && !a.growth:
		return "", nil, fmt.Sprintf("%s is a change, and the question asks for an amount", f.text)
	case !change && !f.moved && a.growth && !f.percent:
		return "", nil, fmt.Sprintf("%s is an amount, and the question asks for a change", f.text)
	}
	if a.metric != "" {
		named := slices.ContainsFunc(e.tg.Metrics(tagger.NewText(s.text)), func(t tagger.Term) bool { return t.Name == a.metric })
		switch {
		case !named:
			return "", nil, fmt.Sprintf("the sentence does not name the metric asked (%s)", a.metric)
		case fact != nil && fact.Metric != a.metric && e.lex.Family(a.metric) != fact.Metric:
			return "", nil, fmt.Sprintf("%s is a figure of another metric (%s)", f.text, fact.Metric)
		}
	}
	return f.text, fact, ""
}

// clauseAt is the clause of cls holding pos.
func clauseAt(cls [][2]int, pos int) [2]int {
	for _, c := range cls {
		if pos >= c[0] && pos <= c[1] {
			return c
		}
	}
	return cls[len(cls)-1]
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
