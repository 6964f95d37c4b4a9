package slack

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/resultsbot/resultsbot/internal/adapters"
)

// Test credentials. They must never appear in a log line or an error.
const (
	botToken      = "xoxb-test-bot-token-SECRET1"
	appToken      = "xapp-test-app-token-SECRET2"
	signingSecret = "signing-secret-SECRET3"
	botUser       = "UBOT"
)

// wait is how long a test waits for something that should happen at once.
const wait = 5 * time.Second

// post is a message the fake received through chat.postMessage.
type post struct {
	Channel, ThreadTS, Text string
	Blocks                  string // JSON
}

// hook is a message the fake received on a response URL.
type hook struct {
	Path string
	Body map[string]any
}

// fakeSlack is a local fake of Slack's Web API, response URLs and Socket
// Mode, on loopback. It records what the adapter sends.
type fakeSlack struct {
	t   *testing.T
	srv *httptest.Server

	mu       sync.Mutex
	posts    []post
	hooks    []hook
	attempts int   // chat.postMessage calls, failed ones included
	fail     []int // statuses for the next chat.postMessage calls
	opens    int
	conn     *wsConn

	postCh  chan post
	hookCh  chan hook
	hellos  chan int // connection number, after hello was sent
	acks    chan ack
	pongs   chan struct{}
	outbox  chan []byte
	authErr bool

	authFail  []int         // statuses for the next auth.test calls (an outage)
	authGate  chan struct{} // when set, auth.test waits for it to close (a slow Slack)
	authCalls int
}

type ack struct {
	EnvelopeID string          `json:"envelope_id"`
	Payload    json.RawMessage `json:"payload"`
}

type wsConn struct {
	c    *websocket.Conn
	done chan struct{}
	once sync.Once
}

func (c *wsConn) close() {
	c.once.Do(func() { close(c.done); _ = c.c.Close() })
}

func newFakeSlack(t *testing.T) *fakeSlack {
	f := &fakeSlack{
		t:      t,
		postCh: make(chan post, 100),
		hookCh: make(chan hook, 100),
		hellos: make(chan int, 10),
		acks:   make(chan ack, 100),
		pongs:  make(chan struct{}, 1),
		outbox: make(chan []byte, 10),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/auth.test", f.authTest)
	mux.HandleFunc("POST /api/chat.postMessage", f.postMessage)
	mux.HandleFunc("POST /api/apps.connections.open", f.connectionsOpen)
	mux.HandleFunc("GET /ws", f.websocket)
	mux.HandleFunc("POST /hooks/", f.hook)
	f.srv = httptest.NewServer(mux)
	t.Cleanup(func() {
		f.mu.Lock()
		if f.conn != nil {
			f.conn.close()
		}
		f.mu.Unlock()
		f.srv.Close()
	})
	return f
}

// APIURL is the Web API base URL to give the adapter.
func (f *fakeSlack) APIURL() string { return f.srv.URL + "/api/" }

// HookURL is a response URL on the fake.
func (f *fakeSlack) HookURL(id string) string { return f.srv.URL + "/hooks/" + id }

func (f *fakeSlack) authTest(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.authCalls++
	gate := f.authGate
	status := 0
	if len(f.authFail) > 0 {
		status, f.authFail = f.authFail[0], f.authFail[1:]
	}
	f.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-r.Context().Done():
			return
		}
	}
	if status != 0 {
		http.Error(w, "unavailable", status)
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+botToken && r.FormValue("token") != botToken {
		writeJSON(w, map[string]any{"ok": false, "error": "not_authed"})
		return
	}
	if f.authErr {
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_auth"})
		return
	}
	writeJSON(w, map[string]any{"ok": true, "user_id": botUser, "bot_id": "BBOT", "team_id": "T1", "user": "resultsbot"})
}

func (f *fakeSlack) postMessage(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+botToken && r.PostForm.Get("token") != botToken {
		writeJSON(w, map[string]any{"ok": false, "error": "not_authed"})
		return
	}
	f.mu.Lock()
	f.attempts++
	if len(f.fail) > 0 {
		status := f.fail[0]
		f.fail = f.fail[1:]
		f.mu.Unlock()
		if status == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", "0")
		}
		http.Error(w, "try again", status)
		return
	}
	p := post{Channel: r.PostForm.Get("channel"), ThreadTS: r.PostForm.Get("thread_ts"), Text: r.PostForm.Get("text"), Blocks: r.PostForm.Get("blocks")}
	f.posts = append(f.posts, p)
	f.mu.Unlock()
	f.postCh <- p
	writeJSON(w, map[string]any{"ok": true, "channel": p.Channel, "ts": strconv.FormatInt(time.Now().UnixNano(), 10)})
}

func (f *fakeSlack) hook(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	h := hook{Path: r.URL.Path, Body: body}
	f.mu.Lock()
	f.hooks = append(f.hooks, h)
	f.mu.Unlock()
	f.hookCh <- h
	_, _ = io.WriteString(w, "ok")
}

func (f *fakeSlack) connectionsOpen(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+appToken {
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_auth"})
		return
	}
	f.mu.Lock()
	f.opens++
	f.mu.Unlock()
	writeJSON(w, map[string]any{"ok": true, "url": "ws" + strings.TrimPrefix(f.srv.URL, "http") + "/ws"})
}

// websocket is Slack's Socket Mode end: hello, pings, envelopes out, acks in.
func (f *fakeSlack) websocket(w http.ResponseWriter, r *http.Request) {
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	c, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	conn := &wsConn{c: c, done: make(chan struct{})}
	f.mu.Lock()
	f.conn = conn
	n := f.opens
	f.mu.Unlock()
	c.SetPongHandler(func(string) error {
		select {
		case f.pongs <- struct{}{}:
		default:
		}
		return nil
	})
	var wmu sync.Mutex
	write := func(b []byte) error {
		wmu.Lock()
		defer wmu.Unlock()
		return c.WriteMessage(websocket.TextMessage, b)
	}
	if err := write([]byte(`{"type":"hello","num_connections":1,"connection_info":{"app_id":"A1"},"debug_info":{"host":"fake"}}`)); err != nil {
		conn.close()
		return
	}
	f.hellos <- n
	go func() { // reader: acks
		defer conn.close()
		for {
			_, msg, err := c.ReadMessage()
			if err != nil {
				return
			}
			var a ack
			if json.Unmarshal(msg, &a) == nil && a.EnvelopeID != "" {
				f.acks <- a
			}
		}
	}()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-conn.done:
			return
		case <-tick.C:
			if c.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(time.Second)) != nil {
				conn.close()
				return
			}
		case b := <-f.outbox:
			if write(b) != nil {
				conn.close()
				return
			}
		}
	}
}

// send sends an envelope over the current Socket Mode connection.
func (f *fakeSlack) send(v any) {
	raw, err := json.Marshal(v)
	if err != nil {
		f.t.Fatal(err)
	}
	f.outbox <- raw
}

// drop closes the Socket Mode connection from Slack's side.
func (f *fakeSlack) drop() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.conn != nil {
		f.conn.close()
	}
}

func (f *fakeSlack) failNext(statuses ...int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail = append(f.fail, statuses...)
}

func (f *fakeSlack) Posts() []post {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]post(nil), f.posts...)
}

func (f *fakeSlack) Attempts() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.attempts
}

func (f *fakeSlack) waitPost(t *testing.T) post {
	t.Helper()
	select {
	case p := <-f.postCh:
		return p
	case <-time.After(wait):
		t.Fatal("no chat.postMessage")
		return post{}
	}
}

func (f *fakeSlack) waitHook(t *testing.T) hook {
	t.Helper()
	select {
	case h := <-f.hookCh:
		return h
	case <-time.After(wait):
		t.Fatal("nothing posted to the response URL")
		return hook{}
	}
}

func (f *fakeSlack) waitAck(t *testing.T, envelopeID string) ack {
	t.Helper()
	deadline := time.After(wait)
	for {
		select {
		case a := <-f.acks:
			if a.EnvelopeID == envelopeID {
				return a
			}
		case <-deadline:
			t.Fatalf("envelope %s not acknowledged", envelopeID)
		}
	}
}

func (f *fakeSlack) waitHello(t *testing.T) int {
	t.Helper()
	select {
	case n := <-f.hellos:
		return n
	case <-time.After(wait):
		t.Fatal("no Socket Mode connection")
		return 0
	}
}

// flatten returns the text a user sees in a message's blocks.
func flatten(blocksJSON, text string) string {
	var v any
	if json.Unmarshal([]byte(blocksJSON), &v) != nil || blocksJSON == "" {
		return text
	}
	var parts []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if s, ok := x.(string); ok && k == "text" {
					parts = append(parts, s)
				} else {
					walk(x)
				}
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(v)
	return strings.Join(parts, "\n")
}

// sign returns the headers of a request Slack signed at ts.
func sign(secret string, ts time.Time, body []byte) http.Header {
	stamp := strconv.FormatInt(ts.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%s:%s", stamp, body)
	h := http.Header{}
	h.Set("X-Slack-Request-Timestamp", stamp)
	h.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	return h
}

// safeBuffer is a log sink for concurrent writers.
type safeBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *safeBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *safeBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// fixture is an adapter wired to a fake Slack, serving the HTTP routes on
// its own loopback server and running until the test ends.
type fixture struct {
	f    *fakeSlack
	a    *Adapter
	srv  *httptest.Server
	logs *safeBuffer
	rec  *feedbackRecorder
}

type feedbackRecorder struct {
	adapters.NopRecorder
	mu     sync.Mutex
	values []string
}

func (r *feedbackRecorder) Feedback(adapter, value string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.values = append(r.values, adapter+":"+value)
}

func (r *feedbackRecorder) Values() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.values...)
}

// start starts an adapter answering through ans. socket turns on Socket Mode.
func start(t *testing.T, ans adapters.Answerer, socket bool, opts ...Option) *fixture {
	t.Helper()
	return startOn(t, newFakeSlack(t), ans, socket, opts...)
}

// startOn is start with a fake prepared by the test.
func startOn(t *testing.T, f *fakeSlack, ans adapters.Answerer, socket bool, opts ...Option) *fixture {
	t.Helper()
	logs := &safeBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg := Config{BotToken: botToken, SigningSecret: signingSecret, APIURL: f.APIURL(), Command: "/results", PublicURL: "https://bot.example.com/"}
	if socket {
		cfg.AppToken = appToken
	}
	rec := &feedbackRecorder{}
	opts = append([]Option{WithRetry(3, time.Millisecond), WithPingInterval(2 * time.Second)}, opts...)
	a, err := New(cfg, ans, rec, log, opts...)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", http.NotFound) // as bot serve's web page does
	a.Register(mux)
	srv := httptest.NewServer(mux)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(wait):
			t.Error("Run did not return after its context was done")
		}
		srv.Close()
		for _, secret := range []string{botToken, appToken, signingSecret} {
			if strings.Contains(logs.String(), secret) {
				t.Errorf("a secret reached the log: %s", logs.String())
			}
		}
	})
	return &fixture{f: f, a: a, srv: srv, logs: logs, rec: rec}
}

// waitRunning waits until Run has learnt the bot's user ID.
func (x *fixture) waitRunning(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for x.a.botID() == "" {
		if time.Now().After(deadline) {
			t.Fatalf("Run never learnt the bot's user ID; log:\n%s", x.logs)
		}
		time.Sleep(time.Millisecond)
	}
}

// postSigned posts body to path on the adapter, signed at ts with secret.
func (x *fixture) postSigned(t *testing.T, path, contentType string, body []byte, secret string, ts time.Time, extra http.Header) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, x.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range sign(secret, ts, body) {
		req.Header[k] = v
	}
	for k, v := range extra {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", contentType)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}

// eventBody is an event_callback carrying ev.
func eventBody(eventID string, ev map[string]any) []byte {
	raw, _ := json.Marshal(map[string]any{"type": "event_callback", "team_id": "T1", "api_app_id": "A1", "event_id": eventID, "event_time": 1, "event": ev})
	return raw
}

func mention(ts, threadTS, text string) map[string]any {
	ev := map[string]any{"type": "app_mention", "user": "U1", "text": "<@" + botUser + "> " + text, "ts": ts, "channel": "C1", "event_ts": ts}
	if threadTS != "" {
		ev["thread_ts"] = threadTS
	}
	return ev
}
