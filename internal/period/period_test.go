package period

import (
	"testing"
	"time"
)

var parseTests = []struct {
	in   string
	want Period
}{
	{"quarter ended 2025-09-30", QuarterEnding(2025, time.September)},
	{"Quarter Ended 2024-12-31", QuarterEnding(2024, time.December)},
	{"2025-Q3", QuarterEnding(2025, time.September)},
	{"year ended 2025-03-31", Period{Year, Date(2025, time.March, 31)}},
	{"half year ended 2025-06-30", Period{Half, Date(2025, time.June, 30)}},
	{"", Period{}},
}

func TestParse(t *testing.T) {
	for _, tt := range parseTests {
		got, err := Parse(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Parse(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
		if tt.in != "" && tt.in[0] != '2' {
			if back, _ := Parse(got.String()); back != got {
				t.Errorf("Parse(%q).String() does not round-trip: %q", tt.in, got.String())
			}
		}
	}
	for _, bad := range []string{"last quarter", "quarter ended yesterday", "fortnight ended 2025-01-01", "2025-Q5"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q): no error", bad)
		}
	}
}

var fiscalTests = []struct {
	fye   string
	p     Period
	fy, q int
	label string
}{
	{"03-31", QuarterEnding(2025, time.September), 2026, 2, "fiscal 2026 Q2"},
	{"03-31", QuarterEnding(2024, time.December), 2025, 3, "fiscal 2025 Q3"},
	{"03-31", QuarterEnding(2025, time.March), 2025, 4, "fiscal 2025 Q4"},
	{"03-31", QuarterEnding(2025, time.June), 2026, 1, "fiscal 2026 Q1"},
	{"", QuarterEnding(2025, time.September), 2025, 3, "Q3 2025"},
	{"12-31", QuarterEnding(2025, time.March), 2025, 1, "Q1 2025"},
	{"June 30", QuarterEnding(2025, time.September), 2026, 1, "fiscal 2026 Q1"},
	{"03-31", Period{Year, Date(2025, time.March, 31)}, 2025, 4, "fiscal 2025"},
}

func TestFiscal(t *testing.T) {
	for _, tt := range fiscalTests {
		f, err := ParseFiscalYearEnd(tt.fye)
		if err != nil {
			t.Fatalf("ParseFiscalYearEnd(%q): %v", tt.fye, err)
		}
		fy, q := f.Fiscal(tt.p)
		if fy != tt.fy || q != tt.q {
			t.Errorf("%q: Fiscal(%v) = %d Q%d; want %d Q%d", tt.fye, tt.p, fy, q, tt.fy, tt.q)
		}
		if got := f.Label(tt.p); got != tt.label {
			t.Errorf("%q: Label(%v) = %q; want %q", tt.fye, tt.p, got, tt.label)
		}
		if tt.p.Length == Quarter {
			if back := f.FiscalQuarter(fy, q); back != tt.p {
				t.Errorf("%q: FiscalQuarter(%d, %d) = %v; want %v", tt.fye, fy, q, back, tt.p)
			}
		}
	}
}

func TestShift(t *testing.T) {
	p := QuarterEnding(2025, time.September)
	if got, want := p.Shift(-1), QuarterEnding(2025, time.June); got != want {
		t.Errorf("Shift(-1) = %v; want %v", got, want)
	}
	if got, want := p.Shift(-4), QuarterEnding(2024, time.September); got != want {
		t.Errorf("Shift(-4) = %v; want %v", got, want)
	}
	if got, want := p.Start(), Date(2025, time.July, 1); !got.Equal(want) {
		t.Errorf("Start() = %v; want %v", got, want)
	}
}
