package index

import (
	"context"
	"testing"
)

var sample = []Entry{
	{ID: "a.md#0", Type: TypePassage, Text: "Cloud revenue rose 34 percent year over year to 39.8 billion yuan.", Company: "Alibaba Group Holding", Doc: "a.md", Period: "quarter ended 2025-09-30"},
	{ID: "a.md#1", Type: TypePassage, Text: "Overall revenues increased 5 percent.", Company: "Alibaba Group Holding", Doc: "a.md", Period: "quarter ended 2025-09-30"},
	{ID: "b.md#0", Type: TypePassage, Text: "The cloud computing division saw a 13% revenue increase.", Company: "Alibaba Group Holding", Doc: "b.md", Period: "quarter ended 2024-12-31"},
	{ID: "c.md#0", Type: TypePassage, Text: "Tencent's revenue grew 15%.", Company: "Tencent Holdings", Doc: "c.md", Period: "quarter ended 2025-09-30"},
	{ID: "a.md#0/f0", Type: TypeFact, Text: "cloud revenue 34 percent", Company: "Alibaba Group Holding", Doc: "a.md", Period: "quarter ended 2025-09-30", Segment: "cloud", Metric: "revenue", Kind: "actual"},
}

func entries() []Entry { return sample }

var searchTests = []struct {
	q    Query
	want []string // IDs that must be among the hits, first one first
	not  []string // IDs that must not be hits
}{
	{Query{Text: "cloud revenue yuan", Type: TypePassage}, []string{"a.md#0", "b.md#0"}, []string{"a.md#0/f0"}},
	{Query{Text: "revenue", Type: TypePassage, Company: "Tencent Holdings"}, []string{"c.md#0"}, []string{"a.md#0", "a.md#1"}},
	{Query{Text: "revenue", Period: "quarter ended 2024-12-31"}, []string{"b.md#0"}, []string{"a.md#0"}},
	{Query{Text: "revenues increasing"}, []string{"a.md#1"}, nil}, // stemming
	{Query{Type: TypeFact, Segment: "cloud", Metric: "revenue"}, []string{"a.md#0/f0"}, []string{"a.md#0"}},
	{Query{Text: "cloud", Doc: "b.md"}, []string{"b.md#0"}, []string{"a.md#0"}},
	{Query{Text: "zebra"}, nil, []string{"a.md#0"}},
	{Query{}, nil, []string{"a.md#0"}},
}

func TestSearch(t *testing.T) {
	ctx := context.Background()
	ix, err := Open(ctx, Options{}, entries)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if n, err := ix.Count(); err != nil || n != uint64(len(sample)) {
		t.Errorf("Count() = %d, %v; want %d", n, err, len(sample))
	}
	for _, tt := range searchTests {
		hits, err := ix.Search(ctx, tt.q)
		if err != nil {
			t.Errorf("Search(%+v): %v", tt.q, err)
			continue
		}
		got := map[string]bool{}
		for _, h := range hits {
			got[h.ID] = true
		}
		for _, id := range tt.want {
			if !got[id] {
				t.Errorf("Search(%+v) = %v; want %s among them", tt.q, hits, id)
			}
		}
		if len(tt.want) > 0 && (len(hits) == 0 || hits[0].ID != tt.want[0]) {
			t.Errorf("Search(%+v) = %v; want %s first", tt.q, hits, tt.want[0])
		}
		for _, id := range tt.not {
			if got[id] {
				t.Errorf("Search(%+v) = %v; want no %s", tt.q, hits, id)
			}
		}
	}
}

func TestSearchHighlights(t *testing.T) {
	ix, err := Open(context.Background(), Options{}, entries)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	hits, err := ix.Search(context.Background(), Query{Text: "cloud", Explain: true, Limit: 1})
	if err != nil || len(hits) != 1 || len(hits[0].Fragments) == 0 {
		t.Fatalf("Search with Explain = %+v, %v; want a fragment", hits, err)
	}
}

func TestOnDiskReuse(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	calls := 0
	counted := func() []Entry { calls++; return sample }

	for i, step := range []struct {
		hash      string
		wantBuilt bool
	}{
		{"h1", true},  // first run builds
		{"h1", false}, // same corpus: reused, no extraction
		{"h2", true},  // corpus changed: rebuilt
	} {
		ix, err := Open(ctx, Options{Dir: dir, Hash: step.hash}, counted)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if ix.Built() != step.wantBuilt {
			t.Errorf("step %d (hash %s): Built() = %v; want %v", i, step.hash, ix.Built(), step.wantBuilt)
		}
		if n, _ := ix.Count(); n != uint64(len(sample)) {
			t.Errorf("step %d: Count() = %d; want %d", i, n, len(sample))
		}
		ix.Close()
	}
	if calls != 2 {
		t.Errorf("entries called %d times; want 2 (builds only)", calls)
	}
}

func TestClosed(t *testing.T) {
	ix, err := Open(context.Background(), Options{}, entries)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if _, err := ix.Search(context.Background(), Query{Text: "cloud"}); err == nil {
		t.Error("Search on a closed index: no error")
	}
}
