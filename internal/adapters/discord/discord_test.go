package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/resultsbot/resultsbot/internal/adapters"
	"github.com/resultsbot/resultsbot/internal/adapters/adaptertest"
	"github.com/resultsbot/resultsbot/internal/answer"
)

// env is an Adapter wired to a fake Discord, with its HTTP endpoint served
// on loopback and a test key pair for signing interactions.
type env struct {
	stop func() // stops the adapter and waits for Run; idempotent
	f    *fakeDiscord
	a    *Adapter
	http *httptest.Server
	priv ed25519.PrivateKey
}

type setup struct {
	cfg       func(*Config)
	opts      []Option
	reconnect bool
	fake      *fakeDiscord       // reuse (restart tests)
	log       io.Writer          // the adapter's log, text; none when nil
	noWait    bool               // do not wait for READY
	priv      ed25519.PrivateKey // the application's key; a new one when nil
}

func start(t *testing.T, ans adapters.Answerer, s setup) *env {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.priv != nil {
		pub, priv = s.priv.Public().(ed25519.PublicKey), s.priv
	}
	f := s.fake
	if f == nil {
		f = newFake(t)
	}
	cfg := Config{
		BotToken:      "test-token",
		PublicKey:     hex.EncodeToString(pub),
		ApplicationID: f.appID,
		APIURL:        f.srv.URL,
		Company:       "Alibaba Group Holding",
	}
	if s.cfg != nil {
		s.cfg(&cfg)
	}
	opts := append([]Option{withSession(func(ds *discordgo.Session) {
		ds.ShouldReconnectOnError = s.reconnect
	})}, s.opts...)
	var log *slog.Logger
	if s.log != nil {
		log = slog.New(slog.NewTextHandler(s.log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	a, err := New(cfg, ans, nil, log, opts...)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", http.NotFound) // as bot serve's web page does
	a.Register(mux)
	e := &env{f: f, a: a, http: httptest.NewServer(mux), priv: priv}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	f.mu.Lock()
	readies := f.readies
	f.mu.Unlock()
	go func() { done <- a.Run(ctx) }()
	e.stop = sync.OnceFunc(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
		e.http.Close()
	})
	t.Cleanup(e.stop)
	if cfg.BotToken != "" && !s.noWait {
		waitFor(t, "READY", func() bool {
			f.mu.Lock()
			defer f.mu.Unlock()
			return f.readies > readies
		})
	}
	return e
}

// messageEvent is a MESSAGE_CREATE payload from a user.
func messageEvent(id, content string, mention bool) map[string]any {
	m := map[string]any{
		"id": id, "channel_id": "chan-1", "guild_id": "guild-1", "type": 0,
		"content": content,
		"author":  map[string]any{"id": "user-1", "username": "ann"},
	}
	if mention {
		m["content"] = "<@bot-1> " + content
		m["mentions"] = []any{map[string]any{"id": "bot-1", "username": "resultsbot", "bot": true}}
	}
	return m
}

// askInteraction is an /ask interaction payload.
func askInteraction(id, question string) map[string]any {
	return map[string]any{
		"id": id, "application_id": "app-1", "type": 2, "token": "tok-" + id, "version": 1,
		"channel_id": "chan-1", "guild_id": "guild-1",
		"member": map[string]any{"user": map[string]any{"id": "user-1", "username": "ann"}},
		"data": map[string]any{"id": "cmd-1", "name": "ask", "type": 1, "options": []any{
			map[string]any{"name": "question", "type": 3, "value": question},
		}},
	}
}

// post sends body to the HTTP interactions endpoint signed with key at ts.
func (e *env) post(t *testing.T, body []byte, key ed25519.PrivateKey, ts time.Time) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest("POST", e.http.URL+interactions, bytes.NewReader(body))
	stamp := strconv.FormatInt(ts.Unix(), 10)
	if key != nil {
		req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(key, append([]byte(stamp), body...))))
		req.Header.Set("X-Signature-Timestamp", stamp)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func mustJSON(t *testing.T, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// harness runs the shared adapter contract: Ask is a mention over the
// gateway, Forge a badly signed HTTP interaction.
type harness struct {
	e     *env
	mu    sync.Mutex
	asked map[string]bool // message IDs asked
}

func (h *harness) Ask(t *testing.T, question string) {
	id := h.e.f.newID("question")
	h.mu.Lock()
	h.asked[id] = true
	h.mu.Unlock()
	before := len(h.e.f.sends())
	h.e.f.dispatch("MESSAGE_CREATE", messageEvent(id, question, true))
	deadline := time.Now().Add(5 * time.Second)
	for len(h.e.f.sends()) == before && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
}

func (h *harness) Forge(t *testing.T, question string) int {
	_, other, _ := ed25519.GenerateKey(nil)
	resp, _ := h.e.post(t, mustJSON(t, askInteraction("forged-1", question)), other, time.Now())
	return resp.StatusCode
}

func (h *harness) Replies() []adaptertest.Reply {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []adaptertest.Reply
	for _, s := range h.e.f.sends() {
		out = append(out, adaptertest.Reply{Text: s.Text, InPlace: s.Kind == "message" && h.asked[s.Reference]})
	}
	return out
}

func TestContract(t *testing.T) {
	t.Parallel()
	adaptertest.Run(t, func(t *testing.T, a adapters.Answerer) adaptertest.Harness {
		return &harness{e: start(t, a, setup{}), asked: map[string]bool{}}
	})
}

func TestGatewayHandshake(t *testing.T) {
	t.Parallel()
	e := start(t, adaptertest.NewRecorder(adaptertest.Answered), setup{})
	waitFor(t, "three heartbeats", func() bool {
		e.f.mu.Lock()
		defer e.f.mu.Unlock()
		return e.f.heartbeats >= 3
	})
	e.f.mu.Lock()
	defer e.f.mu.Unlock()
	if len(e.f.identifies) != 1 || e.f.resumes != 0 {
		t.Fatalf("identifies = %d, resumes = %d; want 1 and 0 (heartbeats acked, no reconnect)", len(e.f.identifies), e.f.resumes)
	}
	var id struct {
		Token   string `json:"token"`
		Intents int    `json:"intents"`
	}
	if err := json.Unmarshal(e.f.identifies[0], &id); err != nil {
		t.Fatal(err)
	}
	if id.Token != "Bot test-token" {
		t.Errorf("identify token = %q", id.Token)
	}
	for _, in := range []discordgo.Intent{discordgo.IntentsMessageContent, discordgo.IntentsGuildMessages, discordgo.IntentsDirectMessages} {
		if discordgo.Intent(id.Intents)&in == 0 {
			t.Errorf("identify intents %b lack %b", id.Intents, in)
		}
	}
}

func TestMentionIsAnsweredAsAReply(t *testing.T) {
	t.Parallel()
	rec := adaptertest.NewRecorder(adaptertest.Answered)
	e := start(t, rec, setup{cfg: func(c *Config) { c.PublicURL = "https://bot.example.com/" }})
	e.f.dispatch("MESSAGE_CREATE", messageEvent("q-1", "what was cloud revenue growth?", true))
	waitFor(t, "a reply", func() bool { return len(e.f.sends()) == 1 })
	if q := rec.Calls()[0]; q.Text != "what was cloud revenue growth?" || q.Company != "Alibaba Group Holding" || q.Context != nil {
		t.Errorf("engine asked %+v", q)
	}
	s := e.f.sends()[0]
	if s.Kind != "message" || s.Reference != "q-1" || s.Path != "/api/v9/channels/chan-1/messages" {
		t.Errorf("reply %+v, want a message replying to q-1 in chan-1", s)
	}
	if s.Content != adaptertest.Answered.Text {
		t.Errorf("content = %q", s.Content)
	}
	if len(s.Embeds) != 1 {
		t.Fatalf("embeds = %v", s.Embeds)
	}
	want := "1. [Cloud surges](https://bot.example.com/sources/alibaba/cloud.md#p-3) — Example News, 2025-11-25\n> Cloud revenue rose 34 percent year over year to 39.8 billion yuan."
	if d := s.Embeds[0]["description"]; d != want {
		t.Errorf("embed description =\n%s\nwant\n%s", d, want)
	}
}

func TestIgnoredMessages(t *testing.T) {
	t.Parallel()
	rec := adaptertest.NewRecorder(adaptertest.Answered)
	e := start(t, rec, setup{})
	own := messageEvent("own", "I am the bot <@bot-1>", true)
	own["author"] = map[string]any{"id": "bot-1", "bot": true}
	otherBot := messageEvent("bot", "hello", true)
	otherBot["author"] = map[string]any{"id": "bot-2", "bot": true}
	webhook := messageEvent("hook", "hello", true)
	webhook["webhook_id"] = "hook-1"
	for _, m := range []map[string]any{own, otherBot, webhook, messageEvent("plain", "no mention here", false)} {
		e.f.dispatch("MESSAGE_CREATE", m)
	}
	dm := messageEvent("dm", "what was cloud revenue growth?", false)
	delete(dm, "guild_id")
	e.f.dispatch("MESSAGE_CREATE", dm)
	e.f.dispatch("MESSAGE_CREATE", dm) // delivered twice: answered once
	waitFor(t, "the DM's reply", func() bool { return len(e.f.sends()) >= 1 })
	e.f.dispatch("MESSAGE_CREATE", messageEvent("last", "what was cloud revenue growth?", true))
	waitFor(t, "the last reply", func() bool { return len(e.f.sends()) >= 2 })
	if n := len(rec.Calls()); n != 2 {
		t.Errorf("answer calls = %d, want 2 (the DM once, the last mention)", n)
	}
	if got := e.f.sends(); got[0].Reference != "dm" || got[1].Reference != "last" || len(got) != 2 {
		t.Errorf("replies %+v", got)
	}
}

func TestReplyToAnswerIsAFollowUp(t *testing.T) {
	t.Parallel()
	first := adaptertest.Answered
	first.Context = answer.Context{Company: "Alibaba Group Holding", Period: "quarter ended 2025-09-30", Metric: "revenue"}
	rec := adaptertest.NewRecorder(first)
	e := start(t, rec, setup{})
	e.f.dispatch("MESSAGE_CREATE", messageEvent("q-1", "what was cloud revenue growth?", true))
	waitFor(t, "the answer", func() bool { return len(e.f.sends()) == 1 })
	answerID := "reply-1" // the fake numbers what it creates
	waitFor(t, "the answer remembered", func() bool { _, ok := e.a.threads.Get(answerID); return ok })
	// A reply without a mention, as when the user turns the reply ping off.
	follow := messageEvent("q-2", "and EBITA?", false)
	follow["type"] = 19
	follow["message_reference"] = map[string]any{"message_id": answerID, "channel_id": "chan-1", "guild_id": "guild-1"}
	follow["referenced_message"] = map[string]any{"id": answerID, "channel_id": "chan-1", "content": "…", "author": map[string]any{"id": "bot-1", "bot": true}}
	e.f.dispatch("MESSAGE_CREATE", follow)
	waitFor(t, "the follow-up's answer", func() bool { return len(e.f.sends()) == 2 })
	calls := rec.Calls()
	if c := calls[1].Context; c == nil || *c != first.Context {
		t.Errorf("follow-up asked with context %+v, want %+v", c, first.Context)
	}
	if r := e.f.sends()[1].Reference; r != "q-2" {
		t.Errorf("follow-up answer replies to %q", r)
	}
	// A reply to someone else's message is not for the bot.
	other := messageEvent("q-3", "and EBITA?", false)
	other["message_reference"] = map[string]any{"message_id": "human-1"}
	other["referenced_message"] = map[string]any{"id": "human-1", "author": map[string]any{"id": "user-2"}}
	e.f.dispatch("MESSAGE_CREATE", other)
	e.f.dispatch("MESSAGE_CREATE", messageEvent("q-4", "marker", true))
	waitFor(t, "the marker's answer", func() bool { return len(e.f.sends()) == 3 })
	if n := len(rec.Calls()); n != 3 {
		t.Errorf("answer calls = %d, want 3: a reply to a human was answered", n)
	}
}

func TestSlashCommandOverGateway(t *testing.T) {
	t.Parallel()
	rec := adaptertest.NewRecorder(adaptertest.Answered)
	e := start(t, rec, setup{opts: []Option{WithDeferAfter(time.Hour)}})
	e.f.dispatch("INTERACTION_CREATE", askInteraction("i-1", "what was cloud revenue growth?"))
	waitFor(t, "the response", func() bool { return len(e.f.sends()) == 1 })
	s := e.f.sends()[0]
	if s.Kind != "callback" || s.Type != 4 || s.Path != "/api/v9/interactions/i-1/tok-i-1/callback" {
		t.Errorf("response %+v, want a type 4 callback for i-1", s)
	}
	if !strings.Contains(s.Text, "34%") || !strings.Contains(s.Text, "39.8 billion yuan") {
		t.Errorf("response text %q lacks the figures", s.Text)
	}
	if q := rec.Calls()[0]; q.Text != "what was cloud revenue growth?" {
		t.Errorf("engine asked %q", q.Text)
	}
}

// blocking answers once released, so a test sees the deferral first.
func blocking(release <-chan struct{}) adapters.AnswererFunc {
	return func(ctx context.Context, q answer.Question) (answer.Answer, error) {
		select {
		case <-release:
			return adaptertest.Answered, nil
		case <-ctx.Done():
			return answer.Answer{}, ctx.Err()
		}
	}
}

func TestSlowSlashCommandIsDeferredThenEdited(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	e := start(t, blocking(release), setup{opts: []Option{WithDeferAfter(time.Millisecond)}})
	e.f.dispatch("INTERACTION_CREATE", askInteraction("i-1", "what was cloud revenue growth?"))
	waitFor(t, "the deferral", func() bool { return len(e.f.sends()) == 1 })
	if s := e.f.sends()[0]; s.Kind != "callback" || s.Type != 5 {
		t.Fatalf("first response %+v, want a type 5 callback", s)
	}
	close(release)
	waitFor(t, "the edit", func() bool { return len(e.f.sends()) == 2 })
	s := e.f.sends()[1]
	if s.Kind != "edit" || s.Path != "/api/v9/webhooks/app-1/tok-i-1/messages/@original" {
		t.Errorf("second send %+v, want an edit of @original", s)
	}
	if !strings.Contains(s.Text, "34%") || !strings.Contains(s.Text, "Cloud surges") {
		t.Errorf("edit text %q", s.Text)
	}
}

func TestRegistrationIsIdempotent(t *testing.T) {
	t.Parallel()
	for _, guild := range []string{"guild-1", ""} {
		t.Run("guild="+guild, func(t *testing.T) {
			t.Parallel()
			f := newFake(t)
			scope := "/api/v9/applications/app-1/commands"
			if guild != "" {
				scope = "/api/v9/applications/app-1/guilds/" + guild + "/commands"
			}
			// Another command of the application's is kept.
			f.commands[guild] = []json.RawMessage{json.RawMessage(`{"id":"cmd-9","name":"other","description":"x","type":1}`)}
			for run := range 2 {
				e := start(t, adaptertest.NewRecorder(adaptertest.Answered), setup{fake: f, cfg: func(c *Config) { c.GuildID = guild }})
				<-e.a.registered
				e.stop()
				if gets := len(f.callsTo("GET " + scope)); gets != run+1 {
					t.Errorf("after start %d: %d GETs of %s, want %d", run+1, gets, scope, run+1)
				}
				puts := len(f.callsTo("PUT " + scope))
				if puts != 1 {
					t.Errorf("after start %d: %d PUTs to %s, want 1", run+1, puts, scope)
				}
			}
			f.mu.Lock()
			defer f.mu.Unlock()
			var names []string
			for _, raw := range f.commands[guild] {
				var c discordgo.ApplicationCommand
				json.Unmarshal(raw, &c)
				names = append(names, c.Name)
				if c.Name == "ask" && (len(c.Options) != 1 || c.Options[0].Name != "question" || !c.Options[0].Required) {
					t.Errorf("ask registered as %s", raw)
				}
			}
			if strings.Join(names, ",") != "other,ask" {
				t.Errorf("commands = %v, want other,ask", names)
			}
		})
	}
}
