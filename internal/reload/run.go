package reload

import (
	"context"
)

// Build makes a new value; it should stop soon after ctx is done and then
// return ctx's error (or any error).
type Build[T any] func(ctx context.Context) (T, error)

// Result is one build's outcome, given to Run's done function in Run's
// goroutine. Superseded is true when a newer trigger cancelled the build
// (Err is then usually ctx's error, but a build that finished before it
// noticed has its value): done should close such a value, or use it, as
// it likes; Run starts the newer build right after done returns.
type Result[T any] struct {
	Value      T
	Err        error
	Superseded bool
}

// Run builds once per trigger received from triggers, one build at a time,
// until ctx is done or triggers is closed, and hands each finished build
// to done, in order, from its own goroutine (so done needs no locking
// against itself). A trigger that arrives while a build runs cancels that
// build and starts another once it has returned: the data changed after
// it began, so its result would be stale. Triggers that arrive together
// make one build.
//
// When ctx is done Run cancels the build in progress, waits for it, gives
// its result to done (Superseded, with ctx's error unless it had already
// finished) and returns. It starts no goroutine that outlives it.
func Run[T any](ctx context.Context, triggers <-chan struct{}, build Build[T], done func(Result[T])) {
	results := make(chan Result[T], 1)
	var cancel context.CancelFunc // of the build in progress; nil when none
	pending := false              // a trigger arrived while a build ran
	start := func() {
		var bctx context.Context
		bctx, cancel = context.WithCancel(ctx)
		go func() {
			v, err := build(bctx)
			results <- Result[T]{Value: v, Err: err, Superseded: bctx.Err() != nil}
		}()
	}
	for {
		select {
		case _, ok := <-triggers:
			if !ok {
				triggers = nil // no more triggers: finish what runs, then stop
				if cancel == nil {
					return
				}
				continue
			}
			if cancel != nil {
				cancel()
				pending = true
				continue
			}
			start()
		case r := <-results:
			cancel()
			cancel = nil
			done(r)
			if pending && ctx.Err() == nil {
				pending = false
				start()
			} else if triggers == nil {
				return
			}
		case <-ctx.Done():
			if cancel != nil {
				cancel()
				r := <-results
				r.Superseded = true
				done(r)
			}
			return
		}
	}
}
