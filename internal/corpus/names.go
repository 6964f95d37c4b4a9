package corpus

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Names matches companies' names: it finds them in a text (a document or a
// question) and looks a name up. It is the one way company names are
// matched, by the loader (a document's company), the tagger (companies a
// passage or question names) and the answer engine.
//
// A company goes by its name, short name, aliases and tickers ("NYSE:BABA",
// and the bare symbol "BABA"). Names are matched in any case, word by word
// (words are letters and digits joined by inner dots, ampersands and
// hyphens: "JD.com", "AT&T"; an apostrophe ends a word, so "Alibaba's" holds
// "Alibaba"); ticker symbols in their own case, unless folded.
//
// Names is built by NewNames and read-only afterwards (Load adds the
// companies it finds in front matter before it returns), then safe for
// concurrent use.
type Names struct {
	companies []Company
	exact     map[string]int // lookup key -> company; names before bare symbols
	tickers   map[string]int // bare symbol, exact case -> company
	folded    map[string]int // bare symbol, lower case -> company
	// byFirst lists every name (as lower-case words) under its first word,
	// so a text is scanned once, word by word, however large the registry.
	byFirst map[string][]nameWords
}

// nameWords is a company name split into lower-case words.
type nameWords struct {
	words   []string
	company int
}

// NameMatch is a company named in a text, at [Start, End).
type NameMatch struct {
	Company    Company
	Start, End int
}

// NewNames returns a matcher for the companies. Companies without a Name
// are ignored. Where two companies share a name, the earlier keeps it.
func NewNames(companies []Company) *Names {
	n := &Names{exact: map[string]int{}, tickers: map[string]int{}, folded: map[string]int{}, byFirst: map[string][]nameWords{}}
	for _, co := range companies {
		n.add(co)
	}
	return n
}

// add indexes a company under its names, then its bare ticker symbols
// (names win over symbols: a symbol never takes a name's key).
func (n *Names) add(co Company) {
	if strings.TrimSpace(co.Name) == "" {
		return
	}
	i := len(n.companies)
	n.companies = append(n.companies, co)
	for _, name := range append([]string{co.Name, co.Short}, co.Aliases...) {
		if ws := nameWordsOf(name); len(ws) > 0 {
			n.byFirst[ws[0]] = append(n.byFirst[ws[0]], nameWords{words: ws, company: i})
		}
	}
	for _, name := range co.names() {
		if k := lookupKey(name); k != "" {
			if _, taken := n.exact[k]; !taken {
				n.exact[k] = i
			}
		}
	}
	for _, t := range co.Tickers {
		sym := strings.TrimSpace(t)
		if j := strings.LastIndex(sym, ":"); j >= 0 {
			sym = strings.TrimSpace(sym[j+1:])
		}
		if sym == "" {
			continue
		}
		if _, taken := n.tickers[sym]; !taken {
			n.tickers[sym] = i
		}
		if _, taken := n.folded[strings.ToLower(sym)]; !taken {
			n.folded[strings.ToLower(sym)] = i
		}
		if k := lookupKey(sym); k != "" {
			if _, taken := n.exact[k]; !taken {
				n.exact[k] = i
			}
		}
	}
}

// Companies returns the companies the matcher knows, in the order given.
func (n *Names) Companies() []Company { return n.companies }

// Lookup returns the company that goes by name: its name, short name, an
// alias or a ticker (with or without the exchange), compared ignoring case,
// spacing and typographic quotes and dashes ("alibaba", "BABA",
// "NYSE:BABA", "HKEX: 9988"). It returns false for an unknown name; a
// business segment ("Alibaba Cloud") is not a company.
func (n *Names) Lookup(name string) (Company, bool) {
	if n == nil {
		return Company{}, false
	}
	if i, ok := n.exact[lookupKey(name)]; ok {
		return n.companies[i], true
	}
	return Company{}, false
}

// lookupKey normalises a name for Lookup: lower case, typographic quotes
// and dashes folded, runs of space as one, no space after a colon.
func lookupKey(s string) string {
	s = nameFolder.Replace(strings.ToLower(s))
	return strings.ReplaceAll(strings.Join(strings.Fields(s), " "), ": ", ":")
}

// nameFolder is immutable and safe for concurrent use.
var nameFolder = strings.NewReplacer("’", "'", "‘", "'", "–", "-", "—", "-")

// wordRe finds the words of names and texts: letters and digits, joined
// by inner dots, ampersands and hyphens ("JD.com", "AT&T"), but not by
// apostrophes, so "Alibaba's" holds the word "Alibaba".
var wordRe = regexp.MustCompile(`[\p{L}\p{N}]+(?:[.&-][\p{L}\p{N}]+)*`)

func nameWordsOf(s string) []string { return wordRe.FindAllString(strings.ToLower(s), -1) }

// Find returns the companies text names, in text order, without overlaps
// (the longest name wins): names in any case, ticker symbols in their own
// case, or in any case with foldTickers (for a lower-cased question).
func (n *Names) Find(text string, foldTickers bool) []NameMatch {
	if n == nil || len(n.companies) == 0 {
		return nil
	}
	spans := wordRe.FindAllStringIndex(text, -1)
	var out []NameMatch
	for i := 0; i < len(spans); i++ {
		word := text[spans[i][0]:spans[i][1]]
		ticker := -1
		if c, ok := n.tickers[word]; ok {
			ticker = c
		} else if c, ok := n.folded[strings.ToLower(word)]; ok && foldTickers {
			ticker = c
		}
		best, bestLen := -1, 0
		for _, nw := range n.byFirst[strings.ToLower(word)] {
			if len(nw.words) <= bestLen || i+len(nw.words) > len(spans) {
				continue
			}
			match := true
			for k := 1; k < len(nw.words); k++ {
				if !strings.EqualFold(text[spans[i+k][0]:spans[i+k][1]], nw.words[k]) {
					match = false
					break
				}
			}
			if match {
				best, bestLen = nw.company, len(nw.words)
			}
		}
		switch {
		case best >= 0:
			out = append(out, NameMatch{Company: n.companies[best], Start: spans[i][0], End: spans[i+bestLen-1][1]})
			i += bestLen - 1
		case ticker >= 0:
			out = append(out, NameMatch{Company: n.companies[ticker], Start: spans[i][0], End: spans[i][1]})
		}
	}
	return out
}

// Detect returns the company text names most often (names in any case,
// ticker symbols in their own); ties go to the company listed first. ok is
// false when text names none.
func (n *Names) Detect(text string) (best Company, ok bool) {
	count := map[int]int{}
	bestI := -1
	for _, m := range n.Find(text, false) {
		for i := range n.companies {
			if n.companies[i].Name == m.Company.Name {
				count[i]++
				break
			}
		}
	}
	for i := range n.companies {
		if count[i] > 0 && (bestI < 0 || count[i] > count[bestI]) {
			bestI = i
		}
	}
	if bestI < 0 {
		return Company{}, false
	}
	return n.companies[bestI], true
}

// names returns every name a company goes by: name, short name, aliases
// and tickers as written.
func (co Company) names() []string {
	n := append([]string{co.Name, co.Short}, co.Aliases...)
	return append(n, co.Tickers...)
}

func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// detectCompany returns the registry company text names most often (see
// Names.Detect); ok is false when it names none.
func detectCompany(registry []Company, text string) (Company, bool) {
	return NewNames(registry).Detect(text)
}
