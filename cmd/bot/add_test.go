package main

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// pressServer serves the press release of testdata/formats at
// /news/q3-2025, behind a redirect at /r, and counts the User-Agents it
// sees.
func pressServer(t *testing.T) (*httptest.Server, *atomic.Value) {
	t.Helper()
	page, err := os.ReadFile(filepath.Join(formatsDir, "corvexa-q3-2025.html"))
	if err != nil {
		t.Fatal(err)
	}
	var ua atomic.Value
	mux := http.NewServeMux()
	mux.HandleFunc("/news/q3-2025", func(w http.ResponseWriter, r *http.Request) {
		ua.Store(r.UserAgent())
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
	mux.HandleFunc("/r", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/news/q3-2025", http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, &ua
}

// TestAddURLThenAsk: bot add fetches a press release from a local server,
// writes it into the corpus folder as Markdown with front matter, says
// what it inferred, and bot ask then answers from it, quoting the written
// file verbatim.
func TestAddURLThenAsk(t *testing.T) {
	t.Parallel()
	srv, ua := pressServer(t)
	dir := t.TempDir()

	r := run(t, "add", "--corpus", dir, srv.URL+"/r")
	if r.code != exitOK {
		t.Fatalf("add: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	const written = "corvexa-systems/2025-10-28-corvexa-systems-reports-third-quarter-2025-results.md"
	for _, want := range []string{
		"added " + written,
		"company    Corvexa Systems, Inc. (the lead: “Corvexa Systems, Inc. (NASDAQ: CVXA)”)",
		"published  2025-10-28 (article:published_time)",
		"title      Corvexa Systems Reports Third Quarter 2025 Results (og:title)",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("add output lacks %q:\n%s", want, r.stdout)
		}
	}
	if got, _ := ua.Load().(string); !strings.HasPrefix(got, "resultsbot/") {
		t.Errorf("User-Agent %q, want resultsbot/...", got)
	}
	b, err := os.ReadFile(filepath.Join(dir, written))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), "---\ntitle: Corvexa Systems Reports Third Quarter 2025 Results\ncompany: Corvexa Systems, Inc.\n") ||
		!strings.Contains(string(b), "| Revenue | $4,210 | $3,760 | 12% |") {
		t.Errorf("written document:\n%s", b)
	}

	r = run(t, "ask", "--corpus", dir, "--json", "What was Corvexa's revenue in the third quarter?")
	if r.code != exitOK || r.stderr != "" {
		t.Fatalf("ask: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	a := decodeOne(t, r.stdout)
	if !a.Answered || !strings.Contains(a.Answer, "$4.21 billion") || len(a.Citations) == 0 {
		t.Fatalf("ask: answered %v %q, %d citations; want $4.21 billion, cited", a.Answered, a.Answer, len(a.Citations))
	}
	checkCitations(t, os.DirFS(dir), a.Citations)

	// Adding it again changes nothing.
	r = run(t, "add", "--corpus", dir, srv.URL+"/news/q3-2025")
	if r.code != exitOK || !strings.Contains(r.stdout, "unchanged "+written) {
		t.Errorf("add again: exit %d, stdout:\n%s", r.code, r.stdout)
	}
}

// TestAddFetchLimits: redirects, status, content type, size and time are
// all bounded.
func TestAddFetchLimits(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	mux.HandleFunc("/hop/{n}", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscan(r.PathValue("n"), &n)
		if n == 0 {
			w.Header().Set("Content-Type", "text/plain")
			fmt.Fprint(w, "Arrived.")
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/hop/%d", n-1), http.StatusFound)
	})
	mux.HandleFunc("/missing", http.NotFound)
	mux.HandleFunc("/image", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG\r\n"))
	})
	mux.HandleFunc("/sniffed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write([]byte("%PDF-1.4\n"))
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		for range 10 {
			w.Write([]byte(strings.Repeat("x", 200))) // streamed: no Content-Length
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	a := &adder{client: newFetchClient(2 * time.Second), maxBytes: 1000}
	for _, tc := range []struct {
		path, want string // want: "" for success, else part of the error
	}{
		{"/hop/5", ""},
		{"/hop/6", "more than 5 redirects"},
		{"/missing", "404"},
		{"/image", `content type "image/png"`},
		{"/sniffed", ""},
		{"/big", "larger than"},
	} {
		_, ctype, _, err := a.fetch(t.Context(), srv.URL+tc.path)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("fetch %s: %v", tc.path, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("fetch %s: error %v, want one saying %q", tc.path, err, tc.want)
		case tc.path == "/sniffed" && ctype != "application/pdf":
			t.Errorf("fetch %s: content type %q, want it sniffed as application/pdf", tc.path, ctype)
		}
	}
	quick := &adder{client: newFetchClient(50 * time.Millisecond), maxBytes: 1000}
	if _, _, _, err := quick.fetch(t.Context(), srv.URL+"/slow"); err == nil || !errors.Is(err, errAdd) {
		t.Errorf("fetch of a server that never answers: %v, want a timeout", err)
	}

	// Through the command line: each failure is named, the rest added,
	// and the exit code says something failed.
	dir := t.TempDir()
	r := run(t, "add", "--corpus", dir, srv.URL+"/image", srv.URL+"/hop/1")
	if r.code != exitFail || !strings.Contains(r.stderr, "/image") || !strings.Contains(r.stdout, "added arrived.md") {
		t.Errorf("add: exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
}

// TestAddFiles: a PDF and a web page are converted, Markdown copied as it
// is, other types refused; a different document of the same name gets a
// suffix, and --company decides the company.
func TestAddFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src := t.TempDir()
	writeFiles(t, src, map[string]string{
		"notes.md":    "# Notes\n\nRevenue rose.\n",
		"report.docx": "PK\x03\x04",
		"a/page.html": "<h1>Quarterly update</h1><p>Revenue rose 5% to $10 million in the quarter.</p>",
		"b/page.html": "<h1>Quarterly update</h1><p>Revenue rose 6% to $11 million in the quarter.</p>",
	})
	r := run(t, "add", "--corpus", dir, "--company", "Example Corp",
		filepath.Join(formatsDir, "lumatrine-q3-2025.pdf"),
		filepath.Join(src, "notes.md"), filepath.Join(src, "report.docx"),
		filepath.Join(src, "a/page.html"), filepath.Join(src, "b/page.html"))
	if r.code != exitFail || !strings.Contains(r.stderr, "report.docx: cannot add: unsupported type \".docx\"") {
		t.Errorf("add: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	for _, want := range []string{
		"added example/2025-11-06-lumatrine-energy-plc-third-quarter-2025-trading-statement.md",
		"company    Example Corp (--company)",
		"added notes.md",
		"added example/quarterly-update.md",
		"added example/quarterly-update-2.md",
		"not found: published, publisher, url",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("add output lacks %q:\n%s", want, r.stdout)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "notes.md")); string(b) != "# Notes\n\nRevenue rose.\n" {
		t.Errorf("notes.md not copied as it is: %q", b)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "example/2025-11-06-lumatrine-energy-plc-third-quarter-2025-trading-statement.md"))
	if !strings.Contains(string(b), "company: Example Corp\n") || !strings.Contains(string(b), "--- page 2 ---") {
		t.Errorf("PDF written as:\n%s", b)
	}
	if r := run(t, "add", "--corpus", dir); r.code != exitUsage {
		t.Errorf("add without sources: exit %d, want %d", r.code, exitUsage)
	}
}

func TestSlug(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Corvexa Systems Reports Third Quarter 2025 Results", "corvexa-systems-reports-third-quarter-2025-results"},
		{"  Q3: Revenue — up 12%!  ", "q3-revenue-up-12"},
		{"Café & Brasserie Ltd.", "café-brasserie-ltd"},
		{"../../etc/passwd", "etc-passwd"},
		{"", ""},
		{strings.Repeat("word ", 40), strings.TrimSuffix(strings.Repeat("word-", 16), "-")},
	} {
		if got := slug(tc.in, 80); got != tc.want {
			t.Errorf("slug(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
