package answer_test

import (
	"context"
	"fmt"

	resultsbot "github.com/resultsbot/resultsbot"
	"github.com/resultsbot/resultsbot/internal/answer"
	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/facts"
	"github.com/resultsbot/resultsbot/internal/index"
)

// The pipeline of `bot ask` over the embedded corpus: load, extract facts,
// index them with the passages, and ask.
func Example() {
	ctx := context.Background()
	c, _ := corpus.Load(resultsbot.Corpus())
	ex := facts.New(c.Companies)
	fs := answer.Extract(ex, c)
	ix, err := index.Open(ctx, index.Options{}, func() []index.Entry { return answer.Entries(c, fs) })
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ix.Close()
	eng := answer.New(c, fs, ix, ex, nil)

	ans, err := eng.Answer(ctx, answer.Question{Text: "What was Alibaba's revenue for the quarter ending December 2024?"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ans.Text)
	for _, cit := range ans.Citations {
		fmt.Println("-", cit.Doc)
	}
	// Output:
	// Alibaba's revenue was 280.2 billion yuan, up 8% in the quarter ended December 31, 2024 (fiscal 2025 Q3).
	// - alibaba/004_a4a7f700393e1ad5.md
}
