package index

import (
	"strings"

	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/facts"
)

// PassageEntry is the entry for a passage.
func PassageEntry(p corpus.Passage) Entry {
	e := Entry{ID: p.ID, Type: TypePassage, Text: p.Text, Doc: p.Doc}
	if p.Meta != nil {
		e.Company = p.Meta.Company
		e.Period = p.Meta.Period.String()
	}
	return e
}

// FactEntry is the entry for a fact, under its content-derived ID
// (facts.Fact.ID); text is the passage the fact came from. Its text also
// carries the fact's segment and metric names, so a question in other
// words than the source's still finds it.
func FactEntry(f facts.Fact, text string) Entry {
	doc, _, _ := strings.Cut(f.Passage, "#")
	return Entry{
		ID:      f.ID,
		Type:    TypeFact,
		Text:    f.Segment + " " + f.Metric + " " + text,
		Company: f.Company,
		Doc:     doc,
		Period:  f.Period.String(),
		Segment: f.Segment,
		Metric:  f.Metric,
		Kind:    string(f.Kind),
	}
}
