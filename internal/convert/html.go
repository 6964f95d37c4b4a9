package convert

import (
	"bytes"
	"encoding/json"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/itlightning/dateparse"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// Limits on HTML, so that hostile markup costs bounded time and memory.
const (
	// maxDepth is how deep the renderer descends; deeper content is
	// dropped (no real page nests 200 elements).
	maxDepth = 200
	// maxReadabilityElems is the most elements readability scores; a
	// larger page is rendered from its <main>, <article> or <body>.
	maxReadabilityElems = 50000
	// maxJSONLD is the largest JSON-LD script read for metadata.
	maxJSONLD = 1 << 20
	// maxColspan caps a cell's colspan.
	maxColspan = 20
)

// HTML converts a web page. contentType is the Content-Type it came with
// ("" for a file: the encoding is then read from a byte order mark or a
// <meta charset>, and UTF-8 or Windows-1252 is assumed). pageURL, when not
// empty, resolves relative canonical links and is the URL when the page
// names none.
//
// The article is found with readability (Mozilla's algorithm), after
// dropping navigation, scripts, styles, forms, cookie banners, share bars,
// headers, footers and asides; when readability finds nothing, the page's
// <main>, <article> or <body> is kept with the same elements dropped. The
// title comes from og:title, JSON-LD headline, <title> or the first <h1>;
// the date from article:published_time, JSON-LD datePublished, a <time
// datetime>, a date meta tag or the dateline; the publisher from og:site_name or JSON-LD
// publisher; the URL from <link rel=canonical>, og:url or pageURL; the
// company from the lead (see LeadCompany).
//
// It returns ErrTooLarge for input over MaxHTML, ErrHTML for markup the
// parser refuses and ErrNoText for a page with no text.
func HTML(b []byte, contentType, pageURL string) (Document, error) {
	if len(b) > MaxHTML {
		return Document{}, errorf(ErrTooLarge, "%d bytes, the limit is %d", len(b), MaxHTML)
	}
	if enc, name, _ := charset.DetermineEncoding(b, contentType); name != "utf-8" {
		if u, err := enc.NewDecoder().Bytes(b); err == nil {
			b = u
		}
	}
	base, _ := url.Parse(pageURL)
	if base != nil && !base.IsAbs() {
		base = nil
	}
	root, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		return Document{}, errorf(ErrHTML, "%v", err)
	}
	d := Document{Meta: pageMeta(root, base)}
	prune(root, 0)

	var body string
	p := readability.NewParser()
	p.MaxElemsToParse = maxReadabilityElems
	if art, err := p.ParseDocument(root, base); err == nil && art.Node != nil {
		if d.Meta.Title == "" && strings.TrimSpace(art.Title()) != "" {
			d.Meta.Title = clean(collapse(art.Title()))
			d.Meta.found("title", "<title>, as readability reads it")
		}
		body = render(art.Node)
	}
	if strings.TrimSpace(body) == "" {
		// readability changed the tree: parse again for the fallback.
		root, _ = html.Parse(bytes.NewReader(b))
		prune(root, 0)
		body = render(mainContent(root))
	}
	if strings.TrimSpace(body) == "" {
		return Document{}, errorf(ErrNoText, "the page has no text")
	}
	if d.Meta.Title == "" {
		if h := firstHeading(body); h != "" {
			d.Meta.Title = h
			d.Meta.found("title", "first heading")
		}
	}
	if t := d.Meta.Title; t != "" && firstHeading(body) != t {
		body = "# " + t + "\n\n" + body
	}
	d.Body = body
	if d.Meta.Published.IsZero() {
		if t, ok := dateline(body); ok {
			d.Meta.Published = t
			d.Meta.found("published", "the dateline")
		}
	}
	d.Meta.Company, d.Meta.Tickers = leadOf(&d.Meta, body)
	return d, nil
}

// pageMeta reads the page's metadata from <head> and JSON-LD.
func pageMeta(root *html.Node, base *url.URL) Meta {
	var m Meta
	metas := map[string]string{} // meta property or name, lower case -> first content
	var title, h1, timeAttr, canonical string
	var ld []map[string]any
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if depth > maxDepth {
			return
		}
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Meta:
				k := strings.ToLower(attr(n, "property"))
				if k == "" {
					k = strings.ToLower(attr(n, "name"))
				}
				if k == "" {
					k = strings.ToLower(attr(n, "itemprop"))
				}
				if _, seen := metas[k]; k != "" && !seen {
					metas[k] = attr(n, "content")
				}
			case atom.Link:
				if canonical == "" && hasToken(attr(n, "rel"), "canonical") {
					canonical = attr(n, "href")
				}
			case atom.Title:
				if title == "" {
					title = textOf(n)
				}
			case atom.H1:
				if h1 == "" {
					h1 = textOf(n)
				}
			case atom.Time:
				if timeAttr == "" {
					timeAttr = attr(n, "datetime")
				}
			case atom.Script:
				if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") {
					if s := textOf(n); len(s) <= maxJSONLD {
						ld = append(ld, jsonLD(s)...)
					}
				}
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(root, 0)

	first := func(field string, cands ...[2]string) string {
		for _, c := range cands {
			if v := clean(collapse(c[1])); v != "" {
				m.found(field, c[0])
				return v
			}
		}
		return ""
	}
	m.Title = first("title",
		[2]string{"og:title", metas["og:title"]},
		[2]string{"JSON-LD headline", ldString(ld, "headline")},
		[2]string{"<title>", title},
		[2]string{"<h1>", h1})
	m.Publisher = first("publisher",
		[2]string{"og:site_name", metas["og:site_name"]},
		[2]string{"JSON-LD publisher", ldString(ld, "publisher")})
	for _, c := range [][2]string{
		{"article:published_time", metas["article:published_time"]},
		{"JSON-LD datePublished", ldString(ld, "datePublished")},
		{"<time datetime>", timeAttr},
		{"meta date", firstOf(metas, "date", "dc.date", "dc.date.issued", "dcterms.date", "pubdate", "publishdate", "publish-date", "publication_date", "article.published", "datepublished", "sailthru.date", "parsely-pub-date")},
	} {
		if t, ok := parseDate(c[1]); ok {
			m.Published = t
			m.found("published", c[0])
			break
		}
	}
	for _, c := range [][2]string{{"<link rel=canonical>", canonical}, {"og:url", metas["og:url"]}} {
		if u := absURL(base, c[1]); u != "" {
			m.URL = u
			m.found("url", c[0])
			break
		}
	}
	if m.URL == "" && base != nil {
		m.URL = base.String()
		m.found("url", "the address it was fetched from")
	}
	return m
}

func firstOf(m map[string]string, keys ...string) string {
	for _, k := range keys {
		if v := strings.TrimSpace(m[k]); v != "" {
			return v
		}
	}
	return ""
}

// parseDate reads a published date: ISO 8601 first, then the formats
// dateparse knows ("Oct 23, 2025"). The date is the one written, at
// midnight UTC.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return time.Time{}, false
	}
	if t, ok := dateOf(s); ok {
		return t, true
	}
	t, err := dateparse.ParseAny(s)
	if err != nil || t.Year() < 1900 || t.Year() > 2200 {
		return time.Time{}, false
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), true
}

// absURL resolves href against base; only http and https URLs count.
func absURL(base *url.URL, href string) string {
	href = strings.TrimSpace(href)
	if href == "" {
		return ""
	}
	u, err := url.Parse(href)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return ""
	}
	return u.String()
}

// jsonLD decodes a JSON-LD script into its objects, flattening arrays and
// @graph.
func jsonLD(s string) []map[string]any {
	var v any
	if json.Unmarshal([]byte(s), &v) != nil {
		return nil
	}
	var out []map[string]any
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		if depth > 4 {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				walk(e, depth+1)
			}
		case map[string]any:
			out = append(out, x)
			if g, ok := x["@graph"]; ok {
				walk(g, depth+1)
			}
		}
	}
	walk(v, 0)
	return out
}

// ldString returns the first string value of key in the JSON-LD objects;
// for an object value (a publisher) its "name".
func ldString(objs []map[string]any, key string) string {
	for _, o := range objs {
		switch v := o[key].(type) {
		case string:
			if strings.TrimSpace(v) != "" {
				return v
			}
		case map[string]any:
			if n, ok := v["name"].(string); ok && strings.TrimSpace(n) != "" {
				return n
			}
		}
	}
	return ""
}

// mainContent is the fallback article: the first <main>, else the first
// <article>, else <body>, else the whole tree.
func mainContent(root *html.Node) *html.Node {
	for _, a := range []atom.Atom{atom.Main, atom.Article, atom.Body} {
		if n := find(root, a, 0); n != nil {
			return n
		}
	}
	return root
}

func find(n *html.Node, a atom.Atom, depth int) *html.Node {
	if depth > maxDepth {
		return nil
	}
	if n.Type == html.ElementNode && n.DataAtom == a {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, a, depth+1); f != nil {
			return f
		}
	}
	return nil
}

// Page furniture: what prune drops.
var (
	// dropTags are elements that are never article text.
	dropTags = map[atom.Atom]bool{
		atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
		atom.Nav: true, atom.Form: true, atom.Button: true, atom.Input: true, atom.Select: true,
		atom.Textarea: true, atom.Iframe: true, atom.Svg: true, atom.Canvas: true, atom.Video: true,
		atom.Audio: true, atom.Object: true, atom.Embed: true, atom.Aside: true, atom.Footer: true,
		atom.Img: true, atom.Picture: true, atom.Map: true, atom.Dialog: true, atom.Menu: true,
		atom.Head: true, atom.Math: true,
	}
	// dropRoles are ARIA landmark roles of page furniture.
	dropRoles = map[string]bool{
		"navigation": true, "banner": true, "contentinfo": true, "complementary": true,
		"search": true, "dialog": true, "alertdialog": true, "menu": true, "menubar": true,
		"toolbar": true,
	}
	// dropWords are class or id words of page furniture, matched against
	// the words of the attribute ("cookie-banner" has "cookie").
	dropWords = map[string]bool{
		"cookie": true, "cookies": true, "consent": true, "gdpr": true, "share": true,
		"sharing": true, "social": true, "newsletter": true, "subscribe": true, "related": true,
		"breadcrumb": true, "breadcrumbs": true, "comment": true, "comments": true, "promo": true,
		"advert": true, "advertisement": true, "ad": true, "ads": true, "sidebar": true,
		"nav": true, "navbar": true, "navigation": true, "menu": true, "footer": true,
		"masthead": true, "popup": true, "modal": true, "paywall": true, "banner": true,
		"skip": true, "toolbar": true, "sharebar": true, "outbrain": true, "taboola": true,
	}
	// dropText is the text of a cookie or consent notice without a telling
	// class.
	dropText = regexp.MustCompile(`(?i)\b(we use cookies|this (web)?site uses cookies|accept (all )?cookies|cookie (settings|preferences|policy))\b`)
)

// prune removes page furniture from the tree (see dropTags, dropRoles,
// dropWords, dropText) and everything nested deeper than maxDepth.
func prune(n *html.Node, depth int) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if depth >= maxDepth || c.Type == html.CommentNode || c.Type == html.ElementNode && furniture(c) {
			n.RemoveChild(c)
		} else {
			prune(c, depth+1)
		}
		c = next
	}
}

func furniture(n *html.Node) bool {
	if dropTags[n.DataAtom] {
		return true
	}
	if n.DataAtom == atom.Header && (find(n, atom.Nav, 0) != nil || !hasHeading(n)) {
		return true
	}
	if _, hidden := attrOK(n, "hidden"); hidden || attr(n, "aria-hidden") == "true" || dropRoles[strings.ToLower(attr(n, "role"))] {
		return true
	}
	style := strings.ToLower(strings.ReplaceAll(attr(n, "style"), " ", ""))
	if strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden") {
		return true
	}
	if n.DataAtom != atom.Body && n.DataAtom != atom.Html && n.DataAtom != atom.Main && n.DataAtom != atom.Article {
		for _, w := range words(attr(n, "class") + " " + attr(n, "id")) {
			if dropWords[w] {
				return true
			}
		}
	}
	switch n.DataAtom {
	case atom.Div, atom.Section, atom.P:
		if t := textOf(n); len(t) < 600 && dropText.MatchString(t) {
			return true
		}
	}
	return false
}

func hasHeading(n *html.Node) bool {
	for _, a := range []atom.Atom{atom.H1, atom.H2, atom.H3} {
		if find(n, a, 0) != nil {
			return true
		}
	}
	return false
}

// words splits a class or id attribute into lower-case words at anything
// but letters and digits, and at lower-to-upper case changes.
func words(s string) []string {
	var out []string
	start := -1
	for i, r := range s + " " {
		alnum := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
		boundary := start >= 0 && r >= 'A' && r <= 'Z' && i > 0 && s[i-1] >= 'a' && s[i-1] <= 'z'
		if (!alnum || boundary) && start >= 0 {
			out = append(out, strings.ToLower(s[start:i]))
			start = -1
		}
		if alnum && start < 0 {
			start = i
		}
	}
	return out
}

func attr(n *html.Node, key string) string {
	v, _ := attrOK(n, key)
	return v
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return a.Val, true
		}
	}
	return "", false
}

func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(strings.ToLower(list)) {
		if f == tok {
			return true
		}
	}
	return false
}

// textOf is the text under n, as written (not collapsed), up to a limit.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if depth > maxDepth || b.Len() > maxJSONLD {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return b.String()
}

// visibleText is the text under n that a reader sees, on one line: page
// furniture left out, blocks and line breaks read as spaces.
func visibleText(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if depth > maxDepth || b.Len() > maxJSONLD {
			return
		}
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			if furniture(n) {
				return
			}
			if n.DataAtom == atom.Br || blockTags[n.DataAtom] || n.DataAtom == atom.Li || n.DataAtom == atom.Td || n.DataAtom == atom.Th {
				b.WriteByte(' ')
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
		if n.Type == html.ElementNode && blockTags[n.DataAtom] {
			b.WriteByte(' ')
		}
	}
	walk(n, 0)
	return clean(collapse(b.String()))
}

// collapse turns every run of white space into one space and trims.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

func firstHeading(body string) string {
	for line := range strings.Lines(body) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if h, ok := strings.CutPrefix(line, "#"); ok {
			return strings.TrimSpace(strings.TrimLeft(h, "#"))
		}
		return ""
	}
	return ""
}

// render writes the text under n as kept text (see the package
// documentation).
func render(n *html.Node) string {
	r := &renderer{}
	r.block(n, 0)
	r.flush()
	return strings.TrimRight(r.out.String(), "\n") + "\n"
}

type renderer struct {
	out  strings.Builder
	para strings.Builder // inline text of the block being read
	// lists is the stack of open lists: the next number of each ordered
	// list, -1 for a bullet list.
	lists []int
	// item is the marker of the list item being read, "" outside one.
	item string
}

// blockTags break the flow of text.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.Header: true, atom.Blockquote: true, atom.Figure: true, atom.Figcaption: true,
	atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Address: true, atom.Center: true,
	atom.Details: true, atom.Summary: true, atom.Hr: true, atom.Body: true, atom.Html: true,
	atom.Caption: true, atom.Fieldset: true, atom.Legend: true,
}

func (r *renderer) block(n *html.Node, depth int) {
	if depth > maxDepth {
		return
	}
	switch n.Type {
	case html.TextNode:
		r.text(newlines.Replace(n.Data)) // a line break in the source is a space
		return
	case html.ElementNode:
	case html.DocumentNode:
	default:
		return
	}
	if n.Type == html.ElementNode && furniture(n) {
		return
	}
	switch a := n.DataAtom; {
	case a == atom.Br:
		r.para.WriteByte('\n')
		return
	case a == atom.Pre:
		r.flush()
		r.pre(n)
		return
	case heading(a) > 0 && r.item == "":
		r.flush()
		if t := visibleText(n); t != "" {
			r.out.WriteString(strings.Repeat("#", heading(a)) + " " + t + "\n\n")
		}
		return
	case a == atom.Ul || a == atom.Ol:
		r.flush()
		outer := r.item
		r.item = ""
		if a == atom.Ol {
			start := 1
			if s, err := strconv.Atoi(attr(n, "start")); err == nil && s >= 0 && s < 1e6 {
				start = s
			}
			r.lists = append(r.lists, start)
		} else {
			r.lists = append(r.lists, -1)
		}
		r.children(n, depth)
		r.flush()
		r.lists = r.lists[:len(r.lists)-1]
		r.item = outer
		if len(r.lists) == 0 {
			r.out.WriteString("\n")
		}
		return
	case a == atom.Li:
		r.flush()
		indent := ""
		if len(r.lists) > 1 {
			indent = strings.Repeat("  ", len(r.lists)-1)
		}
		marker := indent + "- "
		if len(r.lists) > 0 && r.lists[len(r.lists)-1] >= 0 {
			marker = indent + strconv.Itoa(r.lists[len(r.lists)-1]) + ". "
			r.lists[len(r.lists)-1]++
		}
		outer := r.item
		r.item = marker
		r.children(n, depth)
		r.flush()
		r.item = outer
		return
	case a == atom.Table:
		r.flush()
		if !r.table(n) {
			r.children(n, depth) // a layout table: its cells are blocks
			r.flush()
		}
		return
	case a == atom.Td || a == atom.Th || a == atom.Tr:
		r.flush()
		r.children(n, depth)
		r.flush()
		return
	case blockTags[a] || heading(a) > 0:
		if r.item != "" { // inside a list item, blocks run on
			r.text(" ")
			r.children(n, depth)
			r.text(" ")
			return
		}
		r.flush()
		r.children(n, depth)
		r.flush()
		return
	}
	r.children(n, depth)
}

func (r *renderer) children(n *html.Node, depth int) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		r.block(c, depth+1)
	}
}

func heading(a atom.Atom) int {
	switch a {
	case atom.H1:
		return 1
	case atom.H2:
		return 2
	case atom.H3:
		return 3
	case atom.H4:
		return 4
	case atom.H5:
		return 5
	case atom.H6:
		return 6
	}
	return 0
}

func (r *renderer) text(s string) { r.para.WriteString(s) }

var newlines = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ")

// flush writes the inline text read so far as a paragraph (or as the
// current list item's line): white space collapsed within lines, a line
// per <br>.
func (r *renderer) flush() {
	s := r.para.String()
	r.para.Reset()
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if l = clean(collapse(l)); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return
	}
	if r.item != "" {
		pad := strings.Repeat(" ", len(r.item))
		r.out.WriteString(r.item + strings.Join(lines, "\n"+pad) + "\n")
		r.item = strings.Repeat(" ", len(r.item)) // later blocks of the item continue it
		return
	}
	r.out.WriteString(strings.Join(lines, "\n") + "\n\n")
}

// pre writes preformatted text line by line, keeping its spacing (a
// space-aligned table stays aligned), tabs expanded.
func (r *renderer) pre(n *html.Node) {
	s := clean(strings.ReplaceAll(textOf(n), "\t", "    "))
	var kept []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimRight(l, " "); strings.TrimSpace(l) != "" {
			kept = append(kept, l)
		}
	}
	if len(kept) > 0 {
		r.out.WriteString(strings.Join(kept, "\n") + "\n\n")
	}
}
