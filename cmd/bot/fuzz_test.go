package main

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"unicode"

	resultsbot "github.com/resultsbot/resultsbot"
	"github.com/resultsbot/resultsbot/internal/answer"
)

// oddQuestions are questions a user could type that the bot has never seen
// the like of. Each gets an answer or a decline, never a crash.
var oddQuestions = []string{
	cloudQuestion,
	"What was Baidu's revenue?",
	strings.Repeat("what was cloud revenue growth? ", 100<<10/31), // ~100 KB
	strings.Repeat("x", 100<<10),
	"cloud\x00revenue\x07growth\x1b[31m?\r\n\t",
	"\u202eworg euneveR duolC",       // right-to-left override
	"阿里云收入增长了多少？",                    // Chinese
	"Какой был рост выручки облака?", // Russian
	"ما هو نمو إيرادات السحابة؟",     // Arabic
	"クラウドの売上成長率は？",                   // Japanese
	"☁️📈 cloud revenue growth? 🚀🚀",
	"👨‍👩‍👧‍👦 what about EBITA?",
	"what was revenue in the quarter ended 9999-99-99?",
	"revenue growth in Q5 FY-2147483648",
	"\"\"\"'''```<script>alert(1)</script>",
	"<@U123> <!channel> @everyone what was cloud revenue growth?",
	"%s %d %v {{.}} ${HOME} $(rm -rf /)",
	"a",
	"0",
	strings.Repeat("Alibaba ", 2000),
	"caf\xe9 \xff\xfe invalid UTF-8 revenue",
}

// loadEngine loads the embedded corpus once for all the tests of the
// process: bot ask reloads the corpus on every run, which takes seconds
// under -race, too slow for a fuzz iteration.
var loadEngine = sync.OnceValues(func() (*loaded, error) {
	m := &Main{Corpus: resultsbot.Corpus()}
	return m.load(context.Background(), source{}, slog.New(slog.DiscardHandler))
})

// FuzzAsk drives the engine bot ask uses with arbitrary questions: it must
// answer or decline, with citations that quote the corpus verbatim, and
// return ErrEmptyQuestion only for a question with no letters or digits
// (bot ask's usage error).
func FuzzAsk(f *testing.F) {
	for _, q := range oddQuestions {
		f.Add(q)
	}
	l, err := loadEngine()
	if err != nil {
		f.Fatal(err)
	}
	corpusFS := resultsbot.Corpus()
	f.Fuzz(func(t *testing.T, q string) {
		ans, err := l.Engine.Answer(context.Background(), answer.Question{Text: q})
		words := strings.ContainsFunc(q, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
		switch {
		case errors.Is(err, answer.ErrEmptyQuestion):
			if words {
				t.Fatalf("Answer(%.200q): ErrEmptyQuestion for a question with words", q)
			}
			return
		case err != nil:
			t.Fatalf("Answer(%.200q): %v", q, err)
		case !words:
			t.Fatalf("Answer(%.200q): no ErrEmptyQuestion for a question with no words", q)
		}
		if strings.TrimSpace(ans.Text) == "" {
			t.Fatalf("Answer(%.200q): answered %v with no text", q, ans.Answered)
		}
		for i, c := range ans.Citations {
			b, err := fs.ReadFile(corpusFS, c.Doc)
			if err != nil || c.Start < 0 || c.Start > c.End || c.End > len(b) || string(b[c.Start:c.End]) != c.Quote {
				t.Fatalf("Answer(%.200q): citation %d (%s [%d:%d]) does not quote the document verbatim", q, i+1, c.Doc, c.Start, c.End)
			}
		}
	})
}

// TestAskOddQuestions runs a few odd questions through the whole command
// line, as bot ask does (FuzzAsk covers many more against the engine).
// The questions go in one corpus load each, so they are few.
func TestAskOddQuestions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		q    string
		code int
	}{
		{strings.Repeat("what was cloud revenue growth? ", 100<<10/31), exitOK},
		{"☁️📈 cloud\x00revenue\x1b[31m growth? 阿里云", exitOK},
		{"☁️📈🚀 ???", exitUsage}, // no words: a usage error, like an empty question
	}
	for _, tt := range tests {
		r := run(t, "ask", "--corpus", smallCorpus(t), "--json", tt.q)
		if r.code != tt.code {
			t.Errorf("ask %.60q: exit %d, want %d; stderr:\n%s", tt.q, r.code, tt.code, r.stderr)
			continue
		}
		if tt.code == exitOK {
			decodeOne(t, r.stdout)
		}
	}
}
