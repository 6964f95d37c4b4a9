// Package table reads the structure of the tables in a results document:
// rows, cells, header rows, the columns each header applies to, row
// labels with their indentation and parents, and the unit line, each with
// its exact byte span in the document so that a caller can quote a row
// and its header verbatim. It knows no metrics and no periods (those come
// from the tagger); the only reading of content it does is of figures
// (ParseNumber) and of what tells a header row from a body row.
//
// # Forms
//
// Find reads every form in one text; FindHTML, FindPipe and FindAligned
// read one form each.
//
//   - Markdown pipe tables, with or without outer pipes, with or without a
//     delimiter row, with "\|" escapes and empty cells.
//   - HTML <table> markup inside any text: <tr>, <td>/<th>, colspan and
//     rowspan, tags and entities inside cells. The "$", ")" and "%" cells
//     that SEC filings split off a figure are merged into it, and the
//     spacer columns between figures are folded away: columns are where
//     the figures end (see below). HTML rows with no text are left out.
//   - Plain text laid out in columns (figures right-aligned, fields apart
//     by two or more spaces or a tab) and "Label ...... figure" leader
//     lists. Only clear tables count: three or more figure lines whose
//     right edges line up, or two or more leader lines.
//
// # Model
//
// A Table has Rows; Rows[:HeaderRows] are header rows. A Row has Cells,
// its non-empty cells in column order, each with its first column Col,
// its Span (colspan) and the columns [From, To) its text applies to.
// Column 0 is the label column (except in an HTML table whose first
// figures start in the first column). Every Start/End pair is a half-open
// byte span of the text given to Find.
//
// # Header rows
//
// A figure is a cell that ParseNumber reads, other than a bare year
// ("2019"); dashes, nm and n/a count as figures. The header rows are the
// rows above the first row with a figure outside the label column, up to
// and including the last of them with any text outside the label column,
// followed by caption rows: rows whose only text is in the label column
// and is a unit ("(In millions)"), short and date-like ("December 31,
// 2019") or ends with a comma ("Year ended June 30,"). Other rows with a
// label only ("Assets:") are body rows. When no row has a figure, or the
// rule gives more than six rows, the first row is the header. In HTML,
// leading <thead> rows and rows of <th> are header rows too.
//
// # Spanning
//
// In HTML a header cell applies to the value columns its colspan covers.
// In a pipe table, which has no colspan, a header row with k non-empty
// value cells over n value columns (k < n) spreads them when a header row
// below it has more value cells (a heading spans only over headings
// beneath it) and it does not merely continue, in the same columns, a
// heading above it that did not spread: into k equal groups when n is a
// multiple of k and each cell lies in its own group (so a lone cell spans
// every value column), otherwise each cell over the empty columns to its
// right. In aligned text a header field applies to the columns it lies
// over. In every form, a header row's label cell applies to all columns
// when it is the row's only cell or is date-like or ends with a comma
// ("Year Ended June 30," over "2019 2018 2017"), unless it is a unit.
// Table.HeaderText(col) joins, top to bottom, the header texts that apply
// to a column; Table.HeaderCells gives them with their spans.
//
// # Labels and parents
//
// A row's Label is its label cell without footnote marks. Its Parent is
// the row it is a sub-row of: the nearest row above with a smaller indent;
// else the label-only row above it ("Revenue:") whose section it is in (a
// section ends at the next label-only row, a blank row, or, when the
// section has indented rows, at the next row indented no further than
// it); an "of which" row's parent is the row above it that is not an
// "of which" row.
//
// # Units
//
// Table.Unit is the first header cell that states a unit ("(in
// thousands)", "€m", "$'000", "millions of yen"), else a unit line just
// above the table: a short line, or a parenthesised unit that ends a
// sentence ("... as follows (in millions):").
//
// Find and the per-form finders never panic, and their time grows about
// linearly with the length of the text. A Table holds no reference to
// the text; all functions are safe for concurrent use.
package table
