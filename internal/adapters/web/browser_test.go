package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/resultsbot/resultsbot/internal/adapters/adaptertest"
)

// chromium returns the path of the Chromium the browser test drives: $CHROMIUM,
// or /usr/bin/chromium (Debian's chromium package), or chromium on $PATH.
func chromium() (string, bool) {
	for _, p := range []string{os.Getenv("CHROMIUM"), "/usr/bin/chromium", "chromium", "chromium-browser"} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path, true
		}
	}
	return "", false
}

// TestBrowser drives the real page in headless Chromium: it types a
// question and submits it with the keyboard, checks the answer and its
// citation card, follows the citation link and checks that the source page
// opened with the cited passage highlighted and marked aria-current.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	exe, ok := chromium()
	if !ok {
		t.Skip("headless Chromium not found at /usr/bin/chromium or on $PATH (apt-get install chromium, or set CHROMIUM): browser test skipped")
	}

	th := newTestHandler(t, Config{})
	th.SetReady(true)
	srv := NewServer("", th, nil)
	ts := newServer(t, srv.Handler)

	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(900, 900),
	)
	defer cancelAlloc()
	browser, cancelBrowser := chromedp.NewContext(alloc, chromedp.WithErrorf(t.Logf))
	defer cancelBrowser()

	const question = "What was Alibaba's cloud revenue growth?"
	err := chromedp.Do(browser,
		chromedp.Navigate(ts+"/"),
		chromedp.WaitVisible(chromedp.ID("q")),
		chromedp.Focus(chromedp.ID("q")),
		chromedp.SendKeys(chromedp.ID("q"), question),
		chromedp.SendKeys(chromedp.ID("q"), kb.Enter), // submit with the keyboard
		chromedp.WaitVisible(chromedp.CSS(".card")),
	)
	if err != nil {
		t.Fatalf("asking on the page: %v", err)
	}
	answerText := run(browser, t, chromedp.Text(chromedp.CSS("p.answer")))
	card := run(browser, t, chromedp.Text(chromedp.CSS(".card")))
	location := run(browser, t, chromedp.Location())
	if answerText != cloudAnswer.Text {
		t.Errorf("answer %q, want %q", answerText, cloudAnswer.Text)
	}
	c := cloudAnswer.Citations[0]
	for _, want := range []string{c.Title, c.Publisher, "November 25, 2025", c.Quote} {
		if !strings.Contains(card, want) {
			t.Errorf("citation card %q lacks %q", card, want)
		}
	}
	if !strings.Contains(location, "/?q=What+was+Alibaba") {
		t.Errorf("the form did not submit by GET: at %s", location)
	}
	if got := th.engine.questions(); len(got) != 1 || got[0].Text != question {
		t.Errorf("engine asked %+v, want %q once", got, question)
	}

	err = chromedp.Do(browser,
		chromedp.Click(chromedp.CSS(".card-title a")),
		chromedp.WaitVisible(chromedp.ID("doc-title")),
		chromedp.WaitReady(chromedp.CSS("#p-2[aria-current]")),
	)
	if err != nil {
		t.Fatalf("following the citation: %v", err)
	}
	location = run(browser, t, chromedp.Location())
	title := run(browser, t, chromedp.Text(chromedp.ID("doc-title")))
	target := run(browser, t, chromedp.Evaluate[string](`document.querySelector(":target").id`))
	current := run(browser, t, chromedp.Evaluate[string](`document.getElementById("p-2").getAttribute("aria-current")`))
	focused := run(browser, t, chromedp.Evaluate[string](`document.activeElement.id`))
	background := run(browser, t, chromedp.Evaluate[string](`getComputedStyle(document.getElementById("p-2")).backgroundColor`))
	other := run(browser, t, chromedp.Evaluate[string](`getComputedStyle(document.getElementById("p-1")).backgroundColor`))
	if !strings.HasSuffix(location, c.Link) {
		t.Errorf("citation link opened %s, want %s", location, c.Link)
	}
	if title != c.Title {
		t.Errorf("source page title %q, want %q", title, c.Title)
	}
	if target != "p-2" || current != "location" || focused != "p-2" {
		t.Errorf("cited passage: :target #%s, aria-current %q, focus #%s; want #p-2, location, #p-2", target, current, focused)
	}
	// The highlight is the page's own CSS: no background would mean the
	// stylesheet was blocked (say by the Content-Security-Policy).
	if background == other || background == "rgba(0, 0, 0, 0)" {
		t.Errorf("cited passage not highlighted: background %q, its neighbour's %q", background, other)
	}

	// A table row: the card shows the column, the header line and the row,
	// and the link opens the table with the row highlighted, on its page.
	err = chromedp.Do(browser,
		chromedp.Navigate(ts+"/?q="+url.QueryEscape("What was Norhaven's revenue?")),
		chromedp.WaitVisible(chromedp.CSS(".card .rowquote")),
	)
	if err != nil {
		t.Fatalf("asking about a table: %v", err)
	}
	card = run(browser, t, chromedp.Text(chromedp.CSS(".card")))
	for _, want := range []string{"p. 2", "Table row, column Q4 2025", adaptertest.TableHeaderLine, adaptertest.TableRowLine} {
		if !strings.Contains(card, want) {
			t.Errorf("table citation card %q lacks %q", card, want)
		}
	}
	err = chromedp.Do(browser,
		chromedp.Click(chromedp.CSS(".card-title a")),
		chromedp.WaitReady(chromedp.CSS("#p-9[aria-current]")),
	)
	if err != nil {
		t.Fatalf("following the table citation: %v", err)
	}
	row := run(browser, t, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("#p-9 td")).backgroundColor`))
	next := run(browser, t, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("#p-10 td")).backgroundColor`))
	align := run(browser, t, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("#p-9 td")).textAlign`))
	page := run(browser, t, chromedp.Evaluate[string](`document.querySelector("#p-9").closest(".doc").querySelectorAll(".page")[1].textContent`))
	if row == next || row == "rgba(0, 0, 0, 0)" {
		t.Errorf("cited row not highlighted: background %q, the next row's %q", row, next)
	}
	if align != "right" {
		t.Errorf("figures aligned %q, want right", align)
	}
	if page != "Page 2" {
		t.Errorf("second page label %q", page)
	}
}

// run runs one action in the browser and returns its value.
func run[T any](ctx context.Context, t *testing.T, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	return v
}

// newServer serves h on a local port until the test ends and returns its URL.
func newServer(t *testing.T, h http.Handler) string {
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL
}
