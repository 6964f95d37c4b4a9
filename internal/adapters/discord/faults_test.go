package discord

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/resultsbot/resultsbot/internal/adapters"
	"github.com/resultsbot/resultsbot/internal/adapters/adaptertest"
	"github.com/resultsbot/resultsbot/internal/answer"
	"github.com/resultsbot/resultsbot/internal/state"
)

// logBuffer is a log sink safe for the adapter's goroutines.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Discord unreachable at start is retried with backoff; Run neither fails
// nor gives up, and answers once Discord is back (issue 15, item 2). A
// token Discord refuses still ends Run with an error.
func TestGatewayOutageAtStart(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.gatewayDown = 3
	logs := &logBuffer{}
	e := start(t, adaptertest.NewRecorder(adaptertest.Answered), setup{fake: f, log: logs, opts: []Option{WithConnectBackoff(time.Millisecond)}})
	f.dispatch("MESSAGE_CREATE", messageEvent("m-1", "cloud growth?", true))
	waitFor(t, "the answer", func() bool { return len(f.sends()) == 1 })
	f.mu.Lock()
	calls := f.gatewayCalls
	f.mu.Unlock()
	if calls < 4 {
		t.Errorf("gateway asked for %d times, want 4 or more (three failures, then success)", calls)
	}
	if !strings.Contains(logs.String(), "retrying") {
		t.Errorf("the outage was not logged:\n%s", logs)
	}
	e.stop()

	bad := newFake(t)
	bad.badToken = true
	a, err := New(Config{BotToken: "test-token", ApplicationID: bad.appID, APIURL: bad.srv.URL}, adaptertest.NewRecorder(adaptertest.Answered), nil, nil, WithConnectBackoff(time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "4004") {
		t.Errorf("Run with a refused token = %v, want the 4004 error", err)
	}
}

// Without the privileged message content intent the bot still connects,
// asking without it, and answers mentions (issue 15, item 19).
func TestWithoutMessageContentIntent(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.noContent = true
	logs := &logBuffer{}
	start(t, adaptertest.NewRecorder(adaptertest.Answered), setup{fake: f, log: logs, opts: []Option{WithConnectBackoff(time.Millisecond)}})
	f.dispatch("MESSAGE_CREATE", messageEvent("m-1", "cloud growth?", true))
	waitFor(t, "the answer", func() bool { return len(f.sends()) == 1 })
	if s := f.sends()[0]; !strings.Contains(s.Text, "39.8 billion yuan") {
		t.Errorf("answer %q", s.Text)
	}
	f.mu.Lock()
	ids := append([]json.RawMessage(nil), f.identifies...)
	f.mu.Unlock()
	var last struct {
		Intents int `json:"intents"`
	}
	json.Unmarshal(ids[len(ids)-1], &last)
	if last.Intents&(1<<15) != 0 {
		t.Errorf("connected with the message content intent (%b), which is not enabled", last.Intents)
	}
	if !strings.Contains(logs.String(), "Message Content") {
		t.Errorf("no warning about the missing intent:\n%s", logs)
	}
}

// An interaction token is part of the URL of a deferred edit; when the
// edit fails at the network level, the error logged must not carry it
// (issue 15, item 8).
func TestInteractionTokenNotLogged(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.breakEdits = true
	logs := &logBuffer{}
	release := make(chan struct{})
	e := start(t, blocking(release), setup{fake: f, log: logs, cfg: func(c *Config) { c.BotToken = "" }, opts: []Option{WithDeferAfter(time.Millisecond)}})
	resp, body := e.post(t, mustJSON(t, askInteraction("i-9", "cloud growth?")), e.priv, time.Now())
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"type":5`) {
		t.Fatalf("slow ask: %d %s, want a deferred response", resp.StatusCode, body)
	}
	close(release)
	waitFor(t, "the failed edit in the log", func() bool { return strings.Contains(logs.String(), "edit /ask response") })
	if strings.Contains(logs.String(), "tok-i-9") {
		t.Errorf("the interaction token reached the log:\n%s", logs)
	}
}

// An /ask over the gateway whose question option is not a string does not
// panic the process; the bot keeps answering (issue 15, item 9).
func TestNonStringOptionDoesNotPanic(t *testing.T) {
	t.Parallel()
	e := start(t, adaptertest.NewRecorder(adaptertest.Answered), setup{})
	i := askInteraction("i-7", "")
	i["data"].(map[string]any)["options"] = []any{map[string]any{"name": "question", "type": 3, "value": 42}}
	e.f.dispatch("INTERACTION_CREATE", i)
	e.f.dispatch("MESSAGE_CREATE", messageEvent("m-8", "cloud growth?", true))
	waitFor(t, "an answer after the odd interaction", func() bool {
		for _, s := range e.f.sends() {
			if s.Kind == "message" && s.Reference == "m-8" {
				return true
			}
		}
		return false
	})
}

// A signed interaction replayed over HTTP is answered once, also by a
// process restarted with the same store (issue 15, item 11).
func TestHTTPReplayAnsweredOnce(t *testing.T) {
	t.Parallel()
	store := state.NewMemory(100) // stands for the --state file both processes open
	rec := adaptertest.NewRecorder(adaptertest.Answered)
	http1 := setup{cfg: func(c *Config) { c.BotToken = "" }, opts: []Option{WithDeferAfter(time.Hour), WithStore(store)}}
	e := start(t, rec, http1)
	ask := mustJSON(t, askInteraction("i-5", "cloud growth?"))
	if resp, _ := e.post(t, ask, e.priv, time.Now()); resp.StatusCode != 200 {
		t.Fatalf("first delivery: %d", resp.StatusCode)
	}
	if resp, _ := e.post(t, ask, e.priv, time.Now()); resp.StatusCode == 200 {
		t.Errorf("replay: status 200, want a refusal")
	}
	e.stop()
	http1.priv = e.priv
	restarted := start(t, rec, http1)
	if resp, _ := restarted.post(t, ask, e.priv, time.Now()); resp.StatusCode == 200 {
		t.Errorf("replay after a restart: status 200, want a refusal")
	}
	if n := len(rec.Calls()); n != 1 {
		t.Errorf("engine asked %d times, want 1", n)
	}
}

// The interactions endpoint answers another method with 405 and Allow,
// not the web page's 404; a flood of bad signatures logs one warning
// (issue 15, item 14).
func TestInteractionsMethodsAndFloods(t *testing.T) {
	t.Parallel()
	logs := &logBuffer{}
	e := start(t, adaptertest.NewRecorder(adaptertest.Answered), setup{cfg: func(c *Config) { c.BotToken = "" }, log: logs})
	for _, m := range []string{"GET", "PUT"} {
		req, _ := http.NewRequest(m, e.http.URL+interactions, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "POST" {
			t.Errorf("%s: %d, Allow %q; want 405, Allow POST", m, resp.StatusCode, resp.Header.Get("Allow"))
		}
	}
	_, other, _ := ed25519.GenerateKey(nil)
	for range 50 {
		e.post(t, mustJSON(t, askInteraction("f-1", "q")), other, time.Now())
	}
	if n := strings.Count(logs.String(), "interaction refused"); n != 1 {
		t.Errorf("50 forged requests logged %d warnings, want 1", n)
	}
}

// An /ask that arrives while the index loads is told the bot is starting,
// not that something went wrong, and may be asked again (issue 15, item 1).
func TestHTTPInteractionDuringStartUp(t *testing.T) {
	t.Parallel()
	loading := adapters.AnswererFunc(func(context.Context, answer.Question) (answer.Answer, error) {
		return answer.Answer{}, adapters.ErrNotReady
	})
	rec := adaptertest.NewRecorder(adaptertest.Answered)
	var ready bool
	var mu sync.Mutex
	eng := adapters.AnswererFunc(func(ctx context.Context, q answer.Question) (answer.Answer, error) {
		mu.Lock()
		r := ready
		mu.Unlock()
		if !r {
			return loading(ctx, q)
		}
		return rec.Answer(ctx, q)
	})
	e := start(t, eng, setup{cfg: func(c *Config) { c.BotToken = "" }, opts: []Option{WithDeferAfter(time.Hour)}})
	_, body := e.post(t, mustJSON(t, askInteraction("i-3", "cloud growth?")), e.priv, time.Now())
	if !strings.Contains(string(body), "starting up") || strings.Contains(string(body), "went wrong") {
		t.Errorf("ask while loading: %s, want to be told the bot is starting", body)
	}
	mu.Lock()
	ready = true
	mu.Unlock()
	_, body = e.post(t, mustJSON(t, askInteraction("i-4", "cloud growth?")), e.priv, time.Now())
	if !strings.Contains(string(body), "39.8 billion yuan") {
		t.Errorf("ask once ready: %s", body)
	}
}
