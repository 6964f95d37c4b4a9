package discord

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/bwmarrin/discordgo"

	"github.com/resultsbot/resultsbot/internal/adapters"
	"github.com/resultsbot/resultsbot/internal/answer"
	"github.com/resultsbot/resultsbot/internal/facts"
)

// Discord's limits, in characters. Lengths here are counted in UTF-16 code
// units, which are never fewer than the characters Discord counts.
const (
	maxContent     = 2000 // message content
	maxDescription = 4096 // an embed's description
	maxTotal       = 6000 // content and all embed text together
	maxQuote       = 700  // one citation's quote, so several fit; the figure is kept
	maxTitle       = 200  // one citation's title
	maxColumn      = 100  // the column a table citation names
	maxHeaderLine  = 300  // one header line of a table citation; the column's name is kept
	maxHeaderLines = 4    // header lines shown for a table citation
	maxSuggestions = 3    // suggestions shown under a decline
)

// sourcesTitle is the title of the citations embed.
const sourcesTitle = "Sources"

// help is what a mention with no question gets.
const help = "Ask me a question about a company's results, for example its revenue growth in the latest quarter. Mention me, send me a direct message, or use /ask."

// declineFallback is said when the engine declines without a sentence.
const declineFallback = "I couldn't find that in my sources. I can answer questions about the results of the companies in my sources, for example a segment's revenue growth in a quarter."

// message is what the adapter sends: the same for a channel message, an
// interaction response and an edit of one.
type message struct {
	Content string
	Embeds  []*discordgo.MessageEmbed
}

// noMentions is the allowed_mentions sent with every message: an empty
// parse list, and no ping for the user replied to, so that no answer ever
// pings @everyone, @here, a role or a user.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// textLen is the length of s as Discord limits it.
func textLen(s string) int {
	n := 0
	for _, r := range s {
		n += len(utf16.Encode([]rune{r}))
	}
	return n
}

// fit trims s to at most max characters with adapters.Trim, keeping keep (a
// figure) when s contains it.
func fit(s string, max int, keep string) string {
	if textLen(s) <= max {
		return s
	}
	budget := len(s)
	for {
		out := adapters.Trim(s, budget, keep)
		n := textLen(out)
		if n <= max {
			return out
		}
		budget -= n - max
		if budget < len(adapters.Ellipsis) {
			return ""
		}
	}
}

// number finds a figure in text when no fact names one.
var number = regexp.MustCompile(`[$€£¥]?\d[\d.,]*\s*(%|percent|per cent|billion|million|thousand|trillion|bn|mn)?(\s+(yuan|dollars|euros|pounds|yen|rupees|won))?`)

// figureIn returns the figure to keep when s is trimmed: the text of one of
// the answer's facts (changes first, the passage's own first) that s
// contains, else the first number in s.
func figureIn(s, passage string, fs []facts.Fact) string {
	var anyFact string
	for _, f := range fs {
		for _, t := range factTexts(f) {
			if t == "" || !strings.Contains(s, t) {
				continue
			}
			if passage == "" || f.Passage == passage {
				return t
			}
			if anyFact == "" {
				anyFact = t
			}
		}
	}
	if anyFact != "" {
		return anyFact
	}
	return strings.TrimSpace(number.FindString(s))
}

func factTexts(f facts.Fact) []string {
	var out []string
	if f.Change != nil {
		out = append(out, f.Change.Text)
	}
	if f.Value != nil {
		out = append(out, f.Value.Text)
	}
	if f.Converted != nil {
		out = append(out, f.Converted.Text)
	}
	return out
}

// linkText escapes what would end or break a Markdown link's text.
var linkText = strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`)

// linkURL escapes what would end a Markdown link's target.
var linkURL = strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29")

// oneLine collapses runs of white space, so a quote stays one quoted line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// render turns an answer into a message within Discord's limits: the
// answer's text (with suggestions under a decline) as content, and an
// embed with the numbered citations. publicURL, when set, links each
// citation's title to its source page.
func render(ans answer.Answer, publicURL string) message {
	text := strings.TrimSpace(ans.Text)
	if text == "" && !ans.Answered {
		text = declineFallback
	}
	if !ans.Answered && len(ans.Suggestions) > 0 {
		var b strings.Builder
		b.WriteString(text)
		b.WriteString("\n\nYou could ask:")
		for i, s := range ans.Suggestions {
			if i == maxSuggestions {
				break
			}
			b.WriteString("\n• ")
			b.WriteString(oneLine(s))
		}
		text = b.String()
	}
	content := fit(text, maxContent, figureIn(text, "", ans.Facts))
	m := message{Content: content}
	if len(ans.Citations) == 0 {
		return m
	}
	budget := min(maxDescription, maxTotal-textLen(content)-textLen(sourcesTitle))
	var desc strings.Builder
	used := 0
	for i, c := range ans.Citations {
		entry := citation(i+1, c, ans.Facts, publicURL)
		if i > 0 {
			entry = "\n\n" + entry
		}
		rest := len(ans.Citations) - i - 1
		more := ""
		if rest > 0 {
			more = fmt.Sprintf("\n\n…and %d more sources.", rest)
		}
		n := textLen(entry)
		if used+n+textLen(more) > budget {
			if i == 0 {
				// Even one citation is too long: trim it, keeping the figure.
				entry = fit(entry, budget-textLen(more), figureIn(c.Quote, c.Passage, ans.Facts))
				desc.WriteString(entry)
				desc.WriteString(more)
			} else {
				desc.WriteString(fmt.Sprintf("\n\n…and %d more sources.", rest+1))
			}
			break
		}
		desc.WriteString(entry)
		used += n
	}
	m.Embeds = []*discordgo.MessageEmbed{{
		Type:        discordgo.EmbedTypeRich,
		Title:       sourcesTitle,
		Description: desc.String(),
	}}
	return m
}

// citation renders one numbered citation: title (linked when publicURL is
// set), publisher, date and page, and the quote:
//
//  1. [title](link) — publisher, date, p. 4
//     > quote
//
// A table row shows the header line(s) that give its column above it, as
// inline code so that the cells keep their "|":
//
//  2. [title](link) — publisher, date · table row, column “Q4 2025”
//     > header `| (in millions) | Q4 2025 | Q4 2024 |`
//     > row `| Revenue | $ 4,210 | $ 3,760 |`
func citation(n int, c answer.Citation, fs []facts.Fact, publicURL string) string {
	title := oneLine(c.Title)
	if title == "" {
		title = c.Doc
	}
	title = fit(title, maxTitle, "")
	head := linkText.Replace(title)
	if publicURL != "" && c.Link != "" {
		head = "[" + head + "](" + linkURL.Replace(strings.TrimSuffix(publicURL, "/")+c.Link) + ")"
	} else {
		head = "**" + head + "**"
	}
	var meta []string
	if p := oneLine(c.Publisher); p != "" {
		meta = append(meta, p)
	}
	if c.Published != "" {
		meta = append(meta, c.Published)
	}
	if c.Page > 0 {
		meta = append(meta, "p. "+strconv.Itoa(c.Page))
	}
	line := fmt.Sprintf("%d. %s", n, head)
	if len(meta) > 0 {
		line += " — " + strings.Join(meta, ", ")
	}
	quote := oneLine(c.Quote)
	if len(c.Header) == 0 && c.Column == "" {
		if quote != "" {
			line += "\n> " + fit(quote, maxQuote, figureIn(quote, c.Passage, fs))
		}
		return line
	}
	line += " · table row"
	if col := fit(oneLine(c.Column), maxColumn, ""); col != "" {
		line += ", column “" + col + "”"
	}
	header := c.Header
	if len(header) > maxHeaderLines {
		header = header[len(header)-maxHeaderLines:] // the lines nearest the row
	}
	for _, h := range header {
		line += "\n> header " + code(oneLine(h.Quote), maxHeaderLine, c.Column)
	}
	return line + "\n> row " + code(quote, maxQuote, figureIn(quote, c.Passage, fs))
}

// code renders a verbatim line of a table as inline code, trimmed to at
// most max characters around keep; as a quotation when the line holds a
// backquote, which would end the code early.
func code(s string, max int, keep string) string {
	if strings.Contains(s, "`") {
		return "“" + fit(s, max-2, keep) + "”"
	}
	return "`" + fit(s, max-2, keep) + "`"
}
