package synth

// EmbeddedQuestions are questions about the corpus the binary embeds, for
// benchmarks and load runs that use it instead of a generated corpus.
var EmbeddedQuestions = []string{
	"What was Alibaba's cloud revenue growth in the latest quarter?",
	"How much revenue did Alibaba make last quarter?",
	"What was Alibaba's adjusted EBITA?",
	"How much does Alibaba plan to invest in AI?",
	"What did analysts expect for Alibaba's cloud revenue?",
	"What did Eddie Wu say about AI demand?",
	"How fast did Alibaba's quick commerce grow?",
	"What was Alibaba's net income?",
}
