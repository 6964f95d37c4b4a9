// Package adapters holds what every chat adapter shares: the Answerer seam
// to the engine, the Recorder for metrics, the memory of threads for
// follow-up questions, and text trimming that keeps the figure.
//
// Each subpackage imports exactly one platform SDK.
package adapters

import (
	"context"
	"errors"
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
	Failed   = "error" // the engine failed: ours to mend
	// Invalid is a question the engine refused (no words in it): the
	// asker's mistake, not a failure.
	Invalid = "invalid"
	// Canceled is a question whose asker went away (the request's context
	// was cancelled) before the answer came.
	Canceled = "canceled"
	// Unavailable is a question asked while the index was loading
	// (ErrNotReady): the asker may try again.
	Unavailable = "unavailable"
)

// ErrNotReady is returned by an Answerer that cannot answer yet because
// the index is still loading. The question may be asked again, after
// RetryAfter.
var ErrNotReady = errors.New("not ready: the index is still loading")

// RetryAfter is how long a caller told ErrNotReady (or 503) waits before
// it tries again.
const RetryAfter = 5 * time.Second

// NotReady is what a user reads when the bot is still starting.
const NotReady = "I'm still starting up (loading my documents). Please ask again in a minute."

// Readiness is implemented by an Answerer that can say, without waiting,
// whether it answers yet.
type Readiness interface {
	Ready() bool
}

// IsReady reports whether a can answer now: true unless it implements
// Readiness and says it cannot.
func IsReady(a Answerer) bool {
	r, ok := a.(Readiness)
	return !ok || r.Ready()
}

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
// latency. Only the engine's failures (Failed) are logged as errors; a
// question with no words (Invalid) and an asker who went away (Canceled)
// are logged at info, one asked while the index loads (Unavailable) as a
// warning. The question text is logged; tokens never pass through here.
// rec and log may be nil.
func Ask(ctx context.Context, a Answerer, rec Recorder, log *slog.Logger, adapter string, q answer.Question) (answer.Answer, error) {
	start := time.Now()
	ans, err := a.Answer(ctx, q)
	latency := time.Since(start)
	outcome, level := Answered, slog.LevelInfo
	switch {
	case errors.Is(err, answer.ErrEmptyQuestion):
		outcome = Invalid
	case err != nil && ctx.Err() != nil:
		outcome = Canceled
	case errors.Is(err, ErrNotReady):
		outcome, level = Unavailable, slog.LevelWarn
	case err != nil:
		outcome, level = Failed, slog.LevelError
	case !ans.Answered:
		outcome = Declined
	}
	if rec != nil {
		rec.Question(adapter, outcome, latency)
	}
	if log != nil {
		attrs := []any{"adapter", adapter, "outcome", outcome, "latency", latency, "question", truncate(q.Text, 200)}
		if err != nil {
			attrs = append(attrs, "err", err)
		}
		log.Log(ctx, level, "question", attrs...)
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
