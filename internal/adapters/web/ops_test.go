package web

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

func TestHealthAndReady(t *testing.T) {
	h := newTestHandler(t, Config{})
	steps := []struct {
		ready  *bool
		method string
		target string
		code   int
		body   string
	}{
		{method: "GET", target: "/healthz", code: 200, body: "ok\n"},
		{method: "GET", target: "/readyz", code: 503, body: "not ready\n"},
		{ready: ptr(true), method: "GET", target: "/readyz", code: 200, body: "ready\n"},
		{method: "HEAD", target: "/readyz", code: 200},
		{ready: ptr(false), method: "GET", target: "/readyz", code: 503, body: "not ready\n"},
		{method: "GET", target: "/healthz", code: 200, body: "ok\n"},
		{method: "POST", target: "/healthz", code: 405},
		{method: "DELETE", target: "/readyz", code: 405},
		{method: "POST", target: "/metrics", code: 405},
	}
	for i, s := range steps {
		if s.ready != nil {
			h.SetReady(*s.ready)
		}
		res, body := do(t, h, s.method, s.target, "", "")
		if res.StatusCode != s.code || (s.body != "" && body != s.body) {
			t.Errorf("step %d: %s %s: %d %q, want %d %q", i, s.method, s.target, res.StatusCode, body, s.code, s.body)
		}
		if s.code == 405 && res.Header.Get("Allow") != "GET, HEAD" {
			t.Errorf("step %d: %s %s: Allow %q", i, s.method, s.target, res.Header.Get("Allow"))
		}
	}
}

func ptr[T any](v T) *T { return &v }

func TestMetrics(t *testing.T) {
	h := newTestHandler(t, Config{})
	for _, q := range []string{"revenue", "revenue again", "Baidu revenue", "fail"} {
		do(t, h, "GET", "/v1/ask?q="+strings.ReplaceAll(q, " ", "+"), "", "")
	}
	do(t, h, "GET", "/?q=revenue", "", "")
	do(t, h, "GET", "/v1/ask", "", "") // refused: not a question asked
	// A question with no words, and an asker who leaves: the client's
	// doing, counted apart from the engine's errors (issue 15, item 10).
	if res, _ := do(t, h, "GET", "/v1/ask?q=%3F%21", "", ""); res.StatusCode != 400 {
		t.Errorf("a question with no words: status %d, want 400", res.StatusCode)
	}
	ctx, cancel := context.WithCancel(context.Background())
	req := httptest.NewRequestWithContext(ctx, "GET", "/v1/ask?q=gone", nil)
	cancel()
	h.ServeHTTP(httptest.NewRecorder(), req)
	h.metrics.Feedback("slack", "up")
	h.metrics.Question("slack", "answered", 0)
	h.metrics.SetIndexSize(12, 340, 56)

	res, body := do(t, h, "GET", "/metrics", "", "")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("/metrics: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	for _, want := range []string{
		`resultsbot_questions_total{adapter="web",outcome="answered"} 3`,
		`resultsbot_questions_total{adapter="web",outcome="declined"} 1`,
		`resultsbot_questions_total{adapter="web",outcome="error"} 1`,
		`resultsbot_questions_total{adapter="web",outcome="invalid"} 1`,
		`resultsbot_questions_total{adapter="web",outcome="canceled"} 1`,
		`resultsbot_questions_total{adapter="slack",outcome="answered"} 1`,
		`resultsbot_answer_latency_seconds_count{adapter="web"} 7`,
		`resultsbot_answer_latency_seconds_bucket{adapter="web",le="+Inf"} 7`,
		`resultsbot_feedback_total{adapter="slack",value="up"} 1`,
		`resultsbot_index_documents 12`,
		`resultsbot_index_passages 340`,
		`resultsbot_index_facts 56`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if n := strings.Count(h.log.String(), "level=ERROR"); n != 1 {
		t.Errorf("%d ERROR lines, want 1 (the engine's failure):\n%s", n, h.log)
	}
	if t.Failed() {
		t.Logf("/metrics:\n%s", body)
	}
}

// Before any question the web adapter's counters exist at zero.
func TestMetricsStartAtZero(t *testing.T) {
	h := newTestHandler(t, Config{})
	_, body := do(t, h, "GET", "/metrics", "", "")
	if want := `resultsbot_questions_total{adapter="web",outcome="error"} 0`; !strings.Contains(body, want) {
		t.Errorf("/metrics lacks %s", want)
	}
}

func TestMetricsRegistry(t *testing.T) {
	own := prometheus.NewCounter(prometheus.CounterOpts{Name: "caller_own_total", Help: "A collector of the caller's."})
	own.Inc()
	tests := []struct {
		name     string
		reg      func() prometheus.Registerer
		want     []string
		unwanted []string
	}{
		{name: "registry", reg: func() prometheus.Registerer {
			r := prometheus.NewRegistry()
			r.MustRegister(own)
			return r
		}, want: []string{"resultsbot_questions_total", "caller_own_total 1"}, unwanted: []string{"go_goroutines"}},
		{name: "registerer only", reg: func() prometheus.Registerer {
			return prometheus.WrapRegistererWith(prometheus.Labels{"bot": "a"}, prometheus.NewRegistry())
		}, want: []string{"resultsbot_questions_total"}, unwanted: []string{`bot="a"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := NewMetrics(tt.reg())
			h := New(Config{}, &engine{}, nil, m, nil)
			do(t, h, "GET", "/v1/ask?q=revenue", "", "")
			_, body := do(t, h, "GET", "/metrics", "", "")
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("/metrics lacks %s:\n%s", w, body)
				}
			}
			for _, w := range tt.unwanted {
				if strings.Contains(body, w) {
					t.Errorf("/metrics has %s", w)
				}
			}
		})
	}
}

func TestNoMetrics(t *testing.T) {
	h := New(Config{}, &engine{}, nil, nil, nil)
	if res, _ := do(t, h, "GET", "/v1/ask?q=revenue", "", ""); res.StatusCode != 200 {
		t.Errorf("/v1/ask without metrics: %d", res.StatusCode)
	}
	if res, _ := do(t, h, "GET", "/metrics", "", ""); res.StatusCode != 404 {
		t.Errorf("/metrics without metrics: %d, want 404", res.StatusCode)
	}
	var m *Metrics // a nil *Metrics records nothing
	m.Question("web", "answered", 0)
	m.Feedback("web", "up")
	m.SetIndexSize(1, 2, 3)
}

// Register puts every route on the caller's mux, beside routes of its own.
func TestRegister(t *testing.T) {
	h := newTestHandler(t, Config{})
	mux := http.NewServeMux()
	h.Register(mux)
	mux.HandleFunc("/slack/events", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "slack") })
	for target, code := range map[string]int{
		"/": 200, "/v1/ask?q=revenue": 200, "/sources/alibaba/cloud.md": 200, "/healthz": 200,
		"/readyz": 503, "/metrics": 200, "/slack/events": 200, "/nope": 404,
	} {
		if res, _ := do(t, mux, "GET", target, "", ""); res.StatusCode != code {
			t.Errorf("GET %s on the caller's mux: %d, want %d", target, res.StatusCode, code)
		}
	}
}

func TestRecover(t *testing.T) {
	tests := []struct {
		name    string
		target  string
		handler http.HandlerFunc
		code    int
		body    string
		logged  bool
	}{
		{name: "page", target: "/boom", handler: func(w http.ResponseWriter, r *http.Request) { panic("boom") },
			code: 500, body: "Sorry, something went wrong", logged: true},
		{name: "API", target: "/v1/ask", handler: func(w http.ResponseWriter, r *http.Request) { panic(errors.New("boom")) },
			code: 500, body: `{"error":"Sorry, something went wrong`, logged: true},
		{name: "after writing", target: "/half", handler: func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusTeapot)
			io.WriteString(w, "half")
			panic("boom")
		}, code: http.StatusTeapot, body: "half", logged: true},
		{name: "no panic", target: "/fine", handler: func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "fine") },
			code: 200, body: "fine"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			buf := &syncBuffer{}
			h := Recover(tt.handler, slog.New(slog.NewTextHandler(buf, nil)))
			res, body := do(t, h, "GET", tt.target, "", "")
			if res.StatusCode != tt.code || !strings.HasPrefix(body, tt.body) {
				t.Errorf("%s: %d %q, want %d %q...", tt.target, res.StatusCode, body, tt.code, tt.body)
			}
			log := buf.String()
			if got := strings.Contains(log, `msg="panic serving request"`) && strings.Contains(log, "path="+tt.target) &&
				strings.Contains(log, "boom") && strings.Contains(log, "stack="); got != tt.logged {
				t.Errorf("%s: logged %v, want %v:\n%s", tt.target, got, tt.logged, log)
			}
		})
	}
}

func TestRecoverAbort(t *testing.T) {
	h := Recover(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { panic(http.ErrAbortHandler) }), nil)
	defer func() {
		if v := recover(); v != http.ErrAbortHandler {
			t.Errorf("recovered %v, want http.ErrAbortHandler passed on", v)
		}
	}()
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
}

// An engine panic during a question becomes a 500 through the real server.
func TestServer(t *testing.T) {
	th := newTestHandler(t, Config{})
	srv := NewServer("127.0.0.1:0", th, slog.New(slog.NewTextHandler(th.log, nil)))
	if srv.ReadHeaderTimeout == 0 || srv.ReadTimeout == 0 || srv.WriteTimeout == 0 || srv.IdleTimeout == 0 || srv.MaxHeaderBytes != MaxHeaderBytes {
		t.Errorf("server limits not set: %+v", srv)
	}
	ts := httptest.NewUnstartedServer(srv.Handler)
	ts.Config = srv
	ts.Start()
	defer ts.Close()

	get := func(target string) (int, string) {
		res, err := http.Get(ts.URL + target)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, body := get("/v1/ask?q=panic"); code != 500 || !strings.Contains(body, `"error"`) {
		t.Errorf("engine panic: %d %s, want a JSON 500", code, body)
	}
	if !strings.Contains(th.log.String(), "engine panicked") {
		t.Errorf("the panic is not logged:\n%s", th.log.String())
	}
	if code, _ := get("/healthz"); code != 200 {
		t.Errorf("after a panic, /healthz: %d", code)
	}

	// A body over the limit of /v1/ask is refused.
	big := strings.NewReader(`{"question": "` + strings.Repeat("x", MaxAskBody) + `"}`)
	res, err := http.Post(ts.URL+"/v1/ask", "application/json", big)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("POST /v1/ask of %d bytes: %d, want 413", MaxAskBody, res.StatusCode)
	}

	// A header over the limit is refused.
	req, _ := http.NewRequest("GET", ts.URL+"/healthz", nil)
	req.Header.Set("X-Big", strings.Repeat("x", 2*MaxHeaderBytes))
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("header of %d bytes: %d, want 431", 2*MaxHeaderBytes, res.StatusCode)
	}
}

// The server limits every request body, whatever the route.
func TestServerBodyLimit(t *testing.T) {
	var readErr error
	srv := NewServer(":0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, readErr = io.ReadAll(r.Body)
	}), nil)
	for _, n := range []int{MaxRequestBody, MaxRequestBody + 1} {
		req := httptest.NewRequest("POST", "/upload", strings.NewReader(strings.Repeat("x", n)))
		srv.Handler.ServeHTTP(httptest.NewRecorder(), req)
		var tooBig *http.MaxBytesError
		if got := errors.As(readErr, &tooBig); got != (n > MaxRequestBody) {
			t.Errorf("body of %d bytes: read error %v", n, readErr)
		}
	}
}
