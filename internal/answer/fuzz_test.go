package answer_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/resultsbot/resultsbot/internal/answer"
)

// FuzzAnswer asks the engine over the embedded corpus anything at all: it
// must not panic, must fail only with ErrEmptyQuestion (and only for text
// without letters or digits), and every answer keeps invariants (a) figures
// are quoted and (d) declines carry no digits, the missing part and
// suggestions; (b), (e) and (f) are checked too, being cheap. (c) is left
// to TestEval, whose questions are real ones.
func FuzzAnswer(f *testing.F) {
	for _, s := range []string{
		"",
		"?",
		"   \t\n",
		"what was cloud revenue growth?",
		"cloud rev growth yoy",
		"what was Tencent's revenue 2023 Q4 $5 billion 34%?",
		"revenue in the December quarter of fiscal 2099 Q9",
		"q0 fy-1 quarter ended 0000-00-00",
		"\x00\x01\x02 revenue \x7f",
		"\u200f\u202eeunever duolc\u202c",
		"阿里巴巴云收入增长多少？",
		"ما هي إيرادات علي بابا؟",
		"☁️📈 alibaba cloud 🚀🚀",
		strings.Repeat("revenue ", 2000),
		strings.Repeat("a", 100<<10),
		strings.Repeat("9", 5000) + "% growth",
		"what did the CEO say about \"demand\"",
		"who is 12345's CEO?",
		"BABA NYSE:BABA HKEX:9988 9988",
		"\xff\xfe invalid utf8 revenue",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		b := seed(t)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		ans, err := b.engine.Answer(ctx, answer.Question{Text: q})
		hasWord := strings.ContainsFunc(q, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
		switch {
		case errors.Is(err, answer.ErrEmptyQuestion):
			if hasWord {
				t.Fatalf("%q: ErrEmptyQuestion for a question with letters or digits", q)
			}
			return
		case err != nil:
			t.Fatalf("%q: %v", q, err)
		case !hasWord:
			t.Fatalf("%q: no ErrEmptyQuestion for a question without letters or digits", q)
		}
		for _, v := range invariants(b, ans) {
			if strings.HasPrefix(v, "(c)") {
				continue
			}
			t.Errorf("%q: %s\n\tanswer: %s", q, v, ans.Text)
		}
	})
}
