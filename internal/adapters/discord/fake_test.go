package discord

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/gorilla/websocket"
)

// fakeDiscord is a local fake of Discord: the gateway (Hello, Identify,
// Resume, READY, RESUMED, heartbeats, dispatches, replay on resume) and the
// REST calls the adapter makes, recorded. Every message-sending call is
// checked for allowed_mentions with an empty parse list and for Discord's
// length limits.
type fakeDiscord struct {
	t     *testing.T
	srv   *httptest.Server
	botID string
	appID string
	token string // the Authorization header REST calls must carry

	mu         sync.Mutex
	calls      []call
	conn       *gwConn
	conns      []*gwConn
	identifies []json.RawMessage
	resumes    int
	readies    int // READY or RESUMED sent
	heartbeats int
	seq        int64
	events     []event
	commands   map[string][]json.RawMessage // "" for global, else guild ID
	limits     map[string]int               // path prefix -> 429s left to send
	nextID     int

	gatewayDown  int  // GET /gateway/bot answers 503 this many more times (an outage)
	noContent    bool // the message content intent is not enabled: identifying with it is closed with 4014
	badToken     bool // every identify is closed with 4004 (authentication failed)
	breakEdits   bool // edits of interaction responses fail at the network level
	gatewayCalls int
}

type call struct {
	Method, Path string
	Body         []byte
	Status       int
}

type event struct {
	seq int64
	raw []byte
}

type gwConn struct {
	mu sync.Mutex
	c  *websocket.Conn
}

func (g *gwConn) write(v any) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.c.WriteJSON(v)
}

const heartbeatMS = 200

func newFake(t *testing.T) *fakeDiscord {
	f := &fakeDiscord{
		t:        t,
		botID:    "bot-1",
		appID:    "app-1",
		token:    "Bot test-token",
		commands: map[string][]json.RawMessage{},
		limits:   map[string]int{},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /ws/", f.serveGateway)
	mux.HandleFunc("GET /api/v9/gateway", f.serveGatewayURL)
	mux.HandleFunc("GET /api/v9/gateway/bot", f.serveGatewayURL)
	mux.HandleFunc("POST /api/v9/channels/{ch}/messages", f.serveMessage)
	mux.HandleFunc("POST /api/v9/interactions/{id}/{token}/callback", f.serveCallback)
	mux.HandleFunc("PATCH /api/v9/webhooks/{app}/{token}/messages/{msg}", f.serveWebhookMessage)
	mux.HandleFunc("POST /api/v9/webhooks/{app}/{token}", f.serveWebhookMessage)
	mux.HandleFunc("GET /api/v9/applications/{app}/commands", f.serveCommands)
	mux.HandleFunc("PUT /api/v9/applications/{app}/commands", f.serveCommands)
	mux.HandleFunc("GET /api/v9/applications/{app}/guilds/{guild}/commands", f.serveCommands)
	mux.HandleFunc("PUT /api/v9/applications/{app}/guilds/{guild}/commands", f.serveCommands)
	f.srv = httptest.NewServer(f.record(mux))
	t.Cleanup(f.close)
	return f
}

func (f *fakeDiscord) close() {
	f.mu.Lock()
	conns := f.conns
	f.mu.Unlock()
	for _, c := range conns {
		c.c.Close()
	}
	f.srv.Close()
}

// record records REST calls and sends the 429s asked for with limit.
func (f *fakeDiscord) record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/ws/") {
			next.ServeHTTP(w, r)
			return
		}
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		f.mu.Lock()
		i := len(f.calls)
		f.calls = append(f.calls, call{Method: r.Method, Path: r.URL.Path, Body: body})
		limited := false
		for prefix, n := range f.limits {
			if n > 0 && strings.HasPrefix(r.Method+" "+r.URL.Path, prefix) {
				f.limits[prefix] = n - 1
				limited = true
			}
		}
		f.mu.Unlock()
		webhook := strings.HasPrefix(r.URL.Path, "/api/v9/webhooks/") || strings.HasPrefix(r.URL.Path, "/api/v9/interactions/")
		if !webhook && r.Header.Get("Authorization") != f.token {
			f.t.Errorf("%s %s: Authorization = %q, want %q", r.Method, r.URL.Path, r.Header.Get("Authorization"), f.token)
		}
		rw := &statusWriter{ResponseWriter: w, status: 200}
		if limited {
			rw.Header().Set("Content-Type", "application/json")
			rw.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(rw, `{"message":"You are being rate limited.","retry_after":0.05,"global":false}`)
		} else {
			next.ServeHTTP(rw, r)
		}
		f.mu.Lock()
		f.calls[i].Status = rw.status
		f.mu.Unlock()
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// limit makes the next n calls whose "METHOD path" starts with prefix get 429.
func (f *fakeDiscord) limit(prefix string, n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.limits[prefix] = n
}

func (f *fakeDiscord) serveGatewayURL(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.gatewayCalls++
	down := f.gatewayDown > 0
	if down {
		f.gatewayDown--
	}
	f.mu.Unlock()
	if down {
		http.Error(w, `{"message": "upstream unavailable"}`, http.StatusServiceUnavailable)
		return
	}
	writeTestJSON(w, map[string]any{"url": "ws://" + r.Host + "/ws", "shards": 1})
}

var upgrader = websocket.Upgrader{}

func (f *fakeDiscord) serveGateway(w http.ResponseWriter, r *http.Request) {
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		f.t.Errorf("upgrade: %v", err)
		return
	}
	g := &gwConn{c: c}
	f.mu.Lock()
	f.conns = append(f.conns, g)
	f.mu.Unlock()
	defer c.Close()
	if err := g.write(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": heartbeatMS}}); err != nil {
		return
	}
	var p struct {
		Op int             `json:"op"`
		D  json.RawMessage `json:"d"`
	}
	if err := c.ReadJSON(&p); err != nil {
		return
	}
	switch p.Op {
	case 2:
		var id struct {
			Intents int `json:"intents"`
		}
		json.Unmarshal(p.D, &id)
		f.mu.Lock()
		f.identifies = append(f.identifies, p.D)
		code := 0
		switch {
		case f.badToken:
			code = 4004
		case f.noContent && id.Intents&(1<<15) != 0:
			code = 4014
		}
		f.mu.Unlock()
		if code != 0 {
			g.mu.Lock()
			c.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(code, "refused"))
			g.mu.Unlock()
			return
		}
		f.mu.Lock()
		f.seq++
		seq := f.seq
		f.mu.Unlock()
		g.write(map[string]any{"op": 0, "t": "READY", "s": seq, "d": map[string]any{
			"v": 9, "session_id": "session-1",
			"user":        map[string]any{"id": f.botID, "username": "resultsbot", "bot": true},
			"application": map[string]any{"id": f.appID},
		}})
	case 6:
		var rp struct {
			SessionID string `json:"session_id"`
			Seq       int64  `json:"seq"`
		}
		json.Unmarshal(p.D, &rp)
		if rp.SessionID != "session-1" {
			f.t.Errorf("resume with session %q", rp.SessionID)
		}
		f.mu.Lock()
		f.resumes++
		f.seq++
		seq := f.seq
		var replay []event
		for _, e := range f.events {
			if e.seq > rp.Seq {
				replay = append(replay, e)
			}
		}
		f.mu.Unlock()
		g.write(map[string]any{"op": 0, "t": "RESUMED", "s": seq, "d": map[string]any{}})
		for _, e := range replay {
			g.mu.Lock()
			g.c.WriteMessage(websocket.TextMessage, e.raw)
			g.mu.Unlock()
		}
	default:
		f.t.Errorf("first gateway message op %d, want 2 or 6", p.Op)
		return
	}
	f.mu.Lock()
	f.conn = g
	f.readies++
	f.mu.Unlock()
	for {
		var m struct {
			Op int `json:"op"`
		}
		if err := c.ReadJSON(&m); err != nil {
			f.mu.Lock()
			if f.conn == g {
				f.conn = nil
			}
			f.mu.Unlock()
			return
		}
		if m.Op == 1 {
			f.mu.Lock()
			f.heartbeats++
			f.mu.Unlock()
			g.write(map[string]any{"op": 11})
		}
	}
}

// dispatch sends a gateway event once a connection is ready; an event
// that could not be written is replayed on resume, as Discord does.
func (f *fakeDiscord) dispatch(typ string, d any) {
	f.t.Helper()
	waitFor(f.t, "a gateway connection", func() bool {
		f.mu.Lock()
		defer f.mu.Unlock()
		return f.conn != nil
	})
	f.mu.Lock()
	f.seq++
	raw, err := json.Marshal(map[string]any{"op": 0, "t": typ, "s": f.seq, "d": d})
	if err != nil {
		f.mu.Unlock()
		f.t.Fatal(err)
	}
	f.events = append(f.events, event{f.seq, raw})
	g := f.conn
	f.mu.Unlock()
	g.mu.Lock()
	g.c.WriteMessage(websocket.TextMessage, raw)
	g.mu.Unlock()
}

// drop closes the gateway connection without a close frame, as a network
// failure would.
func (f *fakeDiscord) drop() {
	f.mu.Lock()
	g := f.conn
	f.conn = nil
	f.mu.Unlock()
	if g != nil {
		g.c.Close()
	}
}

func (f *fakeDiscord) newID(prefix string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextID++
	return fmt.Sprintf("%s-%d", prefix, f.nextID)
}

func (f *fakeDiscord) serveMessage(w http.ResponseWriter, r *http.Request) {
	body := f.checkSend(r, "message")
	writeTestJSON(w, map[string]any{
		"id": f.newID("reply"), "channel_id": r.PathValue("ch"), "content": body["content"],
		"author": map[string]any{"id": f.botID, "bot": true},
	})
}

func (f *fakeDiscord) serveCallback(w http.ResponseWriter, r *http.Request) {
	var resp struct {
		Type int            `json:"type"`
		Data map[string]any `json:"data"`
	}
	body := f.body(r)
	if err := json.Unmarshal(body, &resp); err != nil {
		f.t.Errorf("callback body %s: %v", body, err)
	}
	if resp.Type == 4 || resp.Type == 5 {
		checkMessage(f.t, "callback", resp.Data)
	}
	w.WriteHeader(http.StatusNoContent)
}

func (f *fakeDiscord) serveWebhookMessage(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	broken := f.breakEdits && r.Method == http.MethodPatch
	f.mu.Unlock()
	if broken {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			conn.Close()
		}
		return
	}
	if r.PathValue("app") != f.appID {
		f.t.Errorf("%s %s: application %q, want %q", r.Method, r.URL.Path, r.PathValue("app"), f.appID)
	}
	body := f.checkSend(r, "webhook")
	writeTestJSON(w, map[string]any{
		"id": f.newID("original"), "channel_id": "chan-1", "content": body["content"],
		"author": map[string]any{"id": f.botID, "bot": true},
	})
}

func (f *fakeDiscord) serveCommands(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("app") != f.appID {
		f.t.Errorf("%s %s: application %q, want %q", r.Method, r.URL.Path, r.PathValue("app"), f.appID)
	}
	scope := r.PathValue("guild")
	f.mu.Lock()
	defer f.mu.Unlock()
	if r.Method == http.MethodPut {
		var cmds []map[string]any
		if err := json.Unmarshal(f.bodyLocked(r), &cmds); err != nil {
			f.t.Errorf("PUT commands: %v", err)
		}
		f.commands[scope] = nil
		for i, c := range cmds {
			if c["id"] == nil {
				c["id"] = fmt.Sprintf("cmd-%d", i+1)
			}
			c["application_id"] = f.appID
			raw, _ := json.Marshal(c)
			f.commands[scope] = append(f.commands[scope], raw)
		}
	}
	list := f.commands[scope]
	if list == nil {
		list = []json.RawMessage{}
	}
	writeTestJSON(w, list)
}

func (f *fakeDiscord) body(r *http.Request) []byte {
	b, _ := io.ReadAll(r.Body)
	return b
}

func (f *fakeDiscord) bodyLocked(r *http.Request) []byte { return f.body(r) }

// checkSend decodes a message-sending body and checks it.
func (f *fakeDiscord) checkSend(r *http.Request, what string) map[string]any {
	var m map[string]any
	if err := json.Unmarshal(f.body(r), &m); err != nil {
		f.t.Errorf("%s body: %v", what, err)
	}
	checkMessage(f.t, what+" "+r.URL.Path, m)
	return m
}

// checkMessage checks that a message (or an interaction response's data)
// allows no mentions and stays within Discord's limits.
func checkMessage(t *testing.T, what string, m map[string]any) {
	t.Helper()
	am, ok := m["allowed_mentions"].(map[string]any)
	if !ok {
		t.Errorf("%s: no allowed_mentions: %v", what, m)
		return
	}
	if p, ok := am["parse"].([]any); !ok || len(p) != 0 {
		t.Errorf("%s: allowed_mentions.parse = %v, want []", what, am["parse"])
	}
	if am["replied_user"] == true || am["users"] != nil || am["roles"] != nil {
		t.Errorf("%s: allowed_mentions = %v, want no one", what, am)
	}
	content, _ := m["content"].(string)
	total := units(content)
	if units(content) > maxContent {
		t.Errorf("%s: content is %d characters", what, units(content))
	}
	embeds, _ := m["embeds"].([]any)
	for _, e := range embeds {
		e := e.(map[string]any)
		d, _ := e["description"].(string)
		title, _ := e["title"].(string)
		if units(d) > maxDescription {
			t.Errorf("%s: embed description is %d characters", what, units(d))
		}
		total += units(d) + units(title)
	}
	if total > maxTotal {
		t.Errorf("%s: %d characters in all", what, total)
	}
}

func units(s string) int { return len(utf16.Encode([]rune(s))) }

// sent is a message the adapter sent: a channel message, an interaction
// response carrying a message, or an edit of one.
type sent struct {
	Kind       string // "message", "callback", "edit", "followup"
	Path       string
	Type       int    // callbacks: the response type
	Text       string // content and embed text, flattened
	Content    string
	Embeds     []map[string]any
	Reference  string // message_reference.message_id
	Status     int
	RawMention any
}

// sends returns what the adapter sent, in order, 429s left out.
func (f *fakeDiscord) sends() []sent {
	f.mu.Lock()
	calls := append([]call(nil), f.calls...)
	f.mu.Unlock()
	var out []sent
	for _, c := range calls {
		if c.Status == http.StatusTooManyRequests {
			continue
		}
		var s sent
		var m map[string]any
		switch {
		case c.Method == "POST" && strings.HasPrefix(c.Path, "/api/v9/channels/"):
			s.Kind = "message"
			json.Unmarshal(c.Body, &m)
		case c.Method == "POST" && strings.HasSuffix(c.Path, "/callback"):
			s.Kind = "callback"
			var resp struct {
				Type int            `json:"type"`
				Data map[string]any `json:"data"`
			}
			json.Unmarshal(c.Body, &resp)
			s.Type = resp.Type
			m = resp.Data
		case c.Method == "PATCH" && strings.HasPrefix(c.Path, "/api/v9/webhooks/"):
			s.Kind = "edit"
			json.Unmarshal(c.Body, &m)
		case c.Method == "POST" && strings.HasPrefix(c.Path, "/api/v9/webhooks/"):
			s.Kind = "followup"
			json.Unmarshal(c.Body, &m)
		default:
			continue
		}
		s.Path, s.Status = c.Path, c.Status
		s.Content, _ = m["content"].(string)
		s.Text = s.Content
		if es, ok := m["embeds"].([]any); ok {
			for _, e := range es {
				e := e.(map[string]any)
				s.Embeds = append(s.Embeds, e)
				for _, k := range []string{"title", "description"} {
					if v, ok := e[k].(string); ok {
						s.Text += "\n" + v
					}
				}
			}
		}
		if ref, ok := m["message_reference"].(map[string]any); ok {
			s.Reference, _ = ref["message_id"].(string)
		}
		out = append(out, s)
	}
	return out
}

// callsTo returns the recorded calls whose "METHOD path" starts with prefix.
func (f *fakeDiscord) callsTo(prefix string) []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []call
	for _, c := range f.calls {
		if strings.HasPrefix(c.Method+" "+c.Path, prefix) {
			out = append(out, c)
		}
	}
	return out
}

func writeTestJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// waitFor polls cond until it holds, failing the test after 10 seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
