package facts

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/period"
)

// loadCorpus2 reads testdata/corpus2 at the repository root with a minimal
// front-matter reader (the real loader lives in internal/corpus), one
// passage per line.
func loadCorpus2(t *testing.T) (*Extractor, map[string][]Fact) {
	t.Helper()
	root := "../../testdata/corpus2"
	b, err := os.ReadFile(filepath.Join(root, "companies.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var companies []corpus.Company
	if err := yaml.Unmarshal(b, &companies); err != nil {
		t.Fatal(err)
	}
	e := New(testLexicon(t), companies)
	files, _ := filepath.Glob(filepath.Join(root, "*", "*.md"))
	if len(files) < 4 {
		t.Fatalf("corpus2: %d documents", len(files))
	}
	out := map[string][]Fact{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		raw := string(b)
		_, rest, _ := strings.Cut(raw, "---\n")
		front, _, _ := strings.Cut(rest, "\n---\n")
		var fm struct {
			Company       string `yaml:"company"`
			Published     string `yaml:"published"`
			Period        string `yaml:"period"`
			FiscalYearEnd string `yaml:"fiscal_year_end"`
		}
		if err := yaml.Unmarshal([]byte(front), &fm); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		meta := &corpus.Meta{Company: fm.Company}
		meta.Published, _ = time.Parse(time.DateOnly, fm.Published)
		meta.Period, _ = period.Parse(fm.Period)
		meta.FiscalYearEnd, _ = period.ParseFiscalYearEnd(fm.FiscalYearEnd)
		bodyStart := len("---\n") + len(front) + len("\n---\n")
		start := 0
		for _, line := range strings.SplitAfter(raw, "\n") {
			text := strings.TrimRight(line, "\n")
			if start >= bodyStart && text != "" {
				p := corpus.Passage{ID: f, Start: start, End: start + len(text), Text: text, Meta: meta, Heading: strings.HasPrefix(text, "#")}
				fs := e.Extract(p)
				checkOffsets(t, text, raw, fs)
				out[filepath.Base(filepath.Dir(f))+"/"+filepath.Base(f)] = append(out[filepath.Base(filepath.Dir(f))+"/"+filepath.Base(f)], fs...)
			}
			start += len(line)
		}
	}
	return e, out
}

func TestCorpus2(t *testing.T) {
	_, docs := loadCorpus2(t)
	q2 := period.QuarterEnding(2025, time.June)
	q3 := sep2025
	const qil, nor, hel = "Qilvara Holdings Limited", "Norvane Technologies Inc.", "Helvaris AG"
	wants := map[string][]want{
		"qilvara/2025-08-21-second-quarter-results.md": {
			{company: qil, segment: Group, metric: Revenue, value: "RMB86,214 million", converted: "USD12,035 million", change: "7%", basis: "yoy", period: q2},
			{segment: Cloud, metric: Revenue, value: "RMB14,480 million", change: "19%", period: q2},
			{segment: QuickCommerce, metric: Revenue, value: "RMB6,902 million", change: "41%"},
			{metric: AdjustedEBITA, value: "RMB13,540 million", change: "3%", direction: "down"},
			{metric: FreeCashFlow, kind: Prior, value: "RMB9,226 million", period: period.QuarterEnding(2024, time.June)},
		},
		"qilvara/2025-11-20-third-quarter-results.md": {
			{segment: Group, metric: Revenue, value: "RMB91,563 million", change: "9%", period: q3},
			{segment: Cloud, metric: Revenue, value: "RMB16,347 million", change: "27%"},
			{segment: InternationalCommerce, metric: Revenue, value: "RMB11,027 million", change: "18%"},
			{metric: NetIncome, value: "RMB10,884 million", qualifier: NonGAAP},
			{metric: Capex, value: "RMB13,760 million"},
			{metric: Investment, kind: Target, value: "RMB150 billion"},
		},
		"qilvara/2025-11-21-news.md": {
			{company: qil, segment: Group, metric: Revenue, value: "91.56 billion yuan", converted: "$12.86 billion", change: "9%", period: q3},
			{segment: Group, metric: Revenue, kind: Estimate, value: "90.2 billion yuan"},
			{segment: Cloud, metric: Revenue, value: "16.35 billion yuan", change: "27%", basis: "yoy"},
			{segment: Cloud, metric: Revenue, kind: Prior, change: "19%", period: q2},
			{segment: Cloud, metric: Revenue, kind: Estimate, value: "15.9 billion yuan"},
			{metric: SharePrice, value: "HK$148.30", change: "6.2%"},
			{company: nor, metric: Revenue, value: "$8.42 billion"},
		},
		"norvane/2025-10-29-fiscal-q1-2026-results.md": {
			{company: nor, segment: Group, metric: Revenue, value: "$8.42 billion", change: "11%", basis: "qoq", period: q3},
			{metric: Revenue, change: "38%", basis: "yoy"},
			{segment: "data center", metric: Revenue, value: "$6.15 billion", change: "14%", basis: "qoq"},
			{metric: EPS, value: "$1.94", qualifier: NonGAAP},
			{metric: EPS, value: "$1.62", qualifier: GAAP},
			{metric: EPS, kind: Estimate, value: "$1.81"},
			{metric: Revenue, kind: Guidance, value: "$9.1 billion", period: period.QuarterEnding(2025, time.December)},
			{metric: GrossMargin, value: "61.2%", qualifier: GAAP},
		},
		"helvaris/2025-10-23-q3-trading-update.md": {
			{company: hel, segment: Group, metric: Revenue, value: "€3.42 billion", change: "6%", basis: "yoy"},
			{segment: Group, metric: Revenue, change: "9%", qualifier: ConstantCurrency},
			{segment: Subscriptions, metric: Revenue, change: "14%", qualifier: ConstantCurrency},
			{segment: Advertising, metric: Revenue, change: "4%", direction: "down"},
			{metric: NetIncome, kind: Prior, value: "€455 million", period: period.QuarterEnding(2024, time.September)},
			{metric: Revenue, kind: Target, value: "€15 billion"},
		},
	}
	for doc, ws := range wants {
		for _, w := range ws {
			if !hasFact(docs[doc], w) {
				t.Errorf("%s: no fact %+v", doc, w)
			}
		}
	}
	if t.Failed() {
		for doc, fs := range docs {
			t.Logf("%s:\n%s", doc, dump(fs))
		}
	}
}
