package table

import "strings"

// Form is the way a table is written in its document.
type Form int

const (
	// Pipe is a Markdown pipe table: lines of cells between | signs.
	Pipe Form = iota + 1
	// HTML is a <table> element with <tr> rows and <td>/<th> cells.
	HTML
	// Aligned is plain text laid out in columns: figures right-aligned
	// under each other, fields separated by two or more spaces or a tab.
	Aligned
	// Leader is a plain-text list of "Label ....... figure" lines.
	Leader
)

func (f Form) String() string {
	switch f {
	case Pipe:
		return "pipe"
	case HTML:
		return "html"
	case Aligned:
		return "aligned"
	case Leader:
		return "leader"
	}
	return "unknown"
}

// Table is one table of a text. Every offset is a byte offset into the
// text that Find (or a per-form finder) was given, half-open: text[Start:End].
type Table struct {
	// Start and End span the whole table: from the first byte of its first
	// line (or of <table>) to the last byte of its last line (or of
	// </table>).
	Start, End int
	Form       Form
	// Rows are the table's rows, top to bottom. Rows[:HeaderRows] are the
	// header rows (see the package doc for how they are told apart); the
	// rest are body rows. A Markdown delimiter row (|---|) is no row.
	Rows       []Row
	HeaderRows int
	// Cols is the number of columns: every Cell.Col is below it. When the
	// table has a label column it is column 0.
	Cols int
	// Unit is the unit line of the table, or nil: a header cell, or a short
	// line just above the table, such as "(in millions, except per share
	// data)" or "millions of yen". Its text is verbatim; reading the scale
	// is the caller's business.
	Unit *Unit
}

// Unit is the text that states a table's unit and scale.
type Unit struct {
	Start, End int
	Text       string
	// Row and Col locate the unit when it is a cell of the table; both are
	// -1 when it is a line above the table.
	Row, Col int
}

// Row is one row of a table.
type Row struct {
	// Start and End span the row verbatim: the pipe line or text line
	// without surrounding space, or the <tr>...</tr> element (to the next
	// row when </tr> is missing).
	Start, End int
	// Cells holds the row's non-empty cells in column order; a column
	// with no cell is empty in this row. Cells never overlap.
	Cells []Cell
	// Label is the text of the row's label cell (column 0 when the table
	// has a label column) without footnote marks ("*", "†", "(1)", "(a)",
	// a digit glued to a word), or "".
	Label string
	// Indent is how far the label is indented: leading spaces, &nbsp;s or
	// CSS padding. It is only comparable between rows of one table.
	Indent int
	// Parent is the index in Table.Rows of the row this one is a sub-row
	// of, or -1: the nearest row above with a smaller indent, the
	// label-only row ("Revenue:", "Assets:") whose section this row is in,
	// or for an "of which" row the row it breaks down. Header rows have no
	// parent.
	Parent int
}

// Cell is one cell of a row.
type Cell struct {
	// Start and End span the cell's source bytes: the text between two
	// pipes without surrounding space, the <td>...</td> element (for a
	// merged SEC cell, from the "$" cell to the ")" cell), or the field of
	// a text line.
	Start, End int
	// Text is the display text: entities decoded, tags dropped, runs of
	// space folded to one, "\|" unescaped.
	Text string
	// Col is the cell's first column and Span the number of columns it
	// covers (colspan; at least 1).
	Col, Span int
	// From and To are the columns [From, To) that the cell's text applies
	// to. For a body cell they are [Col, Col+Span); a header cell may reach
	// further by the spanning rules of the package doc.
	From, To int
	// Number is the cell's value when its text is a figure, a dash, nm or
	// n/a; nil otherwise (see ParseNumber).
	Number *Number
}

// Cell returns the row's cell that covers column col, or nil when that
// column is empty in this row.
func (r *Row) Cell(col int) *Cell {
	for i := range r.Cells {
		c := &r.Cells[i]
		if c.Col <= col && col < c.Col+c.Span {
			return c
		}
	}
	return nil
}

// HeaderCell is a header cell together with the index of its row.
type HeaderCell struct {
	Row int
	Cell
}

// HeaderCells returns, top to bottom, the header cells whose text applies
// to column col (From <= col < To), units and currency-only cells included,
// so that a caller can cite them (and Rows[h.Row] for the whole header
// line). It returns nil when no header applies.
func (t *Table) HeaderCells(col int) []HeaderCell {
	var out []HeaderCell
	for i := 0; i < t.HeaderRows && i < len(t.Rows); i++ {
		for _, c := range t.Rows[i].Cells {
			if c.From <= col && col < c.To {
				out = append(out, HeaderCell{Row: i, Cell: c})
			}
		}
	}
	return out
}

// HeaderText returns the texts of the header cells that apply to column
// col, top to bottom, joined by one space: "Year ended December 31, 2019",
// "Three Months Ended June 30, 2025". Unit cells without a year ("(in
// thousands)") and currency-only cells ("$", "€m") are left out: they are
// in Unit and in the cells' Number.Currency. It returns "" when no header applies.
func (t *Table) HeaderText(col int) string {
	var parts []string
	for _, h := range t.HeaderCells(col) {
		if isCurrencyOnly(h.Text) || isUnitText(h.Text) && !yearRE.MatchString(h.Text) {
			continue
		}
		parts = append(parts, h.Text)
	}
	return strings.Join(parts, " ")
}
