package tagger

import (
	"testing"
	"time"

	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/lexicon"
	"github.com/resultsbot/resultsbot/internal/period"
)

var (
	sep2025 = period.QuarterEnding(2025, time.September)
	dec2024 = period.QuarterEnding(2024, time.December)
)

// seedCompanies is a registry in the shape of the embedded corpus's.
var seedCompanies = []corpus.Company{
	{
		Name: "Alibaba Group Holding", Short: "Alibaba", Aliases: []string{"Alibaba Group"},
		Tickers: []string{"NYSE:BABA", "HKEX:9988"}, FiscalYearEnd: "03-31",
		Segments: map[string][]string{
			"cloud":                  {"Cloud Intelligence Group", "Alibaba Cloud"},
			"international commerce": {"Alibaba International Digital Commerce Group", "AIDC", "international commerce unit"},
			"china e-commerce":       {"Taobao and Tmall Group", "China e-commerce", "China e commerce"},
			"quick commerce":         {"quick commerce", "instant commerce"},
		},
	},
	{Name: "Tencent Holdings", Short: "Tencent", Tickers: []string{"HKEX:0700"}},
	{Name: "Baidu", Short: "Baidu", Tickers: []string{"NASDAQ:BIDU"}},
	{Name: "Norvane Technologies Inc.", Short: "Norvane", Segments: map[string][]string{"data center": {"Data Center"}}},
}

func testLexicon(t testing.TB) *lexicon.Lexicon {
	t.Helper()
	l, err := lexicon.Default()
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func testTagger(t testing.TB) *Tagger {
	t.Helper()
	return New(testLexicon(t), seedCompanies)
}
