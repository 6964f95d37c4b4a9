package tagger

import (
	"testing"
	"time"

	"github.com/resultsbot/resultsbot/internal/period"
)

func TestResolvePeriods(t *testing.T) {
	march := period.FiscalYearEnd{Month: time.March, Day: 31}
	alibabaQ2 := PeriodContext{Published: period.Date(2025, 11, 25), Period: sep2025, FiscalYearEnd: march}
	calendar := PeriodContext{Published: period.Date(2025, 10, 30), Period: sep2025}
	tests := []struct {
		in       string
		ctx      PeriodContext
		want     period.Period
		shift    int
		trailing bool
	}{
		{"For the quarter ending in December, revenue rose", PeriodContext{Published: period.Date(2025, 2, 20), FiscalYearEnd: march}, dec2024, 0, false},
		{"in the December quarter", PeriodContext{Published: period.Date(2025, 2, 20)}, dec2024, 0, false},
		{"for the quarter ending September 2025", alibabaQ2, sep2025, 0, false},
		{"for the quarter ended September 30, 2025", alibabaQ2, sep2025, 0, false},
		{"in the September 2025 quarter", alibabaQ2, sep2025, 0, false},
		{"fiscal second quarter results", alibabaQ2, sep2025, 0, false},
		{"results for Q2 FY26", alibabaQ2, sep2025, 0, false},
		{"in FY2026 Q2", alibabaQ2, sep2025, 0, false},
		{"the second quarter of fiscal 2026", alibabaQ2, sep2025, 0, false},
		{"the third quarter of 2025", calendar, sep2025, 0, false},
		{"Q3 2025 revenue", calendar, sep2025, 0, false},
		{"third-quarter revenue", calendar, sep2025, 0, false},
		{"fiscal year 2025", alibabaQ2, period.Period{Length: period.Year, End: period.Date(2025, 3, 31)}, 0, false},
		{"revenue in 2024", calendar, period.Period{Length: period.Year, End: period.Date(2024, 12, 31)}, 0, false},
		{"over the past four quarters", alibabaQ2, period.Period{Length: period.Year, End: sep2025.End}, 0, true},
		{"in the past year alone", alibabaQ2, period.Period{Length: period.Year, End: sep2025.End}, 0, true},
		{"posted just three months ago", alibabaQ2, period.QuarterEnding(2025, time.June), -1, false},
		{"26% in the previous quarter", alibabaQ2, period.QuarterEnding(2025, time.June), -1, false},
		{"from a year earlier", alibabaQ2, period.QuarterEnding(2024, time.September), -4, false},
		{"in the year-ago quarter", alibabaQ2, period.QuarterEnding(2024, time.September), -4, false},
		{"for the six months ended June 30, 2025", calendar, period.Period{Length: period.Half, End: period.Date(2025, 6, 30)}, 0, false},
		{"nine months ended September 30, 2025", calendar, period.Period{Length: period.NineMonths, End: period.Date(2025, 9, 30)}, 0, false},
		{"the twelve months ended March 31, 2025", alibabaQ2, period.Period{Length: period.Year, End: period.Date(2025, 3, 31)}, 0, false},
		{"first-half revenue", calendar, period.Period{Length: period.Half, End: period.Date(2025, 6, 30)}, 0, false},
		{"in the first half", alibabaQ2, period.Period{Length: period.Half, End: period.Date(2025, 9, 30)}, 0, false},
		{"H1 2025 revenue", calendar, period.Period{Length: period.Half, End: period.Date(2025, 6, 30)}, 0, false},
		{"the second half of 2024", calendar, period.Period{Length: period.Half, End: period.Date(2024, 12, 31)}, 0, false},
		{"H1 FY26", alibabaQ2, period.Period{Length: period.Half, End: period.Date(2025, 9, 30)}, 0, false},
		{"in the first nine months of 2025", calendar, period.Period{Length: period.NineMonths, End: period.Date(2025, 9, 30)}, 0, false},
		{"year to date", calendar, period.Period{Length: period.NineMonths, End: period.Date(2025, 9, 30)}, 0, false},
		{"YTD", alibabaQ2, period.Period{Length: period.Half, End: period.Date(2025, 9, 30)}, 0, false},
		{"this year", calendar, period.Period{Length: period.Year, End: period.Date(2025, 12, 31)}, 0, false},
		{"the current fiscal year", alibabaQ2, period.Period{Length: period.Year, End: period.Date(2026, 3, 31)}, 0, false},
		{"FY25", calendar, period.Period{Length: period.Year, End: period.Date(2025, 12, 31)}, 0, false},
		{"for the next quarter", calendar, period.QuarterEnding(2025, time.December), 1, false},
		{"revenue in 3Q24", calendar, period.QuarterEnding(2024, time.September), 0, false},
		{"revenue for 2025 Q3", calendar, sep2025, 0, false},
		{"revenue in Q3'24", calendar, period.QuarterEnding(2024, time.September), 0, false},
		{"in the quarter that ended in June", calendar, period.QuarterEnding(2025, time.June), 0, false},
		{"for the year ended December 31, 2024", calendar, period.Period{Length: period.Year, End: period.Date(2024, 12, 31)}, 0, false},
		{"for the quarter ended 30 June 2025", calendar, period.QuarterEnding(2025, time.June), 0, false},
	}
	tg := testTagger(t)
	for _, tt := range tests {
		got := tg.ResolvePeriods(NewText(tt.in), tt.ctx)
		if len(got) != 1 {
			t.Errorf("ResolvePeriods(%q) = %+v; want one reference", tt.in, got)
			continue
		}
		r := got[0]
		if r.Period != tt.want || r.Shift != tt.shift || r.Trailing != tt.trailing {
			t.Errorf("ResolvePeriods(%q) = %v shift %d trailing %v; want %v shift %d trailing %v", tt.in, r.Period, r.Shift, r.Trailing, tt.want, tt.shift, tt.trailing)
		}
		if tt.in[r.Start:r.End] != r.Text {
			t.Errorf("ResolvePeriods(%q): span does not hold %q", tt.in, r.Text)
		}
	}
}

// TestPeriodsNotDocumentDates lists expressions the grammar reads (a
// question resolves them) that do not date a document's figure.
func TestPeriodsNotDocumentDates(t *testing.T) {
	tg := testTagger(t)
	ctx := PeriodContext{Published: period.Date(2025, 10, 30), Period: sep2025}
	for _, in := range []string{"the latest quarter", "on September 30, 2025", "2025-09-30", "2024 was a good year", "the half-year", "the most recent results"} {
		if es := tg.Periods(NewText(in)); len(es) != 1 {
			t.Errorf("Periods(%q) = %#v; want one expression", in, es)
		}
		if rs := tg.ResolvePeriods(NewText(in), ctx); len(rs) != 0 {
			t.Errorf("ResolvePeriods(%q) = %+v; want none", in, rs)
		}
	}
}

func TestPeriodExprs(t *testing.T) {
	tg := testTagger(t)
	tests := []struct {
		in   string
		want PeriodExpr
	}{
		{"fiscal 2026 q2", PeriodExpr{Length: period.Quarter, N: 2, Year: 2026, Fiscal: true}},
		{"q3 2025", PeriodExpr{Length: period.Quarter, N: 3, Year: 2025}},
		{"2q25", PeriodExpr{Length: period.Quarter, N: 2, Year: 2025}},
		{"the december quarter", PeriodExpr{Length: period.Quarter, Month: time.December}},
		{"sep 2025", PeriodExpr{Month: time.September, Year: 2025}},
		{"h1 fy26", PeriodExpr{Length: period.Half, N: 1, Year: 2026, Fiscal: true}},
		{"calendar year 2024", PeriodExpr{Length: period.Year, Year: 2024, Calendar: true}},
		{"in 2024", PeriodExpr{Length: period.Year, Year: 2024, Bare: true, Prep: true}},
		{"last quarter", PeriodExpr{Rel: "last"}},
		{"the previous quarter", PeriodExpr{Rel: "previous"}},
		{"next quarter", PeriodExpr{Rel: "next"}},
		{"trailing twelve months", PeriodExpr{Rel: "trailing"}},
		{"31 december 2019", PeriodExpr{Month: time.December, Day: 31, Year: 2019}},
		{"30.06.2024", PeriodExpr{Month: time.June, Day: 30, Year: 2024}},
		{"06/30/2019", PeriodExpr{Month: time.June, Day: 30, Year: 2019}},
		{"31/03/2024", PeriodExpr{Month: time.March, Day: 31, Year: 2024}},
		{"year ended december 31, 2019", PeriodExpr{Length: period.Year, Month: time.December, Day: 31, Year: 2019}},
		{"fiscal year ending 31 march 2025", PeriodExpr{Length: period.Year, Month: time.March, Day: 31, Year: 2025}},
		{"quarter ended 30 june 2024", PeriodExpr{Length: period.Quarter, Month: time.June, Day: 30, Year: 2024}},
		{"six months ended 30 june 2025", PeriodExpr{Length: period.Half, Month: time.June, Day: 30, Year: 2025}},
		{"april-june 2024", PeriodExpr{Length: period.Quarter, Month: time.June, Year: 2024}},
		{"apr 2023 - mar 2024", PeriodExpr{Length: period.Year, Month: time.March, Year: 2024}},
		{"october to march 2025", PeriodExpr{Length: period.Half, Month: time.March, Year: 2025}},
	}
	for _, tt := range tests {
		es := tg.Periods(NewText(tt.in))
		if len(es) != 1 {
			t.Errorf("Periods(%q) = %#v; want one", tt.in, es)
			continue
		}
		got := es[0]
		got.Start, got.End, got.Text = 0, 0, ""
		if got != tt.want {
			t.Errorf("Periods(%q) = %s; want %s", tt.in, got, tt.want)
		}
	}
}
