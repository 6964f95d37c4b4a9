package index

import (
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/registry"
)

// Term is one word of a text as the index reads it: lower case, stemmed,
// stop words and possessives gone. Pos counts the text's words from 1
// (stop words included), so two terms are adjacent when their Pos differ by
// one; Start and End are byte offsets into the text.
type Term struct {
	Stem       string
	Pos        int
	Start, End int
}

var (
	enOnce     sync.Once
	enAnalyzer analysis.Analyzer
)

// english returns bleve's English analyser, the one the index reads Text
// with; nil if the registry lacks it, which its init rules out.
func english() analysis.Analyzer {
	enOnce.Do(func() {
		a, err := registry.NewCache().AnalyzerNamed(en.AnalyzerName)
		if err == nil {
			enAnalyzer = a
		}
	})
	return enAnalyzer
}

// Terms returns the terms of text as the index analyses a passage's Text,
// in text order, so that a caller comparing a question with a passage word
// by word agrees with the index's full-text matching ("revenues" and
// "revenue" are one term). It is safe for concurrent use.
func Terms(text string) []Term {
	a := english()
	if a == nil {
		return nil
	}
	ts := a.Analyze([]byte(text))
	out := make([]Term, 0, len(ts))
	for _, t := range ts {
		out = append(out, Term{Stem: string(t.Term), Pos: t.Position, Start: t.Start, End: t.End})
	}
	return out
}
