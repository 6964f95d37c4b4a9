// Package facts extracts typed facts from passages of results documents:
// which company, segment and metric a figure belongs to, its value with
// unit and scale, any change with its direction and basis, the period, and
// whether it is an actual, an estimate, a prior-period figure or a target.
//
// Extraction is a pipeline of small pure stages over a passage's text; every
// fact keeps the exact byte span of the figure it reports, so an answer can
// quote it from its source.
package facts

import "github.com/resultsbot/resultsbot/internal/period"

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

// Value is an amount as written and normalised.
type Value struct {
	Text     string  `json:"text"`               // exactly as in the source: "39.8 billion yuan"
	Number   float64 `json:"number"`             // normalised: 39.8e9
	Currency string  `json:"currency,omitempty"` // ISO 4217: "CNY", "USD"; "" for counts and ratios
	Unit     string  `json:"unit,omitempty"`     // "downloads", "users", "per share", "share" (fraction), "percent" (a level such as a margin)
	// Approx is the hedge written just before the figure, lower-cased:
	// "about", "over", "more than", "as much as"; "" when none. It is not
	// part of Text.
	Approx string `json:"approx,omitempty"`
	Start  int    `json:"start"` // byte offsets into the document
	End    int    `json:"end"`
}

// Change is a movement: "up 34%", "fell 13 percent", "fivefold", "triple-digit".
type Change struct {
	Text     string  `json:"text"`              // as written: "34%"
	Percent  float64 `json:"percent,omitempty"` // 34; for a multiple, (m-1)*100
	Multiple float64 `json:"multiple,omitempty"`
	// Points is a change in percentage points ("120 basis points" is 1.2),
	// as margins move; Percent is then 0.
	Points float64 `json:"points,omitempty"`
	// AtLeast is true when Percent is a lower bound: "triple-digit" is
	// Percent 100, AtLeast true.
	AtLeast   bool   `json:"at_least,omitempty"`
	Direction string `json:"direction,omitempty"` // "up", "down", "" when unstated
	Basis     string `json:"basis,omitempty"`     // "yoy", "qoq", "vs estimates", "" when unstated
	Start     int    `json:"start"`
	End       int    `json:"end"`
}

// Fact is one figure about one company's segment and metric in one period.
type Fact struct {
	Passage    string        `json:"passage"` // corpus.Passage.ID
	Company    string        `json:"company"`
	Segment    string        `json:"segment"` // canonical, see Segments: "group", "cloud", ...
	Metric     string        `json:"metric"`  // canonical, see Metrics: "revenue", "ebita", ...
	Value      *Value        `json:"value,omitempty"`
	Converted  *Value        `json:"converted,omitempty"` // a conversion the source gives: "($5.6 billion)"
	Change     *Change       `json:"change,omitempty"`
	Period     period.Period `json:"period"`
	Kind       Kind          `json:"kind"`
	Qualifiers []string      `json:"qualifiers,omitempty"` // "constant currency", "non-GAAP", "adjusted", "IFRS"
	Start      int           `json:"start"`                // the clause that states the fact
	End        int           `json:"end"`
}
