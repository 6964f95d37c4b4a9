package convert

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzHTML: any input converts or fails with an error, never panics, and
// the kept text is valid UTF-8 without NUL bytes (corpus.Load refuses
// those).
func FuzzHTML(f *testing.F) {
	if b, err := os.ReadFile("../../testdata/formats/corvexa-q3-2025.html"); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`<table><tr><td colspan=99>$</td><td>(1</td><td>)</td></tr></table><ol start=-4><li>x`))
	f.Add([]byte("<meta charset=shift_jis><p>\x82\xa0</p><time datetime='2025-13-45'>"))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := HTML(b, "", "https://example.com/a")
		if err != nil {
			return
		}
		checkKept(t, d)
	})
}

// FuzzPDF: any input converts or fails with an error, never panics.
func FuzzPDF(f *testing.F) {
	if b, err := os.ReadFile("../../testdata/formats/lumatrine-q3-2025.pdf"); err == nil {
		f.Add(b)
	}
	f.Add(makePDF(map[string]string{"Title": "T"}, []run{at(72, 700, "Revenue rose 12%."), {18, 72, 720, "Head"}}))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := PDF(b)
		if err != nil {
			return
		}
		checkKept(t, d)
	})
}

func checkKept(t *testing.T, d Document) {
	t.Helper()
	md := d.Markdown()
	if !utf8.ValidString(md) || strings.ContainsRune(md, 0) {
		t.Fatalf("kept text is not clean UTF-8: %q", md)
	}
}
