//go:build unix

package main

import (
	"os"
	"strings"
	"syscall"
	"testing"
)

// TestServeReloadOnSIGHUP sends the test process a real SIGHUP: bot serve
// --corpus DIR reloads on it, with changes the watcher has not yet acted
// on (its delay is an hour), and bot serve without --corpus logs that
// there is nothing to reload and keeps serving. Not parallel: the signal
// reaches every serve in the process.
func TestServeReloadOnSIGHUP(t *testing.T) {
	dir := t.TempDir()
	copyFormats(t, dir, "companies.yaml", "brindlewood-q3-2025.md")
	hooks, outcomes := reloadHooks()
	s := startMain(t, listen(t), nil, hooks, "--corpus", dir, "--reload-delay", "1h")
	embedded := startServe(t, listen(t), nil)

	copyFormats(t, dir, taskelDoc)
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitReload(t, outcomes, "changed")
	checkTaskel(t, dir, askServe(t, s, taskelQ))
	embedded.waitLog(t, "SIGHUP: nothing to reload")
	if a := askServe(t, embedded, cloudQuestion); !a.Answered {
		t.Errorf("the embedded corpus after SIGHUP: %q", a.Answer)
	}
	if log := s.stderr.String(); !containsAll(log, "SIGHUP: reloading the corpus", `msg="corpus reloaded"`) {
		t.Errorf("the log does not show the SIGHUP reload:\n%s", log)
	}
}

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}
