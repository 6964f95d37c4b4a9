package facts

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	resultsbot "github.com/resultsbot/resultsbot"
	"github.com/resultsbot/resultsbot/internal/corpus"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/**/*.txtar from the facts extracted")

// goldenCorpora are the test documents whose every fact is a golden: the
// embedded corpus and the second test corpus.
var goldenCorpora = []struct {
	name string
	fsys func() fs.FS
}{
	{"corpus", resultsbot.Corpus},
	{"corpus2", func() fs.FS { return os.DirFS("../../testdata/corpus2") }},
	{"tables", func() fs.FS { return os.DirFS("../../testdata/tables") }},
}

// TestFactGoldens extracts the facts of every test document as the engine
// does (corpus.Load, then ExtractDocument) and compares them with
// testdata/golden/<corpus>/<document>.txtar: one txtar archive per
// document, one section per passage that states facts, one line per fact.
// A spurious fact shows in review as clearly as a missing one. Regenerate
// with
//
//	go test ./internal/facts -run FactGoldens -update
//
// The format is txtar (golang.org/x/tools/txtar): plain text that diffs
// well, with named sections, which is what Go's own golden tests use.
func TestFactGoldens(t *testing.T) {
	for _, gc := range goldenCorpora {
		t.Run(gc.name, func(t *testing.T) {
			c, problems := corpus.Load(gc.fsys())
			for _, err := range problems {
				if !errors.Is(err, corpus.ErrUnsupported) { // eval.json beside the documents
					t.Fatal(err)
				}
			}
			e := New(testLexicon(t), c.Companies)
			dir := filepath.Join("testdata", "golden", gc.name)
			want := map[string]bool{}
			for _, d := range c.Docs {
				file := filepath.Join(dir, filepath.FromSlash(d.Path)+".txtar")
				want[file] = true
				got := txtar.Format(factArchive(gc.name, d, e))
				if *update {
					if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(file, got, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				old, err := os.ReadFile(file)
				if err != nil {
					t.Errorf("%v (run with -update to create it)", err)
					continue
				}
				if !bytes.Equal(old, got) {
					t.Errorf("%s: facts differ from the golden (run with -update and review the diff):\n%s", d.Path, diffLines(string(old), string(got)))
				}
			}
			// A golden whose document is gone is stale.
			filepath.WalkDir(dir, func(p string, de fs.DirEntry, err error) error {
				if err == nil && !de.IsDir() && !want[p] {
					if *update {
						os.Remove(p)
					} else {
						t.Errorf("%s: no such document (run with -update to remove it)", p)
					}
				}
				return nil
			})
		})
	}
}

// factArchive lists d's facts by passage.
func factArchive(corpusName string, d *corpus.Document, e *Extractor) *txtar.Archive {
	a := &txtar.Archive{Comment: []byte(fmt.Sprintf(`Facts internal/facts extracts from %s:%s, by passage (one section per
passage that states any, the passage quoted after "> ").
Each fact: kind | company | segment | metric | period | value | change | qualifiers | label
Regenerate with: go test ./internal/facts -run FactGoldens -update
`, corpusName, d.Path))}
	byPassage := map[string][]Fact{}
	for _, f := range e.ExtractDocument(d) {
		byPassage[f.Passage] = append(byPassage[f.Passage], f)
	}
	for _, p := range d.Passages {
		fs := byPassage[p.ID]
		if len(fs) == 0 {
			continue
		}
		var b strings.Builder
		for _, line := range strings.Split(p.Text, "\n") {
			b.WriteString("> " + line + "\n")
		}
		for _, f := range fs {
			b.WriteString(factLine(f) + "\n")
		}
		a.Files = append(a.Files, txtar.File{Name: "#" + strconv.Itoa(p.Seq), Data: []byte(b.String())})
	}
	return a
}

// factLine writes a fact on one line; a table fact ends with its column.
func factLine(f Fact) string {
	value, change, qual, label := "-", "-", "-", "-"
	if f.Value != nil {
		value = valueText(f.Value)
		if f.Converted != nil {
			value += " ~ " + valueText(f.Converted)
		}
	}
	if c := f.Change; c != nil {
		change = strconv.Quote(c.Text)
		for _, s := range []string{c.Direction, c.Basis} {
			if s != "" {
				change += " " + s
			}
		}
		if c.AtLeast {
			change += " at-least"
		}
	}
	if len(f.Qualifiers) > 0 {
		qual = strings.Join(f.Qualifiers, ", ")
	}
	if f.Label != "" {
		label = strconv.Quote(f.Label)
	}
	per := f.Period.String()
	if f.Period.IsZero() {
		per = "period unknown"
	}
	fields := []string{string(f.Kind), f.Company, f.Segment, f.Metric, per, value, change, qual, label}
	if f.Column != "" {
		fields = append(fields, "column "+strconv.Quote(f.Column))
	}
	return strings.Join(fields, " | ")
}

func valueText(v *Value) string {
	s := strconv.Quote(v.Text) + " = " + strconv.FormatFloat(v.Number, 'g', -1, 64)
	for _, x := range []string{v.Currency, v.Unit} {
		if x != "" {
			s += " " + x
		}
	}
	if v.Approx != "" {
		s += " (" + v.Approx + ")"
	}
	return s
}

// diffLines shows the lines of got that are not in want (+) and those of
// want not in got (-), enough to see a fact appear or vanish.
func diffLines(want, got string) string {
	count := func(s string) map[string]int {
		m := map[string]int{}
		for _, l := range strings.Split(s, "\n") {
			m[l]++
		}
		return m
	}
	w, g := count(want), count(got)
	var b strings.Builder
	for _, l := range strings.Split(want, "\n") {
		if g[l] < w[l] {
			b.WriteString("- " + l + "\n")
			w[l]--
		}
	}
	w = count(want)
	for _, l := range strings.Split(got, "\n") {
		if w[l] < g[l] {
			b.WriteString("+ " + l + "\n")
			g[l]--
		}
	}
	return b.String()
}
