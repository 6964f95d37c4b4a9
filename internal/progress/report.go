package progress

import (
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"
)

// Defaults of Options.
const (
	DefaultAfter     = 2 * time.Second        // quiet for a job shorter than this
	DefaultEvery     = 5 * time.Second        // a log line this often
	DefaultEveryLine = 250 * time.Millisecond // a terminal line this often
)

// Options configure Start.
type Options struct {
	// Job names the job at the start of every line: "indexing".
	Job string
	// Out receives the progress: one line rewritten in place when TTY is
	// true, else a plain line each time (unless Log is set).
	Out io.Writer
	TTY bool
	// Log, when set and TTY is false, receives an Info record each time
	// instead of Out.
	Log *slog.Logger
	// Every is how often progress is shown: DefaultEveryLine on a
	// terminal, else DefaultEvery.
	Every time.Duration
	// After is how long the job runs before anything is shown
	// (DefaultAfter); a job done sooner shows nothing.
	After time.Duration

	// Now and Tick replace the clock and the ticker (tests); Tick's
	// values are ignored, Now is read instead.
	Now  func() time.Time
	Tick <-chan time.Time
}

// Start shows c's progress from a goroutine of its own until stop is
// called. stop waits for that goroutine; when anything was shown, or the
// job ran for at least After, it shows a last line with the totals (on a
// terminal, ending the line). Call stop once.
func Start(c *Counters, opt Options) (stop func()) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.After == 0 {
		opt.After = DefaultAfter
	}
	if opt.Every == 0 {
		opt.Every = DefaultEvery
		if opt.TTY {
			opt.Every = DefaultEveryLine
		}
	}
	tick := opt.Tick
	var ticker *time.Ticker
	if tick == nil {
		ticker = time.NewTicker(opt.Every)
		tick = ticker.C
	}
	r := &reporter{c: c, opt: opt, start: opt.Now()}
	quit := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-tick:
				r.tick()
			case <-quit:
				r.finish()
				return
			}
		}
	})
	return func() {
		close(quit)
		wg.Wait()
		if ticker != nil {
			ticker.Stop()
		}
	}
}

// reporter is the state of one Start; used by its goroutine only.
type reporter struct {
	c     *Counters
	opt   Options
	start time.Time
	shown bool

	// The current step, when it was first seen, and its count then: the
	// rate is measured from there.
	step     Step
	stepAt   time.Time
	stepBase int64
	lastTick time.Time // the previous tick's time; zero before the first
	width    int       // of the last terminal line, to blank what is left of it
}

func (r *reporter) tick() {
	now := r.opt.Now()
	s := r.c.Snapshot()
	if s.Step != r.step || r.stepAt.IsZero() {
		// The step began after the previous tick (or the start): the
		// rate is measured from then, from nothing done, which may
		// overstate the time left a little, never understate it.
		r.step, r.stepAt, r.stepBase = s.Step, r.lastTick, 0
		if r.stepAt.IsZero() {
			r.stepAt = r.start
		}
	}
	r.lastTick = now
	if now.Sub(r.start) < r.opt.After {
		return
	}
	r.show(s, now, r.eta(s, now), false)
}

// eta estimates the time the current step still needs from its rate since
// it was first seen; 0 when it cannot tell yet.
func (r *reporter) eta(s Snapshot, now time.Time) time.Duration {
	done, total := s.stepCounts()
	gained, took := done-r.stepBase, now.Sub(r.stepAt)
	if gained <= 0 || took <= 0 || total <= done {
		return 0
	}
	return time.Duration(float64(took) * float64(total-done) / float64(gained))
}

func (r *reporter) finish() {
	now := r.opt.Now()
	if !r.shown && now.Sub(r.start) < r.opt.After {
		return
	}
	r.show(r.c.Snapshot(), now, 0, true)
}

func (r *reporter) show(s Snapshot, now time.Time, eta time.Duration, final bool) {
	r.shown = true
	elapsed := now.Sub(r.start).Round(time.Second)
	switch {
	case r.opt.TTY:
		line := Line(r.opt.Job, s, elapsed, eta, final)
		pad := max(r.width-len(line), 0)
		r.width = len(line)
		end := ""
		if final {
			end = "\n"
		}
		fmt.Fprintf(r.opt.Out, "\r%s%s%s", line, strings.Repeat(" ", pad), end)
	case r.opt.Log != nil:
		msg := r.opt.Job + ": " + s.Step.String()
		if final {
			msg = r.opt.Job + ": done"
		}
		attrs := []any{"files", s.Files, "files_total", s.FilesTotal,
			"passages", s.Passages, "passages_total", s.PassagesTotal, "facts", s.Facts,
			"entries", s.Entries, "entries_total", s.EntriesTotal, "elapsed", elapsed}
		if eta > 0 {
			attrs = append(attrs, "remaining", eta.Round(time.Second))
		}
		r.opt.Log.Info(msg, attrs...)
	default:
		fmt.Fprintln(r.opt.Out, Line(r.opt.Job, s, elapsed, eta, final))
	}
}

// Line is one progress line:
//
//	indexing: extracting, 1200/1200 files, 40000/100000 passages, 9000 facts, 12s elapsed, about 18s left to extract
//	indexing: done, 1200 files, 100000 passages, 23000 facts, 52000 entries, in 41s
func Line(job string, s Snapshot, elapsed, eta time.Duration, final bool) string {
	var b strings.Builder
	if final {
		fmt.Fprintf(&b, "%s: done, %d files, %d passages, %d facts", job, s.Files, s.Passages, s.Facts)
		if s.Entries > 0 {
			fmt.Fprintf(&b, ", %d entries indexed", s.Entries)
		}
		fmt.Fprintf(&b, ", in %s", elapsed)
		return b.String()
	}
	fmt.Fprintf(&b, "%s: %s, %d/%d files, %d/%d passages, %d facts", job, s.Step, s.Files, s.FilesTotal, s.Passages, s.PassagesTotal, s.Facts)
	if s.Step == Indexing {
		fmt.Fprintf(&b, ", %d/%d entries", s.Entries, s.EntriesTotal)
	}
	fmt.Fprintf(&b, ", %s elapsed", elapsed)
	switch {
	case eta >= time.Second:
		fmt.Fprintf(&b, ", about %s left to %s", eta.Round(time.Second), s.Step.verb())
	case eta > 0:
		fmt.Fprintf(&b, ", under a second left to %s", s.Step.verb())
	}
	return b.String()
}
