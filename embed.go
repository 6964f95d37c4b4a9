// Package resultsbot holds what the bot ships with: the embedded corpus of
// results documents. The code lives under internal/ and cmd/.
package resultsbot

import (
	"embed"
	"io/fs"
)

//go:embed corpus
var corpusFS embed.FS

// Corpus returns the embedded corpus: the contents of the repository's
// corpus/ directory, rooted there ("alibaba/000_....md", "companies.yaml").
// The result is read-only and safe for concurrent use.
func Corpus() fs.FS {
	sub, err := fs.Sub(corpusFS, "corpus")
	if err != nil {
		// fs.Sub fails only for an invalid path; "corpus" is valid.
		panic("resultsbot: embedded corpus: " + err.Error())
	}
	return sub
}
