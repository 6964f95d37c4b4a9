// Package adaptertest is the contract every chat adapter passes, run against
// a local fake of its platform:
//
//   - a question gets exactly one answer call and one reply, in the right
//     place (the thread of a Slack mention, a reply to a Discord message);
//   - a declined answer is posted as a polite sentence with no figures;
//   - a table citation shows its column, the header line above its row, and
//     the page of its source;
//   - a request with a bad signature gets no answer call and no reply.
//
// An adapter's test implements Harness over its fake and calls Run.
package adaptertest

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/resultsbot/resultsbot/internal/adapters"
	"github.com/resultsbot/resultsbot/internal/answer"
)

// Reply is a message the adapter sent to the platform fake.
type Reply struct {
	Text string // all text a user sees: message text, blocks or embeds, flattened
	// InPlace reports whether the reply went where the contract says: in
	// the asking message's thread, or as a reply to it.
	InPlace bool
}

// Harness drives one adapter through its platform fake.
type Harness interface {
	// Ask delivers question the way a user asks the bot (a mention) and
	// returns once the adapter has replied or a few seconds have passed.
	Ask(t *testing.T, question string)
	// Forge delivers question with a bad signature and returns once the
	// adapter has responded; it returns the HTTP status the fake received.
	Forge(t *testing.T, question string) int
	// Replies returns every reply sent so far.
	Replies() []Reply
}

// NewHarness starts an adapter wired to a, with its platform fake.
type NewHarness func(t *testing.T, a adapters.Answerer) Harness

// Fixed answers the contract uses.
var (
	Answered = answer.Answer{
		Answered: true,
		Text:     "Alibaba's cloud revenue grew 34% year over year in the quarter ended September 30, 2025.",
		Company:  "Alibaba Group Holding",
		Period:   "quarter ended 2025-09-30",
		Citations: []answer.Citation{{
			Doc: "alibaba/cloud.md", Title: "Cloud surges", Publisher: "Example News", Published: "2025-11-25",
			Quote: "Cloud revenue rose 34 percent year over year to 39.8 billion yuan.", Start: 10, End: 76,
			Passage: "alibaba/cloud.md#3", Link: "/sources/alibaba/cloud.md#p-3",
		}},
	}
	// TableRow cites a table row with the header line that gives its
	// column, on page 2 of a PDF: a reader must see the column, the header
	// line, the row and the page to check the figure.
	TableRow = answer.Answer{
		Answered: true,
		Text:     "Norhaven's revenue was $4,210 million in Q4 2025.",
		Company:  "Norhaven Logistics",
		Period:   "quarter ended 2025-12-31",
		Citations: []answer.Citation{{
			Doc: "norhaven/q4-2025.pdf", Title: "Norhaven Q4 2025 results", Publisher: "Norhaven IR", Published: "2026-02-10",
			Quote: TableRowLine, Start: 412, End: 412 + len(TableRowLine),
			Passage: "norhaven/q4-2025.pdf#9", Link: "/sources/norhaven/q4-2025.pdf#p-9",
			Header: []answer.Excerpt{{Quote: TableHeaderLine, Start: 300, End: 300 + len(TableHeaderLine), Passage: "norhaven/q4-2025.pdf#8"}},
			Column: "Q4 2025",
			Page:   2,
		}},
	}
	Declined = answer.Answer{
		Answered:    false,
		Text:        "I don't have Baidu in my sources, so I can't answer that. I can answer questions about Alibaba Group Holding's results, for example its cloud revenue growth.",
		Missing:     []string{"company"},
		Suggestions: []string{"What was Alibaba's cloud revenue growth?"},
	}
)

// The lines of the table TableRow cites.
const (
	TableHeaderLine = "| (in millions, except per share) | Q4 2025 | Q4 2024 | % Change |"
	TableRowLine    = "| Revenue | $ 4,210 | $ 3,760 | 12 % |"
)

// Recorder is an Answerer that returns a fixed answer and counts its calls.
type Recorder struct {
	mu     sync.Mutex
	Reply  answer.Answer
	Asked  []answer.Question
	called chan struct{}
}

// NewRecorder returns a Recorder answering with reply.
func NewRecorder(reply answer.Answer) *Recorder {
	return &Recorder{Reply: reply, called: make(chan struct{}, 100)}
}

// Answer records q and returns the fixed answer.
func (r *Recorder) Answer(_ context.Context, q answer.Question) (answer.Answer, error) {
	r.mu.Lock()
	r.Asked = append(r.Asked, q)
	r.mu.Unlock()
	r.called <- struct{}{}
	return r.Reply, nil
}

// Calls returns the questions asked so far.
func (r *Recorder) Calls() []answer.Question {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]answer.Question(nil), r.Asked...)
}

var figure = regexp.MustCompile(`\d`)

// Run runs the contract against adapters started by newHarness.
func Run(t *testing.T, newHarness NewHarness) {
	t.Run("OneAnswerOneReplyInPlace", func(t *testing.T) {
		rec := NewRecorder(Answered)
		h := newHarness(t, rec)
		h.Ask(t, "what was cloud revenue growth?")
		settle(h)
		if calls := rec.Calls(); len(calls) != 1 {
			t.Fatalf("answer calls = %d, want 1", len(calls))
		} else if !strings.Contains(calls[0].Text, "cloud revenue growth") {
			t.Errorf("question reached the engine as %q", calls[0].Text)
		}
		replies := h.Replies()
		if len(replies) != 1 {
			t.Fatalf("replies = %d, want 1: %+v", len(replies), replies)
		}
		if !replies[0].InPlace {
			t.Errorf("reply not in the asking message's thread: %+v", replies[0])
		}
		for _, want := range []string{"34%", "39.8 billion yuan", "Cloud surges"} {
			if !strings.Contains(replies[0].Text, want) {
				t.Errorf("reply lacks %q: %q", want, replies[0].Text)
			}
		}
	})
	t.Run("DeclineIsPolite", func(t *testing.T) {
		rec := NewRecorder(Declined)
		h := newHarness(t, rec)
		h.Ask(t, "what was Baidu's revenue?")
		settle(h)
		replies := h.Replies()
		if len(replies) != 1 {
			t.Fatalf("replies = %d, want 1: %+v", len(replies), replies)
		}
		text := replies[0].Text
		if !strings.Contains(text, "I can answer") {
			t.Errorf("decline does not say what the bot can answer: %q", text)
		}
		if figure.MatchString(text) {
			t.Errorf("decline carries a figure: %q", text)
		}
		for _, rude := range []string{"error", "Error", "panic", "nil"} {
			if strings.Contains(text, rude) {
				t.Errorf("decline reads like a failure (%q): %q", rude, text)
			}
		}
	})
	t.Run("TableCitationShowsColumnHeaderAndPage", func(t *testing.T) {
		rec := NewRecorder(TableRow)
		h := newHarness(t, rec)
		h.Ask(t, "what was Norhaven's revenue?")
		settle(h)
		replies := h.Replies()
		if len(replies) != 1 {
			t.Fatalf("replies = %d, want 1: %+v", len(replies), replies)
		}
		for _, want := range []string{"$4,210 million", "Norhaven Q4 2025 results", "p. 2", "column", "“Q4 2025”", TableHeaderLine, TableRowLine} {
			if !strings.Contains(replies[0].Text, want) {
				t.Errorf("reply lacks %q: %q", want, replies[0].Text)
			}
		}
		if strings.Index(replies[0].Text, TableHeaderLine) > strings.Index(replies[0].Text, TableRowLine) {
			t.Errorf("the header line comes after the row: %q", replies[0].Text)
		}
	})
	t.Run("BadSignatureGetsNothing", func(t *testing.T) {
		rec := NewRecorder(Answered)
		h := newHarness(t, rec)
		status := h.Forge(t, "what was cloud revenue growth?")
		settle(h)
		if status != 401 {
			t.Errorf("forged request status = %d, want 401", status)
		}
		if n := len(rec.Calls()); n != 0 {
			t.Errorf("forged request reached the engine %d times", n)
		}
		if n := len(h.Replies()); n != 0 {
			t.Errorf("forged request got %d replies", n)
		}
	})
}

// settle gives a misbehaving adapter a moment to send a second reply, so
// that "exactly one" is tested, not "at least one".
func settle(Harness) { time.Sleep(100 * time.Millisecond) }
