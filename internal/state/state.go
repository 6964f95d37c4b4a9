// Package state keeps what the chat adapters must remember across a
// restart: the keys of the events and interactions already answered, each
// for its platform's retry window, so that a retry is not answered twice.
//
// Memory keeps them in the process (the default: forgotten on restart);
// Bolt keeps them in a bbolt file under a state directory (--state DIR).
// Both implement adapters.Store. A store shared by several replicas is
// not here yet: each process must have its own directory.
package state

import (
	"container/list"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Memory is an in-process store holding at most a bound of keys, the
// oldest forgotten first. It is safe for concurrent use.
type Memory struct {
	max int
	now func() time.Time

	mu    sync.Mutex
	order *list.List               // keys, newest at the front
	keys  map[string]*list.Element // key -> element holding a memEntry
}

type memEntry struct {
	key     string
	expires time.Time
}

// NewMemory returns an empty Memory holding at most max keys.
func NewMemory(max int) *Memory {
	return &Memory{max: max, now: time.Now, order: list.New(), keys: map[string]*list.Element{}}
}

// Seen reports whether key was marked and has not expired. It never fails.
func (m *Memory) Seen(key string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.keys[key]
	return ok && m.now().Before(e.Value.(*memEntry).expires), nil
}

// Mark records key for ttl. It never fails.
func (m *Memory) Mark(key string, ttl time.Duration) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	exp := m.now().Add(ttl)
	if e, ok := m.keys[key]; ok {
		e.Value.(*memEntry).expires = exp
		m.order.MoveToFront(e)
		return nil
	}
	m.keys[key] = m.order.PushFront(&memEntry{key, exp})
	for m.order.Len() > m.max {
		old := m.order.Remove(m.order.Back()).(*memEntry)
		delete(m.keys, old.key)
	}
	return nil
}

// FileName is the name of Bolt's file in its directory.
const FileName = "state.db"

// bucket holds key -> expiry (Unix nanoseconds, big-endian).
var bucket = []byte("answered")

// lockWait bounds how long Open waits for the file lock another process
// holds.
const lockWait = 2 * time.Second

// ErrLocked is returned by Open when another process holds the state
// directory.
var ErrLocked = errors.New("state: the state directory is in use by another process")

// Bolt is a store in a bbolt file. It is safe for concurrent use; Close
// it when done.
type Bolt struct {
	db  *bbolt.DB
	now func() time.Time
}

// Open opens (creating it and dir when missing) the store in dir, and
// drops the keys whose time is up. It returns ErrLocked when another
// process has it open.
func Open(dir string) (*Bolt, error) { return openAt(dir, time.Now) }

func openAt(dir string, now func() time.Time) (*Bolt, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("state: %w", err)
	}
	db, err := bbolt.Open(filepath.Join(dir, FileName), 0o600, &bbolt.Options{Timeout: lockWait})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("%w: %s", ErrLocked, dir)
	}
	if err != nil {
		return nil, fmt.Errorf("state: open %s: %w", dir, err)
	}
	b := &Bolt{db: db, now: now}
	if err := b.prune(); err != nil {
		db.Close()
		return nil, err
	}
	return b, nil
}

// prune creates the bucket and deletes the expired keys.
func (b *Bolt) prune() error {
	now := b.now().UnixNano()
	err := b.db.Update(func(tx *bbolt.Tx) error {
		bk, err := tx.CreateBucketIfNotExists(bucket)
		if err != nil {
			return err
		}
		var old [][]byte
		err = bk.ForEach(func(k, v []byte) error {
			if len(v) != 8 || int64(binary.BigEndian.Uint64(v)) <= now {
				old = append(old, append([]byte(nil), k...))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range old {
			if err := bk.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("state: prune: %w", err)
	}
	return nil
}

// Seen reports whether key was marked and has not expired.
func (b *Bolt) Seen(key string) (bool, error) {
	var seen bool
	err := b.db.View(func(tx *bbolt.Tx) error {
		v := tx.Bucket(bucket).Get([]byte(key))
		seen = len(v) == 8 && int64(binary.BigEndian.Uint64(v)) > b.now().UnixNano()
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("state: %w", err)
	}
	return seen, nil
}

// Mark records key for ttl; it is on disk when Mark returns.
func (b *Bolt) Mark(key string, ttl time.Duration) error {
	var v [8]byte
	binary.BigEndian.PutUint64(v[:], uint64(b.now().Add(ttl).UnixNano()))
	err := b.db.Update(func(tx *bbolt.Tx) error {
		return tx.Bucket(bucket).Put([]byte(key), v[:])
	})
	if err != nil {
		return fmt.Errorf("state: %w", err)
	}
	return nil
}

// count returns how many keys the store holds, expired or not.
func (b *Bolt) count() int {
	n := 0
	_ = b.db.View(func(tx *bbolt.Tx) error {
		n = tx.Bucket(bucket).Stats().KeyN
		return nil
	})
	return n
}

// Close closes the file.
func (b *Bolt) Close() error { return b.db.Close() }
