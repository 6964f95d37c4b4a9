package reload

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// goleak checks, after all tests, that no goroutine of Run, Watch or
// Cell.Close outlives them: a leak here is one per reload in a server.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// hangGuard fails a test that waits for an event that never comes; it is
// a guard, not a measurement.
const hangGuard = 10 * time.Second

func recv[T any](t *testing.T, c <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-c:
		return v
	case <-time.After(hangGuard):
		t.Fatalf("no %s", what)
	}
	var zero T
	return zero
}

// value is a T for Cell that records when it is closed.
type value struct {
	n      int
	closed atomic.Bool
}

// Readers never see a closed value, however the swaps fall between their
// Acquire and release; every value swapped out is closed exactly once.
func TestCellNeverClosesAValueInUse(t *testing.T) {
	var closes atomic.Int64
	c := NewCell(func(v *value) {
		if v.closed.Swap(true) {
			t.Errorf("value %d closed twice", v.n)
		}
		closes.Add(1)
	})
	c.Swap(&value{n: 0})
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				v, release, ok := c.Acquire()
				if !ok {
					t.Error("Acquire on a set cell: not ok")
					return
				}
				if v.closed.Load() {
					t.Errorf("reader got value %d, already closed", v.n)
				}
				for range 10 {
					if v.closed.Load() {
						t.Errorf("value %d closed while a reader held it", v.n)
						break
					}
				}
				release()
			}
		})
	}
	for i := 1; i <= 2000; i++ {
		c.Swap(&value{n: i})
	}
	close(stop)
	wg.Wait()
	if err := c.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := closes.Load(); n != 2001 {
		t.Errorf("%d values closed, want 2001", n)
	}
	if _, _, ok := c.Acquire(); ok {
		t.Error("Acquire after Close: ok")
	}
}

// A value replaced while a reader holds it stays open until that reader
// releases it, and is closed then, by the release.
func TestCellClosesOnLastRelease(t *testing.T) {
	closed := make(chan int, 2)
	c := NewCell(func(n int) { closed <- n })
	select {
	case <-c.Set():
		t.Fatal("an empty cell says it is set")
	default:
	}
	if _, _, ok := c.Acquire(); ok {
		t.Fatal("Acquire on an empty cell: ok")
	}
	c.Swap(1)
	recv(t, c.Set(), "Set after Swap")
	v, release, ok := c.Acquire()
	if !ok || v != 1 {
		t.Fatalf("Acquire = %d, %v", v, ok)
	}
	c.Swap(2)
	select {
	case n := <-closed:
		t.Fatalf("value %d closed while held", n)
	default:
	}
	if v, rel, _ := c.Acquire(); v != 2 {
		t.Errorf("after Swap, Acquire = %d, want 2", v)
	} else {
		rel()
	}
	release()
	if n := recv(t, closed, "close of the replaced value"); n != 1 {
		t.Errorf("closed %d, want 1", n)
	}
	// Close waits for a reader still holding the last value.
	_, release, _ = c.Acquire()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := c.Close(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Close with a reader and a done context: %v", err)
	}
	release()
	if n := recv(t, closed, "close of the last value"); n != 2 {
		t.Errorf("closed %d, want 2", n)
	}
	if err := c.Close(context.Background()); err != nil {
		t.Errorf("Close once all released: %v", err)
	}
}

// A burst fires Quiet after its last change, but never later than
// MaxDelay after its first.
func TestDebounce(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	quiet, maxDelay := time.Second, 5*time.Second
	var d debounce
	steps := []struct {
		at   time.Duration
		want time.Duration
	}{
		{0, time.Second},
		{500 * time.Millisecond, time.Second},
		{4500 * time.Millisecond, 500 * time.Millisecond},
		{5 * time.Second, 0},
		{6 * time.Second, 0},
	}
	for _, s := range steps {
		if got := d.event(t0.Add(s.at), quiet, maxDelay); got != s.want {
			t.Errorf("change at %v: wait %v, want %v", s.at, got, s.want)
		}
	}
	d.fired()
	if got := d.event(t0.Add(7*time.Second), quiet, maxDelay); got != quiet {
		t.Errorf("first change after firing: wait %v, want %v", got, quiet)
	}
}

// build is a Build the test steers: each call reports its context on
// started and returns what the test sends on finish, or (unless deaf)
// ctx's error once ctx is done.
type build struct {
	started chan context.Context
	finish  chan int
	deaf    bool // ignores its context, as a build between two checks does
	running atomic.Int64
	most    atomic.Int64
}

func newBuild() *build {
	return &build{started: make(chan context.Context), finish: make(chan int)}
}

func (b *build) run(ctx context.Context) (int, error) {
	n := b.running.Add(1)
	defer b.running.Add(-1)
	for {
		m := b.most.Load()
		if n <= m || b.most.CompareAndSwap(m, n) {
			break
		}
	}
	b.started <- ctx
	done := ctx.Done()
	if b.deaf {
		done = nil
	}
	select {
	case v := <-b.finish:
		return v, nil
	case <-done:
		return 0, ctx.Err()
	}
}

// runLoop runs Run on triggers and b until the test ends, with its
// results on a buffered channel; stopped is closed when Run returns.
func runLoop(ctx context.Context, b *build) (triggers chan struct{}, results chan Result[int], stopped chan struct{}) {
	triggers, results, stopped = make(chan struct{}), make(chan Result[int], 8), make(chan struct{})
	go func() {
		Run(ctx, triggers, b.run, func(r Result[int]) { results <- r })
		close(stopped)
	}()
	return triggers, results, stopped
}

// A trigger during a build cancels it and starts another once it has
// returned; stopping cancels the build in progress and reports it.
func TestRunSupersedes(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b := newBuild()
	triggers, results, stopped := runLoop(ctx, b)

	triggers <- struct{}{}
	first := recv(t, b.started, "first build")
	triggers <- struct{}{} // a newer change: cancels the first
	r := recv(t, results, "the superseded build's result")
	if !r.Superseded || !errors.Is(r.Err, context.Canceled) || first.Err() == nil {
		t.Errorf("superseded build: %+v", r)
	}
	recv(t, b.started, "second build")
	b.finish <- 7
	if r := recv(t, results, "the second build's result"); r.Superseded || r.Err != nil || r.Value != 7 {
		t.Errorf("second build: %+v", r)
	}

	triggers <- struct{}{}
	recv(t, b.started, "third build")
	cancel()
	if r := recv(t, results, "the cancelled build's result"); !r.Superseded {
		t.Errorf("build running at stop: %+v", r)
	}
	recv(t, stopped, "Run's return")
	if m := b.most.Load(); m != 1 {
		t.Errorf("%d builds ran at once, want 1", m)
	}
}

// Triggers that arrive while a build runs make one more build, after it;
// a build that finishes although cancelled keeps its value.
func TestRunMergesTriggers(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	b := newBuild()
	b.deaf = true
	triggers, results, stopped := runLoop(ctx, b)
	defer func() { cancel(); recv(t, stopped, "Run's return") }()

	triggers <- struct{}{}
	recv(t, b.started, "first build")
	for range 3 {
		triggers <- struct{}{}
	}
	b.finish <- 1
	if r := recv(t, results, "the first build's result"); !r.Superseded || r.Err != nil || r.Value != 1 {
		t.Errorf("first build, finished after a trigger cancelled it: %+v, want its value, superseded", r)
	}
	recv(t, b.started, "second build")
	b.finish <- 2
	if r := recv(t, results, "the second build's result"); r.Superseded || r.Value != 2 {
		t.Errorf("second build: %+v", r)
	}
	select {
	case <-b.started:
		t.Error("a third build for triggers that came together")
	case r := <-results:
		t.Errorf("an extra result: %+v", r)
	default:
	}
	if m := b.most.Load(); m != 1 {
		t.Errorf("%d builds ran at once, want 1", m)
	}
}

func TestRunStopsWhenTriggersClose(t *testing.T) {
	triggers := make(chan struct{})
	b := newBuild()
	results := make(chan Result[int], 1)
	stopped := make(chan struct{})
	go func() {
		Run(context.Background(), triggers, b.run, func(r Result[int]) { results <- r })
		close(stopped)
	}()
	triggers <- struct{}{}
	recv(t, b.started, "build")
	close(triggers)
	b.finish <- 1 // the build in progress finishes, and is reported
	if r := recv(t, results, "result"); r.Value != 1 || r.Err != nil {
		t.Errorf("result: %+v", r)
	}
	recv(t, stopped, "Run's return")
}

// The watcher triggers on a new file, on a file in a folder created after
// it started, on a change and on a removal; it stops with its context.
func TestWatch(t *testing.T) {
	dir := t.TempDir()
	w, err := Watch(dir, WatchOptions{Quiet: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { w.Run(ctx); close(stopped) }()
	defer func() { cancel(); recv(t, stopped, "Run's return") }()

	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.md", "one")
	recv(t, w.C, "trigger for a new file")
	for i, sub := range []string{"sub", "sub/deeper"} {
		if err := os.Mkdir(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
		recv(t, w.C, "trigger for a new folder")
		for deadline := time.Now().Add(hangGuard); w.Folders() != i+2; time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("watching %d folders, want %d", w.Folders(), i+2)
			}
		}
	}
	select { // a trigger left from the folders' events
	case <-w.C:
	default:
	}
	// Only a watch on the new folder sees this one.
	write("sub/deeper/b.md", "two")
	recv(t, w.C, "trigger for a file in a folder created later")
	write("a.md", "changed")
	recv(t, w.C, "trigger for a change")
	if err := os.Remove(filepath.Join(dir, "a.md")); err != nil {
		t.Fatal(err)
	}
	recv(t, w.C, "trigger for a removal")
	if n := w.Folders(); n != 3 {
		t.Errorf("watching %d folders, want 3", n)
	}
}

func TestWatchIgnores(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{".git", "_drafts", "index"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	w, err := Watch(dir, WatchOptions{Ignore: func(p string) bool { return p == filepath.Join(dir, "index") }})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if n := w.Folders(); n != 1 {
		t.Errorf("watching %d folders, want 1 (the root; .git, _drafts and the ignored folder left out)", n)
	}
	for _, p := range []string{"a.md", "sub/b.md"} {
		if w.ignored(filepath.Join(dir, p)) {
			t.Errorf("%s ignored", p)
		}
	}
	for _, p := range []string{".a.md.swp", "_draft.md", "index", "sub/.hidden"} {
		if !w.ignored(filepath.Join(dir, p)) {
			t.Errorf("%s not ignored", p)
		}
	}
}

func TestWatchMissingFolder(t *testing.T) {
	if _, err := Watch(filepath.Join(t.TempDir(), "nope"), WatchOptions{}); err == nil {
		t.Error("Watch of a missing folder: no error")
	}
}
