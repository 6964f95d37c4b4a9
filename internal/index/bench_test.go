package index

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
)

// benchEntries makes n passage entries and as many fact entries, spread
// over companies of 600 passages each, in the words of results documents.
func benchEntries(n int) []Entry {
	r := rand.New(rand.NewPCG(7, 7))
	words := strings.Fields(`revenue revenues grew increase decrease cloud advertising gaming logistics quarter year
		net income operating adjusted EBITA margin million billion yuan dollars analysts expected estimate shares
		rose fell percent the of to in and a was were compared with same period last customers demand AI data center
		capital expenditures free cash flow diluted earnings per share guidance outlook segment international commerce`)
	out := make([]Entry, 0, 2*n)
	for i := range n {
		var b strings.Builder
		for range 12 + r.IntN(20) {
			b.WriteString(words[r.IntN(len(words))])
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%d.%d", r.IntN(100), r.IntN(100))
		co := fmt.Sprintf("Company %d", i/600)
		per := fmt.Sprintf("quarter ended 20%02d-09-30", 10+(i/30)%20)
		doc := fmt.Sprintf("c%d/d%d.md", i/600, i/30)
		id := fmt.Sprintf("%s#%d", doc, i%30)
		out = append(out, Entry{ID: id, Type: TypePassage, Text: b.String(), Company: co, Doc: doc, Period: per})
		out = append(out, Entry{ID: id + "/f0", Type: TypeFact, Text: "cloud revenue " + b.String(), Company: co, Doc: doc, Period: per, Segment: "cloud", Metric: "revenue", Kind: "actual"})
	}
	return out
}

var benchSizes = []int{1000, 10000, 100000}

// BenchmarkBuild is index.Open over entries: passages/s counts the passage
// entries, entries/s all of them (a fact per passage here).
func BenchmarkBuild(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			es := benchEntries(n)
			b.ReportAllocs()
			for b.Loop() {
				ix, err := Open(context.Background(), Options{}, func() []Entry { return es })
				if err != nil {
					b.Fatal(err)
				}
				ix.Close()
			}
			sec := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(float64(n)/sec, "passages/s")
			b.ReportMetric(float64(len(es))/sec, "entries/s")
		})
	}
}

var benchQuestions = []string{
	"What was cloud revenue in the latest quarter?",
	"How much did net income grow year over year?",
	"What did analysts expect for advertising revenue?",
	"What were capital expenditures?",
	"How fast did international commerce grow?",
}

// BenchmarkSearch compares Search as the engine calls it (text, type and
// company) with a raw bleve match query for the same words: the floor.
func BenchmarkSearch(b *testing.B) {
	for _, n := range benchSizes {
		es := benchEntries(n)
		ix, err := Open(context.Background(), Options{}, func() []Entry { return es })
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("%d/engine-query", n), func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				q := Query{Text: benchQuestions[i%len(benchQuestions)], Type: TypeFact, Company: "Company 1", Limit: 1000}
				if _, err := ix.Search(context.Background(), q); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
		b.Run(fmt.Sprintf("%d/text-only", n), func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := ix.Search(context.Background(), Query{Text: benchQuestions[i%len(benchQuestions)]}); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
		b.Run(fmt.Sprintf("%d/raw-bleve", n), func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				m := bleve.NewMatchQuery(benchQuestions[i%len(benchQuestions)])
				m.SetField("Text")
				m.Analyzer = en.AnalyzerName
				if _, err := ix.b.SearchInContext(context.Background(), bleve.NewSearchRequest(m)); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
		ix.Close()
	}
}
