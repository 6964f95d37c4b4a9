package adapters

import (
	"strings"
	"unicode/utf8"
)

// Ellipsis marks trimmed text.
const Ellipsis = "…"

// Trim shortens s to at most max bytes of valid UTF-8, ending in an
// ellipsis when anything was cut, and keeps the text around keep (a figure
// the reader must see) when keep occurs in s. It cuts at a word boundary
// where it can. max counts bytes; callers with character limits pass the
// limit in bytes or convert.
func Trim(s string, max int, keep string) string {
	if len(s) <= max {
		return s
	}
	if max < len(Ellipsis) {
		return ""
	}
	i := -1
	if keep != "" {
		i = strings.Index(s, keep)
	}
	if i < 0 || i+len(keep)+len(Ellipsis) <= max {
		return cutEnd(s, max-len(Ellipsis)) + Ellipsis
	}
	// The figure lies past the cut: keep a window around it.
	budget := max - 2*len(Ellipsis)
	if len(keep) >= budget {
		return cutEnd(keep, max-len(Ellipsis)) + Ellipsis
	}
	before := (budget - len(keep)) / 2
	from := i - before
	to := from + budget
	if to > len(s) {
		to = len(s)
		from = to - budget
	}
	mid := cutStart(s[:to], to-from)
	head := Ellipsis
	tail := Ellipsis
	if to == len(s) {
		tail = ""
		mid = cutStart(s, max-len(Ellipsis))
	}
	if to != len(s) {
		mid = cutEnd(mid, len(mid))
	}
	return head + mid + tail
}

// cutEnd returns the longest prefix of s of at most n bytes that ends on a
// rune boundary, preferring a word boundary in the last fifth.
func cutEnd(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	p := s[:n]
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
