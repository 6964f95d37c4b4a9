// Package corpus turns results documents into citable passages.
//
// Documents are Markdown with optional YAML front matter, or plain text,
// read from any fs.FS (the embedded corpus, os.DirFS for --corpus DIR,
// fstest.MapFS in tests). Each document is split into passages: sentences,
// list items or short paragraphs, each with a stable ID and byte offsets
// into the document file, so that File[Start:End] == Text always holds and a
// citation can quote it verbatim.
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
}

// Document is one loaded source file.
type Document struct {
	Path     string // corpus-relative, slash-separated: "alibaba/2025-11-25-cnbc.md"
	Meta     Meta
	Raw      string    // the whole file as read; passage offsets index into it
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
