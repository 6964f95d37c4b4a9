package answer_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	resultsbot "github.com/resultsbot/resultsbot"
	"github.com/resultsbot/resultsbot/internal/answer"
	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/facts"
	"github.com/resultsbot/resultsbot/internal/progress"
)

// cancellingExtractor cancels a context at the first document it reads, as
// a SIGTERM arriving during extraction would, and counts the documents.
type cancellingExtractor struct {
	cancel context.CancelFunc
	read   atomic.Int64
}

func (x *cancellingExtractor) ExtractDocument(*corpus.Document) []facts.Fact {
	x.read.Add(1)
	x.cancel()
	return nil
}

// Cancelling stops extraction: each worker finishes the document it is on
// and takes no other (issue 15, item 5).
func TestExtractContextCancel(t *testing.T) {
	c := &corpus.Corpus{}
	for range 1000 {
		c.Docs = append(c.Docs, &corpus.Document{Passages: []corpus.Passage{{Text: "Revenue rose 5%."}}})
	}
	ctx, cancel := context.WithCancel(context.Background())
	x := &cancellingExtractor{cancel: cancel}
	_, err := answer.ExtractContext(ctx, x, c)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("ExtractContext after cancellation: error %v, want context.Canceled", err)
	}
	if n := x.read.Load(); n >= 1000 {
		t.Errorf("read %d passages of 1000 after cancellation", n)
	}
}

// Build counts its work into BuildOptions.Progress: every passage read,
// every fact found and every entry indexed (issue 14, item 5).
func TestBuildCountsProgress(t *testing.T) {
	var pc progress.Counters
	c, errs := corpus.LoadContext(context.Background(), resultsbot.Corpus(), corpus.Options{Progress: &pc})
	if len(c.Docs) == 0 {
		t.Fatalf("embedded corpus: %v", errs)
	}
	b, err := answer.Build(context.Background(), c, testLexicon(t), answer.BuildOptions{Progress: &pc})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	passages := 0
	for _, d := range c.Docs {
		passages += len(d.Passages)
	}
	s := pc.Snapshot()
	want := progress.Snapshot{
		Step:  progress.Indexing,
		Files: s.FilesTotal, FilesTotal: s.FilesTotal,
		Passages: int64(passages), PassagesTotal: int64(passages),
		Facts:   int64(len(b.Facts)),
		Entries: int64(passages + len(b.Facts)), EntriesTotal: int64(passages + len(b.Facts)),
	}
	if s != want || s.FilesTotal < int64(len(c.Docs)) {
		t.Errorf("progress after Build:\n got %+v\nwant %+v", s, want)
	}
}
