package facts

import "github.com/resultsbot/resultsbot/internal/corpus"

// seedCompanies is the registry the seed articles assume.
var seedCompanies = []corpus.Company{
	{
		Name: "Alibaba Group Holding", Short: "Alibaba", Aliases: []string{"Alibaba Group"},
		Tickers: []string{"NYSE:BABA", "HKEX:9988"}, FiscalYearEnd: "03-31",
		// As corpus/companies.yaml: the segments that are Alibaba's own, not
		// the lexicon's.
		Segments: map[string][]string{
			"cloud":                  {"Cloud Intelligence Group", "Alibaba Cloud"},
			"international commerce": {"Alibaba International Digital Commerce Group", "AIDC", "international commerce unit", "international commerce", "overseas commerce", "cross-border commerce", "cross-border e-commerce"},
			"china e-commerce":       {"Taobao and Tmall Group", "China e commerce", "China e-commerce", "China ecommerce", "domestic e-commerce", "Chinese e-commerce"},
			"quick commerce":         {"quick commerce", "instant commerce", "instant retail", "on-demand delivery"},
			"local services":         {"local services", "local consumer services"},
		},
	},
	{Name: "Tencent Holdings", Short: "Tencent", Tickers: []string{"HKEX:0700"}},
	{Name: "Baidu", Short: "Baidu", Tickers: []string{"NASDAQ:BIDU"}},
}
