package main

import (
	"os"
	"path"
	"strings"
	"testing"

	"github.com/resultsbot/resultsbot/internal/corpus"
)

// formatsDir is a corpus with a document in every format bot reads.
const formatsDir = "../../testdata/formats"

// TestAskEveryFormat: a corpus holding a .md, a .txt, an .html press
// release with a results table and a .pdf answers a question from each,
// citing it verbatim: the quote is the document's kept text at the cited
// offsets (the file itself for .md and .txt, the converted text for .html
// and .pdf).
func TestAskEveryFormat(t *testing.T) {
	t.Parallel()
	c, _ := corpus.Load(os.DirFS(formatsDir))
	for _, tc := range []struct {
		question, doc, figure string
		page                  int // of the cited passage: 0 for a source without pages
	}{
		{"What were Brindlewood's net sales in the third quarter?", "brindlewood-q3-2025.md", "$1.42 billion", 0},
		{"What was Taskel's revenue in the third quarter?", "2025-11-04-taskel-q3.txt", "€860 million", 0},
		{"What was Corvexa's revenue in the third quarter?", "corvexa-q3-2025.html", "$4.21 billion", 0},
		{"What was Lumatrine's revenue in the third quarter?", "lumatrine-q3-2025.pdf", "£1.18 billion", 1},
	} {
		r := run(t, "ask", "--corpus", formatsDir, "--json", tc.question)
		if r.code != exitOK || r.stderr != "" {
			t.Errorf("ask %q: exit %d, stderr:\n%s", tc.question, r.code, r.stderr)
		}
		a := decodeOne(t, r.stdout)
		if !a.Answered || !strings.Contains(a.Answer, tc.figure) || len(a.Citations) == 0 {
			t.Errorf("ask %q: answered %v %q with %d citations, want %s", tc.question, a.Answered, a.Answer, len(a.Citations), tc.figure)
			continue
		}
		stated := false
		for _, ct := range a.Citations {
			d, ok := c.Doc(ct.Doc)
			if ct.Doc != tc.doc || !ok {
				t.Errorf("ask %q: cites %s, want %s", tc.question, ct.Doc, tc.doc)
				continue
			}
			// A sentence states the figure as the answer writes it; a
			// table row as the table does ("$4,210" in millions).
			stated = stated || strings.Contains(ct.Quote, tc.figure)
			if got := d.Raw[*ct.Start:*ct.End]; got != ct.Quote || ct.Column == "" && !strings.Contains(ct.Quote, tc.figure) {
				t.Errorf("ask %q: %s[%d:%d] = %q, quote %q", tc.question, ct.Doc, *ct.Start, *ct.End, got, ct.Quote)
			}
			if want := tc.page; ct.Page != want {
				t.Errorf("ask %q: cites page %d of %s, want %d", tc.question, ct.Page, ct.Doc, want)
			}
			if ext := path.Ext(ct.Doc); ext == ".md" || ext == ".txt" {
				b, _ := os.ReadFile(path.Join(formatsDir, ct.Doc))
				if string(b[*ct.Start:*ct.End]) != ct.Quote {
					t.Errorf("ask %q: the quote is not the file's bytes", tc.question)
				}
			}
		}
		if !stated {
			t.Errorf("ask %q: no citation states %s", tc.question, tc.figure)
		}
	}
}

// TestIndexNamesEveryFile: bot index names each file it does not load
// with the reason; files of other types do not fail it, documents that
// cannot be read do.
func TestIndexNamesEveryFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"a.md":            "# A\n\nRevenue rose 5% to $10 million in the quarter.\n",
		"deck.pptx":       "PK\x03\x04",
		"data/sheet.xlsx": "PK\x03\x04",
		"README.md":       "Notes.",
		".DS_Store":       "\x00\x00",
		"_drafts/x.docx":  "PK",
		"companies.yaml":  "- name: A Corp\n",
	})
	r := run(t, "index", "--corpus", dir, "--index", t.TempDir())
	if r.code != exitOK {
		t.Errorf("index: exit %d, want 0 (other types are named, not failures); stderr:\n%s", r.code, r.stderr)
	}
	for _, want := range []string{"skipped 2 files:", "deck.pptx: unsupported type: .pptx", "data/sheet.xlsx: unsupported type: .xlsx"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("index output lacks %q:\n%s", want, r.stdout)
		}
	}
	writeFiles(t, dir, map[string]string{"broken.pdf": "%PDF-1.4 broken"})
	r = run(t, "index", "--corpus", dir, "--index", t.TempDir())
	if r.code != exitFail || !strings.Contains(r.stdout, "broken.pdf: unreadable PDF") {
		t.Errorf("index with a broken PDF: exit %d, want 1, naming it; stdout:\n%s", r.code, r.stdout)
	}
}
