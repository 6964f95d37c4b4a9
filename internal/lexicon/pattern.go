package lexicon

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode/utf8"
)

// Pattern is a compiled regexp with literals its matches must contain,
// lower-cased: for each clause, one of the clause's literals. Most
// sentences name few of the lexicon's words, so a strings.Contains over the
// lower-cased sentence rules most patterns out before the regexp runs. It is
// immutable and safe for concurrent use. The zero Pattern matches nothing.
type Pattern struct {
	*regexp.Regexp
	clauses [][]string // every clause must hold; none: always run the regexp
}

// Compile compiles pattern (RE2 syntax) and derives its required literals.
func Compile(pattern string) (Pattern, error) {
	re, err := regexp.Compile(pattern)
	if err != nil {
		return Pattern{}, err
	}
	p := Pattern{Regexp: re}
	if ast, err := syntax.Parse(pattern, syntax.Perl); err == nil {
		p.clauses = requiredClauses(ast.Simplify())
	}
	return p, nil
}

// MustCompile is Compile for patterns written in code; it panics on a
// pattern that does not compile.
func MustCompile(pattern string) Pattern {
	p, err := Compile(pattern)
	if err != nil {
		panic("lexicon: " + err.Error())
	}
	return p
}

// MayMatch reports whether the regexp can match the text whose lower-cased
// form (strings.ToLower) is lower. A false answer is certain for ASCII
// text; the rare Unicode case folds (ſ for s, K for k) can be missed.
func (p Pattern) MayMatch(lower string) bool {
	if p.Regexp == nil {
		return false
	}
	for _, c := range p.clauses {
		if !containsOne(lower, c) {
			return false
		}
	}
	return true
}

func containsOne(s string, lits []string) bool {
	for _, l := range lits {
		if strings.Contains(s, l) {
			return true
		}
	}
	return false
}

// FindAll is FindAllStringSubmatchIndex(text, -1) behind the prefilter;
// lower is strings.ToLower(text).
func (p Pattern) FindAll(text, lower string) [][]int {
	if !p.MayMatch(lower) {
		return nil
	}
	return p.FindAllStringSubmatchIndex(text, -1)
}

// requiredClauses returns clauses every match of re satisfies: each clause
// a set of lower-cased strings one of which the match contains. None when
// it cannot tell.
func requiredClauses(re *syntax.Regexp) [][]string {
	switch re.Op {
	case syntax.OpLiteral:
		s := strings.ToLower(string(re.Rune))
		if s == "" || !utf8.ValidString(s) {
			return nil
		}
		return [][]string{{s}}
	case syntax.OpCharClass:
		// a small class of ASCII characters: one of them ("\d", "[-–]")
		var lits []string
		seen := map[string]bool{}
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i+1]-re.Rune[i] > 16 || len(seen) > 16 {
				return nil
			}
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if r >= utf8.RuneSelf {
					continue // a fold such as K for k: see MayMatch
				}
				if l := strings.ToLower(string(r)); !seen[l] {
					seen[l] = true
					lits = append(lits, l)
				}
			}
		}
		if len(lits) == 0 {
			return nil
		}
		return [][]string{lits}
	case syntax.OpCapture, syntax.OpPlus:
		return requiredClauses(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return requiredClauses(re.Sub[0])
		}
	case syntax.OpConcat:
		var all [][]string
		for _, sub := range re.Sub {
			all = append(all, requiredClauses(sub)...)
		}
		return all
	case syntax.OpAlternate:
		// one clause per branch, the most selective, joined
		var union []string
		for _, sub := range re.Sub {
			best := bestClause(requiredClauses(sub))
			if best == nil {
				return nil
			}
			union = append(union, best...)
		}
		return [][]string{union}
	}
	return nil
}

// bestClause picks the clause whose shortest literal is longest, the one
// with fewer literals on ties.
func bestClause(cs [][]string) []string {
	var best []string
	bestLen := 0
	for _, c := range cs {
		short := len(c[0])
		for _, l := range c {
			short = min(short, len(l))
		}
		if short > bestLen || short == bestLen && len(c) < len(best) {
			best, bestLen = c, short
		}
	}
	return best
}

// Words joins alternatives into one pattern matched at word boundaries: an
// alternative that begins (ends) with a letter, digit or a group must begin
// (end) at a word boundary; one that begins or ends with punctuation ("adj\.")
// is not held to one there. With fold the pattern ignores case. Where every
// alternative begins (ends) with a word, one boundary stands before (after)
// the whole alternation, which the regexp engine runs faster than one per
// alternative.
func Words(alts []string, fold bool) string {
	allFirst, allLast := true, true
	for _, a := range alts {
		allFirst = allFirst && wordEdge(a, true)
		allLast = allLast && wordEdge(a, false)
	}
	var b strings.Builder
	if fold {
		b.WriteString("(?i)")
	}
	if allFirst {
		b.WriteString(`\b`)
	}
	b.WriteString("(?:")
	for i, a := range alts {
		if i > 0 {
			b.WriteByte('|')
		}
		if !allFirst && wordEdge(a, true) {
			b.WriteString(`\b`)
		}
		if allFirst && allLast {
			b.WriteString(a)
		} else {
			b.WriteString("(?:" + a + ")")
		}
		if !allLast && wordEdge(a, false) {
			b.WriteString(`\b`)
		}
	}
	b.WriteString(")")
	if allLast {
		b.WriteString(`\b`)
	}
	return b.String()
}

// wordEdge reports whether pattern a begins (first) or ends with something
// that must sit at a word boundary: a letter or digit, a class, a group or a
// repetition of one, as against escaped punctuation or a symbol.
func wordEdge(a string, first bool) bool {
	if first {
		if a == "" {
			return false
		}
		c := a[0]
		if c == '\\' && len(a) > 1 {
			return a[1] == 'd' || a[1] == 'w'
		}
		return isWordByte(c) || c == '(' || c == '['
	}
	// drop quantifiers after the last atom: "s?", "(?:es)?", "\w*"
	for len(a) > 0 && strings.ContainsRune("?*+", rune(a[len(a)-1])) {
		a = a[:len(a)-1]
	}
	if a == "" {
		return false
	}
	c := a[len(a)-1]
	if len(a) >= 2 && a[len(a)-2] == '\\' {
		return c == 'd' || c == 'w'
	}
	if c == ')' || c == ']' {
		return true
	}
	return isWordByte(c)
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
