package adapters

import (
	"strings"
	"unicode/utf8"
)

// Ellipsis marks trimmed text.
const Ellipsis = "…"

// Trim shortens s to at most limit bytes of valid UTF-8, ending in an
// ellipsis when anything was cut, and keeps the text around keep (a figure
// the reader must see) when keep occurs in s. It cuts at a word boundary
// where it can. limit counts bytes; callers with character limits pass the
// limit in bytes or convert.
func Trim(s string, limit int, keep string) string {
	if len(s) <= limit {
		return s
	}
	if limit < len(Ellipsis) {
		return ""
	}
	i := -1
	if keep != "" {
		i = strings.Index(s, keep)
	}
	if i < 0 || i+len(keep)+len(Ellipsis) <= limit {
		head := cutEnd(s, limit-len(Ellipsis))
		if i >= 0 && len(head) < i+len(keep) { // the word cut took the figure
			head = cutRune(s, limit-len(Ellipsis))
		}
		return head + Ellipsis
	}
	// The figure lies past the cut: keep a window around it.
	budget := limit - 2*len(Ellipsis)
	if len(keep) >= budget {
		return cutEnd(keep, limit-len(Ellipsis)) + Ellipsis
	}
	from := max(0, i-(budget-len(keep))/2)
	if from+budget >= len(s) { // the window reaches the end: no tail ellipsis
		return Ellipsis + cutStart(s, limit-len(Ellipsis))
	}
	for from < i && !utf8.RuneStart(s[from]) {
		from++
	}
	mid := s[from:i] // up to the figure: start it on a word when one begins there
	if j := strings.IndexAny(mid, " \n\t"); j >= 0 {
		mid = mid[j+1:]
	}
	rest := budget - len(mid) // what is left for the figure and after it
	tail := cutEnd(s[i:], rest)
	if len(tail) < len(keep) { // never cut into the figure for a word
		tail = cutRune(s[i:], rest)
	}
	return Ellipsis + mid + tail + Ellipsis
}

// cutRune returns the longest prefix of s of at most n bytes that ends on
// a rune boundary.
func cutRune(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// cutEnd returns the longest prefix of s of at most n bytes that ends on a
// rune boundary, preferring a word boundary in the last fifth.
func cutEnd(s string, n int) string {
	if len(s) <= n {
		return s
	}
	p := cutRune(s, n)
	n = len(p)
	if j := strings.LastIndexAny(p, " \n\t"); j > n*4/5 {
		p = p[:j]
	}
	return strings.TrimRight(p, " \n\t")
}

// cutStart returns the longest suffix of s of at most n bytes that starts on
// a rune boundary, preferring a word boundary in the first fifth.
func cutStart(s string, n int) string {
	if len(s) <= n {
		return s
	}
	k := len(s) - n
	for k < len(s) && !utf8.RuneStart(s[k]) {
		k++
	}
	p := s[k:]
	if j := strings.IndexAny(p, " \n\t"); j >= 0 && j < n/5 {
		p = p[j+1:]
	}
	return strings.TrimLeft(p, " \n\t")
}
