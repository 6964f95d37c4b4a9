package table

import "sort"

// Find returns every table of text, of every form, in order of Start:
// HTML tables first claim their bytes, then pipe tables and then plain-text
// tables are looked for on the lines left. Offsets are byte offsets into
// text. Find never panics, and its time grows about linearly with the
// length of text.
func Find(text string) []Table {
	out := FindHTML(text)
	lines := splitLines(text)
	skip := make([]bool, len(lines))
	k := 0
	for i, ln := range lines {
		for k < len(out) && out[k].End <= ln.start {
			k++
		}
		for j := k; j < len(out) && out[j].Start <= ln.end; j++ {
			if out[j].End > ln.start {
				skip[i] = true
				break
			}
		}
	}
	out = append(out, findPipe(text, lines, skip)...)
	out = append(out, findAligned(text, lines, skip)...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}
