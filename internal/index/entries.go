package index

import (
	"strconv"
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

// FactID is the index ID of the i-th fact: its passage ID and "/f" and i.
func FactID(f facts.Fact, i int) string { return f.Passage + "/f" + strconv.Itoa(i) }

// FactEntry is the entry for the i-th fact; text is the passage the fact
// came from. Its text also carries the fact's segment and metric names, so
// a question in other words than the source's still finds it.
func FactEntry(f facts.Fact, i int, text string) Entry {
	doc, _, _ := strings.Cut(f.Passage, "#")
	return Entry{
		ID:      FactID(f, i),
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
