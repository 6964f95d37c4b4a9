package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"strings"
	"time"

	resultsbot "github.com/resultsbot/resultsbot"
	"github.com/resultsbot/resultsbot/internal/corpus"
)

// Exit codes.
const (
	exitOK    = 0 // an answer, a decline, or help
	exitFail  = 1 // something went wrong
	exitUsage = 2 // the command line was wrong
)

// Main is the command line, with everything it touches injected so that a
// test can drive it end to end.
type Main struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// Corpus is the corpus used when --corpus is not given.
	Corpus fs.FS
	// Lexicon is the lexicon file (internal/lexicon's format); nil means
	// the embedded one. Tests set it to see a changed lexicon at work.
	Lexicon []byte
	// DirFS opens --corpus DIR; NewMain's, corpus.DirFS, never leaves DIR.
	DirFS func(dir string) fs.FS
	// Listen opens the listener of bot serve; nil means net.Listen("tcp", addr).
	Listen func(addr string) (net.Listener, error)
	// Drain is what bot serve does, after a signal, while /readyz says not
	// ready and the server still answers; nil means waiting d
	// (--shutdown-delay) or until ctx is done.
	Drain func(ctx context.Context, d time.Duration)

	// startupWait is how long a question waits for the index while it
	// loads; 0 means defaultStartupWait.
	startupWait time.Duration
	// reloaded, when set, is told each reload's outcome (web.Reload*)
	// once it has taken effect; tests wait on it.
	reloaded func(outcome string)
	// reloadBuilt, when set, is called by a reload once its new engine is
	// built, before it is swapped in; tests hold the swap there.
	reloadBuilt func()
	// progressNow, when set, is the clock progress reports read.
	progressNow func() time.Time
}

// NewMain returns a Main wired to the process: standard streams, the
// environment and the embedded corpus.
func NewMain() *Main {
	return &Main{
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		Getenv: os.Getenv,
		Corpus: resultsbot.Corpus(),
		DirFS:  corpus.DirFS,
	}
}

// errUsage marks a command line that is wrong; the message says how.
var errUsage = errors.New("usage")

const topUsage = `bot answers questions about company results, citing its sources.

Usage:
  bot ask [--corpus DIR] [--index DIR] [--json] [--explain] QUESTION
  bot index [--corpus DIR] --index DIR
  bot serve [--corpus DIR] [--index DIR] [--reload-delay 1s] [--state DIR] [--addr :8080] [--log-format text|json] [--log-level info]
  bot add [--corpus DIR] [--company NAME] [--timeout 30s] URL|FILE...

Run "bot COMMAND -h" for a command's flags.
`

// Run runs the command line args (without the program name) and returns the
// exit code.
func (m *Main) Run(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, topUsage)
		return exitUsage
	}
	var err error
	switch args[0] {
	case "ask":
		err = m.ask(ctx, args[1:])
	case "index":
		err = m.index(ctx, args[1:])
	case "serve":
		err = m.serve(ctx, args[1:])
	case "add":
		err = m.add(ctx, args[1:])
	case "-h", "-help", "--help", "help":
		fmt.Fprint(m.Stdout, topUsage)
		return exitOK
	default:
		fmt.Fprintf(m.Stderr, "bot: unknown command %q\n\n%s", args[0], topUsage)
		return exitUsage
	}
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, errUsage):
		fmt.Fprintf(m.Stderr, "bot %s: %v\n", args[0], strings.TrimPrefix(err.Error(), "usage: "))
		return exitUsage
	default:
		fmt.Fprintf(m.Stderr, "bot %s: %v\n", args[0], err)
		return exitFail
	}
}

// flags returns a FlagSet for a subcommand that reports errors as usage
// errors and prints its help to stdout on -h.
func (m *Main) flags(name, usage string) *flag.FlagSet {
	fset := flag.NewFlagSet(name, flag.ContinueOnError)
	fset.SetOutput(io.Discard)
	fset.Usage = func() {
		fmt.Fprintf(m.Stdout, "Usage: %s\n\nFlags:\n", usage)
		fset.SetOutput(m.Stdout)
		fset.PrintDefaults()
		fset.SetOutput(io.Discard)
	}
	return fset
}

// parse parses args, turning flag errors into usage errors and -h into
// printed help. The flag package would print the usage itself, on -h and
// on every error; it is silenced so that help is printed once, and a bad
// flag gets only the error, on stderr, leaving stdout clean.
func parse(fset *flag.FlagSet, args []string) error {
	usage := fset.Usage
	fset.Usage = func() {}
	err := fset.Parse(args)
	fset.Usage = usage
	if errors.Is(err, flag.ErrHelp) {
		fset.Usage()
		return err
	}
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	return nil
}

// logger returns the logger for a command; only main picks handlers.
func (m *Main) logger(format, level string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("%w: --log-level %q: want debug, info, warn or error", errUsage, level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(m.Stderr, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(m.Stderr, opts)), nil
	}
	return nil, fmt.Errorf("%w: --log-format %q: want text or json", errUsage, format)
}
