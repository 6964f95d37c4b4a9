package web

import (
	"os"
	"path"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/resultsbot/resultsbot/internal/corpus"
)

// sourceTag lists the elements a source page is made of; anything else
// would be markup of a document let through.
var sourceTag = func() map[string]bool {
	m := map[string]bool{}
	for _, t := range strings.Fields("html head meta title link style body a header p main article h1 h2 h3 h4 h5 h6 " +
		"span time div ul ol li table caption thead tbody tr th td code footer script") {
		m[t] = true
	}
	return m
}()

// checkSourcePage parses a source page and checks that it is made of the
// page's own elements only and that every passage of d has its anchor
// (id="p-N") exactly once.
func checkSourcePage(t *testing.T, d *corpus.Document, body string) {
	t.Helper()
	root, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatalf("%s: %v", d.Path, err)
	}
	ids := map[string]int{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if !sourceTag[n.Data] {
				t.Errorf("%s: the page has a <%s> element", d.Path, n.Data)
			}
			for _, a := range n.Attr {
				if a.Key == "id" {
					ids[a.Val]++
				}
				if strings.HasPrefix(a.Key, "on") || a.Key == "style" {
					t.Errorf("%s: <%s %s=%q>", d.Path, n.Data, a.Key, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	for _, p := range d.Passages {
		if n := ids[passageID(p.Seq)]; n != 1 {
			t.Errorf("%s: passage %d (%.40q) has %d anchors, want 1", d.Path, p.Seq, p.Text, n)
		}
	}
}

// TestSourcePageDocuments: every test document, as loaded, is served as a
// page of the page's own markup with an anchor for each of its passages.
func TestSourcePageDocuments(t *testing.T) {
	for _, dir := range []string{"../../../testdata/formats", "../../../testdata/tables"} {
		c, _ := corpus.Load(os.DirFS(dir))
		for _, d := range c.Docs {
			h := New(Config{}, &engine{}, sources{d.Path: d}, nil, nil)
			res, body := do(t, h, "GET", "/sources/"+d.Path, "", "")
			if res.StatusCode != 200 {
				t.Errorf("%s: status %d", d.Path, res.StatusCode)
				continue
			}
			checkSourcePage(t, d, body)
		}
	}
}

// TestSourcePageTable: a table block is an HTML table: header rows in
// <thead> as <th scope="col"> (a heading over several columns spans them),
// row labels as <th scope="row"> indented under their parent row, figures
// aligned right, each row that is a passage anchored and markable, the
// table labelled by its caption; the document's own HTML is not passed on.
func TestSourcePageTable(t *testing.T) {
	raw, err := os.ReadFile("../../../testdata/tables/sterling-quay-q2-2025-html.md")
	if err != nil {
		t.Fatal(err)
	}
	d := tableDoc(t, "sterling.md", string(raw))
	h := New(Config{}, &engine{}, sources{d.Path: d}, nil, nil)
	_, body := do(t, h, "GET", "/sources/sterling.md", "", "")
	checkSourcePage(t, d, body)
	seq := func(prefix string) string {
		for _, p := range d.Passages {
			if strings.Contains(p.Text, prefix) {
				return strconv.Itoa(p.Seq)
			}
		}
		t.Fatalf("no passage holds %q", prefix)
		return ""
	}
	for _, want := range []string{
		`<div class="table" role="region" aria-labelledby="t-0" tabindex="0">`,
		`<caption id="t-0">Results 1</caption>`,
		`<thead>` + "\n" + `<tr id="p-` + seq("Three Months") + `" class="p"><th scope="col">(in millions, except per share amounts)</th><th scope="colgroup" colspan="2">Three Months Ended June 30,</th><th scope="colgroup" colspan="2">Six Months Ended June 30,</th></tr>`,
		`<tr id="p-` + seq("Net sales:") + `" class="p"><th scope="row">Net sales:</th><td></td>`,
		`<tr id="p-` + seq("Life Sciences") + `" class="p"><th scope="row" class="i1">Life Sciences</th><td class="num">$642.3</td><td class="num">$598.0</td>`,
		`<th scope="row">Other expense, net</th><td class="num">(4.1)</td>`,
		`.doc tr.p:target > *`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	for _, unwant := range []string{`<b>`, `&lt;td`, `&amp;nbsp;`, `align=`} {
		if strings.Contains(body, unwant) {
			t.Errorf("page has %s", unwant)
		}
	}
}

// TestSourcePageFormats: the converted web page shows its results table as
// a table, the cited row anchored; the converted PDF labels where each page
// begins.
func TestSourcePageFormats(t *testing.T) {
	c, _ := corpus.Load(os.DirFS("../../../testdata/formats"))
	page := func(doc string) (*corpus.Document, string) {
		d, ok := c.Doc(doc)
		if !ok {
			t.Fatalf("no %s", doc)
		}
		h := New(Config{}, &engine{}, sources{d.Path: d}, nil, nil)
		_, body := do(t, h, "GET", "/sources/"+path.Clean(doc), "", "")
		return d, body
	}
	seq := func(d *corpus.Document, prefix string) string {
		for _, p := range d.Passages {
			if strings.HasPrefix(p.Text, prefix) {
				return strconv.Itoa(p.Seq)
			}
		}
		t.Fatalf("%s: no passage starts %q", d.Path, prefix)
		return ""
	}

	d, body := page("corvexa-q3-2025.html")
	for _, want := range []string{
		`<caption id="t-`,
		`<tr id="p-` + seq(d, "|  | Q3 2025") + `" class="p"><td></td><th scope="col">Q3 2025</th><th scope="col">Q3 2024</th><th scope="col">Change</th></tr>` + "\n</thead>",
		`<tr id="p-` + seq(d, "| Revenue |") + `" class="p"><th scope="row">Revenue</th><td class="num">$4,210</td><td class="num">$3,760</td><td class="num">12%</td></tr>`,
		`<h2 class="p" id="p-0">Corvexa Systems Reports Third Quarter 2025 Results</h2>`,
		`<h3 class="p" id="p-` + seq(d, "Highlights") + `">Highlights</h3>` + "\n<ul>\n<li>",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("%s: page lacks %s", d.Path, want)
		}
	}

	d, body = page("lumatrine-q3-2025.pdf")
	one := strings.Index(body, `<p class="page" id="page-1">Page 1</p>`)
	two := strings.Index(body, `<p class="page" id="page-2">Page 2</p>`)
	revenue := strings.Index(body, `id="p-`+seq(d, "Revenue increased 9%")+`"`)
	outlook := strings.Index(body, `id="p-`+seq(d, "Outlook")+`"`)
	if one < 0 || two < 0 || !(one < revenue && revenue < two && two < outlook) {
		t.Errorf("%s: page labels at %d and %d, revenue (page 1) at %d, outlook (page 2) at %d", d.Path, one, two, revenue, outlook)
	}
	if strings.Contains(body, "--- page") {
		t.Errorf("%s: a page marker is shown as text", d.Path)
	}
}
