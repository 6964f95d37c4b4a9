// Package index is the full-text index over passages and the facts
// extracted from them. It is the only package that imports bleve; callers
// see plain structs (Entry, Query, Hit).
//
// Passages and facts are indexed as two document types. Text is analysed
// with bleve's English analyser (lower case, stop words, possessives,
// Porter stemming), so "grew" finds "growth" only through the fact fields
// and "revenues" finds "revenue" through stemming. Company, document,
// period, segment, metric and kind are keyword fields for exact filters.
//
// An Index lives in memory by default. Open with a directory keeps it on
// disk and reuses it while the key it was built under (Options.Hash: the
// caller's; answer.IndexKey combines the corpus's, the lexicon's and the
// rules' versions) is unchanged.
package index

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/collector"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/resultsbot/resultsbot/internal/progress"
)

// Types of entry.
const (
	TypePassage = "passage"
	TypeFact    = "fact"
)

// Entry is one thing to index: a passage or a fact.
type Entry struct {
	ID      string // unique across the index
	Type    string // TypePassage or TypeFact
	Text    string // analysed with English stemming; stored for highlighting
	Company string // keyword filters; "" when not known
	Doc     string
	Period  string
	Segment string
	Metric  string
	Kind    string
}

// Query selects entries. Empty filter fields do not filter.
type Query struct {
	Text    string // matched against Text; at least one term must match
	Type    string
	Company string
	Doc     string
	Period  string
	Segment string
	Metric  string
	Limit   int  // at most this many hits; 10 when zero
	Explain bool // fill Hit.Fragments with highlighted text
}

// Hit is one matching entry, best first.
type Hit struct {
	ID        string
	Score     float64
	Fragments []string // highlighted excerpts, when Query.Explain
}

// ErrClosed is returned by operations on a closed Index.
var ErrClosed = errors.New("index: closed")

// hashKey is the internal key under which an on-disk index keeps the hash
// of the corpus it was built from.
var hashKey = []byte("resultsbot.corpus-hash")

// schema prefixes the hash an on-disk index keeps; it changes whenever what
// the index holds for an entry does, so an index built by an older binary
// is rebuilt rather than searched for fields it lacks.
const schema = "schema3:"

// Index is a bleve index of entries. It is safe for concurrent use.
type Index struct {
	b     bleve.Index
	built bool // whether Open built the entries (false: reused from disk)
	// progress counts the entries added while Open builds; nil counts nothing.
	progress *progress.Counters
}

// Options for Open.
type Options struct {
	// Dir keeps the index on disk there; "" keeps it in memory.
	Dir string
	// Hash identifies everything the entries come from (the content, and
	// the words and rules that read it). An on-disk index built under the
	// same Hash is reused as it is; any other is rebuilt.
	Hash string
	// Progress, when set, counts the entries as they are indexed
	// (progress.Indexing); nil counts nothing.
	Progress *progress.Counters
}

// Open returns an index holding entries: for an in-memory index it builds
// one; with Options.Dir it reuses the index there if it was built from
// Options.Hash, and otherwise rebuilds it from entries. entries is called
// only when the index must be built, so a caller can skip extraction work.
func Open(ctx context.Context, opt Options, entries func() []Entry) (*Index, error) {
	tuneCollector.Do(func() { collector.PreAllocSizeSkipCap = preAlloc })
	if opt.Dir == "" {
		// scorch with no path keeps its segments in memory. bleve.NewMemOnly
		// would give upsidedown over a gtreap, 20 to 50 times slower to
		// build and to search at 100k passages.
		b, err := bleve.NewUsing("", newMapping(), scorch.Name, scorch.Name, nil)
		if err != nil {
			return nil, fmt.Errorf("index: %w", err)
		}
		ix := &Index{b: b, built: true, progress: opt.Progress}
		if err := ix.add(ctx, entries()); err != nil {
			b.Close()
			return nil, err
		}
		return ix, nil
	}
	path := filepath.Join(opt.Dir, "bleve")
	if b, err := bleve.Open(path); err == nil {
		if h, err := b.GetInternal(hashKey); err == nil && string(h) == schema+opt.Hash && opt.Hash != "" {
			return &Index{b: b}, nil
		}
		b.Close()
	}
	if err := os.RemoveAll(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("index: removing stale index: %w", err)
	}
	if err := os.MkdirAll(opt.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	b, err := bleve.New(path, newMapping())
	if err != nil {
		return nil, fmt.Errorf("index: creating %s: %w", path, err)
	}
	ix := &Index{b: b, built: true, progress: opt.Progress}
	if err := ix.add(ctx, entries()); err != nil {
		b.Close()
		return nil, err
	}
	// The hash goes in last, so an index interrupted while building is
	// never taken for a complete one.
	if err := b.SetInternal(hashKey, []byte(schema+opt.Hash)); err != nil {
		b.Close()
		return nil, fmt.Errorf("index: %w", err)
	}
	return ix, nil
}

// bleve's top-N collector preallocates Limit+1 hits (up to
// collector.PreAllocSizeSkipCap, 1000) for every search, about 250 kB for
// the engine's Limit 1000 queries, most of which match a few dozen entries.
// A small cap lets it grow on demand instead. It is set once, by the first
// Open, before any Index can be searched.
const preAlloc = 50

var tuneCollector sync.Once

// Built reports whether Open built the index rather than reusing one from disk.
func (ix *Index) Built() bool { return ix.built }

// batchSize is the number of entries per batch. Each batch becomes one
// segment, an in-memory index never merges them, and every search visits
// every segment; but a batch's analysis is held in memory until its
// segment is built. 4,000 keeps the peak heap at 100k passages (about
// 45 segments) well under the 10,000-entry figure's, for the same Ask time.
const batchSize = 4000

// add indexes entries in batches, building up to GOMAXPROCS batches at
// once: analysis and segment building happen in the goroutine that calls
// Batch, and scorch takes batches from several goroutines.
func (ix *Index) add(ctx context.Context, entries []Entry) error {
	ix.progress.StartIndexing(len(entries))
	workers := min(runtime.GOMAXPROCS(0), (len(entries)+batchSize-1)/batchSize)
	if workers <= 1 {
		return ix.addBatches(ctx, entries)
	}
	// Interleaved chunks keep the workers' shares even.
	var chunks [][]Entry
	for i := 0; i < len(entries); i += batchSize {
		chunks = append(chunks, entries[i:min(i+batchSize, len(entries))])
	}
	errs := make(chan error, workers)
	for w := range workers {
		go func() {
			for i := w; i < len(chunks); i += workers {
				if err := ix.addBatches(ctx, chunks[i]); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	var first error
	for range workers {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	return first
}

// addBatches indexes entries in batches of batchSize, one after another.
func (ix *Index) addBatches(ctx context.Context, entries []Entry) error {
	batch := ix.b.NewBatch()
	for _, e := range entries {
		if err := batch.Index(e.ID, toStored(e)); err != nil {
			return fmt.Errorf("index: entry %s: %w", e.ID, err)
		}
		if batch.Size() >= batchSize {
			if err := ctx.Err(); err != nil {
				return err
			}
			n := batch.Size()
			if err := ix.b.Batch(batch); err != nil {
				return fmt.Errorf("index: %w", err)
			}
			ix.progress.Indexed(n)
			batch.Reset()
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	n := batch.Size()
	if err := ix.b.Batch(batch); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	ix.progress.Indexed(n)
	return nil
}

// BleveType implements bleve's Classifier, so each entry gets the mapping
// of its type.
func (e Entry) BleveType() string { return e.Type }

// stored is what the index holds for an Entry: its fields, and TypeCompany,
// the type and company in one keyword. The engine's queries filter on both;
// one term on a field that selects a single company's entries of one type
// is several times cheaper to intersect with the text than two terms, one
// of which ("passage") matches half the index.
type stored struct {
	Text, Type, Company, Doc, Period, Segment, Metric, Kind string
	TypeCompany                                             string
}

func (s stored) BleveType() string { return s.Type }

func typeCompany(typ, company string) string { return typ + "\x1f" + company }

func toStored(e Entry) stored {
	return stored{
		Text: e.Text, Type: e.Type, Company: e.Company, Doc: e.Doc, Period: e.Period,
		Segment: e.Segment, Metric: e.Metric, Kind: e.Kind, TypeCompany: typeCompany(e.Type, e.Company),
	}
}

func newMapping() mapping.IndexMapping {
	text := bleve.NewTextFieldMapping()
	text.Analyzer = en.AnalyzerName
	text.Store = true
	text.IncludeTermVectors = true // with Store, for Query.Explain's highlights
	// Queries name their fields, never the composite _all field, and
	// nothing sorts or facets on a field: indexing Text a second time into
	// _all, and doc values, would only cost build time and memory.
	text.IncludeInAll = false
	text.DocValues = false

	kw := bleve.NewKeywordFieldMapping()
	kw.Analyzer = keyword.Name
	kw.Store = false
	kw.IncludeInAll = false
	kw.IncludeTermVectors = false
	kw.DocValues = false

	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt("Text", text)
	for _, f := range []string{"Type", "Company", "Doc", "Period", "Segment", "Metric", "Kind", "TypeCompany"} {
		doc.AddFieldMappingsAt(f, kw)
	}
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = en.AnalyzerName
	m.DefaultMapping = doc
	m.AddDocumentMapping(TypePassage, doc)
	m.AddDocumentMapping(TypeFact, doc)
	m.StoreDynamic = false
	m.IndexDynamic = false
	return m
}

// Search returns the entries that match q, best first.
func (ix *Index) Search(ctx context.Context, q Query) ([]Hit, error) {
	text := strings.TrimSpace(q.Text)
	var must []query.Query
	if text != "" {
		m := bleve.NewMatchQuery(text)
		m.SetField("Text")
		m.Analyzer = en.AnalyzerName
		must = append(must, m)
	}
	filters := []struct{ field, value string }{
		{"Type", q.Type}, {"Company", q.Company}, {"Doc", q.Doc}, {"Period", q.Period},
		{"Segment", q.Segment}, {"Metric", q.Metric},
	}
	if q.Type != "" && q.Company != "" {
		filters[0] = struct{ field, value string }{"TypeCompany", typeCompany(q.Type, q.Company)}
		filters[1].value = ""
	}
	for _, f := range filters {
		if f.value != "" {
			t := bleve.NewTermQuery(f.value)
			t.SetField(f.field)
			must = append(must, t)
		}
	}
	var bq query.Query = bleve.NewMatchNoneQuery()
	switch len(must) {
	case 0:
		return nil, nil
	case 1:
		bq = must[0]
	default:
		bq = bleve.NewConjunctionQuery(must...)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 10
	}
	req := bleve.NewSearchRequestOptions(bq, limit, 0, false)
	if q.Explain {
		req.Highlight = bleve.NewHighlight()
		req.Highlight.AddField("Text")
	}
	res, err := ix.b.SearchInContext(ctx, req)
	if err != nil {
		if errors.Is(err, bleve.ErrorIndexClosed) {
			return nil, ErrClosed
		}
		return nil, fmt.Errorf("index: search: %w", err)
	}
	hits := make([]Hit, 0, len(res.Hits))
	for _, h := range res.Hits {
		hit := Hit{ID: h.ID, Score: h.Score}
		if q.Explain {
			hit.Fragments = h.Fragments["Text"]
		}
		hits = append(hits, hit)
	}
	return hits, nil
}

// Count returns the number of entries indexed.
func (ix *Index) Count() (uint64, error) {
	n, err := ix.b.DocCount()
	if errors.Is(err, bleve.ErrorIndexClosed) {
		return 0, ErrClosed
	}
	return n, err
}

// Close releases the index. An on-disk index stays on disk.
func (ix *Index) Close() error { return ix.b.Close() }
