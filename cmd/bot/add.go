package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/resultsbot/resultsbot/internal/convert"
	"github.com/resultsbot/resultsbot/internal/corpus"
)

// Limits of bot add.
const (
	addMaxBytes     = 20 << 20 // the largest page or file fetched
	addMaxRedirects = 5
	addUserAgent    = "resultsbot/1 (+https://github.com/resultsbot/resultsbot; bot add)"
)

const addUsage = "bot add [--corpus DIR] [--company NAME] [--timeout 30s] URL|FILE..."

// errAdd marks a source that could not be added; the message says why.
var errAdd = errors.New("cannot add")

// add fetches or reads each source, converts it and writes it into the
// corpus folder, printing what it inferred about each.
func (m *Main) add(ctx context.Context, args []string) error {
	fset := m.flags("add", addUsage)
	dir := fset.String("corpus", "corpus", "write the documents into `DIR` (created if missing)")
	company := fset.String("company", "", "the company the documents are about, instead of the one read from them")
	timeout := fset.Duration("timeout", 30*time.Second, "give up on a download after `D`")
	if err := parse(fset, args); err != nil {
		return err
	}
	if fset.NArg() == 0 {
		return fmt.Errorf("%w: no URL or FILE to add (try: bot add --corpus DIR https://example.com/results.html)", errUsage)
	}
	if *timeout <= 0 {
		return fmt.Errorf("%w: --timeout must be positive", errUsage)
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return err
	}
	a := &adder{client: newFetchClient(*timeout), maxBytes: addMaxBytes, dir: *dir, company: strings.TrimSpace(*company)}
	failed := 0
	for _, src := range fset.Args() {
		r, err := a.add(ctx, src)
		if err != nil {
			fmt.Fprintf(m.Stderr, "bot add: %s: %v\n", src, err)
			failed++
			continue
		}
		r.print(m.Stdout)
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d could not be added", failed, fset.NArg())
	}
	return nil
}

// newFetchClient is the HTTP client of bot add: the whole request within
// timeout, connections and headers sooner, at most addMaxRedirects
// redirects and only to http or https.
func newFetchClient(timeout time.Duration) *http.Client {
	step := min(timeout, 10*time.Second)
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			Proxy:                  http.ProxyFromEnvironment,
			DialContext:            (&net.Dialer{Timeout: step}).DialContext,
			TLSHandshakeTimeout:    step,
			ResponseHeaderTimeout:  timeout,
			MaxResponseHeaderBytes: 1 << 20,
			ForceAttemptHTTP2:      true,
		},
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > addMaxRedirects {
				return fmt.Errorf("more than %d redirects", addMaxRedirects)
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirect to a %s: URL", req.URL.Scheme)
			}
			return nil
		},
	}
}

// adder adds documents to the corpus folder dir.
type adder struct {
	client   *http.Client
	maxBytes int64
	dir      string
	company  string // --company, or ""
}

// added is what add did with one source.
type added struct {
	path   string // written, relative to the corpus folder
	source string // "https://... (text/html, 3,153 bytes)"
	copied bool   // a Markdown or text file copied as it is
	same   bool   // the corpus already held the same bytes
	meta   convert.Meta
}

// add adds one source: a URL (http or https) or a file.
func (a *adder) add(ctx context.Context, src string) (added, error) {
	if u, err := url.Parse(src); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
		return a.addURL(ctx, src)
	}
	return a.addFile(src)
}

func (a *adder) addURL(ctx context.Context, src string) (added, error) {
	body, ctype, final, err := a.fetch(ctx, src)
	if err != nil {
		return added{}, err
	}
	mt, _, _ := mime.ParseMediaType(ctype)
	r := added{source: fmt.Sprintf("%s (%s, %d bytes)", final, mt, len(body))}
	var d convert.Document
	switch mt {
	case "text/html", "application/xhtml+xml":
		d, err = convert.HTML(body, ctype, final)
	case "application/pdf":
		d, err = convert.PDF(body)
	default: // text/plain, text/markdown
		d, err = textDocument(body)
	}
	if err != nil {
		return added{}, err
	}
	if d.Meta.URL == "" {
		d.Meta.URL = final
		d.Meta.Found = withFound(d.Meta.Found, "url", "the address it was fetched from")
	}
	return a.write(r, d)
}

// fetch downloads src: status 200, one of the accepted types (by
// Content-Type, or sniffed when the server says none or
// application/octet-stream), at most maxBytes. It returns the body, its
// content type and the URL after redirects.
func (a *adder) fetch(ctx context.Context, src string) (body []byte, ctype, final string, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, src, nil)
	if err != nil {
		return nil, "", "", fmt.Errorf("%w: %v", errAdd, err)
	}
	req.Header.Set("User-Agent", addUserAgent)
	req.Header.Set("Accept", "text/html, application/xhtml+xml, application/pdf, text/markdown, text/plain;q=0.8")
	resp, err := a.client.Do(req)
	if err != nil {
		return nil, "", "", fmt.Errorf("%w: %v", errAdd, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, "", "", fmt.Errorf("%w: the server answered %s", errAdd, resp.Status)
	}
	if resp.ContentLength > a.maxBytes {
		return nil, "", "", fmt.Errorf("%w: %d bytes, larger than the %d MiB limit", errAdd, resp.ContentLength, a.maxBytes>>20)
	}
	body, err = io.ReadAll(io.LimitReader(resp.Body, a.maxBytes+1))
	if err != nil {
		return nil, "", "", fmt.Errorf("%w: reading the response: %v", errAdd, err)
	}
	if int64(len(body)) > a.maxBytes {
		return nil, "", "", fmt.Errorf("%w: larger than the %d MiB limit", errAdd, a.maxBytes>>20)
	}
	ctype = resp.Header.Get("Content-Type")
	mt, _, _ := mime.ParseMediaType(ctype)
	if mt == "" || mt == "application/octet-stream" {
		ctype = http.DetectContentType(body)
		mt, _, _ = mime.ParseMediaType(ctype)
	}
	switch mt {
	case "text/html", "application/xhtml+xml", "application/pdf", "text/plain", "text/markdown", "text/x-markdown":
	default:
		return nil, "", "", fmt.Errorf("%w: content type %q (HTML, PDF, Markdown or plain text only)", errAdd, mt)
	}
	return body, ctype, resp.Request.URL.String(), nil
}

// addFile converts a web page or PDF file, or copies a Markdown or text
// file as it is.
func (a *adder) addFile(src string) (added, error) {
	st, err := os.Stat(src)
	if err != nil {
		return added{}, err
	}
	if !st.Mode().IsRegular() {
		return added{}, fmt.Errorf("%w: not a regular file", errAdd)
	}
	if st.Size() > a.maxBytes {
		return added{}, fmt.Errorf("%w: %d bytes, larger than the %d MiB limit", errAdd, st.Size(), a.maxBytes>>20)
	}
	b, err := os.ReadFile(src)
	if err != nil {
		return added{}, err
	}
	r := added{source: fmt.Sprintf("%s (%d bytes)", src, len(b))}
	var d convert.Document
	switch ext := strings.ToLower(filepath.Ext(src)); ext {
	case ".html", ".htm":
		d, err = convert.HTML(b, "", "")
	case ".pdf":
		d, err = convert.PDF(b)
	case ".md", ".txt":
		if !utf8.Valid(b) || bytes.IndexByte(b, 0) >= 0 {
			return added{}, fmt.Errorf("%w: not UTF-8 text", errAdd)
		}
		r.copied = true
		return a.put(r, filepath.Base(src), b)
	default:
		return added{}, fmt.Errorf("%w: unsupported type %q (.html, .htm, .pdf, .md or .txt)", errAdd, ext)
	}
	if err != nil {
		return added{}, err
	}
	return a.write(r, d)
}

// textDocument makes a document of fetched Markdown or plain text: kept as
// it is when it has front matter, else given front matter read from it.
func textDocument(b []byte) (convert.Document, error) {
	if !utf8.Valid(b) || bytes.IndexByte(b, 0) >= 0 {
		return convert.Document{}, fmt.Errorf("%w: not UTF-8 text", errAdd)
	}
	s := strings.ReplaceAll(string(b), "\r\n", "\n")
	d := convert.Document{Body: s, Meta: convert.Meta{Found: map[string]string{}}}
	if strings.HasPrefix(s, "---\n") {
		return d, nil // front matter of its own: written as it is
	}
	for l := range strings.Lines(s) {
		if t := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(l), "#")); t != "" {
			d.Meta.Title = t
			d.Meta.Found["title"] = "the first line"
			break
		}
	}
	if n, tickers, from := convert.LeadCompany(s); n != "" {
		d.Meta.Company, d.Meta.Tickers = n, tickers
		d.Meta.Found["company"] = "the lead: “" + from + "”"
	}
	return d, nil
}

// write decides the company, names the file and writes the document.
func (a *adder) write(r added, d convert.Document) (added, error) {
	switch {
	case a.company != "":
		d.Meta.Company, d.Meta.Tickers = a.company, nil
		d.Meta.Found = withFound(d.Meta.Found, "company", "--company")
	default:
		if co, ok := corpus.RegistryCompany(os.DirFS(a.dir), d.Body); ok {
			d.Meta.Company, d.Meta.Tickers = co.Name, nil
			d.Meta.Found = withFound(d.Meta.Found, "company", "companies.yaml (the company the text names)")
		}
	}
	r.meta = d.Meta
	text := d.Markdown()
	if strings.HasPrefix(d.Body, "---\n") { // fetched Markdown with its own front matter
		text = d.Body
	}
	name := slug(d.Meta.Title, 80)
	if name == "" {
		name = "document"
	}
	if !d.Meta.Published.IsZero() {
		name = d.Meta.Published.Format(time.DateOnly) + "-" + name
	}
	name += ".md"
	if d.Meta.Company != "" {
		name = path.Join(slug(corpus.ShortName(d.Meta.Company), 40), name)
	}
	return a.put(r, name, []byte(text))
}

// put writes data as name under the corpus folder, atomically (a temporary
// dotfile, which Load skips, renamed into place). A file of that name with
// other content is kept: the new one gets a "-2" (or "-3", ...) suffix.
func (a *adder) put(r added, name string, data []byte) (added, error) {
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	for i := 1; i <= 100; i++ {
		rel := name
		if i > 1 {
			rel = fmt.Sprintf("%s-%d%s", stem, i, ext)
		}
		full := filepath.Join(a.dir, filepath.FromSlash(rel))
		old, err := os.ReadFile(full)
		if err == nil {
			if bytes.Equal(old, data) {
				r.path, r.same = rel, true
				return r, nil
			}
			continue
		}
		if !errors.Is(err, os.ErrNotExist) {
			return added{}, err
		}
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return added{}, err
		}
		tmp, err := os.CreateTemp(filepath.Dir(full), ".add-*")
		if err != nil {
			return added{}, err
		}
		_, werr := tmp.Write(data)
		cerr := tmp.Close()
		if err := errors.Join(werr, cerr); err != nil {
			os.Remove(tmp.Name())
			return added{}, err
		}
		if err := os.Chmod(tmp.Name(), 0o644); err != nil {
			os.Remove(tmp.Name())
			return added{}, err
		}
		if err := os.Rename(tmp.Name(), full); err != nil {
			os.Remove(tmp.Name())
			return added{}, err
		}
		r.path = rel
		return r, nil
	}
	return added{}, fmt.Errorf("%w: %s and 99 variants of its name exist", errAdd, name)
}

// withFound returns found (made if nil) with field noted as read from
// from.
func withFound(found map[string]string, field, from string) map[string]string {
	if found == nil {
		found = map[string]string{}
	}
	found[field] = from
	return found
}

// slug is s in lower case with every run of other than letters and digits
// turned into one hyphen, cut at a hyphen to at most n bytes.
func slug(s string, n int) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
			continue
		}
		hyphen = true
	}
	out := b.String()
	if len(out) > n {
		out = out[:n]
		if i := strings.LastIndexByte(out, '-'); i > n/2 {
			out = out[:i]
		}
		out = strings.ToValidUTF8(out, "")
	}
	return strings.Trim(out, "-")
}

// print says what was written and what was read or not found.
func (r added) print(w io.Writer) {
	switch {
	case r.same:
		fmt.Fprintf(w, "unchanged %s (the corpus already holds it)\n", r.path)
	default:
		fmt.Fprintf(w, "added %s\n", r.path)
	}
	fmt.Fprintf(w, "  from       %s\n", r.source)
	if r.copied {
		fmt.Fprintln(w, "  copied as it is; its front matter, if any, is its own")
		return
	}
	m := r.meta
	pub := ""
	if !m.Published.IsZero() {
		pub = m.Published.Format(time.DateOnly)
	}
	var missing []string
	for _, f := range []struct{ name, value string }{
		{"title", m.Title},
		{"company", m.Company},
		{"tickers", strings.Join(m.Tickers, ", ")},
		{"published", pub},
		{"publisher", m.Publisher},
		{"url", m.URL},
	} {
		if f.value == "" {
			if f.name != "tickers" {
				missing = append(missing, f.name)
			}
			continue
		}
		from := ""
		if m.Found[f.name] != "" {
			from = " (" + m.Found[f.name] + ")"
		}
		fmt.Fprintf(w, "  %-10s %s%s\n", f.name, f.value, from)
	}
	if len(missing) > 0 {
		fmt.Fprintf(w, "  not found: %s; add them to the front matter if you know them\n", strings.Join(missing, ", "))
	}
}
