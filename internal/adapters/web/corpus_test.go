package web

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// /readyz, /v1/corpus and /metrics say when the corpus last changed, how
// the last reload went and which files were skipped (issue 14, item 4).
func TestCorpusStatus(t *testing.T) {
	h := newTestHandler(t, Config{})
	if res, _ := do(t, h, "GET", "/v1/corpus", "", ""); res.StatusCode != 503 || res.Header.Get("Retry-After") == "" {
		t.Errorf("/v1/corpus before SetCorpus: %d, Retry-After %q; want 503 with Retry-After", res.StatusCode, res.Header.Get("Retry-After"))
	}
	h.SetReady(true)
	if _, body := do(t, h, "GET", "/readyz", "", ""); body != "ready\n" {
		t.Errorf("/readyz before SetCorpus: %q", body)
	}

	changed := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	st := CorpusStatus{
		Documents: 3, Passages: 40, Facts: 12, Changed: changed, Checked: changed.Add(time.Minute), Watching: true,
		Skipped:    []SkippedFile{{Path: "broken.pdf", Reason: "unreadable PDF: no pages"}},
		LastReload: &ReloadStatus{At: changed.Add(2 * time.Minute), Outcome: ReloadFailed, Error: "corpus: no documents"},
	}
	h.SetCorpus(st)

	_, body := do(t, h, "GET", "/readyz", "", "")
	want := "ready\n" +
		"corpus changed 2026-03-04T05:06:07Z: 3 documents, 40 passages, 12 facts; watching for changes\n" +
		"last reload 2026-03-04T05:08:07Z: failed: corpus: no documents\n" +
		"skipped 1 file:\n" +
		"  broken.pdf: unreadable PDF: no pages\n"
	if body != want {
		t.Errorf("/readyz:\n%s\nwant:\n%s", body, want)
	}

	res, body := do(t, h, "GET", "/v1/corpus", "", "")
	var got CorpusStatus
	if err := json.Unmarshal([]byte(body), &got); err != nil || res.StatusCode != 200 {
		t.Fatalf("/v1/corpus: %d %v\n%s", res.StatusCode, err, body)
	}
	if !got.Changed.Equal(st.Changed) || got.Skipped[0] != st.Skipped[0] || got.LastReload.Outcome != ReloadFailed || !got.Watching || got.Documents != 3 {
		t.Errorf("/v1/corpus: %+v, want %+v", got, st)
	}

	h.metrics.Reload(ReloadChanged)
	_, body = do(t, h, "GET", "/metrics", "", "")
	for _, want := range []string{
		`resultsbot_corpus_reloads_total{outcome="changed"} 1`,
		`resultsbot_corpus_reloads_total{outcome="failed"} 0`,
		`resultsbot_corpus_last_change_timestamp_seconds 1.772600767e+09`,
		`resultsbot_corpus_last_reload_timestamp_seconds 1.772600827e+09`,
		`resultsbot_corpus_last_reload_successful 0`,
		`resultsbot_corpus_skipped_files 1`,
		`resultsbot_index_documents 3`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}

	// Skipped files past the first 20 are counted, not listed.
	st.Skipped = nil
	for range 25 {
		st.Skipped = append(st.Skipped, SkippedFile{Path: "x.docx", Reason: "unsupported type"})
	}
	h.SetCorpus(st)
	if _, body := do(t, h, "GET", "/readyz", "", ""); strings.Count(body, "x.docx") != 20 || !strings.Contains(body, "and 5 more (GET /v1/corpus lists them all)") {
		t.Errorf("/readyz with 25 skipped files:\n%s", body)
	}
}
