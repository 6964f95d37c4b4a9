package synth_test

import (
	"bytes"
	"io/fs"
	"os"
	"strings"
	"testing"

	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/period"
	"github.com/resultsbot/resultsbot/internal/synth"
)

func TestGenerateIsDeterministic(t *testing.T) {
	a, b := synth.Generate(synth.Size1k), synth.Generate(synth.Size1k)
	if len(a.FS) != len(b.FS) || len(a.Questions) != len(b.Questions) {
		t.Fatalf("two runs differ: %d/%d files, %d/%d questions", len(a.FS), len(b.FS), len(a.Questions), len(b.Questions))
	}
	for name, f := range a.FS {
		if g, ok := b.FS[name]; !ok || !bytes.Equal(f.Data, g.Data) {
			t.Errorf("%s differs between two runs with the same options", name)
		}
	}
	for i := range a.Questions {
		if a.Questions[i].Text != b.Questions[i].Text {
			t.Errorf("question %d: %q then %q", i, a.Questions[i].Text, b.Questions[i].Text)
		}
	}
	other := synth.Generate(synth.Options{Seed: 2, Companies: 6, Quarters: 6})
	if bytes.Equal(other.FS["companies.yaml"].Data, a.FS["companies.yaml"].Data) {
		t.Error("seeds 1 and 2 give the same companies")
	}
}

// TestCorpusLoads checks that the 1k corpus loads cleanly, has about 1,000
// passages, names every company uniquely, and that every wanted figure is
// written verbatim in a document of the question's company and period.
func TestCorpusLoads(t *testing.T) {
	g := synth.Generate(synth.Size1k)
	c, problems := corpus.Load(g.FS)
	if len(problems) > 0 {
		t.Fatalf("Load: %v", problems)
	}
	passages := 0
	for _, d := range c.Docs {
		passages += len(d.Passages)
		if d.Meta.Company == "" || d.Meta.Period.IsZero() {
			t.Errorf("%s: company %q, period %v", d.Path, d.Meta.Company, d.Meta.Period)
		}
	}
	if passages < 850 || passages > 1150 {
		t.Errorf("1k corpus has %d passages", passages)
	}
	if len(c.Companies) != len(g.Companies) {
		t.Errorf("registry has %d companies, generated %d", len(c.Companies), len(g.Companies))
	}
	real, problems := corpus.Load(fsOf(t, "../../corpus"))
	if len(problems) > 0 {
		t.Fatalf("Load real corpus: %v", problems)
	}
	seen := map[string]bool{}
	for _, co := range real.Companies {
		seen[strings.ToLower(co.Short)] = true
	}
	for _, co := range g.Companies {
		short := strings.ToLower(co.Short)
		if seen[short] {
			t.Errorf("company %q collides with another", co.Short)
		}
		seen[short] = true
	}
	for _, q := range g.Questions {
		per, err := period.Parse(q.Period)
		if err != nil {
			t.Fatalf("%q: period %q: %v", q.Text, q.Period, err)
		}
		found := false
		for _, d := range c.Docs {
			if d.Meta.Company == q.Company && d.Meta.Period == per && strings.Contains(d.Raw, q.Want[0]) {
				found = true
			}
		}
		if !found {
			t.Errorf("%q: %q is in no document of %s for %s", q.Text, q.Want[0], q.Company, q.Period)
		}
	}
}

func TestCorrect(t *testing.T) {
	q := synth.Question{Period: "quarter ended 2025-09-30", Want: []string{"9%", "$1.20 billion"}}
	tests := []struct {
		text, period string
		want         bool
	}{
		{"revenue grew 9% year over year", "quarter ended 2025-09-30", true},
		{"revenue grew 19% year over year", "quarter ended 2025-09-30", false},
		{"revenue grew 9% year over year", "quarter ended 2025-06-30", false},
		{"margin was 2.9%", "quarter ended 2025-09-30", false},
		{"it was $1.20 billion.", "quarter ended 2025-09-30", true},
		{"it was $1.205 billion", "quarter ended 2025-09-30", false},
	}
	for _, tt := range tests {
		if got := q.Correct(tt.text, tt.period); got != tt.want {
			t.Errorf("Correct(%q, %q) = %v, want %v", tt.text, tt.period, got, tt.want)
		}
	}
}

func TestSizes(t *testing.T) {
	for _, name := range []string{"1k", "10k", "100k"} {
		if _, ok := synth.SizeNamed(name); !ok {
			t.Errorf("SizeNamed(%q) not found", name)
		}
	}
	if _, ok := synth.SizeNamed("2k"); ok {
		t.Error("SizeNamed(\"2k\") found")
	}
}

func fsOf(t *testing.T, dir string) fs.FS {
	t.Helper()
	return os.DirFS(dir)
}
