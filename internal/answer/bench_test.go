package answer_test

import (
	"bufio"
	"context"
	"io/fs"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	resultsbot "github.com/resultsbot/resultsbot"
	"github.com/resultsbot/resultsbot/internal/answer"
	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/index"
	"github.com/resultsbot/resultsbot/internal/lexicon"
	"github.com/resultsbot/resultsbot/internal/synth"
)

// Benchmarks for issue 7: over the embedded corpus, and at 1k, 10k and
// 100k passages of a synthetic corpus (internal/synth). scripts/bench.sh runs them and docs/benchmarks.md
// quotes them. Custom metrics:
//
//	passages/s  index build throughput (BenchmarkIndexBuild)
//	entries/s   the same, counting fact entries too
//	p50-ns      median Ask latency (BenchmarkAsk)
//	p99-ns      99th percentile Ask latency
//	x-floor     Ask time over the floor's: a bare match query for the same
//	            words on the same index (BenchmarkFloor)
//	peak-MB     the process's peak resident memory (VmHWM); meaningful when
//	            the benchmark runs alone in its process, as bench.sh runs it
//	live-MB     heap in use after a GC with the engine loaded

var sizes = []string{"embedded", "1k", "10k", "100k"}

// engines caches one loaded engine per size: loading 100k passages takes
// seconds, and every benchmark of a size shares it.
var engines = struct {
	sync.Mutex
	m map[string]*benchEngine
}{m: map[string]*benchEngine{}}

type benchEngine struct {
	*loadedEngine
	gen *synth.Corpus
	qs  []synth.Question
}

func engineFor(b *testing.B, size string) *benchEngine {
	b.Helper()
	engines.Lock()
	defer engines.Unlock()
	if e, ok := engines.m[size]; ok {
		return e
	}
	if size == "embedded" {
		e := &benchEngine{loadedEngine: loadNoCleanup(b, resultsbot.Corpus())}
		for _, q := range synth.EmbeddedQuestions {
			e.qs = append(e.qs, synth.Question{Text: q})
		}
		engines.m[size] = e
		return e
	}
	opt, ok := synth.SizeNamed(size)
	if !ok {
		b.Fatalf("no size %q", size)
	}
	g := synth.Generate(opt)
	e := &benchEngine{loadedEngine: loadNoCleanup(b, g.FS), gen: g, qs: sample(g.Questions, 500)}
	engines.m[size] = e
	return e
}

// loadNoCleanup is load for an engine that outlives the benchmark that
// made it (the index is released when the test binary exits).
func loadNoCleanup(b *testing.B, fsys fs.FS) *loadedEngine {
	b.Helper()
	c, problems := corpus.Load(fsys)
	if len(problems) > 0 {
		b.Fatalf("corpus.Load: %v", problems)
	}
	bt, err := answer.Build(context.Background(), c, testLexicon(b), answer.BuildOptions{})
	if err != nil {
		b.Fatalf("answer.Build: %v", err)
	}
	l := &loadedEngine{corpus: c, facts: bt.Facts, ix: bt.Index, eng: bt.Engine}
	for _, d := range c.Docs {
		l.passages += len(d.Passages)
	}
	return l
}

// BenchmarkIndexBuild builds the in-memory index of each size from entries
// made beforehand: the cost of index.Open alone.
func BenchmarkIndexBuild(b *testing.B) {
	for _, size := range sizes {
		b.Run(size, func(b *testing.B) {
			e := engineFor(b, size)
			entries := answer.Entries(e.corpus, e.facts)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				ix, err := index.Open(context.Background(), index.Options{}, func() []index.Entry { return entries })
				if err != nil {
					b.Fatal(err)
				}
				ix.Close()
			}
			sec := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(float64(e.passages)/sec, "passages/s")
			b.ReportMetric(float64(len(entries))/sec, "entries/s")
		})
	}
}

// BenchmarkColdStart measures what `bot ask` does before its first answer:
// load the corpus, extract facts, build the index, make the engine, answer.
// "embedded" is the corpus shipped in the binary; "100k" the synthetic one
// (generated beforehand, outside the timer).
func BenchmarkColdStart(b *testing.B) {
	b.Run("embedded", func(b *testing.B) {
		coldStart(b, resultsbot.Corpus(), "What was Alibaba's cloud revenue growth in the latest quarter?")
	})
	b.Run("100k", func(b *testing.B) {
		g := synth.Generate(synth.Size100k)
		coldStart(b, g.FS, g.Questions[0].Text)
	})
}

func coldStart(b *testing.B, fsys fs.FS, question string) {
	b.ReportAllocs()
	for b.Loop() {
		c, _ := corpus.Load(fsys)
		lex, err := lexicon.Default()
		if err != nil {
			b.Fatal(err)
		}
		bt, err := answer.Build(context.Background(), c, lex, answer.BuildOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := bt.Engine.Answer(context.Background(), answer.Question{Text: question}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		reportMemory(b)
		bt.Close()
		b.StartTimer()
	}
}

// reportMemory reports the live heap and the process's peak resident set.
func reportMemory(b *testing.B) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "live-MB")
	if hwm := vmHWM(); hwm > 0 {
		b.ReportMetric(float64(hwm)/(1<<20), "peak-MB")
	}
}

// vmHWM is the peak resident set size from /proc/self/status; 0 where
// there is none.
func vmHWM() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// BenchmarkAsk answers the generated questions of each size in turn, and
// reports the latency distribution and the ratio to the floor.
func BenchmarkAsk(b *testing.B) {
	for _, size := range sizes {
		b.Run(size, func(b *testing.B) {
			e := engineFor(b, size)
			ctx := context.Background()
			lat := make([]time.Duration, 0, 1<<16) // the first 65,536 latencies
			b.ReportAllocs()
			b.ResetTimer()
			i := 0
			for b.Loop() {
				q := e.qs[i%len(e.qs)]
				i++
				t0 := time.Now()
				if _, err := e.eng.Answer(ctx, answer.Question{Text: q.Text}); err != nil {
					b.Fatal(err)
				}
				if len(lat) < cap(lat) {
					lat = append(lat, time.Since(t0))
				}
			}
			b.StopTimer()
			reportPercentiles(b, lat)
			ask := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			b.ReportMetric(ask/floorNs(b, e), "x-floor")
		})
	}
}

func reportPercentiles(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*99/100)].Nanoseconds()), "p99-ns")
}

// floorNs is the mean time of a bare match query for each question's words
// on e's index, over one pass of its questions (at least 200 queries).
func floorNs(b *testing.B, e *benchEngine) float64 {
	ctx := context.Background()
	n := 0
	t0 := time.Now()
	for n < max(200, len(e.qs)) {
		if _, err := e.ix.Search(ctx, index.Query{Text: e.qs[n%len(e.qs)].Text}); err != nil {
			b.Fatal(err)
		}
		n++
	}
	return float64(time.Since(t0).Nanoseconds()) / float64(n)
}

// BenchmarkFloor is the floor on its own: index.Search with just the
// question's text, the least any answer costs.
func BenchmarkFloor(b *testing.B) {
	for _, size := range sizes {
		b.Run(size, func(b *testing.B) {
			e := engineFor(b, size)
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			i := 0
			for b.Loop() {
				if _, err := e.ix.Search(ctx, index.Query{Text: e.qs[i%len(e.qs)].Text}); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// BenchmarkAskParallel answers from every core at once, as the HTTP server
// does under load.
func BenchmarkAskParallel(b *testing.B) {
	for _, size := range sizes {
		b.Run(size, func(b *testing.B) {
			e := engineFor(b, size)
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				i := 0
				for pb.Next() {
					if _, err := e.eng.Answer(ctx, answer.Question{Text: e.qs[i%len(e.qs)].Text}); err != nil {
						b.Error(err)
						return
					}
					i++
				}
			})
		})
	}
}
