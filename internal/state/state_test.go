package state

import (
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/resultsbot/resultsbot/internal/adapters"
)

var (
	_ adapters.Store = (*Memory)(nil)
	_ adapters.Store = (*Bolt)(nil)
)

// clock is a fake clock for expiry.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// checkStore runs what every Store must do: a key is seen once marked,
// until its time is up, and other keys are not.
func checkStore(t *testing.T, s adapters.Store, c *clock) {
	t.Helper()
	if seen, err := s.Seen("slack:a"); err != nil || seen {
		t.Fatalf("Seen(a) on an empty store = %v, %v", seen, err)
	}
	if err := s.Mark("slack:a", time.Hour); err != nil {
		t.Fatal(err)
	}
	if seen, err := s.Seen("slack:a"); err != nil || !seen {
		t.Errorf("Seen(a) after Mark = %v, %v", seen, err)
	}
	if seen, _ := s.Seen("slack:b"); seen {
		t.Errorf("Seen(b) = true; only a was marked")
	}
	c.t = c.t.Add(time.Hour + time.Second)
	if seen, _ := s.Seen("slack:a"); seen {
		t.Errorf("Seen(a) = true after its hour")
	}
}

func TestMemory(t *testing.T) {
	c := &clock{time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	m := NewMemory(100)
	m.now = c.now
	checkStore(t, m, c)
}

// Memory holds at most its bound, forgetting the oldest.
func TestMemoryBound(t *testing.T) {
	m := NewMemory(10)
	for i := range 25 {
		m.Mark(fmt.Sprint(i), time.Hour)
	}
	if seen, _ := m.Seen("0"); seen {
		t.Error("the oldest key survived past the bound")
	}
	if seen, _ := m.Seen("24"); !seen {
		t.Error("the newest key was forgotten")
	}
	if n := len(m.keys); n > 10 {
		t.Errorf("%d keys held, bound 10", n)
	}
}

// What Bolt records survives closing and opening it again, as it must
// across a restart (issue 15, item 11); expired keys are dropped on open.
func TestBolt(t *testing.T) {
	dir := t.TempDir()
	c := &clock{time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	b, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	b.now = c.now
	checkStore(t, b, c)
	if err := b.Mark("discord:i1", time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := b.Mark("discord:old", time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}

	c.t = c.t.Add(2 * time.Minute)
	b, err = openAt(dir, c.now)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if seen, err := b.Seen("discord:i1"); err != nil || !seen {
		t.Errorf("Seen(i1) after reopening = %v, %v; want true", seen, err)
	}
	if n := b.count(); n != 1 {
		t.Errorf("%d keys after reopening, want 1: expired keys are dropped", n)
	}
}

// Open creates a missing directory, and refuses one another process (or
// another Open) holds, rather than waiting for ever.
func TestOpenDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "missing", "deeper")
	b, err := Open(dir)
	if err != nil {
		t.Fatalf("Open of a missing directory: %v; want it created", err)
	}
	defer b.Close()
	if _, err := Open(dir); !errors.Is(err, ErrLocked) {
		t.Errorf("second Open of %s: %v, want ErrLocked", dir, err)
	}
}
