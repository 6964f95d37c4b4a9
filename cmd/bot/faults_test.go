package main

import (
	"context"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	resultsbot "github.com/resultsbot/resultsbot"
)

// gatedFS is the embedded corpus whose documents cannot be opened until
// the gate is closed: loading is held in the middle, as a large corpus
// holds it for a minute.
type gatedFS struct {
	fs.FS
	gate <-chan struct{}
}

func (g gatedFS) Open(name string) (fs.File, error) {
	if strings.HasSuffix(name, ".md") {
		<-g.gate
	}
	return g.FS.Open(name)
}

// gated returns a Main adjustment that loads the embedded corpus through a
// gate, and the function that opens the gate (also called at the end of
// the test, after serve has returned).
func gated(t *testing.T) (func(*Main), func()) {
	gate := make(chan struct{})
	open := sync.OnceFunc(func() { close(gate) })
	t.Cleanup(open) // registered first, so it runs after serve's cleanup
	return func(m *Main) { m.Corpus = gatedFS{resultsbot.Corpus(), gate} }, open
}

// waitLog waits until serve's log holds sub.
func (s *server) waitLog(t *testing.T, sub string) {
	t.Helper()
	deadline := time.Now().Add(hangGuard)
	for !strings.Contains(s.stderr.String(), sub) {
		select {
		case code := <-s.done:
			s.done <- code
			t.Fatalf("serve returned %d while the test waited for %q in its log", code, sub)
		case <-time.After(5 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("%q never reached the log", sub)
		}
	}
}

// A question asked while the index loads waits for it and is answered; a
// Slack event is refused with 503 and Retry-After, not remembered, and
// Slack's retry once ready is answered (issue 15, item 1).
func TestServeQuestionsDuringStartUp(t *testing.T) {
	t.Parallel()
	slackAPI := newFakeSlack(t)
	prepare, openGate := gated(t)
	env := map[string]string{"SLACK_BOT_TOKEN": slackToken, "SLACK_SIGNING_SECRET": slackSecret, "SLACK_API_URL": slackAPI.srv.URL + "/"}
	s := launch(t, listen(t), env, func(m *Main) { prepare(m); m.startupWait = hangGuard }, "--log-level", "debug")

	if r := get(t, s.base+"/readyz"); r.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("/readyz while loading: %s", r.Status)
	}
	event := mention("EvStart", "1700000100.000100", "<@UBOT> "+cloudQuestion)
	r := post(t, s.base+"/slack/events", "application/json", event, slackSigned(slackSecret, time.Now(), event))
	if r.StatusCode != http.StatusServiceUnavailable || r.Header.Get("Retry-After") == "" {
		t.Errorf("Slack event while loading: %s, Retry-After %q; want 503 with Retry-After", r.Status, r.Header.Get("Retry-After"))
	}

	answered := make(chan response, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodGet, s.base+"/v1/ask?q="+url.QueryEscape(cloudQuestion), nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			answered <- response{Status: err.Error()}
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		answered <- response{StatusCode: resp.StatusCode, Status: resp.Status, Body: string(b)}
	}()
	s.waitLog(t, "question waits for the index")
	openGate()
	a := <-answered
	if a.StatusCode != http.StatusOK || !strings.Contains(a.Body, cloudFigure) {
		t.Errorf("question asked while loading: %s %.200s; want the answer once loaded", a.Status, a.Body)
	}

	s.waitReady(t)
	retry := slackSigned(slackSecret, time.Now(), event)
	retry.Set("X-Slack-Retry-Num", "1")
	if r := post(t, s.base+"/slack/events", "application/json", event, retry); r.StatusCode != http.StatusOK {
		t.Errorf("Slack's retry once ready: %s", r.Status)
	}
	select {
	case p := <-slackAPI.postCh:
		if !strings.Contains(p.Text+p.Blocks, cloudFigure) {
			t.Errorf("Slack's retry was answered with %q", p.Text)
		}
	case <-time.After(hangGuard):
		t.Fatal("Slack's retry was not answered")
	}
}

// A question still waiting when the bound passes gets 503 with
// Retry-After, on the API and on the page (issue 15, item 1).
func TestServeNotReadyAfterTheWait(t *testing.T) {
	t.Parallel()
	prepare, _ := gated(t)
	s := launch(t, listen(t), nil, func(m *Main) { prepare(m); m.startupWait = time.Nanosecond })
	for _, target := range []string{"/v1/ask?q=" + url.QueryEscape(cloudQuestion), "/?q=" + url.QueryEscape(cloudQuestion)} {
		r := get(t, s.base+target)
		if r.StatusCode != http.StatusServiceUnavailable || r.Header.Get("Retry-After") != "5" || !strings.Contains(r.Body, "starting up") {
			t.Errorf("GET %s while loading: %s, Retry-After %q; want 503, 5 and a word on starting up", target, r.Status, r.Header.Get("Retry-After"))
		}
	}
}

// SIGTERM while the corpus loads stops serve at once, exit 0 (issue 15,
// item 5).
func TestServeStopsWhileLoading(t *testing.T) {
	t.Parallel()
	prepare, _ := gated(t) // never opened while serve runs
	s := launch(t, listen(t), nil, prepare)
	if r := get(t, s.base+"/healthz"); r.StatusCode != http.StatusOK {
		t.Fatalf("/healthz: %s", r.Status)
	}
	if code := s.stop(t); code != exitOK {
		t.Errorf("serve stopped while loading: exit %d, want 0", code)
	}
	assertClosed(t, s.addr)
}

// Slack's and Discord's APIs unreachable at start: serve keeps serving the
// web and retries them, and stops cleanly (issue 15, item 2).
func TestServeSurvivesPlatformOutage(t *testing.T) {
	t.Parallel()
	env := map[string]string{
		"SLACK_BOT_TOKEN":      slackToken,
		"SLACK_SIGNING_SECRET": slackSecret,
		"SLACK_API_URL":        "http://127.0.0.1:1/",
		"DISCORD_BOT_TOKEN":    "discord-test-token",
		"DISCORD_API_URL":      "http://127.0.0.1:1",
	}
	s := startServe(t, listen(t), env)
	s.waitLog(t, "cannot reach Slack")
	s.waitLog(t, "cannot reach Discord")
	if r := get(t, s.base+"/v1/ask?q="+url.QueryEscape(cloudQuestion)); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, cloudFigure) {
		t.Errorf("web during the outage: %s", r.Status)
	}
	if code := s.stop(t); code != exitOK {
		t.Errorf("exit %d, want 0", code)
	}
	for _, secret := range []string{slackToken, "discord-test-token"} {
		if strings.Contains(s.stderr.String(), secret) {
			t.Errorf("a token reached the log")
		}
	}
}

// A corpus folder holding a named pipe, a link to a device and a link to a
// file outside it: serve starts, names each file it skipped, and the file
// outside is not served (issue 15, items 3 and 6).
func TestServeCorpusSpecialFiles(t *testing.T) {
	t.Parallel()
	outside := filepath.Join(t.TempDir(), "passwd")
	if err := os.WriteFile(outside, []byte("root:x:0:0:SECRET-LINE\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := smallCorpus(t)
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.md"), 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	for name, target := range map[string]string{"leak.md": outside, "zero.md": "/dev/zero"} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	s := startServe(t, listen(t), nil, "--corpus", dir)
	r := get(t, s.base+"/sources/leak.md")
	if r.StatusCode != http.StatusNotFound || strings.Contains(r.Body, "SECRET-LINE") {
		t.Errorf("GET /sources/leak.md: %s; want 404 and nothing of the file", r.Status)
	}
	for _, name := range []string{"pipe.md", "leak.md", "zero.md"} {
		if !regexp.MustCompile(`skipped a corpus file.*` + regexp.QuoteMeta(name)).MatchString(s.stderr.String()) {
			t.Errorf("the log does not name %s as skipped", name)
		}
	}
}

// A file over --max-file-size (or MAX_FILE_SIZE) is skipped and named; a
// size that is not one is a usage error (issue 15, item 4).
func TestMaxFileSize(t *testing.T) {
	t.Parallel()
	dir := smallCorpus(t)
	writeFiles(t, dir, map[string]string{"big.md": "Big news\n\n" + strings.Repeat("Revenue rose 5% in the quarter.\n", 4000)})
	r := run(t, "index", "--corpus", dir, "--index", t.TempDir(), "--max-file-size", "64KiB")
	if r.code != exitFail || !regexp.MustCompile(`big\.md: too large.*65536`).MatchString(r.stdout) {
		t.Errorf("index with a file over the limit: exit %d, want 1 and big.md named as too large:\n%s", r.code, r.stdout)
	}
	if r := run(t, "index", "--corpus", dir, "--index", t.TempDir()); r.code != exitOK {
		t.Errorf("index under the default limit: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	m, _, stderr := testMain(map[string]string{"MAX_FILE_SIZE": "64KiB"})
	if code := m.Run(t.Context(), []string{"ask", "--corpus", dir, cloudQuestion}); code != exitOK || !strings.Contains(stderr.String(), "big.md: too large") {
		t.Errorf("ask with MAX_FILE_SIZE: exit %d, stderr %q; want 0 and a warning naming big.md", code, stderr)
	}
	for _, bad := range []string{"lots", "-1", "0", "12XB"} {
		if r := run(t, "index", "--corpus", dir, "--index", t.TempDir(), "--max-file-size", bad); r.code != exitUsage {
			t.Errorf("--max-file-size %q: exit %d, want 2", bad, r.code)
		}
	}
}

// After a signal serve says not ready while it still answers, and only
// then closes the listener (issue 15, item 13).
func TestServeDrainsBeforeStopping(t *testing.T) {
	t.Parallel()
	draining := make(chan time.Duration, 1)
	release := make(chan struct{})
	env := map[string]string{"SHUTDOWN_DELAY": "7s"}
	s := startMain(t, listen(t), env, func(m *Main) {
		m.Drain = func(ctx context.Context, d time.Duration) {
			draining <- d
			<-release
		}
	})
	s.cancel()
	select {
	case d := <-draining:
		if d != 7*time.Second {
			t.Errorf("drained for %v, want SHUTDOWN_DELAY's 7s", d)
		}
	case <-time.After(hangGuard):
		t.Fatal("serve did not drain")
	}
	if r := get(t, s.base+"/readyz"); r.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("/readyz while draining: %s, want 503", r.Status)
	}
	if r := get(t, s.base+"/v1/ask?q="+url.QueryEscape(cloudQuestion)); r.StatusCode != http.StatusOK {
		t.Errorf("a question while draining: %s, want an answer", r.Status)
	}
	close(release)
	if code := s.stop(t); code != exitOK {
		t.Errorf("exit %d, want 0", code)
	}
	assertClosed(t, s.addr)
}

// With --state, an event answered before a restart is not answered again
// when Slack retries it after the restart (issue 15, item 11).
func TestServeStateSurvivesRestart(t *testing.T) {
	t.Parallel()
	slackAPI := newFakeSlack(t)
	stateDir := t.TempDir()
	env := map[string]string{"SLACK_BOT_TOKEN": slackToken, "SLACK_SIGNING_SECRET": slackSecret, "SLACK_API_URL": slackAPI.srv.URL + "/"}
	event := mention("EvRestart", "1700000200.000100", "<@UBOT> "+cloudQuestion)

	first := startServe(t, listen(t), env, "--state", stateDir)
	post(t, first.base+"/slack/events", "application/json", event, slackSigned(slackSecret, time.Now(), event))
	select {
	case <-slackAPI.postCh:
	case <-time.After(hangGuard):
		t.Fatal("the event was not answered")
	}
	if code := first.stop(t); code != exitOK {
		t.Fatalf("first serve: exit %d", code)
	}

	second := startServe(t, listen(t), map[string]string{"STATE_DIR": stateDir, "SLACK_BOT_TOKEN": slackToken, "SLACK_SIGNING_SECRET": slackSecret, "SLACK_API_URL": slackAPI.srv.URL + "/"})
	retry := slackSigned(slackSecret, time.Now(), event)
	retry.Set("X-Slack-Retry-Num", "2")
	if r := post(t, second.base+"/slack/events", "application/json", event, retry); r.StatusCode != http.StatusOK {
		t.Errorf("retry after the restart: %s, want 200", r.Status)
	}
	if code := second.stop(t); code != exitOK { // waits for any reply in flight
		t.Fatalf("second serve: exit %d", code)
	}
	if n := len(slackAPI.postsIn("C1", "1700000200.000100")); n != 1 {
		t.Errorf("%d replies to one event across a restart, want 1", n)
	}
}

// The same document under several names counts once: its figure is not
// "3 sources agree", and bot index names the copies without failing
// (issue 15, item 11).
func TestDuplicateDocuments(t *testing.T) {
	t.Parallel()
	dir := smallCorpus(t)
	doc := embedded(t, goodDoc)
	writeFiles(t, dir, map[string]string{"copies/a.md": doc, "copies/b.md": doc})
	r := run(t, "ask", "--corpus", dir, "--json", cloudQuestion)
	a := decodeOne(t, r.stdout)
	if strings.Contains(a.Answer, "sources agree") || len(a.Citations) != 1 {
		t.Errorf("one document under three names: %q with %d citations; want one source", a.Answer, len(a.Citations))
	}
	r = run(t, "index", "--corpus", dir, "--index", t.TempDir())
	if r.code != exitOK || strings.Count(r.stdout, "duplicate") != 2 {
		t.Errorf("index: exit %d, want 0 and both copies named as duplicates:\n%s", r.code, r.stdout)
	}
}

// The page keeps a follow-up's context: "and total revenue?" after a
// question about the December quarter is answered for that quarter (issue
// 15, item 17).
func TestServePageFollowUp(t *testing.T) {
	t.Parallel()
	s := startServe(t, listen(t), nil)
	first := get(t, s.base+"/?q="+url.QueryEscape("cloud rev growth in the december quarter"))
	v := url.Values{"q": {"and total revenue?"}}
	for _, m := range regexp.MustCompile(`<input type="hidden" name="(ctx_\w+)" value="([^"]*)">`).FindAllStringSubmatch(first.Body, -1) {
		v.Set(m[1], m[2])
	}
	if v.Get("ctx_period") == "" {
		t.Fatalf("the page carries no context for a follow-up:\n%s", first.Body)
	}
	next := get(t, s.base+"/?"+v.Encode())
	answer := regexp.MustCompile(`(?s)<p class="answer[^"]*">(.*?)</p>`).FindStringSubmatch(next.Body)
	if answer == nil || !strings.Contains(answer[1], "December 31, 2024") {
		t.Errorf("the follow-up was not answered for the December quarter: %q", answer)
	}
}
