// Package progress counts a long job's work (loading a corpus, extracting
// its facts, building its index) and reports it while the job runs: one
// updating line on a terminal, a log line every few seconds elsewhere, and
// nothing at all for a job that finishes quickly.
//
// The stages that do the work count into a *Counters with atomic adds and
// stores, never waiting for the reporter, which reads the counters from its
// own goroutine on a ticker. A nil *Counters counts nothing, so a stage
// calls its methods unconditionally.
package progress

import (
	"sync/atomic"
)

// Step is the part of a job under way.
type Step int32

// The steps of loading a corpus, in order.
const (
	Starting   Step = iota
	Reading         // reading and splitting files
	Extracting      // extracting facts from passages
	Indexing        // adding passages and facts to the index
)

func (s Step) String() string {
	switch s {
	case Reading:
		return "reading"
	case Extracting:
		return "extracting"
	case Indexing:
		return "indexing"
	}
	return "starting"
}

// verb says what the step does: "left to extract".
func (s Step) verb() string {
	switch s {
	case Reading:
		return "read"
	case Extracting:
		return "extract"
	case Indexing:
		return "index"
	}
	return "start"
}

// Counters are a job's progress. The zero value is ready to use; a nil
// *Counters ignores every call. Safe for concurrent use.
type Counters struct {
	step                    atomic.Int32
	files, filesTotal       atomic.Int64
	passages, passagesTotal atomic.Int64
	facts                   atomic.Int64
	entries, entriesTotal   atomic.Int64
}

// StartFiles begins the Reading step: total files are to be read.
func (c *Counters) StartFiles(total int) {
	if c == nil {
		return
	}
	c.filesTotal.Store(int64(total))
	c.step.Store(int32(Reading))
}

// FilesDone says n files (of StartFiles' total) have been read or skipped.
func (c *Counters) FilesDone(n int) {
	if c != nil {
		c.files.Store(int64(n))
	}
}

// StartExtracting begins the Extracting step over total passages.
func (c *Counters) StartExtracting(total int) {
	if c == nil {
		return
	}
	c.passagesTotal.Store(int64(total))
	c.step.Store(int32(Extracting))
}

// Extracted adds passages read and the facts found in them.
func (c *Counters) Extracted(passages, facts int) {
	if c == nil {
		return
	}
	c.passages.Add(int64(passages))
	c.facts.Add(int64(facts))
}

// StartIndexing begins the Indexing step over total entries.
func (c *Counters) StartIndexing(total int) {
	if c == nil {
		return
	}
	c.entriesTotal.Store(int64(total))
	c.step.Store(int32(Indexing))
}

// Indexed adds n entries added to the index.
func (c *Counters) Indexed(n int) {
	if c != nil {
		c.entries.Add(int64(n))
	}
}

// Snapshot is the counters at one moment.
type Snapshot struct {
	Step                    Step
	Files, FilesTotal       int64
	Passages, PassagesTotal int64
	Facts                   int64
	Entries, EntriesTotal   int64
}

// Snapshot reads the counters. Each is read atomically; together they may
// be a moment apart, which a progress line can live with.
func (c *Counters) Snapshot() Snapshot {
	if c == nil {
		return Snapshot{}
	}
	return Snapshot{
		Step:          Step(c.step.Load()),
		Files:         c.files.Load(),
		FilesTotal:    c.filesTotal.Load(),
		Passages:      c.passages.Load(),
		PassagesTotal: c.passagesTotal.Load(),
		Facts:         c.facts.Load(),
		Entries:       c.entries.Load(),
		EntriesTotal:  c.entriesTotal.Load(),
	}
}

// done and total are the current step's counts.
func (s Snapshot) stepCounts() (done, total int64) {
	switch s.Step {
	case Reading:
		return s.Files, s.FilesTotal
	case Extracting:
		return s.Passages, s.PassagesTotal
	case Indexing:
		return s.Entries, s.EntriesTotal
	}
	return 0, 0
}
