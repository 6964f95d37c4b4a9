package answer_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.golden from the engine's answers")

// TestGolden asks every phrasing of every evaluation case and compares
// question -> answer text -> citations with testdata/golden/<corpus>.golden,
// so that answer and citation drift shows in review. Regenerate with
//
//	go test ./internal/answer -run Golden -update
func TestGolden(t *testing.T) {
	for _, ec := range evalCorpora() {
		t.Run(ec.name, func(t *testing.T) {
			b := ec.bot(t)
			var questions []string
			for _, c := range ec.cases(t) {
				for _, q := range c.Q {
					if !slices.Contains(questions, q) {
						questions = append(questions, q)
					}
				}
			}
			var got []goldenEntry
			for _, q := range questions {
				got = append(got, goldenEntry{q: q, body: goldenBody(t, b, q)})
			}
			file := filepath.Join("testdata", "golden", ec.name+".golden")
			if *update {
				if err := os.WriteFile(file, []byte(formatGolden(got)), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			want := parseGolden(string(data))
			wantBy := map[string]string{}
			for _, w := range want {
				wantBy[w.q] = w.body
			}
			diffs := 0
			for _, g := range got {
				w, ok := wantBy[g.q]
				switch {
				case !ok:
					t.Errorf("Q: %s\n\tnot in %s (run with -update)", g.q, file)
					diffs++
				case w != g.body:
					t.Errorf("Q: %s\n--- want (%s)\n%s\n+++ got\n%s", g.q, file, w, g.body)
					diffs++
				}
				delete(wantBy, g.q)
			}
			for q := range wantBy {
				t.Errorf("Q: %s\n\tin %s but no longer asked (run with -update)", q, file)
				diffs++
			}
			if diffs > 0 {
				t.Logf("%d of %d answers differ from %s; if the change is intended: go test ./internal/answer -run Golden -update", diffs, len(got), file)
			}
		})
	}
}

type goldenEntry struct{ q, body string }

// goldenBody is the answer to q as a golden file records it: the answer
// line, then one line per citation with its document and quote.
func goldenBody(t *testing.T, b *bot, q string) string {
	t.Helper()
	ans, err := ask(t, b, q)
	if err != nil {
		return "error: " + err.Error()
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "A: %s\n", oneLine(ans.Text))
	fmt.Fprintf(&sb, "answered=%v company=%q period=%q", ans.Answered, ans.Company, ans.Period)
	if len(ans.Missing) > 0 {
		fmt.Fprintf(&sb, " missing=%s", strings.Join(ans.Missing, ","))
	}
	for i, c := range ans.Citations {
		fmt.Fprintf(&sb, "\n[%d] %s: %q", i+1, c.Doc, c.Quote)
	}
	return sb.String()
}

func oneLine(s string) string { return strings.ReplaceAll(s, "\n", `\n`) }

// formatGolden writes entries as blocks "Q: ...\nbody\n" separated by blank lines.
func formatGolden(es []goldenEntry) string {
	var sb strings.Builder
	for i, e := range es {
		if i > 0 {
			sb.WriteString("\n")
		}
		fmt.Fprintf(&sb, "Q: %s\n%s\n", e.q, e.body)
	}
	return sb.String()
}

// parseGolden reads what formatGolden writes.
func parseGolden(s string) []goldenEntry {
	var out []goldenEntry
	for _, block := range strings.Split(strings.TrimSpace(s), "\n\nQ: ") {
		block = strings.TrimPrefix(block, "Q: ")
		q, body, _ := strings.Cut(block, "\n")
		out = append(out, goldenEntry{q: q, body: strings.TrimRight(body, "\n")})
	}
	return out
}
