package facts

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/resultsbot/resultsbot/internal/period"
)

// PeriodContext is what a period reference is resolved against: the
// document's (or, for a question, today's) date, the period the document
// reports, and the company's fiscal year end.
type PeriodContext struct {
	Published     time.Time
	Period        period.Period
	FiscalYearEnd period.FiscalYearEnd
}

// PeriodRef is a period named in a text.
type PeriodRef struct {
	Start, End int    // span in the text
	Text       string // as written
	// Period is the resolved period; for a relative reference it is the
	// context period shifted by Shift.
	Period period.Period
	// Shift is set for references relative to the context period: -1 for
	// "the previous quarter" or "three months ago", -4 (quarters) for "a
	// year earlier". 0 otherwise.
	Shift int
	// Trailing is true for "the past four quarters", "the past year": a
	// Year period ending with the context period.
	Trailing bool
}

const monthRe = `(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?`

var (
	monthQuarterRe  = mustPrefilter(`(?i)\b(?:quarter|three months|period)\s(?:that\s)?(?:ending|ended|to)\s(?:in\s|on\s)?` + monthRe + `(?:\s(\d{1,2})\b)?(?:,?\s(\d{4}))?`)
	monthQuarter2Re = mustPrefilter(`(?i)\b` + monthRe + `(?:\s(\d{4}))?[- ]quarter\b`)
	ordQuarterRe    = mustPrefilter(`(?i)\b(fiscal\s|fy\s?)?(first|second|third|fourth|1st|2nd|3rd|4th)[- ](fiscal[- ])?quarter(?:,?\s(?:of\s)?(fiscal\s(?:year\s)?|fy\s?)?'?(\d{4}))?`)
	fiscalOrdRe     = mustPrefilter(`(?i)\b(?:fiscal|fy)\s?(?:year\s)?'?(\d{4}|\d{2})\s(first|second|third|fourth)[- ]quarter\b`)
	qShortRe        = mustPrefilter(`(?i)\bQ([1-4])(?:\s?(fy|fiscal)\s?'?(\d{4}|\d{2})\b|\s'?(\d{4})\b)?`)
	fyQRe           = mustPrefilter(`(?i)\b(?:fy|fiscal)\s?'?(\d{4}|\d{2})\s?Q([1-4])\b`)
	yearRe          = mustPrefilter(`(?i)\b(full[- ]year|fiscal\syear|fiscal|fy|calendar\syear)\s?'?(\d{4}|\d{2})\b`)
	bareYearRe      = mustPrefilter(`(?i)\b(?:in|for|during|of)\s(\d{4})\b`)
	fullYearRe      = mustPrefilter(`(?i)\b(?:full[- ]year|fiscal\syear)\b`)
	trailingRe      = mustPrefilter(`(?i)\b(?:(?:past|last|trailing|previous|prior)\s(?:four|4)\squarters|(?:past|last|trailing)\s(?:twelve|12)\smonths|ttm|ltm|(?:in|over|during)\sthe\spast\syear)\b`)
	prevQuarterRe   = mustPrefilter(`(?i)\b(?:three months (?:ago|earlier|before)|(?:the\s)?(?:previous|prior|preceding|last|sequential)\squarter|a quarter (?:ago|earlier))\b`)
	quarterOfRe     = regexp.MustCompile(`(?i)\b(?:quarter|period)\s*$`)
	multiMonthRe    = mustPrefilter(`(?i)\b(six|nine|twelve|6|9|12)[- ]months?\s(?:period\s)?(?:that\s)?(?:ended|ending|to)\s(?:on\s|in\s)?` + monthRe + `(?:\s(\d{1,2})\b)?(?:,?\s(\d{4}))?`)
	halfRe          = mustPrefilter(`(?i)\b(?:(first|second|1st|2nd)[- ]half|h([12]))\b(?:(?:\s|\sof\s)(?:the\s)?(fiscal\s(?:year\s)?|fy\s?)?'?(\d{4}|\d{2})\b|\s(fiscal|fy)\s?'?(\d{4}|\d{2})\b)?`)
	firstMonthsRe   = mustPrefilter(`(?i)\b(?:first|opening)\s(six|nine)\smonths\b(?:\s(?:of\s)?(?:the\s)?(?:(?:fiscal\s)?year\s)?(\d{4}))?`)
	ytdRe           = mustPrefilter(`(?i)\b(?:year[- ]to[- ]date|ytd|so far this year)\b`)
	thisYearRe      = mustPrefilter(`(?i)\b(?:this|the current)\s(?:fiscal\s)?year\b`)
	yearAgoRe       = mustPrefilter(`(?i)\b(?:a year (?:earlier|ago|before)|(?:same|corresponding) (?:quarter|period) of \d{4}|year[- ]ago|(?:same|corresponding) (?:quarter|period) (?:of |in )?(?:last|the previous|the prior|a) year|prior[- ]year|last year)\b`)
)

var ordinals = map[string]int{"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}

func monthOf(s string) time.Month {
	s = strings.ToLower(strings.TrimSuffix(s, "."))
	for m := time.January; m <= time.December; m++ {
		if strings.HasPrefix(strings.ToLower(m.String()), s) && len(s) >= 3 {
			return m
		}
	}
	return 0
}

func yearOf(s string) int {
	y, _ := strconv.Atoi(s)
	if y > 0 && y < 100 {
		y += 2000
	}
	return y
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
	if r.IsZero() {
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

// ResolvePeriods finds the periods text names and resolves them against
// ctx: "the quarter ending in December", "September 2025 quarter", "fiscal
// second quarter", "Q2 FY26", "second quarter of fiscal 2026", "fiscal year
// 2025", "full year", "in 2024", "six months ended June 30, 2025" and
// "nine months ended ..." (Half and NineMonths), "first half", "H1 2025",
// "H1 FY26", "first nine months", "year to date" (from the fiscal year's
// start to the context period's end), "this year" (the fiscal year holding
// the context period), "the past four quarters" (trailing), "three
// months ago" and "the previous quarter" (Shift -1), "a year earlier"
// (Shift -4). A quarter named without a year is the latest such quarter
// ending on or before ctx's published date. "Q3 2025" or "third quarter of
// 2025" without "fiscal" or "FY" is the calendar quarter. References are
// returned in text order, without overlaps; one that cannot be resolved has
// a zero Period.
func ResolvePeriods(text string, ctx PeriodContext) []PeriodRef {
	return resolvePeriodsIn(text, strings.ToLower(text), ctx)
}

func resolvePeriodsIn(text, lower string, ctx PeriodContext) []PeriodRef {
	var refs []PeriodRef
	add := func(m []int, p period.Period) {
		refs = append(refs, PeriodRef{Start: m[0], End: m[1], Text: text[m[0]:m[1]], Period: p})
	}
	group := func(m []int, i int) string {
		if m[2*i] < 0 {
			return ""
		}
		return text[m[2*i]:m[2*i+1]]
	}
	fye := ctx.FiscalYearEnd
	for _, m := range monthQuarterRe.findAll(text, lower) {
		mon := monthOf(group(m, 1))
		if y := group(m, 3); y != "" {
			add(m, period.QuarterEnding(yearOf(y), mon))
		} else {
			add(m, ctx.latestQuarterEnding(mon))
		}
	}
	for _, m := range monthQuarter2Re.findAll(text, lower) {
		mon := monthOf(group(m, 1))
		if y := group(m, 2); y != "" {
			add(m, period.QuarterEnding(yearOf(y), mon))
		} else {
			add(m, ctx.latestQuarterEnding(mon))
		}
	}
	for _, m := range ordQuarterRe.findAll(text, lower) {
		q := ordinals[strings.ToLower(group(m, 2))]
		fiscal := group(m, 1) != "" || group(m, 3) != "" || group(m, 4) != ""
		switch y := group(m, 5); {
		case y != "" && fiscal:
			add(m, fye.FiscalQuarter(yearOf(y), q))
		case y != "":
			add(m, period.QuarterEnding(yearOf(y), time.Month(3*q)))
		default:
			add(m, ctx.latestFiscalQuarter(q))
		}
	}
	for _, m := range fiscalOrdRe.findAll(text, lower) {
		add(m, fye.FiscalQuarter(yearOf(group(m, 1)), ordinals[strings.ToLower(group(m, 2))]))
	}
	for _, m := range qShortRe.findAll(text, lower) {
		q, _ := strconv.Atoi(group(m, 1))
		switch {
		case group(m, 3) != "":
			add(m, fye.FiscalQuarter(yearOf(group(m, 3)), q))
		case group(m, 4) != "":
			add(m, period.QuarterEnding(yearOf(group(m, 4)), time.Month(3*q)))
		default:
			add(m, ctx.latestFiscalQuarter(q))
		}
	}
	for _, m := range fyQRe.findAll(text, lower) {
		q, _ := strconv.Atoi(group(m, 2))
		add(m, fye.FiscalQuarter(yearOf(group(m, 1)), q))
	}
	for _, m := range yearRe.findAll(text, lower) {
		kw, y := strings.ToLower(group(m, 1)), yearOf(group(m, 2))
		if strings.HasPrefix(kw, "fiscal") || kw == "fy" {
			add(m, fye.FiscalYear(y))
		} else if kw == "full year" || kw == "full-year" {
			add(m, fye.FiscalYear(y)) // a full year is the company's own year
		} else {
			add(m, period.Period{Length: period.Year, End: period.MonthEnd(y, time.December)})
		}
	}
	for _, m := range bareYearRe.findAll(text, lower) {
		if rest := strings.ToLower(text[m[1]:]); strings.HasPrefix(rest, " quarter") || strings.HasPrefix(rest, "-") {
			continue
		}
		if quarterOfRe.MatchString(text[:m[0]]) {
			continue // "the same quarter of 2024": see yearAgoRe
		}
		y := yearOf(group(m, 1))
		if y < 1990 || y > 2100 {
			continue
		}
		add([]int{m[2] - 0, m[3]}, period.Period{Length: period.Year, End: period.MonthEnd(y, time.December)})
	}
	for _, m := range fullYearRe.findAll(text, lower) {
		fy, _ := fye.Fiscal(ctx.Period)
		p := period.Period{}
		if fy != 0 {
			p = fye.FiscalYear(fy)
		}
		add(m, p)
	}
	for _, m := range trailingRe.findAll(text, lower) {
		p := period.Period{}
		if !ctx.Period.IsZero() {
			p = period.Period{Length: period.Year, End: ctx.Period.End}
		}
		add(m, p)
		refs[len(refs)-1].Trailing = true
	}
	for _, m := range prevQuarterRe.findAll(text, lower) {
		add(m, ctx.Period.Shift(-1))
		refs[len(refs)-1].Shift = -1
	}
	for _, m := range multiMonthRe.findAll(text, lower) {
		mon := monthOf(group(m, 2))
		length := map[string]period.Length{"six": period.Half, "6": period.Half, "nine": period.NineMonths, "9": period.NineMonths}[strings.ToLower(group(m, 1))]
		if length == period.Unknown {
			length = period.Year
		}
		p := ctx.latestQuarterEnding(mon)
		if y := group(m, 4); y != "" {
			p = period.QuarterEnding(yearOf(y), mon)
		}
		if !p.IsZero() {
			p.Length = length
		}
		add(m, p)
	}
	for _, m := range halfRe.findAll(text, lower) {
		h := ordinals[strings.ToLower(group(m, 1))]
		if h == 0 {
			h, _ = strconv.Atoi(group(m, 2))
		}
		var p period.Period
		switch {
		case group(m, 4) != "" && group(m, 3) == "":
			p = period.QuarterEnding(yearOf(group(m, 4)), time.Month(6*h)) // "first half of 2025": calendar
		case group(m, 4) != "":
			p = fye.FiscalQuarter(yearOf(group(m, 4)), 2*h)
		case group(m, 6) != "":
			p = fye.FiscalQuarter(yearOf(group(m, 6)), 2*h) // "H1 FY26"
		default:
			p = ctx.latestFiscalQuarter(2 * h)
		}
		if !p.IsZero() {
			p.Length = period.Half
		}
		add(m, p)
	}
	for _, m := range firstMonthsRe.findAll(text, lower) {
		n, length := 6, period.Half
		if strings.EqualFold(group(m, 1), "nine") {
			n, length = 9, period.NineMonths
		}
		var p period.Period
		if y := group(m, 2); y != "" {
			p = period.Period{Length: length, End: period.MonthEnd(yearOf(y), time.Month(n))}
		} else if q := ctx.latestFiscalQuarter(n / 3); !q.IsZero() {
			p = period.Period{Length: length, End: q.End}
		}
		add(m, p)
	}
	for _, m := range ytdRe.findAll(text, lower) {
		add(m, ctx.yearToDate())
	}
	for _, m := range thisYearRe.findAll(text, lower) {
		p := period.Period{}
		if fy, _ := fye.Fiscal(ctx.current()); fy != 0 {
			p = fye.FiscalYear(fy)
		}
		add(m, p)
	}
	for _, m := range yearAgoRe.findAll(text, lower) {
		n := -4
		if ctx.Period.Length != period.Quarter && !ctx.Period.IsZero() {
			n = -12 / ctx.Period.Length.Months()
		}
		add(m, ctx.Period.Shift(n))
		refs[len(refs)-1].Shift = -4
	}
	// keep the longest of overlapping references
	vs := make([]Value, len(refs))
	for i, r := range refs {
		vs[i] = Value{Start: r.Start, End: r.End, Number: float64(i)}
	}
	var out []PeriodRef
	for _, v := range dropOverlaps(vs) {
		out = append(out, refs[int(v.Number)])
	}
	return out
}
