// Command loadgen is a small HTTP load generator for the bot's /v1/ask.
//
//	loadgen [-url URL] [-c 8] [-d 10s | -n 10000] [-size 1k|10k|100k]
//	loadgen -gen DIR -size 100k
//
// It asks questions from a fixed set (about the embedded corpus, or the
// generated questions of a synthetic corpus size) with -c workers, for -d
// or until -n requests, then prints throughput and latency percentiles. It
// only talks to loopback addresses unless -allow-remote is given, and never
// runs longer than 10 minutes or with more than 512 workers.
//
// With -gen it writes the synthetic corpus of -size to DIR instead, for
// `bot serve --corpus DIR`, and exits.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := Run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}
