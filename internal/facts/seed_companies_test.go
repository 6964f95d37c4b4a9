package facts

import "github.com/resultsbot/resultsbot/internal/corpus"

// seedCompanies is the registry the seed articles assume.
var seedCompanies = []corpus.Company{
	{
		Name: "Alibaba Group Holding", Short: "Alibaba", Aliases: []string{"Alibaba Group"},
		Tickers: []string{"NYSE:BABA", "HKEX:9988"}, FiscalYearEnd: "03-31",
		Segments: map[string][]string{
			"cloud":                  {"Cloud Intelligence Group", "Alibaba Cloud"},
			"international commerce": {"Alibaba International Digital Commerce Group", "AIDC", "international commerce unit"},
			"china e-commerce":       {"Taobao and Tmall Group", "China e commerce"},
			"quick commerce":         {"instant commerce"},
		},
	},
	{Name: "Tencent Holdings", Short: "Tencent", Tickers: []string{"HKEX:0700"}},
	{Name: "Baidu", Short: "Baidu", Tickers: []string{"NASDAQ:BIDU"}},
}
