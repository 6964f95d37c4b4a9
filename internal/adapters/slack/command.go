package slack

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/resultsbot/resultsbot/internal/adapters"
	"github.com/resultsbot/resultsbot/internal/answer"
)

// command is a slash command, from an HTTP form or a Socket Mode envelope.
type command struct {
	Command, Text, UserID, ChannelID, ResponseURL string
}

// lookingUp is the immediate reply when the answer takes longer than Slack
// waits; the answer follows through the response URL.
const lookingUp = "Looking that up…"

// answerCommand answers a slash command within the command wait: it
// returns the ephemeral message to send as the command's response. When the
// engine is slower, it returns lookingUp and sends the answer through the
// response URL when it comes. Further messages of a long answer go through
// the response URL too. It returns nil when shutting down.
func (a *Adapter) answerCommand(ctx context.Context, cmd command) *slack.Msg {
	text := strings.Join(strings.Fields(cmd.Text), " ")
	if text == "" {
		return ephemeral(usage(a.cfg.Command))
	}
	first := make(chan *slack.Msg, 1)
	ok := a.goJob(ctx, func(ctx context.Context) {
		msgs := a.commandAnswer(ctx, text, cmd.ResponseURL)
		select {
		case first <- ephemeral(msgs[0]):
			msgs = msgs[1:]
		default: // the response has gone: send everything through the URL
		}
		for _, m := range msgs {
			if err := a.respond(ctx, cmd.ResponseURL, webhook(m, false)); err != nil {
				a.log.ErrorContext(ctx, "slack: command response failed", "err", err)
				return
			}
		}
	})
	if !ok {
		return nil
	}
	t := time.NewTimer(a.opt.commandWait)
	defer t.Stop()
	select {
	case m := <-first:
		return m
	case <-t.C:
	}
	// Too slow for Slack's window: acknowledge now, deliver later. With a
	// buffer of one, exactly one case is ready: the answer arrived just now,
	// or the slot is free and taking it tells the job the response is gone.
	select {
	case m := <-first:
		return m
	case first <- nil:
		return ephemeral(plain(lookingUp))
	}
}

// commandAnswer asks the question of a slash command and renders the
// answer with a "Post to channel" button, which posts it through the
// command's responseURL.
func (a *Adapter) commandAnswer(ctx context.Context, text, responseURL string) []message {
	ans, err := a.ask(ctx, answer.Question{Text: text})
	switch {
	case errors.Is(err, adapters.ErrNotReady):
		return []message{plain(adapters.NotReady)}
	case err != nil:
		return []message{plain(adapters.Sorry)}
	}
	key := newKey()
	msgs := render(ans, view{PublicURL: a.cfg.PublicURL, Question: text, PostKey: key})
	a.pending.Add(key, pendingPost{question: text, responseURL: responseURL, msgs: render(ans, view{PublicURL: a.cfg.PublicURL, Question: text})})
	return msgs
}

// interaction handles a button press: feedback is logged and counted; "Post
// to channel" posts the stored answer to the channel through the command's
// response URL, in_channel, and removes the ephemeral one. The response URL
// posts where the command was used, a DM or a private channel the bot is
// not in included, under the asker's command, so the channel sees who
// asked; chat.postMessage as the bot could do neither.
func (a *Adapter) interaction(ctx context.Context, cb slack.InteractionCallback) {
	if cb.Type != slack.InteractionTypeBlockActions {
		return
	}
	for _, act := range cb.ActionCallback.BlockActions {
		switch act.ActionID {
		case actionFeedback:
			value := act.Value
			if value != feedbackHelpful && value != feedbackNotHelpful {
				continue
			}
			a.rec.Feedback(Name, value)
			a.log.InfoContext(ctx, "feedback", "value", value, "channel", cb.Channel.ID, "user", cb.User.ID, "message_ts", cb.Container.MessageTs)
			if cb.ResponseURL != "" {
				_ = a.respond(ctx, cb.ResponseURL, &slack.WebhookMessage{ResponseType: slack.ResponseTypeEphemeral, Text: "Thanks for the feedback."})
			}
		case actionPostToChannel:
			p, ok := a.pending.Take(act.Value)
			if !ok {
				_ = a.respond(ctx, cb.ResponseURL, webhook(plain("That answer has expired; please ask again."), false))
				continue
			}
			if err := a.share(ctx, p); err != nil {
				a.log.ErrorContext(ctx, "slack: post to channel failed", "channel", cb.Channel.ID, "err", err)
				_ = a.respond(ctx, cb.ResponseURL, webhook(plain("I couldn't post that to the channel; its link may have expired. Please ask again."), false))
				continue
			}
			if cb.ResponseURL != "" {
				if err := a.respond(ctx, cb.ResponseURL, &slack.WebhookMessage{DeleteOriginal: true}); err != nil {
					a.log.WarnContext(ctx, "slack: removing the ephemeral answer failed", "err", err)
				}
			}
		}
	}
}

// share posts a pending answer to the channel through its command's
// response URL, each message in_channel.
func (a *Adapter) share(ctx context.Context, p pendingPost) error {
	if p.responseURL == "" {
		return errors.New("slack: no response URL to post through")
	}
	for _, m := range p.msgs {
		if err := a.respond(ctx, p.responseURL, webhook(m, true)); err != nil {
			return err
		}
	}
	return nil
}

// ephemeral makes m a slash command's ephemeral response.
func ephemeral(m message) *slack.Msg {
	return &slack.Msg{ResponseType: slack.ResponseTypeEphemeral, Text: m.Text, Blocks: slack.Blocks{BlockSet: m.Blocks}}
}

// webhook makes m a response URL message.
func webhook(m message, inChannel bool) *slack.WebhookMessage {
	rt := slack.ResponseTypeEphemeral
	if inChannel {
		rt = slack.ResponseTypeInChannel
	}
	return &slack.WebhookMessage{ResponseType: rt, Text: m.Text, Blocks: &slack.Blocks{BlockSet: m.Blocks}}
}

// fitsAck reports whether m can go in a Socket Mode acknowledgement.
func fitsAck(m *slack.Msg) bool {
	raw, err := json.Marshal(m)
	return err == nil && len(raw) < maxAckPayload
}
