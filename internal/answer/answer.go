// Package answer turns a question into an Answer: the figure that fits the
// company, segment, metric and period asked about, in a sentence a person
// would write, with every source that states it cited verbatim; or a plain
// decline that says what is missing and what the bot can answer instead.
//
// A question passes through these stages, each in its own file, once:
//
//   - understand (understand.go): Question -> query. The question is read by
//     the same tagger and lexicon that read the documents: company, segment,
//     metric, qualifiers, the period expression (resolved later, against the
//     periods the corpus holds) and what is wanted (a value, growth, an
//     estimate, a beat, a plan, guidance, a quote, a person, a ranking).
//   - retrieve (retrieve.go): query -> candidates. Facts of the company for
//     the metric (and its family) by exact index filters; the full-text
//     relevance of passages to the question's words; passages with quotes
//     or people for those questions.
//   - select (select.go): candidates -> the period to answer for and the
//     facts that answer it. Each candidate is scored by named features whose
//     weights are one table (features); a candidate that cannot answer is
//     rejected with a reason. Every decision can explain itself.
//   - read (read.go): a question that asks for no figure, or a figure no
//     fact ties to a known metric -> the sentence that best answers it,
//     quoted verbatim, or the one figure it clearly states; scored by
//     named features (readFeatures), answered only on a strong match.
//   - compose (compose.go, decline.go, quote.go): the chosen facts -> the
//     Answer text with its citations, or a decline that says what is
//     missing and what can be asked instead.
//
// Engine.Answer runs them; Question.Explain adds the Explanation of every
// decision to the Answer.
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
	// Explain asks for Answer.Explain: the candidates considered and the
	// features that decided.
	Explain bool
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
	// Explain is why the engine answered so, when Question.Explain asked.
	Explain *Explanation `json:"explain,omitempty"`
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
	// Header holds, for a table row, the header line(s) that give the
	// cited figure's column, each verbatim with its own offsets; empty for
	// prose.
	Header []Excerpt `json:"header,omitempty"`
	// Column names the column of the cited figure as its header reads it
	// ("Q4 2025", "Three Months Ended June 30, 2025"); "" for prose.
	Column string `json:"column,omitempty"`
	// Page is the page of the source the quote is on, for documents that
	// have pages (PDF); 0 when the source has none.
	Page int `json:"page,omitempty"`
}

// Excerpt is a verbatim span of a document other than the cited passage
// itself, such as a table's header line: Doc[Start:End] == Quote.
type Excerpt struct {
	Quote   string `json:"quote"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Passage string `json:"passage,omitempty"` // passage ID, when the span is a passage
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
