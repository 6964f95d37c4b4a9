package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/resultsbot/resultsbot/internal/synth"
)

// Bounds on a run.
const (
	maxWorkers  = 512
	maxDuration = 10 * time.Minute
)

// Result is what a run measured.
type Result struct {
	Requests int
	Errors   int // transport errors and non-200 responses
	Elapsed  time.Duration
	P50, P90 time.Duration
	P99, Max time.Duration
}

// Throughput is successful and failed requests per second.
func (r Result) Throughput() float64 { return float64(r.Requests) / r.Elapsed.Seconds() }

func (r Result) String() string {
	return fmt.Sprintf("requests %d  errors %d  elapsed %s  throughput %.0f req/s  p50 %s  p90 %s  p99 %s  max %s",
		r.Requests, r.Errors, r.Elapsed.Round(time.Millisecond), r.Throughput(), r.P50, r.P90, r.P99, r.Max)
}

// Run parses args and runs the load, or writes a corpus with -gen.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	fset.SetOutput(stderr)
	target := fset.String("url", "http://127.0.0.1:8080/v1/ask", "the /v1/ask `URL` to load")
	workers := fset.Int("c", 8, "concurrent workers")
	dur := fset.Duration("d", 10*time.Second, "run for this long (at most 10m)")
	count := fset.Int("n", 0, "stop after this many requests (0: run for -d)")
	size := fset.String("size", "", "ask the generated questions of this synthetic corpus `size` (1k, 10k, 100k); default: questions about the embedded corpus")
	gen := fset.String("gen", "", "write the synthetic corpus of -size to `DIR` and exit")
	remote := fset.Bool("allow-remote", false, "allow a target that is not a loopback address")
	if err := fset.Parse(args); err != nil {
		return err
	}
	var g *synth.Corpus
	if *size != "" {
		opt, ok := synth.SizeNamed(*size)
		if !ok {
			return fmt.Errorf("unknown -size %q (want 1k, 10k or 100k)", *size)
		}
		g = synth.Generate(opt)
	}
	if *gen != "" {
		if g == nil {
			return errors.New("-gen needs -size")
		}
		if err := writeDir(*gen, g.FS); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %d documents and companies.yaml to %s\n", g.Docs, *gen)
		return nil
	}
	if *workers < 1 || *workers > maxWorkers {
		return fmt.Errorf("-c must be between 1 and %d", maxWorkers)
	}
	if *dur <= 0 || *dur > maxDuration {
		return fmt.Errorf("-d must be between 0 and %s", maxDuration)
	}
	u, err := url.Parse(*target)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return fmt.Errorf("-url %q is not an http URL", *target)
	}
	if !*remote && !loopback(ctx, u.Hostname()) {
		return fmt.Errorf("-url %q is not a loopback address (use -allow-remote to load another host)", *target)
	}
	questions := synth.EmbeddedQuestions
	if g != nil {
		questions = questions[:0:0]
		for _, q := range g.Questions {
			questions = append(questions, q.Text)
		}
	}
	res, err := Load(ctx, Config{URL: u.String(), Workers: *workers, Duration: *dur, Count: *count, Questions: questions})
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, res)
	if res.Errors > 0 {
		return fmt.Errorf("%d of %d requests failed", res.Errors, res.Requests)
	}
	return nil
}

// loopback reports whether host names only loopback addresses.
func loopback(ctx context.Context, host string) bool {
	if ip := net.ParseIP(host); ip != nil {
		return ip.IsLoopback()
	}
	if host != "localhost" {
		return false
	}
	addrs, err := net.DefaultResolver.LookupIPAddr(ctx, host)
	if err != nil || len(addrs) == 0 {
		return false
	}
	for _, a := range addrs {
		if !a.IP.IsLoopback() {
			return false
		}
	}
	return true
}

// Config is one load run.
type Config struct {
	URL       string        // the /v1/ask endpoint
	Workers   int           // concurrent requests
	Duration  time.Duration // how long to run, when Count is 0
	Count     int           // total requests; 0 runs for Duration
	Questions []string      // asked in turn, as GET ?q=
}

// Load runs cfg and returns what it measured. It stops early when ctx is
// done. Every request must get a 200 with a body; other outcomes count as
// errors.
func Load(ctx context.Context, cfg Config) (Result, error) {
	if len(cfg.Questions) == 0 {
		return Result{}, errors.New("no questions")
	}
	urls := make([]string, len(cfg.Questions))
	for i, q := range cfg.Questions {
		urls[i] = cfg.URL + "?q=" + url.QueryEscape(q)
	}
	tr := &http.Transport{MaxIdleConnsPerHost: cfg.Workers, MaxConnsPerHost: cfg.Workers, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	if cfg.Count == 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, cfg.Duration)
		defer cancel()
	}
	var (
		next   atomic.Int64
		errs   atomic.Int64
		mu     sync.Mutex
		all    []time.Duration
		wg     sync.WaitGroup
		failed atomic.Value
	)
	start := time.Now()
	for range cfg.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lat := make([]time.Duration, 0, 1024)
			for ctx.Err() == nil {
				i := next.Add(1) - 1
				if cfg.Count > 0 && i >= int64(cfg.Count) {
					break
				}
				t0 := time.Now()
				err := get(ctx, client, urls[i%int64(len(urls))])
				if ctx.Err() != nil && cfg.Count == 0 {
					break // the run ended during this request: not counted
				}
				lat = append(lat, time.Since(t0))
				if err != nil {
					errs.Add(1)
					failed.CompareAndSwap(nil, err)
				}
			}
			mu.Lock()
			all = append(all, lat...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	res := Result{Requests: len(all), Errors: int(errs.Load()), Elapsed: time.Since(start)}
	if len(all) == 0 {
		return res, errors.New("no request completed")
	}
	slices.Sort(all)
	at := func(p int) time.Duration { return all[min(len(all)-1, len(all)*p/100)] }
	res.P50, res.P90, res.P99, res.Max = at(50), at(90), at(99), all[len(all)-1]
	if err, ok := failed.Load().(error); ok && res.Errors == res.Requests {
		return res, fmt.Errorf("every request failed, e.g.: %w", err)
	}
	return res, nil
}

func get(ctx context.Context, client *http.Client, u string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK || n == 0 {
		return fmt.Errorf("%s: status %d, %d bytes", u, resp.StatusCode, n)
	}
	return nil
}

// writeDir writes fsys under dir.
func writeDir(dir string, fsys fs.FS) error {
	return fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, filepath.FromSlash(p))
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
}
