package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	resultsbot "github.com/resultsbot/resultsbot"
)

// hangGuard bounds every wait of these tests, so that a bug fails a test
// instead of hanging it. It is not a performance assertion: nothing here
// should come close to it.
const hangGuard = 60 * time.Second

// listen returns a listener on a free loopback port, closed at the end of
// the test if serve has not closed it.
func listen(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return ln
}

// assertClosed fails the test when something still accepts connections on
// addr.
func assertClosed(t *testing.T, addr string) {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err == nil {
		c.Close()
		t.Errorf("%s still accepts connections after serve returned", addr)
	}
}

// Slack test settings.
const (
	slackToken  = "xoxb-test"
	slackSecret = "secret"
	slackBot    = "UBOT"
)

// slackPost is a chat.postMessage the fake received.
type slackPost struct {
	Channel, ThreadTS, Text, Blocks string
}

// fakeSlack is a local fake of Slack's Web API: auth.test answers as the
// bot UBOT, chat.postMessage is recorded.
type fakeSlack struct {
	srv *httptest.Server

	mu         sync.Mutex
	posts      []slackPost
	unexpected []string // calls of methods the fake does not know
	badAuth    int      // calls without the bot token
	postCh     chan slackPost
	hookCh     chan string // bodies posted to a response URL, /hooks/...
}

func newFakeSlack(t *testing.T) *fakeSlack {
	f := &fakeSlack{postCh: make(chan slackPost, 16), hookCh: make(chan string, 16)}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeSlack) serve(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/hooks/") {
		b, _ := io.ReadAll(r.Body)
		f.hookCh <- string(b)
		return
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if r.Header.Get("Authorization") != "Bearer "+slackToken && r.Form.Get("token") != slackToken {
		f.badAuth++
	}
	w.Header().Set("Content-Type", "application/json")
	switch strings.TrimPrefix(r.URL.Path, "/") {
	case "auth.test":
		io.WriteString(w, `{"ok":true,"url":"https://test.slack.com/","team":"Test","user":"resultsbot","team_id":"T1","user_id":"UBOT","bot_id":"BBOT"}`)
	case "chat.postMessage":
		p := slackPost{Channel: r.Form.Get("channel"), ThreadTS: r.Form.Get("thread_ts"), Text: r.Form.Get("text"), Blocks: r.Form.Get("blocks")}
		f.posts = append(f.posts, p)
		f.postCh <- p
		fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":"1700000099.%06d"}`, p.Channel, len(f.posts))
	default:
		f.unexpected = append(f.unexpected, r.URL.Path)
		io.WriteString(w, `{"ok":false,"error":"unknown_method"}`)
	}
}

// postsIn returns the posts the fake received in channel's thread.
func (f *fakeSlack) postsIn(channel, thread string) []slackPost {
	f.mu.Lock()
	defer f.mu.Unlock()
	var ps []slackPost
	for _, p := range f.posts {
		if p.Channel == channel && p.ThreadTS == thread {
			ps = append(ps, p)
		}
	}
	return ps
}

// discordRequest is a request the fake Discord REST API received.
type discordRequest struct {
	Method, Path string
	Body         []byte
}

// fakeDiscord is a local fake of Discord's REST API that records every
// request and answers with a message.
type fakeDiscord struct {
	srv  *httptest.Server
	reqs chan discordRequest
}

func newFakeDiscord(t *testing.T) *fakeDiscord {
	f := &fakeDiscord{reqs: make(chan discordRequest, 16)}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		f.reqs <- discordRequest{r.Method, r.URL.Path, b}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"900","channel_id":"800","content":"","type":0}`)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

// server is a running bot serve.
type server struct {
	base   string // http://127.0.0.1:port
	addr   string
	cancel context.CancelFunc
	done   chan int // the exit code, once serve returns
	stderr *syncBuffer
}

// startServe runs bot serve with env on a loopback listener the test holds,
// and waits until /readyz says the index is loaded.
func startServe(t *testing.T, ln net.Listener, env map[string]string, args ...string) *server {
	t.Helper()
	return startMain(t, ln, env, nil, args...)
}

// startMain is startServe with a Main the test adjusts first (prepare may
// be nil). Unless env sets SHUTDOWN_DELAY, serve stops at once on cancel.
func startMain(t *testing.T, ln net.Listener, env map[string]string, prepare func(*Main), args ...string) *server {
	t.Helper()
	s := launch(t, ln, env, prepare, args...)
	s.waitReady(t)
	return s
}

// launch runs bot serve as startMain does, without waiting for the index.
func launch(t *testing.T, ln net.Listener, env map[string]string, prepare func(*Main), args ...string) *server {
	t.Helper()
	if _, ok := env["SHUTDOWN_DELAY"]; !ok {
		env = maps.Clone(env)
		if env == nil {
			env = map[string]string{}
		}
		env["SHUTDOWN_DELAY"] = "0"
	}
	m, _, stderr := testMain(env)
	m.Listen = func(addr string) (net.Listener, error) { return ln, nil }
	if prepare != nil {
		prepare(m)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &server{base: "http://" + ln.Addr().String(), addr: ln.Addr().String(), cancel: cancel, done: make(chan int, 1), stderr: stderr}
	go func() { s.done <- m.Run(ctx, append([]string{"serve"}, args...)) }()
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-s.done:
			s.done <- code
		case <-time.After(hangGuard):
			t.Errorf("serve did not return after its context was cancelled")
		}
		if t.Failed() {
			t.Logf("serve's log:\n%s", stderr)
		}
	})
	return s
}

// waitReady waits until /readyz says the index is loaded.
func (s *server) waitReady(t *testing.T) {
	t.Helper()
	// The process is alive before the index is loaded.
	resp := get(t, s.base+"/healthz")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /healthz: %s, want 200", resp.Status)
	}
	deadline := time.Now().Add(hangGuard)
	for {
		resp := get(t, s.base+"/readyz")
		if resp.StatusCode == http.StatusOK {
			break
		}
		if resp.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("GET /readyz: %s, want 503 then 200", resp.Status)
		}
		select {
		case code := <-s.done:
			s.done <- code // for the cleanup
			t.Fatalf("serve returned %d before it was ready; log:\n%s", code, s.stderr)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz never said ready")
		}
	}
}

// stop cancels serve's context and returns its exit code.
func (s *server) stop(t *testing.T) int {
	t.Helper()
	s.cancel()
	select {
	case code := <-s.done:
		s.done <- code // for the cleanup
		return code
	case <-time.After(hangGuard):
		t.Fatalf("serve did not return after its context was cancelled")
		return -1
	}
}

type response struct {
	StatusCode int
	Status     string
	Header     http.Header
	Body       string
}

func do(t *testing.T, req *http.Request) response {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the body: %v", req.Method, req.URL, err)
	}
	return response{resp.StatusCode, resp.Status, resp.Header, string(b)}
}

func get(t *testing.T, u string) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	return do(t, req)
}

func post(t *testing.T, u, contentType string, body []byte, header http.Header) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	for k, vs := range header {
		req.Header[k] = vs
	}
	return do(t, req)
}

// slackSigned returns the headers of a Slack request signed with secret at
// time ts (v0: HMAC-SHA256 of "v0:ts:body").
func slackSigned(secret string, ts time.Time, body []byte) http.Header {
	sec := strconv.FormatInt(ts.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%s:%s", sec, body)
	return http.Header{
		"X-Slack-Request-Timestamp": {sec},
		"X-Slack-Signature":         {"v0=" + hex.EncodeToString(mac.Sum(nil))},
	}
}

// mention returns an event_callback for an app_mention of the bot in
// channel C1 at ts.
func mention(eventID, ts, text string) []byte {
	b, _ := json.Marshal(map[string]any{
		"type":       "event_callback",
		"team_id":    "T1",
		"api_app_id": "A1",
		"event_id":   eventID,
		"event_time": 1700000000,
		"event": map[string]any{
			"type":     "app_mention",
			"user":     "UASKER",
			"text":     text,
			"ts":       ts,
			"channel":  "C1",
			"event_ts": ts,
		},
	})
	return b
}

// discordSigned returns the headers of a Discord interaction signed with
// key at time ts (Ed25519 over timestamp + body).
func discordSigned(key ed25519.PrivateKey, ts time.Time, body []byte) http.Header {
	sec := strconv.FormatInt(ts.Unix(), 10)
	sig := ed25519.Sign(key, append([]byte(sec), body...))
	return http.Header{
		"X-Signature-Ed25519":   {hex.EncodeToString(sig)},
		"X-Signature-Timestamp": {sec},
	}
}

// askInteraction returns an APPLICATION_COMMAND interaction for
// /ask question:q.
func askInteraction(id, token, q string) []byte {
	b, _ := json.Marshal(map[string]any{
		"id":             id,
		"application_id": "123",
		"type":           2,
		"token":          token,
		"version":        1,
		"guild_id":       "700",
		"channel_id":     "800",
		"member":         map[string]any{"user": map[string]any{"id": "600", "username": "asker"}},
		"data": map[string]any{
			"id":   "500",
			"name": "ask",
			"type": 1,
			"options": []map[string]any{
				{"name": "question", "type": 3, "value": q},
			},
		},
	})
	return b
}

// sourceLinkRE finds a citation link to the bot's own source pages.
var sourceLinkRE = regexp.MustCompile(`http://127\.0\.0\.1:\d+/sources/[^|>)\s"\\]+`)

// TestServe runs bot serve as a new user would, with the web API, Slack's
// HTTP Events API and Discord's HTTP interactions all on, against local
// fakes of Slack and Discord, then shuts it down with a reply in flight.
// One server serves every subtest, because loading the index is the slow
// part.
func TestServe(t *testing.T) {
	t.Parallel()
	slackAPI := newFakeSlack(t)
	discordAPI := newFakeDiscord(t)
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ln := listen(t)
	base := "http://" + ln.Addr().String()
	env := map[string]string{
		"SLACK_BOT_TOKEN":        slackToken,
		"SLACK_SIGNING_SECRET":   slackSecret,
		"SLACK_API_URL":          slackAPI.srv.URL + "/",
		"DISCORD_PUBLIC_KEY":     hex.EncodeToString(pub),
		"DISCORD_APPLICATION_ID": "123",
		"DISCORD_API_URL":        discordAPI.srv.URL,
		"PUBLIC_URL":             base,
	}
	s := startServe(t, ln, env, "--log-format", "json", "--log-level", "debug")

	t.Run("web", func(t *testing.T) {
		var answers []response
		answers = append(answers, get(t, base+"/v1/ask?q="+url.QueryEscape(cloudQuestion)))
		body, _ := json.Marshal(map[string]string{"question": cloudQuestion})
		answers = append(answers, post(t, base+"/v1/ask", "application/json", body, nil))
		for i, resp := range answers {
			what := []string{"GET /v1/ask?q=", "POST /v1/ask"}[i]
			if resp.StatusCode != http.StatusOK {
				t.Errorf("%s %q: %s, want 200; body %s", what, cloudQuestion, resp.Status, resp.Body)
				continue
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("%s: Content-Type %q, want JSON", what, ct)
			}
			a := decodeOne(t, resp.Body)
			if !a.Answered || !strings.Contains(a.Answer, cloudFigure) || a.Period != cloudPeriod {
				t.Errorf("%s %q: answered %v, period %q, answer %q; want the %s answer for %s", what, cloudQuestion, a.Answered, a.Period, a.Answer, cloudFigure, cloudPeriod)
			}
			if len(a.Citations) == 0 {
				t.Errorf("%s: no citations", what)
			}
			checkCitations(t, resultsbot.Corpus(), a.Citations)
		}

		resp := get(t, base+"/v1/ask")
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("GET /v1/ask without q: %s, want 400", resp.Status)
		}

		const doc = "alibaba/000_71f203a5f6e6826d.md"
		resp = get(t, base+"/sources/"+doc)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET /sources/%s: %s, want 200", doc, resp.Status)
		} else if !strings.Contains(resp.Body, "Alibaba cloud revenue growth accelerates on AI demand") {
			t.Errorf("GET /sources/%s: the page does not show the document's title", doc)
		}

		resp = get(t, base+"/metrics")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET /metrics: %s, want 200", resp.Status)
		}
		const counter = `resultsbot_questions_total{adapter="web",outcome="answered"}`
		if !strings.Contains(resp.Body, counter) {
			t.Errorf("/metrics has no %s:\n%.2000s", counter, grepLines(resp.Body, "resultsbot_"))
		}
	})

	const thread1 = "1700000000.000100"
	t.Run("slack", func(t *testing.T) {
		body := mention("Ev1", thread1, "<@UBOT> "+cloudQuestion)

		// A forged signature, and a signature too old, get 401.
		for _, h := range []struct {
			what string
			h    http.Header
		}{
			{"forged", slackSigned("not-the-secret", time.Now(), body)},
			{"stale", slackSigned(slackSecret, time.Now().Add(-10*time.Minute), body)},
			{"unsigned", nil},
		} {
			resp := post(t, base+"/slack/events", "application/json", body, h.h)
			if resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("%s event: %s, want 401", h.what, resp.Status)
			}
		}

		resp := post(t, base+"/slack/events", "application/json", body, slackSigned(slackSecret, time.Now(), body))
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("signed event: %s, want 200; body %s", resp.Status, resp.Body)
		}
		var p slackPost
		select {
		case p = <-slackAPI.postCh:
		case <-time.After(hangGuard):
			t.Fatalf("no chat.postMessage for a signed mention")
		}
		if p.Channel != "C1" || p.ThreadTS != thread1 {
			t.Errorf("reply posted to channel %q thread %q, want C1 thread %s", p.Channel, p.ThreadTS, thread1)
		}
		if !strings.Contains(p.Blocks, cloudFigure) || !strings.Contains(p.Text, cloudFigure) {
			t.Errorf("reply lacks %s:\ntext %s\nblocks %s", cloudFigure, p.Text, p.Blocks)
		}
		if !strings.Contains(p.Blocks, "[1] ") {
			t.Errorf("reply has no numbered citation:\n%s", p.Blocks)
		}
		// With PUBLIC_URL set, citations link to the bot's source pages,
		// and those links work.
		link := sourceLinkRE.FindString(p.Blocks)
		if link == "" {
			t.Errorf("reply has no citation link to %s/sources/:\n%s", base, p.Blocks)
		} else if resp := get(t, link); resp.StatusCode != http.StatusOK {
			t.Errorf("citation link %s: %s, want 200", link, resp.Status)
		}

		// Slack checks the events URL before it sends anything there.
		verify := []byte(`{"type":"url_verification","token":"x","challenge":"c-123"}`)
		if resp := post(t, base+"/slack/events", "application/json", verify, slackSigned(slackSecret, time.Now(), verify)); resp.StatusCode != http.StatusOK || resp.Body != "c-123" {
			t.Errorf("url_verification: %s %q, want 200 \"c-123\"", resp.Status, resp.Body)
		}

		// The slash command answers in its response, or, when that takes
		// too long, through the response URL.
		cmd := []byte(url.Values{
			"command":      {"/results"},
			"text":         {cloudQuestion},
			"user_id":      {"UASKER"},
			"channel_id":   {"C1"},
			"response_url": {slackAPI.srv.URL + "/hooks/1"},
		}.Encode())
		resp = post(t, base+"/slack/commands", "application/x-www-form-urlencoded", cmd, slackSigned(slackSecret, time.Now(), cmd))
		if resp.StatusCode != http.StatusOK {
			t.Errorf("/results: %s, want 200; body %s", resp.Status, resp.Body)
		} else if !strings.Contains(resp.Body, cloudFigure) {
			select {
			case hook := <-slackAPI.hookCh:
				if !strings.Contains(hook, cloudFigure) {
					t.Errorf("/results: the answer sent to the response URL lacks %s: %s", cloudFigure, hook)
				}
			case <-time.After(hangGuard):
				t.Errorf("/results: response %s has no answer, and none came through the response URL", resp.Body)
			}
		}
		if resp := post(t, base+"/slack/commands", "application/x-www-form-urlencoded", cmd, slackSigned("forged", time.Now(), cmd)); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("forged /results: %s, want 401", resp.Status)
		}

		// Slack retrying the same event gets 200 and no second reply
		// (counted after shutdown, when nothing can still be on its way).
		h := slackSigned(slackSecret, time.Now(), body)
		h.Set("X-Slack-Retry-Num", "1")
		h.Set("X-Slack-Retry-Reason", "http_timeout")
		if resp := post(t, base+"/slack/events", "application/json", body, h); resp.StatusCode != http.StatusOK {
			t.Errorf("retried event: %s, want 200", resp.Status)
		}
	})

	t.Run("discord", func(t *testing.T) {
		endpoint := base + "/discord/interactions"
		ping := []byte(`{"id":"1","application_id":"123","type":1,"token":"tok-ping","version":1}`)
		resp := post(t, endpoint, "application/json", ping, discordSigned(priv, time.Now(), ping))
		if resp.StatusCode != http.StatusOK || strings.ReplaceAll(resp.Body, " ", "") != `{"type":1}` {
			t.Errorf("PING: %s %s, want 200 {\"type\":1}", resp.Status, resp.Body)
		}

		ask := askInteraction("2", "tok-ask", cloudQuestion)
		_, other, _ := ed25519.GenerateKey(rand.Reader)
		for _, h := range []struct {
			what string
			h    http.Header
		}{
			{"bad signature", discordSigned(other, time.Now(), ask)},
			{"stale", discordSigned(priv, time.Now().Add(-10*time.Minute), ask)},
			{"from the future", discordSigned(priv, time.Now().Add(10*time.Minute), ask)},
			{"unsigned", nil},
		} {
			resp := post(t, endpoint, "application/json", ask, h.h)
			if resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("%s /ask: %s, want 401", h.what, resp.Status)
			}
		}

		resp = post(t, endpoint, "application/json", ask, discordSigned(priv, time.Now(), ask))
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("signed /ask: %s, want 200; body %s", resp.Status, resp.Body)
		}
		var r struct {
			Type int             `json:"type"`
			Data json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal([]byte(resp.Body), &r); err != nil {
			t.Fatalf("signed /ask: response %q: %v", resp.Body, err)
		}
		data := r.Data
		switch r.Type {
		case 4: // the answer in the response
		case 5: // deferred: the answer comes as an edit of the original
			checkNoMentions(t, "deferral", data)
			select {
			case req := <-discordAPI.reqs:
				if want := "/webhooks/123/tok-ask/messages/@original"; req.Method != http.MethodPatch || !strings.HasSuffix(req.Path, want) {
					t.Fatalf("after deferring, the fake got %s %s, want PATCH …%s", req.Method, req.Path, want)
				}
				data = req.Body
			case <-time.After(hangGuard):
				t.Fatalf("/ask deferred, and the answer was never edited in")
			}
		default:
			t.Fatalf("signed /ask: response type %d, want 4 (or 5 then an edit): %s", r.Type, resp.Body)
		}
		checkNoMentions(t, "answer", data)
		var msg struct {
			Content string `json:"content"`
			Embeds  []struct {
				Description string `json:"description"`
			} `json:"embeds"`
		}
		if err := json.Unmarshal(data, &msg); err != nil {
			t.Fatalf("answer data %s: %v", data, err)
		}
		if !strings.Contains(msg.Content, cloudFigure) {
			t.Errorf("answer content %q lacks %s", msg.Content, cloudFigure)
		}
		if len(msg.Embeds) == 0 || !strings.HasPrefix(msg.Embeds[0].Description, "1. ") || !strings.Contains(msg.Embeds[0].Description, "\n> ") {
			t.Errorf("answer has no embed of numbered citations with quotes: %s", data)
		} else if !sourceLinkRE.MatchString(msg.Embeds[0].Description) {
			t.Errorf("citations do not link to %s/sources/ although PUBLIC_URL is set: %s", base, msg.Embeds[0].Description)
		}
	})

	// Shutdown with a reply in flight: the mention is acknowledged at once
	// and answered in the background; serve must finish that reply before
	// it returns.
	const thread2 = "1700000000.000200"
	body := mention("Ev2", thread2, "<@UBOT> "+cloudQuestion)
	if resp := post(t, base+"/slack/events", "application/json", body, slackSigned(slackSecret, time.Now(), body)); resp.StatusCode != http.StatusOK {
		t.Fatalf("signed event before shutdown: %s, want 200", resp.Status)
	}
	if code := s.stop(t); code != exitOK {
		t.Errorf("serve returned %d after shutdown, want 0", code)
	}
	assertClosed(t, s.addr)

	for _, thread := range []string{thread1, thread2} {
		ps := slackAPI.postsIn("C1", thread)
		if len(ps) != 1 {
			t.Errorf("thread %s got %d replies, want exactly 1: %+v", thread, len(ps), ps)
			continue
		}
		if !strings.Contains(ps[0].Blocks, cloudFigure) {
			t.Errorf("thread %s: reply lacks %s: %s", thread, cloudFigure, ps[0].Blocks)
		}
	}
	slackAPI.mu.Lock()
	if n := len(slackAPI.posts); n != 2 {
		t.Errorf("the fake Slack got %d posts in all, want 2 (forged, stale and retried events post nothing)", n)
	}
	if len(slackAPI.unexpected) > 0 {
		t.Errorf("the fake Slack got calls it does not know: %v", slackAPI.unexpected)
	}
	if slackAPI.badAuth > 0 {
		t.Errorf("%d Web API calls did not carry the bot token", slackAPI.badAuth)
	}
	slackAPI.mu.Unlock()
	checkLog(t, s.stderr.String(), map[string]string{"slack": "slack", "discord": "discord", "web": "web"})
}

// checkLog checks serve's --log-format json log: one JSON object a line,
// no key twice in a line, no secret, and a line per question with its
// adapter, outcome and latency. adapters are the adapters expected to have
// logged questions.
func checkLog(t *testing.T, log string, adapters map[string]string) {
	t.Helper()
	asked := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(log), "\n") {
		for _, secret := range []string{slackToken, `"` + slackSecret + `"`} {
			if strings.Contains(line, secret) {
				t.Errorf("log line shows a secret: %s", line)
			}
		}
		dec := json.NewDecoder(strings.NewReader(line))
		seen := map[string]bool{}
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			t.Errorf("log line is not a JSON object: %s", line)
			continue
		}
		rec := map[string]any{}
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				t.Errorf("log line is not JSON: %v: %s", err, line)
				break
			}
			k := tok.(string)
			if seen[k] {
				t.Errorf("log line has %q twice: %s", k, line)
			}
			seen[k] = true
			var v any
			if err := dec.Decode(&v); err != nil {
				t.Errorf("log line is not JSON: %v: %s", err, line)
				break
			}
			rec[k] = v
		}
		if rec["msg"] != "question" {
			continue
		}
		a, _ := rec["adapter"].(string)
		asked[a] = true
		if rec["outcome"] == nil || rec["latency"] == nil || a == "" {
			t.Errorf("question log line without adapter, outcome and latency: %s", line)
		}
	}
	for a := range adapters {
		if !asked[a] {
			t.Errorf("no question log line for adapter %s", a)
		}
	}
}

// checkNoMentions checks that data (interaction response data, or a
// webhook edit) sends allowed_mentions with an empty parse list.
func checkNoMentions(t *testing.T, what string, data json.RawMessage) {
	t.Helper()
	var d struct {
		AllowedMentions *struct {
			Parse *[]string `json:"parse"`
		} `json:"allowed_mentions"`
	}
	if err := json.Unmarshal(data, &d); err != nil {
		t.Errorf("%s: %s: %v", what, data, err)
		return
	}
	if d.AllowedMentions == nil || d.AllowedMentions.Parse == nil || len(*d.AllowedMentions.Parse) != 0 {
		t.Errorf("%s: allowed_mentions is not {\"parse\": []}: %s", what, data)
	}
}

// grepLines returns the lines of s that contain sub.
func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestServeWebOnly: with no chat settings, bot serve serves the web API
// alone, and Slack's and Discord's routes do not exist.
func TestServeWebOnly(t *testing.T) {
	t.Parallel()
	ln := listen(t)
	s := startServe(t, ln, nil, "--corpus", smallCorpus(t))
	for _, path := range []string{"/slack/events", "/discord/interactions"} {
		if resp := post(t, s.base+path, "application/json", []byte(`{}`), nil); resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("POST %s with no chat settings: %s, want 404", path, resp.Status)
		}
	}
	if code := s.stop(t); code != exitOK {
		t.Errorf("serve returned %d after shutdown, want 0", code)
	}
	assertClosed(t, s.addr)
}

// TestServeExplain: /v1/ask returns the explanation bot ask --explain
// prints, as JSON, when asked (GET explain=1, POST "explain": true), and
// none otherwise.
func TestServeExplain(t *testing.T) {
	t.Parallel()
	s := startServe(t, listen(t), nil, "--corpus", smallCorpus(t))
	type explained struct {
		Answered bool `json:"answered"`
		Explain  *struct {
			Value    float64 `json:"value"`
			Message  string  `json:"message"`
			Children []struct {
				Message string `json:"message"`
			} `json:"children"`
		} `json:"explain"`
	}
	body, _ := json.Marshal(map[string]any{"question": cloudQuestion, "explain": true})
	for i, resp := range []response{
		get(t, s.base+"/v1/ask?explain=1&q="+url.QueryEscape(cloudQuestion)),
		post(t, s.base+"/v1/ask", "application/json", body, nil),
	} {
		var a explained
		if err := json.Unmarshal([]byte(resp.Body), &a); err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("request %d: %s %v\n%s", i, resp.Status, err, resp.Body)
		}
		if !a.Answered || a.Explain == nil || len(a.Explain.Children) < 4 || !strings.HasPrefix(a.Explain.Children[0].Message, "understood:") {
			t.Errorf("request %d: explain = %+v", i, a.Explain)
		}
	}
	if resp := get(t, s.base+"/v1/ask?q="+url.QueryEscape(cloudQuestion)); strings.Contains(resp.Body, `"explain"`) {
		t.Errorf("GET /v1/ask without explain has an explain field")
	}
	if code := s.stop(t); code != exitOK {
		t.Errorf("serve returned %d after shutdown, want 0", code)
	}
}
