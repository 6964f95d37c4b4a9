package convert

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
)

// Limits on a PDF, so that hostile files cost bounded time and memory:
// every content stream is measured (decompressed, counted, thrown away)
// before it is read for text, and so are the fonts' character maps.
const (
	maxPages = 3000
	// maxPageContent is the most decompressed content a page may hold;
	// a dense page of text and tables holds well under 1 MiB.
	maxPageContent = 8 << 20
	// maxContent is the most decompressed content of all pages together.
	maxContent = 256 << 20
	// maxPageGlyphs is the most characters a page may show.
	maxPageGlyphs = 200_000
	// maxTreeDepth bounds the page tree.
	maxTreeDepth = 64
)

// PDF converts a PDF file: the text of each page in reading order (top to
// bottom, left to right), after a "--- page N ---" marker line. Lines
// whose glyphs sit far apart keep the distance as spaces aligned to a grid
// of the page's character width, so the columns of a table line up from
// row to row; runs of such lines form a block of their own. A line in a
// larger font than the body is a heading ("# "). A gap between lines wider
// than the usual leading starts a new paragraph. Running headers and
// footers (the same line, digits aside, at the top or bottom of most
// pages) and bare page numbers are left out.
//
// The title is the document information's Title (unless it is a file or
// program name), else the first heading; the published date is the
// CreationDate; the company comes from the lead (see LeadCompany).
//
// Text in form XObjects and annotations is not read; multi-column pages
// are read line by line across the columns.
//
// It returns ErrPDF for a file that cannot be read (malformed, encrypted),
// ErrTooLarge past the limits, and ErrNoText when no page holds text (a
// scan).
func PDF(b []byte) (d Document, err error) {
	if len(b) > MaxInput {
		return Document{}, errorf(ErrTooLarge, "%d bytes, the limit is %d", len(b), MaxInput)
	}
	defer func() {
		if r := recover(); r != nil {
			d, err = Document{}, errorf(ErrPDF, "%v", r)
			if e, ok := r.(error); ok && errors.Is(e, ErrTooLarge) {
				err = e // a limit, not a fault of the file
			}
		}
	}()
	if err := sizesSane(b); err != nil {
		return Document{}, err
	}
	if err := streamsSane(b); err != nil {
		return Document{}, err
	}
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		if errors.Is(err, pdf.ErrInvalidPassword) {
			return Document{}, errorf(ErrPDF, "encrypted")
		}
		return Document{}, errorf(ErrPDF, "%v", err)
	}
	pages, err := pageList(r)
	if err != nil {
		return Document{}, err
	}
	budget := int64(maxContent)
	var texts [][]line
	for i, p := range pages {
		if err := measure(p, &budget); err != nil {
			return Document{}, fmt.Errorf("page %d: %w", i+1, err)
		}
		texts = append(texts, pageLines(pageGlyphs(p)))
	}
	dropRunning(texts)
	body := layout(texts)
	if strings.TrimSpace(pageMarker.ReplaceAllString(body, "")) == "" {
		return Document{}, errorf(ErrNoText, "no page holds text (a scan?)")
	}
	d.Body = body
	info := r.Trailer().Key("Info")
	if t := clean(collapse(info.Key("Title").Text())); t != "" && !junkTitle(t) {
		d.Meta.Title = t
		d.Meta.found("title", "the PDF's Title")
	} else if h := firstHeadingLine(body); h != "" {
		d.Meta.Title = h
		d.Meta.found("title", "the first heading")
	}
	if t, ok := dateline(body); ok {
		d.Meta.Published = t
		d.Meta.found("published", "the dateline")
	} else if t, ok := dateOf(info.Key("CreationDate").Text()); ok {
		d.Meta.Published = t
		d.Meta.found("published", "the PDF's CreationDate")
	}
	d.Meta.Company, d.Meta.Tickers = leadOf(&d.Meta, body)
	return d, nil
}

// Numbers in a PDF that the library allocates by: cross-reference sizes
// and positions, field widths, predictor columns.
var (
	sizeKey     = regexp.MustCompile(`/Size\s+(\d+)`)
	xrefSection = regexp.MustCompile(`(?m)^[ \t]*(\d+)[ \t]+(\d+)[ \t]*\r?$`)
	indexKey    = regexp.MustCompile(`/Index\s*\[([\d\s]*)\]`)
	widthsKey   = regexp.MustCompile(`/W\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s*\]`)
	columnsKey  = regexp.MustCompile(`/Columns\s+(\d+)(\s+\d+\s+R)?`)
	objStmKey   = regexp.MustCompile(`/(N|First)\s+(\d+)(\s+\d+\s+R)?`)
	extendsKey  = regexp.MustCompile(`/Extends\b`)
	streamKey   = regexp.MustCompile(`stream\r?\n`)
)

// maxStream is the most any one compressed stream (other than an image)
// may inflate to.
const maxStream = 32 << 20

// streamsSane inflates every compressed stream of the file that is not an
// image, once, refusing a file where one inflates past maxStream or all
// together past maxContent: the library inflates object streams again for
// every object it reads from them, so a bomb there would cost unbounded
// time.
func streamsSane(b []byte) error {
	budget := int64(maxContent)
	for _, loc := range streamKey.FindAllIndex(b, 100000) {
		s := loc[0]
		if s >= 3 && string(b[s-3:s]) == "end" {
			continue
		}
		head := b[max(0, s-4096):s]
		if i := bytes.LastIndex(head, []byte(" obj")); i >= 0 {
			head = head[i:]
		}
		if !bytes.Contains(head, []byte("/FlateDecode")) || bytes.Contains(head, []byte("/Image")) {
			continue
		}
		zr, err := zlib.NewReader(bytes.NewReader(b[loc[1]:]))
		if err != nil {
			continue // the library says so if the stream is ever read
		}
		n, _ := io.Copy(io.Discard, io.LimitReader(zr, maxStream+1))
		if n > maxStream {
			return errorf(ErrTooLarge, "a stream inflates past %d bytes", maxStream)
		}
		if budget -= n; budget < 0 {
			return errorf(ErrTooLarge, "the streams inflate past %d bytes in all", maxContent)
		}
	}
	return nil
}

// sizesSane refuses a file whose cross-reference sizes, positions or
// field widths, or predictor columns, would make the library allocate far
// more than the file could describe (a few bytes of "/Size 900000000" ask
// for gigabytes). It also refuses object streams that extend others: the
// library follows a cycle of them for ever, and real files rarely use them.
func sizesSane(b []byte) error {
	if extendsKey.Match(b) {
		return errorf(ErrPDF, "object streams that extend others are not read")
	}
	maxObjects := int64(len(b)/4 + 10000)
	tooBig := func(s string, limit int64) bool {
		n, err := strconv.ParseInt(s, 10, 64)
		return err != nil || n > limit
	}
	for _, m := range sizeKey.FindAllSubmatch(b, 1000) {
		if tooBig(string(m[1]), maxObjects) {
			return errorf(ErrPDF, "cross-reference size %s for a file of %d bytes", m[1], len(b))
		}
	}
	for _, m := range xrefSection.FindAllSubmatch(b, 100000) {
		start, _ := strconv.ParseInt(string(m[1]), 10, 64)
		n, _ := strconv.ParseInt(string(m[2]), 10, 64)
		if tooBig(string(m[1]), maxObjects) || tooBig(string(m[2]), maxObjects) || start+n > maxObjects {
			return errorf(ErrPDF, "cross-reference section %s %s for a file of %d bytes", m[1], m[2], len(b))
		}
	}
	for _, m := range indexKey.FindAllSubmatch(b, 1000) {
		for _, f := range strings.Fields(string(m[1])) {
			if tooBig(f, maxObjects) {
				return errorf(ErrPDF, "cross-reference index %s for a file of %d bytes", f, len(b))
			}
		}
	}
	for _, m := range widthsKey.FindAllSubmatch(b, 1000) {
		for _, f := range m[1:] {
			if tooBig(string(f), 8) {
				return errorf(ErrPDF, "cross-reference field width %s", f)
			}
		}
	}
	for _, m := range objStmKey.FindAllSubmatch(b, 100000) {
		if len(m[3]) > 0 || tooBig(string(m[2]), maxObjects) {
			return errorf(ErrPDF, "/%s %s%s", m[1], m[2], m[3])
		}
	}
	for _, m := range columnsKey.FindAllSubmatch(b, 1000) {
		if len(m[2]) > 0 || tooBig(string(m[1]), 1<<16) {
			return errorf(ErrPDF, "predictor columns %s%s", m[1], m[2])
		}
	}
	return nil
}

// pageList walks the page tree, refusing cycles and trees deeper than
// maxTreeDepth or with more than maxPages pages.
func pageList(r *pdf.Reader) ([]pdf.Page, error) {
	var pages []pdf.Page
	seen := map[string]bool{}
	var walk func(v pdf.Value, depth int) error
	walk = func(v pdf.Value, depth int) error {
		if depth > maxTreeDepth {
			return errorf(ErrPDF, "page tree deeper than %d", maxTreeDepth)
		}
		kids := v.Key("Kids")
		for i := 0; i < kids.Len(); i++ {
			k := kids.Index(i)
			id := k.String()
			if k.Kind() != pdf.Dict || seen[id] && k.Key("Type").Name() == "Pages" {
				continue
			}
			seen[id] = true
			switch k.Key("Type").Name() {
			case "Pages":
				if err := walk(k, depth+1); err != nil {
					return err
				}
			default: // a Page (or a leaf without its Type)
				if len(pages) >= maxPages {
					return errorf(ErrTooLarge, "more than %d pages", maxPages)
				}
				pages = append(pages, pdf.Page{V: k})
			}
		}
		return nil
	}
	root := r.Trailer().Key("Root").Key("Pages")
	if root.Kind() != pdf.Dict {
		return nil, errorf(ErrPDF, "no page tree")
	}
	if err := walk(root, 0); err != nil {
		return nil, err
	}
	return pages, nil
}

// measure decompresses a page's content streams and its fonts' character
// maps, counting bytes against the limits, before the page is read for
// text.
func measure(p pdf.Page, budget *int64) error {
	contents := p.V.Key("Contents")
	var streams []pdf.Value
	if contents.Kind() == pdf.Array {
		for i := 0; i < contents.Len() && i < 1000; i++ {
			streams = append(streams, contents.Index(i))
		}
	} else {
		streams = append(streams, contents)
	}
	fonts := p.Resources().Key("Font")
	for _, name := range fonts.Keys() {
		if u := fonts.Key(name).Key("ToUnicode"); u.Kind() == pdf.Stream {
			streams = append(streams, u)
		}
	}
	var page int64
	for _, s := range streams {
		if s.Kind() != pdf.Stream {
			continue
		}
		rd := s.Reader()
		n, _ := io.Copy(io.Discard, io.LimitReader(rd, maxPageContent-page+1))
		rd.Close()
		page += n
		if page > maxPageContent {
			return errorf(ErrTooLarge, "more than %d bytes of content", maxPageContent)
		}
	}
	if *budget -= page; *budget < 0 {
		return errorf(ErrTooLarge, "more than %d bytes of content in all", maxContent)
	}
	return nil
}

// junkTitle reports a Title that names a file or the program that made it.
func junkTitle(t string) bool {
	l := strings.ToLower(t)
	for _, s := range []string{".doc", ".pdf", ".xls", ".ppt", ".htm", ".indd", "microsoft word", "untitled", "powerpoint presentation"} {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}

func firstHeadingLine(body string) string {
	for l := range strings.Lines(body) {
		if h, ok := strings.CutPrefix(strings.TrimSpace(l), "# "); ok {
			return strings.TrimSpace(h)
		}
	}
	for l := range strings.Lines(body) {
		if l = strings.TrimSpace(l); l != "" && !pageMarker.MatchString(l) {
			return collapse(l)
		}
	}
	return ""
}

// glyph is a character placed on the page.
type glyph struct {
	x, y, w, size float64
	s             string
}

// line is a line of text on a page: its glyphs left to right.
type line struct {
	y, size float64 // baseline and the largest font size
	glyphs  []glyph
	text    string // laid out by layout
	columns bool   // has a gap of a table column
	heading int    // 1 or 2 for a heading line, else 0
}

// pageLines groups a page's characters into lines, top to bottom.
func pageLines(in []glyph) []line {
	var gs []glyph
	for _, g := range in {
		g.s = ligatures.Replace(clean(g.s))
		if strings.TrimSpace(g.s) == "" && g.s != " " {
			continue
		}
		if bad(g.x) || bad(g.y) || bad(g.w) || bad(g.size) {
			continue
		}
		if g.size < 0.5 || g.size > 500 {
			g.size = 10
		}
		if g.w < 0 || g.w > 50*g.size {
			g.w = g.size / 2
		}
		gs = append(gs, g)
	}
	sort.SliceStable(gs, func(i, j int) bool { return gs[i].y > gs[j].y })
	var lines []line
	for _, g := range gs {
		if n := len(lines); n > 0 && lines[n-1].y-g.y <= 0.4*math.Max(lines[n-1].size, g.size) {
			lines[n-1].glyphs = append(lines[n-1].glyphs, g)
			lines[n-1].size = math.Max(lines[n-1].size, g.size)
			continue
		}
		lines = append(lines, line{y: g.y, size: g.size, glyphs: []glyph{g}})
	}
	for i := range lines {
		l := &lines[i]
		sort.SliceStable(l.glyphs, func(a, b int) bool { return l.glyphs[a].x < l.glyphs[b].x })
	}
	return lines
}

// ligatures are spelt out: a reader sees "profit", not "pro\ufb01t".
var ligatures = strings.NewReplacer("\ufb00", "ff", "\ufb01", "fi", "\ufb02", "fl", "\ufb03", "ffi", "\ufb04", "ffl", "\ufb05", "st", "\ufb06", "st")

func bad(f float64) bool { return math.IsNaN(f) || math.IsInf(f, 0) }

// dropRunning removes running headers and footers: a page's first or last
// line that recurs, digits aside, on at least three pages and half of
// them, and a first or last line that is only a page number.
func dropRunning(pages [][]line) {
	key := func(l line) string {
		var b strings.Builder
		for _, g := range l.glyphs {
			for _, r := range g.s {
				switch {
				case r >= '0' && r <= '9':
					b.WriteByte('#')
				case r != ' ':
					b.WriteRune(r)
				}
			}
		}
		return b.String()
	}
	count := map[string]int{}
	for _, ls := range pages {
		seen := map[string]bool{}
		for _, i := range edges(len(ls)) {
			if k := key(ls[i]); !seen[k] {
				seen[k] = true
				count[k]++
			}
		}
	}
	for pi, ls := range pages {
		drop := map[int]bool{}
		for _, i := range edges(len(ls)) {
			k := key(ls[i])
			if c := count[k]; c >= 3 && 2*c >= len(pages) || pageNumber.MatchString(k) {
				drop[i] = true
			}
		}
		kept := ls[:0]
		for i, l := range ls {
			if !drop[i] {
				kept = append(kept, l)
			}
		}
		pages[pi] = kept
	}
}

// edges are the indexes of a page's first and last lines.
func edges(n int) []int {
	switch {
	case n == 0:
		return nil
	case n == 1:
		return []int{0}
	}
	return []int{0, n - 1}
}

// layout writes the pages' lines as kept text (see PDF).
func layout(pages [][]line) string {
	// The body font size is the size most characters have.
	sizes := map[float64]int{}
	var widths []float64
	for _, ls := range pages {
		for _, l := range ls {
			for _, g := range l.glyphs {
				sizes[math.Round(g.size*2)/2] += utf8.RuneCountInString(g.s)
				if g.s != " " && g.w > 0 {
					widths = append(widths, g.w/float64(utf8.RuneCountInString(g.s)))
				}
			}
		}
	}
	body, most := 10.0, 0
	for s, n := range sizes {
		if n > most || n == most && s < body {
			body, most = s, n
		}
	}
	cw := body / 2 // the grid of columns: a typical character's width
	if len(widths) > 0 {
		sort.Float64s(widths)
		if m := widths[len(widths)/2]; m > body/5 && m < body {
			cw = m
		}
	}

	var out strings.Builder
	for pi, ls := range pages {
		out.WriteString(PageMarker(pi+1) + "\n\n")
		left := math.Inf(1)
		for _, l := range ls {
			left = math.Min(left, l.glyphs[0].x)
		}
		for i := range ls {
			lineText(&ls[i], left, cw)
			if s := ls[i].size; s >= 1.15*body && !ls[i].columns && len(ls[i].text) < 150 {
				ls[i].heading = 2
				if s >= 1.6*body {
					ls[i].heading = 1
				}
			}
		}
		for i := range ls { // prose keeps no indentation; table rows do
			if !ls[i].columns && (i == 0 || !ls[i-1].columns) && (i+1 == len(ls) || !ls[i+1].columns) {
				ls[i].text = strings.TrimLeft(ls[i].text, " ")
			}
		}
		for i := 0; i < len(ls); i++ {
			l := ls[i]
			if l.heading > 0 { // a heading, its wrapped lines joined
				t := strings.TrimSpace(l.text)
				for i+1 < len(ls) && ls[i+1].heading == l.heading && ls[i].y-ls[i+1].y < 2*l.size {
					i++
					t += " " + strings.TrimSpace(ls[i].text)
				}
				out.WriteString(strings.Repeat("#", l.heading) + " " + collapse(t) + "\n\n")
				continue
			}
			out.WriteString(l.text + "\n")
			if i+1 == len(ls) {
				out.WriteString("\n")
				break
			}
			next := ls[i+1]
			gap := l.y - next.y
			if next.heading > 0 || l.columns != next.columns || gap > 1.8*math.Max(l.size, body) || gap < 0 {
				out.WriteString("\n")
			}
		}
	}
	return strings.TrimRight(out.String(), "\n") + "\n"
}

// lineText lays out a line's glyphs: a small gap is a space, a gap of more
// than two characters moves to the glyph's column on the grid of width
// cw from the left margin (two spaces at least), and so does the first
// glyph of an indented line.
func lineText(l *line, left, cw float64) {
	var b strings.Builder
	n := 0 // runes written
	end := left
	bullet := false
	for i, g := range l.glyphs {
		if g.s == " " {
			continue // spaces are read from the gaps
		}
		if i > 0 {
			prev := l.glyphs[i-1]
			if prev.s == g.s && math.Abs(prev.x-g.x) < 0.1*g.size && prev.s != " " {
				continue // drawn twice for bold
			}
		}
		gap := g.x - end
		switch {
		case gap > 2*cw && !bullet:
			col := int(math.Round((g.x - left) / cw))
			pad := max(col-n, 2)
			if n == 0 {
				pad = max(col, 0)
			} else {
				l.columns = true
			}
			pad = min(pad, 200)
			b.WriteString(strings.Repeat(" ", pad))
			n += pad
		case n > 0 && (gap > 0.15*g.size || bullet || l.glyphs[i-1].s == " "):
			b.WriteByte(' ')
			n++
		}
		bullet = n == 0 && isBullet(g.s)
		s := g.s
		if bullet {
			s = "•"
		}
		b.WriteString(s)
		n += utf8.RuneCountInString(s)
		end = g.x + g.w
	}
	l.text = strings.TrimRight(b.String(), " ")
}

func isBullet(s string) bool {
	switch s {
	case "•", "\uf0b7", "\uf0a7", "▪", "●", "◦", "‣", "∙", "·":
		return true
	}
	return false
}

var pageNumber = regexp.MustCompile(`^(?i:page)?#+(?:(?i:of)#+)?$|^-#+-$`)
