package facts

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
	}
	for _, tt := range tests {
		got := ResolvePeriods(tt.in, tt.ctx)
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
