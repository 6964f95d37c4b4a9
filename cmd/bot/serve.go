package main

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/resultsbot/resultsbot/internal/adapters"
	"github.com/resultsbot/resultsbot/internal/adapters/discord"
	"github.com/resultsbot/resultsbot/internal/adapters/slack"
	"github.com/resultsbot/resultsbot/internal/adapters/web"
	"github.com/resultsbot/resultsbot/internal/answer"
	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/state"
)

// shutdownGrace bounds how long serve waits, after a signal and the
// drain, for requests and replies in flight.
const shutdownGrace = 15 * time.Second

// Defaults of serve's settings.
const (
	// defaultStartupWait is how long a question asked while the index
	// loads waits for it, before it gets ErrNotReady (503, Retry-After).
	defaultStartupWait = 20 * time.Second
	// defaultShutdownDelay is how long, after a signal, /readyz says 503
	// while the server still answers, so that a load balancer stops
	// sending it traffic before the listener closes.
	defaultShutdownDelay = 5 * time.Second
	// memorySeen is how many answered events are remembered without
	// --state.
	memorySeen = 10000
)

// ready holds what serve answers from once loading is done. Until then a
// question waits for it, up to wait, and then fails with
// adapters.ErrNotReady; /readyz says 503.
type ready struct {
	l    atomic.Pointer[loaded]
	done chan struct{} // closed by set
	wait time.Duration
	log  *slog.Logger
}

func newReady(wait time.Duration, log *slog.Logger) *ready {
	return &ready{done: make(chan struct{}), wait: wait, log: log}
}

// set makes l the loaded corpus and wakes the questions waiting for it.
func (r *ready) set(l *loaded) {
	r.l.Store(l)
	close(r.done)
}

// Ready reports whether the index is loaded; adapters.Readiness.
func (r *ready) Ready() bool { return r.l.Load() != nil }

// get returns the loaded corpus, waiting for it while it loads, at most
// r.wait and while ctx lasts.
func (r *ready) get(ctx context.Context) (*loaded, error) {
	if l := r.l.Load(); l != nil {
		return l, nil
	}
	r.log.DebugContext(ctx, "question waits for the index to load", "wait", r.wait)
	t := time.NewTimer(r.wait)
	defer t.Stop()
	select {
	case <-r.done:
		return r.l.Load(), nil
	case <-t.C:
		return nil, adapters.ErrNotReady
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (r *ready) Answer(ctx context.Context, q answer.Question) (answer.Answer, error) {
	l, err := r.get(ctx)
	if err != nil {
		return answer.Answer{}, err
	}
	return l.Engine.Answer(ctx, q)
}

func (r *ready) Doc(path string) (*corpus.Document, bool) {
	l := r.l.Load()
	if l == nil {
		return nil, false
	}
	return l.Corpus.Doc(path)
}

// runner is a chat adapter: it runs until ctx is done and its replies in
// flight are finished.
type runner interface {
	Register(mux *http.ServeMux)
	Run(ctx context.Context) error
}

// loadResult is what loading in the background ends with.
type loadResult struct {
	l   *loaded
	err error
}

func (m *Main) serve(ctx context.Context, args []string) error {
	fset := m.flags("serve", "bot serve [--corpus DIR] [--index DIR] [--state DIR] [--addr :8080] [--log-format text|json] [--log-level info]")
	src, err := m.sourceFlags(fset, "keep the index in `DIR` and reuse it while the corpus is unchanged")
	if err != nil {
		return err
	}
	addr := fset.String("addr", cmp.Or(m.Getenv("ADDR"), ":8080"), "listen on this `address` (env ADDR)")
	logFormat := fset.String("log-format", cmp.Or(m.Getenv("LOG_FORMAT"), "text"), "log as `text` or json (env LOG_FORMAT)")
	logLevel := fset.String("log-level", cmp.Or(m.Getenv("LOG_LEVEL"), "info"), "log `level`: debug, info, warn or error (env LOG_LEVEL)")
	company := fset.String("company", m.Getenv("DEFAULT_COMPANY"), "the company to assume when a question names none (env DEFAULT_COMPANY)")
	stateDir := fset.String("state", m.Getenv("STATE_DIR"), "remember answered Slack and Discord events across restarts in `DIR` (env STATE_DIR); in memory when unset")
	delay := defaultShutdownDelay
	if env := m.Getenv("SHUTDOWN_DELAY"); env != "" {
		if delay, err = time.ParseDuration(env); err != nil || delay < 0 {
			return fmt.Errorf("%w: SHUTDOWN_DELAY %q: want a duration such as 5s", errUsage, env)
		}
	}
	fset.DurationVar(&delay, "shutdown-delay", delay, "after SIGTERM, say not ready for this `long` while still serving, then stop (env SHUTDOWN_DELAY)")
	if err := parse(fset, args); err != nil {
		return err
	}
	if fset.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %q", errUsage, fset.Args())
	}
	if delay < 0 {
		return fmt.Errorf("%w: --shutdown-delay must not be negative", errUsage)
	}
	log, err := m.logger(*logFormat, *logLevel)
	if err != nil {
		return err
	}

	var store adapters.Store = state.NewMemory(memorySeen)
	if *stateDir != "" {
		b, err := state.Open(*stateDir)
		if err != nil {
			return err
		}
		defer b.Close() // after the adapters, deferred below, have stopped
		store = b
		log.Info("remembering answered events", "state", *stateDir)
	}

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	metrics := web.NewMetrics(reg)
	engine := newReady(cmp.Or(m.startupWait, defaultStartupWait), log)
	mux := http.NewServeMux()

	publicURL := m.Getenv("PUBLIC_URL")
	site := web.New(web.Config{PublicURL: publicURL, CORSOrigin: m.Getenv("CORS_ORIGIN"), Company: *company},
		engine, engine, metrics, log) // adapters.Ask adds adapter=web to its question lines
	site.Register(mux)

	var runners []runner
	sc := slack.ConfigFromEnv(m.Getenv)
	sc.Company = *company
	if sc.Enabled() {
		a, err := slack.New(sc, engine, metrics, log, slack.WithStore(store)) // it adds adapter=slack itself
		if err != nil {
			return err
		}
		runners = append(runners, a)
		log.Info("slack enabled", "config", sc.String())
	}
	dc := discord.ConfigFromEnv(m.Getenv)
	dc.Company = *company
	if dc.Enabled() {
		a, err := discord.New(dc, engine, metrics, log, discord.WithStore(store)) // it adds adapter=discord itself
		if err != nil {
			return err
		}
		runners = append(runners, a)
		log.Info("discord enabled")
	}
	for _, r := range runners {
		r.Register(mux)
	}

	ln, err := m.listen(*addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	srv := web.NewServer(*addr, mux, log)
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	log.Info("listening", "addr", ln.Addr().String())

	// Load in the background, so that a signal is heeded at once: loading
	// stops at its next file or document.
	loadDone := make(chan loadResult, 1)
	go func() {
		l, err := m.load(ctx, *src, log)
		loadDone <- loadResult{l, err}
	}()
	var l *loaded
	select {
	case r := <-loadDone:
		l, err = r.l, r.err
	case <-ctx.Done():
		err = ctx.Err()
		go func() { // the loader is stopping; close what it may still finish
			if r := <-loadDone; r.l != nil {
				r.l.Close()
			}
		}()
	case err := <-serveErr:
		return fmt.Errorf("http server: %w", err)
	}
	if err != nil {
		srv.Close()
		<-serveErr // Serve closes ln when it returns, even if Close came first
		if ctx.Err() != nil {
			log.Info("stopped while loading")
			return nil
		}
		return err
	}
	defer l.Close()
	for _, p := range l.Problems {
		log.Warn("skipped a corpus file", "err", p)
	}
	passages := 0
	for _, d := range l.Corpus.Docs {
		passages += len(d.Passages)
	}
	metrics.SetIndexSize(len(l.Corpus.Docs), passages, len(l.Facts))
	engine.set(l)
	site.SetReady(true)
	log.Info("ready", "documents", len(l.Corpus.Docs), "passages", passages, "facts", len(l.Facts))

	runCtx, stopRunners := context.WithCancel(context.WithoutCancel(ctx))
	defer stopRunners()
	var wg sync.WaitGroup
	runErr := make(chan error, len(runners))
	for _, r := range runners {
		wg.Go(func() {
			if err := r.Run(runCtx); err != nil {
				runErr <- err
			}
		})
	}

	var failed error
	select {
	case <-ctx.Done():
		log.Info("shutting down")
	case err := <-serveErr:
		failed = fmt.Errorf("http server: %w", err)
	case err := <-runErr:
		failed = err
	}
	site.SetReady(false)
	if failed == nil && delay > 0 {
		// Still serving, not ready: a load balancer takes the server out
		// of rotation before the listener closes.
		log.Info("draining: /readyz says not ready; stopping after the delay", "delay", delay)
		m.drain(context.WithoutCancel(ctx), delay)
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		log.Warn("http shutdown", "err", err)
	}
	stopRunners()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-shutdownCtx.Done():
		log.Warn("replies still in flight at shutdown")
	}
	return failed
}

// drain waits d, or what Main.Drain does instead.
func (m *Main) drain(ctx context.Context, d time.Duration) {
	if m.Drain != nil {
		m.Drain(ctx, d)
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

func (m *Main) listen(addr string) (net.Listener, error) {
	if m.Listen != nil {
		return m.Listen(addr)
	}
	return net.Listen("tcp", addr)
}

var _ adapters.Answerer = (*ready)(nil)
