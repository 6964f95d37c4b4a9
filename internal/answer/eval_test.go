package answer_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	resultsbot "github.com/resultsbot/resultsbot"
	"github.com/resultsbot/resultsbot/internal/answer"
	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/lexicon"
)

// evalReport prints every case's outcome, not only the failures.
var evalReport = flag.Bool("eval.report", false, "log the outcome of every evaluation case, passing or not")

// evalStrict makes cases marked known_failure fail like any other.
var evalStrict = flag.Bool("eval.strict", false, "fail cases marked known_failure too")

// evalMark, when set, writes the phrasings that miss their expectations
// to a JSON file ({"q": "first miss"}), to mark them known_failure.
var evalMark = flag.String("eval.mark", "", "write failing phrasings and their first miss to `FILE` (JSON)")

// knownBreaks are invariant violations the engine commits today, each
// keyed by corpus, phrasing and invariant letter, with the reason. They
// are logged loudly and counted, and one that no longer happens is logged
// as STALE and fails the test, so the list stays true:
// the list only shrinks, the engine must be fixed, not this list extended. Declared here, not in the case files, so that a case
// cannot excuse itself from the invariants.
var knownBreaks = map[string]string{}

// evalCase is one question, asked in several phrasings, with what a right
// answer contains. Expectations were derived by reading the documents, not
// from the engine's output.
type evalCase struct {
	// Q holds the phrasings; each one is asked and checked on its own.
	Q        []string `json:"q"`
	Answered bool     `json:"answered"`
	// AnswerHas are strings the answer text must contain (case-insensitive).
	AnswerHas []string `json:"answer_has,omitempty"`
	// AnswerAny are strings of which the answer text must contain at least
	// one (case-insensitive): the same figure as different sources write it.
	AnswerAny []string `json:"answer_any,omitempty"`
	// AnswerLacks are strings it must not contain (case-insensitive).
	AnswerLacks []string `json:"answer_lacks,omitempty"`
	// Period is the canonical period the answer must be about.
	Period string `json:"period,omitempty"`
	// Company is the company the answer must be about (name or short name).
	Company string `json:"company,omitempty"`
	// Sources are prefixes of document paths (or of their base names); at
	// least one citation must come from one of them.
	Sources []string `json:"sources,omitempty"`
	// SourcesLack are document prefixes no citation may come from.
	SourcesLack []string `json:"sources_lack,omitempty"`
	// Missing is what a decline must say is missing: "company", "metric"
	// or "period".
	Missing string `json:"missing,omitempty"`
	// KnownFailure maps a phrasing (or "*" for all) to why the engine gets
	// it wrong today. Such a case is logged and counted, not failed, until
	// the engine is fixed and the marker removed.
	KnownFailure map[string]string `json:"known_failure,omitempty"`
	// Note says what the case is about.
	Note string `json:"note,omitempty"`
}

// evalFile is the shape of testdata/eval/*.json.
type evalFile struct {
	About string     `json:"about"`
	Cases []evalCase `json:"cases"`
}

// sampleFile is the shape of questions-sample.json (the public sample).
type sampleFile struct {
	Cases []struct {
		Q         string   `json:"q"`
		AnswerHas []string `json:"answer_has"`
		Period    string   `json:"period"`
		Sources   []string `json:"sources"`
		Declined  bool     `json:"declined"`
	} `json:"cases"`
}

// bot is an engine over one corpus, built once per test binary.
type bot struct {
	name   string
	corpus *corpus.Corpus
	engine *answer.Engine
}

var (
	seedOnce, corpus2Once sync.Once
	seedBot, corpus2Bot   *bot
	seedErr, corpus2Err   error
	tablesOnce            sync.Once
	tablesBot             *bot
	tablesErr             error
)

// loadBot runs the pipeline of cmd/bot's load over fsys.
func loadBot(name string, c *corpus.Corpus) (*bot, error) {
	if c == nil || len(c.Docs) == 0 {
		return nil, fmt.Errorf("%s: no documents", name)
	}
	lex, err := lexicon.Default()
	if err != nil {
		return nil, err
	}
	b, err := answer.Build(context.Background(), c, lex, answer.BuildOptions{})
	if err != nil {
		return nil, fmt.Errorf("%s: index: %w", name, err)
	}
	if len(b.Problems) > 0 { // the registry's segments agree with the lexicon
		return nil, fmt.Errorf("%s: %v", name, b.Problems)
	}
	return &bot{name: name, corpus: c, engine: b.Engine}, nil
}

// seed returns the engine over the embedded corpus.
func seed(tb testing.TB) *bot {
	tb.Helper()
	seedOnce.Do(func() {
		c, problems := corpus.Load(resultsbot.Corpus())
		if len(problems) > 0 {
			seedErr = fmt.Errorf("seed corpus: %v", problems)
			return
		}
		seedBot, seedErr = loadBot("seed", c)
	})
	if seedErr != nil {
		tb.Fatal(seedErr)
	}
	return seedBot
}

// corpus2 returns the engine over testdata/corpus2.
func corpus2(tb testing.TB) *bot {
	tb.Helper()
	corpus2Once.Do(func() {
		c, problems := corpus.Load(os.DirFS("../../testdata/corpus2"))
		if len(problems) > 0 {
			corpus2Err = fmt.Errorf("corpus2: %v", problems)
			return
		}
		corpus2Bot, corpus2Err = loadBot("corpus2", c)
	})
	if corpus2Err != nil {
		tb.Fatal(corpus2Err)
	}
	return corpus2Bot
}

var (
	segmentsOnce sync.Once
	segmentsBot  *bot
	segmentsErr  error
)

// segments returns the engine over testdata/segments (issue 13): documents
// that report figures for segments, regions and product lines.
func segments(tb testing.TB) *bot {
	tb.Helper()
	segmentsOnce.Do(func() {
		c, problems := corpus.Load(os.DirFS("../../testdata/segments"))
		for _, p := range problems {
			if !errors.Is(p, corpus.ErrUnsupported) { // eval.json, README.md is read
				segmentsErr = fmt.Errorf("segments: %v", p)
				return
			}
		}
		segmentsBot, segmentsErr = loadBot("segments", c)
	})
	if segmentsErr != nil {
		tb.Fatal(segmentsErr)
	}
	return segmentsBot
}

// tables returns the engine over testdata/tables: results documents whose
// figures sit in pipe, HTML and space-aligned tables (issue 12).
func tables(tb testing.TB) *bot {
	tb.Helper()
	tablesOnce.Do(func() {
		c, problems := corpus.Load(os.DirFS("../../testdata/tables"))
		for _, err := range problems {
			if !errors.Is(err, corpus.ErrUnsupported) { // eval.json lies beside the documents
				tablesErr = fmt.Errorf("tables: %v", problems)
				return
			}
		}
		tablesBot, tablesErr = loadBot("tables", c)
	})
	if tablesErr != nil {
		tb.Fatal(tablesErr)
	}
	return tablesBot
}

// loadCases reads an evaluation file.
func loadCases(tb testing.TB, file string) []evalCase {
	tb.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		tb.Fatal(err)
	}
	var f evalFile
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		tb.Fatalf("%s: %v", file, err)
	}
	for i, c := range f.Cases {
		if len(c.Q) == 0 {
			tb.Fatalf("%s: case %d has no question", file, i)
		}
		if !c.Answered && c.Missing == "" {
			tb.Fatalf("%s: decline %q does not say what is missing", file, c.Q[0])
		}
		for k := range c.KnownFailure {
			if k != "*" && !slices.Contains(c.Q, k) {
				tb.Fatalf("%s: known_failure key %q is not a phrasing of case %q", file, k, c.Q[0])
			}
		}
	}
	return f.Cases
}

// sampleCases reads the public sample (a copy of ../shared/questions-sample.json).
func sampleCases(tb testing.TB) []evalCase {
	tb.Helper()
	b, err := os.ReadFile("testdata/eval/questions-sample.json")
	if err != nil {
		tb.Fatal(err)
	}
	var f sampleFile
	if err := json.Unmarshal(b, &f); err != nil {
		tb.Fatal(err)
	}
	var out []evalCase
	for _, s := range f.Cases {
		c := evalCase{Q: []string{s.Q}, Answered: !s.Declined, AnswerHas: s.AnswerHas, Period: s.Period, Sources: s.Sources}
		if s.Declined {
			c.Missing = "*"
		}
		out = append(out, c)
	}
	return out
}

// evalCorpus is one corpus with its cases.
type evalCorpus struct {
	name  string
	bot   func(testing.TB) *bot
	cases func(testing.TB) []evalCase
	// precision makes only wrong answers fail (a figure where a decline
	// is expected, a figure the case lacks, another period than the
	// case's); a decline or an incomplete answer is logged and counted.
	// For a set whose answers wait on other work (the documents'
	// periods, tables), while it must never give a wrong figure.
	precision bool
}

func evalCorpora() []evalCorpus {
	return []evalCorpus{
		{name: "seed", bot: seed, cases: func(tb testing.TB) []evalCase {
			return append(sampleCases(tb), loadCases(tb, "testdata/eval/seed.json")...)
		}},
		{name: "corpus2", bot: corpus2, cases: func(tb testing.TB) []evalCase {
			return loadCases(tb, "testdata/eval/corpus2.json")
		}},
		{name: "tables", bot: tables, cases: func(tb testing.TB) []evalCase {
			return loadCases(tb, "../../testdata/tables/eval.json")
		}},
		// Every segment, region and product-line question gets that
		// part's figure or a decline, never another's.
		{name: "segments", bot: segments, cases: func(tb testing.TB) []evalCase {
			return loadCases(tb, "../../testdata/segments/eval.json")
		}, precision: true},
	}
}

// wrongAnswer returns why ans is wrong, not merely incomplete, for c: an
// answer where a decline is expected, a figure the case lacks, another
// period than the case's. "" when it is not wrong.
func wrongAnswer(c evalCase, ans answer.Answer) string {
	if !ans.Answered {
		return ""
	}
	if !c.Answered {
		return "answered; a decline is expected"
	}
	text := strings.ToLower(ans.Text)
	for _, s := range c.AnswerLacks {
		if strings.Contains(text, strings.ToLower(s)) {
			return fmt.Sprintf("answer has %q", s)
		}
	}
	if c.Period != "" && ans.Period != "" && ans.Period != c.Period {
		return fmt.Sprintf("period = %q, want %q", ans.Period, c.Period)
	}
	return ""
}

// answered caches answers by corpus and question, so that TestEval and
// TestGolden ask each question once per test binary.
var answered sync.Map // bot name + "\x00" + question -> askResult

type askResult struct {
	ans answer.Answer
	err error
}

// ask asks b the question q with a timeout, once per test binary.
func ask(tb testing.TB, b *bot, q string) (answer.Answer, error) {
	tb.Helper()
	key := b.name + "\x00" + q
	if r, ok := answered.Load(key); ok {
		return r.(askResult).ans, r.(askResult).err
	}
	ans, err := askNow(b, q)
	answered.Store(key, askResult{ans, err})
	return ans, err
}

// askNow asks b the question q with a timeout.
func askNow(b *bot, q string) (answer.Answer, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return b.engine.Answer(ctx, answer.Question{Text: q})
}

// TestEval asks every phrasing of every case and checks the answer against
// the case's expectations and against the invariants every answer keeps.
// Invariant violations always fail; an expectation miss on a case marked
// known_failure is logged and counted instead. Run with -eval.report to see
// every answer, -eval.strict to fail the known failures too.
func TestEval(t *testing.T) {
	marks := map[string]string{}
	if *evalMark != "" {
		defer func() {
			b, _ := json.MarshalIndent(marks, "", "  ")
			if err := os.WriteFile(*evalMark, b, 0o644); err != nil {
				t.Error(err)
			}
		}()
	}
	for _, ec := range evalCorpora() {
		t.Run(ec.name, func(t *testing.T) {
			b := ec.bot(t)
			cases := ec.cases(t)
			var total, pass, known, fixed int
			var summary []string
			broken := map[string]bool{}
			for _, c := range cases {
				for _, q := range c.Q {
					total++
					ans, err := ask(t, b, q)
					if err != nil {
						t.Errorf("%q: error %v", q, err)
						continue
					}
					for _, v := range invariants(b, ans) {
						key := ec.name + "|" + q + "|" + v[1:2]
						if why, ok := knownBreaks[key]; ok {
							broken[key] = true
							t.Logf("INVARIANT BROKEN (known engine bug: %s) %q: %s\n\tanswer: %s", why, q, v, ans.Text)
							continue
						}
						t.Errorf("%q: invariant: %s\n\tanswer: %s", q, v, ans.Text)
					}
					misses := expect(c, ans)
					why := c.KnownFailure[q]
					if why == "" {
						why = c.KnownFailure["*"]
					}
					switch {
					case len(misses) == 0:
						pass++
						if why != "" {
							fixed++
							t.Errorf("STALE %q passes now; remove its known_failure (%s)", q, why)
						}
						if *evalReport {
							t.Logf("PASS %q\n\tanswer: %s", q, ans.Text)
						}
					case ec.precision && wrongAnswer(c, ans) == "" && !*evalStrict:
						known++
						summary = append(summary, fmt.Sprintf("INCOMPLETE %q (no wrong figure)\n\t%s\n\tanswer: %s", q, strings.Join(misses, "\n\t"), ans.Text))
					case why != "" && !*evalStrict:
						marks[q] = misses[0]
						known++
						summary = append(summary, fmt.Sprintf("KNOWN %q (%s)\n\t%s\n\tanswer: %s", q, why, strings.Join(misses, "\n\t"), ans.Text))
					default:
						marks[q] = misses[0]
						t.Errorf("%q:\n\t%s\n\tanswer (answered=%v, company=%q, period=%q): %s\n\tcited: %s",
							q, strings.Join(misses, "\n\t"), ans.Answered, ans.Company, ans.Period, ans.Text, citedDocs(ans))
					}
				}
			}
			if *evalReport || testing.Verbose() {
				for _, s := range summary {
					t.Log(s)
				}
			}
			stale := 0
			for key := range knownBreaks {
				if strings.HasPrefix(key, ec.name+"|") && !broken[key] {
					stale++
					t.Errorf("STALE knownBreaks[%q] no longer happens: remove it", key)
				}
			}
			t.Logf("%s: %d/%d phrasings pass (%.0f%%) over %d cases; %d known failures, %d marked but passing, %d known invariant breaks, %d stale",
				ec.name, pass, total, 100*float64(pass)/float64(max(total, 1)), len(cases), known, fixed, len(broken), stale)
		})
	}
}

// citedDocs lists the documents an answer cites.
func citedDocs(a answer.Answer) string {
	var docs []string
	for _, c := range a.Citations {
		if !slices.Contains(docs, c.Doc) {
			docs = append(docs, c.Doc)
		}
	}
	return strings.Join(docs, ", ")
}

// expect returns how ans falls short of c, empty when it does not.
func expect(c evalCase, ans answer.Answer) []string {
	var misses []string
	if ans.Answered != c.Answered {
		misses = append(misses, fmt.Sprintf("answered = %v, want %v", ans.Answered, c.Answered))
		return misses
	}
	text := strings.ToLower(ans.Text)
	for _, s := range c.AnswerHas {
		if !strings.Contains(text, strings.ToLower(s)) {
			misses = append(misses, fmt.Sprintf("answer lacks %q", s))
		}
	}
	if len(c.AnswerAny) > 0 && !slices.ContainsFunc(c.AnswerAny, func(s string) bool {
		return strings.Contains(text, strings.ToLower(s))
	}) {
		misses = append(misses, fmt.Sprintf("answer has none of %q", c.AnswerAny))
	}
	for _, s := range c.AnswerLacks {
		if strings.Contains(text, strings.ToLower(s)) {
			misses = append(misses, fmt.Sprintf("answer has %q", s))
		}
	}
	if c.Period != "" && ans.Period != c.Period {
		misses = append(misses, fmt.Sprintf("period = %q, want %q", ans.Period, c.Period))
	}
	if c.Company != "" && !sameCompany(ans.Company, c.Company) {
		misses = append(misses, fmt.Sprintf("company = %q, want %q", ans.Company, c.Company))
	}
	if len(c.Sources) > 0 {
		ok := false
		for _, cit := range ans.Citations {
			ok = ok || docMatches(cit.Doc, c.Sources)
		}
		if !ok {
			misses = append(misses, fmt.Sprintf("no citation from %q (cited: %s)", c.Sources, citedDocs(ans)))
		}
	}
	for _, cit := range ans.Citations {
		if docMatches(cit.Doc, c.SourcesLack) {
			misses = append(misses, fmt.Sprintf("cites %s, which it must not", cit.Doc))
		}
	}
	if !c.Answered && c.Missing != "" && c.Missing != "*" && !slices.Contains(ans.Missing, c.Missing) {
		misses = append(misses, fmt.Sprintf("missing = %q, want %q in it", ans.Missing, c.Missing))
	}
	return misses
}

func sameCompany(got, want string) bool {
	return strings.EqualFold(got, want) || strings.HasPrefix(strings.ToLower(got), strings.ToLower(want))
}

// docMatches reports whether doc's path or base name starts with one of prefixes.
func docMatches(doc string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(doc, p) || strings.HasPrefix(path.Base(doc), p) {
			return true
		}
	}
	return false
}

// figureRE matches what counts as a figure in an answer: a number with a
// percent sign or word, a currency symbol or word, or a scale word; a
// multiple ("fivefold", "triple-digit"); a number word with a scale.
// Dates, years and period labels ("fiscal 2026 Q2") are not figures.
var figureRE = regexp.MustCompile(`(?i)` +
	`(?:HK\$|US\$|RMB|USD|EUR|CNY|[$€£¥])\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:trillion|billion|million|thousand|bn|mn|m|b|k)\b)?` +
	`|\d[\d,]*(?:\.\d+)?(?:\s?%|\s?(?:percentage points?|per ?cent|percent|pp|bps|basis points)\b|\s?(?:trillion|billion|million|thousand|bn|mn)\b(?:\s(?:yuan|dollars|euros|renminbi|RMB|USD|EUR))?|\s?(?:yuan|dollars|euros|renminbi)\b|\s?(?:x|times)\b|\s?per (?:share|ADS)\b)` +
	`|\b(?:\w+fold|(?:single|double|triple)[- ]digit)\b` +
	`|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|a|half a)\s(?:trillion|billion|million)\b` +
	`|\bone (?:third|quarter|half)\b`)

// inTableRow reports whether figure f is read from the table row c cites:
// its digits stand in the row as a number of their own, and its scale word
// ("thousand", "million", "crore") is in the row or its header lines.
func inTableRow(f string, c answer.Citation) bool {
	digits := tableDigitsRE.FindString(f)
	if digits == "" {
		return false
	}
	found := false
	for _, loc := range regexp.MustCompile(regexp.QuoteMeta(digits)).FindAllStringIndex(c.Quote, -1) {
		// A number of its own: "4,210", not part of "14,210" or "4,2100".
		prev, next := c.Quote[:loc[0]], c.Quote[loc[1]:]
		joined := prev != "" && strings.ContainsAny(prev[len(prev)-1:], "0123456789,.") ||
			next != "" && (strings.ContainsAny(next[:1], "0123456789") || len(next) > 1 && strings.ContainsAny(next[:1], ",.") && strings.ContainsAny(next[1:2], "0123456789"))
		found = found || !joined
	}
	if !found {
		return false
	}
	scale := scaleWordRE.FindString(strings.ToLower(f))
	if scale == "" {
		return true
	}
	text := strings.ToLower(c.Quote)
	for _, h := range c.Header {
		text += "\n" + strings.ToLower(h.Quote)
	}
	for _, w := range scaleSpellings[scale] {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

var (
	tableDigitsRE = regexp.MustCompile(`\d[\d,]*(?:\.\d+)?`)
	scaleWordRE   = regexp.MustCompile(`\b(?:thousand|million|billion|trillion|crore|lakh)\b`)
	// scaleSpellings are how unit lines write a scale.
	scaleSpellings = map[string][]string{
		"thousand": {"thousand", "'000", "’000", "000s", "000's"},
		"million":  {"million", "mn", "m)", "€m", "$m", "£m", "mio"},
		"billion":  {"billion", "bn"},
		"trillion": {"trillion", "tn"},
		"crore":    {"crore"},
		"lakh":     {"lakh"},
	}
)

// figures returns the figures in s.
func figures(s string) []string {
	return figureRE.FindAllString(s, -1)
}

// invariants returns every way ans breaks a rule all answers keep:
//
//	(a) every figure in the text appears verbatim in a citation quote, or,
//	    for a figure read from a table, as the table writes it: its digits
//	    in the cited row, its scale word in the row or the header lines
//	    the citation carries ("$4,210 million" from "| Revenue | 4,210 |"
//	    under "(in millions)");
//	(b) every citation quote is the document's bytes [start:end];
//	(c) an answer names its company and period, in the fields and the text
//	    (a quote from documents that give no period names none);
//	(d) a decline has no digit, says what is missing and suggests questions;
//	(e) no citation comes from another company's document;
//	(f) facts and citations are arrays, never null, in JSON;
//	(g) every citation marker ("[2]", "[3-4]") names citations the answer
//	    has, and each figure of the clause it ends is in each quote it names.
func invariants(b *bot, ans answer.Answer) []string {
	var v []string
	v = append(v, markerBreaks(ans)...)
	// (a)
	for _, f := range figures(ans.Text) {
		found := false
		for _, c := range ans.Citations {
			found = found || strings.Contains(c.Quote, f) || c.Column != "" && inTableRow(f, c)
		}
		if !found {
			v = append(v, fmt.Sprintf("(a) figure %q is in no citation quote", f))
		}
	}
	// (b), (e)
	for _, c := range ans.Citations {
		d, ok := b.corpus.Doc(c.Doc)
		if !ok {
			v = append(v, fmt.Sprintf("(b) citation of unknown document %q", c.Doc))
			continue
		}
		if c.Start < 0 || c.End > len(d.Raw) || c.Start > c.End || d.Raw[c.Start:c.End] != c.Quote {
			v = append(v, fmt.Sprintf("(b) citation %s[%d:%d] is not its quote %q", c.Doc, c.Start, c.End, c.Quote))
		}
		if ans.Company != "" && d.Meta.Company != "" && !sameCompanyName(b, d.Meta.Company, ans.Company) {
			v = append(v, fmt.Sprintf("(e) answer about %q cites %s, a document about %q", ans.Company, c.Doc, d.Meta.Company))
		}
	}
	// (c)
	if ans.Answered {
		if ans.Company == "" || ans.Period == "" && !(len(ans.Facts) == 0 && undated(b, ans)) {
			v = append(v, fmt.Sprintf("(c) answered with company %q, period %q", ans.Company, ans.Period))
		} else if ans.Period != "" {
			short := ans.Company
			if co, ok := b.corpus.Company(ans.Company); ok && co.Short != "" {
				short = co.Short
			}
			if !strings.Contains(ans.Text, short) {
				v = append(v, fmt.Sprintf("(c) text does not name the company %q", short))
			}
			if !namesPeriod(ans) {
				v = append(v, fmt.Sprintf("(c) text does not name the period %q (%q)", ans.Period, ans.PeriodLabel))
			}
		}
		if len(ans.Citations) == 0 {
			v = append(v, "(c) answered without citations")
		}
	}
	// (d)
	if !ans.Answered {
		if strings.ContainsFunc(ans.Text, unicode.IsDigit) {
			v = append(v, "(d) decline has a digit")
		}
		if len(ans.Missing) == 0 {
			v = append(v, "(d) decline does not say what is missing")
		}
		if len(ans.Suggestions) == 0 {
			v = append(v, "(d) decline suggests nothing")
		}
	}
	// (f)
	js, err := json.Marshal(ans)
	if err != nil {
		v = append(v, fmt.Sprintf("(f) %v", err))
	} else {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(js, &m); err != nil {
			v = append(v, fmt.Sprintf("(f) %v", err))
		}
		for _, k := range []string{"facts", "citations"} {
			if !strings.HasPrefix(string(m[k]), "[") {
				v = append(v, fmt.Sprintf("(f) %s is %s in JSON, want an array", k, m[k]))
			}
		}
	}
	return v
}

// markerRE finds a citation marker in an answer's text: "[2]" or "[3-4]".
var markerRE = regexp.MustCompile(`\[(\d+)(?:-(\d+))?\]`)

// markerBreaks checks invariant (g): the citations a marker names exist,
// and hold the figures of the clause the marker ends (the text since the
// previous marker, colon, semicolon or sentence end).
func markerBreaks(ans answer.Answer) []string {
	var v []string
	from := 0
	for _, m := range markerRE.FindAllStringSubmatchIndex(ans.Text, -1) {
		first, _ := strconv.Atoi(ans.Text[m[2]:m[3]])
		last := first
		if m[4] >= 0 {
			last, _ = strconv.Atoi(ans.Text[m[4]:m[5]])
		}
		marker := ans.Text[m[0]:m[1]]
		clause := ans.Text[from:m[0]]
		if i := strings.LastIndexAny(clause, ":;"); i >= 0 {
			clause = clause[i+1:]
		}
		if i := strings.LastIndex(clause, ". "); i >= 0 {
			clause = clause[i+2:]
		}
		from = m[1]
		if first < 1 || last < first || last > len(ans.Citations) {
			v = append(v, fmt.Sprintf("(g) marker %s after %q: the answer has %d citations", marker, clause, len(ans.Citations)))
			continue
		}
		for n := first; n <= last; n++ {
			for _, f := range figures(clause) {
				if !strings.Contains(ans.Citations[n-1].Quote, f) {
					v = append(v, fmt.Sprintf("(g) marker %s: %q cites [%d], whose quote lacks %q: %q", marker, clause, n, f, ans.Citations[n-1].Quote))
				}
			}
		}
	}
	return v
}

// undated reports whether every document an answer cites gives no period:
// a sentence quoted from it names none.
func undated(b *bot, ans answer.Answer) bool {
	for _, c := range ans.Citations {
		if d, ok := b.corpus.Doc(c.Doc); !ok || !d.Meta.Period.IsZero() {
			return false
		}
	}
	return len(ans.Citations) > 0
}

// sameCompanyName reports whether two names are of the same registry company.
func sameCompanyName(b *bot, x, y string) bool {
	if strings.EqualFold(x, y) {
		return true
	}
	cx, okx := b.corpus.Company(x)
	cy, oky := b.corpus.Company(y)
	return okx && oky && cx.Name == cy.Name
}

// namesPeriod reports whether the answer text names its period: by the
// company's label ("fiscal 2026 Q2") or by the end date in a form a person
// writes ("September 30, 2025", "30 September 2025", "September 2025").
func namesPeriod(ans answer.Answer) bool {
	if ans.PeriodLabel != "" && strings.Contains(ans.Text, ans.PeriodLabel) {
		return true
	}
	_, date, ok := strings.Cut(ans.Period, " ended ")
	if !ok {
		return strings.Contains(ans.Text, ans.Period)
	}
	end, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return false
	}
	for _, layout := range []string{"January 2, 2006", "2 January 2006", "January 2006", "2006-01-02"} {
		if strings.Contains(ans.Text, end.Format(layout)) {
			return true
		}
	}
	return false
}
