package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// CorpusStatus is what the server says about the corpus it answers from,
// in /readyz's body, at GET /v1/corpus and in the corpus metrics.
type CorpusStatus struct {
	Documents int `json:"documents"`
	Passages  int `json:"passages"`
	Facts     int `json:"facts"`
	// Changed is when the corpus served was loaded: at start-up, or by
	// the last reload that changed it.
	Changed time.Time `json:"changed"`
	// Checked is when the corpus folder was last read without failing:
	// at start-up or by the last reload that did not fail, whether it
	// changed the corpus or found it unchanged.
	Checked time.Time `json:"checked"`
	// Watching says whether changes to the corpus folder are picked up
	// without a restart.
	Watching bool `json:"watching"`
	// Skipped are the corpus files not loaded, each with the reason,
	// as the last load or reload found them.
	Skipped []SkippedFile `json:"skipped"`
	// LastReload is the last reload's outcome; nil before the first.
	LastReload *ReloadStatus `json:"last_reload,omitempty"`
}

// SkippedFile is a corpus file that was not loaded.
type SkippedFile struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// Reload outcomes, in ReloadStatus and resultsbot_corpus_reloads_total.
const (
	ReloadChanged    = "changed"    // the new corpus is served
	ReloadUnchanged  = "unchanged"  // the files' content is what is served: nothing rebuilt
	ReloadFailed     = "failed"     // no corpus could be built: the old one is still served
	ReloadSuperseded = "superseded" // a newer change cancelled it
)

// ReloadStatus is one reload's outcome.
type ReloadStatus struct {
	At      time.Time `json:"at"`
	Outcome string    `json:"outcome"`         // ReloadChanged, ReloadUnchanged or ReloadFailed
	Error   string    `json:"error,omitempty"` // why it failed
}

// SetCorpus sets what /readyz, /v1/corpus and the corpus metrics say
// about the corpus served. Safe for concurrent use.
func (h *Handler) SetCorpus(st CorpusStatus) {
	if st.Skipped == nil {
		st.Skipped = []SkippedFile{}
	}
	h.corpus.Store(&st)
	h.metrics.setCorpus(st)
}

// serveCorpus serves GET /v1/corpus: the CorpusStatus as JSON, 503 until
// there is one.
func (h *Handler) serveCorpus(w http.ResponseWriter, r *http.Request) {
	st := h.corpus.Load()
	if st == nil {
		w.Header().Set("Retry-After", "5")
		writeJSON(w, http.StatusServiceUnavailable, errorBody{Error: "The corpus is still loading."})
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, st)
}

// readyText is /readyz's body when ready: "ready", then what the corpus
// status says, one fact a line, at most maxSkippedLines skipped files.
func (h *Handler) readyText() string {
	st := h.corpus.Load()
	if st == nil {
		return "ready"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "ready\ncorpus changed %s: %d documents, %d passages, %d facts", st.Changed.UTC().Format(time.RFC3339), st.Documents, st.Passages, st.Facts)
	if st.Watching {
		b.WriteString("; watching for changes")
	}
	if r := st.LastReload; r != nil {
		fmt.Fprintf(&b, "\nlast reload %s: %s", r.At.UTC().Format(time.RFC3339), r.Outcome)
		if r.Error != "" {
			fmt.Fprintf(&b, ": %s", r.Error)
		}
	}
	if len(st.Skipped) > 0 {
		files := "files"
		if len(st.Skipped) == 1 {
			files = "file"
		}
		fmt.Fprintf(&b, "\nskipped %d %s:", len(st.Skipped), files)
		for i, s := range st.Skipped {
			if i == maxSkippedLines {
				fmt.Fprintf(&b, "\n  and %d more (GET /v1/corpus lists them all)", len(st.Skipped)-i)
				break
			}
			fmt.Fprintf(&b, "\n  %s: %s", s.Path, s.Reason)
		}
	}
	return b.String()
}

// maxSkippedLines is how many skipped files /readyz lists.
const maxSkippedLines = 20
