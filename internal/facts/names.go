package facts

// Canonical names the extraction and answer rules refer to by name. Every
// other metric and segment is data in the lexicon (internal/lexicon); these
// must be there too (TestNamedInLexicon).
const (
	// Revenue is the metric a figure of growth belongs to when no other is
	// named ("34% cloud growth").
	Revenue = "revenue"
	// Investment is money planned or committed; Capex money already laid
	// out: see spentRe.
	Investment = "investment"
	Capex      = "capex"
	// RevenueShare is a part's share of the total ("represented 57% of net
	// revenue"), a level: never growth.
	RevenueShare = "revenue share"
)

// Segments with a meaning of their own.
const (
	Group     = "group"      // the whole company; the default
	OtherUnit = "other unit" // a subsidiary or unit the lexicon and registry do not name
)

// Qualifier names the rules refer to.
const (
	ConstantCurrency = "constant currency"
	Adjusted         = "adjusted"
)

// RulesVersion names the version of the extraction rules. It is part of the
// key of an on-disk index (with the corpus's and the lexicon's hashes), so
// an index built by other rules is rebuilt, not misread. Change it whenever
// a change to this package or to internal/tagger changes the facts a
// document yields.
const RulesVersion = "facts-3"
