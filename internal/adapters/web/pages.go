package web

import (
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/resultsbot/resultsbot/internal/adapters"
	"github.com/resultsbot/resultsbot/internal/answer"
	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/facts"
)

//go:embed templates/*.html static/style.css static/source.js
var files embed.FS

// pages holds the parsed page templates and the assets inlined in them.
type pages struct {
	index, source, notFound *template.Template
	css                     template.CSS
	js                      template.JS
	csp                     string // Content-Security-Policy allowing exactly the inlined assets
}

func newPages() *pages {
	css, err := files.ReadFile("static/style.css")
	if err != nil {
		panic(err) // embedded: cannot fail
	}
	js, err := files.ReadFile("static/source.js")
	if err != nil {
		panic(err)
	}
	funcs := template.FuncMap{"pid": passageID}
	parse := func(name string) *template.Template {
		return template.Must(template.New(name+".html").Funcs(funcs).ParseFS(files, "templates/layout.html", "templates/"+name+".html"))
	}
	return &pages{
		index:    parse("index"),
		source:   parse("source"),
		notFound: parse("notfound"),
		css:      template.CSS(css),
		js:       template.JS(js),
		csp: "default-src 'none'; style-src '" + hash(css) + "'; script-src '" + hash(js) +
			"'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
	}
}

func hash(b []byte) string {
	s := sha256.Sum256(b)
	return "sha256-" + base64.StdEncoding.EncodeToString(s[:])
}

// pageLayout is what every page passes to the layout template.
type pageLayout struct {
	Title     string
	Canonical string // absolute URL of the page when PublicURL is set
	CSS       template.CSS
	JS        template.JS // inlined at the end of the body when set
}

func (h *Handler) layout(r *http.Request, title string) pageLayout {
	l := pageLayout{Title: title, CSS: h.pages.css}
	if h.cfg.PublicURL != "" {
		l.Canonical = h.cfg.PublicURL + r.URL.EscapedPath()
	}
	return l
}

// indexPage is the data of the question page.
type indexPage struct {
	Layout pageLayout
	Q      string
	Error  string      // a bad question or a failure, for the user
	Answer *answerView // nil until a question is answered
	// Context is what the next question follows up: the context of the
	// answer shown, carried in the form's hidden fields (ctx_company,
	// ctx_period, ctx_segment, ctx_metric).
	Context *answer.Context
	// FollowUp is the context this page's question was asked in, if any.
	FollowUp *answer.Context
}

// contextFields are the form fields carrying a follow-up's context.
var contextFields = []struct {
	name string
	get  func(*answer.Context) *string
}{
	{"ctx_company", func(c *answer.Context) *string { return &c.Company }},
	{"ctx_period", func(c *answer.Context) *string { return &c.Period }},
	{"ctx_segment", func(c *answer.Context) *string { return &c.Segment }},
	{"ctx_metric", func(c *answer.Context) *string { return &c.Metric }},
}

// formContext reads a follow-up's context from the query; nil when it
// carries none.
func formContext(q url.Values) *answer.Context {
	var c answer.Context
	for _, f := range contextFields {
		*f.get(&c) = strings.TrimSpace(q.Get(f.name))
	}
	if c == (answer.Context{}) {
		return nil
	}
	return &c
}

type answerView struct {
	Answered    bool
	Text        string
	Company     string
	Period      string
	Citations   []citationView
	Suggestions []string
}

type citationView struct {
	Title, Publisher, Quote, Link string
	Date                          *dateView
	Page                          int        // 0 for a source without pages
	Table                         *tableView // a table row's header and column; nil for prose
}

// tableView is a cited table row with the header line(s) that give its
// column, each verbatim, the column's name marked in the header and the
// figure in the row.
type tableView struct {
	Column string
	Header []markedLine
	Row    markedLine
}

// markedLine is a verbatim line with one span of it marked: Before + Mark +
// After is the line.
type markedLine struct{ Before, Mark, After string }

// markAt marks s[i:j], or nothing when the span is not within s.
func markAt(s string, i, j int) markedLine {
	if i < 0 || j <= i || j > len(s) {
		return markedLine{Before: s}
	}
	return markedLine{Before: s[:i], Mark: s[i:j], After: s[j:]}
}

// newTableView returns the view of citation c when it cites a table row,
// marking the figure of the answer's fact drawn from the row, found by its
// offsets; nil for prose.
func newTableView(c answer.Citation, fs []facts.Fact) *tableView {
	if len(c.Header) == 0 && c.Column == "" {
		return nil
	}
	v := &tableView{Column: c.Column, Row: markedLine{Before: c.Quote}}
	for _, h := range c.Header {
		i := -1
		if c.Column != "" {
			i = strings.Index(h.Quote, c.Column)
		}
		v.Header = append(v.Header, markAt(h.Quote, i, i+len(c.Column)))
	}
	for _, f := range fs {
		if f.Passage != c.Passage {
			continue
		}
		for _, x := range []*facts.Value{f.Value, f.Converted} {
			if x == nil {
				continue
			}
			if i, j := x.Start-c.Start, x.End-c.Start; i >= 0 && j <= len(c.Quote) && i < j && c.Quote[i:j] == x.Text {
				v.Row = markAt(c.Quote, i, j)
				return v
			}
		}
	}
	return v
}

type dateView struct{ ISO, Human string }

func newDate(t time.Time) *dateView {
	if t.IsZero() {
		return nil
	}
	return &dateView{ISO: t.Format(time.DateOnly), Human: t.Format("January 2, 2006")}
}

func parseDate(s string) *dateView {
	if s == "" {
		return nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return &dateView{Human: s}
	}
	return newDate(t)
}

func newAnswerView(a answer.Answer) *answerView {
	v := &answerView{
		Answered:    a.Answered,
		Text:        a.Text,
		Company:     a.Company,
		Period:      a.PeriodLabel,
		Suggestions: a.Suggestions,
	}
	for _, c := range a.Citations {
		title := c.Title
		if title == "" {
			title = c.Doc
		}
		v.Citations = append(v.Citations, citationView{
			Title: title, Publisher: c.Publisher, Quote: c.Quote, Link: c.Link, Date: parseDate(c.Published),
			Page: c.Page, Table: newTableView(c, a.Facts),
		})
	}
	return v
}

// serveIndex serves the question page; with ?q= it answers on the server,
// so the page works without JavaScript.
func (h *Handler) serveIndex(w http.ResponseWriter, r *http.Request) {
	p := indexPage{Layout: h.layout(r, "Results bot")}
	query := r.URL.Query()
	if !query.Has("q") {
		h.execute(w, r, http.StatusOK, h.pages.index, p)
		return
	}
	p.Q = query.Get("q")
	p.FollowUp = formContext(query)
	p.Context = p.FollowUp // kept when the question fails, so asking again still follows up
	q, err := checkQuestion(p.Q)
	if err == nil {
		var ans answer.Answer
		ans, err = h.ask(r.Context(), q, query.Get("company"), p.FollowUp)
		if err == nil {
			p.Answer = newAnswerView(ans)
			if ans.Context != (answer.Context{}) {
				p.Context = &ans.Context
			}
			p.Layout.Title = q + " – Results bot"
			h.execute(w, r, http.StatusOK, h.pages.index, p)
			return
		}
	}
	code := http.StatusBadRequest
	p.Error = err.Error()
	switch _, bad := err.(errBadQuestion); {
	case bad:
	case errors.Is(err, adapters.ErrNotReady):
		retryLater(w)
		code, p.Error = http.StatusServiceUnavailable, startingUp
	default:
		code, p.Error = http.StatusInternalServerError, "Sorry, something went wrong on our side while answering that. Please try again in a moment."
	}
	h.execute(w, r, code, h.pages.index, p)
}

// Fields returns the hidden form fields of a follow-up's context, for the
// template: the fields with a value, in order.
func (p indexPage) Fields() []struct{ Name, Value string } {
	if p.Context == nil {
		return nil
	}
	var out []struct{ Name, Value string }
	for _, f := range contextFields {
		if v := *f.get(p.Context); v != "" {
			out = append(out, struct{ Name, Value string }{f.name, v})
		}
	}
	return out
}

// sourcePage is the data of a citation page.
type sourcePage struct {
	Layout                                         pageLayout
	Doc, DocTitle, Publisher, Company, Period, URL string
	Date                                           *dateView
	Blocks                                         []block
}

func (h *Handler) serveSource(w http.ResponseWriter, r *http.Request) {
	path := r.PathValue("doc")
	var (
		d  *corpus.Document
		ok bool
	)
	if h.docs != nil && path != "" {
		d, ok = h.docs.Doc(path)
	}
	if (!ok || d == nil) && !h.ready.Load() {
		retryLater(w)
		h.execute(w, r, http.StatusServiceUnavailable, h.pages.index, indexPage{Layout: h.layout(r, "Starting up – Results bot"), Error: startingUp})
		return
	}
	if !ok || d == nil {
		h.serveNotFound(w, r)
		return
	}
	title := d.Meta.Title
	if title == "" {
		title = d.Path
	}
	p := sourcePage{
		Layout:    h.layout(r, title+" – Results bot"),
		Doc:       d.Path,
		DocTitle:  title,
		Publisher: d.Meta.Publisher,
		Company:   d.Meta.Company,
		Period:    d.Meta.Period.Human(),
		URL:       d.Meta.URL,
		Date:      newDate(d.Meta.Published),
		Blocks:    blocks(d),
	}
	p.Layout.JS = h.pages.js
	h.execute(w, r, http.StatusOK, h.pages.source, p)
}

func (h *Handler) serveNotFound(w http.ResponseWriter, r *http.Request) {
	h.execute(w, r, http.StatusNotFound, h.pages.notFound, h.layout(r, "Not found – Results bot"))
}

// passageID is the fragment of a passage on its source page.
func passageID(seq int) string { return "p-" + strconv.Itoa(seq) }
