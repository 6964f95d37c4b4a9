package facts

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode/utf8"
)

// prefiltered is a regexp with literals its matches must contain,
// lower-cased: for each clause, one of the clause's literals. Most
// sentences name few of the lexicon's words, so a strings.Contains over the
// lower-cased sentence rules most patterns out before the (backtracking)
// regexp runs. It is immutable and safe for concurrent use.
type prefiltered struct {
	*regexp.Regexp
	clauses [][]string // every clause must hold; none: always run the regexp
}

// mustPrefilter compiles pattern and derives its required literals.
func mustPrefilter(pattern string) prefiltered {
	p := prefiltered{Regexp: regexp.MustCompile(pattern)}
	if ast, err := syntax.Parse(pattern, syntax.Perl); err == nil {
		p.clauses = requiredClauses(ast.Simplify())
	}
	return p
}

// mayMatch reports whether the regexp can match the text whose lower-cased
// form (strings.ToLower) is lower. A false answer is certain for ASCII
// text; the rare Unicode case folds (ſ for s, K for k) can be missed.
func (p prefiltered) mayMatch(lower string) bool {
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

// findAll is FindAllStringSubmatchIndex(text, -1) behind the prefilter;
// lower is strings.ToLower(text).
func (p prefiltered) findAll(text, lower string) [][]int {
	if !p.mayMatch(lower) {
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
					continue // a fold such as K for k: see mayMatch
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
