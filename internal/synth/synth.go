// Package synth generates a synthetic corpus of results documents, and
// questions whose right answers are known, for benchmarks and for
// accuracy at scale.
//
// A corpus is N fictional companies x Q quarters. Each company reports in
// one of three styles, each modelled on a real kind of document:
//
//   - RMB press releases: bullets in RMB millions with USD conversions and
//     year-over-year changes, adjusted EBITA, net income attributable;
//   - USD press releases: dollar billions, quarter-over-quarter and
//     year-over-year changes, GAAP and non-GAAP figures, an outlook;
//   - EUR trading updates: prose, reported and constant-currency growth.
//
// Every company-quarter also gets a news article: prose with rounded
// figures in billions, analysts' estimates, the previous quarter's growth
// and the share price move, the distractors a real corpus holds.
//
// Generation is deterministic: the same Options give byte-identical files
// and the same questions. Company names are invented from syllables (see
// names.go), unique within a corpus and never one the bot knows for real.
package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"path"
	"strings"
	"testing/fstest"
	"time"

	"github.com/resultsbot/resultsbot/internal/period"
)

// Options choose what to generate.
type Options struct {
	Seed      uint64
	Companies int // at least 1
	Quarters  int // per company, at least 1; the latest ends 2025-09-30
}

// Sizes of corpus, by the number of passages they reach (within about 15%).
var (
	Size1k   = Options{Seed: 1, Companies: 6, Quarters: 6}
	Size10k  = Options{Seed: 1, Companies: 37, Quarters: 10}
	Size100k = Options{Seed: 1, Companies: 185, Quarters: 20}
)

// SizeNamed returns the preset for "1k", "10k" or "100k".
func SizeNamed(name string) (Options, bool) {
	switch name {
	case "1k":
		return Size1k, true
	case "10k":
		return Size10k, true
	case "100k":
		return Size100k, true
	}
	return Options{}, false
}

// Corpus is a generated corpus.
type Corpus struct {
	// FS holds companies.yaml and one directory of documents per company.
	FS        fstest.MapFS
	Companies []Company
	Questions []Question
	Docs      int
}

// Company is a generated company as its registry entry names it.
type Company struct {
	Name, Short, Ticker string
	FiscalYearEnd       string // "MM-DD"
	Style               string // "rmb", "usd" or "eur"
}

// Question is a generated question with its right answer.
type Question struct {
	Text    string
	Company string // registry name
	Period  string // canonical period.Period form: "quarter ended 2025-09-30"
	// Want holds the figure as each source writes it ("RMB16,347 million",
	// "16.35 billion yuan", "27%"); a right answer contains one of them.
	Want []string
	Kind string // what is asked: "segment revenue", "revenue growth yoy", ...
}

// Correct reports whether an answer's text and canonical period are the
// right answer to q: the period matches and the text holds one of the
// wanted figures as a whole number ("9%" is not found in "19%").
func (q Question) Correct(text, period string) bool {
	if period != q.Period {
		return false
	}
	for _, w := range q.Want {
		if containsFigure(text, w) {
			return true
		}
	}
	return false
}

func containsFigure(text, fig string) bool {
	for from := 0; ; {
		i := strings.Index(text[from:], fig)
		if i < 0 {
			return false
		}
		i += from
		j := i + len(fig)
		before := i == 0 || !isNumByte(text[i-1])
		after := j == len(text) || !isDigit(text[j]) && !(text[j] == '.' && j+1 < len(text) && isDigit(text[j+1]))
		if before && after {
			return true
		}
		from = i + 1
	}
}

func isDigit(c byte) bool   { return c >= '0' && c <= '9' }
func isNumByte(c byte) bool { return isDigit(c) || c == '.' || c == ',' }

// segment is a business segment a company can report: its canonical name
// (one the facts lexicon knows), the name a press release gives it, and the
// words a news article uses.
type segment struct {
	canon   string
	display string // "%s" is the company's short name
	news    string
	ask     string // how a question names it
}

var segmentCatalog = []segment{
	{"cloud", "%s Cloud", "cloud division", "cloud"},
	{"advertising", "Marketing Services", "advertising business", "advertising"},
	{"gaming", "Online Games", "games business", "gaming"},
	{"fintech", "Financial Technology", "fintech unit", "fintech"},
	{"logistics", "%s Logistics", "logistics arm", "logistics"},
	{"devices", "Client Devices", "devices business", "devices"},
	{"subscriptions", "Software Subscriptions", "subscriptions business", "subscriptions"},
	{"international commerce", "%s Global", "international commerce unit", "international commerce"},
	{"quick commerce", "%s Now", "quick commerce service", "quick commerce"},
	{"local services", "Local Services Group", "local services business", "local services"},
}

// company is a company with its figures, quarter by quarter.
type company struct {
	Company
	city, ceo, cfo, exchange, hk string
	fye                          period.FiscalYearEnd
	segs                         []segment
	// per quarter index t (0 = oldest of five quarters of history, quarters+5 in all)
	revenue [][]float64 // [segment][t], millions; segments sum to less than group
	group   []float64
	opInc   []float64
	netInc  []float64
	adj     []float64
	eps     []float64
	capex   []float64
	fcf     []float64
	rate    []float64 // RMB per USD, or EUR/USD for EUR
	ccDelta []float64 // constant-currency growth minus reported, points
	price   []float64
}

var (
	cities = map[string][]string{
		"rmb": {"HANGZHOU, China", "SHENZHEN, China", "BEIJING, China", "SHANGHAI, China"},
		"usd": {"SAN JOSE, Calif.", "SEATTLE, Wash.", "AUSTIN, Texas", "BOSTON, Mass."},
		"eur": {"MUNICH", "AMSTERDAM", "PARIS", "MILAN"},
	}
	firstNames = []string{"Dana", "Lin", "Mei", "Katrin", "Arvid", "Soren", "Ilse", "Tomas", "Wen", "Priya", "Jonah", "Elif"}
	lastNames  = []string{"Whitcombe", "Haoran", "Shuwen", "Oberholzer", "Lindqvist", "Marchetti", "Okafor", "Brandt", "Castellan", "Yarrow"}
	// Fiscal years end with a calendar quarter, so that every quarter
	// reported ends in March, June, September or December.
	fyes = map[string][]string{"rmb": {"12-31", "03-31"}, "usd": {"12-31", "06-30", "09-30"}, "eur": {"12-31"}}
)

// Generate builds the corpus opt describes.
func Generate(opt Options) *Corpus {
	opt.Companies = max(opt.Companies, 1)
	opt.Quarters = max(opt.Quarters, 1)
	r := rand.New(rand.NewPCG(opt.Seed, 0x5eed))
	names := newNameGen(r)
	c := &Corpus{FS: fstest.MapFS{}}
	var reg strings.Builder
	reg.WriteString("# Company registry of a synthetic corpus (internal/synth). All companies are fictional.\n")
	latest := period.QuarterEnding(2025, time.September)
	for i := 0; i < opt.Companies; i++ {
		co := newCompany(r, names, i, opt.Quarters)
		c.Companies = append(c.Companies, co.Company)
		writeRegistry(&reg, co)
		for q := 0; q < opt.Quarters; q++ {
			t := q + 5 // figures have five quarters of history before the first one
			per := latest.Shift(q - opt.Quarters + 1)
			docs := co.documents(r, t, per)
			for _, d := range docs {
				c.FS[d.path] = &fstest.MapFile{Data: []byte(d.text)}
				c.Docs++
			}
			c.Questions = append(c.Questions, co.questions(r, t, per, q == opt.Quarters-1)...)
		}
	}
	c.FS["companies.yaml"] = &fstest.MapFile{Data: []byte(reg.String())}
	return c
}

func newCompany(r *rand.Rand, names *nameGen, i, quarters int) *company {
	style := []string{"rmb", "usd", "eur"}[i%3]
	short, form, ticker := names.next()
	co := &company{Company: Company{
		Name: short + " " + form, Short: short, Ticker: ticker, Style: style,
		FiscalYearEnd: pick(r, fyes[style]),
	}}
	co.fye, _ = period.ParseFiscalYearEnd(co.FiscalYearEnd)
	co.city = pick(r, cities[style])
	co.ceo = pick(r, firstNames) + " " + pick(r, lastNames)
	co.cfo = pick(r, firstNames) + " " + pick(r, lastNames)
	switch style {
	case "rmb":
		co.exchange = "NASDAQ"
		co.hk = fmt.Sprintf("%04d", 1000+r.IntN(8999))
	case "usd":
		co.exchange = pick(r, []string{"NASDAQ", "NYSE"})
	case "eur":
		co.exchange = "XETRA"
	}
	perm := r.Perm(len(segmentCatalog))
	for _, k := range perm[:3] {
		co.segs = append(co.segs, segmentCatalog[k])
	}
	n := quarters + 5
	scale := map[string]float64{"rmb": 20000 + r.Float64()*80000, "usd": 1500 + r.Float64()*9000, "eur": 800 + r.Float64()*4000}[style]
	trend := 0.005 + r.Float64()*0.04
	series := func(base, noise float64) []float64 {
		s := make([]float64, n)
		v := base
		for t := range s {
			v *= 1 + trend + (r.Float64()-0.5)*noise
			s[t] = v
		}
		return s
	}
	shares := []float64{0.35, 0.25, 0.15}
	for k := range co.segs {
		co.revenue = append(co.revenue, series(scale*shares[k]*(0.8+0.4*r.Float64()), 0.08))
	}
	co.group = make([]float64, n)
	for t := range co.group {
		sum := 0.0
		for k := range co.segs {
			sum += co.revenue[k][t]
		}
		co.group[t] = sum / (0.78 + 0.04*r.Float64())
	}
	frac := func(lo, hi float64) []float64 {
		s := make([]float64, n)
		for t := range s {
			s[t] = co.group[t] * (lo + (hi-lo)*r.Float64())
		}
		return s
	}
	co.opInc = frac(0.08, 0.2)
	co.netInc = frac(0.06, 0.16)
	co.adj = frac(0.12, 0.25)
	co.capex = frac(0.05, 0.14)
	co.fcf = frac(0.03, 0.12)
	co.eps = make([]float64, n)
	co.rate = make([]float64, n)
	co.ccDelta = make([]float64, n)
	co.price = make([]float64, n)
	sharesOut := 800 + r.Float64()*2400 // millions
	for t := range co.eps {
		co.eps[t] = co.netInc[t] / sharesOut
		switch style {
		case "rmb":
			co.rate[t] = 7.05 + r.Float64()*0.25
		case "eur":
			co.rate[t] = 1.05 + r.Float64()*0.12
		}
		co.ccDelta[t] = float64(1 + r.IntN(4))
		co.price[t] = 20 + r.Float64()*280
	}
	return co
}

func writeRegistry(b *strings.Builder, co *company) {
	fmt.Fprintf(b, "- name: %s\n  short: %s\n  aliases: [%s]\n", co.Name, co.Short, co.Short+" "+strings.Fields(co.Name)[1])
	switch co.Style {
	case "rmb":
		fmt.Fprintf(b, "  tickers: [\"%s:%s\", \"HKEX:%s\"]\n", co.exchange, co.Ticker, co.hk)
	default:
		fmt.Fprintf(b, "  tickers: [\"%s:%s\"]\n", co.exchange, co.Ticker)
	}
	fmt.Fprintf(b, "  fiscal_year_end: %q\n  segments:\n", co.FiscalYearEnd)
	for _, s := range co.segs {
		fmt.Fprintf(b, "    %s: [%q]\n", s.canon, s.displayFor(co.Short))
	}
}

func (s segment) displayFor(short string) string {
	if strings.Contains(s.display, "%s") {
		return fmt.Sprintf(s.display, short)
	}
	return s.display
}

// growth returns the change of series s at t over lag quarters, in whole
// percent.
func growth(s []float64, t, lag int) int {
	return int(math.Round((s[t]/s[t-lag] - 1) * 100))
}

// slug is the directory of a company's documents.
func (co *company) slug() string { return strings.ToLower(co.Short) }

type doc struct{ path, text string }

func (co *company) documents(r *rand.Rand, t int, per period.Period) []doc {
	published := per.End.AddDate(0, 0, 20+r.IntN(30))
	var out []doc
	var main string
	switch co.Style {
	case "rmb":
		main = co.rmbRelease(t, per, published)
	case "usd":
		main = co.usdRelease(t, per, published)
	case "eur":
		main = co.eurUpdate(t, per, published)
	}
	out = append(out, doc{path.Join(co.slug(), published.Format(time.DateOnly)+"-results.md"), main})
	news := published.AddDate(0, 0, 1)
	out = append(out, doc{path.Join(co.slug(), news.Format(time.DateOnly)+"-news.md"), co.news(r, t, per, news)})
	return out
}
