package slack

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/resultsbot/resultsbot/internal/adapters"
	"github.com/resultsbot/resultsbot/internal/adapters/adaptertest"
	"github.com/resultsbot/resultsbot/internal/answer"
	"github.com/resultsbot/resultsbot/internal/state"
)

// starting is an engine still loading its index until ready is set.
type starting struct {
	fixed
	ready atomic.Bool
}

func (s *starting) Ready() bool { return s.ready.Load() }

func (s *starting) Answer(ctx context.Context, q answer.Question) (answer.Answer, error) {
	if !s.ready.Load() {
		return answer.Answer{}, adapters.ErrNotReady
	}
	return s.fixed.Answer(ctx, q)
}

// An event that arrives while the index loads is refused with 503 and
// Retry-After, is not remembered, and Slack's retry once the bot is ready
// is answered, once (issue 15, item 1).
func TestEventDuringStartUp(t *testing.T) {
	eng := &starting{fixed: fixed{ans: adaptertest.Answered}}
	x := start(t, eng, false)
	body := eventBody("Ev1", mention("1700000001.000100", "", "cloud growth?"))
	req, _ := http.NewRequest(http.MethodPost, x.srv.URL+"/slack/events", strings.NewReader(string(body)))
	for k, v := range sign(signingSecret, time.Now(), body) {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Errorf("event while loading: %d, Retry-After %q; want 503 with Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if n := len(eng.Questions()); n != 0 {
		t.Errorf("the engine was asked %d questions while loading", n)
	}

	eng.ready.Store(true)
	retry := http.Header{"X-Slack-Retry-Num": {"1"}, "X-Slack-Retry-Reason": {"http_error"}}
	if status, _ := x.postSigned(t, "/slack/events", "application/json", body, signingSecret, time.Now(), retry); status != http.StatusOK {
		t.Errorf("Slack's retry once ready: status %d, want 200", status)
	}
	if p := x.f.waitPost(t); !strings.Contains(flatten(p.Blocks, p.Text), "39.8 billion yuan") {
		t.Errorf("the retry was answered with %q", p.Text)
	}
	x.postSigned(t, "/slack/events", "application/json", body, signingSecret, time.Now(), http.Header{"X-Slack-Retry-Num": {"2"}})
	x.a.shutdown() // waits for any reply in flight
	if n := len(x.f.Posts()); n != 1 {
		t.Errorf("%d replies, want 1", n)
	}
}

// Events are acknowledged at once even while auth.test hangs: the
// handlers never call Slack before acknowledging (issue 15, item 7).
func TestAckDoesNotWaitForAuthTest(t *testing.T) {
	f := newFakeSlack(t)
	f.authGate = make(chan struct{})
	x := startOn(t, f, &fixed{ans: adaptertest.Answered}, false)
	defer close(f.authGate) // before the fixture's cleanup, which waits for Run
	done := make(chan int, 1)
	go func() {
		status, _ := x.postSigned(t, "/slack/events", "application/json",
			eventBody("Ev1", mention("1700000001.000100", "", "cloud growth?")), signingSecret, time.Now(), nil)
		done <- status
	}()
	select {
	case status := <-done:
		if status != http.StatusOK {
			t.Errorf("event: status %d, want 200", status)
		}
	case <-time.After(wait):
		t.Fatal("the event was not acknowledged while auth.test hung")
	}
	if p := x.f.waitPost(t); p.ThreadTS != "1700000001.000100" {
		t.Errorf("reply in thread %q", p.ThreadTS)
	}
}

// Slack unreachable or failing at start is retried, with backoff, and Run
// goes on serving; a token Slack refuses still stops it (issue 15, item 2).
func TestAuthTestOutage(t *testing.T) {
	f := newFakeSlack(t)
	f.authFail = []int{http.StatusServiceUnavailable, http.StatusBadGateway, http.StatusServiceUnavailable}
	x := startOn(t, f, &fixed{ans: adaptertest.Answered}, false, WithConnectBackoff(time.Millisecond))
	deadline := time.Now().Add(wait)
	for !strings.Contains(x.logs.String(), "slack adapter running") {
		if time.Now().After(deadline) {
			t.Fatalf("Run never got past the outage; log:\n%s", x.logs)
		}
		time.Sleep(5 * time.Millisecond)
	}
	f.mu.Lock()
	calls := f.authCalls
	f.mu.Unlock()
	if calls != 4 {
		t.Errorf("auth.test called %d times, want 4 (three failures, then success)", calls)
	}
	if !strings.Contains(x.logs.String(), "retrying") {
		t.Errorf("the outage was not logged")
	}

	// A refused token is not an outage.
	bad := newFakeSlack(t)
	bad.authErr = true
	a, err := New(Config{BotToken: botToken, SigningSecret: signingSecret, APIURL: bad.APIURL()}, &fixed{}, nil, nil, WithConnectBackoff(time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "invalid_auth") {
		t.Errorf("Run with a refused token = %v, want the invalid_auth error", err)
	}
}

// An event answered before a restart is not answered again when Slack
// retries it after the restart: the store remembers it (issue 15, item 11).
func TestRetryAfterRestart(t *testing.T) {
	store := state.NewMemory(100) // stands for the --state file both processes open
	body := eventBody("Ev9", mention("1700000009.000100", "", "cloud growth?"))
	before := start(t, &fixed{ans: adaptertest.Answered}, false, WithStore(store))
	before.postSigned(t, "/slack/events", "application/json", body, signingSecret, time.Now(), nil)
	before.f.waitPost(t)
	before.a.shutdown()

	after := start(t, &fixed{ans: adaptertest.Answered}, false, WithStore(store))
	after.postSigned(t, "/slack/events", "application/json", body, signingSecret, time.Now(), http.Header{"X-Slack-Retry-Num": {"1"}})
	after.a.shutdown()
	if n := len(after.f.Posts()); n != 0 {
		t.Errorf("the retry after the restart was answered again (%d replies)", n)
	}
}

// The Slack routes answer another method with 405 and Allow, not the web
// page's 404; a flood of bad signatures logs one warning (issue 15,
// item 14).
func TestSlackRoutesMethodsAndFloods(t *testing.T) {
	x := start(t, &fixed{ans: adaptertest.Answered}, false)
	for _, path := range []string{"/slack/events", "/slack/commands", "/slack/interactions"} {
		resp, err := http.Get(x.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "POST" {
			t.Errorf("GET %s: %d, Allow %q; want 405, Allow POST", path, resp.StatusCode, resp.Header.Get("Allow"))
		}
	}
	for range 50 {
		x.postSigned(t, "/slack/events", "application/json", []byte(`{}`), "forged", time.Now(), nil)
	}
	if n := strings.Count(x.logs.String(), "rejected unsigned request"); n != 1 {
		t.Errorf("50 forged requests logged %d warnings, want 1", n)
	}
}

// "Post to channel" posts through the command's response URL as
// in_channel, so it works in DMs and private channels the bot is not in
// and shows who asked; chat.postMessage is not used (issue 15, item 18).
func TestPostToChannelUsesResponseURL(t *testing.T) {
	x := start(t, &fixed{ans: adaptertest.Answered}, false)
	form := "application/x-www-form-urlencoded"
	_, out := x.postSigned(t, "/slack/commands", form, commandForm("cloud growth?", x.f.HookURL("command")), signingSecret, time.Now(), nil)
	key := postKey(t, out)
	payload, _ := json.Marshal(map[string]any{
		"type": "block_actions", "user": map[string]any{"id": "U1"}, "channel": map[string]any{"id": "D7"},
		"response_url": x.f.HookURL("button"), "container": map[string]any{"type": "message", "is_ephemeral": true},
		"actions": []map[string]any{{"action_id": actionPostToChannel, "value": key, "type": "button", "block_id": "answer_actions"}},
	})
	x.postSigned(t, "/slack/interactions", form, []byte(url.Values{"payload": {string(payload)}}.Encode()), signingSecret, time.Now(), nil)
	shared := x.f.waitHook(t)
	raw, _ := json.Marshal(shared.Body)
	if shared.Path != "/hooks/command" || shared.Body["response_type"] != "in_channel" || !strings.Contains(string(raw), "39.8 billion yuan") {
		t.Errorf("shared answer went to %s as %v: %s; want the command's response URL, in_channel", shared.Path, shared.Body["response_type"], raw)
	}
	if strings.Contains(string(raw), actionPostToChannel) {
		t.Errorf("the shared copy still has the Post to channel button")
	}
	if h := x.f.waitHook(t); h.Path != "/hooks/button" || h.Body["delete_original"] != true {
		t.Errorf("ephemeral answer not removed: %s %+v", h.Path, h.Body)
	}
	if n := len(x.f.Posts()); n != 0 {
		t.Errorf("chat.postMessage called %d times", n)
	}
}

// postKey returns the value of the Post to channel button in a command's
// response.
func postKey(t *testing.T, out []byte) string {
	t.Helper()
	var msg struct {
		Blocks []struct {
			Elements []struct {
				ActionID string `json:"action_id"`
				Value    string `json:"value"`
			} `json:"elements"`
		} `json:"blocks"`
	}
	if err := json.Unmarshal(out, &msg); err != nil {
		t.Fatalf("command response %s: %v", out, err)
	}
	for _, b := range msg.Blocks {
		for _, e := range b.Elements {
			if e.ActionID == actionPostToChannel {
				return e.Value
			}
		}
	}
	t.Fatalf("no Post to channel button in %s", out)
	return ""
}
