package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"sync"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/resultsbot/resultsbot/internal/adapters"
)

// runSocketMode holds a Socket Mode connection until ctx is done,
// acknowledging every envelope, including types slack-go does not know.
func (a *Adapter) runSocketMode(ctx context.Context) error {
	sm := socketmode.New(a.client,
		socketmode.OptionPingInterval(a.opt.pingInterval),
		socketmode.OptionLog(log.New(slogWriter{a}, "", 0)),
		socketmode.OptionReadLimit(maxBody),
	)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case evt := <-sm.Events:
				a.socketEvent(ctx, sm, evt)
			}
		}
	})
	err := sm.RunContext(ctx) // returns only with an error, ctx's when it is done
	cancel()
	wg.Wait()
	if errors.Is(err, context.Canceled) || ctx.Err() != nil {
		return nil
	}
	return fmt.Errorf("slack: socket mode: %w", redact(err))
}

// socketEvent handles one event of the Socket Mode client.
func (a *Adapter) socketEvent(ctx context.Context, sm *socketmode.Client, evt socketmode.Event) {
	ack := func(payload any) {
		if evt.Request == nil || evt.Request.EnvelopeID == "" {
			return
		}
		if err := sm.AckCtx(ctx, evt.Request.EnvelopeID, payload); err != nil {
			a.log.WarnContext(ctx, "slack: ack failed", "envelope_id", evt.Request.EnvelopeID, "err", err)
		}
	}
	switch evt.Type {
	case socketmode.EventTypeHello:
		a.log.DebugContext(ctx, "slack: socket mode hello")
	case socketmode.EventTypeConnected:
		a.log.InfoContext(ctx, "slack: socket mode connected")
	case socketmode.EventTypeConnectionError, socketmode.EventTypeIncomingError:
		a.log.WarnContext(ctx, "slack: socket mode connection trouble", "event", string(evt.Type))
	case socketmode.EventTypeInvalidAuth:
		a.log.ErrorContext(ctx, "slack: socket mode: the app token was refused")
	case socketmode.EventTypeEventsAPI:
		var env envelope
		if err := json.Unmarshal(evt.Request.Payload, &env); err != nil {
			ack(nil)
			a.log.WarnContext(ctx, "slack: undecodable events_api payload", "err", err)
			return
		}
		if _, ok := a.question(ctx, env); ok && !adapters.IsReady(a.answerer) {
			// Not acknowledged: Slack sends it again, by when the index
			// may be loaded.
			a.log.InfoContext(ctx, "slack: event left for Slack to resend; the index is still loading", "event_id", env.EventID)
			return
		}
		ack(nil)
		_ = a.handleEnvelope(ctx, env)
	case socketmode.EventTypeInteractive:
		ack(nil)
		cb, ok := evt.Data.(slack.InteractionCallback)
		if ok {
			a.goJob(ctx, func(ctx context.Context) { a.interaction(ctx, cb) })
		}
	case socketmode.EventTypeSlashCommand:
		sc, ok := evt.Data.(slack.SlashCommand)
		if !ok {
			ack(nil)
			return
		}
		// Answering takes up to the command wait; do not hold up the loop.
		a.goJob(ctx, func(ctx context.Context) {
			cmd := command{Command: sc.Command, Text: sc.Text, UserID: sc.UserID, ChannelID: sc.ChannelID, ResponseURL: sc.ResponseURL}
			m := a.answerCommand(ctx, cmd)
			if m == nil {
				ack(nil)
				return
			}
			if !fitsAck(m) {
				ack(ephemeral(plain(lookingUp)))
				if err := a.respond(ctx, cmd.ResponseURL, &slack.WebhookMessage{ResponseType: m.ResponseType, Text: m.Text, Blocks: &m.Blocks}); err != nil {
					a.log.ErrorContext(ctx, "slack: command response failed", "err", err)
				}
				return
			}
			ack(m)
		})
	case socketmode.EventTypeErrorBadMessage:
		// An envelope slack-go could not parse, such as a type it does
		// not know: acknowledge it all the same so Slack does not resend it.
		bad, _ := evt.Data.(*socketmode.ErrorBadMessage)
		if bad == nil {
			return
		}
		var req socketmode.Request
		if err := json.Unmarshal(bad.Message, &req); err != nil || req.EnvelopeID == "" {
			a.log.WarnContext(ctx, "slack: unreadable socket mode message")
			return
		}
		if err := sm.AckCtx(ctx, req.EnvelopeID, nil); err != nil {
			a.log.WarnContext(ctx, "slack: ack failed", "envelope_id", req.EnvelopeID, "err", err)
		}
		a.log.InfoContext(ctx, "slack: acknowledged an envelope of an unknown kind", "type", req.Type)
		if req.Type == socketmode.RequestTypeEventsAPI {
			var env envelope
			if json.Unmarshal(req.Payload, &env) == nil {
				_ = a.handleEnvelope(ctx, env)
			}
		}
	default:
		if evt.Request != nil && evt.Request.EnvelopeID != "" {
			ack(nil)
		}
	}
}

// slogWriter passes slack-go's debug log lines to the adapter's logger.
type slogWriter struct{ a *Adapter }

func (w slogWriter) Write(p []byte) (int, error) {
	w.a.log.Debug("slack-go", "msg", string(p))
	return len(p), nil
}
