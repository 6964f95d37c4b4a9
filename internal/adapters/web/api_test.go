package web

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/resultsbot/resultsbot/internal/adapters"
	"github.com/resultsbot/resultsbot/internal/answer"
)

// do serves one request and returns the response with its body read.
func do(t *testing.T, h http.Handler, method, target, contentType, body string, header ...string) (*http.Response, string) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, target, r)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	res := w.Result()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

func TestAsk(t *testing.T) {
	long := strings.Repeat("é", MaxQuestionChars)
	tests := []struct {
		name        string
		method      string
		target      string
		contentType string
		body        string
		code        int
		want        *answer.Answer // the JSON answer, for 200
		wantErr     string         // a substring of the JSON error, otherwise
		asked       *answer.Question
	}{
		{name: "GET", method: "GET", target: "/v1/ask?q=" + url.QueryEscape("  What was Alibaba's cloud revenue growth?  "),
			code: 200, want: &cloudAnswer,
			asked: &answer.Question{Text: "What was Alibaba's cloud revenue growth?", Company: "Alibaba Group Holding"}},
		{name: "GET company", method: "GET", target: "/v1/ask?q=revenue&company=Tencent",
			code: 200, want: &cloudAnswer, asked: &answer.Question{Text: "revenue", Company: "Tencent"}},
		{name: "GET explain", method: "GET", target: "/v1/ask?q=revenue&explain=1",
			code: 200, want: &cloudAnswer, asked: &answer.Question{Text: "revenue", Company: "Alibaba Group Holding", Explain: true}},
		{name: "POST explain", method: "POST", target: "/v1/ask", contentType: "application/json", body: `{"question": "revenue", "explain": true}`,
			code: 200, want: &cloudAnswer, asked: &answer.Question{Text: "revenue", Company: "Alibaba Group Holding", Explain: true}},
		{name: "GET declined", method: "GET", target: "/v1/ask?q=Baidu+revenue", code: 200, want: &declinedAnswer},
		{name: "GET table row", method: "GET", target: "/v1/ask?q=Norhaven+revenue", code: 200, want: &tableAnswer}, // header, column, page
		{name: "GET longest", method: "GET", target: "/v1/ask?q=" + url.QueryEscape(long), code: 200, want: &cloudAnswer},
		{name: "HEAD", method: "HEAD", target: "/v1/ask?q=revenue", code: 200},
		{name: "POST", method: "POST", target: "/v1/ask", contentType: "application/json",
			body: `{"question": "What was Alibaba's cloud revenue growth?"}`, code: 200, want: &cloudAnswer,
			asked: &answer.Question{Text: "What was Alibaba's cloud revenue growth?", Company: "Alibaba Group Holding"}},
		{name: "POST follow-up", method: "POST", target: "/v1/ask", contentType: "application/json; charset=utf-8",
			body: `{"question": "and EBITA?", "company": "Alibaba", "context": {"company": "Alibaba", "metric": "revenue"}}`, code: 200, want: &cloudAnswer,
			asked: &answer.Question{Text: "and EBITA?", Company: "Alibaba", Context: &answer.Context{Company: "Alibaba", Metric: "revenue"}}},
		{name: "POST no content type", method: "POST", target: "/v1/ask", body: `{"question": "revenue"}`, code: 200, want: &cloudAnswer},
		{name: "POST declined", method: "POST", target: "/v1/ask", contentType: "application/json", body: `{"question": "Baidu?"}`, code: 200, want: &declinedAnswer},

		{name: "GET missing", method: "GET", target: "/v1/ask", code: 400, wantErr: "Please type a question"},
		{name: "GET empty", method: "GET", target: "/v1/ask?q=", code: 400, wantErr: "Please type a question"},
		{name: "GET blank", method: "GET", target: "/v1/ask?q=+%09+", code: 400, wantErr: "Please type a question"},
		{name: "GET too long", method: "GET", target: "/v1/ask?q=" + url.QueryEscape(long+"e"), code: 400, wantErr: "too long"},
		{name: "GET invalid UTF-8", method: "GET", target: "/v1/ask?q=%ff%fe", code: 400, wantErr: "UTF-8"},
		{name: "GET no words", method: "GET", target: "/v1/ask?q=%3F%3F", code: 400, wantErr: "no words"},
		{name: "POST empty body", method: "POST", target: "/v1/ask", contentType: "application/json", code: 400, wantErr: "not valid JSON"},
		{name: "POST bad JSON", method: "POST", target: "/v1/ask", contentType: "application/json", body: `{"question": `, code: 400, wantErr: "not valid JSON"},
		{name: "POST wrong type", method: "POST", target: "/v1/ask", contentType: "application/json", body: `{"question": 42}`, code: 400, wantErr: "not valid JSON"},
		{name: "POST two objects", method: "POST", target: "/v1/ask", contentType: "application/json", body: `{"question": "a"} {"question": "b"}`, code: 400, wantErr: "one JSON object"},
		{name: "POST missing question", method: "POST", target: "/v1/ask", contentType: "application/json", body: `{"q": "revenue"}`, code: 400, wantErr: "Please type a question"},
		{name: "POST too long", method: "POST", target: "/v1/ask", contentType: "application/json", body: `{"question": "` + long + `e"}`, code: 400, wantErr: "too long"},
		{name: "POST body too large", method: "POST", target: "/v1/ask", contentType: "application/json",
			body: `{"question": "revenue", "pad": "` + strings.Repeat("x", MaxAskBody) + `"}`, code: 413, wantErr: "too large"},
		{name: "POST form", method: "POST", target: "/v1/ask", contentType: "application/x-www-form-urlencoded", body: "question=revenue", code: 415, wantErr: "application/json"},
		{name: "PUT", method: "PUT", target: "/v1/ask", contentType: "application/json", body: `{"question": "revenue"}`, code: 405, wantErr: "Use GET"},
		{name: "DELETE", method: "DELETE", target: "/v1/ask?q=revenue", code: 405, wantErr: "Use GET"},
		{name: "OPTIONS without CORS", method: "OPTIONS", target: "/v1/ask", code: 405, wantErr: "Use GET"},
		{name: "engine failure", method: "GET", target: "/v1/ask?q=fail", code: 500, wantErr: adapters.Sorry},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newTestHandler(t, Config{Company: "Alibaba Group Holding"})
			res, body := do(t, h, tt.method, tt.target, tt.contentType, tt.body)
			if res.StatusCode != tt.code {
				t.Fatalf("%s %s %.80q: status %d, want %d; body %s", tt.method, tt.target, tt.body, res.StatusCode, tt.code, body)
			}
			if ct := res.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("%s %s: Content-Type %q, want application/json", tt.method, tt.target, ct)
			}
			if res.Header.Get("Access-Control-Allow-Origin") != "" {
				t.Errorf("%s %s: CORS header with CORS off", tt.method, tt.target)
			}
			if tt.code == 405 && res.Header.Get("Allow") != "GET, HEAD, POST" {
				t.Errorf("%s %s: Allow %q", tt.method, tt.target, res.Header.Get("Allow"))
			}
			switch {
			case tt.want != nil:
				// The body is exactly the Answer's JSON: the contract of bot ask --json.
				wantJSON, _ := json.Marshal(tt.want)
				if strings.TrimSpace(body) != string(wantJSON) {
					t.Errorf("%s %s: body\n%s\nwant\n%s", tt.method, tt.target, body, wantJSON)
				}
			case tt.wantErr != "":
				var e errorBody
				if err := json.Unmarshal([]byte(body), &e); err != nil {
					t.Fatalf("%s %s: error body %q is not JSON: %v", tt.method, tt.target, body, err)
				}
				if !strings.Contains(e.Error, tt.wantErr) {
					t.Errorf("%s %s: error %q, want it to contain %q", tt.method, tt.target, e.Error, tt.wantErr)
				}
				if strings.Contains(body, "secret-path") {
					t.Errorf("%s %s: error detail leaked to the client: %s", tt.method, tt.target, body)
				}
			}
			if tt.asked != nil {
				got := h.engine.questions()
				if len(got) != 1 || !reflect.DeepEqual(got[0], *tt.asked) {
					t.Errorf("%s %s: engine asked %+v, want [%+v]", tt.method, tt.target, got, *tt.asked)
				}
			}
		})
	}
}

// A refused question never reaches the engine; the engine failure's detail
// reaches the log, not the client.
func TestAskLogs(t *testing.T) {
	h := newTestHandler(t, Config{})
	do(t, h, "GET", "/v1/ask?q=", "", "")
	if n := len(h.engine.questions()); n != 0 {
		t.Errorf("empty question: engine asked %d times, want 0", n)
	}
	do(t, h, "GET", "/v1/ask?q=fail", "", "")
	do(t, h, "GET", "/v1/ask?q=revenue", "", "")
	log := h.log.String()
	lines := strings.Split(strings.TrimSpace(log), "\n")
	if len(lines) != 2 {
		t.Fatalf("log has %d lines, want one per question asked (2):\n%s", len(lines), log)
	}
	for i, want := range []string{"adapter=web outcome=error", "adapter=web outcome=answered"} {
		if !strings.Contains(lines[i], want) || !strings.Contains(lines[i], "latency=") {
			t.Errorf("log line %d %q lacks %q and latency", i, lines[i], want)
		}
	}
	if !strings.Contains(lines[0], "secret-path") {
		t.Errorf("the failure's detail is not logged: %q", lines[0])
	}
}

func TestCORS(t *testing.T) {
	tests := []struct {
		name       string
		allow      string
		method     string
		origin     string
		code       int
		wantOrigin string
		preflight  bool
	}{
		{name: "off", allow: "", method: "GET", origin: "https://app.example.com", code: 200},
		{name: "off preflight", allow: "", method: "OPTIONS", origin: "https://app.example.com", code: 405},
		{name: "any", allow: "*", method: "GET", origin: "https://app.example.com", code: 200, wantOrigin: "*"},
		{name: "any POST", allow: "*", method: "POST", origin: "https://app.example.com", code: 200, wantOrigin: "*"},
		{name: "any preflight", allow: "*", method: "OPTIONS", origin: "https://app.example.com", code: 204, wantOrigin: "*", preflight: true},
		{name: "one origin", allow: "https://app.example.com", method: "GET", origin: "https://app.example.com", code: 200, wantOrigin: "https://app.example.com"},
		{name: "one origin preflight", allow: "https://app.example.com", method: "OPTIONS", origin: "https://app.example.com", code: 204, wantOrigin: "https://app.example.com", preflight: true},
		{name: "other origin", allow: "https://app.example.com", method: "GET", origin: "https://evil.example", code: 200},
		{name: "other origin preflight", allow: "https://app.example.com", method: "OPTIONS", origin: "https://evil.example", code: 204, preflight: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newTestHandler(t, Config{CORSOrigin: tt.allow})
			target, ct, body := "/v1/ask?q=revenue", "", ""
			if tt.method == "POST" {
				target, ct, body = "/v1/ask", "application/json", `{"question":"revenue"}`
			}
			res, got := do(t, h, tt.method, target, ct, body, "Origin", tt.origin, "Access-Control-Request-Method", "POST")
			if res.StatusCode != tt.code {
				t.Fatalf("CORS %q, %s from %s: status %d, want %d: %s", tt.allow, tt.method, tt.origin, res.StatusCode, tt.code, got)
			}
			if o := res.Header.Get("Access-Control-Allow-Origin"); o != tt.wantOrigin {
				t.Errorf("CORS %q, %s from %s: Access-Control-Allow-Origin %q, want %q", tt.allow, tt.method, tt.origin, o, tt.wantOrigin)
			}
			if m := res.Header.Get("Access-Control-Allow-Methods"); (m != "") != tt.preflight || (tt.preflight && !strings.Contains(m, "POST")) {
				t.Errorf("CORS %q, %s from %s: Access-Control-Allow-Methods %q", tt.allow, tt.method, tt.origin, m)
			}
			if tt.preflight && len(h.engine.questions()) != 0 {
				t.Errorf("CORS %q: a preflight asked the engine", tt.allow)
			}
		})
	}
}

// A question asked while the index is still loading gets 503 with
// Retry-After, on the API and on the page, and so does a source page: the
// caller can try again (issue 15, item 1).
func TestNotReady(t *testing.T) {
	for _, target := range []string{"/v1/ask?q=starting", "/?q=starting", "/sources/alibaba/none.md"} {
		h := newTestHandler(t, Config{})
		res, body := do(t, h, "GET", target, "", "")
		if res.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("GET %s while loading: status %d, want 503; body %s", target, res.StatusCode, body)
		}
		if ra := res.Header.Get("Retry-After"); ra != "5" {
			t.Errorf("GET %s while loading: Retry-After %q, want 5", target, ra)
		}
		if !strings.Contains(body, "starting up") {
			t.Errorf("GET %s while loading: body does not say the bot is starting:\n%s", target, body)
		}
	}
	// Once ready, an unknown document is simply not there.
	h := newTestHandler(t, Config{})
	h.SetReady(true)
	if res, _ := do(t, h, "GET", "/sources/alibaba/none.md", "", ""); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown source once ready: status %d, want 404", res.StatusCode)
	}
}
