package adapters

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// Store remembers keys for a time: the events and interactions already
// answered, so that a platform's retry of one, even after a restart when
// the Store persists, is not answered twice. Implementations must be safe
// for concurrent use.
type Store interface {
	// Seen reports whether key was marked and its time is not up.
	Seen(key string) (bool, error)
	// Mark records key for ttl.
	Mark(key string, ttl time.Duration) error
}

// Once lets each event be answered once. Begin takes a key up unless it
// was answered before (its Store says so) or is being answered now; Done
// records it in the Store when it was answered, and otherwise lets it be
// taken up again, so a retry of a question that failed is answered. Nothing
// is recorded before it is answered. A Once is safe for concurrent use.
type Once struct {
	store Store
	ttl   time.Duration
	log   *slog.Logger

	mu   sync.Mutex
	busy map[string]bool
}

// NewOnce returns a Once over store, recording keys for ttl (the
// platform's retry window, with room). log gets store failures; it may be
// nil.
func NewOnce(store Store, ttl time.Duration, log *slog.Logger) *Once {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Once{store: store, ttl: ttl, log: log, busy: map[string]bool{}}
}

// Begin reports whether key is taken up now: false when it was answered
// or is being answered. A Store that fails is logged and taken as not
// having the key: better a rare second answer than none.
func (o *Once) Begin(key string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.busy[key] {
		return false
	}
	seen, err := o.store.Seen(key)
	if err != nil {
		o.log.Warn("state store: lookup failed", "key", key, "err", err)
	}
	if seen {
		return false
	}
	o.busy[key] = true
	return true
}

// Done ends the answering of key, recording it when answered is true.
func (o *Once) Done(key string, answered bool) {
	if answered {
		if err := o.store.Mark(key, o.ttl); err != nil {
			o.log.Warn("state store: recording an answered event failed", "key", key, "err", err)
		}
	}
	o.mu.Lock()
	delete(o.busy, key)
	o.mu.Unlock()
}

// Throttle logs a warning at most once an interval, so that a flood of
// bad requests cannot flood the log; the next line says how many were
// left out. Safe for concurrent use.
type Throttle struct {
	every time.Duration
	now   func() time.Time

	mu         sync.Mutex
	last       time.Time
	suppressed int
}

// NewThrottle returns a Throttle logging once every interval.
func NewThrottle(every time.Duration) *Throttle {
	return &Throttle{every: every, now: time.Now}
}

// Warn logs msg with args at warning level unless a line was logged less
// than the interval ago; it adds suppressed=N when N lines were left out
// since the last.
func (t *Throttle) Warn(ctx context.Context, log *slog.Logger, msg string, args ...any) {
	t.mu.Lock()
	now := t.now()
	if !t.last.IsZero() && now.Sub(t.last) < t.every {
		t.suppressed++
		t.mu.Unlock()
		return
	}
	t.last = now
	n := t.suppressed
	t.suppressed = 0
	t.mu.Unlock()
	if n > 0 {
		args = append(args, "suppressed", n)
	}
	log.WarnContext(ctx, msg, args...)
}
