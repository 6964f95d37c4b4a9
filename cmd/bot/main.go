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
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	m := NewMain()
	code := m.Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}
