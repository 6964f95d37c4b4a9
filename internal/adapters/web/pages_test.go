package web

import (
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/resultsbot/resultsbot/internal/answer"
	"github.com/resultsbot/resultsbot/internal/corpus"
)

func TestIndexPage(t *testing.T) {
	tests := []struct {
		name   string
		method string
		target string
		code   int
		want   []string // substrings of the body
		unwant []string
	}{
		{name: "form", method: "GET", target: "/", code: 200, want: []string{
			`<html lang="en">`, `<meta name="viewport" content="width=device-width, initial-scale=1">`,
			`<main id="main"`, `role="search"`, `<label for="q">Your question</label>`,
			`<input id="q" name="q" type="search" value=""`, `autofocus`, `<button type="submit">Ask</button>`,
		}, unwant: []string{`class="result"`, `role="alert"`, `<script>`}},
		{name: "answered", method: "GET", target: "/?q=" + url.QueryEscape("What was Alibaba's cloud revenue growth?"), code: 200, want: []string{
			`<title>What was Alibaba&#39;s cloud revenue growth? – Results bot</title>`,
			`value="What was Alibaba&#39;s cloud revenue growth?"`,
			`<h2 id="result-h">Answer</h2>`,
			`<p class="answer">Alibaba&#39;s cloud revenue rose 34 percent year over year in the quarter ended September 30, 2025.</p>`,
			`Alibaba Group Holding · fiscal 2026 Q2`,
			`<li class="card">`,
			`<a href="/sources/alibaba/cloud.md#p-2">Alibaba cloud revenue surges</a>`,
			`Example News · <time datetime="2025-11-25">November 25, 2025</time>`,
			`<blockquote>Cloud revenue rose 34 percent year over year to 39.8 billion yuan.</blockquote>`,
		}, unwant: []string{`autofocus`, `role="alert"`}},
		{name: "table row", method: "GET", target: "/?q=" + url.QueryEscape("What was Norhaven's revenue?"), code: 200, want: []string{
			`<a href="/sources/norhaven/q4-2025.pdf#p-9">Norhaven Q4 2025 results</a>`,
			`Norhaven IR · <time datetime="2026-02-10">February 10, 2026</time> · p. 2</p>`,
			`<p class="where">Table row, column <strong>Q4 2025</strong></p>`,
			"<dl class=\"rowquote\">\n<dt>Header</dt><dd><code>| (in millions, except per share) | <mark>Q4 2025</mark> | Q4 2024 | % Change |</code></dd>\n" +
				"<dt>Row</dt><dd><code>| Revenue | <mark>$ 4,210</mark> | $ 3,760 | 12 % |</code></dd>\n</dl>",
		}, unwant: []string{`<blockquote>`}},
		{name: "declined", method: "GET", target: "/?q=Baidu+revenue", code: 200, want: []string{
			`No answer in the sources`, `class="answer decline"`, `I don&#39;t have Baidu in my sources`,
			`<a href="/?q=What%20was%20Alibaba%27s%20cloud%20revenue%20growth%3f">What was Alibaba&#39;s cloud revenue growth?</a>`,
		}, unwant: []string{`<li class="card">`}},
		{name: "escaped", method: "GET", target: "/?q=" + url.QueryEscape(`<script>alert(1)</script>`), code: 200, want: []string{
			`value="&lt;script&gt;alert(1)&lt;/script&gt;"`,
		}, unwant: []string{`<script>alert`}},
		{name: "empty", method: "GET", target: "/?q=", code: 400, want: []string{`role="alert"`, `Please type a question`, `<form`}},
		{name: "too long", method: "GET", target: "/?q=" + strings.Repeat("a", MaxQuestionChars+1), code: 400, want: []string{`role="alert"`, `too long`}},
		{name: "no words", method: "GET", target: "/?q=%3F", code: 400, want: []string{`role="alert"`, `no words`}},
		{name: "engine failure", method: "GET", target: "/?q=fail", code: 500, want: []string{`role="alert"`, `Sorry, something went wrong`},
			unwant: []string{`secret-path`}},
		{name: "HEAD", method: "HEAD", target: "/", code: 200},
		{name: "POST", method: "POST", target: "/", code: 405},
		{name: "unknown page", method: "GET", target: "/nope", code: 404, want: []string{`<h1>Not found</h1>`}},
		{name: "unknown API", method: "GET", target: "/v2/ask?q=revenue", code: 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newTestHandler(t, Config{})
			res, body := do(t, h, tt.method, tt.target, "", "")
			if res.StatusCode != tt.code {
				t.Fatalf("%s %s: status %d, want %d:\n%s", tt.method, tt.target, res.StatusCode, tt.code, body)
			}
			if tt.code != 405 && res.Header.Get("Content-Type") != "text/html; charset=utf-8" {
				t.Errorf("%s %s: Content-Type %q", tt.method, tt.target, res.Header.Get("Content-Type"))
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("%s %s: body lacks %s", tt.method, tt.target, w)
				}
			}
			for _, w := range tt.unwant {
				if strings.Contains(body, w) {
					t.Errorf("%s %s: body has %s", tt.method, tt.target, w)
				}
			}
			if t.Failed() {
				t.Logf("body:\n%s", body)
			}
		})
	}
}

func TestIndexPageCompany(t *testing.T) {
	h := newTestHandler(t, Config{Company: "Alibaba Group Holding"})
	do(t, h, "GET", "/?q=revenue", "", "")
	do(t, h, "GET", "/?q=revenue&company=Tencent", "", "")
	got := h.engine.questions()
	if len(got) != 2 || got[0].Company != "Alibaba Group Holding" || got[1].Company != "Tencent" {
		t.Errorf("companies asked: %+v, want the default, then the one in the URL", got)
	}
}

func TestSourcePage(t *testing.T) {
	tests := []struct {
		name   string
		method string
		target string
		code   int
		want   []string
		unwant []string
	}{
		{name: "document", method: "GET", target: "/sources/alibaba/cloud.md", code: 200, want: []string{
			`<title>Alibaba cloud revenue surges – Results bot</title>`,
			`<h1 id="doc-title">Alibaba cloud revenue surges</h1>`,
			`<span>Example News</span><time datetime="2025-11-25">November 25, 2025</time><span>Alibaba Group Holding</span>`,
			`<a href="https://news.example.com/alibaba-cloud" rel="external noopener noreferrer">Read the original</a>`,
			`<h2 class="p" id="p-0">Alibaba&#39;s cloud unit powers ahead</h2>`,
			`<p><span class="p" id="p-1">Alibaba reported results for the quarter ended September 30.</span> <span class="p" id="p-2">Cloud revenue rose 34 percent year over year to 39.8 billion yuan.</span></p>`,
			"<ul>\n<li><span class=\"p\" id=\"p-3\">Revenue was 247.8 billion yuan.</span></li>\n<li><span class=\"p\" id=\"p-4\">Net income fell 53%.</span></li>\n</ul>",
			`<span class="p" id="p-5">Analysts said &lt;b&gt;AI demand&lt;/b&gt; &amp; capex would keep rising.</span>`,
			`.doc .p:target`, `aria-current`, `<script>`,
		}, unwant: []string{`title: Alibaba`, `<b>AI`}},
		{name: "table of a PDF", method: "GET", target: "/sources/norhaven/q4-2025.pdf", code: 200, want: []string{
			`<p class="page" id="page-1">Page 1</p>` + "\n" + `<h2 class="p" id="p-0">Norhaven Logistics fourth quarter 2025 results</h2>`,
			`<p class="page" id="page-2">Page 2</p>` + "\n" + `<h3 class="p" id="p-3">Results</h3>`,
			`<caption id="t-4">Results</caption>`,
			`<tr id="p-8" class="p"><th scope="col">(in millions, except per share)</th><th scope="col">Q4 2025</th>`,
			`<tr id="p-9" class="p"><th scope="row">Revenue</th><td class="num">$ 4,210</td><td class="num">$ 3,760</td><td class="num">12 %</td></tr>`,
			`<tr id="p-10" class="p"><th scope="row">Net income (loss)</th><td class="num">(35)</td><td class="num">120</td><td class="num">nm</td></tr>`,
		}},
		{name: "HEAD", method: "HEAD", target: "/sources/alibaba/cloud.md", code: 200},
		{name: "unknown", method: "GET", target: "/sources/alibaba/nope.md", code: 404, want: []string{`<h1>Not found</h1>`}},
		{name: "directory", method: "GET", target: "/sources/alibaba/", code: 404},
		{name: "no path", method: "GET", target: "/sources/", code: 404},
		{name: "POST", method: "POST", target: "/sources/alibaba/cloud.md", code: 405},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newTestHandler(t, Config{PublicURL: "https://bot.example.com/"})
			h.SetReady(true)
			res, body := do(t, h, tt.method, tt.target, "", "")
			if res.StatusCode != tt.code {
				t.Fatalf("%s %s: status %d, want %d:\n%s", tt.method, tt.target, res.StatusCode, tt.code, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("%s %s: body lacks %s", tt.method, tt.target, w)
				}
			}
			for _, w := range tt.unwant {
				if strings.Contains(body, w) {
					t.Errorf("%s %s: body has %s", tt.method, tt.target, w)
				}
			}
			if tt.code == 200 && tt.method == "GET" {
				if want := `<link rel="canonical" href="https://bot.example.com` + tt.target + `">`; !strings.Contains(body, want) {
					t.Errorf("%s %s: body lacks %s", tt.method, tt.target, want)
				}
			}
			if t.Failed() {
				t.Logf("body:\n%s", body)
			}
		})
	}
}

func TestSourcePageNoSources(t *testing.T) {
	h := New(Config{}, &engine{}, nil, nil, nil)
	h.SetReady(true)
	if res, _ := do(t, h, "GET", "/sources/alibaba/cloud.md", "", ""); res.StatusCode != 404 {
		t.Errorf("nil Sources: status %d, want 404", res.StatusCode)
	}
}

// The original's link goes through html/template's URL filter: a
// javascript: URL in front matter becomes harmless.
func TestSourcePageUnsafeURL(t *testing.T) {
	d := cloudDoc(t)
	d.Meta.URL = "javascript:alert(1)"
	h := New(Config{}, &engine{}, sources{d.Path: d}, nil, nil)
	_, body := do(t, h, "GET", "/sources/alibaba/cloud.md", "", "")
	if strings.Contains(body, "javascript:") {
		t.Errorf("javascript: URL served as a link")
	}
}

// Every page's Content-Security-Policy allows exactly the style and script
// inlined in it, so that the policy never blocks the page's own CSS.
func TestContentSecurityPolicy(t *testing.T) {
	h := newTestHandler(t, Config{})
	inline := regexp.MustCompile(`(?s)<(style|script)>(.*?)</(?:style|script)>`)
	for _, target := range []string{"/", "/?q=revenue", "/sources/alibaba/cloud.md", "/nope"} {
		res, body := do(t, h, "GET", target, "", "")
		csp := res.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("%s: CSP %q lacks default-src 'none'", target, csp)
		}
		for _, m := range inline.FindAllStringSubmatch(body, -1) {
			sum := sha256.Sum256([]byte(m[2]))
			want := m[1] + "-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q does not allow the inline %s (%s)", target, csp, m[1], want)
			}
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no X-Content-Type-Options: nosniff", target)
		}
	}
}

// TestBlocks: a document is laid out as its blocks: headings at levels by
// rank, lists (numbered ones ordered), paragraphs of passages, tables with
// their header rows apart and each row that is a passage anchored, and a
// label where each page of a PDF begins.
func TestBlocks(t *testing.T) {
	tests := []struct {
		name, path, raw string
		want            string // outline
	}{
		{"markdown", "a.md", "# Acme results\n\nRevenue rose. Profit fell.\n\n## Outlook\n\n- Sales will grow.\n- Costs will fall.\n\n1. First step.\n2. Second step.\n\nThat is all.\n",
			"h2:0 p:1,2 h3:3 ul:[4][5] ol:[6][7] p:8"},
		{"pipe table", "t.md", "## Results\n\n| (in millions) | Q4 2025 | Q4 2024 |\n|---|---:|---:|\n| Revenue | $ 4,210 | $ 3,760 |\n| Net income (loss) | (35) | 120 |\n",
			"h2:0 table[Results](head:1 body:2,3)"},
		{"PDF pages", "r.md", "--- page 1 ---\n\n# Acme annual report\n\nRevenue rose 9% to $1.2 billion.\n\n--- page 2 ---\n\nThe board expects growth.\n",
			"page1 h2:0 p:1 page2 p:2"},
	}
	for _, tt := range tests {
		d := loadDoc(t, tt.path, tt.raw)
		if got := outline(blocks(d)); got != tt.want {
			t.Errorf("%s: blocks(%q) = %s, want %s", tt.name, tt.raw, got, tt.want)
		}
	}
	// A document without blocks (built by hand) shows a passage per paragraph.
	d := doc(t, "d.md", corpus.Meta{}, "# T\n\nA. B.", map[int]bool{0: true}, "T", "A.", "B.")
	if got, want := outline(blocks(d)), "h2:0 p:1 p:2"; got != want {
		t.Errorf("no blocks: %s, want %s", got, want)
	}
}

// outline writes blocks compactly: "h2:0" a heading and its passage, "p:1,2"
// a paragraph, "ul:[3][4,5]" a list of items, "table[caption](head:6
// body:7,-)" a table's rows by passage ("-" for none), "page2" a page label.
func outline(bs []block) string {
	seqs := func(ps []passageView) string {
		var s []string
		for _, p := range ps {
			s = append(s, itoa(p.Seq))
		}
		return strings.Join(s, ",")
	}
	rows := func(rs []tableRow) string {
		var s []string
		for _, r := range rs {
			if r.ID == "" {
				s = append(s, "-")
			} else {
				s = append(s, strings.TrimPrefix(r.ID, "p-"))
			}
		}
		return strings.Join(s, ",")
	}
	var out []string
	for _, b := range bs {
		switch {
		case b.Page > 0:
			out = append(out, "page"+itoa(b.Page))
		case b.Heading != nil:
			out = append(out, "h"+itoa(b.Heading.Level)+":"+itoa(b.Heading.Seq))
		case b.List != nil:
			s := "ul:"
			if b.List.Ordered {
				s = "ol:"
			}
			for _, it := range b.List.Items {
				s += "[" + seqs(it) + "]"
			}
			out = append(out, s)
		case b.Table != nil:
			s := "table[" + b.Table.Caption + "](head:" + rows(b.Table.Head) + " body:" + rows(b.Table.Body) + ")"
			if len(b.Table.Extra) > 0 {
				s += "+p:" + seqs(b.Table.Extra)
			}
			out = append(out, s)
		default:
			out = append(out, "p:"+seqs(b.Para))
		}
	}
	return strings.Join(out, " ")
}

func itoa(i int) string { return passageID(i)[len("p-"):] }

// A citation link reaches its document whatever the file is called: '#',
// '?', '%' and spaces in a name are escaped, so they are not read as the
// fragment, the query or an escape (issue 15, item 12).
func TestSourceLinkEscaped(t *testing.T) {
	for _, name := range []string{"co/q3#1.md", "co/what?.md", "co/100%.md", "co/a b.md", "co/ü.md"} {
		t.Run(name, func(t *testing.T) {
			d := cloudDoc(t)
			d.Path = name
			h := New(Config{}, &engine{}, sources{name: d}, nil, nil)
			link := answer.SourceLink(name, 2)
			target, frag, _ := strings.Cut(link, "#")
			if frag != "p-2" {
				t.Errorf("SourceLink(%q, 2) = %q: fragment %q, want p-2", name, link, frag)
			}
			res, body := do(t, h, "GET", target, "", "")
			if res.StatusCode != 200 || !strings.Contains(body, `id="p-2"`) {
				t.Errorf("GET %s (SourceLink of %q): status %d, want the document", target, name, res.StatusCode)
			}
		})
	}
}

// The page keeps what a follow-up needs: an answer's context rides in the
// form, so "and total revenue?" is asked about the company and period of
// the answer before it, and the page says it is a follow-up and how to
// start over (issue 15, item 17).
func TestIndexPageFollowUp(t *testing.T) {
	h := newTestHandler(t, Config{})
	_, body := do(t, h, "GET", "/?q="+url.QueryEscape("cloud revenue in the september quarter"), "", "")
	c := cloudAnswer.Context
	form := regexp.MustCompile(`(?s)<form.*?</form>`).FindString(body)
	for _, want := range []string{
		`<input type="hidden" name="ctx_company" value="` + c.Company + `">`,
		`<input type="hidden" name="ctx_period" value="` + c.Period + `">`,
		`<input type="hidden" name="ctx_segment" value="` + c.Segment + `">`,
		`<input type="hidden" name="ctx_metric" value="` + c.Metric + `">`,
	} {
		if !strings.Contains(form, want) {
			t.Errorf("the form after an answer lacks %s:\n%s", want, form)
		}
	}

	v := url.Values{"q": {"and total revenue?"}, "ctx_company": {c.Company}, "ctx_period": {c.Period}, "ctx_segment": {c.Segment}, "ctx_metric": {c.Metric}}
	_, body = do(t, h, "GET", "/?"+v.Encode(), "", "")
	asked := h.engine.questions()
	if got := asked[len(asked)-1]; got.Context == nil || *got.Context != c {
		t.Errorf("follow-up asked with context %+v, want %+v", got.Context, c)
	}
	if !strings.Contains(body, "Follow-up") || !strings.Contains(body, `href="/"`) {
		t.Errorf("the follow-up page does not say it follows up, or offers no way to start over:\n%s", body)
	}

	// A first question carries no context.
	do(t, h, "GET", "/?q=revenue", "", "")
	asked = h.engine.questions()
	if got := asked[len(asked)-1]; got.Context != nil {
		t.Errorf("a first question was asked with context %+v", got.Context)
	}
}
