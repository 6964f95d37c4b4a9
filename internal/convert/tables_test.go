package convert

import (
	"os"
	"strings"
	"testing"

	"github.com/resultsbot/resultsbot/internal/table"
)

// TestTablesReadable: the table reader (internal/table) finds the results
// tables in the kept text of the HTML and PDF fixtures, with their header
// and every figure row.
func TestTablesReadable(t *testing.T) {
	for _, tc := range []struct {
		file   string
		header string   // a header cell
		rows   []string // body row labels, in order
		figure string   // a cell of the first body row
	}{
		{"corvexa-q3-2025.html", "Q3 2025", []string{"Revenue", "Operating income", "Net income", "Diluted earnings per share"}, "$4,210"},
		{"lumatrine-q3-2025.pdf", "Q3 2025", []string{"Revenue", "Adjusted operating profit", "Profit before tax"}, "1,180"},
	} {
		b, err := os.ReadFile("../../testdata/formats/" + tc.file)
		if err != nil {
			t.Fatal(err)
		}
		var d Document
		if strings.HasSuffix(tc.file, ".pdf") {
			d, err = PDF(b)
		} else {
			d, err = HTML(b, "", "")
		}
		if err != nil {
			t.Fatal(err)
		}
		tables := table.Find(d.Body)
		if len(tables) != 1 {
			t.Errorf("%s: %d tables found, want 1:\n%s", tc.file, len(tables), d.Body)
			continue
		}
		tb := tables[0]
		var head, labels []string
		for _, r := range tb.Rows[:tb.HeaderRows] {
			for _, c := range r.Cells {
				head = append(head, c.Text)
			}
		}
		for _, r := range tb.Rows[tb.HeaderRows:] {
			labels = append(labels, r.Label)
		}
		if !strings.Contains(strings.Join(head, "|"), tc.header) || strings.Join(labels, "|") != strings.Join(tc.rows, "|") {
			t.Errorf("%s: header %q, rows %q; want %q in the header and rows %q", tc.file, head, labels, tc.header, tc.rows)
			continue
		}
		first := tb.Rows[tb.HeaderRows]
		found := false
		for _, c := range first.Cells {
			found = found || c.Text == tc.figure
			if d.Body[c.Start:c.End] == "" {
				t.Errorf("%s: cell %q has an empty span", tc.file, c.Text)
			}
		}
		if !found {
			t.Errorf("%s: first row %+v lacks %q", tc.file, first.Cells, tc.figure)
		}
	}
}
