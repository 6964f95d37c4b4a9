package answer_test

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/resultsbot/resultsbot/internal/answer"
	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/lexicon"
)

// railCorpus is one fictional release that states its ridership, a metric
// the embedded lexicon does not know.
var railCorpus = fstest.MapFS{
	"ardent/2025-10-28-q3.md": {Data: []byte(`---
title: Ardent Rail reports third quarter results
company: Ardent Rail Systems
published: 2025-10-28
period: quarter ended 2025-09-30
---
Ardent Rail Systems reported revenue of $1.2 billion for the third quarter, up 6% year over year.

Ridership climbed to 9.6 million passengers in the quarter as two transit lines reopened.
`)},
}

// TestMetricAddedThroughTheLexicon adds a metric with one lexicon entry
// and no code: the engine that could not answer a question about it can.
func TestMetricAddedThroughTheLexicon(t *testing.T) {
	const question = "What was Ardent Rail's ridership?"
	ask := func(lex *lexicon.Lexicon) answer.Answer {
		t.Helper()
		c, problems := corpus.Load(railCorpus)
		if len(problems) > 0 {
			t.Fatal(problems)
		}
		b, err := answer.Build(context.Background(), c, lex, answer.BuildOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		a, err := b.Engine.Answer(context.Background(), answer.Question{Text: question})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}

	// Without the entry the figure can only be read from the sentence
	// (the read stage), never as a fact of the metric.
	if a := ask(testLexicon(t)); a.Answered && len(a.Facts) > 0 && a.Facts[0].Metric == "ridership" {
		t.Fatalf("embedded lexicon: answered %q from a ridership fact; the test wants a metric it lacks", a.Text)
	}

	// The one entry: a name and the words that name it.
	entry := "metrics:\n  - name: ridership\n    patterns: ['ridership']\n"
	lex, err := lexicon.Parse([]byte(strings.Replace(string(lexicon.DefaultYAML()), "metrics:\n", entry, 1)))
	if err != nil {
		t.Fatal(err)
	}
	a := ask(lex)
	if !a.Answered || !strings.Contains(a.Text, "9.6 million") || a.Period != "quarter ended 2025-09-30" {
		t.Fatalf("with ridership in the lexicon: answered %v %q (period %q)", a.Answered, a.Text, a.Period)
	}
	if len(a.Facts) == 0 || a.Facts[0].Metric != "ridership" || a.Facts[0].Label != "Ridership" {
		t.Errorf("facts %+v; want the ridership fact, labelled as its source says", a.Facts)
	}
	if len(a.Citations) != 1 || !strings.Contains(a.Citations[0].Quote, "Ridership climbed") {
		t.Errorf("citations %+v", a.Citations)
	}
}
