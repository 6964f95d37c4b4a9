package answer_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/resultsbot/resultsbot/internal/answer"
	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/facts"
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
