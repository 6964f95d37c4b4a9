package corpus

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// ruleAction is what a boilerplate rule does to the text it matches.
type ruleAction int

const (
	// cutRest drops the matching line and everything after it: a comment
	// form ends the article.
	cutRest ruleAction = iota + 1
	// dropLine drops a standalone line of page furniture (ads, promos,
	// share bars, publisher footers). Rules with sentence set also drop a
	// sentence that matches inside a paragraph.
	dropLine
	// uncitable marks a fragment as not citable: the sentence (or heading)
	// that contains the match is dropped, and when the match stands on a
	// line of its own, so are the unfinished sentence before it and the
	// first sentence after it, which it cut apart.
	uncitable
)

// boilerRule is one entry of the boilerplate table.
type boilerRule struct {
	name   string
	action ruleAction
	// re is matched, case-insensitively, against a line with surrounding
	// space, Markdown heading and list markers and emphasis stripped (see
	// furnitureText), or against a sentence when sentence is set.
	re *regexp.Regexp
	// maxLen, when non-zero, limits the rule to lines of at most this many
	// bytes, so that a prefix rule ("Read more") cannot swallow a paragraph
	// of news that happens to start the same way.
	maxLen   int
	sentence bool
}

// boilerplate is THE table of what is not news. It is written from what
// publishers put around articles in general (WordPress comment forms, ad
// slots, newsletter promos, share bars, syndication footers, crawler
// truncation notes), not from any one document; each rule has table tests
// in boilerplate_test.go. The loader never edits a document: matching text
// simply yields no passage.
var boilerplate = []boilerRule{
	// Comment forms: nothing after them is the article.
	{name: "comment form", action: cutRest, re: rx(`^(leave a (reply|comment)\b.*|post a comment|add a comment|write a comment|join the (discussion|conversation)|comments?|\d+\s+(comments?|responses?|replies)|comments?\s*\(\d+\)|(show|view|load) comments)\s*[:.]?$`), maxLen: 80},

	// Ads and promotions.
	{name: "ad slot", action: dropLine, re: rx(`^(advertisement|advertising|ad|ads|sponsored|sponsored (content|post|links?)|paid (content|post|partnership)|promoted( content| stories)?|partner content|special offers?( banner)?|story continues below( advertisement)?)$`)},
	{name: "subscribe promo", action: dropLine, re: rx(`^(subscribe|subscribe now|subscribe to|subscribe for)\b`), maxLen: 200},
	{name: "newsletter promo", action: dropLine, re: rx(`^((sign up|signup|register|get|join)\b.{0,40}\bnewsletters?\b|newsletters?:)`), maxLen: 200},

	// Sharing and navigation.
	{name: "share bar", action: dropLine, re: rx(`^(share (this|on|via)\b|(share|tweet|email|print|facebook|twitter|linkedin|whatsapp|reddit|x)(\s*[|,/·•]?\s*(share|tweet|email|print|facebook|twitter|linkedin|whatsapp|reddit|x))+$)`), maxLen: 80},
	{name: "follow us", action: dropLine, re: rx(`^(follow|like) us on\b`), maxLen: 120},
	{name: "read more", action: dropLine, re: rx(`^(read more|continue reading|read the full (story|article)|click here|see also)\b`), maxLen: 120},
	// A PDF's page marker (internal/convert writes "--- page 4 ---") and
	// page numbers standing alone are page furniture.
	{name: "page marker", action: dropLine, re: rx(`^page \d{1,6}( of \d{1,6})?$`), maxLen: 40},
	{name: "related links", action: dropLine, re: rx(`^(related|recommended|more from \S.*|you may also like|trending( now)?|most read|popular)( articles| stories| posts| reading| news| content)?\s*:?$`), maxLen: 60},
	{name: "tags line", action: dropLine, re: rx(`^(tags|filed under|categories|topics)\s*:`), maxLen: 200},
	{name: "photo credit", action: dropLine, re: rx(`^(photo|image|picture|photograph)s?( credit| source)?\s*:`), maxLen: 150},
	{name: "cookie notice", action: dropLine, re: rx(`\bwe use cookies\b`), maxLen: 300, sentence: true},

	// Publisher footers and comment-form fine print.
	{name: "rights reserved", action: dropLine, re: rx(`\ball rights reserved\b`), maxLen: 200, sentence: true},
	{name: "copyright", action: dropLine, re: rx(`^(©|\(c\)\s|copyright\s+(©|\(c\)|\d{4}))`), maxLen: 200, sentence: true},
	{name: "publication footer", action: dropLine, re: rx(`^\S.{0,60}\bis an? (\S+ ){0,4}publication( of \S.{0,40})?\.?$`), maxLen: 120},
	{name: "email not published", action: dropLine, re: rx(`\byour email address will not be published\b`), sentence: true},
	{name: "required fields", action: dropLine, re: rx(`\brequired fields are marked\b`), sentence: true},

	// Crawler and feed truncation: the text around it is cut apart.
	{name: "truncation marker", action: uncitable, re: rx(`<\s*truncated\b[^<>]{0,40}>|\[\s*truncated\b[^\[\]]{0,40}\]|\(\s*truncated\s*\)`), sentence: true},
}

func rx(s string) *regexp.Regexp { return regexp.MustCompile(`(?i)` + s) }

// furnitureText strips what dresses a line of page furniture up: space,
// Markdown heading, quote and list markers, emphasis and rules ("##
// Advertisement", "**Related articles**", "— Advertisement —").
func furnitureText(line string) string {
	line = strings.TrimLeft(line, " \t\r\n#>*_-–—=|`~\u00a0")
	return strings.TrimRight(line, " \t\r\n#*_-–—=|`~\u00a0")
}

// classifyLine returns the action of the first rule that matches a whole
// line, or 0. Rules that apply to sentences are left to
// sentenceIsBoilerplate, so that a line of news ending in a footer keeps its
// news; only an uncitable marker is reported here wherever it occurs.
func classifyLine(line string) ruleAction {
	t := furnitureText(line)
	if t == "" {
		return 0
	}
	for _, r := range boilerplate {
		if (r.sentence && r.action != uncitable) || (r.maxLen > 0 && len(t) > r.maxLen) {
			continue
		}
		if r.re.MatchString(t) {
			return r.action
		}
	}
	return 0
}

// isUncitableLine reports whether a line is nothing but an uncitable marker
// ("< truncated 364 characters >").
func isUncitableLine(line string) bool {
	t := furnitureText(line)
	for _, r := range boilerplate {
		if r.action == uncitable {
			if loc := r.re.FindStringIndex(t); loc != nil && loc[0] == 0 && loc[1] == len(t) {
				return true
			}
		}
	}
	return false
}

// sentenceIsBoilerplate reports whether a sentence matches a rule that
// applies to sentences (or is a whole line of furniture on its own).
func sentenceIsBoilerplate(s string) bool {
	for _, r := range boilerplate {
		if !r.sentence || (r.maxLen > 0 && len(s) > r.maxLen) {
			continue
		}
		if r.re.MatchString(s) {
			return true
		}
	}
	return classifyLine(s) != 0
}

// hasWordRune reports whether s holds a letter or digit: a span of
// punctuation alone is not a passage.
func hasWordRune(s string) bool {
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		if isWordRune(r) {
			return true
		}
		s = s[n:]
	}
	return false
}
