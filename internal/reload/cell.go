// Package reload keeps a server's data current without a restart: Cell
// holds the value questions are answered from and swaps a new one in while
// questions are in flight, closing the old one once the last of them is
// done; Watch turns file-system notifications under a folder into
// debounced triggers; Run rebuilds on each trigger, one build at a time, a
// newer trigger cancelling a build in progress.
package reload

import (
	"context"
	"sync"
	"sync/atomic"
)

// Cell holds the current value of a T that readers borrow (Acquire) and
// that is replaced as a whole (Swap). A value is closed once it has been
// replaced and no reader holds it any more: never while a reader uses it,
// and without readers waiting for each other or for the swap. The zero
// Cell is empty and unusable until NewCell. Safe for concurrent use.
type Cell[T any] struct {
	cur     atomic.Pointer[ref[T]]
	close   func(T)
	set     chan struct{} // closed by the first Swap
	setOnce sync.Once
	open    sync.WaitGroup // one per value swapped in and not yet closed
}

// ref is one value and its reference count: 1 while it is the current
// value, plus 1 per reader. It is closed when the count drops to 0, after
// which it can never be acquired again.
type ref[T any] struct {
	v    T
	refs atomic.Int64
}

// NewCell returns an empty cell whose values are closed with close (which
// may be nil), in the goroutine that drops the last reference.
func NewCell[T any](close func(T)) *Cell[T] {
	return &Cell[T]{close: close, set: make(chan struct{})}
}

// tryAcquire adds a reader unless the count has already dropped to 0.
func (r *ref[T]) tryAcquire() bool {
	for {
		n := r.refs.Load()
		if n == 0 {
			return false
		}
		if r.refs.CompareAndSwap(n, n+1) {
			return true
		}
	}
}

func (c *Cell[T]) release(r *ref[T]) {
	if r.refs.Add(-1) == 0 {
		if c.close != nil {
			c.close(r.v)
		}
		c.open.Done()
	}
}

// Acquire returns the current value and a release function the reader
// must call once it is done with it; ok is false while the cell is empty.
// The value stays open until release, even if it is replaced meanwhile.
func (c *Cell[T]) Acquire() (v T, release func(), ok bool) {
	for {
		r := c.cur.Load()
		if r == nil {
			return v, nil, false
		}
		// A value whose count has dropped to 0 was replaced before this
		// reader got to it: the next Load sees its successor.
		if r.tryAcquire() {
			return r.v, func() { c.release(r) }, true
		}
	}
}

// Wait waits until the cell holds a value or ctx is done, and returns
// ctx's error in the second case.
func (c *Cell[T]) Wait(ctx context.Context) error {
	select {
	case <-c.set:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Set returns a channel closed once the cell first holds a value.
func (c *Cell[T]) Set() <-chan struct{} { return c.set }

// Swap makes v the current value; the value it replaces is closed as soon
// as no reader holds it (at once when none does). Swap and Close must not
// be called concurrently with each other.
func (c *Cell[T]) Swap(v T) {
	r := &ref[T]{v: v}
	r.refs.Store(1)
	c.open.Add(1)
	if old := c.cur.Swap(r); old != nil {
		c.release(old)
	}
	c.setOnce.Do(func() { close(c.set) })
}

// Close empties the cell and waits until every value it held has been
// closed, that is until every reader has released it, or until ctx is
// done (then it returns ctx's error, and the values still held are closed
// when their readers release them).
func (c *Cell[T]) Close(ctx context.Context) error {
	if old := c.cur.Swap(nil); old != nil {
		c.release(old)
	}
	done := make(chan struct{})
	go func() { c.open.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
