package main

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// advancingClock returns a clock that moves a minute each time it is
// read: every job looks long enough to report its progress.
func advancingClock() func() time.Time {
	var n atomic.Int64
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	return func() time.Time { return t0.Add(time.Duration(n.Add(1)) * time.Minute) }
}

// TestIndexProgress: bot index reports its progress on stderr, apart
// from the listing on stdout, with the totals at the end of a long job
// (issue 14, item 5).
func TestIndexProgress(t *testing.T) {
	t.Parallel()
	m, stdout, stderr := testMain(nil)
	m.progressNow = advancingClock()
	if code := m.Run(t.Context(), []string{"index", "--corpus", formatsDir, "--index", t.TempDir()}); code != exitOK {
		t.Fatalf("index: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr.String(), "indexing: done, 4 files, ") || strings.Contains(stderr.String(), "\r") {
		t.Errorf("stderr, not a terminal, lacks the plain last line:\n%q", stderr)
	}
	if strings.Contains(stdout.String(), "indexing:") {
		t.Errorf("progress on stdout:\n%s", stdout)
	}
}
