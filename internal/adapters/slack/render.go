package slack

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/resultsbot/resultsbot/internal/adapters"
	"github.com/resultsbot/resultsbot/internal/answer"
	"github.com/resultsbot/resultsbot/internal/facts"
)

// Slack's limits, in bytes (Slack counts characters; bytes are never fewer).
const (
	maxSectionText = 3000  // text of a section block
	maxContextText = 3000  // text of one context element
	maxBlocks      = 50    // blocks in one message
	maxMessageText = 40000 // text of one message, blocks included
	maxFallback    = 3000  // the notification text beside the blocks
	maxQuote       = 1000  // a citation's quote, for reading; the figure is kept
	maxTitle       = 300   // a citation's title
	maxColumn      = 200   // the column a table citation names
	maxHeaderLine  = 500   // one header line of a table citation; the column's name is kept
	maxHeaderLines = 4     // header lines shown for a table citation
	maxButtonValue = 2000  // a button's value
	maxAckPayload  = 19000 // a Socket Mode ack carrying a message (Slack drops 20 KB)
	maxSuggestions = 3     // suggestions shown under a decline
	maxCitations   = 40    // citations rendered; the rest are counted
)

// Action IDs of the buttons the adapter puts on its messages.
const (
	actionFeedback      = "feedback"
	actionPostToChannel = "post_to_channel"
	feedbackHelpful     = "helpful"
	feedbackNotHelpful  = "not_helpful"
)

// declineFallback is said when the engine declines without a sentence.
const declineFallback = "I couldn't find that in my sources. I can answer questions about the results of the companies in my sources, for example a segment's revenue growth in a quarter."

// escaper escapes the three characters Slack's mrkdwn gives meaning to, so
// no text from a user or a source can mention a user, @channel or @here,
// or forge a link.
var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// escape escapes s for Slack's mrkdwn.
func escape(s string) string { return escaper.Replace(s) }

// fit escapes s and trims it to at most max bytes, keeping keep (a
// figure) when s contains it. It trims before escaping so that no entity is
// cut, and trims again when escaping made it too long.
func fit(s string, max int, keep string) string {
	budget := max
	for {
		out := escape(adapters.Trim(s, budget, keep))
		if len(out) <= max || budget <= len(adapters.Ellipsis) {
			if len(out) > max {
				return ""
			}
			return out
		}
		budget -= len(out) - max
	}
}

// split escapes s and cuts it into pieces of at most max bytes each,
// at whitespace where it can and never inside an entity or a rune.
func split(s string, max int) []string {
	var out []string
	for s != "" {
		esc := escape(s)
		if len(esc) <= max {
			out = append(out, esc)
			break
		}
		// Find the longest raw prefix whose escaped form fits.
		n, size, lastSpace := 0, 0, -1
		for i, r := range s {
			w := len(escape(string(r)))
			if size+w > max {
				break
			}
			size += w
			n = i + len(string(r))
			if r == ' ' || r == '\n' || r == '\t' {
				lastSpace = n
			}
		}
		if lastSpace > n*4/5 {
			n = lastSpace
		}
		if n == 0 { // a single rune wider than max cannot happen for max >= 5
			break
		}
		out = append(out, escape(strings.TrimRight(s[:n], " \n\t")))
		s = strings.TrimLeft(s[n:], " \n\t")
	}
	return out
}

// number finds a figure in text when no fact names one.
var number = regexp.MustCompile(`[$€£¥]?\d[\d.,]*\s*(%|percent|per cent|billion|million|thousand|trillion|bn|mn|m\b|b\b)?(\s+(yuan|dollars|euros|pounds|yen|rupees|won))?`)

// figureFor returns the figure a citation's quote must keep when trimmed:
// the text of a fact drawn from its passage, else the first number in it.
func figureFor(a answer.Answer, c answer.Citation) string {
	var anyFact string
	for _, f := range a.Facts {
		for _, t := range []string{valueText(f.Value), valueText(f.Converted), changeText(f.Change)} {
			if t == "" || !strings.Contains(c.Quote, t) {
				continue
			}
			if f.Passage == c.Passage {
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
	return strings.TrimSpace(number.FindString(c.Quote))
}

func valueText(v *facts.Value) string {
	if v == nil {
		return ""
	}
	return v.Text
}

func changeText(c *facts.Change) string {
	if c == nil {
		return ""
	}
	return c.Text
}

// linkURL makes u safe inside Slack's <url|label> syntax.
func linkURL(u string) string {
	return strings.NewReplacer("<", "%3C", ">", "%3E", "|", "%7C", " ", "%20", "&", "&amp;").Replace(u)
}

// message is one Slack message: blocks and the notification text.
type message struct {
	Text   string
	Blocks []slack.Block
}

// view says how to render an answer.
type view struct {
	PublicURL string
	Question  string // shown above the answer of a slash command; "" for none
	PostKey   string // when set, a "Post to channel" button carries it
}

// render turns an answer into one or more messages within Slack's limits:
// the answer as sections, citations as context blocks, feedback buttons on
// the last message. A decline is its polite sentence and suggestions.
func render(a answer.Answer, v view) []message {
	var blocks []slack.Block
	if v.Question != "" {
		blocks = append(blocks, contextBlock("“"+fit(v.Question, maxContextText-10, "")+"”"))
	}
	text := a.Text
	if !a.Answered && strings.TrimSpace(text) == "" {
		text = declineFallback
	}
	for _, part := range split(text, maxSectionText) {
		blocks = append(blocks, slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, part, false, false), nil, nil))
	}
	if !a.Answered {
		var tries []string
		for i, s := range a.Suggestions {
			if i == maxSuggestions {
				break
			}
			tries = append(tries, "• "+fit(s, 500, ""))
		}
		if len(tries) > 0 {
			blocks = append(blocks, contextBlock("You could ask:\n"+strings.Join(tries, "\n")))
		}
	}
	for i, c := range a.Citations {
		if i == maxCitations {
			blocks = append(blocks, contextBlock(fmt.Sprintf("…and %d more sources.", len(a.Citations)-maxCitations)))
			break
		}
		blocks = append(blocks, contextBlock(citation(i+1, a, c, v.PublicURL)))
	}
	fallback := fit(text, maxFallback, "")
	return pack(blocks, actions(v.PostKey), fallback)
}

// citation renders one source as the text of a context block:
//
//	[1] title, publisher, date, p. 4: “quote”
//	[2] title, publisher, date · table row, column “Q4 2025”
//	header `| (in millions) | Q4 2025 | Q4 2024 |`
//	row `| Revenue | $ 4,210 | $ 3,760 |`
//
// The title links to the passage's source page when publicURL is set; the
// page is there for sources with pages. A table row shows the header
// line(s) that give its column above it, each trimmed around the column's
// name, and the row trimmed around the figure.
func citation(n int, a answer.Answer, c answer.Citation, publicURL string) string {
	title := fit(c.Title, maxTitle, "")
	if title == "" {
		title = fit(c.Doc, maxTitle, "")
	}
	if publicURL != "" && c.Link != "" {
		title = "<" + linkURL(publicURL+c.Link) + "|" + strings.ReplaceAll(title, "|", "¦") + ">"
	}
	head := "[" + strconv.Itoa(n) + "] " + title
	for _, s := range []string{c.Publisher, c.Published} {
		if s = strings.TrimSpace(s); s != "" {
			head += ", " + fit(s, 200, "")
		}
	}
	if c.Page > 0 {
		head += ", p. " + strconv.Itoa(c.Page)
	}
	figure := figureFor(a, c)
	if len(c.Header) == 0 && c.Column == "" {
		budget := min(maxQuote, maxContextText-len(head)-8)
		return head + ": “" + fit(c.Quote, budget, figure) + "”"
	}
	head += " · table row"
	if col := fit(c.Column, maxColumn, ""); col != "" {
		head += ", column “" + col + "”"
	}
	// What is left of the block is shared by the header lines and the row,
	// the row (which holds the figure) getting at least half.
	header := c.Header
	if len(header) > maxHeaderLines {
		header = header[len(header)-maxHeaderLines:] // the lines nearest the row
	}
	left := maxContextText - len(head) - 16*(len(header)+1)
	var b strings.Builder
	b.WriteString(head)
	for _, h := range header {
		line := code(h.Quote, min(maxHeaderLine, left/2/len(header)), c.Column)
		b.WriteString("\nheader " + line)
		left -= len(line)
	}
	b.WriteString("\nrow " + code(c.Quote, min(maxQuote, left), figure))
	return b.String()
}

// code renders a verbatim line of a table as inline code, escaped and
// trimmed to at most max bytes around keep; as a quotation when the line
// holds a backquote, which would end the code early.
func code(s string, max int, keep string) string {
	if strings.Contains(s, "`") {
		return "“" + fit(s, max-len("“”"), keep) + "”"
	}
	return "`" + fit(s, max-2, keep) + "`"
}

func contextBlock(text string) *slack.ContextBlock {
	return slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType, text, false, false))
}

// actions is the buttons block: post to channel (slash commands) and feedback.
func actions(postKey string) *slack.ActionBlock {
	var els []slack.BlockElement
	if postKey != "" {
		b := slack.NewButtonBlockElement(actionPostToChannel, postKey, slack.NewTextBlockObject(slack.PlainTextType, "Post to channel", false, false))
		b.Style = slack.StylePrimary
		els = append(els, b)
	}
	els = append(els,
		slack.NewButtonBlockElement(actionFeedback, feedbackHelpful, slack.NewTextBlockObject(slack.PlainTextType, "👍 Helpful", true, false)),
		slack.NewButtonBlockElement(actionFeedback, feedbackNotHelpful, slack.NewTextBlockObject(slack.PlainTextType, "👎 Not helpful", true, false)),
	)
	return slack.NewActionBlock("answer_actions", els...)
}

// pack puts blocks into messages of at most maxBlocks blocks and
// maxMessageText bytes of text each, last (the buttons) on the last one.
func pack(blocks []slack.Block, last slack.Block, fallback string) []message {
	var msgs []message
	cur := message{Text: fallback}
	size := len(fallback)
	for _, b := range append(blocks, last) {
		n := blockText(b)
		if len(cur.Blocks) > 0 && (len(cur.Blocks)+1 > maxBlocks || size+n > maxMessageText) {
			msgs = append(msgs, cur)
			cur = message{Text: "(continued)"}
			size = len(cur.Text)
		}
		cur.Blocks = append(cur.Blocks, b)
		size += n
	}
	return append(msgs, cur)
}

// blockText is the text a block carries, for the message limit.
func blockText(b slack.Block) int {
	raw, _ := json.Marshal(b)
	return len(raw)
}

// usage is the reply to the slash command with no question.
func usage(command string) message {
	text := "Ask me about company results and I'll answer with the figures, citing every source word for word. For example:\n" +
		"• `" + escape(command) + " What was Alibaba's cloud revenue growth last quarter?`\n" +
		"• `" + escape(command) + " How much did revenue grow in the September quarter?`\n" +
		"• `" + escape(command) + " What was adjusted EBITA?`\n" +
		"You can also mention me in a channel or send me a direct message; in a thread I remember the company and period for follow-ups like “and EBITA?”."
	return message{
		Text:   "How to ask me about company results",
		Blocks: []slack.Block{slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, text, false, false), nil, nil)},
	}
}

// plain is a message of one polite sentence.
func plain(text string) message {
	return message{
		Text:   text,
		Blocks: []slack.Block{slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, escape(text), false, false), nil, nil)},
	}
}
