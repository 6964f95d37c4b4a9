// Package adapters holds what every chat adapter shares: the Answerer seam
// to the engine, the Recorder for metrics, the memory of threads for
// follow-up questions, and text trimming that keeps the figure.
//
// Each subpackage imports exactly one platform SDK.
package adapters

import (
	"context"
	"log/slog"
	"time"

	"github.com/resultsbot/resultsbot/internal/answer"
)

// Answerer answers questions. *answer.Engine implements it.
type Answerer interface {
	Answer(ctx context.Context, q answer.Question) (answer.Answer, error)
}

// AnswererFunc adapts a plain function to Answerer.
type AnswererFunc func(ctx context.Context, q answer.Question) (answer.Answer, error)

// Answer calls f.
func (f AnswererFunc) Answer(ctx context.Context, q answer.Question) (answer.Answer, error) {
	return f(ctx, q)
}

// Outcomes of a question, as logged and counted.
const (
	Answered = "answered"
	Declined = "declined"
	Failed   = "error"
)

// Recorder counts questions and feedback. Implementations must be safe for
// concurrent use.
type Recorder interface {
	Question(adapter, outcome string, latency time.Duration)
	Feedback(adapter, value string)
}

// NopRecorder records nothing.
type NopRecorder struct{}

// Question does nothing.
func (NopRecorder) Question(string, string, time.Duration) {}

// Feedback does nothing.
func (NopRecorder) Feedback(string, string) {}

// Ask asks a the question on behalf of the named adapter, and logs and
// records the outcome: one log line per question, with adapter, outcome and
// latency. The question text is logged; tokens never pass through here.
// rec and log may be nil.
func Ask(ctx context.Context, a Answerer, rec Recorder, log *slog.Logger, adapter string, q answer.Question) (answer.Answer, error) {
	start := time.Now()
	ans, err := a.Answer(ctx, q)
	latency := time.Since(start)
	outcome := Answered
	switch {
	case err != nil:
		outcome = Failed
	case !ans.Answered:
		outcome = Declined
	}
	if rec != nil {
		rec.Question(adapter, outcome, latency)
	}
	if log != nil {
		attrs := []any{"adapter", adapter, "outcome", outcome, "latency", latency, "question", truncate(q.Text, 200)}
		if err != nil {
			log.ErrorContext(ctx, "question", append(attrs, "err", err)...)
		} else {
			log.InfoContext(ctx, "question", attrs...)
		}
	}
	return ans, err
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return Trim(s, n, "")
}

// Sorry is what a user reads when answering failed for a reason of ours;
// the detail goes to the log.
const Sorry = "Sorry, something went wrong on my side while answering that. Please try again in a moment."
