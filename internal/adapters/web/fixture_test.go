package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/resultsbot/resultsbot/internal/adapters"
	"github.com/resultsbot/resultsbot/internal/adapters/adaptertest"
	"github.com/resultsbot/resultsbot/internal/answer"
	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/facts"
	"github.com/resultsbot/resultsbot/internal/table"
)

// cloudRaw is a hand-made source document: front matter, a headline, a
// paragraph of two sentences, a list, and a passage with markup to escape.
const cloudRaw = `---
title: Alibaba cloud revenue surges
publisher: Example News
url: https://news.example.com/alibaba-cloud
---

# Alibaba's cloud unit powers ahead

Alibaba reported results for the quarter ended September 30. Cloud revenue rose 34 percent year over year to 39.8 billion yuan.

- Revenue was 247.8 billion yuan.
- Net income fell 53%.

Analysts said <b>AI demand</b> & capex would keep rising.
`

// doc builds a Document from raw, with one passage per text in order,
// located by search so that Raw[Start:End] == Text.
func doc(t testing.TB, path string, meta corpus.Meta, raw string, heading map[int]bool, texts ...string) *corpus.Document {
	t.Helper()
	d := &corpus.Document{Path: path, Meta: meta, Raw: raw}
	at := 0
	for seq, text := range texts {
		i := strings.Index(raw[at:], text)
		if i < 0 {
			t.Fatalf("passage %q not in %s after offset %d", text, path, at)
		}
		start := at + i
		at = start + len(text)
		d.Passages = append(d.Passages, corpus.Passage{
			ID: path + "#" + strconv.Itoa(seq), Doc: path, Seq: seq, Start: start, End: at, Text: text, Heading: heading[seq], Meta: &d.Meta,
		})
	}
	return d
}

func cloudDoc(t testing.TB) *corpus.Document {
	d := loadDoc(t, "alibaba/cloud.md", cloudRaw)
	d.Meta.Company = "Alibaba Group Holding"
	d.Meta.Published = time.Date(2025, 11, 25, 0, 0, 0, 0, time.UTC)
	return d
}

// loadDoc loads raw as the document at path of a corpus of its own, as
// the bot loads it: blocks, passages and, for a PDF's text, pages.
func loadDoc(t testing.TB, path, raw string) *corpus.Document {
	t.Helper()
	c, errs := corpus.Load(fstest.MapFS{path: {Data: []byte(raw)}})
	if len(errs) > 0 || len(c.Docs) != 1 {
		t.Fatalf("loading %s: %v", path, errs)
	}
	return c.Docs[0]
}

// sources is an in-memory Sources.
type sources map[string]*corpus.Document

func (s sources) Doc(path string) (*corpus.Document, bool) {
	d, ok := s[path]
	return d, ok
}

// norhavenRaw is the text kept for a hand-made PDF: two pages, the second
// with a results table whose Revenue row is passage 9, as the table answer
// cites it.
const norhavenRaw = `---
title: Norhaven Q4 2025 results
publisher: Norhaven IR
---
--- page 1 ---

# Norhaven Logistics fourth quarter 2025 results

Norhaven Logistics reported its results today. Revenue rose 12% in the quarter.

--- page 2 ---

## Results

Shipments rose. Costs fell. Margins widened. Cash grew.

| (in millions, except per share) | Q4 2025 | Q4 2024 | % Change |
|---|---|---|---|
| Revenue | $ 4,210 | $ 3,760 | 12 % |
| Net income (loss) | (35) | 120 | nm |
`

// norhavenDoc is norhavenRaw as the document at norhaven/q4-2025.pdf.
func norhavenDoc(t testing.TB) *corpus.Document {
	d := loadDoc(t, "norhaven/q4-2025.md", norhavenRaw)
	d.Path = "norhaven/q4-2025.pdf"
	for i := range d.Passages {
		d.Passages[i].Doc = d.Path
	}
	return d
}

func testSources(t testing.TB) sources {
	c, n := cloudDoc(t), norhavenDoc(t)
	return sources{c.Path: c, n.Path: n}
}

// Fixed answers.
var (
	cloudAnswer = answer.Answer{
		Answered:    true,
		Text:        "Alibaba's cloud revenue rose 34 percent year over year in the quarter ended September 30, 2025.",
		Company:     "Alibaba Group Holding",
		Period:      "quarter ended 2025-09-30",
		PeriodLabel: "fiscal 2026 Q2",
		Citations: []answer.Citation{{
			Doc: "alibaba/cloud.md", Title: "Alibaba cloud revenue surges", Publisher: "Example News", Published: "2025-11-25",
			Quote: "Cloud revenue rose 34 percent year over year to 39.8 billion yuan.", Start: 201, End: 267,
			Passage: "alibaba/cloud.md#2", Link: answer.SourceLink("alibaba/cloud.md", 2),
		}},
		Context: answer.Context{Company: "Alibaba Group Holding", Period: "quarter ended 2025-09-30", Segment: "cloud", Metric: "revenue"},
	}
	// tableAnswer cites a table row of a PDF, with its header line, column
	// and page, and the fact drawn from the row's Q4 2025 cell.
	tableAnswer = func() answer.Answer {
		a := adaptertest.TableRow
		c := a.Citations[0]
		i := c.Start + strings.Index(c.Quote, "$ 4,210")
		a.Facts = []facts.Fact{{Passage: c.Passage, Value: &facts.Value{Text: "$ 4,210", Start: i, End: i + len("$ 4,210")}}}
		return a
	}()
	declinedAnswer = answer.Answer{
		Text:        "I don't have Baidu in my sources, so I can't answer that.",
		Missing:     []string{"company"},
		Suggestions: []string{"What was Alibaba's cloud revenue growth?", "How did Alibaba's net income change?"},
	}
)

// engine is a fake Answerer: it answers by the question's text and keeps
// what it was asked.
type engine struct {
	mu    sync.Mutex
	asked []answer.Question
}

var errEngine = errors.New("index: shard 3 corrupt at /var/lib/bot/secret-path")

func (e *engine) Answer(ctx context.Context, q answer.Question) (answer.Answer, error) {
	e.mu.Lock()
	e.asked = append(e.asked, q)
	e.mu.Unlock()
	switch {
	case strings.Contains(q.Text, "Baidu"):
		return declinedAnswer, nil
	case strings.Contains(q.Text, "Norhaven"):
		return tableAnswer, nil
	case strings.Contains(q.Text, "fail"):
		return answer.Answer{}, errEngine
	case strings.Contains(q.Text, "panic"):
		panic("engine panicked")
	case strings.Trim(q.Text, "?!. ") == "":
		return answer.Answer{}, answer.ErrEmptyQuestion
	case strings.Contains(q.Text, "starting"): // asked while the index loads
		return answer.Answer{}, fmt.Errorf("serve: %w", adapters.ErrNotReady)
	case strings.Contains(q.Text, "gone"): // the asker leaves before the answer
		<-ctx.Done()
		return answer.Answer{}, ctx.Err()
	}
	return cloudAnswer, nil
}

func (e *engine) questions() []answer.Question {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]answer.Question(nil), e.asked...)
}

var _ adapters.Answerer = (*engine)(nil)

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testHandler is a Handler over the fake engine and the hand-made corpus,
// logging to the returned buffer.
type testHandler struct {
	*Handler
	engine  *engine
	metrics *Metrics
	log     *syncBuffer
}

func newTestHandler(t testing.TB, cfg Config) testHandler {
	t.Helper()
	e := &engine{}
	m := NewMetrics(nil)
	buf := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(buf, nil))
	return testHandler{Handler: New(cfg, e, testSources(t), m, log), engine: e, metrics: m, log: buf}
}

// tableDoc builds a document of raw whose blocks are the tables
// internal/table finds in it, each row a passage, as the loader gives
// a table block its structure (Block.Table).
func tableDoc(t testing.TB, path, raw string) *corpus.Document {
	t.Helper()
	d := &corpus.Document{Path: path, Raw: raw}
	for _, tb := range table.Find(raw) {
		bi := len(d.Blocks)
		d.Blocks = append(d.Blocks, corpus.Block{Kind: corpus.TableBlock, Start: tb.Start, End: tb.End, Section: []string{"Results " + strconv.Itoa(bi+1)}, Table: &tb})
		for _, r := range tb.Rows {
			seq := len(d.Passages)
			d.Passages = append(d.Passages, corpus.Passage{
				ID: path + "#" + strconv.Itoa(seq), Doc: path, Seq: seq, Start: r.Start, End: r.End, Text: raw[r.Start:r.End],
				Kind: corpus.TableBlock, Block: bi, Meta: &d.Meta,
			})
		}
	}
	if len(d.Blocks) == 0 {
		t.Fatalf("%s: no table", path)
	}
	return d
}
