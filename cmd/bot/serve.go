package main

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/resultsbot/resultsbot/internal/adapters"
	"github.com/resultsbot/resultsbot/internal/adapters/discord"
	"github.com/resultsbot/resultsbot/internal/adapters/slack"
	"github.com/resultsbot/resultsbot/internal/adapters/web"
	"github.com/resultsbot/resultsbot/internal/answer"
	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/progress"
	"github.com/resultsbot/resultsbot/internal/reload"
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

// ready holds the engine serve answers from: none while the corpus loads,
// then the one loaded at start-up, then each reload's. Until the first, a
// question waits for it, up to wait, and then fails with
// adapters.ErrNotReady; /readyz says 503. Questions borrow the engine from
// a reload.Cell, so a reload swaps a new one in while they run, and the
// old index is closed once the last question using it is done.
type ready struct {
	cell *reload.Cell[*loaded]
	wait time.Duration
	log  *slog.Logger
	// gens, when set (before the first swap), removes an old index's
	// generation folder once it is closed.
	gens *indexGens
}

func newReady(wait time.Duration, log *slog.Logger) *ready {
	r := &ready{wait: wait, log: log}
	r.cell = reload.NewCell(r.closeLoaded)
	return r
}

// closeLoaded closes an engine no question uses any more.
func (r *ready) closeLoaded(l *loaded) {
	if err := l.Close(); err != nil {
		r.log.Warn("closing an old index", "err", err)
	}
	if r.gens != nil {
		r.gens.remove(l.indexGen)
	}
}

// swap makes l the engine questions are answered from, and wakes the
// questions waiting for the first.
func (r *ready) swap(l *loaded) { r.cell.Swap(l) }

// close stops answering and closes every engine once no question uses
// it, waiting at most until ctx is done.
func (r *ready) close(ctx context.Context) error { return r.cell.Close(ctx) }

// Ready reports whether an engine is loaded; adapters.Readiness.
func (r *ready) Ready() bool {
	select {
	case <-r.cell.Set():
		return true
	default:
		return false
	}
}

// get borrows the current engine, waiting for the first while it loads,
// at most r.wait and while ctx lasts. The caller must call release.
func (r *ready) get(ctx context.Context) (l *loaded, release func(), err error) {
	if l, release, ok := r.cell.Acquire(); ok {
		return l, release, nil
	}
	r.log.DebugContext(ctx, "question waits for the index to load", "wait", r.wait)
	t := time.NewTimer(r.wait)
	defer t.Stop()
	select {
	case <-r.cell.Set():
	case <-t.C:
		return nil, nil, adapters.ErrNotReady
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	}
	if l, release, ok := r.cell.Acquire(); ok {
		return l, release, nil
	}
	return nil, nil, adapters.ErrNotReady // closed: shutting down
}

func (r *ready) Answer(ctx context.Context, q answer.Question) (answer.Answer, error) {
	l, release, err := r.get(ctx)
	if err != nil {
		return answer.Answer{}, err
	}
	defer release()
	return l.Engine.Answer(ctx, q)
}

func (r *ready) Doc(path string) (*corpus.Document, bool) {
	l, release, ok := r.cell.Acquire()
	if !ok {
		return nil, false
	}
	defer release()
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
	fset := m.flags("serve", "bot serve [--corpus DIR] [--index DIR] [--reload-delay 1s] [--state DIR] [--addr :8080] [--log-format text|json] [--log-level info]")
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
	reloadDelay := reload.DefaultQuiet
	if env := m.Getenv("RELOAD_DELAY"); env != "" {
		if reloadDelay, err = time.ParseDuration(env); err != nil || reloadDelay <= 0 {
			return fmt.Errorf("%w: RELOAD_DELAY %q: want a duration such as 1s", errUsage, env)
		}
	}
	fset.DurationVar(&reloadDelay, "reload-delay", reloadDelay, "with --corpus DIR, reload once the folder has been quiet this `long` after a change (env RELOAD_DELAY)")
	if err := parse(fset, args); err != nil {
		return err
	}
	if fset.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %q", errUsage, fset.Args())
	}
	if delay < 0 {
		return fmt.Errorf("%w: --shutdown-delay must not be negative", errUsage)
	}
	if reloadDelay <= 0 {
		return fmt.Errorf("%w: --reload-delay must be positive", errUsage)
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

	// The corpus folder is opened once: reloads read the same folder.
	loadOpt := loadOptions{fsys: m.corpusFS(*src), log: log, progress: &progress.Counters{}}
	var gens *indexGens
	if src.dir != "" && src.indexDir != "" {
		g, first, err := openIndexGens(src.indexDir, log)
		if err != nil {
			srv.Close()
			<-serveErr
			return err
		}
		gens, engine.gens, loadOpt.indexDir = g, g, first
	}
	// SIGHUP reloads. Asked for before loading, so that one sent during
	// start-up is neither lost nor, by default, fatal.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	// Watched from before loading, so that a change made while the
	// corpus loads is not missed.
	var watcher *reload.Watcher
	if src.dir != "" {
		watcher, err = m.watch(*src, reloadDelay, log)
		if err != nil {
			log.Warn("not watching the corpus folder for changes; send SIGHUP to reload it", "dir", src.dir, "err", err)
		} else {
			defer watcher.Close()
			log.Info("watching the corpus folder for changes", "dir", src.dir, "folders", watcher.Folders())
		}
	}

	// Load in the background, so that a signal is heeded at once: loading
	// stops at its next file or document.
	loadDone := make(chan loadResult, 1)
	go func() {
		stop := m.startProgress(loadOpt.progress, progress.Options{Job: "loading", Log: log})
		l, err := m.loadWith(ctx, *src, loadOpt)
		stop()
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
	for _, p := range l.Problems {
		log.Warn("skipped a corpus file", "err", p)
	}
	if gens != nil {
		l.indexGen = loadOpt.indexDir
	}
	engine.swap(l)
	rl := &reloader{m: m, src: *src, fsys: loadOpt.fsys, lex: l.Lexicon, gens: gens, engine: engine, site: site, metrics: metrics, log: log}
	rl.started(l, watcher != nil)
	site.SetReady(true)
	log.Info("ready", "documents", len(l.Corpus.Docs), "passages", l.passages(), "facts", len(l.Facts))

	// Reloads run until shutdown begins; the engines close after the last
	// reply.
	reloadCtx, stopReloads := context.WithCancel(ctx)
	var bg sync.WaitGroup
	defer func() {
		stopReloads()
		bg.Wait()
		closeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
		defer cancel()
		if err := engine.close(closeCtx); err != nil {
			log.Warn("an index was still in use at shutdown", "err", err)
		}
	}()
	triggers := make(chan struct{})
	bg.Go(func() { forwardTriggers(reloadCtx, watcher, hup, src.dir != "", triggers, log) })
	if watcher != nil {
		bg.Go(func() { watcher.Run(reloadCtx) })
	}
	if src.dir != "" {
		bg.Go(func() { reload.Run(reloadCtx, triggers, rl.build, rl.done) })
	}

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
	stopReloads()
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

// forwardTriggers passes the watcher's triggers and SIGHUPs on to the
// reload loop until ctx is done. Without a corpus folder (reloadable
// false) a SIGHUP is logged and ignored.
func forwardTriggers(ctx context.Context, w *reload.Watcher, hup <-chan os.Signal, reloadable bool, triggers chan<- struct{}, log *slog.Logger) {
	var changed <-chan struct{}
	if w != nil {
		changed = w.C
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-changed:
			log.Info("the corpus folder changed: reloading")
		case <-hup:
			if !reloadable {
				log.Info("SIGHUP: nothing to reload, the corpus is embedded in the binary")
				continue
			}
			log.Info("SIGHUP: reloading the corpus")
		}
		select {
		case triggers <- struct{}{}:
		case <-ctx.Done():
			return
		}
	}
}

// watch starts watching src's corpus folder for changes.
func (m *Main) watch(src source, quiet time.Duration, log *slog.Logger) (*reload.Watcher, error) {
	dir, err := filepath.Abs(src.dir)
	if err != nil {
		return nil, err
	}
	var ignore func(string) bool
	if src.indexDir != "" {
		ix, err := filepath.Abs(src.indexDir)
		if err != nil {
			return nil, err
		}
		ignore = watchIgnore(ix)
	}
	return reload.Watch(dir, reload.WatchOptions{Quiet: quiet, Ignore: ignore, Log: log})
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
