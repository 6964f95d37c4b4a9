package facts

import (
	"regexp"
	"sort"
	"strings"
)

// Term is a metric or segment named in a text: its canonical name and the
// byte span [Start, End) of the words that name it.
type Term struct {
	Name  string
	Start int
	End   int
}

// Canonical metric names. Every Fact.Metric is one of these.
const (
	Revenue           = "revenue"
	CustomerRevenue   = "customer revenue" // revenue from external customers
	NetIncome         = "net income"
	OperatingIncome   = "operating income"
	GrossProfit       = "gross profit"
	EBITA             = "ebita"
	AdjustedEBITA     = "adjusted ebita"
	EBITDA            = "ebitda"
	AdjustedEBITDA    = "adjusted ebitda"
	EPS               = "eps"
	Capex             = "capex"
	Investment        = "investment" // planned or committed spending
	FreeCashFlow      = "free cash flow"
	OperatingCashFlow = "operating cash flow"
	GrossMargin       = "gross margin"
	OperatingMargin   = "operating margin"
	NetMargin         = "net margin"
	Downloads         = "downloads"
	Users             = "users"
	Orders            = "orders"
	SharePrice        = "share price" // the stock's level or move
	MarketShare       = "market share"
	GMV               = "gmv"
	Dividend          = "dividend"
	Buyback           = "buyback"
	Cash              = "cash"
	Headcount         = "headcount"
	ARR               = "annual recurring revenue"
	PaymentVolume     = "payment volume"
)

// Canonical segment names that need no registry. Companies add their own
// names (and canonical segments) through corpus.Company.Segments.
const (
	Group                 = "group"      // the whole company; the default
	OtherUnit             = "other unit" // a subsidiary or unit the lexicon does not name
	Cloud                 = "cloud"
	ChinaEcommerce        = "china e-commerce"
	Ecommerce             = "e-commerce"
	InternationalCommerce = "international commerce"
	QuickCommerce         = "quick commerce"
	AIProducts            = "ai products"
	Advertising           = "advertising"
	Gaming                = "gaming"
	Fintech               = "fintech"
	Logistics             = "logistics"
	LocalServices         = "local services"
	DigitalMedia          = "digital media"
	Devices               = "devices"
	Subscriptions         = "subscriptions"
)

type lexEntry struct {
	name string
	p    prefiltered
}

func lex(name, pattern string) lexEntry {
	return lexEntry{name, mustPrefilter(`(?i)\b(?:` + pattern + `)\b`)}
}

// metricLexicon lists each canonical metric with the words that name it.
var metricLexicon = []lexEntry{
	lex(AdjustedEBITA, `adjusted ebita|adj\.? ebita|non-gaap ebita`),
	lex(EBITA, `ebita`),
	lex(AdjustedEBITDA, `adjusted ebitda|adj\.? ebitda|non-gaap ebitda`),
	lex(EBITDA, `ebitda`),
	lex(OperatingIncome, `operating (?:income|profits?|loss(?:es)?|earnings)|(?:income|profit|loss) from operations`),
	lex(NetIncome, `net (?:income|profits?|earnings|loss(?:es)?)|(?:profits?|income|loss|earnings) attributable to (?:ordinary )?(?:share|stock)holders`),
	lex(GrossProfit, `gross profits?`),
	lex(GrossMargin, `gross (?:profit )?margins?`),
	lex(OperatingMargin, `operating (?:profit )?margins?|(?:adjusted |adj\.? )?ebitda? margins?`),
	lex(NetMargin, `net (?:profit )?margins?|profit margins?`),
	lex(EPS, `eps|(?:diluted |basic )?(?:net )?(?:earnings|income|loss|profit) per (?:diluted |basic )?(?:ordinary )?(?:share|ads|adr|american depositary share)|per[- ]share (?:earnings|profit)`),
	lex(CustomerRevenue, `(?:external )?customer revenues?|revenues? from external customers`),
	lex(ARR, `annual recurring revenues?|arr`),
	lex(PaymentVolume, `(?:total )?payment volumes?|tpv`),
	lex(Revenue, `revenues?|rev|sales|turnover|top[- ]line`),
	lex(FreeCashFlow, `free cash flows?|fcf`),
	lex(OperatingCashFlow, `operating cash flows?|(?:net )?cash (?:flows? )?(?:from|provided by) operating activities`),
	lex(Capex, `capital expenditures?|capex|capital spending|capital outlays?|spent|spend|spending|deployed`),
	lex(Investment, `invest(?:s|ed|ing)?|investments?|committed|commitments?|pledged?|earmarked`),
	lex(MarketShare, `market shares?`),
	lex(SharePrice, `shares|stock|share price|stock price|adss|adrs`),
	lex(GMV, `gmv|gross merchandise (?:value|volume)`),
	lex(Downloads, `downloads?|installs`),
	lex(Users, `(?:monthly |daily )?(?:active )?users|maus?|daus?|subscribers|paying members`),
	lex(Orders, `orders|order volumes?`),
	lex(Dividend, `dividends?`),
	lex(Buyback, `(?:share )?(?:buybacks?|repurchases?)`),
	lex(Cash, `cash (?:and cash equivalents|position|pile)|net cash`),
	lex(Headcount, `headcount|employees`),
}

// segmentLexicon lists the generic segment names.
var segmentLexicon = []lexEntry{
	lex(Group, `total|overall|group|consolidated|company[- ]wide|whole company`),
	lex(Cloud, `cloud(?: computing)?(?: (?:division|unit|arm|business|segment|services))?`),
	lex(ChinaEcommerce, `(?:china|domestic|chinese) e[- ]?commerce`),
	lex(Ecommerce, `e[- ]commerce|online retail|online stores?`),
	lex(InternationalCommerce, `international (?:digital )?commerce|overseas commerce|cross[- ]border (?:e-?)?commerce`),
	lex(QuickCommerce, `quick commerce|instant commerce|instant retail|on-demand delivery`),
	lex(AIProducts, `ai[- ]related products?|ai products?|ai[- ]related services|ai services`),
	lex(Advertising, `advertising|ads|ad revenue|marketing services|online marketing`),
	lex(Gaming, `gaming|games|online games|video games`),
	lex(Fintech, `fintech|payments|financial services|financial technology`),
	lex(Logistics, `logistics`),
	lex(LocalServices, `local services|local consumer services`),
	lex(DigitalMedia, `digital media|streaming|entertainment`),
	lex(Devices, `devices|hardware|smartphones`),
	lex(Subscriptions, `subscriptions?|subscription services`),
}

// notSegmentRe follows a segment word that describes the company instead:
// "the e-commerce giant", "cloud infrastructure".
var notSegmentRe = regexp.MustCompile(`(?i)^(?:'s)?\s(?:giant|firm|company|player|titan|heavyweight|behemoth|leader|platform operator|infrastructure)\b`)

// Metrics returns the metrics text names, in text order, the longest name
// winning where two overlap ("adjusted EBITA" over "EBITA"). Names are the
// canonical constants (Revenue, AdjustedEBITA, ...). It is used both on
// passages and on questions.
func Metrics(text string) []Term {
	return findTerms(text, strings.ToLower(text), metricLexicon, nil)
}

// GenericSegments returns the segments text names from the generic lexicon
// only; Extractor.Segments adds a company's own names.
func GenericSegments(text string) []Term {
	return findTerms(text, strings.ToLower(text), segmentLexicon, notSegmentRe)
}

// findTerms finds the lexicon's terms in text; lower is
// strings.ToLower(text), for the prefilter.
func findTerms(text, lower string, lexicon []lexEntry, not *regexp.Regexp) []Term {
	var ts []Term
	for _, e := range lexicon {
		if !e.p.mayMatch(lower) {
			continue
		}
		for _, m := range e.p.FindAllStringIndex(text, -1) {
			if not != nil && not.MatchString(text[m[1]:]) {
				continue
			}
			ts = append(ts, Term{Name: e.name, Start: m[0], End: m[1]})
		}
	}
	return dropTermOverlaps(ts)
}

// dropTermOverlaps keeps the longest of overlapping terms, in text order.
func dropTermOverlaps(ts []Term) []Term {
	return keepLongest(ts, func(t Term) (int, int) { return t.Start, t.End })
}

// keepLongest keeps, of items whose spans overlap, the longest (the
// earliest on ties), and returns the survivors in text order.
func keepLongest[T any](xs []T, span func(T) (start, end int)) []T {
	sort.SliceStable(xs, func(i, j int) bool {
		si, ei := span(xs[i])
		sj, ej := span(xs[j])
		if ei-si != ej-sj {
			return ei-si > ej-sj
		}
		return si < sj
	})
	var kept []T
	for _, x := range xs {
		s, e := span(x)
		ok := true
		for _, k := range kept {
			if ks, ke := span(k); s < ke && ks < e {
				ok = false
				break
			}
		}
		if ok {
			kept = append(kept, x)
		}
	}
	sort.SliceStable(kept, func(i, j int) bool {
		si, _ := span(kept[i])
		sj, _ := span(kept[j])
		return si < sj
	})
	return kept
}

// Qualifier names.
const (
	ConstantCurrency = "constant currency"
	NonGAAP          = "non-GAAP"
	GAAP             = "GAAP"
	Adjusted         = "adjusted"
	IFRS             = "IFRS"
	Diluted          = "diluted"
)

var (
	ccRe       = regexp.MustCompile(`(?i)\b(?:constant[- ]currency|constant exchange rates?|fx[- ]neutral|currency[- ]neutral|excluding (?:the )?(?:impact of )?(?:foreign )?(?:currency|exchange)|cc basis|like[- ]for[- ]like currency)\b`)
	nonGAAPRe  = regexp.MustCompile(`(?i)\bnon[- ]?gaap\b|\bnon[- ]?ifrs\b`)
	gaapRe     = regexp.MustCompile(`\bGAAP\b`)
	adjustedRe = regexp.MustCompile(`(?i)\badjusted\b|\badj\.`)
	ifrsRe     = regexp.MustCompile(`\bIFRS\b`)
	dilutedRe  = regexp.MustCompile(`(?i)\bdiluted\b`)
)

// Qualifiers returns the qualifiers text states, in a fixed order:
// "constant currency", "non-GAAP", "GAAP", "adjusted", "IFRS", "diluted".
// "Non-GAAP" does not also count as "GAAP", nor "non-IFRS" as "IFRS"
// (non-IFRS measures are reported as "non-GAAP").
func Qualifiers(text string) []string {
	var q []string
	if ccRe.MatchString(text) {
		q = append(q, ConstantCurrency)
	}
	nonGAAP := nonGAAPRe.MatchString(text)
	if nonGAAP {
		q = append(q, NonGAAP)
	}
	rest := nonGAAPRe.ReplaceAllString(text, "")
	if gaapRe.MatchString(rest) {
		q = append(q, GAAP)
	}
	if adjustedRe.MatchString(text) {
		q = append(q, Adjusted)
	}
	if ifrsRe.MatchString(rest) {
		q = append(q, IFRS)
	}
	if dilutedRe.MatchString(text) {
		q = append(q, Diluted)
	}
	return q
}

// groupOnly metrics belong to the whole company whatever segment is named
// near them ("capex on cloud infrastructure" is group capex).
var groupOnly = map[string]bool{
	Capex: true, Investment: true, EPS: true, SharePrice: true, FreeCashFlow: true,
	OperatingCashFlow: true, Dividend: true, Buyback: true, NetIncome: true, Cash: true, Headcount: true,
}

// ratioMetrics are levels written as percentages: "gross margin was 42%".
var ratioMetrics = map[string]bool{
	GrossMargin: true, OperatingMargin: true, NetMargin: true, MarketShare: true,
}

// normName lower-cases s and folds typographic apostrophes and dashes.
func normName(s string) string {
	return nameFolder.Replace(strings.ToLower(s))
}

// nameFolder is immutable and safe for concurrent use.
var nameFolder = strings.NewReplacer("’", "'", "‘", "'", "–", "-", "—", "-")
