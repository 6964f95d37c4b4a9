// Package convert turns web pages (HTML) and PDF files into the text the bot
// keeps for a document: Markdown-like text that internal/corpus splits into
// passages like any other document, with YAML front matter for what the
// file's metadata says.
//
// The kept text is the contract. A citation quotes it verbatim and its
// offsets index into it, so it is what a reader of the source page sees:
//
//   - blocks are separated by a blank line;
//   - a heading is one line starting with "#" marks ("## Outlook");
//   - a paragraph is one line (HTML) or the lines of the page (PDF);
//   - a list item is a line starting with "- " (or "1. " in an ordered
//     list), nested items indented by two spaces per level;
//   - an HTML table is a Markdown pipe table: "| a | b |" rows, with a
//     "| --- | --- |" line after the header rows ("|" in a cell is "\|");
//   - a PDF page starts with a marker line "--- page N ---" (N from 1), so a
//     citation can name its page (see PageAt); columns on a PDF line keep
//     their horizontal spacing (two spaces or more between cells), so a
//     space-aligned table reader can find them.
//
// The converters are pure Go and bounded: input over MaxHTML or MaxInput is
// refused,
// and a PDF whose pages hold more content than the limits below is refused
// rather than read at any cost. They never panic on hostile input.
package convert

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// MaxInput is the largest PDF file PDF reads: 64 MiB.
const MaxInput = 64 << 20

// MaxHTML is the largest page HTML reads: 16 MiB. A parsed page takes tens
// of times its size in memory, and real pages, filings included, are
// smaller.
const MaxHTML = 16 << 20

// Errors the converters return, wrapped with detail; branch with errors.Is.
var (
	// ErrTooLarge means the input is over MaxInput, or a PDF holds more
	// pages, content or text than the limits allow.
	ErrTooLarge = errors.New("too large")
	// ErrNoText means the file holds no text to keep (an empty page, a PDF
	// of scanned images).
	ErrNoText = errors.New("no text")
	// ErrHTML means a page the HTML parser refuses (elements nested more
	// than 512 deep).
	ErrHTML = errors.New("unreadable HTML")
	// ErrPDF means a PDF that cannot be read: malformed, encrypted, or
	// using a feature the reader lacks.
	ErrPDF = errors.New("unreadable PDF")
)

// Meta is what a page says about itself. Any field may be empty.
type Meta struct {
	Title     string
	Company   string   // the organisation the lead names ("Corvexa Systems Inc. today announced")
	Tickers   []string // "NASDAQ:CVXA", from the lead
	Publisher string   // the site's name
	Published time.Time
	URL       string // the canonical address
	// Found says where each field was read, keyed by its front-matter
	// name ("title": "og:title"); a field that was not found is absent.
	Found map[string]string
}

// Document is a converted file: its metadata and the kept text.
type Document struct {
	Meta Meta
	Body string // the kept text, see the package documentation
}

func (m *Meta) found(field, from string) {
	if m.Found == nil {
		m.Found = map[string]string{}
	}
	m.Found[field] = from
}

// frontMatter is the YAML written above the body, in this field order.
type frontMatter struct {
	Title     string   `yaml:"title,omitempty"`
	Company   string   `yaml:"company,omitempty"`
	Tickers   []string `yaml:"tickers,omitempty,flow"`
	Publisher string   `yaml:"publisher,omitempty"`
	Published string   `yaml:"published,omitempty"`
	URL       string   `yaml:"url,omitempty"`
}

// Markdown returns the document as internal/corpus reads it: YAML front
// matter with the fields of Meta that are known (title, company, tickers,
// publisher, published as YYYY-MM-DD, url), then the body.
func (d Document) Markdown() string {
	fm := frontMatter{
		Title:     d.Meta.Title,
		Company:   d.Meta.Company,
		Tickers:   d.Meta.Tickers,
		Publisher: d.Meta.Publisher,
		URL:       d.Meta.URL,
	}
	if !d.Meta.Published.IsZero() {
		fm.Published = d.Meta.Published.Format(time.DateOnly)
	}
	y, err := yaml.Marshal(fm)
	if err != nil { // strings and a string slice always marshal
		y = nil
	}
	var b strings.Builder
	b.WriteString("---\n")
	b.Write(y)
	b.WriteString("---\n")
	b.WriteString(d.Body)
	return b.String()
}

// PageMarker returns the marker line that starts page n of a PDF's text,
// without its newline: "--- page 4 ---".
func PageMarker(n int) string { return "--- page " + strconv.Itoa(n) + " ---" }

var pageMarker = regexp.MustCompile(`(?m)^--- page (\d{1,6}) ---$`)

// PageAt returns the number of the PDF page that holds byte offset off of
// text (kept text, with or without front matter): the page of the last
// marker line before off. It is 0 when no marker precedes off (text not
// from a PDF).
func PageAt(text string, off int) int {
	if off > len(text) {
		off = len(text)
	}
	if off < 0 {
		return 0
	}
	n := 0
	for _, p := range Pages(text[:off]) {
		n = p.N
	}
	return n
}

// Page is where a page of a PDF's kept text begins: its marker line
// (PageMarker) at text[Start:End], without the newline.
type Page struct {
	N          int // the page number the marker gives, from 1
	Start, End int
}

// Pages returns the page marker lines of text (kept text, with or without
// front matter), in order; nil when it has none (text not from a PDF). It
// reads text once, so a caller that needs the page of many offsets calls
// it once rather than PageAt for each.
func Pages(text string) []Page {
	ms := pageMarker.FindAllStringSubmatchIndex(text, -1)
	if len(ms) == 0 {
		return nil
	}
	out := make([]Page, 0, len(ms))
	for _, m := range ms {
		n, _ := strconv.Atoi(text[m[2]:m[3]]) // at most six digits
		out = append(out, Page{N: n, Start: m[0], End: m[1]})
	}
	return out
}

// clean makes s safe kept text: valid UTF-8, no control characters but
// newline and tab, no zero-width or soft-hyphen characters, and every other
// kind of space a plain space.
func clean(s string) string {
	ok := true
	for _, r := range s {
		if r == utf8.RuneError || r == '\r' || (r < 0x20 && r != '\n' && r != '\t') || r >= 0x7f && dropRune(r) {
			ok = false
			break
		}
		if r >= 0x80 && unicode.IsSpace(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\r':
			b.WriteByte('\n')
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x20, r == utf8.RuneError, dropRune(r):
		case r >= 0x80 && unicode.IsSpace(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// dropRune reports characters a reader does not see: C1 controls,
// zero-width characters, soft hyphens, byte order marks and specials.
// Private-use characters are kept (bullets of symbol fonts).
func dropRune(r rune) bool {
	switch {
	case r >= 0x7f && r < 0xa0:
		return true
	case r == 0xad, r == 0x200b, r == 0x200c, r == 0x200d, r == 0x2060, r == 0xfeff:
		return true
	case r >= 0xfff0 && r <= 0xffff && r != 0xfffd:
		return true
	}
	return false
}

// dateOf reads the calendar date at the start of a machine-readable
// timestamp ("2025-10-23T08:00:00-04:00", "2025-10-23", "20251023"), as
// written, at midnight UTC.
func dateOf(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	m := isoDate.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, false
	}
	t, err := time.Parse("2006-01-02", m[1]+"-"+m[2]+"-"+m[3])
	if err != nil || t.Year() < 1900 || t.Year() > 2200 {
		return time.Time{}, false
	}
	return t, true
}

var isoDate = regexp.MustCompile(`^(?:D:)?(\d{4})-?(\d{2})-?(\d{2})(?:$|[T\s\d+Z'-])`)

func errorf(sentinel error, format string, args ...any) error {
	return fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))
}
