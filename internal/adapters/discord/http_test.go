package discord

import (
	"crypto/ed25519"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/resultsbot/resultsbot/internal/adapters/adaptertest"
)

func TestHTTPInteractions(t *testing.T) {
	t.Parallel()
	rec := adaptertest.NewRecorder(adaptertest.Answered)
	// HTTP only: no bot token, so Run just waits.
	e := start(t, rec, setup{cfg: func(c *Config) { c.BotToken = "" }, opts: []Option{WithDeferAfter(time.Hour)}})
	_, other, _ := ed25519.GenerateKey(nil)
	now := time.Now()
	ping := mustJSON(t, map[string]any{"id": "p-1", "application_id": "app-1", "type": 1, "token": "t", "version": 1})
	ask := mustJSON(t, askInteraction("i-1", "what was cloud revenue growth?"))
	tests := []struct {
		name   string
		body   []byte
		key    ed25519.PrivateKey
		at     time.Time
		status int
		want   string // in the response body
	}{
		{"ping", ping, e.priv, now, 200, `{"type":1}`},
		{"ask", ask, e.priv, now, 200, `"type":4`},
		{"forged", ask, other, now, 401, ""},
		{"unsigned", ask, nil, now, 401, ""},
		{"stale", ask, e.priv, now.Add(-6 * time.Minute), 401, ""},
		{"future", ask, e.priv, now.Add(6 * time.Minute), 401, ""},
		{"forged ping", ping, other, now, 401, ""},
		{"too large", append(ask, make([]byte, maxBody)...), e.priv, now, 413, ""},
	}
	asks := 0
	for _, tt := range tests {
		resp, body := e.post(t, tt.body, tt.key, tt.at)
		if resp.StatusCode != tt.status || !strings.Contains(string(body), tt.want) {
			t.Errorf("%s: status %d, body %.200s; want %d with %s", tt.name, resp.StatusCode, body, tt.status, tt.want)
		}
		if tt.name == "ask" {
			asks++
			var r struct {
				Type int            `json:"type"`
				Data map[string]any `json:"data"`
			}
			if err := json.Unmarshal(body, &r); err != nil {
				t.Fatal(err)
			}
			checkMessage(t, "HTTP response", r.Data)
			text, _ := r.Data["content"].(string)
			embeds, _ := r.Data["embeds"].([]any)
			if len(embeds) == 1 {
				text += embeds[0].(map[string]any)["description"].(string)
			}
			for _, want := range []string{"34%", "39.8 billion yuan", "Cloud surges"} {
				if !strings.Contains(text, want) {
					t.Errorf("%s: response lacks %q: %s", tt.name, want, body)
				}
			}
		}
		if tt.status == 401 && len(body) > 0 && strings.Contains(string(body), "type") {
			t.Errorf("%s: refused request got an interaction response: %s", tt.name, body)
		}
		if n := len(rec.Calls()); n != asks {
			t.Errorf("%s: engine called %d times, want %d", tt.name, n, asks)
		}
	}
	if s := e.f.sends(); len(s) != 0 {
		t.Errorf("HTTP interactions sent %d REST messages: %+v", len(s), s)
	}
	resp, err := http.Get(e.http.URL + interactions)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET status %d, want 405", resp.StatusCode)
	}
}

func TestHTTPSlowAskIsDeferredThenEdited(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	e := start(t, blocking(release), setup{cfg: func(c *Config) { c.BotToken = "" }, opts: []Option{WithDeferAfter(time.Millisecond)}})
	resp, body := e.post(t, mustJSON(t, askInteraction("i-1", "what was cloud revenue growth?")), e.priv, time.Now())
	var r struct {
		Type int            `json:"type"`
		Data map[string]any `json:"data"`
	}
	if err := json.Unmarshal(body, &r); err != nil || resp.StatusCode != 200 || r.Type != 5 {
		t.Fatalf("response %d %s, want a type 5 (deferred) response", resp.StatusCode, body)
	}
	checkMessage(t, "deferral", r.Data)
	close(release)
	waitFor(t, "the edit", func() bool { return len(e.f.sends()) == 1 })
	s := e.f.sends()[0]
	if s.Kind != "edit" || s.Path != "/api/v9/webhooks/app-1/tok-i-1/messages/@original" || !strings.Contains(s.Text, "34%") {
		t.Errorf("edit %+v", s)
	}
}

func TestRateLimitIsRespected(t *testing.T) {
	t.Parallel()
	rec := adaptertest.NewRecorder(adaptertest.Answered)
	e := start(t, rec, setup{})
	e.f.limit("POST /api/v9/channels/", 2)
	e.f.dispatch("MESSAGE_CREATE", messageEvent("q-1", "what was cloud revenue growth?", true))
	waitFor(t, "the reply", func() bool { return len(e.f.sends()) == 1 })
	calls := e.f.callsTo("POST /api/v9/channels/")
	if len(calls) != 3 || calls[0].Status != 429 || calls[1].Status != 429 || calls[2].Status != 200 {
		var st []int
		for _, c := range calls {
			st = append(st, c.Status)
		}
		t.Errorf("statuses %v, want 429, 429, 200", st)
	}
	if n := len(rec.Calls()); n != 1 {
		t.Errorf("engine called %d times, want 1", n)
	}
}

func TestReconnectLosesNoQuestion(t *testing.T) {
	t.Parallel()
	rec := adaptertest.NewRecorder(adaptertest.Answered)
	e := start(t, rec, setup{reconnect: true})
	e.f.dispatch("MESSAGE_CREATE", messageEvent("q-1", "before", true))
	waitFor(t, "the first reply", func() bool { return len(e.f.sends()) == 1 })
	// A question arrives and the connection drops at once: whether the
	// adapter read it or not, it is answered once (replayed on resume).
	e.f.dispatch("MESSAGE_CREATE", messageEvent("q-2", "during", true))
	e.f.drop()
	waitFor(t, "a resume", func() bool {
		e.f.mu.Lock()
		defer e.f.mu.Unlock()
		return e.f.resumes >= 1 && e.f.conn != nil
	})
	e.f.dispatch("MESSAGE_CREATE", messageEvent("q-3", "after", true))
	waitFor(t, "three replies", func() bool { return len(e.f.sends()) >= 3 })
	var got []string
	for _, s := range e.f.sends() {
		got = append(got, s.Reference)
	}
	if len(got) != 3 || !(strings.Contains(strings.Join(got, ","), "q-2") && strings.Contains(strings.Join(got, ","), "q-3")) {
		t.Errorf("replies to %v, want q-1, q-2 and q-3 once each", got)
	}
	if n := len(rec.Calls()); n != 3 {
		t.Errorf("engine called %d times, want 3", n)
	}
	e.f.mu.Lock()
	defer e.f.mu.Unlock()
	if len(e.f.identifies) != 1 {
		t.Errorf("identified %d times; a reconnect should resume", len(e.f.identifies))
	}
}
