package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	resultsbot "github.com/resultsbot/resultsbot"
)

// goodDoc is the embedded document the small corpora are made of; it
// answers the cloud question on its own.
const goodDoc = "alibaba/000_71f203a5f6e6826d.md"

// writeFiles writes files (path relative to dir: content) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, content := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// embedded returns the embedded corpus file p.
func embedded(t *testing.T, p string) string {
	t.Helper()
	b, err := fs.ReadFile(resultsbot.Corpus(), p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// smallCorpus returns a directory holding the company registry and one
// good document, copied from the embedded corpus: small enough to load
// quickly, enough to answer the cloud question.
func smallCorpus(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"companies.yaml": embedded(t, "companies.yaml"),
		goodDoc:          embedded(t, goodDoc),
	})
	return dir
}

// brokenFiles are files that must not load, each for its own reason.
var brokenFiles = map[string]string{
	"bad-front-matter.md": "---\ntitle: [unclosed\npublished: 2025-11-25\n---\nCloud revenue rose 34%.\n",
	"binary.txt":          "GIF89a\x00\x01\x02\x03\x00\x00cloud revenue",
	"nested/latin1.md":    "Cloud revenue caf\xe9 rose 34%.\n",
}

// TestAskCorpusWithBrokenFiles: ask --corpus warns about each file it
// cannot load, names it, and answers from the rest.
func TestAskCorpusWithBrokenFiles(t *testing.T) {
	t.Parallel()
	dir := smallCorpus(t)
	writeFiles(t, dir, brokenFiles)

	r := run(t, "ask", "--corpus", dir, "--json", cloudQuestion)
	if r.code != exitOK {
		t.Fatalf("ask --corpus DIR: exit %d, want 0 (answer from what loaded); stderr:\n%s", r.code, r.stderr)
	}
	for name := range brokenFiles {
		if !strings.Contains(r.stderr, "warning") || !strings.Contains(r.stderr, name) {
			t.Errorf("stderr does not warn about %s:\n%s", name, r.stderr)
		}
	}
	a := decodeOne(t, r.stdout)
	if !a.Answered || !strings.Contains(a.Answer, cloudFigure) {
		t.Errorf("answered %v %q, want the %s answer from %s", a.Answered, a.Answer, cloudFigure, goodDoc)
	}
	if len(a.Citations) == 0 {
		t.Errorf("no citations")
	}
	for _, c := range a.Citations {
		if c.Doc != goodDoc {
			t.Errorf("citation of %q; only %s loaded", c.Doc, goodDoc)
		}
	}
	checkCitations(t, os.DirFS(dir), a.Citations)
}

// TestIndexCorpusWithBrokenFiles: index lists every problem and exits 1.
func TestIndexCorpusWithBrokenFiles(t *testing.T) {
	t.Parallel()
	dir := smallCorpus(t)
	writeFiles(t, dir, brokenFiles)

	r := run(t, "index", "--corpus", dir, "--index", t.TempDir())
	if r.code != exitFail {
		t.Errorf("index over broken files: exit %d, want 1\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	for name, why := range map[string]string{
		"bad-front-matter.md": "front matter",
		"binary.txt":          "not text",
		"nested/latin1.md":    "UTF-8",
	} {
		found := false
		for _, line := range strings.Split(r.stdout, "\n") {
			found = found || strings.Contains(line, name) && strings.Contains(line, why)
		}
		if !found {
			t.Errorf("index does not list %s (%s):\n%s", name, why, r.stdout)
		}
	}
	if !strings.Contains(r.stdout, goodDoc) {
		t.Errorf("index does not report the document it loaded, %s:\n%s", goodDoc, r.stdout)
	}
}

// TestIndexReuse: index builds an on-disk index, a second run reuses it,
// ask --index answers from it without rebuilding, and a changed document
// rebuilds it.
func TestIndexReuse(t *testing.T) {
	t.Parallel()
	dir := smallCorpus(t)
	ix := t.TempDir()

	r := run(t, "index", "--corpus", dir, "--index", ix)
	if r.code != exitOK || !strings.Contains(r.stdout, "index built") {
		t.Fatalf("first index: exit %d, want 0 and \"index built\"\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	r = run(t, "index", "--corpus", dir, "--index", ix)
	if r.code != exitOK || !strings.Contains(r.stdout, "reused") {
		t.Fatalf("second index: exit %d, want 0 and \"reused\"\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}

	// A rebuild starts from an empty directory, so a file planted in the
	// index survives only if the index is reused.
	marker := filepath.Join(ix, "bleve", "reuse-marker")
	if err := os.WriteFile(marker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	r = run(t, "ask", "--corpus", dir, "--index", ix, "--json", cloudQuestion)
	if r.code != exitOK {
		t.Fatalf("ask --index: exit %d, want 0; stderr:\n%s", r.code, r.stderr)
	}
	if a := decodeOne(t, r.stdout); !a.Answered || !strings.Contains(a.Answer, cloudFigure) {
		t.Errorf("ask --index: answered %v %q, want the %s answer", a.Answered, a.Answer, cloudFigure)
	}
	if _, err := os.Stat(marker); err != nil {
		t.Errorf("ask --index rebuilt the index of an unchanged corpus (marker: %v)", err)
	}

	// Changing a document changes the corpus hash: the index is rebuilt.
	writeFiles(t, dir, map[string]string{goodDoc: embedded(t, goodDoc) + "\nAn added sentence about the weather.\n"})
	r = run(t, "index", "--corpus", dir, "--index", ix)
	if r.code != exitOK || !strings.Contains(r.stdout, "index built") {
		t.Errorf("index after a change: exit %d, want 0 and \"index built\"\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Errorf("index after a change kept the old index directory")
	}
}
