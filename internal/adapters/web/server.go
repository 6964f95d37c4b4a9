package web

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"
)

// Limits of the server NewServer returns.
const (
	ReadHeaderTimeout = 5 * time.Second
	ReadTimeout       = 15 * time.Second
	WriteTimeout      = 30 * time.Second
	IdleTimeout       = 120 * time.Second
	MaxHeaderBytes    = 64 << 10 // room for a 2,000-character question in the URL
	MaxRequestBody    = 1 << 20  // any request; POST /v1/ask allows MaxAskBody
)

// NewServer returns an HTTP server for h on addr, with read-header, read,
// write and idle timeouts, a header size limit, a request body limit
// (MaxRequestBody) and panic recovery (Recover). The caller runs it
// (ListenAndServe or Serve) and stops it with Shutdown.
func NewServer(addr string, h http.Handler, log *slog.Logger) *http.Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &http.Server{
		Addr:              addr,
		Handler:           Recover(http.MaxBytesHandler(h, MaxRequestBody), log),
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// Recover turns a panic in h into a 500 response (when nothing was written
// yet) and one error log line with the method, path, panic value and stack.
// http.ErrAbortHandler passes through, as net/http expects.
func Recover(h http.Handler, log *slog.Logger) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rw := &recordingWriter{ResponseWriter: w}
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			log.ErrorContext(r.Context(), "panic serving request",
				"method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			if rw.wrote {
				return // too late for a status; the client sees a cut-off response
			}
			if strings.HasPrefix(r.URL.Path, "/v1/") {
				writeJSON(w, http.StatusInternalServerError, errorBody{Error: "Sorry, something went wrong on our side. Please try again in a moment."})
				return
			}
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Header().Set("X-Content-Type-Options", "nosniff")
			w.WriteHeader(http.StatusInternalServerError)
			fmt.Fprintln(w, "Sorry, something went wrong on our side. Please try again in a moment.")
		}()
		h.ServeHTTP(rw, r)
	})
}

// recordingWriter notes whether the response has started.
type recordingWriter struct {
	http.ResponseWriter
	wrote bool
}

func (w *recordingWriter) WriteHeader(code int) {
	if code >= 200 { // 1xx informational responses do not start the response
		w.wrote = true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *recordingWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *recordingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
