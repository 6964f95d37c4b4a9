package adapters

import (
	"container/list"
	"sync"

	"github.com/resultsbot/resultsbot/internal/answer"
)

// Threads remembers the context of recent answers by conversation key (a
// Slack thread, a Discord message), so a follow-up in the same thread keeps
// the company and period. It holds at most a fixed number of keys and
// forgets the least recently used. It is safe for concurrent use.
type Threads struct {
	mu    sync.Mutex
	max   int
	order *list.List // of string keys, most recent at the front
	items map[string]*list.Element
	ctx   map[string]answer.Context
}

// NewThreads returns a Threads holding at most max keys (10,000 when max <= 0).
func NewThreads(max int) *Threads {
	if max <= 0 {
		max = 10000
	}
	return &Threads{max: max, order: list.New(), items: map[string]*list.Element{}, ctx: map[string]answer.Context{}}
}

// Get returns the context remembered for key.
func (t *Threads) Get(key string) (answer.Context, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e, ok := t.items[key]
	if !ok {
		return answer.Context{}, false
	}
	t.order.MoveToFront(e)
	return t.ctx[key], true
}

// Put remembers c for key.
func (t *Threads) Put(key string, c answer.Context) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if e, ok := t.items[key]; ok {
		t.order.MoveToFront(e)
	} else {
		t.items[key] = t.order.PushFront(key)
	}
	t.ctx[key] = c
	for t.order.Len() > t.max {
		old := t.order.Remove(t.order.Back()).(string)
		delete(t.items, old)
		delete(t.ctx, old)
	}
}
