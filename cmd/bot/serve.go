package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
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
)

// shutdownGrace bounds how long serve waits, after a signal, for requests
// and replies in flight.
const shutdownGrace = 15 * time.Second

// errNotReady is what a question gets while the index is still loading.
var errNotReady = errors.New("the index is still loading")

// ready holds what serve answers from once loading is done; until then
// questions fail politely and /readyz says 503.
type ready struct{ l atomic.Pointer[loaded] }

func (r *ready) Answer(ctx context.Context, q answer.Question) (answer.Answer, error) {
	l := r.l.Load()
	if l == nil {
		return answer.Answer{}, errNotReady
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

func (m *Main) serve(ctx context.Context, args []string) error {
	fset := m.flags("serve", "bot serve [--corpus DIR] [--index DIR] [--addr :8080] [--log-format text|json] [--log-level info]")
	dir := fset.String("corpus", "", "read documents from `DIR` (recursively) instead of the embedded corpus")
	indexDir := fset.String("index", "", "keep the index in `DIR` and reuse it while the corpus is unchanged")
	addr := fset.String("addr", cmp.Or(m.Getenv("ADDR"), ":8080"), "listen on this `address` (env ADDR)")
	logFormat := fset.String("log-format", cmp.Or(m.Getenv("LOG_FORMAT"), "text"), "log as `text` or json (env LOG_FORMAT)")
	logLevel := fset.String("log-level", cmp.Or(m.Getenv("LOG_LEVEL"), "info"), "log `level`: debug, info, warn or error (env LOG_LEVEL)")
	company := fset.String("company", m.Getenv("DEFAULT_COMPANY"), "the company to assume when a question names none (env DEFAULT_COMPANY)")
	if err := parse(fset, args); err != nil {
		return err
	}
	if fset.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %q", errUsage, fset.Args())
	}
	log, err := m.logger(*logFormat, *logLevel)
	if err != nil {
		return err
	}

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	metrics := web.NewMetrics(reg)
	var engine ready
	mux := http.NewServeMux()

	publicURL := m.Getenv("PUBLIC_URL")
	site := web.New(web.Config{PublicURL: publicURL, CORSOrigin: m.Getenv("CORS_ORIGIN"), Company: *company},
		&engine, &engine, metrics, log) // adapters.Ask adds adapter=web to its question lines
	site.Register(mux)

	var runners []runner
	sc := slack.ConfigFromEnv(m.Getenv)
	sc.Company = *company
	if sc.Enabled() {
		a, err := slack.New(sc, &engine, metrics, log) // it adds adapter=slack itself
		if err != nil {
			return err
		}
		runners = append(runners, a)
		log.Info("slack enabled", "config", sc.String())
	}
	dc := discord.ConfigFromEnv(m.Getenv)
	dc.Company = *company
	if dc.Enabled() {
		a, err := discord.New(dc, &engine, metrics, log) // it adds adapter=discord itself
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

	l, err := m.load(ctx, *dir, *indexDir, log)
	if err != nil {
		srv.Close()
		<-serveErr // Serve closes ln when it returns, even if Close came first
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
	engine.l.Store(l)
	site.SetReady(true)
	log.Info("ready", "documents", len(l.Corpus.Docs), "passages", passages, "facts", len(l.Facts))

	runCtx, stopRunners := context.WithCancel(context.WithoutCancel(ctx))
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

func (m *Main) listen(addr string) (net.Listener, error) {
	if m.Listen != nil {
		return m.Listen(addr)
	}
	return net.Listen("tcp", addr)
}

var _ adapters.Answerer = (*ready)(nil)
