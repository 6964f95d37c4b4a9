package discord

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/resultsbot/resultsbot/internal/adapters/adaptertest"
	"github.com/resultsbot/resultsbot/internal/answer"
	"github.com/resultsbot/resultsbot/internal/facts"
)

func TestRenderStaysWithinLimits(t *testing.T) {
	long := strings.Repeat("padding words ", 300)
	figure := "39.8 billion yuan"
	cite := func(quote string) answer.Citation {
		return answer.Citation{Title: "Cloud surges", Publisher: "Example News", Published: "2025-11-25", Quote: quote, Passage: "p", Link: "/sources/a.md#p-1"}
	}
	many := make([]answer.Citation, 40)
	for i := range many {
		many[i] = cite(long + "revenue rose to " + figure + " " + long)
	}
	tests := []struct {
		name string
		ans  answer.Answer
	}{
		{"long text, figure at the end", answer.Answer{Answered: true, Text: long + "cloud revenue was " + figure + ".", Citations: []answer.Citation{cite("short " + figure)}}},
		{"many long citations", answer.Answer{Answered: true, Text: long + figure, Citations: many}},
		{"wide characters", answer.Answer{Answered: true, Text: strings.Repeat("营收增长", 700) + figure, Citations: []answer.Citation{cite(strings.Repeat("😀", 3000) + figure)}}},
	}
	for _, tt := range tests {
		tt.ans.Facts = []facts.Fact{{Passage: "p", Value: &facts.Value{Text: figure}}}
		m := render(tt.ans, "https://bot.example.com")
		total := units(m.Content)
		if units(m.Content) > maxContent {
			t.Errorf("%s: content is %d characters", tt.name, units(m.Content))
		}
		if !strings.Contains(m.Content, figure) {
			t.Errorf("%s: content lost the figure: %q", tt.name, m.Content)
		}
		if len(m.Embeds) != 1 {
			t.Fatalf("%s: %d embeds", tt.name, len(m.Embeds))
		}
		d := m.Embeds[0].Description
		total += units(d) + units(m.Embeds[0].Title)
		if units(d) > maxDescription || total > maxTotal {
			t.Errorf("%s: description %d, total %d characters", tt.name, units(d), total)
		}
		if !strings.Contains(d, figure) || !strings.HasPrefix(d, "1. [Cloud surges](https://bot.example.com/sources/a.md#p-1)") {
			t.Errorf("%s: description %.200q", tt.name, d)
		}
	}
	m := render(tests[1].ans, "")
	if d := m.Embeds[0].Description; !strings.Contains(d, "more sources.") || strings.Contains(d, "](") {
		t.Errorf("many citations without PUBLIC_URL: %.300q…", d)
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
			"1. [Cloud surges](https://bot.example.com/sources/alibaba/cloud.md#p-3) — Example News, 2025-11-25, p. 4\n" +
				"> Cloud revenue rose 34 percent year over year to 39.8 billion yuan."},
		{"table row", adaptertest.TableRow,
			"1. [Norhaven Q4 2025 results](https://bot.example.com/sources/norhaven/q4-2025.pdf#p-9) — Norhaven IR, 2026-02-10, p. 2 · table row, column “Q4 2025”\n" +
				"> header `| (in millions, except per share) | Q4 2025 | Q4 2024 | % Change |`\n" +
				"> row `| Revenue | $ 4,210 | $ 3,760 | 12 % |`"},
	}
	for _, tt := range tests {
		m := render(tt.ans, "https://bot.example.com")
		if len(m.Embeds) != 1 || m.Embeds[0].Description != tt.want {
			t.Errorf("%s: rendered %+v,\nwant description %q", tt.name, m.Embeds, tt.want)
		}
	}
}

// TestRenderTableCitationLimits: long header lines and rows are trimmed,
// keeping the column's name in the header and the figure in the row, and
// the message stays within Discord's limits; a backquote in a line turns it
// into a quotation.
func TestRenderTableCitationLimits(t *testing.T) {
	pad := strings.Repeat("| wide cell ", 300)
	c := adaptertest.TableRow.Citations[0]
	c.Header = []answer.Excerpt{{Quote: "a"}, {Quote: pad + "| Q4 2025 " + pad}, {Quote: "| `x` | Q4 2025 |"}, {Quote: "c"}, {Quote: "d"}}
	c.Quote = pad + "| Revenue | $ 4,210 " + pad
	many := make([]answer.Citation, 30)
	for i := range many {
		many[i] = c
	}
	ans := answer.Answer{Answered: true, Text: "Revenue was $4,210 million.", Citations: many,
		Facts: []facts.Fact{{Passage: c.Passage, Value: &facts.Value{Text: "$ 4,210"}}}}
	m := render(ans, "https://bot.example.com")
	d := m.Embeds[0].Description
	if units(d) > maxDescription || units(d)+units(m.Content)+units(m.Embeds[0].Title) > maxTotal {
		t.Errorf("description of %d characters", units(d))
	}
	first := strings.Split(strings.SplitN(d, "\n\n", 2)[0], "\n")
	if len(first) != 6 || !strings.Contains(first[1], "| Q4 2025 |") || first[2] != "> header “| `x` | Q4 2025 |”" ||
		!strings.Contains(first[5], "| Revenue | $ 4,210 |") || strings.Contains(d, "> header `a`") {
		t.Errorf("first citation %q", first)
	}
	if !strings.Contains(d, "more sources.") {
		t.Errorf("no count of the sources left out: %.300q", d)
	}
}

func TestRenderDecline(t *testing.T) {
	m := render(adaptertest.Declined, "")
	if len(m.Embeds) != 0 || !strings.Contains(m.Content, adaptertest.Declined.Text) || !strings.Contains(m.Content, "• What was Alibaba's cloud revenue growth?") {
		t.Errorf("decline rendered as %+v", m)
	}
	if m := render(answer.Answer{}, ""); m.Content != declineFallback {
		t.Errorf("empty decline rendered as %q", m.Content)
	}
}

func TestComposeFailureIsPolite(t *testing.T) {
	a, err := New(Config{BotToken: "x"}, answerErr{}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r := a.compose(context.Background(), "q", nil); r.msg.Content != "Sorry, something went wrong on my side while answering that. Please try again in a moment." || r.ctx != nil {
		t.Errorf("failure composed as %+v", r)
	}
	if r := a.compose(context.Background(), "", nil); r.msg.Content != help {
		t.Errorf("empty question composed as %+v", r)
	}
}

type answerErr struct{}

func (answerErr) Answer(context.Context, answer.Question) (answer.Answer, error) {
	return answer.Answer{}, errors.New("index closed")
}

func TestConfig(t *testing.T) {
	env := map[string]string{
		"DISCORD_BOT_TOKEN": " tok ", "DISCORD_PUBLIC_KEY": strings.Repeat("ab", 32), "DISCORD_APPLICATION_ID": "1",
		"DISCORD_GUILD_ID": "2", "DISCORD_API_URL": "http://127.0.0.1:1", "PUBLIC_URL": "https://bot.example.com",
	}
	c := ConfigFromEnv(func(k string) string { return env[k] })
	want := Config{BotToken: "tok", PublicKey: strings.Repeat("ab", 32), ApplicationID: "1", GuildID: "2", APIURL: "http://127.0.0.1:1", PublicURL: "https://bot.example.com"}
	if c != want || !c.Enabled() {
		t.Errorf("ConfigFromEnv = %+v", c)
	}
	if s := c.String(); strings.Contains(s, "tok\"") || strings.Contains(s, "abab") {
		t.Errorf("String shows a secret: %s", s)
	}
	bad := []Config{
		{},
		{PublicKey: "nothex"},
		{PublicKey: "abcd"},
		{BotToken: "x", APIURL: "discord.local"},
		{BotToken: "x", PublicURL: "/relative"},
	}
	for _, c := range bad {
		if _, err := New(c, answerErr{}, nil, nil); !errors.Is(err, ErrConfig) {
			t.Errorf("New(%+v) error = %v, want ErrConfig", c, err)
		}
	}
}

func TestRunTwice(t *testing.T) {
	a, err := New(Config{PublicKey: strings.Repeat("ab", 32)}, answerErr{}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := a.Run(ctx); err != nil {
		t.Errorf("Run = %v", err)
	}
	if err := a.Run(ctx); !errors.Is(err, ErrRunning) {
		t.Errorf("second Run = %v, want ErrRunning", err)
	}
}

func TestRewriteKeepsPathPrefix(t *testing.T) {
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = r.URL.Path }))
	defer srv.Close()
	base, _ := url.Parse(srv.URL + "/proxy/")
	c := &http.Client{Transport: rewrite{base: base, next: http.DefaultTransport}}
	resp, err := c.Get("https://discord.com/api/v9/gateway")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got != "/proxy/api/v9/gateway" {
		t.Errorf("path %q, want /proxy/api/v9/gateway", got)
	}
}
