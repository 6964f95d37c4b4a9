package slack

import (
	"context"
	"encoding/json"
	"errors"
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

// errShuttingDown is handleEnvelope's answer once shutdown has begun.
var errShuttingDown = errors.New("slack: shutting down")

// handleEnvelope handles an event_callback: it drops a repeat (a message
// answered before, or being answered: Slack's retries, and a DM mentioning
// the bot, which arrives as both message and app_mention) and answers in
// the background. It returns adapters.ErrNotReady, taking nothing, while
// the engine's index loads, so that Slack retries later, and
// errShuttingDown once shutdown has begun.
func (a *Adapter) handleEnvelope(ctx context.Context, env envelope) error {
	ev, ok := a.question(ctx, env)
	if !ok {
		return nil
	}
	if !adapters.IsReady(a.answerer) {
		return adapters.ErrNotReady
	}
	key := "slack:m:" + ev.Channel + ":" + ev.TS
	if !a.once.Begin(key) {
		a.log.InfoContext(ctx, "slack: duplicate event ignored", "event_id", env.EventID)
		return nil
	}
	if !a.goJob(ctx, func(ctx context.Context) { a.once.Done(key, a.answerEvent(ctx, ev)) }) {
		a.once.Done(key, false)
		return errShuttingDown
	}
	return nil
}

// question decodes an event_callback's event and reports whether it is a
// question to the bot.
func (a *Adapter) question(ctx context.Context, env envelope) (event, bool) {
	var ev event
	if env.Type != "event_callback" || len(env.Event) == 0 {
		return ev, false
	}
	if err := json.Unmarshal(env.Event, &ev); err != nil {
		a.log.WarnContext(ctx, "slack: undecodable event", "event_id", env.EventID, "err", err)
		return ev, false
	}
	return ev, a.wanted(ev)
}

// wanted reports whether ev is a question to the bot: an app_mention or a
// direct message, from a person, neither edited nor deleted.
func (a *Adapter) wanted(ev event) bool {
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
	if id := a.botID(); id != "" && ev.User == id {
		return false
	}
	return true
}

// mentionRE matches a user mention, with an optional display name.
var mentionRE = regexp.MustCompile(`<@([A-Z0-9]+)(\|[^>]*)?>`)

// questionText returns text with the bot's mention removed (a leading
// mention when the bot's ID is unknown) and Slack's escapes undone.
func (a *Adapter) questionText(text string) string {
	id := a.botID()
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
// the thread's context for follow-ups. It reports whether a reply was
// posted.
func (a *Adapter) answerEvent(ctx context.Context, ev event) bool {
	threadTS := ev.ThreadTS
	if threadTS == "" && ev.Type == "app_mention" {
		threadTS = ev.TS
	}
	key := ev.Channel + ":" + threadTS
	text := a.questionText(ev.Text)
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
		switch {
		case errors.Is(err, adapters.ErrNotReady):
			msgs = []message{plain(adapters.NotReady)}
		case err != nil:
			msgs = []message{plain(adapters.Sorry)}
		default:
			a.remember(key, ans)
			msgs = render(ans, view{PublicURL: a.cfg.PublicURL})
		}
	}
	if err := a.post(ctx, ev.Channel, threadTS, msgs); err != nil {
		log.ErrorContext(ctx, "slack: reply failed", "err", err)
		return false
	}
	return true
}

// remember keeps an answer's context for follow-ups under key.
func (a *Adapter) remember(key string, ans answer.Answer) {
	if ans.Context != (answer.Context{}) {
		a.threads.Put(key, ans.Context)
	}
}
