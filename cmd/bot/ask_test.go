package main

import (
	"bytes"
	"testing"

	"github.com/resultsbot/resultsbot/internal/answer"
)

// TestWritePlain: a citation names its page when its source has pages, and
// a table row shows the header line(s) that give its column above it.
func TestWritePlain(t *testing.T) {
	header := answer.Excerpt{Quote: "| (in millions, except per share) | Q4 2025 | Q4 2024 | % Change |", Start: 120, End: 187}
	tests := []struct {
		name string
		c    answer.Citation
		want string
	}{
		{"prose", answer.Citation{Title: "Acme results", Publisher: "Acme IR", Published: "2026-02-10", Quote: `Revenue rose 12% to $4.2 billion.`},
			`[1] Acme results, Acme IR, 2026-02-10: "Revenue rose 12% to $4.2 billion."` + "\n"},
		{"a page", answer.Citation{Title: "Acme annual report", Published: "2026-03-01", Quote: "Revenue rose 12%.", Page: 4},
			`[1] Acme annual report, 2026-03-01, p. 4: "Revenue rose 12%."` + "\n"},
		{"a table row", answer.Citation{Title: "Acme results", Publisher: "Acme IR", Quote: "| Revenue | $ 4,210 | $ 3,760 | 12 % |",
			Header: []answer.Excerpt{header}, Column: "Q4 2025", Page: 2},
			`[1] Acme results, Acme IR, p. 2 (table row, column "Q4 2025"):` + "\n" +
				`    header "| (in millions, except per share) | Q4 2025 | Q4 2024 | % Change |"` + "\n" +
				`    row    "| Revenue | $ 4,210 | $ 3,760 | 12 % |"` + "\n"},
		{"two header lines", answer.Citation{Title: "Sterling results", Quote: "Net sales  1,270.4  1,232.1",
			Header: []answer.Excerpt{{Quote: "Three Months Ended June 30,"}, {Quote: "2025  2024"}}, Column: "Three Months Ended June 30, 2025"},
			`[1] Sterling results (table row, column "Three Months Ended June 30, 2025"):` + "\n" +
				`    header "Three Months Ended June 30,"` + "\n" +
				`    header "2025  2024"` + "\n" +
				`    row    "Net sales  1,270.4  1,232.1"` + "\n"},
		{"a column without its header", answer.Citation{Title: "T", Quote: "| Revenue | 4,210 |", Column: "FY2025"},
			`[1] T (table row, column "FY2025"):` + "\n" + `    row    "| Revenue | 4,210 |"` + "\n"},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		writeCitation(&b, 1, tt.c)
		if got := b.String(); got != tt.want {
			t.Errorf("%s: writeCitation(%+v) =\n%s\nwant\n%s", tt.name, tt.c, got, tt.want)
		}
	}
}
