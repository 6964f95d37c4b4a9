package segdump

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/facts"
	"github.com/resultsbot/resultsbot/internal/lexicon"
)

func TestFacts(t *testing.T) {
	c, _ := corpus.Load(os.DirFS(os.Getenv("CORPUS")))
	lex, _ := lexicon.Default()
	ex := facts.NewWithSegments(lex, facts.FindSegments(c, lex))
	for _, d := range c.Docs {
		if !strings.Contains(d.Path, os.Getenv("DOC")) {
			continue
		}
		for _, p := range d.Passages {
			if g := os.Getenv("GREP"); g != "" && !strings.Contains(p.Text, g) {
				continue
			}
			for _, f := range ex.Extract(p) {
				v, ch := "", ""
				if f.Value != nil {
					v = f.Value.Text
				}
				if f.Change != nil {
					ch = f.Change.Text
					if f.Change.Amount != nil {
						ch += "[amt " + f.Change.Amount.Text + "]"
					}
				}
				fmt.Printf("%-20s %-18s %-8s v=%-18q ch=%-14q %s %q\n", f.Segment, f.Metric, f.Kind, v, ch, f.Period, f.Label)
			}
		}
	}
}
