package convert

import (
	"regexp"
	"strings"
	"time"
)

// The organisation a results release is from, as its lead names it:
// "Corvexa Systems, Inc. (NASDAQ: CVXA) today announced ...", or
// "Lumatrine Energy plc today reported ...".
var (
	// leadName is a run of capitalised words (a comma may precede a
	// corporate suffix: "Corvexa Systems, Inc.").
	leadName = `((?:[A-Z][\w&.'’-]*(?:,? +|\s+)){0,6}[A-Z][\w&.'’-]*(?:,?\s+(?:plc|p\.l\.c\.|ltd\.?|inc\.?|llc|se|nv|sa)\b)?)`
	// leadTicker is the listing in parentheses after the name.
	leadTicker = regexp.MustCompile(leadName + `\s*\(((?:NYSE|NASDAQ|Nasdaq|NYSE American|LSE|LON|HKEX|HKSE|SEHK|TSX|TSXV|ASX|SSE|SZSE|SGX|NSE|BSE|TSE|TYO|XETRA|FWB|Euronext|EPA|AMS|SIX|OTC|OTCQX|OTCQB)\s*:[^()]{1,60})\)`)
	// leadVerb is the name announcing or reporting, today or on a date.
	leadVerb = regexp.MustCompile(leadName + `\s+(?:\([^()]{1,60}\)\s+)?(today\s+|on\s+[A-Z][a-z]+day,?\s+|on\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?,?\s+)?(?:announced|reported|released|posted|published)\b`)
	// listing is one "EXCHANGE: SYMBOL" of a ticker parenthesis.
	listing = regexp.MustCompile(`([A-Za-z]{2,12}(?: American)?)\s*:\s*([A-Z0-9][A-Z0-9.]{0,9})\b`)
	// corporate marks a company name without a ticker or "today".
	corporate = regexp.MustCompile(`\b(?:Inc|Corp|Corporation|Co|Ltd|Limited|plc|PLC|AG|SE|SA|S\.A|NV|N\.V|Group|Holdings?|LLC|GmbH|Incorporated|Company)\.?$`)
)

// notNames are capitalised words that start a sentence but name no one.
var notNames = map[string]bool{
	"today": true, "on": true, "in": true, "yesterday": true, "and": true, "but": true,
	"also": true, "meanwhile": true, "separately": true, "shares": true, "revenue": true,
	"sales": true, "it": true, "we": true, "the company": true, "company": true,
	"analysts": true, "investors": true, "management": true, "results": true,
}

// leaderWords are leading words dropped from a name ("Today Corvexa").
var leaderWords = []string{"Today", "On", "In", "Yesterday", "And", "But", "Also", "Meanwhile", "Separately", "Earlier", "Shares of", "Shares in"}

// LeadCompany reads the organisation named in the first paragraphs of
// text (kept text or Markdown): the name before a listing such as
// "(NASDAQ: CVXA)", or before "announced" / "reported" (then "today" or
// "on Tuesday" must come between, or the name must carry a corporate
// suffix such as Inc. or plc). tickers are the listing's "EXCHANGE:SYMBOL" pairs. from
// quotes the words it was read from; all are empty when nothing fits.
func LeadCompany(text string) (name string, tickers []string, from string) {
	for _, line := range leadParagraphs(text, 6) {
		if m := leadTicker.FindStringSubmatchIndex(line); m != nil {
			if n := trimName(line[m[2]:m[3]]); n != "" {
				for _, l := range listing.FindAllStringSubmatch(line[m[4]:m[5]], 4) {
					tickers = append(tickers, strings.ToUpper(l[1])+":"+l[2])
				}
				return n, tickers, line[m[2]:m[1]]
			}
		}
		if m := leadVerb.FindStringSubmatchIndex(line); m != nil {
			n := trimName(line[m[2]:m[3]])
			today := m[4] >= 0
			if n != "" && (today || corporate.MatchString(n)) {
				return n, nil, line[m[2]:m[1]]
			}
		}
	}
	return "", nil, ""
}

// leadParagraphs returns the first n paragraphs of text, each on one line,
// skipping headings, tables and page markers, at most 2,000 bytes each.
func leadParagraphs(text string, n int) []string {
	var out []string
	var cur []string
	end := func() {
		if len(cur) > 0 {
			p := strings.Join(cur, " ")
			if len(p) > 2000 {
				p = p[:2000]
			}
			out = append(out, p)
			cur = nil
		}
	}
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "|") || strings.HasPrefix(line, "---") {
			end()
			if len(out) >= n {
				break
			}
			continue
		}
		cur = append(cur, line)
	}
	end()
	return out[:min(n, len(out))]
}

// trimName drops leading sentence words from a captured name and refuses
// words that are no name.
func trimName(n string) string {
	n = strings.Join(strings.Fields(n), " ")
	for changed := true; changed; {
		changed = false
		for _, w := range leaderWords {
			if rest, ok := strings.CutPrefix(n, w+" "); ok {
				n, changed = rest, true
			}
		}
	}
	n = strings.TrimRight(n, ",")
	if n == "" || notNames[strings.ToLower(n)] || len(n) > 100 {
		return ""
	}
	return n
}

// leadOf fills in the company from the lead of body, noting where it came
// from, and returns it with its tickers.
func leadOf(m *Meta, body string) (string, []string) {
	n, tickers, from := LeadCompany(body)
	if n != "" {
		m.found("company", "the lead: “"+from+"”")
	}
	return n, tickers
}

// datelineDate is a date as a dateline writes it: "Oct. 28, 2025",
// "October 28, 2025", "28 October 2025", "2025-10-28".
var datelineDate = regexp.MustCompile(`\b(?:(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})|(\d{1,2})\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?,?\s+(\d{4})|(\d{4})-(\d{2})-(\d{2}))\b`)

// notDateline are words that make a date a period end, not the day of
// publication ("for the quarter ended 30 September 2025").
var notDateline = regexp.MustCompile(`(?i)\b(ended|ending|ends|for|as of|as at|at|through|since|until|before|after|from|to|by)\s*$`)

// dateline reads the date of publication from the dateline of the first
// paragraph of text: a date within its first 80 bytes ("AUSTIN, Texas,
// Oct. 28, 2025 —", "LONDON, 6 November 2025.") that no word such as
// "ended" introduces.
func dateline(text string) (time.Time, bool) {
	lead := leadParagraphs(text, 1)
	if len(lead) == 0 {
		return time.Time{}, false
	}
	line := lead[0]
	m := datelineDate.FindStringSubmatchIndex(line)
	if m == nil || m[0] > 80 || notDateline.MatchString(line[:m[0]]) {
		return time.Time{}, false
	}
	g := func(i int) string {
		if m[2*i] < 0 {
			return ""
		}
		return line[m[2*i]:m[2*i+1]]
	}
	var s string
	switch {
	case g(1) != "":
		s = g(3) + " " + g(1)[:3] + " " + g(2)
	case g(5) != "":
		s = g(6) + " " + g(5)[:3] + " " + g(4)
	default:
		s = g(7) + " " + monthName(g(8)) + " " + g(9)
	}
	t, err := time.Parse("2006 Jan 2", s)
	if err != nil {
		return time.Time{}, false
	}
	return t, true
}

func monthName(mm string) string {
	t, err := time.Parse("01", mm)
	if err != nil {
		return ""
	}
	return t.Format("Jan")
}
