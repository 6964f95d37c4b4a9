package convert

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// TestHTMLFixture converts the press release of testdata/formats: page
// furniture gone, headings, list items and the results table kept, the
// metadata read.
func TestHTMLFixture(t *testing.T) {
	b, err := os.ReadFile("../../testdata/formats/corvexa-q3-2025.html")
	if err != nil {
		t.Fatal(err)
	}
	d, err := HTML(b, "", "")
	if err != nil {
		t.Fatal(err)
	}
	want := `# Corvexa Systems Reports Third Quarter 2025 Results

AUSTIN, Texas, Oct. 28, 2025 — Corvexa Systems, Inc. (NASDAQ: CVXA) today announced financial results for its third quarter ended September 30, 2025.

Revenue rose 12% to $4.21 billion in the third quarter, compared with $3.76 billion a year earlier, as demand for its warehouse automation platform broadened across regions.

“Customers are committing to multi-year deployments sooner than we planned,” said Dana Whitlock, chief executive officer of Corvexa.

## Highlights

- Operating income was $612 million, up from $498 million in the third quarter of 2024.
- Net income was $455 million, or $1.87 per diluted share.

## Third quarter results

Condensed results (in millions, except per-share amounts)

|  | Q3 2025 | Q3 2024 | Change |
| --- | --- | --- | --- |
| Revenue | $4,210 | $3,760 | 12% |
| Operating income | $612 | $498 | 23% |
| Net income | $455 | $371 | 23% |
| Diluted earnings per share | $1.87 | $1.52 | 23% |

## About Corvexa

Corvexa Systems builds software and robots that run distribution centres for retailers and manufacturers.
`
	if d.Body != want {
		t.Errorf("body:\n%s\nwant:\n%s", d.Body, want)
	}
	m := d.Meta
	for _, c := range [][2]string{
		{m.Title, "Corvexa Systems Reports Third Quarter 2025 Results"},
		{m.Company, "Corvexa Systems, Inc."},
		{strings.Join(m.Tickers, ","), "NASDAQ:CVXA"},
		{m.Publisher, "Corvexa Investor Relations"},
		{m.Published.Format(time.DateOnly), "2025-10-28"},
		{m.URL, "https://investors.corvexa.example/news/q3-2025-results"},
		{m.Found["published"], "article:published_time"},
	} {
		if c[0] != c[1] {
			t.Errorf("meta: got %q, want %q", c[0], c[1])
		}
	}
	md := d.Markdown()
	if !strings.HasPrefix(md, "---\ntitle: Corvexa Systems Reports Third Quarter 2025 Results\ncompany: Corvexa Systems, Inc.\n") || !strings.HasSuffix(md, "---\n"+want) {
		t.Errorf("Markdown():\n%s", md)
	}
}

// page wraps body in a page with a little furniture around it.
func page(head, body string) []byte {
	return []byte(`<!DOCTYPE html><html><head>` + head + `</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<main>` + body + `</main>
<footer>Copyright 2025 Example Media. All rights reserved.</footer></body></html>`)
}

const lorem = `<p>The company said its order book grew through the quarter, with new customers in three regions and longer contracts from existing ones.</p>`

func TestHTMLDropsFurniture(t *testing.T) {
	for _, tc := range []struct {
		name, body, gone string
	}{
		{"cookie class", `<div class="cookieBanner">Accept our terms</div>`, "Accept our terms"},
		{"cookie text", `<div><p>We use cookies to make this site work.</p><a>OK</a></div>`, "cookies"},
		{"share bar", `<div class="share-tools"><a>Share on X</a></div>`, "Share on X"},
		{"aside", `<aside>Most read today</aside>`, "Most read"},
		{"hidden", `<p hidden>Secret draft</p><p style="display: none">Also secret</p><span aria-hidden="true">Icon</span>`, "ecret"},
		{"script", `<script>var x = "tracking";</script><style>p{}</style>`, "tracking"},
		{"form", `<form><label>Email</label><input name=e><button>Sign up</button></form>`, "Sign up"},
		{"role", `<div role="navigation">Sections</div><div role="complementary">More stories</div>`, "Sections"},
		{"nav", ``, "Home"},
		{"footer", ``, "Copyright"},
	} {
		d, err := HTML(page("", `<article><h1>Results</h1>`+tc.body+lorem+lorem+`</article>`), "", "")
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if strings.Contains(d.Body, tc.gone) || !strings.Contains(d.Body, "order book grew") {
			t.Errorf("%s: body keeps %q or lost the article:\n%s", tc.name, tc.gone, d.Body)
		}
	}
}

func TestHTMLBlocks(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"lists", `<ul><li>One<ul><li>One a</li></ul></li><li><p>Two</p><p>more</p></li></ul><ol start="3"><li>Three</li><li>Four</li></ol>`,
			"- One\n  - One a\n- Two more\n\n3. Three\n4. Four\n"},
		{"line breaks", `<p>Media contact<br>Jane Roe<br> +1 555 0100</p>`, "Media contact\nJane Roe\n+1 555 0100\n"},
		{"spaces", "<p>Revenue\n   rose&nbsp;12%\u200b to\t$4.21&#160;billion.</p>", "Revenue rose 12% to $4.21 billion.\n"},
		{"headings", `<h2>Outlook</h2><h3>Full <em>year</em></h3><p>Text.</p>`, "## Outlook\n\n### Full year\n\nText.\n"},
		{"pre", "<pre>Revenue     4,210    3,760\nNet income    455      371\n</pre>", "Revenue     4,210    3,760\nNet income    455      371\n"},
		{"table th header", `<table><tr><th>Segment</th><th>Revenue</th></tr><tr><td>Cloud</td><td>1,204</td></tr></table>`,
			"| Segment | Revenue |\n| --- | --- |\n| Cloud | 1,204 |\n"},
		{"table no header", `<table><tr><td>Cloud</td><td>1,204</td></tr><tr><td>Retail</td><td>(35</td><td>)</td></tr></table>`,
			"| Cloud | 1,204 |\n| --- | --- |\n| Retail | (35) |\n"},
		{"table pipe in cell", `<table><tr><td>A|B</td><td>1</td></tr></table>`, "| A\\|B | 1 |\n| --- | --- |\n"},
		{"table spans", `<table><thead><tr><th></th><th colspan="2">Three months</th></tr><tr><th></th><th>2025</th><th>2024</th></tr></thead><tr><td>Revenue</td><td>9</td><td>8</td></tr></table>`,
			"|  | Three months |  |\n|  | 2025 | 2024 |\n| --- | --- | --- |\n| Revenue | 9 | 8 |\n"},
		{"layout table", `<table><tr><td><p>Only one column of prose.</p></td></tr></table>`, "Only one column of prose.\n"},
		{"nested layout table", `<table><tr><td><table><tr><td>EPS</td><td>1.87</td></tr></table></td><td>Side</td></tr></table>`,
			"| EPS | 1.87 |\n| --- | --- |\n\nSide\n"},
	} {
		// Rendered directly: readability is free to pick what it likes
		// from a page this small.
		root := parseForTest(t, tc.in)
		if got := render(root); got != tc.want {
			t.Errorf("%s: render(%q) =\n%q\nwant\n%q", tc.name, tc.in, got, tc.want)
		}
	}
}

func TestHTMLMeta(t *testing.T) {
	body := `<article><h1>Heading one</h1>` + lorem + lorem + `</article>`
	for _, tc := range []struct {
		name, head, url                        string
		title, published, canonical, publisher string
	}{
		{"json-ld", `<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","headline":"LD headline","datePublished":"2025-03-04T10:00:00Z","publisher":{"name":"LD Wire"}}]}</script>`,
			"", "LD headline", "2025-03-04", "", "LD Wire"},
		{"title and meta date", `<title>Page title</title><meta name="date" content="Mar 5, 2025"><link rel="canonical" href="/a/b">`,
			"https://news.example/x?y=1", "Page title", "2025-03-05", "https://news.example/a/b", ""},
		{"h1 only", `<meta property="og:url" content="https://e.example/p">`, "", "Heading one", "", "https://e.example/p", ""},
		{"no canonical", ``, "https://e.example/fetched", "Heading one", "", "https://e.example/fetched", ""},
		{"bad values", `<meta property="article:published_time" content="soon"><link rel="canonical" href="javascript:alert(1)">`, "", "Heading one", "", "", ""},
	} {
		d, err := HTML(page(tc.head, body), "", tc.url)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		pub := ""
		if !d.Meta.Published.IsZero() {
			pub = d.Meta.Published.Format(time.DateOnly)
		}
		got := [4]string{d.Meta.Title, pub, d.Meta.URL, d.Meta.Publisher}
		if want := [4]string{tc.title, tc.published, tc.canonical, tc.publisher}; got != want {
			t.Errorf("%s: title, published, url, publisher = %q, want %q", tc.name, got, want)
		}
	}
}

func TestHTMLCharset(t *testing.T) {
	in := page(`<meta charset="windows-1252">`, "<article><h1>Caf\xe9 results</h1><p>Sales rose 4% to \x80120 million, the caf\xe9 chain said in a statement on its quarter.</p>"+lorem+"</article>")
	d, err := HTML(in, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(d.Body, "Sales rose 4% to €120 million, the café chain") {
		t.Errorf("body not decoded from windows-1252:\n%s", d.Body)
	}
	d, err = HTML([]byte("<p>\xe9t\xe9 sales</p>"), "text/html; charset=iso-8859-1", "")
	if err != nil || !strings.Contains(d.Body, "été sales") {
		t.Errorf("Content-Type charset not used: %v\n%s", err, d.Body)
	}
}

func TestHTMLErrors(t *testing.T) {
	for _, in := range []string{"", "<html><body><nav>Home</nav><script>x()</script></body></html>", "   "} {
		if _, err := HTML([]byte(in), "", ""); !errors.Is(err, ErrNoText) {
			t.Errorf("HTML(%q) = %v, want ErrNoText", in, err)
		}
	}
	if _, err := HTML(make([]byte, MaxHTML+1), "", ""); !errors.Is(err, ErrTooLarge) {
		t.Errorf("HTML(too large) = %v, want ErrTooLarge", err)
	}
}

// TestHTMLDeep: nesting beyond any real page is cut (past maxDepth) or
// refused (past the parser's 512), not followed.
func TestHTMLDeep(t *testing.T) {
	in := strings.Repeat("<div>", 400) + "deep" + strings.Repeat("</div>", 400) + "<p>Shallow text that stays in the document body.</p>"
	d, err := HTML([]byte(in), "", "")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(d.Body, "deep") || !strings.Contains(d.Body, "Shallow") {
		t.Errorf("body keeps text nested 400 deep, or lost the rest:\n%s", d.Body)
	}
	in = strings.Repeat("<div>", 100000) + "deep"
	if _, err := HTML([]byte(in), "", ""); !errors.Is(err, ErrHTML) {
		t.Errorf("HTML(100,000 nested divs) = %v, want ErrHTML", err)
	}
}

func parseForTest(t *testing.T, s string) *html.Node {
	t.Helper()
	n, err := html.Parse(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return n
}
