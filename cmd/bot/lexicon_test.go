package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/resultsbot/resultsbot/internal/lexicon"
)

// ridershipLexicon is the embedded lexicon with one metric more.
func ridershipLexicon() []byte {
	return []byte(strings.Replace(string(lexicon.DefaultYAML()), "metrics:\n",
		"metrics:\n  - name: ridership\n    patterns: ['ridership']\n", 1))
}

// runLex runs the command line with the lexicon file lex.
func runLex(t *testing.T, lex []byte, args ...string) result {
	t.Helper()
	m, stdout, stderr := testMain(nil)
	m.Lexicon = lex
	code := m.Run(t.Context(), args)
	return result{code, stdout.String(), stderr.String()}
}

// TestIndexRebuiltForAnotherLexicon builds an on-disk index with one
// lexicon and opens it with another: the index is rebuilt, not misread.
// The same lexicon again reuses it.
func TestIndexRebuiltForAnotherLexicon(t *testing.T) {
	t.Parallel()
	dir := smallCorpus(t)
	ix := t.TempDir()
	if r := runLex(t, nil, "index", "--corpus", dir, "--index", ix); r.code != exitOK || !strings.Contains(r.stdout, "index built") {
		t.Fatalf("first index: exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	marker := filepath.Join(ix, "bleve", "reuse-marker")
	if err := os.WriteFile(marker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runLex(t, nil, "index", "--corpus", dir, "--index", ix); r.code != exitOK || !strings.Contains(r.stdout, "reused") {
		t.Fatalf("same lexicon: exit %d, want the index reused\nstdout:\n%s", r.code, r.stdout)
	}
	r := runLex(t, ridershipLexicon(), "index", "--corpus", dir, "--index", ix)
	if r.code != exitOK || !strings.Contains(r.stdout, "index built") {
		t.Errorf("changed lexicon: exit %d, want the index rebuilt\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Errorf("changed lexicon: the old index directory was kept")
	}
	// Asking with the changed lexicon reuses what it built.
	if r := runLex(t, ridershipLexicon(), "index", "--corpus", dir, "--index", ix); !strings.Contains(r.stdout, "reused") {
		t.Errorf("changed lexicon again: want the index reused\nstdout:\n%s", r.stdout)
	}
}

// TestRegistryCheckedAgainstLexicon: a registry segment the lexicon reads
// as another segment is reported at load, by name.
func TestRegistryCheckedAgainstLexicon(t *testing.T) {
	t.Parallel()
	dir := smallCorpus(t)
	registry := embedded(t, "companies.yaml") + "\n- name: Quillon Media\n  segments:\n    marketing services: [Marketing Services]\n"
	writeFiles(t, dir, map[string]string{"companies.yaml": registry})
	r := run(t, "index", "--corpus", dir, "--index", t.TempDir())
	if r.code != exitFail || !strings.Contains(r.stdout, "companies.yaml") || !strings.Contains(r.stdout, `"Marketing Services" as segment "advertising"`) {
		t.Errorf("index: exit %d, want 1 and the conflict named\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
}

func TestAskExplain(t *testing.T) {
	t.Parallel()
	r := run(t, "ask", "--explain", cloudQuestion)
	if r.code != exitOK {
		t.Fatalf("ask --explain: exit %d; stderr:\n%s", r.code, r.stderr)
	}
	_, how, ok := strings.Cut(r.stdout, "\nHow it was chosen:\n")
	if !ok {
		t.Fatalf("ask --explain: no explanation\n%s", r.stdout)
	}
	for _, want := range []string{"understood:", "retrieved:", "candidate ", "metric: the metric asked", "segment: the segment asked", "relevance:", "(chosen)"} {
		if !strings.Contains(how, want) {
			t.Errorf("explanation lacks %q:\n%s", want, how)
		}
	}

	r = run(t, "ask", "--json", "--explain", cloudQuestion)
	a := decodeOne(t, r.stdout)
	var raw struct {
		Explain *struct {
			Value    float64           `json:"value"`
			Message  string            `json:"message"`
			Children []json.RawMessage `json:"children"`
		} `json:"explain"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &raw); err != nil {
		t.Fatal(err)
	}
	if !a.Answered || raw.Explain == nil || raw.Explain.Value <= 0 || len(raw.Explain.Children) < 4 {
		t.Errorf("ask --json --explain: explain = %+v", raw.Explain)
	}
	// Without the flag there is no explain key.
	if r := run(t, "ask", "--json", cloudQuestion); strings.Contains(r.stdout, `"explain"`) {
		t.Errorf("ask --json without --explain has an explain key")
	}
}
