package corpus

import (
	"slices"
	"strings"
	"testing"
)

// TestClassify checks every rule of the boilerplate table on lines as
// publishers write them, and news lines that start the same way.
func TestClassify(t *testing.T) {
	tests := []struct {
		line string
		want ruleAction
	}{
		// Comment forms end the article.
		{"Leave a Reply", cutRest},
		{"Leave a Reply Cancel reply", cutRest},
		{"Leave a comment", cutRest},
		{"## Post a comment", cutRest},
		{"Comments", cutRest},
		{"12 Comments", cutRest},
		{"Comments (3)", cutRest},
		{"Join the discussion", cutRest},
		{"View comments", cutRest},
		// Ads and promos.
		{"Special Offer Banner", dropLine},
		// Page markers of converted PDFs, and page numbers.
		{"--- page 4 ---", dropLine},
		{"Page 3 of 12", dropLine},
		{"Page 3 shows the results.", 0},
		{"Advertisement", dropLine},
		{"— Advertisement —", dropLine},
		{"**Sponsored**", dropLine},
		{"Sponsored content", dropLine},
		{"Paid partnership", dropLine},
		{"Story continues below advertisement", dropLine},
		{"Subscribe to our newsletter", dropLine},
		{"Subscribe now for unlimited access", dropLine},
		{"Sign up for our newsletter", dropLine},
		{"Sign up for the free daily Markets newsletter.", dropLine},
		{"Get our weekly newsletter", dropLine},
		// Sharing and navigation.
		{"Share this article", dropLine},
		{"Share on Facebook", dropLine},
		{"Facebook Twitter LinkedIn Email", dropLine},
		{"Tweet | Share | Email", dropLine},
		{"Follow us on LinkedIn", dropLine},
		{"Read more", dropLine},
		{"Read more: Tencent results beat estimates", dropLine},
		{"Continue reading", dropLine},
		{"Click here to download the report", dropLine},
		{"Related articles", dropLine},
		{"Related:", dropLine},
		{"More from Reuters", dropLine},
		{"You may also like", dropLine},
		{"Tags: Alibaba, Cloud, AI", dropLine},
		{"Photo credit: Getty Images", dropLine},
		{"We use cookies to improve your experience.", dropLine},
		// Footers and comment-form fine print.
		{"All rights reserved.", dropLine},
		{"Copyright 2025 Example Media. All rights reserved.", dropLine},
		{"© 2025 Example Media LLC", dropLine},
		{"(c) 2024 Reuters", dropLine},
		{"WebProNews is an iEntry Publication", dropLine},
		{"Barron's is a Dow Jones publication.", dropLine},
		{"Your email address will not be published. Required fields are marked *", dropLine},
		{"Required fields are marked *", dropLine},
		// Truncation.
		{"< truncated 364 characters >", uncitable},
		{"[truncated]", uncitable},
		{"revenue rose < truncated 1200 characters > in the quarter.", uncitable},
		// News, however it starts, is kept.
		{"Comments from management were upbeat about cloud demand.", 0},
		{"Subscribers grew 12% to 1.2 billion.", 0},
		{"Advertising revenue rose 10% year over year.", 0},
		{"Share buybacks totalled $4.1 billion in the quarter.", 0},
		{"Sponsored by the state, the fund invested $2 billion.", 0},
		{"Related-party transactions were disclosed in the filing.", 0},
		{"Readers should note the figures are unaudited.", 0},
		{"The newsletter business of Substack grew.", 0},
		{"The company is a publication leader in China, it said, with revenue up 5% and a long sentence that goes on.", 0},
		{"Photography services revenue rose.", 0},
		{"Copyright revenue from its music unit rose 8%.", 0},
		{"Alibaba’s AI Bet Pays Off With 34% Cloud Growth", 0},
	}
	for _, tt := range tests {
		got := classifyLine(tt.line)
		if got == 0 && sentenceIsBoilerplate(tt.line) {
			got = dropLine
		}
		if got != tt.want {
			t.Errorf("classify(%q) = %d, want %d", tt.line, got, tt.want)
		}
	}
}

func TestSplitBoilerplate(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"comment form drops the rest",
			"Revenue rose.\n\nLeave a Reply\n\nYour email address will not be published.\nName *\nGreat article!",
			[]string{"Revenue rose."}},
		{"comment count above the article is only a line",
			"3 Comments\nRevenue rose.", []string{"Revenue rose."}},
		{"ad line inside a run of paragraphs",
			"Revenue rose.\nAdvertisement\nProfit fell.", []string{"Revenue rose.", "Profit fell."}},
		{"ad line between halves of a wrapped sentence",
			"Revenue rose\nAdvertisement\nProfit fell.", []string{"Revenue rose", "Profit fell."}},
		{"publisher footer",
			"Revenue rose.\n\n\nWebProNews is an iEntry Publication", []string{"Revenue rose."}},
		{"copyright footer as a sentence",
			"Revenue rose. © 2025 Example Media. All rights reserved.", []string{"Revenue rose."}},
		{"truncation inside a sentence",
			"Cloud grew. Revenue hit 39.8 billion < truncated 364 characters > yuan in the quarter. Shares rose.",
			[]string{"Cloud grew.", "Shares rose."}},
		{"truncation on its own line between fragments",
			"Cloud grew. Revenue hit\n< truncated 364 characters >\nbillion yuan, up 5%. Shares rose.",
			[]string{"Cloud grew.", "Shares rose."}},
		{"truncation paragraph between paragraphs",
			"Cloud grew. Revenue hit\n\n< truncated 364 characters >\n\nbillion yuan, up 5%. Shares rose.",
			[]string{"Cloud grew.", "Shares rose."}},
		{"truncation after a finished sentence",
			"Cloud grew.\n\n[truncated]\n\nbillion yuan. Shares rose.",
			[]string{"Cloud grew.", "Shares rose."}},
		{"truncated heading",
			"# Cloud < truncated 20 characters >\nShares rose.", []string{"Shares rose."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			_, spans := split(tt.in, 0)
			checkSpans(t, tt.in, 0, spans)
			for _, s := range spans {
				got = append(got, tt.in[s.start:s.end])
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("split(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestBoilerplateTableNamed keeps the table documented: every rule has a
// name and a pattern.
func TestBoilerplateTableNamed(t *testing.T) {
	for i, r := range boilerplate {
		if strings.TrimSpace(r.name) == "" || r.re == nil || r.action == 0 {
			t.Errorf("boilerplate[%d] = %+v: want name, pattern and action", i, r)
		}
	}
}
