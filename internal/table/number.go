package table

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Number is the value of a figure cell as written. It carries no scale:
// "4,210" under "(in millions)" is 4210 here.
type Number struct {
	// Value is the figure, negative when Negative is set; 0 for a dash,
	// nm or n/a.
	Value float64
	// Decimals is the number of digits written after the decimal point.
	Decimals int
	// Negative is set for "(35)", "-35", "−35", "–35", and for "△35" and
	// "▲35" as Japanese statements write a loss.
	Negative bool
	// Percent is set for "12%", "12 %" and "(3)%".
	Percent bool
	// Currency is the currency symbol or code as written before or after
	// the figure: "$", "US$", "€", "RMB", "¥", "CHF", ...; "" if none.
	Currency string
	// Suffix is a multiplier or unit word written right after the figure
	// ("m", "bn", "k", "x", "bps", "pts", "pp"), as written; "" if none.
	Suffix string
	// Dash is set for "—", "–", "-", "--" and "nil" standing for zero or
	// nothing (with or without a currency: "$ —").
	Dash bool
	// NM is set for "nm", "n/m", "n.m." and "NM" (not meaningful).
	NM bool
	// NA is set for "n/a", "N/A", "n.a." (not applicable).
	NA bool
	// Footnote holds the footnote marks stripped from the end of the text
	// ("*", "†", "(1)", "(a)", "¹"), as written; "" if none.
	Footnote string
	// Raw is the text the number was read from, trimmed.
	Raw string
}

// currencies are the currency marks read before (or after) a figure,
// longest first so that "US$" wins over "$".
var currencies = []string{
	"US$", "HK$", "NZ$", "NT$", "MX$", "A$", "C$", "S$", "R$",
	"USD", "EUR", "GBP", "JPY", "CNY", "RMB", "HKD", "CHF", "INR", "AUD",
	"CAD", "SGD", "SEK", "NOK", "DKK", "KRW", "TWD", "BRL", "ZAR", "Rs.", "Rs",
	"$", "€", "£", "¥", "₹", "₩", "₽", "₺", "円",
}

// suffixes are the multiplier and unit words read right after a figure,
// compared case-insensitively, longest first.
var suffixes = []string{"million", "billion", "bps", "ppt", "pts", "mn", "bn", "bp", "pp", "pt", "m", "b", "k", "x"}

// ParseNumber reads a cell's text as a figure and returns nil when it is
// not one: a figure is an optional sign or opening parenthesis, an
// optional currency, digits with optional comma grouping and decimals, an
// optional closing parenthesis, percent sign, suffix and footnote marks,
// in the orders results tables use ("$(1.3)", "($1.3)", "(12)%", "12 %",
// "€3.2m", "1,234 (1)"). An opening parenthesis without its closing one
// still makes a negative (SEC tables put ")" in a cell of its own). A
// lone dash, nm or n/a (with or without currency) is a Number with Dash,
// NM or NA set. Text with any other letters ("Q4 2025", "FY19") is no
// number. European "1.234,5" is not read.
func ParseNumber(s string) *Number {
	raw := strings.TrimSpace(foldSpace(s))
	if raw == "" || len(raw) > 64 {
		return nil
	}
	n := &Number{Raw: raw}
	t := raw
	t, n.Footnote = stripFootnote(t)
	switch strings.ToLower(t) {
	case "nm", "n/m", "n.m.", "n.m", "nmf":
		n.NM = true
		return n
	case "n/a", "n.a.", "n.a", "na":
		n.NA = true
		return n
	case "nil":
		n.Dash = true
		return n
	}
	open, closed := false, false
	// Prefix: signs, "(", currency, space, in any order.
	for t != "" {
		switch {
		case t[0] == ' ':
			t = t[1:]
		case t[0] == '(' && !open:
			open = true
			t = t[1:]
		case t[0] == '-' && len(t) > 1 && !n.Negative && (isDigitStart(t[1:]) || t[1] == '('):
			n.Negative = true
			t = t[1:]
		case (strings.HasPrefix(t, "−") || strings.HasPrefix(t, "–") || strings.HasPrefix(t, "△") || strings.HasPrefix(t, "▲")) && len(t) > 3 && !n.Negative && isDigitStart(t[3:]):
			n.Negative = true
			t = t[3:]
		default:
			if c := currencyPrefix(t); c != "" && n.Currency == "" {
				n.Currency = c
				t = t[len(c):]
				continue
			}
			goto suffix
		}
	}
suffix:
	// Suffix: ")", "%", currency, multiplier word, space, in any order.
	for t != "" {
		last := t[len(t)-1]
		switch {
		case last == ' ':
			t = t[:len(t)-1]
		case last == ')' && open && !closed:
			closed = true
			t = t[:len(t)-1]
		case last == '%' && !n.Percent:
			n.Percent = true
			t = t[:len(t)-1]
		default:
			if c := currencySuffix(t); c != "" && n.Currency == "" {
				n.Currency = c
				t = t[:len(t)-len(c)]
				continue
			}
			if w := wordSuffix(t); w != "" && n.Suffix == "" {
				n.Suffix = t[len(t)-len(w):]
				t = t[:len(t)-len(w)]
				continue
			}
			goto body
		}
	}
body:
	if t == "" {
		return nil
	}
	if isDash(t) {
		if open || n.Negative || n.Suffix != "" {
			return nil
		}
		n.Dash = true
		return n
	}
	digits, decimals, ok := readDigits(t)
	if !ok {
		return nil
	}
	v, err := strconv.ParseFloat(digits, 64)
	if err != nil {
		return nil
	}
	if open {
		n.Negative = true
	}
	if n.Negative {
		v = -v
	}
	n.Value, n.Decimals = v, decimals
	return n
}

// isDigitStart reports whether s starts with a digit, "." or "(" or a
// currency mark: what may follow a minus sign written as a dash.
func isDigitStart(s string) bool {
	s = strings.TrimLeft(s, " ")
	if s == "" {
		return false
	}
	return s[0] >= '0' && s[0] <= '9' || s[0] == '.' || currencyPrefix(s) != ""
}

// readDigits checks that t is digits with optional comma grouping and an
// optional decimal part, and returns them without commas.
func readDigits(t string) (digits string, decimals int, ok bool) {
	var b strings.Builder
	seenDigit, seenPoint := false, false
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c >= '0' && c <= '9':
			seenDigit = true
			b.WriteByte(c)
			if seenPoint {
				decimals++
			}
		case c == ',' && !seenPoint && seenDigit && i+1 < len(t) && isDigit(t[i+1]):
			// a grouping comma sits between digits
		case c == '.' && !seenPoint && i+1 < len(t) && isDigit(t[i+1]):
			seenPoint = true
			b.WriteByte(c)
		default:
			return "", 0, false
		}
	}
	return b.String(), decimals, seenDigit
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isDash reports whether t is a dash standing for zero or nothing.
func isDash(t string) bool {
	switch t {
	case "-", "--", "---", "—", "–", "−", "——", "– –", "- -":
		return true
	}
	return false
}

func currencyPrefix(t string) string {
	for _, c := range currencies {
		if strings.HasPrefix(t, c) {
			rest := t[len(c):]
			// A letter code must not run into a word: "USDA" is no "USD".
			if isLetterCode(c) && rest != "" {
				r, _ := utf8.DecodeRuneInString(rest)
				if unicode.IsLetter(r) {
					continue
				}
			}
			return c
		}
	}
	return ""
}

func currencySuffix(t string) string {
	for _, c := range currencies {
		if strings.HasSuffix(t, c) && len(t) > len(c) {
			before := t[:len(t)-len(c)]
			r, _ := utf8.DecodeLastRuneInString(before)
			if isLetterCode(c) && unicode.IsLetter(r) {
				continue
			}
			return c
		}
	}
	return ""
}

func isLetterCode(c string) bool {
	r, _ := utf8.DecodeRuneInString(c)
	return r < utf8.RuneSelf && unicode.IsLetter(r)
}

// wordSuffix returns the multiplier word t ends with when a digit (or one
// space after a digit) comes right before it.
func wordSuffix(t string) string {
	lt := strings.ToLower(t)
	for _, w := range suffixes {
		if !strings.HasSuffix(lt, w) || len(t) == len(w) {
			continue
		}
		before := t[:len(t)-len(w)]
		before = strings.TrimSuffix(before, " ")
		if before != "" && (isDigit(before[len(before)-1]) || before[len(before)-1] == ')') {
			return w
		}
	}
	return ""
}

// stripFootnote removes footnote marks from the end of t: "*", "†", "‡",
// "§", superscript digits, and "(1)" or "(a)" (one or two letters or
// digits) when a figure or word remains before them.
func stripFootnote(t string) (rest, marks string) {
	rest = t
	for range 8 { // a few marks at most; more is no footnote
		r, size := utf8.DecodeLastRuneInString(rest)
		switch {
		case r == '*' || r == '†' || r == '‡' || r == '§' || isSuperscriptDigit(r):
			if len(rest) == size {
				return t, ""
			}
			rest = rest[:len(rest)-size]
			continue
		case r == ')':
			i := strings.LastIndexByte(rest, '(')
			if i < 0 || len(rest)-i > 4 || len(rest)-i < 3 {
				break
			}
			inner := rest[i+1 : len(rest)-1]
			if !isAlnumASCII(inner) {
				break
			}
			before := strings.TrimRight(rest[:i], " ")
			// "(1)" alone is minus one, and "(12" + ")" is a negative
			// figure, not a figure with a footnote.
			if before == "" || strings.Count(before, "(") > strings.Count(before, ")") {
				break
			}
			lb := before[len(before)-1]
			if !isDigit(lb) && lb != '%' && lb != ')' && lb != '*' && !isLetterASCII(lb) {
				break
			}
			rest = before
			continue
		}
		break
	}
	rest = strings.TrimRight(rest, " ")
	if rest == t {
		return t, ""
	}
	return rest, strings.TrimSpace(t[len(rest):])
}

func isSuperscriptDigit(r rune) bool {
	return r == '¹' || r == '²' || r == '³' || r >= '⁰' && r <= '⁹'
}

func isAlnumASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) && !isLetterASCII(s[i]) {
			return false
		}
	}
	return s != ""
}

func isLetterASCII(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// isFigure reports whether n is a figure that makes its row a body row:
// any number but a bare year ("2019", "2019 (1)"), and dashes, nm and n/a.
func isFigure(n *Number) bool {
	return n != nil && !isYear(n)
}

// isYear reports whether n is a bare four-digit year between 1900 and 2100.
func isYear(n *Number) bool {
	if n == nil || n.Negative || n.Percent || n.Currency != "" || n.Suffix != "" || n.Dash || n.NM || n.NA || n.Decimals > 0 {
		return false
	}
	t, _ := stripFootnote(n.Raw)
	return len(t) == 4 && n.Value >= 1900 && n.Value <= 2100
}

// foldSpace turns the no-break and thin spaces of typeset tables into
// plain spaces and folds runs of space into one.
func foldSpace(s string) string {
	if !needsFold(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || r == '\u00a0' || r == '\u2007' || r == '\u2009' || r == '\u202f' || r == '\u200b' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

func needsFold(s string) bool {
	prev := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' {
			return true
		}
		sp := c == ' '
		if sp && (prev || i == 0 || i == len(s)-1) {
			return true
		}
		prev = sp
	}
	return false
}
