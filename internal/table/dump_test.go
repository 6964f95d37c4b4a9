package table

import (
	"fmt"
	"strings"
)

// dump renders a table compactly for test failure messages and golden
// comparisons: one line per row, "h" for header rows, the parent, the
// indent, the label, then col:text cells, with a header cell's From-To
// when it reaches beyond its own columns.
func dump(t Table) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s cols=%d header=%d", t.Form, t.Cols, t.HeaderRows)
	if t.Unit != nil {
		fmt.Fprintf(&b, " unit=%q", t.Unit.Text)
	}
	b.WriteByte('\n')
	for i, r := range t.Rows {
		kind := "r"
		if i < t.HeaderRows {
			kind = "h"
		}
		fmt.Fprintf(&b, "%s%d", kind, i)
		if r.Parent >= 0 {
			fmt.Fprintf(&b, " ^%d", r.Parent)
		}
		if r.Indent > 0 {
			fmt.Fprintf(&b, " >%d", r.Indent)
		}
		if c := r.Cell(0); c != nil && r.Label != c.Text {
			fmt.Fprintf(&b, " label=%q", r.Label)
		}
		for _, c := range r.Cells {
			fmt.Fprintf(&b, " %d:%q", c.Col, c.Text)
			if c.Span > 1 {
				fmt.Fprintf(&b, "+%d", c.Span)
			}
			if c.From != c.Col || c.To != c.Col+c.Span {
				fmt.Fprintf(&b, "[%d-%d)", c.From, c.To)
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// checkTable returns the first broken contract of t, a table of text, or
// nil: spans inside the text and nested table > row > cell, columns below
// Cols, header rows and parents in range.
func checkTable(text string, t Table) error {
	if t.Start < 0 || t.Start > t.End || t.End > len(text) {
		return fmt.Errorf("table span %d-%d outside text of %d bytes", t.Start, t.End, len(text))
	}
	if t.HeaderRows < 0 || t.HeaderRows > len(t.Rows) {
		return fmt.Errorf("HeaderRows %d of %d rows", t.HeaderRows, len(t.Rows))
	}
	if t.Unit != nil && (t.Unit.Start < 0 || t.Unit.Start > t.Unit.End || t.Unit.End > len(text)) {
		return fmt.Errorf("unit span %d-%d", t.Unit.Start, t.Unit.End)
	}
	for i, r := range t.Rows {
		if r.Start < t.Start || r.Start > r.End || r.End > t.End {
			return fmt.Errorf("row %d span %d-%d outside table %d-%d", i, r.Start, r.End, t.Start, t.End)
		}
		if r.Parent >= i || r.Parent < -1 || i < t.HeaderRows && r.Parent != -1 {
			return fmt.Errorf("row %d parent %d", i, r.Parent)
		}
		next := 0
		for j, c := range r.Cells {
			if c.Start < r.Start || c.Start > c.End || c.End > r.End {
				return fmt.Errorf("row %d cell %d span %d-%d outside row %d-%d", i, j, c.Start, c.End, r.Start, r.End)
			}
			if c.Col < next || c.Span < 1 || c.Col+c.Span > t.Cols {
				return fmt.Errorf("row %d cell %d columns %d+%d (next free %d, cols %d)", i, j, c.Col, c.Span, next, t.Cols)
			}
			if c.From < 0 || c.From > c.Col || c.To < c.Col+c.Span || c.To > t.Cols {
				return fmt.Errorf("row %d cell %d applies to [%d,%d) at %d+%d", i, j, c.From, c.To, c.Col, c.Span)
			}
			if c.Text == "" {
				return fmt.Errorf("row %d cell %d is empty", i, j)
			}
			next = c.Col + c.Span
		}
	}
	return nil
}

func checkAll(text string, ts []Table) error {
	end := 0
	for i, t := range ts {
		if err := checkTable(text, t); err != nil {
			return fmt.Errorf("table %d: %w", i, err)
		}
		if t.Start < end {
			return fmt.Errorf("table %d starts at %d, inside the one before (to %d)", i, t.Start, end)
		}
		end = t.End
	}
	return nil
}
