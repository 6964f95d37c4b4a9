package slack

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"

	"github.com/resultsbot/resultsbot/internal/adapters"
	"github.com/resultsbot/resultsbot/internal/answer"
)

// envelope is an Events API request body, as posted to /slack/events and
// carried in a Socket Mode events_api envelope. Decoding it here, rather
// than through slackevents, keeps event types slack-go does not know from
// being errors.
type envelope struct {
	Type      string          `json:"type"`
	Challenge string          `json:"challenge"`
	EventID   string          `json:"event_id"`
	Event     json.RawMessage `json:"event"`
}

// event is the part of an app_mention or message event the adapter reads.
type event struct {
	Type        string          `json:"type"`
	SubType     string          `json:"subtype"`
	User        string          `json:"user"`
	BotID       string          `json:"bot_id"`
	Text        string          `json:"text"`
	TS          string          `json:"ts"`
	ThreadTS    string          `json:"thread_ts"`
	Channel     string          `json:"channel"`
	ChannelType string          `json:"channel_type"`
	Edited      json.RawMessage `json:"edited"`
}

// handleEnvelope handles an event_callback: it drops a repeat (same
// event_id, or a message already seen) and answers in the background.
// It reports false when the adapter is shutting down and took nothing.
func (a *Adapter) handleEnvelope(ctx context.Context, env envelope) bool {
	if env.Type != "event_callback" || len(env.Event) == 0 {
		return true
	}
	var ev event
	if err := json.Unmarshal(env.Event, &ev); err != nil {
		a.log.WarnContext(ctx, "slack: undecodable event", "event_id", env.EventID, "err", err)
		return true
	}
	if !a.wanted(ctx, ev) {
		return true
	}
	if env.EventID != "" && !a.seen.Add("e:"+env.EventID, struct{}{}) {
		a.log.InfoContext(ctx, "slack: duplicate event ignored", "event_id", env.EventID)
		return true
	}
	// A DM mentioning the bot can arrive as both message and app_mention.
	if !a.seen.Add("m:"+ev.Channel+":"+ev.TS, struct{}{}) {
		return true
	}
	return a.goJob(ctx, func(ctx context.Context) { a.answerEvent(ctx, ev) })
}

// wanted reports whether ev is a question to the bot: an app_mention or a
// direct message, from a person, neither edited nor deleted.
func (a *Adapter) wanted(ctx context.Context, ev event) bool {
	switch {
	case ev.Type == "app_mention":
	case ev.Type == "message" && ev.ChannelType == "im":
	default:
		return false
	}
	if ev.SubType != "" || ev.BotID != "" || ev.User == "" || ev.Channel == "" || ev.TS == "" {
		return false // edits, deletions, joins, bots' messages
	}
	if len(ev.Edited) > 0 && string(ev.Edited) != "null" {
		return false
	}
	if id, _ := a.botID(ctx); id != "" && ev.User == id {
		return false
	}
	return true
}

// mentionRE matches a user mention, with an optional display name.
var mentionRE = regexp.MustCompile(`<@([A-Z0-9]+)(\|[^>]*)?>`)

// question returns text with the bot's mention removed (a leading mention
// when the bot's ID is unknown) and Slack's escapes undone.
func (a *Adapter) question(ctx context.Context, text string) string {
	id, _ := a.botID(ctx)
	if id != "" {
		text = mentionRE.ReplaceAllStringFunc(text, func(m string) string {
			if mentionRE.FindStringSubmatch(m)[1] == id {
				return ""
			}
			return m
		})
	} else if loc := mentionRE.FindStringIndex(text); loc != nil && strings.TrimSpace(text[:loc[0]]) == "" {
		text = text[loc[1]:]
	}
	text = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(text)
	return strings.Join(strings.Fields(text), " ")
}

// answerEvent answers a mention in its thread, or a DM in the DM, keeping
// the thread's context for follow-ups.
func (a *Adapter) answerEvent(ctx context.Context, ev event) {
	threadTS := ev.ThreadTS
	if threadTS == "" && ev.Type == "app_mention" {
		threadTS = ev.TS
	}
	key := ev.Channel + ":" + threadTS
	text := a.question(ctx, ev.Text)
	log := a.log.With("channel", ev.Channel, "thread_ts", threadTS)
	var msgs []message
	if text == "" {
		msgs = []message{usage(a.cfg.Command)}
	} else {
		q := answer.Question{Text: text}
		if c, ok := a.threads.Get(key); ok {
			q.Context = &c
		}
		ans, err := a.ask(ctx, q)
		if err != nil {
			msgs = []message{plain(adapters.Sorry)}
		} else {
			a.remember(key, ans)
			msgs = render(ans, view{PublicURL: a.cfg.PublicURL})
		}
	}
	if err := a.post(ctx, ev.Channel, threadTS, msgs); err != nil {
		log.ErrorContext(ctx, "slack: reply failed", "err", err)
	}
}

// remember keeps an answer's context for follow-ups under key.
func (a *Adapter) remember(key string, ans answer.Answer) {
	if ans.Context != (answer.Context{}) {
		a.threads.Put(key, ans.Context)
	}
}
