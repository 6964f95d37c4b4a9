package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Questions the formats corpus answers, one a document.
const (
	brindlewoodQ = "What were Brindlewood's net sales in the third quarter?"
	taskelQ      = "What was Taskel's revenue in the third quarter?"
	taskelDoc    = "2025-11-04-taskel-q3.txt"
	taskelFigure = "€860 million"
)

// copyFormats copies files of testdata/formats into dir, each written
// under a name the corpus ignores and renamed into place, as bot add
// does, so that a reload never sees half a file.
func copyFormats(t *testing.T, dir string, names ...string) {
	t.Helper()
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(formatsDir, n))
		if err != nil {
			t.Fatal(err)
		}
		tmp := filepath.Join(dir, ".tmp-"+n)
		if err := os.WriteFile(tmp, b, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, filepath.Join(dir, n)); err != nil {
			t.Fatal(err)
		}
	}
}

// reloadHooks returns a prepare function for startMain that reports each
// reload's outcome on the returned channel.
func reloadHooks() (func(*Main), chan string) {
	outcomes := make(chan string, 64)
	return func(m *Main) {
		m.reloaded = func(o string) {
			select {
			case outcomes <- o:
			default: // a test that stopped listening must not stall serve
			}
		}
	}, outcomes
}

// waitReload waits for a reload with the outcome want (any, when want is
// ""), passing over others (a change can take two reloads, the first
// superseded).
func waitReload(t *testing.T, outcomes <-chan string, want string) {
	t.Helper()
	deadline := time.After(hangGuard)
	for {
		select {
		case o := <-outcomes:
			if o == want || want == "" {
				return
			}
		case <-deadline:
			t.Fatalf("no reload %s", want)
		}
	}
}

// askServe asks q over /v1/ask and returns the answer, failing the test on
// anything but a 200 with the answer JSON.
func askServe(t *testing.T, s *server, q string) jsonAnswer {
	t.Helper()
	a, err := askOnce(s.base, q)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// askOnce asks q over /v1/ask; the error is anything but a 200 with an
// answer or a decline.
func askOnce(base, q string) (jsonAnswer, error) {
	resp, err := http.Get(base + "/v1/ask?q=" + url.QueryEscape(q))
	if err != nil {
		return jsonAnswer{}, err
	}
	defer resp.Body.Close()
	var a jsonAnswer
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
		return a, fmt.Errorf("%q: %s, body not an answer: %v", q, resp.Status, err)
	}
	if resp.StatusCode != http.StatusOK || a.Answer == "" {
		return a, fmt.Errorf("%q: %s %+v, want 200 and an answer or a decline", q, resp.Status, a)
	}
	return a, nil
}

// asker asks questions over and over from a goroutine of its own, as
// users do while the corpus reloads, and records every reply that is not
// a real answer or decline.
type asker struct {
	base     string
	asked    atomic.Int64
	mu       sync.Mutex
	failures []string
	stopped  chan struct{}
	done     chan struct{}
}

func startAsker(t *testing.T, s *server, questions ...string) *asker {
	a := &asker{base: s.base, stopped: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(a.done)
		for i := 0; ; i++ {
			select {
			case <-a.stopped:
				return
			default:
			}
			if _, err := askOnce(a.base, questions[i%len(questions)]); err != nil {
				a.mu.Lock()
				a.failures = append(a.failures, err.Error())
				a.mu.Unlock()
			}
			a.asked.Add(1)
		}
	}()
	t.Cleanup(func() { a.stop(t) })
	return a
}

// more waits until n more questions have been answered.
func (a *asker) more(t *testing.T, n int64) {
	t.Helper()
	target := a.asked.Load() + n
	deadline := time.Now().Add(hangGuard)
	for a.asked.Load() < target {
		if time.Now().After(deadline) {
			t.Fatalf("the asker got %d answers of %d", a.asked.Load(), target)
		}
		time.Sleep(time.Millisecond)
	}
}

// stop stops the asker and fails the test for each bad reply it had.
func (a *asker) stop(t *testing.T) {
	t.Helper()
	select {
	case <-a.stopped:
		return
	default:
	}
	close(a.stopped)
	<-a.done
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, f := range a.failures {
		t.Errorf("asked during the reload: %s", f)
	}
}

// checkTaskel checks that a answers the Taskel question from its .txt
// file, quoting the file's bytes.
func checkTaskel(t *testing.T, dir string, a jsonAnswer) {
	t.Helper()
	if !a.Answered || !strings.Contains(a.Answer, taskelFigure) || len(a.Citations) == 0 {
		t.Fatalf("Taskel after the reload: answered %v %q, want %s", a.Answered, a.Answer, taskelFigure)
	}
	b, err := os.ReadFile(filepath.Join(dir, taskelDoc))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range a.Citations {
		if c.Doc != taskelDoc || string(b[*c.Start:*c.End]) != c.Quote {
			t.Errorf("citation %s[%d:%d] %q: not the added file's bytes", c.Doc, *c.Start, *c.End, c.Quote)
		}
	}
}

// TestServeReloadAddsFile: a file added to a served corpus folder answers
// without a restart; questions asked all along get answers or declines,
// never an error or a 503, and from the old index until the new one is
// swapped in (issue 14, item 4).
func TestServeReloadAddsFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	copyFormats(t, dir, "companies.yaml", "brindlewood-q3-2025.md")
	hooks, outcomes := reloadHooks()
	built := make(chan struct{}, 16)
	swap := make(chan struct{})
	prepare := func(m *Main) {
		hooks(m)
		m.reloadBuilt = func() {
			select {
			case built <- struct{}{}:
			default:
			}
			<-swap
		}
	}
	s := startMain(t, listen(t), nil, prepare, "--corpus", dir, "--reload-delay", "10ms")
	openSwap := sync.OnceFunc(func() { close(swap) })
	t.Cleanup(openSwap) // after startMain's, so it runs before serve is stopped
	if a := askServe(t, s, taskelQ); a.Answered {
		t.Fatalf("Taskel answered before its file was added: %q", a.Answer)
	}
	ak := startAsker(t, s, brindlewoodQ, taskelQ)
	ak.more(t, 2)

	copyFormats(t, dir, taskelDoc)
	select {
	case <-built:
	case <-time.After(hangGuard):
		t.Fatal("no reload after a file was added")
	}
	// The new engine is built and held: questions still go to the old one.
	ak.more(t, 4)
	if a := askServe(t, s, taskelQ); a.Answered {
		t.Errorf("Taskel answered before the new index was swapped in: %q", a.Answer)
	}
	if a := askServe(t, s, brindlewoodQ); !a.Answered {
		t.Errorf("Brindlewood declined during the reload: %q", a.Answer)
	}
	openSwap()
	waitReload(t, outcomes, "changed")
	checkTaskel(t, dir, askServe(t, s, taskelQ))
	ak.more(t, 4)
	ak.stop(t)

	if log := s.stderr.String(); !strings.Contains(log, `msg="corpus reloaded"`) || !strings.Contains(log, "added="+taskelDoc) {
		t.Errorf("the log does not say what the reload added:\n%s", grepLines(log, "reload"))
	}
}

// TestServeReloadBrokenFile: a broken file added while serving is named,
// with its reason, in the log, /readyz, /v1/corpus and /metrics, and the
// rest, a good file added with it included, is answered.
func TestServeReloadBrokenFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	copyFormats(t, dir, "companies.yaml", "brindlewood-q3-2025.md")
	hooks, outcomes := reloadHooks()
	s := startMain(t, listen(t), nil, hooks, "--corpus", dir, "--reload-delay", "10ms")
	ak := startAsker(t, s, brindlewoodQ)

	writeFiles(t, dir, map[string]string{"broken.pdf": "%PDF-1.4 broken", "notes.docx": "PK\x03\x04"})
	copyFormats(t, dir, taskelDoc)
	waitReload(t, outcomes, "changed")
	// Both may not have been seen by that reload: wait for one that sees them.
	for !strings.Contains(get(t, s.base+"/readyz").Body, "broken.pdf") {
		waitReload(t, outcomes, "")
	}
	checkTaskel(t, dir, askServe(t, s, taskelQ))
	if a := askServe(t, s, brindlewoodQ); !a.Answered {
		t.Errorf("Brindlewood after a broken file was added: %q", a.Answer)
	}
	ak.more(t, 2)
	ak.stop(t)

	ready := get(t, s.base+"/readyz")
	for _, want := range []string{"ready\n", "broken.pdf: unreadable PDF", "notes.docx: unsupported type: .docx", "last reload ", ": changed"} {
		if ready.StatusCode != 200 || !strings.Contains(ready.Body, want) {
			t.Errorf("/readyz %d lacks %q:\n%s", ready.StatusCode, want, ready.Body)
		}
	}
	var st struct {
		Documents int `json:"documents"`
		Skipped   []struct{ Path, Reason string }
	}
	if err := json.Unmarshal([]byte(get(t, s.base+"/v1/corpus").Body), &st); err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	for _, f := range st.Skipped {
		reasons[f.Path] = f.Reason
	}
	if st.Documents != 2 || len(st.Skipped) != 2 || !strings.HasPrefix(reasons["broken.pdf"], "unreadable PDF") || !strings.HasPrefix(reasons["notes.docx"], "unsupported type") {
		t.Errorf("/v1/corpus: %+v, want 2 documents and broken.pdf, notes.docx skipped", st)
	}
	metrics := get(t, s.base+"/metrics").Body
	for _, want := range []string{"resultsbot_corpus_skipped_files 2", "resultsbot_index_documents 2", "resultsbot_corpus_last_reload_successful 1", `resultsbot_corpus_reloads_total{outcome="failed"} 0`} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if log := s.stderr.String(); !strings.Contains(log, `msg="skipped a corpus file" file=broken.pdf reason="unreadable PDF`) {
		t.Errorf("the log does not name the broken file:\n%s", grepLines(log, "skipped"))
	}
}

// TestServeReloadRemoval: a removed file stops answering without a
// restart; a reload that fails entirely (the last document removed) keeps
// the old corpus serving and says so.
func TestServeReloadRemoval(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	copyFormats(t, dir, "companies.yaml", "brindlewood-q3-2025.md", taskelDoc)
	hooks, outcomes := reloadHooks()
	s := startMain(t, listen(t), nil, hooks, "--corpus", dir, "--reload-delay", "10ms")
	checkTaskel(t, dir, askServe(t, s, taskelQ))
	ak := startAsker(t, s, brindlewoodQ, taskelQ)
	ak.more(t, 2)

	if err := os.Remove(filepath.Join(dir, taskelDoc)); err != nil {
		t.Fatal(err)
	}
	waitReload(t, outcomes, "changed")
	if a := askServe(t, s, taskelQ); a.Answered {
		t.Errorf("Taskel answered after its file was removed: %q", a.Answer)
	}
	if a := askServe(t, s, brindlewoodQ); !a.Answered {
		t.Errorf("Brindlewood after another file was removed: %q", a.Answer)
	}
	if log := s.stderr.String(); !strings.Contains(log, "removed="+taskelDoc) {
		t.Errorf("the log does not say what the reload removed:\n%s", grepLines(log, "reload"))
	}

	if err := os.Remove(filepath.Join(dir, "brindlewood-q3-2025.md")); err != nil {
		t.Fatal(err)
	}
	waitReload(t, outcomes, "failed")
	if a := askServe(t, s, brindlewoodQ); !a.Answered {
		t.Errorf("Brindlewood after a failed reload: %q, want the old corpus still serving", a.Answer)
	}
	ak.more(t, 2)
	ak.stop(t)
	if r := get(t, s.base+"/readyz"); r.StatusCode != 200 || !strings.Contains(r.Body, ": failed: ") {
		t.Errorf("/readyz after a failed reload: %d\n%s", r.StatusCode, r.Body)
	}
	metrics := get(t, s.base+"/metrics").Body
	for _, want := range []string{`resultsbot_corpus_reloads_total{outcome="failed"} 1`, "resultsbot_corpus_last_reload_successful 0", "resultsbot_index_documents 1"} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if log := s.stderr.String(); !strings.Contains(log, `msg="reload failed; still serving the previous corpus"`) {
		t.Errorf("the log does not report the failed reload:\n%s", grepLines(log, "reload"))
	}
}

// TestServeReloadIndexDir: with --index DIR a reload builds the new index
// in a generation folder of its own and points DIR/bleve at it once it is
// complete; the old generation goes once its index is closed, and the
// next run reuses the new index. Loading and reloading log their progress
// (here with a clock on which everything takes minutes).
func TestServeReloadIndexDir(t *testing.T) {
	t.Parallel()
	dir, ix := t.TempDir(), t.TempDir()
	copyFormats(t, dir, "companies.yaml", "brindlewood-q3-2025.md")
	if r := run(t, "index", "--corpus", dir, "--index", ix); r.code != exitOK {
		t.Fatalf("index: %d\n%s", r.code, r.stderr)
	}
	hooks, outcomes := reloadHooks()
	prepare := func(m *Main) { hooks(m); m.progressNow = advancingClock() }
	s := startMain(t, listen(t), nil, prepare, "--corpus", dir, "--index", ix, "--reload-delay", "10ms")
	link := func() string {
		t.Helper()
		target, err := os.Readlink(filepath.Join(ix, "bleve"))
		if err != nil {
			t.Fatalf("%s/bleve: %v", ix, err)
		}
		return target
	}
	if got := link(); got != filepath.Join("gen-1", "bleve") {
		t.Errorf("bot index's index, served: bleve -> %s, want gen-1/bleve", got)
	}

	copyFormats(t, dir, taskelDoc)
	waitReload(t, outcomes, "changed")
	checkTaskel(t, dir, askServe(t, s, taskelQ))
	gen := filepath.Dir(link())
	entries, _ := os.ReadDir(ix)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{"bleve", gen}; fmt.Sprint(names) != fmt.Sprint(want) {
		t.Errorf("%s holds %v, want %v (the old generation removed once closed)", ix, names, want)
	}
	if code := s.stop(t); code != exitOK {
		t.Fatalf("serve: exit %d", code)
	}
	log := s.stderr.String()
	for _, want := range []string{`msg="loading: done"`, `msg="reloading: done"`} {
		if !strings.Contains(log, want) {
			t.Errorf("the log lacks %s:\n%s", want, log)
		}
	}
	if r := run(t, "index", "--corpus", dir, "--index", ix); !strings.Contains(r.stdout, "index reused") {
		t.Errorf("bot index after the reload did not reuse its index:\n%s", r.stdout)
	}
}
