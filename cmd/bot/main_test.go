package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"net"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	resultsbot "github.com/resultsbot/resultsbot"
	"github.com/resultsbot/resultsbot/internal/corpus"
)

// The question every end-to-end test asks, and the figure its answer must
// carry.
const (
	cloudQuestion = "what was cloud revenue growth?"
	cloudFigure   = "34%"
	cloudPeriod   = "quarter ended 2025-09-30"
)

// syncBuffer is a bytes.Buffer safe for the concurrent writes of bot serve
// (loggers of several goroutines) and reads of a test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testMain returns a Main as NewMain wires it, but with captured output and
// the environment env instead of the process's.
func testMain(env map[string]string) (*Main, *syncBuffer, *syncBuffer) {
	var stdout, stderr syncBuffer
	return &Main{
		Stdout: &stdout,
		Stderr: &stderr,
		Getenv: func(k string) string { return env[k] },
		Corpus: resultsbot.Corpus(),
		DirFS:  corpus.DirFS,
	}, &stdout, &stderr
}

// result is what one run of the command line did.
type result struct {
	code           int
	stdout, stderr string
}

// run runs the command line args on a fresh Main with an empty environment.
func run(t *testing.T, args ...string) result {
	t.Helper()
	m, stdout, stderr := testMain(nil)
	code := m.Run(t.Context(), args)
	return result{code, stdout.String(), stderr.String()}
}

// jsonAnswer is the --json contract of bot ask (and of GET /v1/ask).
type jsonAnswer struct {
	Answered  bool            `json:"answered"`
	Answer    string          `json:"answer"`
	Company   string          `json:"company"`
	Period    string          `json:"period"`
	Facts     json.RawMessage `json:"facts"`
	Citations []jsonCitation  `json:"citations"`
}

type jsonCitation struct {
	Doc       string `json:"doc"`
	Title     string `json:"title"`
	Publisher string `json:"publisher"`
	Published string `json:"published"`
	Quote     string `json:"quote"`
	Start     *int   `json:"start"`
	End       *int   `json:"end"`
	Page      int    `json:"page"` // omitted (0) for sources without pages
	// Column is set for a table row: the cited figure's column header.
	Column string `json:"column"`
}

// decodeOne decodes out as exactly one JSON object holding every key of the
// contract, and fails the test otherwise.
func decodeOne(t *testing.T, out string) jsonAnswer {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(out))
	var raw map[string]json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		t.Fatalf("output is not a JSON object: %v\n%s", err, out)
	}
	var extra json.RawMessage
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		t.Fatalf("output holds more than one JSON value (next: %.80s, err %v)", extra, err)
	}
	for _, k := range []string{"answered", "answer", "facts", "citations"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("JSON has no %q key; keys: %v", k, keys(raw))
		}
	}
	if f := string(raw["facts"]); !strings.HasPrefix(f, "[") {
		t.Errorf("facts = %.40s, want an array", f)
	}
	if c := string(raw["citations"]); !strings.HasPrefix(c, "[") {
		t.Errorf("citations = %.40s, want an array", c)
	}
	var a jsonAnswer
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatalf("decoding the answer: %v", err)
	}
	return a
}

func keys(m map[string]json.RawMessage) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

var dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// checkCitations checks that every citation is complete and quotes its
// document verbatim: quote == the bytes [start:end] of doc in fsys.
func checkCitations(t *testing.T, fsys fs.FS, cs []jsonCitation) {
	t.Helper()
	for i, c := range cs {
		if c.Doc == "" || c.Title == "" || c.Publisher == "" || c.Quote == "" || c.Start == nil || c.End == nil {
			t.Errorf("citation %d is incomplete: %+v", i+1, c)
			continue
		}
		if !dateRE.MatchString(c.Published) {
			t.Errorf("citation %d: published = %q, want YYYY-MM-DD", i+1, c.Published)
		}
		b, err := fs.ReadFile(fsys, c.Doc)
		if err != nil {
			t.Errorf("citation %d: doc %q is not a corpus-relative path: %v", i+1, c.Doc, err)
			continue
		}
		if *c.Start < 0 || *c.Start > *c.End || *c.End > len(b) {
			t.Errorf("citation %d: [%d:%d] out of range of %s (%d bytes)", i+1, *c.Start, *c.End, c.Doc, len(b))
			continue
		}
		if got := string(b[*c.Start:*c.End]); got != c.Quote {
			t.Errorf("citation %d: %s[%d:%d] = %q, want the quote %q", i+1, c.Doc, *c.Start, *c.End, got, c.Quote)
		}
	}
}

func TestAskJSON(t *testing.T) {
	t.Parallel()
	r := run(t, "ask", "--json", cloudQuestion)
	if r.code != exitOK {
		t.Fatalf("ask --json %q: exit %d, want 0; stderr:\n%s", cloudQuestion, r.code, r.stderr)
	}
	a := decodeOne(t, r.stdout)
	if !a.Answered {
		t.Errorf("answered = false, want true; answer %q", a.Answer)
	}
	if !strings.Contains(a.Answer, cloudFigure) {
		t.Errorf("answer = %q, want it to contain %q", a.Answer, cloudFigure)
	}
	if a.Company == "" {
		t.Errorf("company is empty")
	}
	if a.Period != cloudPeriod {
		t.Errorf("period = %q, want %q", a.Period, cloudPeriod)
	}
	if len(a.Citations) == 0 {
		t.Fatalf("no citations")
	}
	checkCitations(t, resultsbot.Corpus(), a.Citations)
	cited := false
	for _, c := range a.Citations {
		cited = cited || strings.Contains(c.Quote, "34")
	}
	if !cited {
		t.Errorf("no citation quotes the figure 34: %+v", a.Citations)
	}
}

// citationRE is a line of plain output: [n] title, publisher, date: "quote".
var citationRE = regexp.MustCompile(`^\[(\d+)\] (.+, .+), (\d{4}-\d{2}-\d{2}): (".*")$`)

func TestAskPlain(t *testing.T) {
	t.Parallel()
	r := run(t, "ask", cloudQuestion)
	if r.code != exitOK {
		t.Fatalf("ask %q: exit %d, want 0; stderr:\n%s", cloudQuestion, r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
	if !strings.Contains(lines[0], cloudFigure) {
		t.Errorf("first line = %q, want the answer with %q", lines[0], cloudFigure)
	}
	docs := corpusTexts(t, resultsbot.Corpus())
	n := 0
	for _, line := range lines[1:] {
		if line == "" {
			continue
		}
		m := citationRE.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("line %q is not a citation `[n] title, publisher, date: \"quote\"`", line)
			continue
		}
		n++
		if m[1] != strconv.Itoa(n) {
			t.Errorf("citation %q numbered %s, want %d", line, m[1], n)
		}
		quote, err := strconv.Unquote(m[4])
		if err != nil {
			t.Errorf("citation %q: quote does not unquote: %v", line, err)
			continue
		}
		if !strings.Contains(docs, quote) {
			t.Errorf("citation %q: quote is not verbatim from any document", line)
		}
	}
	if n == 0 {
		t.Errorf("no citations in the plain output:\n%s", r.stdout)
	}
}

// corpusTexts returns every document of fsys, concatenated.
func corpusTexts(t *testing.T, fsys fs.FS) string {
	t.Helper()
	var all strings.Builder
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		all.Write(b)
		all.WriteString("\x00")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return all.String()
}

func TestAskDecline(t *testing.T) {
	t.Parallel()
	const q = "What was Baidu's revenue?"
	r := run(t, "ask", "--json", q)
	if r.code != exitOK {
		t.Fatalf("ask --json %q: exit %d, want 0 (a decline is not a failure); stderr:\n%s", q, r.code, r.stderr)
	}
	a := decodeOne(t, r.stdout)
	if a.Answered {
		t.Errorf("ask %q: answered = true (%q), want a decline", q, a.Answer)
	}
	if strings.TrimSpace(a.Answer) == "" {
		t.Errorf("ask %q: a decline with no text; want a sentence saying why", q)
	}
}

// TestExitCodes covers the command lines that end before any corpus is
// loaded, and a corpus that cannot be used at all.
func TestExitCodes(t *testing.T) {
	t.Parallel()
	empty := t.TempDir()
	tests := []struct {
		args       []string
		code       int
		stdout     string // a substring of stdout, when not ""
		stderr     string // a substring of stderr, when not ""
		noQuestion bool
	}{
		{args: nil, code: exitUsage, stderr: "Usage:"},
		{args: []string{"-h"}, code: exitOK, stdout: "Usage:"},
		{args: []string{"frobnicate"}, code: exitUsage, stderr: `unknown command "frobnicate"`},
		{args: []string{"ask"}, code: exitUsage, stderr: "no question"},
		{args: []string{"ask", ""}, code: exitUsage, stderr: "no question"},
		{args: []string{"ask", "   "}, code: exitUsage, stderr: "no question"},
		{args: []string{"ask", " \t\n ", "\u00a0"}, code: exitUsage, stderr: "no question"},
		{args: []string{"ask", "--json"}, code: exitUsage, stderr: "no question"},
		{args: []string{"ask", "--nope", cloudQuestion}, code: exitUsage, stderr: "nope"},
		{args: []string{"index", "--nope"}, code: exitUsage, stderr: "nope"},
		{args: []string{"index"}, code: exitUsage, stderr: "--index"},
		{args: []string{"index", "--index", empty, "extra"}, code: exitUsage, stderr: "unexpected"},
		{args: []string{"serve", "--nope"}, code: exitUsage, stderr: "nope"},
		{args: []string{"serve", "extra"}, code: exitUsage, stderr: "unexpected"},
		{args: []string{"serve", "--log-format", "xml"}, code: exitUsage, stderr: "log-format"},
		{args: []string{"serve", "--log-level", "loud"}, code: exitUsage, stderr: "log-level"},
		{args: []string{"ask", "-h"}, code: exitOK, stdout: "Usage: bot ask"},
		{args: []string{"ask", "--help"}, code: exitOK, stdout: "--json"},
		{args: []string{"index", "-h"}, code: exitOK, stdout: "Usage: bot index"},
		{args: []string{"serve", "-h"}, code: exitOK, stdout: "Usage: bot serve"},
		{args: []string{"ask", "--corpus", empty, cloudQuestion}, code: exitFail, stderr: "no documents"},
		{args: []string{"index", "--corpus", empty, "--index", t.TempDir()}, code: exitFail, stderr: "no documents"},
	}
	for _, tt := range tests {
		r := run(t, tt.args...)
		if r.code != tt.code {
			t.Errorf("bot %q: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", tt.args, r.code, tt.code, r.stdout, r.stderr)
			continue
		}
		if tt.stdout != "" && !strings.Contains(r.stdout, tt.stdout) {
			t.Errorf("bot %q: stdout = %q, want it to contain %q", tt.args, r.stdout, tt.stdout)
		}
		if tt.stderr != "" && !strings.Contains(r.stderr, tt.stderr) {
			t.Errorf("bot %q: stderr = %q, want it to contain %q", tt.args, r.stderr, tt.stderr)
		}
		if n := strings.Count(r.stdout, "Usage:"); tt.stdout != "" && n != 1 {
			t.Errorf("bot %q: help printed %d times, want once:\n%s", tt.args, n, r.stdout)
		}
		if tt.code == exitOK && r.stderr != "" {
			t.Errorf("bot %q: help wrote to stderr: %q", tt.args, r.stderr)
		}
		if tt.code != exitOK && r.stdout != "" {
			t.Errorf("bot %q: exit %d wrote to stdout: %q", tt.args, tt.code, r.stdout)
		}
	}
}

// TestServeEmptyCorpus: bot serve with a corpus it cannot use fails with
// exit 1 rather than serving nothing.
func TestServeEmptyCorpus(t *testing.T) {
	t.Parallel()
	m, _, stderr := testMain(nil)
	ln := listen(t)
	m.Listen = func(string) (net.Listener, error) { return ln, nil }
	code := m.Run(context.Background(), []string{"serve", "--corpus", t.TempDir()})
	if code != exitFail {
		t.Errorf("serve --corpus EMPTY: exit %d, want 1; stderr:\n%s", code, stderr)
	}
	if !strings.Contains(stderr.String(), "no documents") {
		t.Errorf("serve --corpus EMPTY: stderr does not say the corpus is empty:\n%s", stderr)
	}
	assertClosed(t, ln.Addr().String())
}
