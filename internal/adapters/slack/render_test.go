package slack

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/resultsbot/resultsbot/internal/adapters"
	"github.com/resultsbot/resultsbot/internal/adapters/adaptertest"
	"github.com/resultsbot/resultsbot/internal/answer"
	"github.com/resultsbot/resultsbot/internal/facts"
)

// texts returns every text of a message's blocks.
func texts(t *testing.T, m message) []string {
	t.Helper()
	var out []string
	for _, b := range m.Blocks {
		switch b := b.(type) {
		case *slack.SectionBlock:
			out = append(out, b.Text.Text)
		case *slack.ContextBlock:
			for _, e := range b.ContextElements.Elements {
				out = append(out, e.(*slack.TextBlockObject).Text)
			}
		}
	}
	return out
}

func TestRenderLimits(t *testing.T) {
	long := strings.Repeat("Revenue & profit <grew> strongly. ", 1000) // 34 KB, escaping grows it
	quote := strings.Repeat("Lots of words before the figure. ", 100) + "Cloud revenue rose 34 percent to 39.8 billion yuan." + strings.Repeat(" And more words after it.", 100)
	many := make([]answer.Citation, 120)
	for i := range many {
		many[i] = answer.Citation{Title: "T", Publisher: "P", Published: "2025-11-25", Quote: quote, Passage: "p", Link: "/sources/a.md#p-1"}
	}
	tests := []struct {
		name string
		ans  answer.Answer
	}{
		{"long answer", answer.Answer{Answered: true, Text: long}},
		{"many citations", answer.Answer{Answered: true, Text: "Up 34%.", Citations: many}},
		{"both", answer.Answer{Answered: true, Text: long, Citations: many}},
	}
	for _, tt := range tests {
		msgs := render(tt.ans, view{PublicURL: "https://bot.example.com"})
		total := 0
		for i, m := range msgs {
			if len(m.Blocks) > maxBlocks {
				t.Errorf("%s: message %d has %d blocks", tt.name, i, len(m.Blocks))
			}
			raw, _ := json.Marshal(m.Blocks)
			if len(raw)+len(m.Text) > maxMessageText {
				t.Errorf("%s: message %d carries %d bytes", tt.name, i, len(raw)+len(m.Text))
			}
			if len(m.Text) > maxFallback {
				t.Errorf("%s: fallback text %d bytes", tt.name, len(m.Text))
			}
			for _, s := range texts(t, m) {
				if len(s) > maxSectionText {
					t.Errorf("%s: a text of %d bytes", tt.name, len(s))
				}
				if strings.ContainsAny(s, "<>") && !strings.Contains(s, "<https://bot.example.com/sources/a.md#p-1|") {
					t.Errorf("%s: unescaped text %q", tt.name, s[:min(80, len(s))])
				}
				if strings.Contains(s, "[1] ") && !strings.Contains(s, "39.8 billion yuan") {
					t.Errorf("%s: trimmed citation lost its figure: %q", tt.name, s)
				}
				if strings.Contains(s, "[1] ") && !strings.Contains(s, adapters.Ellipsis) {
					t.Errorf("%s: trimmed citation has no ellipsis", tt.name)
				}
			}
			total += len(m.Blocks)
		}
		if last := msgs[len(msgs)-1]; last.Blocks[len(last.Blocks)-1].BlockType() != slack.MBTAction {
			t.Errorf("%s: feedback buttons are not last", tt.name)
		}
		joined := ""
		for _, m := range msgs {
			joined += strings.Join(texts(t, m), "")
		}
		if tt.ans.Text == long && strings.Count(joined, "strongly.") != 1000 {
			t.Errorf("%s: the split answer lost text: %d of 1000 sentences", tt.name, strings.Count(joined, "strongly."))
		}
	}
}

func TestRenderEscapes(t *testing.T) {
	tests := []struct {
		name, in string
	}{
		{"channel", "<!channel> revenue rose"},
		{"here", "<!here|here> up 5%"},
		{"user", "ask <@U123> about it"},
		{"link", "<https://evil.example|click> & more"},
		{"entities", "AT&T &lt; 5"},
	}
	for _, tt := range tests {
		ans := answer.Answer{Answered: true, Text: tt.in, Citations: []answer.Citation{{Title: tt.in, Publisher: tt.in, Quote: tt.in}}}
		for _, m := range render(ans, view{Question: tt.in}) {
			for _, s := range texts(t, m) {
				if strings.ContainsAny(s, "<>") {
					t.Errorf("%q: rendered %q", tt.in, s)
				}
				if strings.Contains(s, "&") && strings.Contains(strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(s, "&amp;", ""), "&lt;", ""), "&gt;", ""), "&") {
					t.Errorf("%q: bare & in %q", tt.in, s)
				}
			}
		}
	}
	if got := fit("a<b", 4, ""); got != "a…" && len(got) > 4 {
		t.Errorf("fit cut an entity: %q", got)
	}
}

func TestFigureFor(t *testing.T) {
	quote := "Cloud revenue rose 34 percent year over year to 39.8 billion yuan."
	tests := []struct {
		name  string
		facts []facts.Fact
		want  string
	}{
		{"value of the passage's fact", []facts.Fact{{Passage: "x", Value: &facts.Value{Text: "34 percent"}}, {Passage: "p", Value: &facts.Value{Text: "39.8 billion yuan"}}}, "39.8 billion yuan"},
		{"change", []facts.Fact{{Passage: "p", Change: &facts.Change{Text: "34 percent"}}}, "34 percent"},
		{"no facts", nil, "34 percent"},
	}
	for _, tt := range tests {
		got := figureFor(answer.Answer{Facts: tt.facts}, answer.Citation{Quote: quote, Passage: "p"})
		if got != tt.want {
			t.Errorf("%s: figure = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestRenderDecline(t *testing.T) {
	for _, ans := range []answer.Answer{adaptertest.Declined, {Answered: false}} {
		msgs := render(ans, view{})
		text := strings.Join(texts(t, msgs[0]), "\n")
		if !strings.Contains(text, "I can answer") {
			t.Errorf("decline %q rendered as %q", ans.Text, text)
		}
	}
}

func TestConfig(t *testing.T) {
	env := map[string]string{"SLACK_BOT_TOKEN": botToken, "SLACK_SIGNING_SECRET": signingSecret, "PUBLIC_URL": "https://bot.example.com/"}
	c := ConfigFromEnv(func(k string) string { return env[k] })
	if !c.Enabled() || c.Command != "/results" || c.AppToken != "" {
		t.Errorf("ConfigFromEnv = %v", c)
	}
	if s := c.String(); strings.Contains(s, botToken) || strings.Contains(s, signingSecret) {
		t.Errorf("String shows a secret: %s", s)
	}
	if (Config{BotToken: botToken}).Enabled() {
		t.Errorf("a bot token alone is enabled")
	}
	bad := []struct {
		name string
		cfg  Config
	}{
		{"no bot token", Config{SigningSecret: signingSecret}},
		{"app token as bot token", Config{BotToken: appToken, AppToken: appToken}},
		{"no way in", Config{BotToken: botToken}},
		{"bot token as app token", Config{BotToken: botToken, AppToken: botToken}},
		{"bad API URL", Config{BotToken: botToken, SigningSecret: signingSecret, APIURL: "localhost:1"}},
		{"bad public URL", Config{BotToken: botToken, SigningSecret: signingSecret, PublicURL: "/x"}},
	}
	for _, tt := range bad {
		_, err := New(tt.cfg, &fixed{}, nil, nil)
		if !errors.Is(err, ErrConfig) {
			t.Errorf("%s: err = %v, want ErrConfig", tt.name, err)
			continue
		}
		for _, secret := range []string{botToken, appToken, signingSecret} {
			if strings.Contains(err.Error(), secret) {
				t.Errorf("%s: error shows a secret: %v", tt.name, err)
			}
		}
	}
}

// TestRenderCitation: a citation names its page, and a table row shows the
// header line that gives its column above it, as inline code.
func TestRenderCitation(t *testing.T) {
	prose := adaptertest.Answered
	prose.Citations = []answer.Citation{prose.Citations[0]}
	prose.Citations[0].Page = 4
	tests := []struct {
		name string
		ans  answer.Answer
		want string
	}{
		{"prose on a page", prose,
			"[1] <https://bot.example.com/sources/alibaba/cloud.md#p-3|Cloud surges>, Example News, 2025-11-25, p. 4: “Cloud revenue rose 34 percent year over year to 39.8 billion yuan.”"},
		{"table row", adaptertest.TableRow,
			"[1] <https://bot.example.com/sources/norhaven/q4-2025.pdf#p-9|Norhaven Q4 2025 results>, Norhaven IR, 2026-02-10, p. 2 · table row, column “Q4 2025”\n" +
				"header `| (in millions, except per share) | Q4 2025 | Q4 2024 | % Change |`\n" +
				"row `| Revenue | $ 4,210 | $ 3,760 | 12 % |`"},
	}
	for _, tt := range tests {
		msgs := render(tt.ans, view{PublicURL: "https://bot.example.com"})
		got := texts(t, msgs[0])
		if len(got) != 2 || got[1] != tt.want {
			t.Errorf("%s: rendered %q,\nwant citation %q", tt.name, got, tt.want)
		}
	}
}

// TestRenderTableCitationLimits: long header lines and rows are trimmed to
// the context block's limit, keeping the column's name in the header and the
// figure in the row; a backquote in a line turns it into a quotation.
func TestRenderTableCitationLimits(t *testing.T) {
	pad := strings.Repeat("| wide cell & <more> ", 200)
	c := adaptertest.TableRow.Citations[0]
	c.Header = []answer.Excerpt{{Quote: pad + "| Q4 2025 " + pad}, {Quote: "| `x` | Q4 2025 |"}}
	c.Quote = pad + "| Revenue | $ 4,210 " + pad
	ans := answer.Answer{Answered: true, Text: "Up.", Citations: []answer.Citation{c},
		Facts: []facts.Fact{{Passage: c.Passage, Value: &facts.Value{Text: "$ 4,210"}}}}
	got := texts(t, render(ans, view{})[0])[1]
	if len(got) > maxContextText {
		t.Errorf("table citation of %d bytes", len(got))
	}
	lines := strings.Split(got, "\n")
	if len(lines) != 4 || !strings.Contains(lines[1], "| Q4 2025 |") || !strings.Contains(lines[3], "| Revenue | $ 4,210 |") ||
		lines[2] != "header “| `x` | Q4 2025 |”" {
		t.Errorf("table citation %q", got)
	}
	c.Header = []answer.Excerpt{{Quote: "a"}, {Quote: "b"}, {Quote: "c"}, {Quote: "d"}, {Quote: "e"}}
	c.Column = strings.Repeat("Q4 2025 ", 100)
	ans.Citations = []answer.Citation{c}
	got = texts(t, render(ans, view{})[0])[1]
	if len(got) > maxContextText || !strings.Contains(got, "\nheader `b`\n") || strings.Contains(got, "`a`") {
		t.Errorf("five header lines: %q, want the last %d", got, maxHeaderLines)
	}
	if strings.ContainsAny(got, "<>") {
		t.Errorf("unescaped: %q", got)
	}
}
