// Package facts extracts typed facts from passages of results documents:
// which company, segment and metric a figure belongs to, its value with
// unit and scale, any change with its direction and basis, the period, and
// whether it is an actual, an estimate, a prior-period figure or a target.
//
// Extraction is a pipeline of small pure stages over each sentence of a
// passage: the tagger (internal/tagger) marks its amounts, changes,
// companies, metrics, segments and periods with the lexicon's words
// (internal/lexicon); the rules here tie each figure to its metric (the
// nearest in its clause), segment, company and period, and decide its kind
// from where cue words stand (kind.go); a change then pairs with the value
// it describes. Every fact keeps the exact byte span of the figure it
// reports, so an answer can quote it from its source, and an ID derived
// from that content (ID).
//
// Rules refer to few names (names.go); every metric's properties are the
// lexicon's. RulesVersion changes when the rules change what they extract.
package facts

import (
	"github.com/resultsbot/resultsbot/internal/period"
	"github.com/resultsbot/resultsbot/internal/tagger"
)

// Kind says what sort of figure a fact reports.
type Kind string

// The kinds of figure.
const (
	Actual   Kind = "actual"
	Estimate Kind = "estimate" // what analysts expected
	Prior    Kind = "prior"    // an earlier period's figure cited for comparison
	Target   Kind = "target"   // a plan, pledge or goal
	Guidance Kind = "guidance" // the company's own outlook
)

// Value is an amount as written and normalised (see tagger.Value).
type Value = tagger.Value

// Change is a movement: "up 34%", "fell 13 percent" (see tagger.Change).
type Change = tagger.Change

// Fact is one figure about one company's segment and metric in one period.
type Fact struct {
	// ID identifies the fact by what it is: its document, the byte span of
	// its figure, its metric, segment and kind (see ID). It does not depend
	// on the order facts are extracted in.
	ID      string `json:"id"`
	Passage string `json:"passage"` // corpus.Passage.ID
	Company string `json:"company"`
	Segment string `json:"segment"` // canonical: "group", a lexicon segment, or a registry key
	Metric  string `json:"metric"`  // canonical, from the lexicon: "revenue", "ebita", ...
	// Label is the source's own words for the metric ("Adjusted EBITDA
	// margin"), "" when a unit or a rule gave the metric.
	Label      string        `json:"label,omitempty"`
	Value      *Value        `json:"value,omitempty"`
	Converted  *Value        `json:"converted,omitempty"` // a conversion the source gives: "($5.6 billion)"
	Change     *Change       `json:"change,omitempty"`
	Period     period.Period `json:"period"`
	Kind       Kind          `json:"kind"`
	Qualifiers []string      `json:"qualifiers,omitempty"` // "constant currency", "non-GAAP", "adjusted", "IFRS"
	Start      int           `json:"start"`                // the clause that states the fact; a table fact's row
	End        int           `json:"end"`
	// Column is, for a figure of a table, its column's header as the
	// table writes it ("Q4 2025", "Three Months Ended June 30, 2025");
	// "" for prose.
	Column string `json:"column,omitempty"`
	// Header lists, for a figure of a table, the passages that give its
	// column: the header rows over it, the unit line above the table, or
	// the heading that names its period; empty for prose.
	Header []string `json:"header,omitempty"`
}
