package answer_test

import (
	"context"
	"fmt"

	resultsbot "github.com/resultsbot/resultsbot"
	"github.com/resultsbot/resultsbot/internal/answer"
	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/lexicon"
)

// The pipeline of `bot ask` over the embedded corpus: load the corpus and
// the lexicon, build the engine (extract facts, index them with the
// passages), and ask.
func Example() {
	ctx := context.Background()
	c, _ := corpus.Load(resultsbot.Corpus())
	lex, err := lexicon.Default()
	if err != nil {
		fmt.Println(err)
		return
	}
	b, err := answer.Build(ctx, c, lex, answer.BuildOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer b.Close()
	eng := b.Engine

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
