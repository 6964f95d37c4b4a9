package corpus

import (
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"
)

// FuzzSplit feeds document bodies to the splitter: it must not panic, and
// every span must lie in order within the text, trimmed, on rune boundaries.
func FuzzSplit(f *testing.F) {
	for _, s := range []string{
		"Revenue rose 5%. Profit fell.",
		"# Heading\n\n- item one.\n* item two\n1. three\n\nLeave a Reply\nx",
		"He said: “We will invest.” Mr. Wu met U.S. officials... Then? Yes!",
		"Cloud grew. Revenue hit\n< truncated 364 characters >\nbillion yuan.",
		"\uFEFF---\ntitle: x\n---\r\nText.\r\n",
		"收入增长。利润下降。",
		"   \n\n\t",
		"a.b. c.d. E.F. g",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		blocks, spans := split(body, 0)
		checkSpans(t, body, 0, spans)
		checkBlocks(t, body, blocks, spans)
		if !utf8.ValidString(body) {
			return
		}
		for _, s := range spans {
			if !utf8.ValidString(body[s.start:s.end]) {
				t.Errorf("split(%q): span [%d,%d) splits a rune", body, s.start, s.end)
			}
		}
	})
}

// FuzzLoad feeds whole files to Load: it must not panic, must either load
// the document or report one error naming it, and passages must quote Raw.
func FuzzLoad(f *testing.F) {
	f.Add("---\ntitle: T\ncompany: Alibaba\npublished: 2025-11-25\nperiod: quarter ended 2025-09-30\n---\nRevenue rose. Profit fell.\n")
	f.Add("---\ntitle: [\n---\nText.")
	f.Add("Plain text.\x00")
	f.Add("---\n---\n")
	f.Fuzz(func(t *testing.T, content string) {
		c, errs := Load(fstest.MapFS{"companies.yaml": file(testRegistry), "d.md": file(content)})
		if len(c.Docs) == 0 {
			if len(errs) == 0 || !strings.HasPrefix(errs[0].Error(), "d.md: ") {
				t.Fatalf("Load(%q): no doc and errors %v", content, errs)
			}
			return
		}
		d := c.Docs[0]
		prev := 0
		for i, p := range d.Passages {
			if p.Start < prev || p.End <= p.Start || p.End > len(d.Raw) || d.Raw[p.Start:p.End] != p.Text || p.Seq != i {
				t.Fatalf("Load(%q): passage %d [%d,%d) %q breaks the offsets invariant", content, i, p.Start, p.End, p.Text)
			}
			prev = p.End
		}
	})
}
