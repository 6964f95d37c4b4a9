package facts

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/lexicon"
	"github.com/resultsbot/resultsbot/internal/tagger"
)

// Segments from the documents: any business unit, region or product line
// that a company's documents report figures for is a segment of that
// company, named as the documents name it. A name is taken where the
// document sets it apart as a part of the company:
//
//   - a section heading or a bold lead-in ("**Wealth Management.**") whose
//     section or paragraph states figures;
//   - a name before "segment", "division" or "business unit" ("the
//     Advisory segment");
//   - a capitalised name right before a metric in a sentence that states a
//     figure ("Data Center revenue was $21.3 billion"), when the name is not
//     just a sentence's first word;
//   - the row labels of a breakdown table (rows of figures with a total row,
//     or under a segment, region or business header).
//
// A name that is a metric, a period, a company, or a word of a document's
// structure (highlights, outlook, results) is not a segment. A name the
// lexicon reads as one of its generic segments in full ("Gaming") keeps the
// generic name as its key, so that questions and other documents agree; any
// other name's key is the name in lower case ("wealth management").

// DocSegments is what FindSegments read from a corpus.
type DocSegments struct {
	// Companies is the registry with each company's document segments
	// added to its Segments (a company the registry lacks is added with
	// its name).
	Companies []corpus.Company
	// Sections maps a block ("doc#block") that sits under a segment's
	// heading, or opens with its name in bold, to the segment's key: its
	// sentences' figures are that segment's unless they name another.
	Sections map[string]string
}

// SectionKey is the key of a block in DocSegments.Sections.
func SectionKey(doc string, block int) string { return doc + "#" + strconv.Itoa(block) }

var (
	// boldLeadRE is a paragraph or list item opening with a bold name.
	boldLeadRE = regexp.MustCompile(`^(?:[-*+]\s+)?\*\*([^*\n]{2,60}?)[.:]?\*\*`)
	// plainLeadRE is a paragraph or list item opening with a short name and
	// a stop or colon: "Domestic Marketplace. Revenue was", "Food: sales of".
	plainLeadRE = regexp.MustCompile(`^(?:[-*+]\s+)?(\p{Lu}[\p{L}'’&-]*(?:\s+(?:&|and|of|\p{Lu}[\p{L}'’&-]*)){0,4})[.:]\s+\S`)
	// shareNameRE finds a name given a share: "High Performance Computing
	// (HPC) represented 57%", "Smartphone 28%".
	shareNameRE = regexp.MustCompile(`(\p{Lu}[\p{L}'’&-]*(?:\s+(?:&|and|of|\p{Lu}[\p{L}'’&-]*)){0,4})(?:\s+\((\p{Lu}[\p{Lu}\p{Ll}&]{1,7})\))?\s+(?:represented\s+|accounted for\s+|contributed\s+|made up\s+)?\d+(?:\.\d+)?\s?(?:%|per ?cent|percent)`)
	shareCueRE  = regexp.MustCompile(`(?i)\b(?:represented|accounted for|contributed|made up|share of)\b`)
	// segmentWordRE finds a name called a segment: "the Advisory segment".
	segmentWordRE = regexp.MustCompile(`\b((?:\p{Lu}[\p{L}'’&.-]*)(?:\s+(?:&|and|of|\p{Lu}[\p{L}'’&.-]*)){0,4})\s+(?:segment|division|business unit|business area|reporting unit|operating segment)s?\b`)
	// nameBeforeRE is a capitalised name ending a text: the words before a
	// metric ("Wealth Management" in "Wealth Management net revenues").
	nameBeforeRE = regexp.MustCompile(`((?:\p{Lu}[\p{L}'’&.-]*)(?:\s+(?:&|and|of|\p{Lu}[\p{L}'’&.-]*)){0,4})\s+$`)
	// breakdownHeadRE heads a table or section that breaks figures down.
	breakdownHeadRE = regexp.MustCompile(`(?i)\b(?:segments?|regions?|geograph\w*|business(?:es)? areas?|business(?:es)?|zones?|divisions?|markets?|product lines?|products?|platforms?|brands?|countr(?:y|ies))\b`)
	// totalRowRE labels a breakdown table's total.
	totalRowRE = regexp.MustCompile(`(?i)^(?:total|group|consolidated|company total)\b`)
	// segmentSuffixRE is the word that calls a name a segment.
	segmentSuffixRE = regexp.MustCompile(`(?i)\s+(?:segment|division|business unit|business area|unit)$`)
	// trailingJoinRE is a connector a name cannot end with.
	trailingJoinRE = regexp.MustCompile(`(?:\s+(?:&|and|of|the))+$`)
	// subjectNameRE is a sentence opening with a name and an aside:
	// "Lumora Apps, which includes ...", "Horizon Labs, our ... segment".
	subjectNameRE = regexp.MustCompile(`^(\p{Lu}[\p{L}'’&-]*(?:\s+(?:&|and|of|\p{Lu}[\p{L}'’&-]*)){0,4}),\s+(?:which|our|its|the|a|an)\b`)
	// headingMarksRE are a heading's Markdown marks.
	headingMarksRE = regexp.MustCompile(`^#+\s*|\s*#+$|\*\*|__`)
)

// notSegmentWords are words of a document's structure and of figures: a
// name holding one is not a segment.
var notSegmentWords = setOfWords(`highlights highlight results result outlook overview summary financial financials key figures figure
segment segments quarter quarterly year years annual fiscal full half nine months total about conference call webcast capital
expenses expense customers customer guidance dividend dividends cash balance sheet statement statements notes note reconciliation
reconciliations non-gaap gaap forward-looking safe harbor contacts contact investor investors media chairman chief ceo cfo information
every each all both any which whose one two three several certain
exchange rate rates people shareholder shareholders returns salient features by
the our its this these their net adjusted reported organic underlying operating record strong higher lower revenue revenues sales
income profit profits margin margins earnings operational operations liquidity share shares stock update updates others
trading review press release announcement report reports table tables other group company group's company's consolidated
business businesses unit units divisions percent percentage basis points change growth increase decrease new first second third
fourth january february march april may june july august september october november december q1 q2 q3 q4 h1 h2 fy`)

// accountingHeads are words of accounts: a name ending in one is a line of
// the accounts ("Gross deferred tax assets", "Share-Based Compensation"),
// not a part of the company ("Asset Management" is one).
var accountingHeads = setOfWords(`assets asset liabilities liability tax taxes taxation deferred expense expenses cost costs depreciation amortization amortisation
receivable receivables payable payables inventory inventories goodwill intangible intangibles equity debt borrowings interest lease leases
provision provisions reserve reserves accrued accruals allowance impairment impairments compensation share-based stock-based benefit benefits
obligation obligations loss losses gain gains credit credits carryforward carryforwards securities investment investments property plant
equipment pension pensions restructuring charges charge fair value valuation contingencies commitments derivatives hedging capitalized
weighted average options awards warrants acquisition acquisitions disposal discontinued continuing financing repurchase accounts trade estimates`)

func setOfWords(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// segCand is a name seen as a segment, with its evidence.
type segCand struct {
	name    string
	aliases []string // abbreviations the document gives it: "HPC"
	strong  bool     // a heading, lead-in, "segment" word or table row
	weak    int      // mentions before a metric with a figure
	blocks  []string // section keys it heads
}

// FindSegments reads each company's document segments from c with lex
// (see the package's segments comment). The registry's own segments stay
// as they are; a document name that is one of them adds nothing.
func FindSegments(c *corpus.Corpus, lex *lexicon.Lexicon) DocSegments {
	tg := tagger.New(lex, c.Companies)
	names := tg.Names()
	out := DocSegments{Sections: map[string]string{}}
	byCompany := map[string]map[string]*segCand{} // company -> key -> candidate
	var order []string
	for _, d := range c.Docs {
		company := d.Meta.Company
		if co, ok := names.Lookup(company); ok {
			company = co.Name
		}
		if company == "" {
			continue
		}
		if byCompany[company] == nil {
			byCompany[company] = map[string]*segCand{}
			order = append(order, company)
		}
		r := segReader{tg: tg, lex: lex, company: company, doc: d, cands: byCompany[company]}
		r.read()
	}
	companies := slices.Clone(c.Companies)
	for _, company := range order {
		cands := byCompany[company]
		i := slices.IndexFunc(companies, func(co corpus.Company) bool { return co.Name == company })
		if i < 0 {
			companies = append(companies, corpus.Company{Name: company, Short: corpus.ShortName(company)})
			i = len(companies) - 1
		}
		co := &companies[i]
		own := tg.OwnSegments(company)
		keys := make([]string, 0, len(cands))
		for k := range cands {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		var segs map[string][]string
		for _, k := range keys {
			cd := cands[k]
			if !cd.strong && cd.weak < 1 {
				continue
			}
			key := k
			if t := tg.Segments(tagger.NewText(cd.name), company); len(t) == 1 && t[0].End-t[0].Start == len(cd.name) {
				key = t[0].Name // a name the lexicon or registry already gives a key
			}
			for _, b := range cd.blocks {
				out.Sections[b] = key
			}
			if slices.Contains(own, key) || key == Group {
				continue
			}
			if segs == nil {
				segs = map[string][]string{}
				for kk, v := range co.Segments {
					segs[kk] = v
				}
			}
			for _, n := range append([]string{cd.name}, cd.aliases...) {
				if !slices.Contains(segs[key], n) {
					segs[key] = append(segs[key], n)
				}
			}
		}
		if segs != nil {
			co.Segments = segs
		}
	}
	out.Companies = companies
	return out
}

// segReader reads one document's segment names.
type segReader struct {
	tg      *tagger.Tagger
	lex     *lexicon.Lexicon
	company string
	doc     *corpus.Document
	cands   map[string]*segCand
}

func (r *segReader) add(name string, strong bool, weight int, blocks ...string) *segCand {
	name = strings.TrimSpace(strings.Trim(strings.TrimSpace(name), ".:,;"))
	name = strings.TrimSpace(trailingJoinRE.ReplaceAllString(name, ""))
	full := name
	name = strings.TrimSpace(segmentSuffixRE.ReplaceAllString(name, "")) // "Diagnostics Division" is Diagnostics
	if !r.valid(name) {
		return nil
	}
	key := segmentKey(name)
	cd := r.cands[key]
	if cd == nil {
		cd = &segCand{name: name}
		r.cands[key] = cd
	}
	if full != name && !slices.Contains(cd.aliases, full) {
		cd.aliases = append(cd.aliases, full)
	}
	cd.strong = cd.strong || strong
	cd.weak += weight
	cd.blocks = append(cd.blocks, blocks...)
	return cd
}

// segmentKey is a document name's key: lower case, single spaces.
func segmentKey(name string) string {
	return strings.Join(strings.Fields(strings.ToLower(strings.ReplaceAll(name, "’", "'"))), " ")
}

// valid reports whether name can be a segment's: a short name of letters
// that is not a metric, a period, a company or a word of the document's
// structure.
func (r *segReader) valid(name string) bool {
	if len(name) < 2 || len(name) > 60 || strings.ContainsAny(name, "0123456789$%€£¥|()[]\"“”.") {
		return false
	}
	words := strings.Fields(name)
	if len(words) == 0 || len(words) > 6 {
		return false
	}
	first, _ := utfFirst(words[0])
	if !unicode.IsUpper(first) {
		return false
	}
	for _, w := range words {
		lw := strings.ToLower(strings.Trim(w, "'’.,:;&-"))
		if notSegmentWords[lw] {
			return false
		}
	}
	if accountingHeads[strings.ToLower(strings.Trim(words[len(words)-1], "'’.,:;&-"))] {
		return false
	}
	x := tagger.NewText(name)
	for _, t := range r.tg.Metrics(x) {
		if t.End == len(name) || t.Start == 0 && len(words) == 1 {
			return false // a metric's name: "Net Sales"; not "Wealth & Investment Management"
		}
	}
	if len(r.tg.Periods(x)) > 0 || len(r.tg.Companies(x, false)) > 0 || len(r.tg.Qualifiers(x)) > 0 {
		return false
	}
	if r.tg.Month(strings.ToLower(words[0])) != 0 || len(words) == 1 && r.lex.Acronym(strings.ToLower(name)) {
		return false
	}
	if strings.Contains(strings.ToLower(name), " by ") {
		return false // "Deliveries by region" heads a breakdown
	}
	if co, ok := r.tg.Names().Lookup(r.company); ok {
		// The company itself ("Lumora Platforms"), not a part of it
		// ("Lumora Apps").
		for _, n := range []string{co.Name, co.Short} {
			if n != "" && strings.HasPrefix(strings.ToLower(n), strings.ToLower(name)) {
				return false
			}
		}
	}
	return true
}

func utfFirst(s string) (rune, bool) {
	for _, r := range s {
		return r, true
	}
	return 0, false
}

// read finds the document's segment names: headings and bold lead-ins over
// figures, names called segments, names before a metric with a figure, and
// breakdown tables' row labels.
func (r *segReader) read() {
	d := r.doc
	// Which blocks state a figure.
	figured := make([]bool, len(d.Blocks))
	for _, p := range d.Passages {
		if p.Block < len(figured) && !p.Heading && statesFigure(p.Text) {
			figured[p.Block] = true
		}
	}
	for bi, b := range d.Blocks {
		text := d.Raw[b.Start:b.End]
		switch b.Kind {
		case corpus.HeadingBlock:
			name := strings.TrimSpace(headingMarksRE.ReplaceAllString(strings.TrimSpace(text), ""))
			var under []string
			any := false
			var body strings.Builder
			for bj := bi + 1; bj < len(d.Blocks); bj++ {
				nb := d.Blocks[bj]
				if nb.Kind == corpus.HeadingBlock && (nb.Level <= b.Level || b.Level == 0 || nb.Level == 0) {
					break
				}
				under = append(under, SectionKey(d.Path, bj))
				any = any || figured[bj]
				body.WriteString(d.Raw[nb.Start:nb.End])
				body.WriteByte(' ')
			}
			// A heading over figures is a segment's when the section
			// speaks of it as one: it names it again, calls it a segment,
			// or sits under a heading of segments ("## Segments").
			if any && r.confirmed(name, body.String(), b.Section) {
				r.add(name, true, 0, under...)
			}
		case corpus.ParagraphBlock, corpus.ItemBlock:
			m := boldLeadRE.FindStringSubmatchIndex(text)
			if m == nil {
				m = plainLeadRE.FindStringSubmatchIndex(text)
			}
			if m != nil && figured[bi] && r.confirmed(text[m[2]:m[3]], text[m[1]:], b.Section) {
				r.add(text[m[2]:m[3]], true, 0, SectionKey(d.Path, bi))
			}
		case corpus.TableBlock:
			r.table(b)
		}
	}
	for _, p := range d.Passages {
		if p.Heading || p.Kind == corpus.TableBlock {
			continue
		}
		for _, m := range segmentWordRE.FindAllStringSubmatch(p.Text, -1) {
			r.add(m[1], true, 0)
		}
		if !statesFigure(p.Text) {
			continue
		}
		if shareCueRE.MatchString(p.Text) {
			for _, m := range shareNameRE.FindAllStringSubmatch(p.Text, -1) {
				if cd := r.add(m[1], true, 0); cd != nil && m[2] != "" && !slices.Contains(cd.aliases, m[2]) {
					cd.aliases = append(cd.aliases, m[2])
				}
			}
		}
		x := tagger.NewText(p.Text)
		if m := subjectNameRE.FindStringSubmatch(p.Text); m != nil && len(r.tg.Metrics(x)) > 0 {
			w := 0
			if len(strings.Fields(m[1])) > 1 || strings.Contains(p.Text, "segment") {
				w = 1
			}
			r.add(m[1], false, w)
		}
		for _, t := range r.tg.Metrics(x) {
			if rest := strings.TrimLeft(p.Text[t.End:], " "); rest != "" && unicode.IsUpper([]rune(rest)[0]) && t.End < len(p.Text) && p.Text[t.End] == ' ' {
				continue // inside a name: "Wealth & Investment Management"
			}
			before := p.Text[:t.Start]
			m := nameBeforeRE.FindStringSubmatchIndex(before)
			if m == nil {
				continue
			}
			name := before[m[2]:m[3]]
			// A sentence's first word alone proves nothing ("Strong
			// revenue growth"): it counts only with a stronger sign.
			if atStart := strings.TrimLeft(before[:m[2]], " *-•") == ""; atStart && len(strings.Fields(name)) < 2 {
				r.add(name, false, 0)
			} else {
				r.add(name, false, 1)
			}
		}
	}
}

// confirmed reports whether a heading or lead-in name is spoken of as a
// segment by the text it heads: named again, called a segment, or under a
// heading of segments, regions or businesses.
func (r *segReader) confirmed(name, body string, section []string) bool {
	if len(strings.Fields(name)) > 4 {
		return false
	}
	if len(section) > 0 && breakdownHeadRE.MatchString(section[len(section)-1]) {
		return true
	}
	lb := strings.ToLower(body)
	return strings.Contains(lb, strings.ToLower(strings.TrimSpace(segmentSuffixRE.ReplaceAllString(name, "")))) ||
		segmentNounRE.MatchString(body)
}

// segmentNounRE calls what a text is about a segment.
var segmentNounRE = regexp.MustCompile(`(?i)\b(?:the|this|our) (?:segment|division|business unit|business area|region)\b|\bsegment(?:'s|’s)\b`)

// table reads a breakdown table's row labels: rows of figures under a
// segment, region or business header, or closed by a total row.
func (r *segReader) table(b corpus.Block) {
	d := r.doc
	if len(b.Rows) < 3 {
		return
	}
	label := func(row corpus.Row) string {
		if len(row.Cells) == 0 {
			return ""
		}
		c := row.Cells[0]
		return strings.TrimSpace(strings.Trim(d.Raw[c.Start:c.End], "* "))
	}
	head := label(b.Rows[0])
	hasTotal := false
	for _, row := range b.Rows[1:] {
		if totalRowRE.MatchString(label(row)) {
			hasTotal = true
		}
	}
	section := ""
	if len(b.Section) > 0 {
		section = b.Section[len(b.Section)-1]
	}
	if !hasTotal && !breakdownHeadRE.MatchString(head) && !breakdownHeadRE.MatchString(section) {
		return
	}
	for _, row := range b.Rows[1:] {
		l := label(row)
		if l == "" || totalRowRE.MatchString(l) || len(row.Cells) < 2 {
			continue
		}
		rest := d.Raw[row.Cells[1].Start:row.Cells[len(row.Cells)-1].End]
		if statesFigure(rest) || tableNumberRE.MatchString(rest) {
			r.add(l, true, 0)
		}
	}
}

// tableNumberRE is a table cell's number: "1,094", "24.6", "(118)".
var tableNumberRE = regexp.MustCompile(`(?:^|[\s|$(])\d{1,3}(?:,\d{3})+(?:\.\d+)?\b|(?:^|[\s|$(])\d+\.\d+\b|(?:^|[\s|$(])\d{2,3}\b`)

// statesFigure reports whether a text states an amount or a change.
func statesFigure(s string) bool {
	return len(tagger.Amounts(s, 0)) > 0 || len(tagger.Changes(s, 0)) > 0
}
