package tagger

import (
	"cmp"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/resultsbot/resultsbot/internal/lexicon"
	"github.com/resultsbot/resultsbot/internal/period"
)

// PeriodExpr is a period as a text writes it, before it is resolved:
// "the third quarter" is {Length: Quarter, N: 3}, "Q2 FY26" {Quarter, N: 2,
// Year: 2026, Fiscal}, "the quarter ending in December" {Quarter, Month:
// 12}, "the previous quarter" {Rel: previous}. What it means depends on
// where it is read: PeriodContext.Resolve resolves it for a document (its
// date, the period it reports, the company's fiscal calendar); the answer
// engine resolves a question's against the periods its corpus holds.
type PeriodExpr struct {
	Start, End int    // span in the text
	Text       string // as written
	// Rel is a relation from the lexicon's period words (lexicon.RelLatest,
	// RelPrevious, ...); "" for a period named outright.
	Rel string
	// Length is the period's length; period.Unknown for a date ("September
	// 30, 2025", "2025-09-30") or a relation.
	Length period.Length
	// N is the quarter (1-4) or half (1-2) of the year the text counts, or,
	// for "the first nine months", 1; 0 when not counted.
	N     int
	Month time.Month // the month the period ends in, when named
	Day   int        // the day of a date, when named
	Year  int        // four digits; 0 when not named
	// Fiscal is true when the year is the company's fiscal year ("fiscal
	// 2026", "FY26", "full year 2025"); Calendar when it is marked
	// calendar ("calendar year 2025"). Neither: a plain year ("Q3 2025").
	Fiscal, Calendar bool
	// Bare is true for a year written alone ("2024"); Prep when a
	// preposition introduces it ("in 2024") so a document can date by it.
	Bare, Prep bool
}

// String describes the expression: "quarter N=3 2025", "previous".
func (e PeriodExpr) String() string {
	if e.Rel != "" {
		return e.Rel
	}
	var parts []string
	if e.Length == period.Unknown {
		parts = append(parts, "date")
	} else {
		parts = append(parts, e.Length.String())
	}
	if e.N != 0 {
		parts = append(parts, "N="+strconv.Itoa(e.N))
	}
	if e.Month != 0 {
		parts = append(parts, "ending "+e.Month.String())
	}
	if e.Year != 0 {
		y := strconv.Itoa(e.Year)
		switch {
		case e.Fiscal:
			y = "fiscal " + y
		case e.Calendar:
			y = "calendar " + y
		}
		parts = append(parts, y)
	}
	return strings.Join(parts, " ")
}

// periodRule is one rule of the period grammar: a pattern and how its
// match becomes an expression. Rules are tried in order; where their
// matches overlap, the longest wins, then the earlier rule.
type periodRule struct {
	name  string
	p     lexicon.Pattern
	build func(g *periodGrammar, text string, m []int) (PeriodExpr, bool)
	// question is set on the rules whose expressions only a question
	// resolves (a bare date, "latest"): a document does not look for them.
	question bool
}

// periodGrammar is the one period grammar, for documents and questions.
type periodGrammar struct {
	months   map[string]time.Month
	ordinals map[string]int
	rules    []periodRule
}

var (
	// prepBeforeRe introduces a bare year a document dates by ("in 2024");
	// quarterOfRe before it makes it part of "the same quarter of 2024".
	prepBeforeRe = regexp.MustCompile(`(?i)\b(?:in|for|during|of)\s$`)
	quarterOfRe  = regexp.MustCompile(`(?i)\b(?:quarter|period)\s*$`)
)

// alternation is a capturing group of the words, longest first.
func alternation(words []string) string {
	sort.SliceStable(words, func(i, j int) bool {
		if len(words[i]) != len(words[j]) {
			return len(words[i]) > len(words[j])
		}
		return words[i] < words[j]
	})
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = regexp.QuoteMeta(w)
	}
	return "(" + strings.Join(q, "|") + ")"
}

// spaced lets a phrase's spaces match any white space, as text wraps.
func spaced(p string) string { return strings.ReplaceAll(p, " ", `\s`) }

func newPeriodGrammar(lex *lexicon.Lexicon) *periodGrammar {
	g := &periodGrammar{months: map[string]time.Month{}, ordinals: map[string]int{}}
	var months, ords, halves []string
	for w, n := range lex.Periods.Months {
		g.months[strings.ToLower(w)] = time.Month(n)
		months = append(months, strings.ToLower(w))
	}
	for w, n := range lex.Periods.Ordinals {
		g.ordinals[strings.ToLower(w)] = n
		ords = append(ords, strings.ToLower(w))
		if n <= 2 {
			halves = append(halves, strings.ToLower(w))
		}
	}
	mon := alternation(months) + `\.?`
	ord := alternation(ords)
	half := alternation(halves)
	rule := func(name, pattern string, build func(g *periodGrammar, text string, m []int) (PeriodExpr, bool)) {
		g.rules = append(g.rules, periodRule{name: name, p: lexicon.MustCompile("(?i)" + pattern), build: build})
	}
	// questionRule is a rule whose expressions only a question resolves.
	questionRule := func(name, pattern string, build func(g *periodGrammar, text string, m []int) (PeriodExpr, bool)) {
		rule(name, pattern, build)
		g.rules[len(g.rules)-1].question = true
	}
	relative := func(rel string) {
		if ps := lex.Periods.Relative[rel]; len(ps) > 0 {
			alts := make([]string, len(ps))
			for i, p := range ps {
				alts[i] = spaced(p)
			}
			rule(rel, lexicon.Words(alts, false), func(_ *periodGrammar, _ string, _ []int) (PeriodExpr, bool) {
				return PeriodExpr{Rel: rel}, true
			})
		}
	}

	// A quarter by the month it ends in: "the quarter ending in December",
	// "three months ended September 30, 2025", "quarter ended 30 June 2024".
	rule("quarter ending month", `\b(?:quarters?|three months|3 months|period)\s(?:that\s)?(?:ending|ended|ends|to|through)\s(?:in\s|on\s)?(?:(\d{1,2})\s)?`+mon+`(?:\s(\d{1,2})\b)?(?:\s?,?\s(\d{4}))?`,
		func(g *periodGrammar, text string, m []int) (PeriodExpr, bool) {
			return PeriodExpr{Length: period.Quarter, Month: g.month(group(text, m, 2)), Day: atoi(cmp.Or(group(text, m, 3), group(text, m, 1))), Year: yearOf(group(text, m, 4))}, true
		})
	// A year by the date it ends on: "year ended December 31, 2019",
	// "fiscal year ending 31 March 2025", "twelve months ended June 30".
	rule("year ending month", `\b(?:fiscal\s|financial\s)?(?:years?|twelve months|12 months)\s(?:that\s)?(?:ending|ended|ends|to)\s(?:on\s)?(?:(\d{1,2})\s)?`+mon+`(?:\s(\d{1,2})\b)?(?:\s?,?\s(\d{4}))?`,
		func(g *periodGrammar, text string, m []int) (PeriodExpr, bool) {
			return PeriodExpr{Length: period.Year, Month: g.month(group(text, m, 2)), Day: atoi(cmp.Or(group(text, m, 3), group(text, m, 1))), Year: yearOf(group(text, m, 4))}, true
		})
	// "the December quarter", "the September 2025 quarter".
	rule("month quarter", `\b`+mon+`(?:\s(\d{4}))?[- ]quarter\b`,
		func(g *periodGrammar, text string, m []int) (PeriodExpr, bool) {
			return PeriodExpr{Length: period.Quarter, Month: g.month(group(text, m, 1)), Year: yearOf(group(text, m, 2))}, true
		})
	// "fiscal second quarter", "third-quarter", "the second quarter of
	// fiscal 2026", "fourth quarter 2024".
	rule("ordinal quarter", `\b(fiscal\s|fy\s?)?`+ord+`[- ](fiscal[- ])?quarter(?:\s?,?\s(?:of\s)?(fiscal\s(?:year\s)?|fy\s?)?'?(\d{4}))?`,
		func(g *periodGrammar, text string, m []int) (PeriodExpr, bool) {
			e := PeriodExpr{Length: period.Quarter, N: g.ordinal(group(text, m, 2)), Year: yearOf(group(text, m, 5))}
			e.Fiscal = e.Year != 0 && (group(text, m, 1) != "" || group(text, m, 3) != "" || group(text, m, 4) != "")
			return e, e.N != 0
		})
	// "fiscal 2026 second quarter".
	rule("fiscal year ordinal quarter", `\b(?:fiscal|fy)\s?(?:year\s)?'?(\d{4}|\d{2})\s`+ord+`[- ]quarter\b`,
		func(g *periodGrammar, text string, m []int) (PeriodExpr, bool) {
			e := PeriodExpr{Length: period.Quarter, N: g.ordinal(group(text, m, 2)), Year: yearOf(group(text, m, 1)), Fiscal: true}
			return e, e.N != 0
		})
	// "Q2", "Q2 FY26", "Q3 2025", "Q3'24".
	rule("Q quarter", `\bQ([1-4])(?:\s?(fy|fiscal)\s?'?(\d{4}|\d{2})\b|\s'?(\d{4})\b|\s?'(\d{2})\b)?`,
		func(g *periodGrammar, text string, m []int) (PeriodExpr, bool) {
			e := PeriodExpr{Length: period.Quarter, N: atoi(group(text, m, 1))}
			switch {
			case group(text, m, 3) != "":
				e.Year, e.Fiscal = yearOf(group(text, m, 3)), true
			case group(text, m, 4) != "":
				e.Year = yearOf(group(text, m, 4))
			case group(text, m, 5) != "":
				e.Year = yearOf(group(text, m, 5))
			}
			return e, true
		})
	// "FY2026 Q2", "fiscal 2026 Q2".
	rule("fiscal year Q quarter", `\b(?:fy|fiscal)\s?'?(\d{4}|\d{2})\s?Q([1-4])\b`,
		func(g *periodGrammar, text string, m []int) (PeriodExpr, bool) {
			return PeriodExpr{Length: period.Quarter, N: atoi(group(text, m, 2)), Year: yearOf(group(text, m, 1)), Fiscal: true}, true
		})
	// "fiscal 2025", "FY26", "full-year 2024", "calendar year 2025".
	rule("year", `\b(full[- ]year|fiscal\syear|fiscal|fy|calendar\syear)\s?'?(\d{4}|\d{2})\b`,
		func(g *periodGrammar, text string, m []int) (PeriodExpr, bool) {
			kw := strings.ToLower(group(text, m, 1))
			e := PeriodExpr{Length: period.Year, Year: yearOf(group(text, m, 2))}
			if strings.HasPrefix(kw, "calendar") {
				e.Calendar = true
			} else {
				e.Fiscal = true // a full year is the company's own year
			}
			return e, true
		})
	// A year written alone: "2024"; "in 2024" dates a document's figure.
	rule("bare year", `\b(19[89]\d|20\d\d)\b`,
		func(g *periodGrammar, text string, m []int) (PeriodExpr, bool) {
			e := PeriodExpr{Length: period.Year, Year: atoi(group(text, m, 1)), Bare: true}
			before, rest := text[:m[0]], strings.ToLower(text[m[1]:])
			if loc := prepBeforeRe.FindStringIndex(before); loc != nil &&
				!strings.HasPrefix(rest, " quarter") && !strings.HasPrefix(rest, "-") && !quarterOfRe.MatchString(before[:loc[0]]) {
				e.Prep = true
			}
			return e, true
		})
	relative(lexicon.RelFullYear)
	relative(lexicon.RelTrailing)
	relative(lexicon.RelPrevious)
	relative(lexicon.RelLast)
	// "six months ended June 30, 2025", "nine months ended ...".
	rule("months ending month", `\b(six|nine|twelve|6|9|12)[- ]months?\s(?:period\s)?(?:that\s)?(?:ended|ending|to)\s(?:on\s|in\s)?(?:(\d{1,2})\s)?`+mon+`(?:\s(\d{1,2})\b)?(?:\s?,?\s(\d{4}))?`,
		func(g *periodGrammar, text string, m []int) (PeriodExpr, bool) {
			length := map[string]period.Length{"six": period.Half, "6": period.Half, "nine": period.NineMonths, "9": period.NineMonths}[strings.ToLower(group(text, m, 1))]
			if length == period.Unknown {
				length = period.Year
			}
			return PeriodExpr{Length: length, Month: g.month(group(text, m, 3)), Day: atoi(cmp.Or(group(text, m, 4), group(text, m, 2))), Year: yearOf(group(text, m, 5))}, true
		})
	// A span of months: "April-June 2024", "Apr 2023 - Mar 2024", "January
	// to March 2024": a quarter, half, nine months or year by how many
	// months it spans, ending with the last.
	rule("month range", `\b`+mon+`(?:\s(\d{4}))?\s?(?:-|–|to|through)\s?`+mon+`\s?,?\s(\d{4})\b`,
		func(g *periodGrammar, text string, m []int) (PeriodExpr, bool) {
			from, to := g.month(group(text, m, 1)), g.month(group(text, m, 3))
			y1, y2 := yearOf(group(text, m, 2)), yearOf(group(text, m, 4))
			if y1 == 0 {
				y1 = y2
				if from > to {
					y1--
				}
			}
			n := (y2-y1)*12 + int(to) - int(from) + 1
			l := map[int]period.Length{3: period.Quarter, 6: period.Half, 9: period.NineMonths, 12: period.Year}[n]
			return PeriodExpr{Length: l, Month: to, Year: y2}, l != period.Unknown && from != 0 && to != 0
		})
	// "first half", "H1 2025", "the second half of 2024", "H1 FY26".
	rule("half", `\b(?:`+half+`[- ]half|(h1|h2))\b(?:(?:\s|\sof\s)(?:the\s)?(fiscal\s(?:year\s)?|fy\s?)?'?(\d{4}|\d{2})\b|\s(fiscal|fy)\s?'?(\d{4}|\d{2})\b)?`,
		func(g *periodGrammar, text string, m []int) (PeriodExpr, bool) {
			e := PeriodExpr{Length: period.Half, N: g.ordinal(group(text, m, 1))}
			if h := group(text, m, 2); e.N == 0 && h != "" {
				e.N = atoi(h[1:])
			}
			switch {
			case group(text, m, 4) != "":
				e.Year, e.Fiscal = yearOf(group(text, m, 4)), group(text, m, 3) != ""
			case group(text, m, 6) != "":
				e.Year, e.Fiscal = yearOf(group(text, m, 6)), true
			}
			return e, e.N == 1 || e.N == 2
		})
	// "the first nine months of 2025".
	rule("first months", `\b(?:first|opening)\s(six|nine)\smonths\b(?:\s(?:of\s)?(?:the\s)?(?:(?:fiscal\s)?year\s)?(\d{4}))?`,
		func(g *periodGrammar, text string, m []int) (PeriodExpr, bool) {
			e := PeriodExpr{Length: period.Half, N: 1, Year: yearOf(group(text, m, 2))}
			if strings.EqualFold(group(text, m, 1), "nine") {
				e.Length = period.NineMonths
			}
			return e, true
		})
	relative(lexicon.RelYearToDate)
	relative(lexicon.RelThisYear)
	relative(lexicon.RelYearAgo)
	relative(lexicon.RelLatest)
	g.rules[len(g.rules)-1].question = true
	relative(lexicon.RelNext)
	// "3Q24", "2Q 2025", "3Q".
	rule("quarter Q", `\b([1-4])Q(?:\s?'?(\d{4}|\d{2}))?\b`,
		func(g *periodGrammar, text string, m []int) (PeriodExpr, bool) {
			return PeriodExpr{Length: period.Quarter, N: atoi(group(text, m, 1)), Year: yearOf(group(text, m, 2))}, true
		})
	// "2025 Q3".
	rule("year Q quarter", `\b(\d{4})\s?Q([1-4])\b`,
		func(g *periodGrammar, text string, m []int) (PeriodExpr, bool) {
			return PeriodExpr{Length: period.Quarter, N: atoi(group(text, m, 2)), Year: atoi(group(text, m, 1))}, true
		})
	// "a half year", "half-year": a half, not counted.
	questionRule("half year", `\bhalf[- ]year\b`,
		func(g *periodGrammar, text string, m []int) (PeriodExpr, bool) {
			return PeriodExpr{Length: period.Half}, true
		})
	// Dates: "2025-09-30", "September 30, 2025", "Sept. 2025".
	questionRule("iso date", `\b(\d{4})-(\d{2})-(\d{2})\b`,
		func(g *periodGrammar, text string, m []int) (PeriodExpr, bool) {
			mo := atoi(group(text, m, 2))
			return PeriodExpr{Month: time.Month(mo), Day: atoi(group(text, m, 3)), Year: atoi(group(text, m, 1))}, mo >= 1 && mo <= 12
		})
	questionRule("date", `\b`+mon+`\s?,?\s(?:(\d{1,2})\s?,?\s)?(\d{4})\b`,
		func(g *periodGrammar, text string, m []int) (PeriodExpr, bool) {
			return PeriodExpr{Month: g.month(group(text, m, 1)), Day: atoi(group(text, m, 2)), Year: atoi(group(text, m, 3))}, true
		})
	// "31 December 2019", "30 June, 2024".
	questionRule("day month date", `\b(\d{1,2})\s`+mon+`\s?,?\s(\d{4})\b`,
		func(g *periodGrammar, text string, m []int) (PeriodExpr, bool) {
			d := atoi(group(text, m, 1))
			return PeriodExpr{Month: g.month(group(text, m, 2)), Day: d, Year: atoi(group(text, m, 3))}, d >= 1 && d <= 31
		})
	// "30.06.2024" (day first, as Europe and India write it), "06/30/2019"
	// (month first, the American way, unless the first number cannot be a
	// month).
	questionRule("numeric date", `\b(\d{1,2})([./])(\d{1,2})[./](\d{4})\b`,
		func(g *periodGrammar, text string, m []int) (PeriodExpr, bool) {
			a, b := atoi(group(text, m, 1)), atoi(group(text, m, 3))
			day, month := a, b
			if group(text, m, 2) == "/" && a <= 12 && b > 12 || group(text, m, 2) == "/" && a <= 12 && b <= 12 {
				day, month = b, a
			}
			return PeriodExpr{Month: time.Month(month), Day: day, Year: atoi(group(text, m, 4))}, month >= 1 && month <= 12 && day >= 1 && day <= 31
		})
	return g
}

// Month returns the month a word names ("sept", "December"), or 0.
func (t *Tagger) Month(word string) time.Month { return t.periods.month(word) }

func (g *periodGrammar) month(s string) time.Month {
	return g.months[strings.ToLower(strings.TrimSuffix(s, "."))]
}

func (g *periodGrammar) ordinal(s string) int { return g.ordinals[strings.ToLower(s)] }

func group(text string, m []int, i int) string {
	if 2*i+1 >= len(m) || m[2*i] < 0 {
		return ""
	}
	return text[m[2*i]:m[2*i+1]]
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// yearOf reads a year of two or four digits; "" is 0.
func yearOf(s string) int {
	y, _ := strconv.Atoi(s)
	if y > 0 && y < 100 {
		y += 2000
	}
	return y
}

// Periods returns the periods a text names, unresolved, in text order and
// without overlaps (the longest wins, then the grammar's earlier rule).
func (t *Tagger) Periods(x Text) []PeriodExpr { return t.periodsIn(x, true) }

// periodsIn is Periods; without questionRules it leaves out the rules whose
// expressions only a question resolves.
func (t *Tagger) periodsIn(x Text, questionRules bool) []PeriodExpr {
	var es []PeriodExpr
	for _, r := range t.periods.rules {
		if r.question && !questionRules {
			continue
		}
		for _, m := range r.p.FindAll(x.S, x.Lower) {
			e, ok := r.build(t.periods, x.S, m)
			if !ok {
				continue
			}
			e.Start, e.End, e.Text = m[0], m[1], x.S[m[0]:m[1]]
			es = append(es, e)
		}
	}
	return KeepLongest(es, func(e PeriodExpr) (int, int) { return e.Start, e.End })
}

// PeriodContext is what a document's period expressions are resolved
// against: its date, the period it reports, and the company's fiscal year
// end.
type PeriodContext struct {
	Published     time.Time
	Period        period.Period
	FiscalYearEnd period.FiscalYearEnd
}

// PeriodRef is a period named in a document, resolved.
type PeriodRef struct {
	Start, End int    // span in the text
	Text       string // as written
	// Period is the resolved period, zero when the context cannot place
	// it; for a reference relative to the context period, that period
	// shifted by Shift.
	Period period.Period
	// Shift is set for references relative to the context period: -1 for
	// "the previous quarter" or "three months ago", +1 for "next quarter",
	// -4 (quarters) for "a year earlier". 0 otherwise.
	Shift int
	// Trailing is true for "the past four quarters", "the past year": a
	// Year period ending with the context period.
	Trailing bool
}

// ResolvePeriods finds the periods text names and resolves them against
// ctx, as a document reads them: "the quarter ending in December",
// "September 2025 quarter", "fiscal second quarter", "Q2 FY26", "second
// quarter of fiscal 2026", "fiscal year 2025", "full year", "in 2024", "six
// months ended June 30, 2025" and "nine months ended ..." (Half and
// NineMonths), "first half", "H1 2025", "H1 FY26", "first nine months",
// "year to date" (from the fiscal year's start to the context period's
// end), "this year" (the fiscal year holding the context period), "the past
// four quarters" (trailing), "three months ago" and "the previous quarter"
// (Shift -1), "next quarter" (Shift +1), "a year earlier" (Shift -4). A
// quarter named without a year is the latest such quarter ending on or
// before ctx's published date. "Q3 2025" or "third quarter of 2025" without
// "fiscal" or "FY" is the calendar quarter. References are returned in text
// order, without overlaps; one that cannot be resolved has a zero Period.
// Expressions that do not date a document's figure (a bare date, "latest",
// a year with no preposition) are left out; the grammar's rules that only
// find such expressions are not even run.
func (t *Tagger) ResolvePeriods(x Text, ctx PeriodContext) []PeriodRef {
	var out []PeriodRef
	for _, e := range t.periodsIn(x, false) {
		if r, ok := ctx.Resolve(e); ok {
			out = append(out, r)
		}
	}
	return out
}

// Resolve resolves e as a document reads it (see ResolvePeriods); false
// when e does not date a document's figure.
func (c PeriodContext) Resolve(e PeriodExpr) (PeriodRef, bool) {
	r := PeriodRef{Start: e.Start, End: e.End, Text: e.Text}
	fye := c.FiscalYearEnd
	switch e.Rel {
	case lexicon.RelLatest:
		return r, false
	case lexicon.RelLast, lexicon.RelPrevious:
		r.Period, r.Shift = c.Period.Shift(-1), -1
		return r, true
	case lexicon.RelNext:
		r.Period, r.Shift = c.Period.Shift(1), 1
		return r, true
	case lexicon.RelYearAgo:
		n := -4
		if c.Period.Length != period.Quarter && !c.Period.IsZero() {
			n = -12 / c.Period.Length.Months()
		}
		r.Period, r.Shift = c.Period.Shift(n), -4
		return r, true
	case lexicon.RelTrailing:
		if !c.Period.IsZero() {
			r.Period = period.Period{Length: period.Year, End: c.Period.End}
		}
		r.Trailing = true
		return r, true
	case lexicon.RelThisYear:
		if fy, _ := fye.Fiscal(c.current()); fy != 0 {
			r.Period = fye.FiscalYear(fy)
		}
		return r, true
	case lexicon.RelYearToDate:
		r.Period = c.yearToDate()
		return r, true
	case lexicon.RelFullYear:
		if fy, _ := fye.Fiscal(c.Period); fy != 0 {
			r.Period = fye.FiscalYear(fy)
		}
		return r, true
	case "":
	default:
		return r, false
	}
	switch {
	case e.Length == period.Unknown:
		return r, false // a date, not a period
	case e.Bare:
		if !e.Prep || e.Year < 1990 || e.Year > 2100 {
			return r, false
		}
		r.Period = period.Period{Length: period.Year, End: period.MonthEnd(e.Year, time.December)}
	case e.Month != 0:
		// A quarter, half, nine months or year by the month it ends in.
		p := c.latestQuarterEnding(e.Month)
		if e.Year != 0 {
			p = period.QuarterEnding(e.Year, e.Month)
		}
		if !p.IsZero() {
			p.Length = e.Length
		}
		r.Period = p
	case e.Length == period.Quarter:
		switch {
		case e.Year != 0 && e.Fiscal:
			r.Period = fye.FiscalQuarter(e.Year, e.N)
		case e.Year != 0:
			r.Period = period.QuarterEnding(e.Year, time.Month(3*e.N))
		default:
			r.Period = c.latestFiscalQuarter(e.N)
		}
	case e.Length == period.Year:
		if e.Fiscal {
			r.Period = fye.FiscalYear(e.Year)
		} else {
			r.Period = period.Period{Length: period.Year, End: period.MonthEnd(e.Year, time.December)}
		}
	case e.N == 0:
		return r, false // "half year": which half?
	default:
		// The N-th half (or the first nine months) of a year: it ends with
		// the year's quarter q.
		q := e.N * e.Length.Months() / 3
		var p period.Period
		switch {
		case e.Year != 0 && !e.Fiscal:
			p = period.QuarterEnding(e.Year, time.Month(3*q)) // "first half of 2025": calendar
		case e.Year != 0:
			p = fye.FiscalQuarter(e.Year, q)
		default:
			p = c.latestFiscalQuarter(q)
		}
		if !p.IsZero() {
			p.Length = e.Length
		}
		r.Period = p
	}
	return r, true
}

// ref is the date references are resolved against: the published date, or
// two months after the context period ends.
func (c PeriodContext) ref() time.Time {
	if !c.Published.IsZero() {
		return c.Published
	}
	if !c.Period.IsZero() {
		return c.Period.End.AddDate(0, 2, 0)
	}
	return time.Time{}
}

// latestQuarterEnding is the latest quarter ending in month m on or before
// the reference date.
func (c PeriodContext) latestQuarterEnding(m time.Month) period.Period {
	r := c.ref()
	if r.IsZero() || m == 0 {
		return period.Period{}
	}
	p := period.QuarterEnding(r.Year(), m)
	if p.End.After(r) {
		p = period.QuarterEnding(r.Year()-1, m)
	}
	return p
}

// latestFiscalQuarter is the latest fiscal quarter q ending on or before
// the reference date.
func (c PeriodContext) latestFiscalQuarter(q int) period.Period {
	r := c.ref()
	if r.IsZero() {
		return period.Period{}
	}
	for fy := r.Year() + 1; fy >= r.Year()-1; fy-- {
		if p := c.FiscalYearEnd.FiscalQuarter(fy, q); !p.End.After(r) {
			return p
		}
	}
	return period.Period{}
}

// current is the context period, else the quarter holding the reference
// date.
func (c PeriodContext) current() period.Period {
	if !c.Period.IsZero() {
		return c.Period
	}
	if r := c.ref(); !r.IsZero() {
		return period.QuarterEnding(r.Year(), time.Month((int(r.Month())+2)/3*3))
	}
	return period.Period{}
}

// yearToDate runs from the start of the fiscal year to the end of the
// context period: a Half after the second fiscal quarter, NineMonths after
// the third.
func (c PeriodContext) yearToDate() period.Period {
	p := c.current()
	if p.IsZero() || p.Length != period.Quarter {
		return p
	}
	_, q := c.FiscalYearEnd.Fiscal(p)
	return period.Period{Length: [...]period.Length{period.Quarter, period.Half, period.NineMonths, period.Year}[q-1], End: p.End}
}

// GoString makes test failures readable.
func (e PeriodExpr) GoString() string { return fmt.Sprintf("%q{%s}", e.Text, e) }
