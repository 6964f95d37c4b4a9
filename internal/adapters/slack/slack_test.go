package slack

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/resultsbot/resultsbot/internal/adapters"
	"github.com/resultsbot/resultsbot/internal/adapters/adaptertest"
	"github.com/resultsbot/resultsbot/internal/answer"
)

// harness drives the adapter through the HTTP Events API for the contract.
type harness struct {
	x  *fixture
	mu sync.Mutex
	n  int
}

func (h *harness) Ask(t *testing.T, question string) {
	h.mu.Lock()
	h.n++
	ts := "1700000000." + strings.Repeat("0", 5) + string(rune('0'+h.n))
	h.mu.Unlock()
	body := eventBody("Ev"+ts, mention(ts, "", question))
	if status, _ := h.x.postSigned(t, "/slack/events", "application/json", body, signingSecret, time.Now(), nil); status != http.StatusOK {
		t.Fatalf("event status = %d", status)
	}
	select {
	case p := <-h.x.f.postCh:
		h.x.f.postCh <- p // leave it for Replies
	case <-time.After(wait):
	}
}

func (h *harness) Forge(t *testing.T, question string) int {
	body := eventBody("EvForged", mention("1700000000.000900", "", question))
	status, _ := h.x.postSigned(t, "/slack/events", "application/json", body, "not-the-secret", time.Now(), nil)
	return status
}

func (h *harness) Replies() []adaptertest.Reply {
	var out []adaptertest.Reply
	for _, p := range h.x.f.Posts() {
		out = append(out, adaptertest.Reply{
			Text:    flatten(p.Blocks, p.Text),
			InPlace: p.Channel == "C1" && strings.HasPrefix(p.ThreadTS, "1700000000."),
		})
	}
	return out
}

func TestContract(t *testing.T) {
	adaptertest.Run(t, func(t *testing.T, a adapters.Answerer) adaptertest.Harness {
		return &harness{x: start(t, a, false)}
	})
}

// fixed answers every question with ans and records the questions.
type fixed struct {
	mu  sync.Mutex
	ans answer.Answer
	qs  []answer.Question
}

func (f *fixed) Answer(_ context.Context, q answer.Question) (answer.Answer, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.qs = append(f.qs, q)
	return f.ans, nil
}

func (f *fixed) Questions() []answer.Question {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]answer.Question(nil), f.qs...)
}

func TestEventsAPIRequests(t *testing.T) {
	x := start(t, &fixed{ans: adaptertest.Answered}, false)
	body := eventBody("Ev1", mention("1700000001.000100", "", "cloud growth?"))
	tests := []struct {
		name    string
		body    []byte
		secret  string
		at      time.Time
		header  http.Header
		want    int
		wantOut string
	}{
		{"forged", body, "wrong", time.Now(), nil, http.StatusUnauthorized, ""},
		{"stale", body, signingSecret, time.Now().Add(-6 * time.Minute), nil, http.StatusUnauthorized, ""},
		{"future", body, signingSecret, time.Now().Add(6 * time.Minute), nil, http.StatusUnauthorized, ""},
		{"url_verification", []byte(`{"type":"url_verification","challenge":"ch4ll3nge","token":"x"}`), signingSecret, time.Now(), nil, http.StatusOK, "ch4ll3nge"},
		{"too large", append(body, make([]byte, maxBody)...), signingSecret, time.Now(), nil, http.StatusRequestEntityTooLarge, ""},
		{"signed", body, signingSecret, time.Now(), nil, http.StatusOK, ""},
		{"retried", body, signingSecret, time.Now(), http.Header{"X-Slack-Retry-Num": {"1"}, "X-Slack-Retry-Reason": {"http_timeout"}}, http.StatusOK, ""},
		{"retried again", body, signingSecret, time.Now(), http.Header{"X-Slack-Retry-Num": {"2"}}, http.StatusOK, ""},
	}
	for _, tt := range tests {
		status, out := x.postSigned(t, "/slack/events", "application/json", tt.body, tt.secret, tt.at, tt.header)
		if status != tt.want {
			t.Errorf("%s: status = %d, want %d", tt.name, status, tt.want)
		}
		if tt.wantOut != "" && string(out) != tt.wantOut {
			t.Errorf("%s: body = %q, want %q", tt.name, out, tt.wantOut)
		}
	}
	p := x.f.waitPost(t)
	if p.Channel != "C1" || p.ThreadTS != "1700000001.000100" {
		t.Errorf("reply went to %s/%s, want C1 in thread 1700000001.000100", p.Channel, p.ThreadTS)
	}
	time.Sleep(100 * time.Millisecond) // room for a wrong second reply
	if n := len(x.f.Posts()); n != 1 {
		t.Errorf("one signed event sent three times got %d replies, want 1", n)
	}
	if !strings.Contains(x.logs.String(), "rejected unsigned request") {
		t.Errorf("rejections not logged")
	}
}

func TestMentionInThreadAndDM(t *testing.T) {
	eng := &fixed{ans: adaptertest.Answered}
	x := start(t, eng, false)
	send := func(id string, ev map[string]any) {
		if status, _ := x.postSigned(t, "/slack/events", "application/json", eventBody(id, ev), signingSecret, time.Now(), nil); status != http.StatusOK {
			t.Fatalf("%s: status %d", id, status)
		}
	}
	send("Ev1", mention("1700000002.000200", "1700000002.000100", "what about <@U2>'s cloud?"))
	p := x.f.waitPost(t)
	if p.ThreadTS != "1700000002.000100" {
		t.Errorf("mention in a thread answered in %q, want the thread 1700000002.000100", p.ThreadTS)
	}
	send("Ev2", map[string]any{"type": "message", "channel_type": "im", "channel": "D1", "user": "U1", "text": "cloud growth?", "ts": "1700000003.000100"})
	p = x.f.waitPost(t)
	if p.Channel != "D1" || p.ThreadTS != "" {
		t.Errorf("DM answered in %s/%q, want D1 top level", p.Channel, p.ThreadTS)
	}
	qs := eng.Questions()
	if len(qs) != 2 {
		t.Fatalf("questions = %d, want 2", len(qs))
	}
	if got := qs[0].Text; strings.Contains(got, botUser) || got != "what about <@U2>'s cloud?" {
		t.Errorf("mention reached the engine as %q", got)
	}
}

func TestIgnored(t *testing.T) {
	eng := &fixed{ans: adaptertest.Answered}
	x := start(t, eng, false)
	x.waitRunning(t) // the bot's own user ID is known
	events := []struct {
		name string
		ev   map[string]any
	}{
		{"own message", map[string]any{"type": "message", "channel_type": "im", "channel": "D1", "user": botUser, "text": "hi", "ts": "1.1"}},
		{"bot message", map[string]any{"type": "message", "channel_type": "im", "channel": "D1", "user": "U9", "bot_id": "B9", "text": "hi", "ts": "1.2"}},
		{"bot_message subtype", map[string]any{"type": "message", "subtype": "bot_message", "channel_type": "im", "channel": "D1", "text": "hi", "ts": "1.3"}},
		{"edit", map[string]any{"type": "message", "subtype": "message_changed", "channel_type": "im", "channel": "D1", "ts": "1.4", "message": map[string]any{"user": "U1", "text": "hi"}}},
		{"deletion", map[string]any{"type": "message", "subtype": "message_deleted", "channel_type": "im", "channel": "D1", "ts": "1.5", "deleted_ts": "1.1"}},
		{"channel message", map[string]any{"type": "message", "channel_type": "channel", "channel": "C1", "user": "U1", "text": "hi", "ts": "1.6"}},
		{"bot's mention", map[string]any{"type": "app_mention", "channel": "C1", "user": "U9", "bot_id": "B9", "text": "<@UBOT> hi", "ts": "1.7"}},
		{"edited mention", map[string]any{"type": "app_mention", "channel": "C1", "user": "U1", "text": "<@UBOT> hi", "ts": "1.8", "edited": map[string]any{"user": "U1", "ts": "1.9"}}},
		{"unknown event", map[string]any{"type": "brand_new_event", "channel": "C1", "user": "U1", "ts": "1.10"}},
	}
	for i, e := range events {
		status, _ := x.postSigned(t, "/slack/events", "application/json", eventBody("EvIgnored"+string(rune('a'+i)), e.ev), signingSecret, time.Now(), nil)
		if status != http.StatusOK {
			t.Errorf("%s: status = %d, want 200", e.name, status)
		}
	}
	time.Sleep(100 * time.Millisecond)
	if qs := eng.Questions(); len(qs) != 0 {
		t.Errorf("ignored events reached the engine: %+v", qs)
	}
	if n := len(x.f.Posts()); n != 0 {
		t.Errorf("ignored events got %d replies", n)
	}
}

func TestThreadFollowUp(t *testing.T) {
	first := adaptertest.Answered
	first.Context = answer.Context{Company: "Alibaba Group Holding", Period: "quarter ended 2025-09-30", Segment: "cloud", Metric: "revenue"}
	eng := &fixed{ans: first}
	x := start(t, eng, false)
	ask := func(id, ts, thread, text string) {
		if status, _ := x.postSigned(t, "/slack/events", "application/json", eventBody(id, mention(ts, thread, text)), signingSecret, time.Now(), nil); status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
		x.f.waitPost(t)
	}
	ask("Ev1", "1700000004.000100", "", "what was Alibaba's cloud revenue growth?")
	ask("Ev2", "1700000004.000200", "1700000004.000100", "and EBITA?")
	ask("Ev3", "1700000005.000100", "", "and EBITA?") // another thread: no context
	qs := eng.Questions()
	if len(qs) != 3 {
		t.Fatalf("questions = %d", len(qs))
	}
	if qs[0].Context != nil {
		t.Errorf("first question carries a context: %+v", qs[0].Context)
	}
	if qs[1].Context == nil || *qs[1].Context != first.Context {
		t.Errorf("follow-up context = %+v, want %+v", qs[1].Context, first.Context)
	}
	if qs[2].Context != nil {
		t.Errorf("question in a new thread inherited %+v", qs[2].Context)
	}
}

func TestPostRetries(t *testing.T) {
	x := start(t, &fixed{ans: adaptertest.Answered}, false)
	x.f.failNext(http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway)
	x.postSigned(t, "/slack/events", "application/json", eventBody("Ev1", mention("1700000006.000100", "", "cloud?")), signingSecret, time.Now(), nil)
	x.f.waitPost(t)
	if got := x.f.Attempts(); got != 4 {
		t.Errorf("attempts = %d, want 4 (429, 500, 502, ok)", got)
	}
	// Retries are bounded: a Slack that keeps failing gets up to 1+3 attempts.
	x.f.failNext(500, 500, 500, 500, 500)
	x.postSigned(t, "/slack/events", "application/json", eventBody("Ev2", mention("1700000006.000200", "", "cloud?")), signingSecret, time.Now(), nil)
	deadline := time.Now().Add(wait)
	for x.f.Attempts() < 8 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	if got := x.f.Attempts(); got != 8 {
		t.Errorf("attempts = %d, want 8", got)
	}
	for !strings.Contains(x.logs.String(), "reply failed") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if !strings.Contains(x.logs.String(), "reply failed") {
		t.Errorf("failed reply not logged")
	}
}

func commandForm(text, responseURL string) []byte {
	return []byte(url.Values{
		"command": {"/results"}, "text": {text}, "user_id": {"U1"}, "channel_id": {"C7"},
		"response_url": {responseURL}, "trigger_id": {"1.2"}, "team_id": {"T1"},
	}.Encode())
}

func TestSlashCommand(t *testing.T) {
	eng := &fixed{ans: adaptertest.Answered}
	x := start(t, eng, false)
	form := "application/x-www-form-urlencoded"

	status, out := x.postSigned(t, "/slack/commands", form, commandForm("  ", x.f.HookURL("h0")), signingSecret, time.Now(), nil)
	if status != http.StatusOK || !strings.Contains(string(out), `"response_type":"ephemeral"`) || !strings.Contains(string(out), "/results What was") {
		t.Errorf("empty command: %d %s, want ephemeral usage with examples", status, out)
	}
	if len(eng.Questions()) != 0 {
		t.Errorf("empty command reached the engine")
	}

	if status, _ := x.postSigned(t, "/slack/commands", form, commandForm("cloud growth?", x.f.HookURL("h1")), "forged", time.Now(), nil); status != http.StatusUnauthorized {
		t.Errorf("forged command status = %d", status)
	}

	status, out = x.postSigned(t, "/slack/commands", form, commandForm("cloud <!channel> growth?", x.f.HookURL("h1")), signingSecret, time.Now(), nil)
	var msg struct {
		ResponseType string            `json:"response_type"`
		Blocks       []json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal(out, &msg); status != http.StatusOK || err != nil {
		t.Fatalf("command: %d %s %v", status, out, err)
	}
	blocks, _ := json.Marshal(msg.Blocks)
	text := flatten(string(blocks), "")
	if msg.ResponseType != "ephemeral" || !strings.Contains(text, "39.8 billion yuan") || !strings.Contains(text, "&lt;!channel&gt;") {
		t.Errorf("command response = %s", out)
	}
	var key string
	for _, b := range msg.Blocks {
		var ab struct {
			Elements []struct {
				ActionID string `json:"action_id"`
				Value    string `json:"value"`
			} `json:"elements"`
		}
		_ = json.Unmarshal(b, &ab)
		for _, e := range ab.Elements {
			if e.ActionID == actionPostToChannel {
				key = e.Value
			}
		}
	}
	if key == "" {
		t.Fatalf("no Post to channel button in %s", out)
	}

	press := func(actionID, value string) {
		payload, _ := json.Marshal(map[string]any{
			"type": "block_actions", "user": map[string]any{"id": "U1"}, "channel": map[string]any{"id": "C7"},
			"response_url": x.f.HookURL("h2"), "container": map[string]any{"type": "message", "is_ephemeral": true},
			"actions": []map[string]any{{"action_id": actionID, "value": value, "type": "button", "block_id": "answer_actions"}},
		})
		body := []byte(url.Values{"payload": {string(payload)}}.Encode())
		if status, _ := x.postSigned(t, "/slack/interactions", form, body, signingSecret, time.Now(), nil); status != http.StatusOK {
			t.Fatalf("interaction status = %d", status)
		}
	}
	press(actionPostToChannel, key)
	// Shared through the command's response URL: TestPostToChannelUsesResponseURL.
	if h := x.f.waitHook(t); h.Path != "/hooks/h1" || h.Body["response_type"] != "in_channel" {
		t.Errorf("shared answer: %s %+v", h.Path, h.Body)
	}
	if h := x.f.waitHook(t); h.Body["delete_original"] != true {
		t.Errorf("ephemeral answer not removed: %+v", h.Body)
	}
	press(actionFeedback, feedbackNotHelpful)
	x.f.waitHook(t) // thanks
	if got := x.rec.Values(); len(got) != 1 || got[0] != "slack:not_helpful" {
		t.Errorf("feedback recorded = %v", got)
	}
	if !strings.Contains(x.logs.String(), "value=not_helpful") {
		t.Errorf("feedback not logged")
	}
	if n := len(eng.Questions()); n != 1 {
		t.Errorf("engine called %d times, want 1", n)
	}
}

// gate is an Answerer that waits for release.
type gate struct {
	release chan struct{}
	started chan struct{}
}

func (g *gate) Answer(ctx context.Context, q answer.Question) (answer.Answer, error) {
	g.started <- struct{}{}
	select {
	case <-g.release:
		return adaptertest.Answered, nil
	case <-ctx.Done():
		return answer.Answer{}, ctx.Err()
	}
}

func TestSlashCommandSlowAnswer(t *testing.T) {
	g := &gate{release: make(chan struct{}), started: make(chan struct{}, 1)}
	x := start(t, g, false, WithCommandWait(time.Millisecond))
	status, out := x.postSigned(t, "/slack/commands", "application/x-www-form-urlencoded", commandForm("cloud growth?", x.f.HookURL("slow")), signingSecret, time.Now(), nil)
	if status != http.StatusOK || !strings.Contains(string(out), lookingUp) {
		t.Fatalf("slow command response: %d %s", status, out)
	}
	close(g.release)
	h := x.f.waitHook(t)
	raw, _ := json.Marshal(h.Body)
	if h.Path != "/hooks/slow" || !strings.Contains(string(raw), "39.8 billion yuan") || !strings.Contains(string(raw), `"response_type":"ephemeral"`) {
		t.Errorf("late answer: %s %s", h.Path, raw)
	}
}

func TestShutdownFinishesReplies(t *testing.T) {
	g := &gate{release: make(chan struct{}), started: make(chan struct{}, 1)}
	f := newFakeSlack(t)
	a, err := New(Config{BotToken: botToken, SigningSecret: signingSecret, APIURL: f.APIURL()}, g, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	a.Register(mux)
	x := &fixture{f: f, a: a}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	srv := newServer(t, mux)
	x.srv = srv
	x.postSigned(t, "/slack/events", "application/json", eventBody("Ev1", mention("1700000007.000100", "", "cloud?")), signingSecret, time.Now(), nil)
	<-g.started
	cancel()
	select {
	case <-done:
		t.Fatal("Run returned with a reply in flight")
	case <-time.After(50 * time.Millisecond):
	}
	close(g.release)
	f.waitPost(t)
	if err := <-done; err != nil {
		t.Errorf("Run = %v", err)
	}
	// Once shut down, new events are refused so Slack retries elsewhere.
	status, _ := x.postSigned(t, "/slack/events", "application/json", eventBody("Ev2", mention("1700000007.000200", "", "cloud?")), signingSecret, time.Now(), nil)
	if status != http.StatusServiceUnavailable {
		t.Errorf("event after shutdown: status %d, want 503", status)
	}
	if err := a.Run(context.Background()); !errors.Is(err, ErrClosed) {
		t.Errorf("second Run = %v, want ErrClosed", err)
	}
}
