package adapters

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/resultsbot/resultsbot/internal/answer"
)

// recorder keeps the outcomes it was told.
type recorder struct {
	mu       sync.Mutex
	outcomes []string
}

func (r *recorder) Question(adapter, outcome string, latency time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.outcomes = append(r.outcomes, outcome)
}

func (r *recorder) Feedback(string, string) {}

// A question with no words and a client that went away are the client's
// doing: they are counted apart from the engine's failures and not logged
// as errors; a question asked before the index is loaded is counted as
// unavailable (issue 15, items 1 and 10).
func TestAskOutcomes(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name    string
		ctx     context.Context
		err     error
		outcome string
		level   string
	}{
		{"answered", context.Background(), nil, Answered, "INFO"},
		{"no words", context.Background(), answer.ErrEmptyQuestion, Invalid, "INFO"},
		{"client gone", cancelled, context.Canceled, Canceled, "INFO"},
		{"not ready", context.Background(), fmt.Errorf("serve: %w", ErrNotReady), Unavailable, "WARN"},
		{"engine failed", context.Background(), errors.New("index corrupt"), Failed, "ERROR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			log := slog.New(slog.NewTextHandler(&buf, nil))
			rec := &recorder{}
			a := AnswererFunc(func(ctx context.Context, q answer.Question) (answer.Answer, error) {
				return answer.Answer{Answered: tt.err == nil}, tt.err
			})
			_, err := Ask(tt.ctx, a, rec, log, "test", answer.Question{Text: "q"})
			if !errors.Is(err, tt.err) {
				t.Errorf("Ask returned %v, want %v", err, tt.err)
			}
			if len(rec.outcomes) != 1 || rec.outcomes[0] != tt.outcome {
				t.Errorf("outcomes %v, want [%s]", rec.outcomes, tt.outcome)
			}
			if !strings.Contains(buf.String(), "level="+tt.level+" ") || !strings.Contains(buf.String(), "outcome="+tt.outcome) {
				t.Errorf("log %q, want level %s and outcome %s", buf.String(), tt.level, tt.outcome)
			}
		})
	}
}

// memStore is a Store in a map, counting marks.
type memStore struct {
	mu    sync.Mutex
	m     map[string]bool
	marks int
}

func (s *memStore) Seen(key string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[key], nil
}

func (s *memStore) Mark(key string, ttl time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[key] = true
	s.marks++
	return nil
}

// Once takes a key up once while it is being answered, records it only
// once it is answered, and lets a key that was not answered be taken up
// again (a retry of a question that failed is answered).
func TestOnce(t *testing.T) {
	store := &memStore{m: map[string]bool{}}
	o := NewOnce(store, time.Hour, nil)
	if !o.Begin("a") {
		t.Fatal("Begin(a) = false on a new key")
	}
	if o.Begin("a") {
		t.Error("Begin(a) = true while a is being answered")
	}
	if store.marks != 0 {
		t.Error("a was recorded before it was answered")
	}
	o.Done("a", true)
	if !store.m["a"] {
		t.Error("a was not recorded once answered")
	}
	if o.Begin("a") {
		t.Error("Begin(a) = true after a was answered")
	}
	if !NewOnce(store, time.Hour, nil).Begin("b") {
		t.Error("a fresh Once refused b")
	}
	o.Begin("c")
	o.Done("c", false)
	if !o.Begin("c") {
		t.Error("Begin(c) = false after c failed: its retry would never be answered")
	}
}

// A flood of rejected requests logs one warning per interval, which then
// says how many it stood for (issue 15, item 14).
func TestThrottledWarn(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	w := NewThrottle(time.Minute)
	w.now = func() time.Time { return now }
	for range 500 {
		w.Warn(context.Background(), log, "rejected a request with a bad signature", "remote", "10.0.0.1:1234")
	}
	if n := strings.Count(buf.String(), "bad signature"); n != 1 {
		t.Fatalf("500 rejections in one interval logged %d lines, want 1:\n%s", n, buf.String())
	}
	now = now.Add(time.Minute)
	w.Warn(context.Background(), log, "rejected a request with a bad signature")
	if !strings.Contains(buf.String(), "suppressed=499") {
		t.Errorf("the next interval's line does not count the 499 suppressed:\n%s", buf.String())
	}
}
