// Package corpus turns results documents into citable passages.
//
// Documents are Markdown with optional YAML front matter, plain text, web
// pages or PDF files, read from any fs.FS (the embedded corpus, os.DirFS
// for --corpus DIR, fstest.MapFS in tests). Web pages and PDF files are
// converted to Markdown first (internal/convert). Each document's body
// becomes typed blocks (headings with their section path, paragraphs, list
// items, tables with their rows and cells), and the blocks become passages:
// headings, the sentences of paragraphs and list items, and table rows,
// each with a stable ID and byte offsets into the document's kept text
// (Document.Raw: the file itself, or the converted text), so that
// Raw[Start:End] == Text always holds and a citation can quote it
// verbatim. Each passage knows its block and the headings above it.
//
// The package knows nothing of search or chat.
package corpus

import (
	"time"

	"github.com/resultsbot/resultsbot/internal/convert"
	"github.com/resultsbot/resultsbot/internal/period"
	"github.com/resultsbot/resultsbot/internal/table"
)

// Meta is a document's metadata, from its front matter and, where that is
// silent, from the company registry and the text itself.
type Meta struct {
	Title         string               `yaml:"title" json:"title"`
	Company       string               `yaml:"company" json:"company"`
	Tickers       []string             `yaml:"tickers" json:"tickers,omitempty"`
	Publisher     string               `yaml:"publisher" json:"publisher"`
	Published     time.Time            `yaml:"-" json:"published"` // a date, midnight UTC; zero when unknown
	URL           string               `yaml:"url" json:"url,omitempty"`
	Period        period.Period        `yaml:"-" json:"period"` // the period the document reports
	FiscalYearEnd period.FiscalYearEnd `yaml:"-" json:"-"`
	// Currency is the reporting currency (ISO 4217), which decides a
	// symbol several currencies share: ¥ is yen in a JPY document.
	Currency string `yaml:"currency" json:"currency,omitempty"`
}

// Document is one loaded source file.
type Document struct {
	Path string // corpus-relative, slash-separated: "alibaba/2025-11-25-cnbc.md"
	Meta Meta
	// Raw is the text kept for the document; block and passage offsets
	// index into it. For Markdown and plain text it is the file as read.
	// For HTML and PDF it is the converted text, front matter first
	// (internal/convert): citations quote it and the source page shows it,
	// while Corpus.Hash still covers the file's bytes.
	Raw      string
	Blocks   []Block   // the body's structure, in document order
	Passages []Passage // in document order
	// Pages are the page marker lines of a converted PDF's kept text
	// ("--- page 4 ---", see internal/convert), in order; nil for a
	// document without pages.
	Pages []convert.Page
}

// BlockKind is what a block of a document is.
type BlockKind string

// The kinds of block.
const (
	HeadingBlock   BlockKind = "heading"   // a headline or section heading
	ParagraphBlock BlockKind = "paragraph" // prose, possibly wrapped over lines
	ItemBlock      BlockKind = "item"      // a list item, with its continuation lines
	TableBlock     BlockKind = "table"     // a table: Rows
)

// Block is a structural part of a document's body, at Raw[Start:End]. Only
// blocks that yield a passage are kept (boilerplate is gone).
type Block struct {
	Kind       BlockKind
	Start, End int
	// Level is a heading's level: 1 to 6 for Markdown "#" marks, 0 for a
	// line that reads as a heading without them (it ranks below all six).
	Level int
	// Section is the text of the headings above the block, outermost first
	// (for a heading, those it sits under). Blocks of one section share the
	// slice; it must not be modified.
	Section []string
	// Rows are a table's rows, the delimiter row ("|---|---|") left out.
	Rows []Row
	// Unit is the unit line that governs a table ("(in millions, except
	// per share data)"): a line just above it, or its first cell; nil when
	// there is none.
	Unit *Span
	// Table is the table's structure as internal/table reads it (header
	// rows, columns, row labels and parents), its offsets into Raw; nil
	// until the table reader attaches it (issue 12). Rows and Unit above are
	// the loader's own cut, enough for passages.
	Table *table.Table
}

// Row is a row of a table block at Raw[Start:End], with its cells.
type Row struct {
	Start, End int
	Cells      []Span // each cell's content, trimmed; an empty cell has Start == End
}

// Span is a byte span [Start, End) of Document.Raw.
type Span struct{ Start, End int }

// Passage is a citable span of a document: a heading, a sentence of a
// paragraph or list item, or a table row.
type Passage struct {
	ID    string // Doc + "#" + Seq, e.g. "alibaba/cnbc.md#7"; stable while the file is unchanged
	Doc   string // Document.Path
	Seq   int    // position in the document, from 0
	Start int    // byte offset into Document.Raw
	End   int    // exclusive; Raw[Start:End] == Text
	Text  string
	// Heading is true for a headline or section heading.
	Heading bool
	// Kind is the kind of the block the passage lies in, Block its index in
	// Document.Blocks.
	Kind  BlockKind
	Block int
	// Section is the text of the headings above the passage, outermost
	// first: its block's Section (for a heading, the headings above it).
	Section []string
	// Page is the page of a converted PDF the passage is on: that of the
	// last page marker before it (Document.Pages); 0 for a document
	// without pages.
	Page int
	Meta *Meta // the document's metadata, shared by its passages
}

// Company is an entry of the company registry (companies.yaml at the corpus
// root): what the documents call a company and how its fiscal year runs.
type Company struct {
	Name  string `yaml:"name" json:"name"`   // "Alibaba Group Holding"
	Short string `yaml:"short" json:"short"` // "Alibaba": what an answer calls it
	// Aliases are other names the text uses: "Alibaba Group", "BABA".
	Aliases []string `yaml:"aliases" json:"aliases,omitempty"`
	Tickers []string `yaml:"tickers" json:"tickers,omitempty"` // "NYSE:BABA", "HKEX:9988"
	// FiscalYearEnd is "MM-DD"; empty means December 31.
	FiscalYearEnd string `yaml:"fiscal_year_end" json:"fiscal_year_end,omitempty"`
	// Segments maps a canonical segment ("cloud", "international commerce")
	// to the names this company gives it ("Cloud Intelligence Group").
	Segments map[string][]string `yaml:"segments" json:"segments,omitempty"`
}

// Corpus is every document that loaded, and the company registry.
type Corpus struct {
	Docs      []*Document // sorted by Path
	Companies []Company   // from companies.yaml and the documents' front matter
	// Hash identifies the content of every file read (documents and
	// registry); it changes whenever any of them does.
	Hash string

	names *Names // Companies by every name, built by Load
}
