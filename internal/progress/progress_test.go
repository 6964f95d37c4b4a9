package progress

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// clock is a settable clock for Options.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// run starts a report on c with a clock and a ticker the test drives, and
// returns a function that advances the clock by d and ticks once, waiting
// until the tick has been taken (the next send blocks until then).
func run(t *testing.T, c *Counters, opt Options) (tickAfter func(d time.Duration), stop func()) {
	t.Helper()
	clk := &clock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	tick := make(chan time.Time)
	opt.Now, opt.Tick = clk.Now, tick
	stop = Start(c, opt)
	return func(d time.Duration) {
		clk.advance(d)
		tick <- time.Time{}
		tick <- time.Time{} // taken only once the first one has been handled
		// The second tick is at the same time: it shows the same line
		// again on a terminal (overwritten) and a second log line, which
		// the tests below allow for.
	}, stop
}

func TestQuickJobShowsNothing(t *testing.T) {
	for _, tty := range []bool{false, true} {
		var out bytes.Buffer
		c := &Counters{}
		tickAfter, stop := run(t, c, Options{Job: "indexing", Out: &out, TTY: tty, After: 2 * time.Second})
		c.StartFiles(3)
		c.FilesDone(3)
		tickAfter(time.Second)
		stop()
		if out.Len() != 0 {
			t.Errorf("tty %v: a job of 1s printed %q, want nothing", tty, out.String())
		}
	}
}

func TestPlainLines(t *testing.T) {
	var out bytes.Buffer
	c := &Counters{}
	tickAfter, stop := run(t, c, Options{Job: "indexing", Out: &out, After: 5 * time.Second})
	c.StartFiles(100)
	tickAfter(time.Second) // the step is first seen here, begun at the start
	c.FilesDone(25)
	tickAfter(9 * time.Second) // 25 files in 10 s: 75 more take 30 s
	c.FilesDone(100)
	c.StartExtracting(1000)
	c.Extracted(400, 90)
	stop()
	got := out.String()
	for _, want := range []string{
		"indexing: reading, 25/100 files, 0/0 passages, 0 facts, 10s elapsed, about 30s left to read\n",
		"indexing: done, 100 files, 400 passages, 90 facts, in 10s\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "\r") {
		t.Errorf("plain output rewrites lines:\n%q", got)
	}
}

func TestTerminalLine(t *testing.T) {
	var out bytes.Buffer
	c := &Counters{}
	tickAfter, stop := run(t, c, Options{Job: "indexing", Out: &out, TTY: true, After: time.Second})
	c.StartIndexing(5000)
	tickAfter(2 * time.Second)
	c.Indexed(1000)
	tickAfter(2 * time.Second) // 1000 entries in 4 s: 4000 more take 16 s
	stop()
	got := out.String()
	if strings.Count(got, "\n") != 1 || !strings.HasSuffix(got, "\n") {
		t.Errorf("terminal output is not one line ended once:\n%q", got)
	}
	if !strings.Contains(got, "\rindexing: indexing, 0/0 files, 0/0 passages, 0 facts, 1000/5000 entries, 4s elapsed, about 16s left to index") {
		t.Errorf("terminal output lacks the rewritten line:\n%q", got)
	}
	if !strings.HasSuffix(strings.TrimRight(got, " \n"), "indexing: done, 0 files, 0 passages, 0 facts, 1000 entries indexed, in 4s") {
		t.Errorf("terminal output does not end with the totals:\n%q", got)
	}
}

func TestLogLines(t *testing.T) {
	var out bytes.Buffer
	log := slog.New(slog.NewTextHandler(&out, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}}))
	c := &Counters{}
	tickAfter, stop := run(t, c, Options{Job: "reloading", Log: log, After: 5 * time.Second})
	c.StartExtracting(100)
	tickAfter(5 * time.Second)
	c.Extracted(50, 7)
	tickAfter(5 * time.Second)
	stop()
	got := out.String()
	for _, want := range []string{
		`msg="reloading: extracting" files=0 files_total=0 passages=50 passages_total=100 facts=7 entries=0 entries_total=0 elapsed=10s remaining=10s`,
		`msg="reloading: done"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("log lacks %q:\n%s", want, got)
		}
	}
}

func TestNilCounters(t *testing.T) {
	var c *Counters
	c.StartFiles(1)
	c.FilesDone(1)
	c.StartExtracting(1)
	c.Extracted(1, 1)
	c.StartIndexing(1)
	c.Indexed(1)
	if s := c.Snapshot(); s != (Snapshot{}) {
		t.Errorf("nil counters: %+v", s)
	}
}

func TestConcurrentCounting(t *testing.T) {
	c := &Counters{}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 1000 {
				c.Extracted(1, 2)
			}
		})
	}
	wg.Wait()
	if s := c.Snapshot(); s.Passages != 8000 || s.Facts != 16000 {
		t.Errorf("counted %d passages, %d facts; want 8000, 16000", s.Passages, s.Facts)
	}
}
