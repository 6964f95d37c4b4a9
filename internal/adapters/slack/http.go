package slack

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"github.com/resultsbot/resultsbot/internal/adapters"
)

// maxBody is the largest request body the HTTP routes read.
const maxBody = 1 << 20

// Register adds the HTTP Events API routes to mux when a signing secret is
// set: POST /slack/events (url_verification and event_callback),
// POST /slack/commands (the slash command) and POST /slack/interactions
// (buttons). Every request must carry a valid v0 signature made within
// five minutes; any other gets 401 and is not acted on (and is logged, at
// most once a minute). Bodies over 1 MiB get 413; other methods get 405
// with Allow: POST. An event that arrives while the engine's index loads
// gets 503 with Retry-After and is not remembered, so Slack's retry is
// answered.
func (a *Adapter) Register(mux *http.ServeMux) {
	if a.cfg.SigningSecret == "" {
		return
	}
	// No method in the patterns: a catch-all "/" of the mux would take
	// other methods and answer 404.
	mux.Handle("/slack/events", postOnly(a.serveEvents))
	mux.Handle("/slack/commands", postOnly(a.serveCommands))
	mux.Handle("/slack/interactions", postOnly(a.serveInteractions))
}

// postOnly answers any method but POST with 405.
func postOnly(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed: use POST", http.StatusMethodNotAllowed)
			return
		}
		h(w, r)
	})
}

// verified reads r's body and checks its signature. On failure it writes
// the error response and returns false.
func (a *Adapter) verified(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
		} else {
			http.Error(w, "bad request", http.StatusBadRequest)
		}
		return nil, false
	}
	sv, err := slack.NewSecretsVerifier(r.Header, a.cfg.SigningSecret)
	if err == nil {
		_, _ = sv.Write(body)
		err = sv.Ensure()
	}
	if err != nil {
		a.warn.Warn(r.Context(), a.log, "slack: rejected unsigned request", "path", r.URL.Path, "remote", r.RemoteAddr, "reason", err)
		http.Error(w, "invalid signature", http.StatusUnauthorized)
		return nil, false
	}
	return body, true
}

func (a *Adapter) serveEvents(w http.ResponseWriter, r *http.Request) {
	body, ok := a.verified(w, r)
	if !ok {
		return
	}
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	if env.Type == "url_verification" {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, env.Challenge)
		return
	}
	switch err := a.handleEnvelope(r.Context(), env); {
	case errors.Is(err, adapters.ErrNotReady):
		// Starting: Slack retries, and then the bot answers.
		w.Header().Set("Retry-After", strconv.Itoa(int(adapters.RetryAfter/time.Second)))
		http.Error(w, "starting up", http.StatusServiceUnavailable)
	case err != nil:
		// Shutting down: Slack retries later, perhaps elsewhere.
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
	default:
		w.WriteHeader(http.StatusOK)
	}
}

// verifiedForm is verified for the form-encoded bodies of slash commands
// and interactions: a body that does not parse gets 400.
func (a *Adapter) verifiedForm(w http.ResponseWriter, r *http.Request) (url.Values, bool) {
	body, ok := a.verified(w, r)
	if !ok {
		return nil, false
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return nil, false
	}
	return form, true
}

func (a *Adapter) serveCommands(w http.ResponseWriter, r *http.Request) {
	form, ok := a.verifiedForm(w, r)
	if !ok {
		return
	}
	cmd := command{
		Command:     form.Get("command"),
		Text:        form.Get("text"),
		UserID:      form.Get("user_id"),
		ChannelID:   form.Get("channel_id"),
		ResponseURL: form.Get("response_url"),
	}
	m := a.answerCommand(r.Context(), cmd)
	if m == nil {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	writeJSON(w, m)
}

func (a *Adapter) serveInteractions(w http.ResponseWriter, r *http.Request) {
	form, ok := a.verifiedForm(w, r)
	if !ok {
		return
	}
	var cb slack.InteractionCallback
	if err := json.Unmarshal([]byte(form.Get("payload")), &cb); err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	if !a.goJob(r.Context(), func(ctx context.Context) { a.interaction(ctx, cb) }) {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func writeJSON(w http.ResponseWriter, v any) {
	raw, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(raw)
}
