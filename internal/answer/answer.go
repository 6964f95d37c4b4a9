// Package answer turns a question into an Answer: the figure that fits the
// company, segment, metric and period asked about, in a sentence a person
// would write, with every source that states it cited verbatim; or a plain
// decline that says what is missing and what the bot can answer instead.
//
// The package imports no chat SDK; adapters turn an Answer into a message.
package answer

import (
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/resultsbot/resultsbot/internal/facts"
)

// ErrEmptyQuestion is returned for a question with no words in it.
var ErrEmptyQuestion = errors.New("answer: empty question")

// Question is what a user asked, with what the conversation already knows.
type Question struct {
	Text string
	// Company is the company the channel is about, used when the question
	// names none. Optional.
	Company string
	// Context is the context of the answer this question follows up, for
	// "and EBITA?" in a thread. Optional.
	Context *Context
}

// Context is what a follow-up question inherits from the answer before it.
type Context struct {
	Company string `json:"company,omitempty"`
	Period  string `json:"period,omitempty"` // canonical period.Period form
	Segment string `json:"segment,omitempty"`
	Metric  string `json:"metric,omitempty"`
}

// Answer is the engine's reply. Its JSON form is the contract of
// `bot ask --json` and of the HTTP API.
type Answer struct {
	Answered bool   `json:"answered"`
	Text     string `json:"answer"` // what a person reads; figures as the sources write them
	Company  string `json:"company,omitempty"`
	Period   string `json:"period,omitempty"` // canonical period form: "quarter ended 2025-09-30"
	// PeriodLabel is the period as the company names it: "fiscal 2026 Q2".
	PeriodLabel string       `json:"period_label,omitempty"`
	Facts       []facts.Fact `json:"facts"`
	Citations   []Citation   `json:"citations"`
	// Missing lists what a decline lacked: "company", "metric", "period".
	Missing []string `json:"missing,omitempty"`
	// Suggestions are questions the bot can answer instead (declines only).
	Suggestions []string `json:"suggestions,omitempty"`
	// Context is what a follow-up to this answer inherits.
	Context Context `json:"context"`
}

// Citation is one source passage an answer rests on.
type Citation struct {
	Doc       string `json:"doc"` // corpus-relative path
	Title     string `json:"title"`
	Publisher string `json:"publisher"`
	Published string `json:"published"` // YYYY-MM-DD, "" when unknown
	Quote     string `json:"quote"`     // the passage, verbatim
	Start     int    `json:"start"`     // byte offsets of Quote in the document file
	End       int    `json:"end"`
	Passage   string `json:"passage"` // passage ID
	Link      string `json:"link"`    // path of the passage on the source pages: SourceLink
}

// SourceLink is the path of a passage on the HTTP server's source pages,
// "/sources/{doc}#p-{seq}", with each segment of doc escaped ("q3#1.md" is
// "q3%231.md"), so that a '#', '?' or '%' in a file name stays part of the
// path; adapters prefix it with PUBLIC_URL.
func SourceLink(doc string, seq int) string {
	segs := strings.Split(doc, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return "/sources/" + strings.Join(segs, "/") + "#p-" + strconv.Itoa(seq)
}
