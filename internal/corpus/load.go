package corpus

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/currency"

	"github.com/resultsbot/resultsbot/internal/convert"
	"github.com/resultsbot/resultsbot/internal/period"
)

// RegistryFile is the name of the company registry at the corpus root. It is
// data about companies, never a document.
const RegistryFile = "companies.yaml"

// Errors that Load reports. Per-file errors are *FileError values wrapping
// one of these (or the fs error that made the file unreadable), so callers
// can branch with errors.Is.
var (
	// ErrEmpty means no document loaded: the corpus is empty, or every
	// document in it failed.
	ErrEmpty = errors.New("corpus: no documents loaded")
	// ErrFrontMatter means a document's front matter does not parse (YAML
	// syntax, no closing "---") or one of its fields is invalid (published
	// date, period, fiscal year end).
	ErrFrontMatter = errors.New("front matter")
	// ErrNotText means a file is not UTF-8 text: it holds NUL bytes or
	// invalid UTF-8.
	ErrNotText = errors.New("not text")
	// ErrRegistry means companies.yaml does not parse or has an invalid
	// entry.
	ErrRegistry = errors.New("company registry")
)

// FileError is a problem with one file of the corpus. Path is relative to the
// corpus root; Err says what is wrong and wraps a sentinel above or the fs
// error (fs.ErrPermission, ...) that made the file unreadable.
//
// Error() reads "alibaba/x.md: front matter: yaml: line 3: ...".
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string { return e.Path + ": " + e.Err.Error() }

// Unwrap returns Err.
func (e *FileError) Unwrap() error { return e.Err }

// Load reads every document under fsys, recursively, and the company registry
// at its root (companies.yaml), and splits the documents into passages.
//
// Documents are files ending in .md or .txt (any case), with or without YAML
// front matter (see the package documentation for the format), and web
// pages (.html, .htm) and PDF files, which are converted first (see
// keptText and internal/convert): their Document.Raw is the converted text.
// Files and directories whose names begin with '.' or '_', and files named
// README*, are skipped silently; any other file is reported as a
// *FileError wrapping ErrUnsupported.
//
// Front matter is optional. When present the file starts with a "---" line
// and the YAML ends at the next "---" line; passages come only from the body
// after it:
//
//	---
//	title: A sharp acceleration in Alibaba Cloud growth
//	company: Alibaba Group Holding      # registry name, alias or ticker
//	tickers: [NYSE:BABA, HKEX:9988]     # default: the registry's
//	publisher: WebProNews
//	published: 2025-11-25               # YYYY-MM-DD, midnight UTC
//	url: https://...                    # optional
//	period: quarter ended 2025-09-30    # period.Parse form
//	fiscal_year_end: "03-31"            # optional; default: the registry's
//	---
//
// Without front matter (or where it is silent), the title is the first
// non-empty line, the company is the registry company named most often in
// the text, the published date comes from a leading YYYY-MM-DD in the file
// name, and the period is unknown. A company found in the registry is
// recorded under its registry name.
//
// Passages are headings, and the sentences of paragraphs and list items;
// boilerplate (comment forms and all after them, ad, promo and footer lines,
// fragments cut by truncation markers) yields none.
//
// Load never stops at a bad file: each problem is reported in errs as a
// *FileError naming the file (wrapping ErrFrontMatter, ErrNotText,
// ErrRegistry, ErrUnsupported, a convert error such as convert.ErrPDF, or
// the fs error for an unreadable file or directory), and the
// other documents still load. A registry that does not parse leaves the
// registry empty (companies named in front matter are still listed). When no
// document loads at all, errs ends with ErrEmpty.
//
// The returned Corpus is never nil. It is not modified after Load returns
// and is safe for concurrent use by multiple goroutines, as long as callers
// do not modify it either.
//
// Load is LoadContext with no cancellation and the default Options.
func Load(fsys fs.FS) (c *Corpus, errs []error) {
	return LoadContext(context.Background(), fsys, Options{})
}

// LoadContext is Load, stopping when ctx is done (errs then ends with
// ctx's error) and reading files as opt says. Files are opened only when
// they are regular files of at most opt.MaxFileSize bytes reached without
// a symbolic link leading out of fsys; others are reported (ErrNotRegular,
// ErrTooLarge, ErrOutside). A document whose text is that of one loaded
// before it is reported as ErrDuplicate and not loaded again.
func LoadContext(ctx context.Context, fsys fs.FS, opt Options) (c *Corpus, errs []error) {
	c = &Corpus{}
	files := map[string][]byte{} // every file read, for Hash

	if b, err := readFile(ctx, fsys, RegistryFile, opt.maxFileSize(RegistryFile)); err == nil {
		files[RegistryFile] = b
		companies, err := parseRegistry(b)
		if err != nil {
			errs = append(errs, &FileError{Path: RegistryFile, Err: err})
		}
		c.Companies = companies
	} else if !errors.Is(err, fs.ErrNotExist) {
		errs = append(errs, &FileError{Path: RegistryFile, Err: err})
	}

	var paths []string
	walkErr := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			errs = append(errs, &FileError{Path: p, Err: unwrapPath(err)})
			if d != nil && d.IsDir() && p != "." {
				return fs.SkipDir
			}
			return nil
		}
		name := d.Name()
		if p != "." && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || p == RegistryFile || strings.HasPrefix(strings.ToUpper(name), "README") {
			return nil
		}
		if !isDocumentName(name) {
			errs = append(errs, &FileError{Path: p, Err: unsupported(name)})
			return nil
		}
		paths = append(paths, p)
		return nil
	})
	if walkErr != nil && ctx.Err() == nil {
		errs = append(errs, &FileError{Path: ".", Err: walkErr})
	}
	sort.Strings(paths)

	registry := NewNames(c.Companies)
	byContent := map[[32]byte]string{}
	opt.Progress.StartFiles(len(paths))
	for i, p := range paths {
		opt.Progress.FilesDone(i)
		if ctx.Err() != nil {
			break
		}
		raw, err := readFile(ctx, fsys, p, opt.maxFileSize(p))
		if err != nil {
			if ctx.Err() == nil {
				errs = append(errs, &FileError{Path: p, Err: err})
			}
			continue
		}
		files[p] = raw
		if raw, err = keptText(p, raw, c.Companies); err != nil {
			errs = append(errs, &FileError{Path: p, Err: err})
			continue
		}
		key := contentKey(string(raw))
		if first, dup := byContent[key]; dup {
			errs = append(errs, &FileError{Path: p, Err: fmt.Errorf("%w: same text as %s, counted once", ErrDuplicate, first)})
			continue
		}
		doc, err := parseDocument(p, raw, c.Companies, registry)
		if err != nil {
			errs = append(errs, &FileError{Path: p, Err: err})
			continue
		}
		byContent[key] = p
		c.Docs = append(c.Docs, doc)
	}
	if err := ctx.Err(); err != nil {
		return c, append(errs, fmt.Errorf("corpus: loading stopped: %w", err))
	}
	opt.Progress.FilesDone(len(paths))

	// Companies named in front matter but missing from the registry.
	for _, d := range c.Docs {
		if d.Meta.Company == "" {
			continue
		}
		if _, ok := registry.Lookup(d.Meta.Company); ok {
			continue
		}
		co := Company{Name: d.Meta.Company, Short: ShortName(d.Meta.Company), Tickers: d.Meta.Tickers}
		if d.Meta.FiscalYearEnd != (period.FiscalYearEnd{}) {
			co.FiscalYearEnd = d.Meta.FiscalYearEnd.String()
		}
		c.Companies = append(c.Companies, co)
		registry.add(co)
	}
	c.names = registry

	c.Hash = hashFiles(files)
	if len(c.Docs) == 0 {
		errs = append(errs, ErrEmpty)
	}
	return c, errs
}

// unwrapPath drops the path from an *fs.PathError, which FileError already
// names: "secret.md: read: permission denied".
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}

// isDocumentName reports whether a file name is a document Load reads.
func isDocumentName(name string) bool {
	if strings.HasPrefix(strings.ToUpper(name), "README") {
		return false
	}
	ext := strings.ToLower(path.Ext(name))
	_, converted := converters[ext]
	return ext == ".md" || ext == ".txt" || converted
}

// hashFiles is sha256 over the files sorted by path, each as its
// length-prefixed path and length-prefixed content, in hex.
func hashFiles(files map[string][]byte) string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	h := sha256.New()
	var n [8]byte
	for _, name := range names {
		binary.BigEndian.PutUint64(n[:], uint64(len(name)))
		h.Write(n[:])
		h.Write([]byte(name))
		binary.BigEndian.PutUint64(n[:], uint64(len(files[name])))
		h.Write(n[:])
		h.Write(files[name])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// parseRegistry decodes companies.yaml: a YAML sequence of Company. An entry
// with an invalid fiscal_year_end or no name is reported but the rest are
// kept.
func parseRegistry(b []byte) ([]Company, error) {
	var companies []Company
	if err := yaml.Unmarshal(b, &companies); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrRegistry, err)
	}
	var errs []error
	kept := companies[:0]
	for i, co := range companies {
		if strings.TrimSpace(co.Name) == "" {
			errs = append(errs, fmt.Errorf("%w: entry %d has no name", ErrRegistry, i+1))
			continue
		}
		if _, err := period.ParseFiscalYearEnd(co.FiscalYearEnd); err != nil {
			errs = append(errs, fmt.Errorf("%w: %s: %v", ErrRegistry, co.Name, err))
			co.FiscalYearEnd = ""
		}
		if strings.TrimSpace(co.Short) == "" {
			co.Short = ShortName(co.Name)
		}
		kept = append(kept, co)
	}
	return kept, errors.Join(errs...)
}

// frontMatter is the YAML header of a document.
type frontMatter struct {
	Title         string   `yaml:"title"`
	Company       string   `yaml:"company"`
	Tickers       []string `yaml:"tickers"`
	Publisher     string   `yaml:"publisher"`
	Published     string   `yaml:"published"`
	URL           string   `yaml:"url"`
	Period        string   `yaml:"period"`
	FiscalYearEnd string   `yaml:"fiscal_year_end"`
	Currency      string   `yaml:"currency"`
}

var leadingDate = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})`)

// parseDocument turns one file into a Document, given the registry.
func parseDocument(p string, raw []byte, registry []Company, names *Names) (*Document, error) {
	if err := checkText(raw); err != nil {
		return nil, err
	}
	doc := &Document{Path: p, Raw: string(raw)}
	yamlText, bodyStart, hasFM, err := splitFrontMatter(doc.Raw)
	if err != nil {
		return nil, err
	}
	var fm frontMatter
	m := &doc.Meta
	if hasFM {
		if err := yaml.Unmarshal([]byte(yamlText), &fm); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrFrontMatter, err)
		}
		m.Title = strings.TrimSpace(fm.Title)
		m.Company = strings.TrimSpace(fm.Company)
		m.Tickers = fm.Tickers
		m.Publisher = strings.TrimSpace(fm.Publisher)
		m.URL = strings.TrimSpace(fm.URL)
		if c := strings.TrimSpace(fm.Currency); c != "" {
			unit, err := currency.ParseISO(c)
			if err != nil {
				return nil, fmt.Errorf("%w: currency: %q is not an ISO 4217 code such as JPY", ErrFrontMatter, fm.Currency)
			}
			m.Currency = unit.String()
		}
		if s := strings.TrimSpace(fm.Published); s != "" {
			t, err := time.Parse(time.DateOnly, s)
			if err != nil {
				return nil, fmt.Errorf("%w: published: %q is not a YYYY-MM-DD date", ErrFrontMatter, s)
			}
			m.Published = t
		}
		if m.Period, err = period.Parse(fm.Period); err != nil {
			return nil, fmt.Errorf("%w: period: %v", ErrFrontMatter, err)
		}
		if m.FiscalYearEnd, err = period.ParseFiscalYearEnd(fm.FiscalYearEnd); err != nil {
			return nil, fmt.Errorf("%w: fiscal_year_end: %v", ErrFrontMatter, err)
		}
	}
	body := doc.Raw[bodyStart:]
	if m.Title == "" {
		m.Title = firstLine(body)
	}
	if m.Published.IsZero() {
		if d := leadingDate.FindString(path.Base(p)); d != "" {
			if t, err := time.Parse(time.DateOnly, d); err == nil {
				m.Published = t
			}
		}
	}
	var co Company
	var known bool
	if m.Company != "" {
		co, known = names.Lookup(m.Company)
	} else if co, known = names.Detect(body); known {
		m.Company = co.Name
	}
	if known {
		m.Company = co.Name // canonical name for an alias
		if len(m.Tickers) == 0 {
			m.Tickers = co.Tickers
		}
		if strings.TrimSpace(fm.FiscalYearEnd) == "" {
			m.FiscalYearEnd, _ = period.ParseFiscalYearEnd(co.FiscalYearEnd) // validated by parseRegistry
		}
	}
	blocks, spans := split(doc.Raw, bodyStart)
	doc.Blocks = blocks
	doc.Pages = convert.Pages(body)
	for i := range doc.Pages {
		doc.Pages[i].Start += bodyStart
		doc.Pages[i].End += bodyStart
	}
	page := 0 // index into doc.Pages of the next marker
	for i, s := range spans {
		for page < len(doc.Pages) && doc.Pages[page].End <= s.start {
			page++
		}
		n := 0
		if page > 0 {
			n = doc.Pages[page-1].N
		}
		doc.Passages = append(doc.Passages, Passage{
			ID:      fmt.Sprintf("%s#%d", p, i),
			Doc:     p,
			Seq:     i,
			Start:   s.start,
			End:     s.end,
			Text:    doc.Raw[s.start:s.end],
			Heading: s.heading,
			Kind:    blocks[s.block].Kind,
			Block:   s.block,
			Section: blocks[s.block].Section,
			Page:    n,
			Meta:    m,
		})
	}
	return doc, nil
}

// checkText reports ErrNotText for content with NUL bytes or invalid UTF-8.
func checkText(b []byte) error {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return fmt.Errorf("%w: NUL byte at offset %d (binary file?)", ErrNotText, i)
	}
	if !utf8.Valid(b) {
		i := 0
		for i < len(b) {
			r, n := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			i += n
		}
		return fmt.Errorf("%w: invalid UTF-8 at offset %d", ErrNotText, i)
	}
	return nil
}

// splitFrontMatter finds the YAML front matter: the file (after an optional
// UTF-8 byte order mark) starts with a "---" line and the front matter ends
// at the next "---" (or "...") line. bodyStart is the offset of the first byte
// after the closing line. A file without front matter has bodyStart at 0 (or
// after the byte order mark).
func splitFrontMatter(raw string) (yamlText string, bodyStart int, ok bool, err error) {
	start := 0
	if strings.HasPrefix(raw, "\uFEFF") {
		start = len("\uFEFF")
	}
	first, rest, found := strings.Cut(raw[start:], "\n")
	if strings.TrimRight(first, " \t\r") != "---" || !found {
		return "", start, false, nil
	}
	off := start + len(first) + 1
	for rest != "" {
		line, next, found := strings.Cut(rest, "\n")
		if t := strings.TrimRight(line, " \t\r"); t == "---" || t == "..." {
			yamlText = raw[start+len(first)+1 : off]
			end := off + len(line)
			if found {
				end++
			}
			return yamlText, end, true, nil
		}
		off += len(line)
		if found {
			off++
		}
		rest = next
	}
	return "", 0, false, fmt.Errorf("%w: no closing --- line", ErrFrontMatter)
}

// firstLine returns the first non-empty line of text, without leading '#'
// marks and surrounding space.
func firstLine(text string) string {
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "#"))
		if line != "" {
			return line
		}
	}
	return ""
}
