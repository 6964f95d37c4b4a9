package segdump

import (
	"fmt"
	"os"
	"sort"
	"testing"

	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/facts"
	"github.com/resultsbot/resultsbot/internal/lexicon"
)

func TestDump(t *testing.T) {
	c, _ := corpus.Load(os.DirFS(os.Getenv("CORPUS")))
	lex, _ := lexicon.Default()
	ds := facts.FindSegments(c, lex)
	for _, co := range ds.Companies {
		var ks []string
		for k, v := range co.Segments {
			ks = append(ks, fmt.Sprintf("%s=%v", k, v))
		}
		sort.Strings(ks)
		fmt.Println(co.Name, ks)
	}
	fmt.Println("sections:", len(ds.Sections))
}
