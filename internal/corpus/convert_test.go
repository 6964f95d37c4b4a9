package corpus

import (
	"errors"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/resultsbot/resultsbot/internal/convert"
)

func fixture(t *testing.T, name string) *fstest.MapFile {
	t.Helper()
	b, err := os.ReadFile("../../testdata/formats/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return &fstest.MapFile{Data: b}
}

// TestLoadConverted: web pages and PDF files load as their converted text,
// which their passages index into; the hash still covers the files' bytes.
func TestLoadConverted(t *testing.T) {
	fsys := fstest.MapFS{
		"corvexa.HTM":   fixture(t, "corvexa-q3-2025.html"),
		"lumatrine.pdf": fixture(t, "lumatrine-q3-2025.pdf"),
		"broken.pdf":    file("%PDF-1.4\nnot really"),
		"empty.html":    file("<html><body><nav>Home</nav></body></html>"),
	}
	c, errs := Load(fsys)
	if len(errs) != 2 || !errors.Is(errs[0], convert.ErrPDF) || !errors.Is(errs[1], convert.ErrNoText) {
		t.Errorf("Load: errors %v, want broken.pdf (ErrPDF) and empty.html (ErrNoText)", errs)
	}
	if len(c.Docs) != 2 {
		t.Fatalf("Load: %d documents, want 2", len(c.Docs))
	}
	for _, d := range c.Docs {
		if !strings.HasPrefix(d.Raw, "---\ntitle: ") {
			t.Errorf("%s: Raw is not the converted Markdown:\n%.200s", d.Path, d.Raw)
		}
		for _, p := range d.Passages {
			if d.Raw[p.Start:p.End] != p.Text {
				t.Errorf("%s: passage %d: Raw[%d:%d] != %q", d.Path, p.Seq, p.Start, p.End, p.Text)
			}
			if strings.Contains(p.Text, "--- page") {
				t.Errorf("%s: the page marker is a passage: %q", d.Path, p.Text)
			}
		}
	}
	html, pdf := c.Docs[0], c.Docs[1]
	if m := html.Meta; m.Title != "Corvexa Systems Reports Third Quarter 2025 Results" || m.Company != "Corvexa Systems, Inc." ||
		m.Publisher != "Corvexa Investor Relations" || m.Published.Format("2006-01-02") != "2025-10-28" || m.URL == "" {
		t.Errorf("%s: meta %+v", html.Path, m)
	}
	if m := pdf.Meta; m.Company != "Lumatrine Energy plc" || m.Published.Format("2006-01-02") != "2025-11-06" {
		t.Errorf("%s: meta %+v", pdf.Path, m)
	}
	var quote string
	pages := map[int]bool{}
	for _, p := range pdf.Passages {
		if strings.HasPrefix(p.Text, "Revenue increased 9%") {
			quote = p.Text
			if got := convert.PageAt(pdf.Raw, p.Start); got != 1 {
				t.Errorf("PageAt(%q) = %d, want 1", p.Text, got)
			}
		}
		if want := convert.PageAt(pdf.Raw, p.Start); p.Page != want || p.Page == 0 {
			t.Errorf("%s: passage %q: Page %d, want %d", pdf.Path, p.Text, p.Page, want)
		}
		pages[p.Page] = true
	}
	if quote == "" {
		t.Errorf("no passage of the PDF states its revenue")
	}
	if len(pdf.Pages) != 2 || !pages[1] || !pages[2] {
		t.Errorf("%s: Pages %+v, passages on pages %v; want two pages, each with passages", pdf.Path, pdf.Pages, pages)
	}
	for _, pg := range pdf.Pages {
		if got := pdf.Raw[pg.Start:pg.End]; got != convert.PageMarker(pg.N) {
			t.Errorf("%s: page %d at %q", pdf.Path, pg.N, got)
		}
	}
	for _, p := range html.Passages {
		if p.Page != 0 || html.Pages != nil {
			t.Errorf("%s: a web page has pages: passage %q on page %d", html.Path, p.Text, p.Page)
		}
	}

	// The hash is over file bytes: a byte of the page changes it.
	h := c.Hash
	fsys["corvexa.HTM"] = &fstest.MapFile{Data: append([]byte("<!-- -->"), fsys["corvexa.HTM"].Data...)}
	if c2, _ := Load(fsys); c2.Hash == h {
		t.Errorf("Hash unchanged when a converted file's bytes change")
	}
}

// TestLoadConvertedRegistry: a company of the registry named in a page
// decides, not the converter's reading of the lead.
func TestLoadConvertedRegistry(t *testing.T) {
	fsys := fstest.MapFS{
		RegistryFile: file("- name: Corvexa Holdings\n  short: Corvexa\n  tickers: [NASDAQ:CVXA]\n"),
		"c.html":     fixture(t, "corvexa-q3-2025.html"),
	}
	c, errs := Load(fsys)
	if len(errs) > 0 || len(c.Docs) != 1 {
		t.Fatalf("Load: %d docs, errors %v", len(c.Docs), errs)
	}
	if got := c.Docs[0].Meta.Company; got != "Corvexa Holdings" {
		t.Errorf("company %q, want the registry's Corvexa Holdings", got)
	}
	if len(c.Companies) != 1 {
		t.Errorf("companies %v, want only the registry's", c.Companies)
	}
}

// FuzzLoadConverted: any web page loads or is reported, and the passages
// of its converted text keep the offsets invariant.
func FuzzLoadConverted(f *testing.F) {
	f.Add("<h1>T</h1><p>Revenue rose 12% to $4.21 billion. Profit fell.</p><table><tr><td>a</td><td>1</td></tr></table>")
	f.Add("<meta property='og:title' content='---'><p>---\ntitle: [</p>")
	f.Fuzz(func(t *testing.T, content string) {
		c, errs := Load(fstest.MapFS{"d.html": file(content)})
		if len(c.Docs) == 0 {
			if len(errs) == 0 || !strings.HasPrefix(errs[0].Error(), "d.html: ") {
				t.Fatalf("Load(%q): no doc and errors %v", content, errs)
			}
			return
		}
		d := c.Docs[0]
		prev := 0
		for i, p := range d.Passages {
			if p.Start < prev || p.End <= p.Start || p.End > len(d.Raw) || d.Raw[p.Start:p.End] != p.Text || p.Seq != i {
				t.Fatalf("Load(%q): passage %d [%d,%d) %q breaks the offsets invariant", content, i, p.Start, p.End, p.Text)
			}
			prev = p.End
		}
	})
}
