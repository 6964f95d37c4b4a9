// Package corpus turns results documents into citable passages.
//
// Documents are Markdown with optional YAML front matter, plain text, web
// pages or PDF files, read from any fs.FS (the embedded corpus, os.DirFS
// for --corpus DIR, fstest.MapFS in tests). Web pages and PDF files are
// converted to Markdown first (internal/convert). Each document is split
// into passages: sentences, list items or short paragraphs, each with a
// stable ID and byte offsets into the document's kept text (Document.Raw:
// the file itself, or the converted text), so that Raw[Start:End] == Text
// always holds and a citation can quote it verbatim.
//
// The package knows nothing of search or chat.
package corpus

import (
	"time"

	"github.com/resultsbot/resultsbot/internal/period"
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
	// Raw is the text kept for the document; passage offsets index into
	// it. For Markdown and plain text it is the file as read. For HTML and
	// PDF it is the converted text, front matter first (internal/convert):
	// citations quote it and the source page shows it, while Corpus.Hash
	// still covers the file's bytes.
	Raw      string
	Passages []Passage // in document order
}

// Passage is a citable span of a document: a sentence, a list item or a
// short paragraph (a heading is a passage of its own).
type Passage struct {
	ID    string // Doc + "#" + Seq, e.g. "alibaba/cnbc.md#7"; stable while the file is unchanged
	Doc   string // Document.Path
	Seq   int    // position in the document, from 0
	Start int    // byte offset into Document.Raw
	End   int    // exclusive; Raw[Start:End] == Text
	Text  string
	// Heading is true for a headline or section heading.
	Heading bool
	Meta    *Meta // the document's metadata, shared by its passages
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

	byName companyIndex // Companies by every name, built by Load
}
