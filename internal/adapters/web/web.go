// Package web is the HTTP adapter: the JSON API (GET and POST /v1/ask, the
// same JSON as `bot ask --json`), the page where a person asks a question
// (GET /), the citation pages every answer links to (GET /sources/{doc}),
// and the operations endpoints (/healthz, /readyz, /v1/corpus, /metrics).
//
// The pages are server-rendered with html/template and work without
// JavaScript. Every question is answered through adapters.Ask with the
// adapter name "web", so it is logged and counted like a chat question.
//
// The package imports net/http and the Prometheus client, and no chat SDK.
package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/resultsbot/resultsbot/internal/adapters"
	"github.com/resultsbot/resultsbot/internal/answer"
	"github.com/resultsbot/resultsbot/internal/corpus"
)

// Adapter is the adapter name questions asked over HTTP are logged and
// counted under.
const Adapter = "web"

// Limits on a question.
const (
	MaxQuestionChars = 2000     // characters (runes) in a question
	MaxAskBody       = 64 << 10 // bytes in a POST /v1/ask body
)

// Config is the HTTP adapter's settings.
type Config struct {
	// PublicURL is where the server is reached from outside
	// ("https://bot.example.com"), from PUBLIC_URL. Optional: when set, the
	// pages carry it as their canonical link. The API's citation links stay
	// relative either way (the same JSON as `bot ask --json`).
	PublicURL string
	// CORSOrigin is the origin allowed to call /v1/ask from a browser: "*"
	// or one origin such as "https://app.example.com". "" (the default)
	// turns CORS off: no CORS headers, and OPTIONS gets 405.
	CORSOrigin string
	// Company is the company a question is about when it names none.
	// Optional.
	Company string
}

// Sources finds the documents the citation pages show. *corpus.Corpus
// implements it. Implementations must be safe for concurrent use.
type Sources interface {
	// Doc returns the document at the corpus-relative path, or false when
	// there is none.
	Doc(path string) (*corpus.Document, bool)
}

var _ Sources = (*corpus.Corpus)(nil)

// Handler serves the API, the pages and the operations endpoints. It is an
// http.Handler with every route registered, and safe for concurrent use.
type Handler struct {
	cfg     Config
	answer  adapters.Answerer
	docs    Sources
	metrics *Metrics
	log     *slog.Logger
	ready   atomic.Bool
	corpus  atomic.Pointer[CorpusStatus]
	pages   *pages
	mux     *http.ServeMux
}

// New returns a Handler that answers questions with a and shows documents
// from docs. docs may be nil (every source page is then 404); m may be nil
// (nothing is counted and /metrics is not served); log may be nil (nothing
// is logged). The Handler starts not ready: /readyz says 503 until
// SetReady(true).
func New(cfg Config, a adapters.Answerer, docs Sources, m *Metrics, log *slog.Logger) *Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg.PublicURL = strings.TrimRight(cfg.PublicURL, "/")
	h := &Handler{
		cfg:     cfg,
		answer:  a,
		docs:    docs,
		metrics: m,
		log:     log,
		pages:   newPages(),
		mux:     http.NewServeMux(),
	}
	m.initAdapter(Adapter)
	h.Register(h.mux)
	return h
}

// Register adds every route to mux:
//
//	/v1/ask          GET ?q= or POST {"question": ...}: the answer as JSON
//	/                GET: the page, with the answer when ?q= is given
//	/sources/{doc}   GET: a source document, every passage at #p-<seq>
//	/healthz         GET: 200 while the process is alive
//	/readyz          GET: 200 once SetReady(true), 503 before; the body says when the corpus changed and what was skipped
//	/v1/corpus       GET: the corpus status (SetCorpus) as JSON: size, when it changed, the last reload, skipped files
//	/metrics         GET: Prometheus metrics (only when New had a *Metrics)
func (h *Handler) Register(mux *http.ServeMux) {
	// Patterns carry no method, so that a wrong method gets 405 rather
	// than falling through to the 404 of "/".
	mux.HandleFunc("/v1/ask", h.serveAsk)
	mux.Handle("/{$}", getOnly(http.HandlerFunc(h.serveIndex)))
	mux.Handle("/sources/{doc...}", getOnly(http.HandlerFunc(h.serveSource)))
	mux.HandleFunc("/", h.serveNotFound)
	mux.Handle("/healthz", getOnly(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeText(w, http.StatusOK, "ok")
	})))
	mux.Handle("/readyz", getOnly(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !h.ready.Load() {
			writeText(w, http.StatusServiceUnavailable, "not ready")
			return
		}
		writeText(w, http.StatusOK, h.readyText())
	})))
	mux.Handle("/v1/corpus", getOnly(http.HandlerFunc(h.serveCorpus)))
	if h.metrics != nil {
		mux.Handle("/metrics", getOnly(h.metrics.Handler()))
	}
}

// getOnly answers any method but GET and HEAD with 405.
func getOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeText(w, http.StatusMethodNotAllowed, "Method not allowed: use GET.")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// ServeHTTP serves every route Register adds.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

// SetReady sets what /readyz reports: call SetReady(true) once the index is
// loaded.
func (h *Handler) SetReady(ready bool) { h.ready.Store(ready) }

// errorBody is the JSON of every API error.
type errorBody struct {
	Error string `json:"error"`
}

// askRequest is the body of POST /v1/ask.
type askRequest struct {
	Question string `json:"question"`
	// Company is the company to assume when the question names none;
	// optional, Config.Company when empty.
	Company string `json:"company,omitempty"`
	// Context is the "context" of the answer this question follows up;
	// optional.
	Context *answer.Context `json:"context,omitempty"`
	// Explain asks for the answer's "explain" field: how it was chosen.
	Explain bool `json:"explain,omitempty"`
}

// errBadQuestion is a question we refuse before asking; its text is for the
// user.
type errBadQuestion string

func (e errBadQuestion) Error() string { return string(e) }

// checkQuestion returns the question trimmed, or an errBadQuestion.
func checkQuestion(q string) (string, error) {
	q = strings.TrimSpace(q)
	switch {
	case q == "":
		return "", errBadQuestion("Please type a question: name a company, a figure and a period.")
	case !utf8.ValidString(q):
		return "", errBadQuestion("The question is not valid UTF-8 text.")
	case utf8.RuneCountInString(q) > MaxQuestionChars:
		return "", errBadQuestion(fmt.Sprintf("The question is too long: please keep it under %d characters.", MaxQuestionChars))
	}
	return q, nil
}

func (h *Handler) serveAsk(w http.ResponseWriter, r *http.Request) {
	if h.cors(w, r) {
		return
	}
	var req askRequest
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		req.Question = r.URL.Query().Get("q")
		req.Company = r.URL.Query().Get("company")
		req.Explain, _ = strconv.ParseBool(r.URL.Query().Get("explain"))
	case http.MethodPost:
		if ct := r.Header.Get("Content-Type"); ct != "" {
			if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
				writeJSON(w, http.StatusUnsupportedMediaType, errorBody{Error: `Send the question as JSON, Content-Type application/json: {"question": "..."}.`})
				return
			}
		}
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxAskBody))
		if err := dec.Decode(&req); err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				writeJSON(w, http.StatusRequestEntityTooLarge, errorBody{Error: fmt.Sprintf("The request body is too large: the limit is %d bytes.", MaxAskBody)})
				return
			}
			writeJSON(w, http.StatusBadRequest, errorBody{Error: `The request body is not valid JSON: send {"question": "..."}.`})
			return
		}
		if _, err := dec.Token(); err != io.EOF {
			writeJSON(w, http.StatusBadRequest, errorBody{Error: `The request body must hold one JSON object: {"question": "..."}.`})
			return
		}
	default:
		w.Header().Set("Allow", h.allow())
		writeJSON(w, http.StatusMethodNotAllowed, errorBody{Error: "Use GET /v1/ask?q=... or POST /v1/ask with {\"question\": \"...\"}."})
		return
	}
	q, err := checkQuestion(req.Question)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, errorBody{Error: err.Error()})
		return
	}
	ans, err := h.askQuestion(r.Context(), answer.Question{Text: q, Company: req.Company, Context: req.Context, Explain: req.Explain})
	if err != nil {
		var bad errBadQuestion
		switch {
		case errors.As(err, &bad):
			writeJSON(w, http.StatusBadRequest, errorBody{Error: bad.Error()})
		case errors.Is(err, adapters.ErrNotReady):
			retryLater(w)
			writeJSON(w, http.StatusServiceUnavailable, errorBody{Error: startingUp})
		default:
			writeJSON(w, http.StatusInternalServerError, errorBody{Error: adapters.Sorry})
		}
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, ans)
}

// ask answers q through adapters.Ask, which logs and counts it. An empty
// question reported by the engine comes back as an errBadQuestion; any
// other error is the engine's, logged by Ask, for a polite 500.
func (h *Handler) ask(ctx context.Context, q, company string, follow *answer.Context) (answer.Answer, error) {
	return h.askQuestion(ctx, answer.Question{Text: q, Company: company, Context: follow})
}

// askQuestion is ask for a whole Question (with Explain).
func (h *Handler) askQuestion(ctx context.Context, q answer.Question) (answer.Answer, error) {
	if q.Company == "" {
		q.Company = h.cfg.Company
	}
	ans, err := adapters.Ask(ctx, h.answer, h.recorder(), h.log, Adapter, q)
	if errors.Is(err, answer.ErrEmptyQuestion) {
		return ans, errBadQuestion("That question has no words I can search for. Try naming a company, a figure and a period.")
	}
	return ans, err
}

// startingUp is what a caller reads while the index loads.
const startingUp = "I'm still starting up (loading my documents). Please try again in a few seconds."

// retryLater tells the caller when to try again, with a 503.
func retryLater(w http.ResponseWriter) {
	w.Header().Set("Retry-After", strconv.Itoa(int(adapters.RetryAfter/time.Second)))
}

func (h *Handler) recorder() adapters.Recorder {
	if h.metrics == nil {
		return adapters.NopRecorder{}
	}
	return h.metrics
}

func (h *Handler) allow() string {
	if h.cfg.CORSOrigin != "" {
		return "GET, HEAD, POST, OPTIONS"
	}
	return "GET, HEAD, POST"
}

// cors adds the CORS headers when CORS is on, and answers a preflight
// request; it reports whether the request was answered.
func (h *Handler) cors(w http.ResponseWriter, r *http.Request) bool {
	allowed := h.cfg.CORSOrigin
	if allowed == "" {
		return false
	}
	origin := r.Header.Get("Origin")
	w.Header().Add("Vary", "Origin")
	switch {
	case allowed == "*":
		w.Header().Set("Access-Control-Allow-Origin", "*")
	case origin == allowed:
		w.Header().Set("Access-Control-Allow-Origin", origin)
	}
	if r.Method != http.MethodOptions {
		return false
	}
	w.Header().Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
	w.Header().Set("Access-Control-Allow-Headers", "Content-Type")
	w.Header().Set("Access-Control-Max-Age", "600")
	w.Header().Set("Allow", h.allow())
	w.WriteHeader(http.StatusNoContent)
	return true
}

// writeJSON writes v as the JSON response with the status code.
func writeJSON(w http.ResponseWriter, code int, v any) {
	b, err := json.Marshal(v)
	if err != nil { // an Answer always marshals; this is a programming error
		code, b = http.StatusInternalServerError, []byte(`{"error":"internal error"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	w.Write(append(b, '\n'))
}

func writeText(w http.ResponseWriter, code int, s string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	io.WriteString(w, s+"\n")
}

// execute renders a page template; a failure midway can only be logged.
func (h *Handler) execute(w http.ResponseWriter, r *http.Request, code int, t *template.Template, data any) {
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
		h.log.ErrorContext(r.Context(), "render page", "path", r.URL.Path, "err", err)
		writeText(w, http.StatusInternalServerError, "Sorry, something went wrong on our side. Please try again in a moment.")
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Content-Security-Policy", h.pages.csp)
	hd.Set("Referrer-Policy", "same-origin")
	w.WriteHeader(code)
	io.WriteString(w, b.String())
}
