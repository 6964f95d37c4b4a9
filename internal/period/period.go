// Package period models the reporting periods that results documents speak
// of: quarters, half years and years, each identified by its length and the
// calendar date it ends on, plus the fiscal calendars that name them.
//
// A Period has one canonical text form, "quarter ended 2025-09-30", used in
// corpus front matter, in JSON answers and in tests. Fiscal names ("fiscal
// 2026 Q2") depend on a company's fiscal year end and are derived with a
// FiscalYearEnd.
package period

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Length is how long a period runs.
type Length int

// The lengths a results document reports.
const (
	Unknown Length = iota
	Quarter
	Half
	NineMonths
	Year
)

var lengthNames = map[Length]string{
	Quarter:    "quarter",
	Half:       "half year",
	NineMonths: "nine months",
	Year:       "year",
}

// Months is the number of months a period of this length spans.
func (l Length) Months() int {
	switch l {
	case Quarter:
		return 3
	case Half:
		return 6
	case NineMonths:
		return 9
	case Year:
		return 12
	}
	return 0
}

func (l Length) String() string {
	if s, ok := lengthNames[l]; ok {
		return s
	}
	return "unknown"
}

// Period is a reporting period: its length and the last day it covers.
// The zero Period means "not known".
type Period struct {
	Length Length
	End    time.Time // a date at midnight UTC
}

// ErrSyntax is returned by Parse for text that is not a period.
var ErrSyntax = errors.New("period: not a period")

// Date returns midnight UTC on the given day.
func Date(year int, month time.Month, day int) time.Time {
	return time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
}

// MonthEnd returns the last day of the given month.
func MonthEnd(year int, month time.Month) time.Time {
	return Date(year, month+1, 1).AddDate(0, 0, -1)
}

// QuarterEnding is the quarter whose last month is the given one.
func QuarterEnding(year int, month time.Month) Period {
	return Period{Length: Quarter, End: MonthEnd(year, month)}
}

// IsZero reports whether the period is unknown.
func (p Period) IsZero() bool { return p.Length == Unknown || p.End.IsZero() }

// Start returns the first day of the period.
func (p Period) Start() time.Time {
	if p.IsZero() {
		return time.Time{}
	}
	first := Date(p.End.Year(), p.End.Month(), 1)
	return first.AddDate(0, -(p.Length.Months() - 1), 0)
}

// Contains reports whether day falls within the period.
func (p Period) Contains(day time.Time) bool {
	if p.IsZero() {
		return false
	}
	return !day.Before(p.Start()) && !day.After(p.End)
}

// Shift returns the period of the same length n periods later (earlier when n
// is negative): the quarter before "quarter ended 2025-09-30" is "quarter
// ended 2025-06-30".
func (p Period) Shift(n int) Period {
	if p.IsZero() {
		return p
	}
	months := p.Length.Months() * n
	first := Date(p.End.Year(), p.End.Month(), 1).AddDate(0, months, 0)
	return Period{Length: p.Length, End: MonthEnd(first.Year(), first.Month())}
}

// String returns the canonical form, "quarter ended 2025-09-30", or "" for
// the zero Period.
func (p Period) String() string {
	if p.IsZero() {
		return ""
	}
	return p.Length.String() + " ended " + p.End.Format(time.DateOnly)
}

// Human returns the form a person writes: "the quarter ended September 30, 2025".
func (p Period) Human() string {
	if p.IsZero() {
		return ""
	}
	return "the " + p.Length.String() + " ended " + p.End.Format("January 2, 2006")
}

// MarshalText implements encoding.TextMarshaler with the canonical form.
func (p Period) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler; it accepts what Parse does.
func (p *Period) UnmarshalText(b []byte) error {
	q, err := Parse(string(b))
	if err != nil {
		return err
	}
	*p = q
	return nil
}

// Parse reads the canonical form ("quarter ended 2025-09-30", "year ended
// 2025-03-31", "half year ended 2025-06-30", "nine months ended ...") and the
// calendar-quarter shorthand "2025-Q3". An empty string is the zero Period.
// Any other text returns an error wrapping ErrSyntax.
func Parse(s string) (Period, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	if s == "" {
		return Period{}, nil
	}
	if y, q, ok := strings.Cut(s, "-q"); ok && len(y) == 4 && len(q) == 1 {
		year, err1 := strconv.Atoi(y)
		n, err2 := strconv.Atoi(q)
		if err1 == nil && err2 == nil && n >= 1 && n <= 4 {
			return QuarterEnding(year, time.Month(3*n)), nil
		}
	}
	name, date, ok := strings.Cut(s, " ended ")
	if !ok {
		return Period{}, fmt.Errorf("%w: %q (want e.g. \"quarter ended 2025-09-30\")", ErrSyntax, s)
	}
	var length Length
	for l, n := range lengthNames {
		if n == name || (l == Half && name == "half") {
			length = l
		}
	}
	if length == Unknown {
		return Period{}, fmt.Errorf("%w: %q: unknown length %q", ErrSyntax, s, name)
	}
	end, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return Period{}, fmt.Errorf("%w: %q: %v", ErrSyntax, s, err)
	}
	return Period{Length: length, End: end}, nil
}

// FiscalYearEnd is the month and day on which a company's fiscal year ends.
// The zero value means December 31 (the calendar year).
type FiscalYearEnd struct {
	Month time.Month
	Day   int
}

// ParseFiscalYearEnd reads "03-31", "--03-31" or "March 31".
func ParseFiscalYearEnd(s string) (FiscalYearEnd, error) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "--"))
	if s == "" {
		return FiscalYearEnd{}, nil
	}
	for _, layout := range []string{"01-02", "January 2", "Jan 2", "1-2"} {
		if t, err := time.Parse(layout, s); err == nil {
			return FiscalYearEnd{Month: t.Month(), Day: t.Day()}, nil
		}
	}
	return FiscalYearEnd{}, fmt.Errorf("%w: fiscal year end %q (want MM-DD)", ErrSyntax, s)
}

func (f FiscalYearEnd) month() time.Month {
	if f.Month == 0 {
		return time.December
	}
	return f.Month
}

func (f FiscalYearEnd) String() string {
	return fmt.Sprintf("%02d-%02d", int(f.month()), MonthEnd(2001, f.month()).Day())
}

// FiscalQuarter returns quarter q (1-4) of fiscal year fy, where a fiscal
// year is named for the calendar year it ends in: with a March 31 year end,
// fiscal 2026 Q2 is the quarter ended 2025-09-30.
func (f FiscalYearEnd) FiscalQuarter(fy, q int) Period {
	if q < 1 || q > 4 {
		return Period{}
	}
	end := Date(fy, f.month(), 1).AddDate(0, -3*(4-q), 0)
	return QuarterEnding(end.Year(), end.Month())
}

// FiscalYear returns fiscal year fy as a whole.
func (f FiscalYearEnd) FiscalYear(fy int) Period {
	return Period{Length: Year, End: MonthEnd(fy, f.month())}
}

// Fiscal returns the fiscal year and quarter (1-4) that contain the last day
// of p. For a Year period the quarter is 4.
func (f FiscalYearEnd) Fiscal(p Period) (fy, q int) {
	if p.IsZero() {
		return 0, 0
	}
	end := p.End
	monthsAfter := (int(end.Month()) - int(f.month()) + 12) % 12 // months after the year-end month
	fy = end.Year()
	if end.Month() > f.month() {
		fy++
	}
	q = (monthsAfter+11)%12/3 + 1
	if monthsAfter == 0 {
		q = 4
	}
	return fy, q
}

// Label names p in the company's fiscal calendar, "fiscal 2026 Q2", or
// "fiscal 2025" for a year. Calendar-year companies get "Q3 2025".
func (f FiscalYearEnd) Label(p Period) string {
	if p.IsZero() {
		return ""
	}
	fy, q := f.Fiscal(p)
	calendar := f.month() == time.December
	switch p.Length {
	case Quarter:
		if calendar {
			return fmt.Sprintf("Q%d %d", q, fy)
		}
		return fmt.Sprintf("fiscal %d Q%d", fy, q)
	case Year:
		if p.End.Month() != f.month() {
			return "" // a trailing year, not a fiscal one
		}
		if calendar {
			return strconv.Itoa(fy)
		}
		return fmt.Sprintf("fiscal %d", fy)
	}
	return p.Human()
}

// Trailing reports whether p is a year that does not end on the fiscal
// year end: "the twelve months ended September 30, 2025".
func (f FiscalYearEnd) Trailing(p Period) bool {
	return p.Length == Year && p.End.Month() != f.month()
}
