package answer_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/resultsbot/resultsbot/internal/answer"
	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/facts"
	"github.com/resultsbot/resultsbot/internal/index"
	"github.com/resultsbot/resultsbot/internal/lexicon"
	"github.com/resultsbot/resultsbot/internal/synth"
)

// scaleEnv turns on the 10k and 100k sizes in TestAccuracyAtScale.
const scaleEnv = "RESULTSBOT_SCALE"

// minAccuracy is the share of generated questions the engine must answer
// right at 1k passages. It guards against regressions; raise it as the
// engine improves.
const minAccuracy = 0.95

// loadedEngine is a corpus made ready to answer from, as cmd/bot loads it.
type loadedEngine struct {
	corpus   *corpus.Corpus
	facts    []facts.Fact
	ix       *index.Index
	eng      *answer.Engine
	passages int
}

// load runs the pipeline of cmd/bot's load over fsys with an in-memory
// index.
func load(tb testing.TB, fsys fs.FS) *loadedEngine {
	tb.Helper()
	c, problems := corpus.Load(fsys)
	if len(problems) > 0 {
		tb.Fatalf("corpus.Load: %v", problems)
	}
	bt, err := answer.Build(context.Background(), c, testLexicon(tb), answer.BuildOptions{})
	if err != nil {
		tb.Fatalf("answer.Build: %v", err)
	}
	tb.Cleanup(func() { bt.Close() })
	l := &loadedEngine{corpus: c, facts: bt.Facts, ix: bt.Index, eng: bt.Engine}
	for _, d := range c.Docs {
		l.passages += len(d.Passages)
	}
	return l
}

// sample returns at most n questions spread evenly over qs.
func sample(qs []synth.Question, n int) []synth.Question {
	if len(qs) <= n {
		return qs
	}
	out := make([]synth.Question, 0, n)
	for i := range n {
		out = append(out, qs[i*len(qs)/n])
	}
	return out
}

// accuracy asks every question and returns the share answered right, and
// the failures by kind of question.
func accuracy(tb testing.TB, eng *answer.Engine, qs []synth.Question) (float64, map[string][]string) {
	tb.Helper()
	fails := map[string][]string{}
	right := 0
	for _, q := range qs {
		a, err := eng.Answer(context.Background(), answer.Question{Text: q.Text})
		if err != nil {
			tb.Fatalf("Answer(%q): %v", q.Text, err)
		}
		if a.Answered && q.Correct(a.Text, a.Period) {
			right++
			continue
		}
		fails[q.Kind] = append(fails[q.Kind], fmt.Sprintf("%q: want %q in %s; got %q (%s)", q.Text, q.Want, q.Period, a.Text, a.Period))
	}
	return float64(right) / float64(len(qs)), fails
}

// TestAccuracyAtScale asks the generated questions of each corpus size and
// reports the share answered right. By default only the 1k size runs; set
// RESULTSBOT_SCALE=1 for 10k and 100k too (minutes, and about 1 GB). The
// share must not fall as the corpus grows.
func TestAccuracyAtScale(t *testing.T) {
	sizes := []string{"1k"}
	if os.Getenv(scaleEnv) != "" {
		sizes = append(sizes, "10k", "100k")
	}
	var first float64
	for i, name := range sizes {
		opt, _ := synth.SizeNamed(name)
		g := synth.Generate(opt)
		l := load(t, g.FS)
		qs := sample(g.Questions, 400)
		acc, fails := accuracy(t, l.eng, qs)
		t.Logf("%s: %d documents, %d passages, %d facts; %d questions, %.1f%% right", name, g.Docs, l.passages, len(l.facts), len(qs), 100*acc)
		kinds := make([]string, 0, len(fails))
		for k := range fails {
			kinds = append(kinds, k)
		}
		sort.Strings(kinds)
		for _, k := range kinds {
			t.Logf("  %s: %d wrong, e.g. %s", k, len(fails[k]), strings.Join(fails[k][:min(2, len(fails[k]))], "\n      "))
		}
		if i == 0 {
			first = acc
			if acc < minAccuracy {
				t.Errorf("%s: %.1f%% of generated questions answered right, want at least %.0f%%", name, 100*acc, 100*minAccuracy)
			}
		} else if acc < first-0.03 {
			t.Errorf("%s: accuracy fell to %.1f%% from %.1f%% at %s", name, 100*acc, 100*first, sizes[0])
		}
	}
}

// testLexicon is the embedded lexicon.
func testLexicon(tb testing.TB) *lexicon.Lexicon {
	tb.Helper()
	lex, err := lexicon.Default()
	if err != nil {
		tb.Fatal(err)
	}
	return lex
}
