package table

import (
	"strings"

	"golang.org/x/net/html"
)

// line is one line of a text: [start, end) without its line break.
type line struct{ start, end int }

// splitLines returns the lines of text, each without "\n" or "\r\n".
func splitLines(text string) []line {
	var out []line
	for start := 0; start <= len(text); {
		i := strings.IndexByte(text[start:], '\n')
		end := len(text)
		if i >= 0 {
			end = start + i
		}
		e := end
		if e > start && text[e-1] == '\r' {
			e--
		}
		out = append(out, line{start, e})
		if i < 0 {
			break
		}
		start = end + 1
	}
	return out
}

// FindPipe returns the Markdown pipe tables of text, in order. A pipe
// table is a line with an unescaped "|" followed by a delimiter line
// ("|---|:--:|", "---|---"), then every following line with an unescaped
// "|"; or, without a delimiter line, two or more consecutive lines that
// start with "|".
func FindPipe(text string) []Table {
	return findPipe(text, splitLines(text), nil)
}

// findPipe finds pipe tables among lines, skipping lines marked in skip
// (nil for none), and marks the lines it uses.
func findPipe(text string, lines []line, skip []bool) []Table {
	var out []Table
	free := func(i int) bool { return i < len(lines) && (skip == nil || !skip[i]) }
	for i := 0; i < len(lines); i++ {
		if !free(i) {
			continue
		}
		l := text[lines[i].start:lines[i].end]
		var j int
		switch {
		case hasPipe(l) && !isDelimiter(l) && free(i+1) && isDelimiter(text[lines[i+1].start:lines[i+1].end]):
			j = i + 2
			for free(j) && hasPipe(text[lines[j].start:lines[j].end]) {
				j++
			}
		case startsWithPipe(l) && free(i+1) && startsWithPipe(text[lines[i+1].start:lines[i+1].end]):
			j = i + 1
			for free(j) && startsWithPipe(text[lines[j].start:lines[j].end]) {
				j++
			}
		default:
			continue
		}
		t := pipeTable(text, lines[i:j])
		if len(t.Rows) > 0 {
			out = append(out, t)
			if skip != nil {
				for k := i; k < j; k++ {
					skip[k] = true
				}
			}
		}
		i = j - 1
	}
	return out
}

// hasPipe reports whether l holds an unescaped "|".
func hasPipe(l string) bool {
	for i := 0; i < len(l); i++ {
		if l[i] == '\\' {
			i++
			continue
		}
		if l[i] == '|' {
			return true
		}
	}
	return false
}

func startsWithPipe(l string) bool {
	t := strings.TrimLeft(l, " \t")
	return len(l)-len(t) <= 3 && strings.HasPrefix(t, "|") && len(t) > 1
}

// isDelimiter reports whether l is a delimiter line: cells of dashes with
// optional alignment colons, and at least one "|".
func isDelimiter(l string) bool {
	t := strings.TrimSpace(l)
	if !strings.Contains(t, "|") || !strings.Contains(t, "-") {
		return false
	}
	t = strings.TrimPrefix(t, "|")
	t = strings.TrimSuffix(t, "|")
	for _, seg := range strings.Split(t, "|") {
		seg = strings.TrimSpace(seg)
		seg = strings.TrimPrefix(seg, ":")
		seg = strings.TrimSuffix(seg, ":")
		if seg == "" || strings.Trim(seg, "-") != "" {
			return false
		}
	}
	return true
}

// pipeTable reads the lines of one pipe table.
func pipeTable(text string, lines []line) Table {
	t := Table{Form: Pipe, Start: -1}
	for _, ln := range lines {
		l := text[ln.start:ln.end]
		s, e := trimSpan(text, ln.start, ln.end)
		if t.Start < 0 {
			t.Start = s
		}
		t.End = e
		if isDelimiter(l) {
			continue
		}
		r := Row{Start: s, End: e}
		col := 0
		for _, seg := range pipeCells(text, ln.start, ln.end) {
			if c, ok := pipeCell(text, seg, col); ok {
				if col == 0 {
					r.Indent = seg.indent
				}
				r.Cells = append(r.Cells, c)
			}
			col++
		}
		t.Cols = max(t.Cols, col)
		t.Rows = append(t.Rows, r)
	}
	if t.Start < 0 {
		return Table{}
	}
	t.Unit = unitAbove(text, lines[0].start)
	finish(&t, shape{label: true, groups: true, fallback: 1})
	return t
}

type segment struct {
	start, end int
	indent     int
}

// pipeCells splits the line [start, end) of text at its unescaped pipes,
// dropping the empty cells before a leading and after a trailing pipe.
func pipeCells(text string, start, end int) []segment {
	var segs []segment
	s := start
	for i := start; i < end; i++ {
		switch text[i] {
		case '\\':
			i++
		case '|':
			segs = append(segs, segment{start: s, end: i})
			s = i + 1
		}
	}
	segs = append(segs, segment{start: s, end: end})
	if len(segs) > 1 && strings.TrimSpace(text[segs[0].start:segs[0].end]) == "" {
		segs = segs[1:]
		segs[0].indent = leadingIndent(text[segs[0].start:segs[0].end])
	}
	if len(segs) > 1 && strings.TrimSpace(text[segs[len(segs)-1].start:segs[len(segs)-1].end]) == "" {
		segs = segs[:len(segs)-1]
	}
	return segs
}

// leadingIndent counts the spaces and &nbsp;s that open a cell, less the
// one space of padding after the pipe.
func leadingIndent(s string) int {
	n := 0
	for {
		switch {
		case strings.HasPrefix(s, " "):
			s = s[1:]
		case strings.HasPrefix(s, "\u00a0"):
			s = s[2:]
		case strings.HasPrefix(s, "&nbsp;"):
			s = s[6:]
		default:
			return max(n-1, 0)
		}
		n++
	}
}

// pipeCell makes the cell of one segment; ok is false for an empty one.
func pipeCell(text string, seg segment, col int) (Cell, bool) {
	s, e := trimSpan(text, seg.start, seg.end)
	if s == e {
		return Cell{}, false
	}
	raw := text[s:e]
	disp := strings.ReplaceAll(raw, `\|`, "|")
	if strings.Contains(disp, "&") {
		disp = html.UnescapeString(disp)
	}
	disp = stripEmphasis(strings.TrimSpace(foldSpace(disp)))
	if disp == "" {
		return Cell{}, false
	}
	return Cell{Start: s, End: e, Text: disp, Col: col, Span: 1, Number: ParseNumber(disp)}, true
}

// stripEmphasis drops Markdown emphasis around a whole cell ("**Total**",
// "_2025_"); an empty bold cell ("****") becomes empty.
func stripEmphasis(s string) string {
	for _, m := range []string{"**", "__", "*", "_"} {
		if len(s) >= 2*len(m) && strings.HasPrefix(s, m) && strings.HasSuffix(s, m) {
			return strings.TrimSpace(stripEmphasis(s[len(m) : len(s)-len(m)]))
		}
	}
	return s
}
