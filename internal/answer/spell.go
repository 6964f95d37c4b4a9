package answer

import (
	"strings"
	"unicode/utf8"
)

// vocab corrects misspelt question words against the words the corpus and
// the reporting lexicon use. It is a symmetric-delete index at edit
// distance one (SymSpell's idea): a word and its one-letter deletions point
// at the vocabulary words that share them, so a substitution, insertion,
// deletion or transposition of one letter is found with a handful of map
// look-ups, whatever the size of the vocabulary. Read-only after build.
type vocab struct {
	freq    map[string]int      // word -> how often it occurs
	deletes map[string][]string // one-letter deletion -> vocabulary words
}

// minCorrectable is the shortest word that is corrected; shorter words are
// too often other words one letter away.
const minCorrectable = 5

func newVocab() *vocab {
	return &vocab{freq: map[string]int{}, deletes: map[string][]string{}}
}

// add counts a word of the vocabulary (lower case).
func (v *vocab) add(w string, n int) {
	if w == "" {
		return
	}
	if _, seen := v.freq[w]; !seen && utf8.RuneCountInString(w) >= minCorrectable {
		for _, d := range deletions(w) {
			v.deletes[d] = append(v.deletes[d], w)
		}
	}
	v.freq[w] += n
}

// addText adds every word of s.
func (v *vocab) addText(s string, n int) {
	for _, w := range words(strings.ToLower(s)) {
		v.add(w, n)
	}
}

func (v *vocab) known(w string) bool { _, ok := v.freq[w]; return ok }

// suffixes are the endings by which a word's other forms are recognised;
// appended are those that attach to a whole word ("react" + "ed"), so a
// truncated word ("revenu" + "es") is not taken for a form.
var (
	suffixes = []string{"s", "es", "ed", "d", "ing", "ion", "ions", "er", "ers", "ly", "al", "ment"}
	appended = []string{"s", "ed", "ing", "ion", "ions", "er", "ers", "ly", "ment"}
)

// knownForm reports whether w or another form of it is known: "react"
// when the corpus says "reacted". Such a word is a word, not a typo.
func (v *vocab) knownForm(w string) bool {
	if v.known(w) {
		return true
	}
	for _, s := range appended {
		if v.known(w + s) {
			return true
		}
	}
	for _, s := range suffixes {
		if base, ok := strings.CutSuffix(w, s); ok && len(base) >= 3 {
			if v.known(base) || v.known(base+"e") {
				return true
			}
			for _, t := range suffixes {
				if v.known(base + t) {
					return true
				}
			}
		}
	}
	return false
}

// correct returns the vocabulary word closest to w (the most frequent of
// those one edit away), or w itself when it is known, short, a number, or
// has no near neighbour.
func (v *vocab) correct(w string) string {
	if v.knownForm(w) || utf8.RuneCountInString(w) < minCorrectable || strings.ContainsAny(w, "0123456789") {
		return w
	}
	best, bestN := w, 0
	consider := func(c string) {
		if n := v.freq[c]; n > bestN || n == bestN && c < best {
			best, bestN = c, n
		}
	}
	for _, c := range v.deletes[w] { // w lacks a letter of c
		consider(c)
	}
	for _, d := range deletions(w) {
		if v.known(d) { // w has one letter too many, and d is the word
			consider(d)
		}
		for _, c := range v.deletes[d] { // substitution or transposition
			consider(c)
		}
	}
	return best
}

// deletions returns w with each one of its letters removed.
func deletions(w string) []string {
	out := make([]string, 0, len(w))
	for i, r := range w {
		out = append(out, w[:i]+w[i+utf8.RuneLen(r):])
	}
	return out
}
