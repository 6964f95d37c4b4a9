package tagger

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/resultsbot/resultsbot/internal/lexicon"
)

// Value is an amount as written and normalised.
type Value struct {
	Text     string  `json:"text"`               // exactly as in the source: "39.8 billion yuan"
	Number   float64 `json:"number"`             // normalised: 39.8e9
	Currency string  `json:"currency,omitempty"` // ISO 4217: "CNY", "USD"; "" for counts and ratios
	Unit     string  `json:"unit,omitempty"`     // "downloads", "users", "per share", "share" (fraction), "percent" (a level such as a margin)
	// Approx is the hedge written just before the figure, lower-cased:
	// "about", "over", "more than", "as much as"; "" when none. It is not
	// part of Text.
	Approx string `json:"approx,omitempty"`
	Start  int    `json:"start"` // byte offsets into the document
	End    int    `json:"end"`
}

// Amount is a Value together with the conversion the source gives beside it
// in parentheses: "39.8 billion yuan ($5.6 billion)".
type Amount struct {
	Value     Value
	Converted *Value
}

const (
	numRe   = `\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`
	scaleRe = `(?:\s?(?:trillion|billion|million|thousand|bn|mn|mln|tn|crores?|lakhs?|cr)|(?:[mbkMBK]))\b`
	// currency symbols and codes written before the number, longest first.
	prefixCurRe = `US\$|U\.S\.\s?\$|USD|HK\$|HKD|S\$|SGD|A\$|AUD|C\$|CAD|NT\$|TWD|RMB|Rmb|CNY|JPY|EUR|GBP|INR|Rs\.?|₹|€|£|¥|\$`
	// currency words written after the number (and scale).
	suffixCurRe = `yuan|renminbi|RMB|US dollars|U\.S\. dollars|Hong Kong dollars|HK dollars|Singapore dollars|dollars|euros?|pounds|yen|rupees|won`
	numWordRe   = `a|one|two|three|four|five|six|seven|eight|nine|ten|several`
	countNounRe = `(?:monthly |daily |weekly )?(?:active )?(?:paying )?(?:users|downloads|customers|subscribers|members|orders|merchants|sellers|buyers|employees|stores|units|shipments|vehicles|devices|accounts|transactions|visitors|developers|MAUs|DAUs|installs|shares|ADSs)`
)

var (
	prefixMoney = lexicon.MustCompile(`(` + prefixCurRe + `)\s?(` + numRe + `)(` + scaleRe + `)?`)
	suffixMoney = lexicon.MustCompile(`(?i:\b)(` + numRe + `|` + numWordRe + `)(` + scaleRe + `)?\s(` + suffixCurRe + `)\b`)
	countScaled = lexicon.MustCompile(`\b(` + numRe + `|(?i:` + numWordRe + `))\s?(?i:(trillion|billion|million|thousand))\b(?:\s(` + countNounRe + `)\b)?`)
	countPlain  = lexicon.MustCompile(`\b(` + numRe + `)\s(` + countNounRe + `)\b`)
	fraction    = lexicon.MustCompile(`(?i)\b(one|a|two)[- ](third|thirds|fifth|fifths)\b|\bhalf\b\s+of\b`)
	perShare    = regexp.MustCompile(`^\s(?:per|a)\s(?:diluted\s)?(?:share|ADS|ADR|American depositary share|ordinary share)\b`)
	approxTail  = regexp.MustCompile(`(?i)(?:about|around|approximately|roughly|nearly|almost|over|more than|less than|up to|at least|some|as much as|close to|~)\s*$`)
	convOpen    = regexp.MustCompile(`(?i)^\s*\(\s*(?:(?:about|approximately|around|roughly|or|~|equivalent to|c\.)\s*)?$`)
	convClose   = regexp.MustCompile(`^\s*\)`)
	// negBeforeRe precedes a negative amount in parentheses: a verb of
	// stating, a preposition, a colon or a table cell's edge; not another
	// figure, whose aside it would be.
	negBeforeRe = regexp.MustCompile(`(?i)(?:^|\b(?:was|were|is|are|of|at|to|totall?ed|reached|recorded|posted|reported|amounted to)|[:|])\s*$`)
)

var scales = map[string]float64{
	"trillion": 1e12, "tn": 1e12,
	"billion": 1e9, "bn": 1e9, "b": 1e9,
	"million": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6,
	"thousand": 1e3, "k": 1e3,
	"crore": 1e7, "crores": 1e7, "cr": 1e7, "lakh": 1e5, "lakhs": 1e5, // Indian reporting
}

var numberWords = map[string]float64{
	"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "several": 3,
}

var prefixCurrencies = map[string]string{
	"US$": "USD", "USD": "USD", "$": "USD", "HK$": "HKD", "HKD": "HKD",
	"S$": "SGD", "SGD": "SGD", "A$": "AUD", "AUD": "AUD", "C$": "CAD", "CAD": "CAD",
	"NT$": "TWD", "TWD": "TWD", "RMB": "CNY", "Rmb": "CNY", "CNY": "CNY", "¥": "CNY",
	"JPY": "JPY", "EUR": "EUR", "€": "EUR", "GBP": "GBP", "£": "GBP",
	"INR": "INR", "Rs": "INR", "Rs.": "INR", "₹": "INR",
}

var suffixCurrencies = map[string]string{
	"yuan": "CNY", "renminbi": "CNY", "rmb": "CNY", "us dollars": "USD", "u.s. dollars": "USD",
	"hong kong dollars": "HKD", "hk dollars": "HKD", "singapore dollars": "SGD",
	"dollars": "USD", "euro": "EUR", "euros": "EUR", "pounds": "GBP", "yen": "JPY",
	"rupees": "INR", "won": "KRW",
}

// parseNumber reads "125,447", "39.8" or a number word ("a", "one").
func parseNumber(s string) (float64, bool) {
	if f, ok := numberWords[strings.ToLower(s)]; ok {
		return f, true
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	return f, err == nil
}

func scaleOf(s string) float64 {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return 1
	}
	if f, ok := scales[s]; ok {
		return f
	}
	return 1
}

// Amounts finds the amounts in text: money with its currency and scale
// ("39.8 billion yuan", "RMB125,447 million", "US$1.2bn", "$1.40 per share"),
// counts ("10 million downloads", "a million") and fractions ("one third").
// Offsets are text offsets plus base, so passing a passage's Start gives
// document offsets. A money amount directly followed by another in
// parentheses carries it as Converted; a money amount in parentheses on its
// own is negative, as accounts write it, and its Text keeps the parentheses:
// "(RMB1,234 million)". Percentages are not amounts: they are
// found by Changes. Amounts are returned in text order and never overlap.
func Amounts(text string, base int) []Amount {
	return amountsIn(text, strings.ToLower(text), base)
}

func amountsIn(text, lower string, base int) []Amount {
	var vs []Value
	add := func(start, end int, num float64, cur, unit string) {
		v := Value{Text: text[start:end], Number: num, Currency: cur, Unit: unit, Start: start, End: end}
		if m := approxTail.FindString(text[max(0, start-16):start]); m != "" {
			v.Approx = strings.ToLower(strings.TrimSpace(m))
		}
		vs = append(vs, v)
	}
	for _, m := range prefixMoney.FindAll(text, lower) {
		if m[0] > 0 && isWordByte(text[m[0]-1]) && text[m[0]] != '$' {
			continue // "XRMB12" is not money
		}
		cur := prefixCurrencies[strings.ReplaceAll(text[m[2]:m[3]], " ", "")]
		if strings.HasPrefix(text[m[2]:m[3]], "U.S.") {
			cur = "USD"
		}
		n, ok := parseNumber(text[m[4]:m[5]])
		if !ok {
			continue
		}
		end := m[1]
		scale := 1.0
		if m[6] >= 0 {
			scale = scaleOf(text[m[6]:m[7]])
		}
		unit := ""
		if ps := perShare.FindStringIndex(text[end:]); ps != nil {
			unit = "per share"
			end += ps[1]
		}
		add(m[0], end, n*scale, cur, unit)
	}
	for _, m := range suffixMoney.FindAll(text, lower) {
		n, ok := parseNumber(text[m[2]:m[3]])
		if !ok {
			continue
		}
		scale := 1.0
		if m[4] >= 0 {
			scale = scaleOf(text[m[4]:m[5]])
		}
		add(m[0], m[1], n*scale, suffixCurrencies[strings.ToLower(text[m[6]:m[7]])], "")
	}
	for _, m := range countScaled.FindAll(text, lower) {
		n, ok := parseNumber(text[m[2]:m[3]])
		if !ok {
			continue
		}
		unit := ""
		if m[6] >= 0 {
			unit = countUnit(text[m[6]:m[7]])
		}
		add(m[0], m[1], n*scaleOf(text[m[4]:m[5]]), "", unit)
	}
	for _, m := range countPlain.FindAll(text, lower) {
		n, ok := parseNumber(text[m[2]:m[3]])
		if !ok {
			continue
		}
		add(m[0], m[1], n, "", countUnit(text[m[4]:m[5]]))
	}
	for _, m := range fraction.FindAll(text, lower) {
		if m[2] < 0 { // "half of"
			end := m[0] + len("half")
			if m[0] >= 6 && strings.HasSuffix(strings.ToLower(text[:m[0]]), "first ") || strings.HasSuffix(strings.ToLower(text[:m[0]]), "second ") {
				continue
			}
			add(m[0], end, 0.5, "", "share")
			continue
		}
		n, _ := parseNumber(text[m[2]:m[3]])
		d := 3.0
		if strings.HasPrefix(strings.ToLower(text[m[4]:m[5]]), "fifth") {
			d = 5
		}
		add(m[0], m[1], n/d, "", "share")
	}
	vs = dropOverlaps(vs)
	var out []Amount
	for i := 0; i < len(vs); i++ {
		a := Amount{Value: vs[i]}
		if i+1 < len(vs) && a.Value.Currency != "" && vs[i+1].Currency != "" &&
			convOpen.MatchString(text[vs[i].End:vs[i+1].Start]) && convClose.MatchString(text[vs[i+1].End:]) {
			c := vs[i+1]
			a.Converted = &c
			i++
		}
		out = append(out, a)
	}
	for i := range out {
		// "(RMB1,234 million)" standing alone is negative; after another
		// amount it was taken as that amount's conversion above.
		v := &out[i].Value
		if v.Currency != "" && v.Start > 0 && text[v.Start-1] == '(' && v.End < len(text) && text[v.End] == ')' &&
			negBeforeRe.MatchString(text[max(0, v.Start-30):v.Start-1]) {
			v.Start--
			v.End++
			v.Text = text[v.Start:v.End]
			v.Number = -v.Number
			v.Approx = ""
		}
	}
	for i := range out {
		shift(&out[i].Value, base)
		if out[i].Converted != nil {
			shift(out[i].Converted, base)
		}
	}
	return out
}

func shift(v *Value, base int) { v.Start += base; v.End += base }

func countUnit(s string) string {
	s = strings.ToLower(s)
	switch {
	case strings.Contains(s, "download") || strings.Contains(s, "install"):
		return "downloads"
	case strings.Contains(s, "user") || strings.Contains(s, "mau") || strings.Contains(s, "dau") ||
		strings.Contains(s, "subscriber") || strings.Contains(s, "member") || strings.Contains(s, "account"):
		return "users"
	}
	return s
}

func isWordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// dropOverlaps keeps, of overlapping values, the longest (the earliest on
// ties), and returns the survivors in text order.
func dropOverlaps(vs []Value) []Value {
	return KeepLongest(vs, func(v Value) (int, int) { return v.Start, v.End })
}
