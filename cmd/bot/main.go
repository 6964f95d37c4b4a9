// Command bot answers questions about company results from a corpus of
// results documents, citing every figure verbatim from its source: on the
// command line (bot ask), over HTTP, in Slack and in Discord (bot serve).
//
// The corpus is embedded in the binary; --corpus DIR replaces it.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// defaultMemoryLimit is the soft memory limit the bot runs under when
// GOMEMLIMIT does not set one: the garbage collector works harder before
// the heap passes it, which keeps a large corpus's index build within it
// (docs/benchmarks.md); it is soft, so a larger live heap still runs.
const defaultMemoryLimit = 400 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	m := NewMain()
	code := m.Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}
