package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// The /ask command.
const (
	commandName   = "ask"
	optionName    = "question"
	maxQuestion   = 500
	interactions  = "/discord/interactions"
	maxBody       = 1 << 20         // bytes of an interaction request
	maxClockSkew  = 5 * time.Minute // how old or new a signed timestamp may be
	unknownAction = "I only answer /ask."
)

// askCommand is the slash command the adapter registers.
func askCommand() *discordgo.ApplicationCommand {
	return &discordgo.ApplicationCommand{
		Type:        discordgo.ChatApplicationCommand,
		Name:        commandName,
		Description: "Ask about a company's results; the answer cites its sources.",
		Options: []*discordgo.ApplicationCommandOption{{
			Type:        discordgo.ApplicationCommandOptionString,
			Name:        optionName,
			Description: "For example: what was the cloud segment's revenue growth last quarter?",
			Required:    true,
			MaxLength:   maxQuestion,
		}},
	}
}

// sameCommand reports whether the registered command c is want, as far as
// the adapter sets it.
func sameCommand(c, want *discordgo.ApplicationCommand) bool {
	if c.Name != want.Name || c.Description != want.Description || len(c.Options) != len(want.Options) {
		return false
	}
	if c.Type != 0 && c.Type != want.Type {
		return false
	}
	for i, o := range c.Options {
		w := want.Options[i]
		if o.Type != w.Type || o.Name != w.Name || o.Description != w.Description || o.Required != w.Required || o.MaxLength != w.MaxLength {
			return false
		}
	}
	return true
}

// register makes sure /ask is registered for appID, in the configured guild
// or globally, without creating duplicates: it lists the commands, does
// nothing when /ask is there as wanted, and otherwise overwrites the list
// with the other commands kept and /ask added or replaced.
func (a *Adapter) register(ctx context.Context, appID string) error {
	if appID == "" {
		return errors.New("no application ID: set DISCORD_APPLICATION_ID")
	}
	want := askCommand()
	cmds, err := a.s.ApplicationCommands(appID, a.cfg.GuildID, discordgo.WithContext(ctx))
	if err != nil {
		return err
	}
	keep := make([]*discordgo.ApplicationCommand, 0, len(cmds)+1)
	for _, c := range cmds {
		if c.Name == want.Name && (c.Type == 0 || c.Type == want.Type) {
			if sameCommand(c, want) {
				a.log.DebugContext(ctx, "/ask already registered", "guild_id", a.cfg.GuildID)
				return nil
			}
			continue
		}
		keep = append(keep, c)
	}
	keep = append(keep, want)
	if _, err := a.s.ApplicationCommandBulkOverwrite(appID, a.cfg.GuildID, keep, discordgo.WithContext(ctx)); err != nil {
		return err
	}
	a.log.InfoContext(ctx, "registered /ask", "guild_id", a.cfg.GuildID)
	return nil
}

// askText returns the question of an /ask interaction, and false for any
// other interaction.
func askText(i *discordgo.Interaction) (string, bool) {
	if i == nil || i.Type != discordgo.InteractionApplicationCommand {
		return "", false
	}
	d, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
	if !ok || d.Name != commandName {
		return "", false
	}
	for _, o := range d.Options {
		if o == nil || o.Name != optionName || o.Type != discordgo.ApplicationCommandOptionString {
			continue
		}
		// Not o.StringValue(): it panics when the value is not a string,
		// which a malformed payload can make it.
		if v, ok := o.Value.(string); ok {
			return strings.Join(strings.Fields(v), " "), true
		}
	}
	return "", true
}

// responseData turns a message into interaction response data.
func responseData(m message) *discordgo.InteractionResponseData {
	embeds := m.Embeds
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	return &discordgo.InteractionResponseData{Content: m.Content, Embeds: embeds, AllowedMentions: noMentions()}
}

// onInteraction takes up an /ask interaction from the gateway; others are
// ignored, and so are interactions taken up before.
func (a *Adapter) onInteraction(ctx context.Context, i *discordgo.Interaction) {
	text, ok := askText(i)
	if !ok {
		return
	}
	key := "discord:i:" + i.ID
	if !a.once.Begin(key) {
		return
	}
	if !a.work.goDo(func() { a.once.Done(key, a.answerGateway(ctx, i, text)) }) {
		a.once.Done(key, false)
		a.log.WarnContext(ctx, "shutting down; /ask not answered", "interaction_id", i.ID)
	}
}

// answerGateway answers an /ask from the gateway through the REST API: in
// the initial response when the answer comes within the defer time, else
// with a deferred response edited once the answer comes. It reports
// whether the answer was delivered.
func (a *Adapter) answerGateway(ctx context.Context, i *discordgo.Interaction, text string) bool {
	ctx, cancel := a.workCtx(ctx)
	defer cancel()
	res := make(chan reply, 1)
	go func() { res <- a.compose(ctx, text, nil) }()
	t := time.NewTimer(a.opts.deferAfter)
	defer t.Stop()
	select {
	case r := <-res:
		err := a.s.InteractionRespond(i, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: responseData(r.msg),
		}, discordgo.WithContext(ctx))
		if err != nil {
			a.log.ErrorContext(ctx, "respond to /ask", "interaction_id", i.ID, "err", redact(err))
			return false
		}
		a.remember(i, r, nil)
		return true
	case <-t.C:
		err := a.s.InteractionRespond(i, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{AllowedMentions: noMentions()},
		}, discordgo.WithContext(ctx))
		if err != nil {
			a.log.ErrorContext(ctx, "defer /ask", "interaction_id", i.ID, "err", redact(err))
			<-res
			return false
		}
		return a.editOriginal(ctx, i, <-res)
	}
}

// editOriginal replaces a deferred response with r, and reports whether
// it did.
func (a *Adapter) editOriginal(ctx context.Context, i *discordgo.Interaction, r reply) bool {
	embeds := r.msg.Embeds
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	content := r.msg.Content
	m, err := a.s.InteractionResponseEdit(i, &discordgo.WebhookEdit{
		Content:         &content,
		Embeds:          &embeds,
		AllowedMentions: noMentions(),
	}, discordgo.WithContext(ctx))
	if err != nil {
		// The URL of the edit holds the interaction's token: redacted.
		a.log.ErrorContext(ctx, "edit /ask response", "interaction_id", i.ID, "err", redact(err))
		return false
	}
	a.remember(i, r, m)
	return true
}

// remember keeps the context of an /ask answer for replies to it, by
// interaction and, when known, by message.
func (a *Adapter) remember(i *discordgo.Interaction, r reply, m *discordgo.Message) {
	if r.ctx == nil {
		return
	}
	a.threads.Put(interactionKey(i.ID), *r.ctx)
	if m != nil && m.ID != "" {
		a.threads.Put(m.ID, *r.ctx)
	}
}

// Register adds the HTTP interactions endpoint, POST /discord/interactions,
// to mux when Config.PublicKey is set, and does nothing otherwise. The
// endpoint answers only requests signed with the application's key (an
// Ed25519 signature over X-Signature-Timestamp and the body) whose
// timestamp is within 5 minutes of now; anything else gets 401 and no
// answer (refusals are logged at most once a minute). A body over 1 MiB
// gets 413; another method than POST gets 405 with Allow. It answers PING
// with PONG and /ask in the response, deferring it and editing it in
// through the REST API when the answer takes longer than the defer time.
// An interaction delivered again (a replayed request, within the five
// minutes its signature is good for, or after a restart with a persistent
// store) gets 409 and no second answer.
func (a *Adapter) Register(mux *http.ServeMux) {
	if a.key == nil {
		return
	}
	// No method in the pattern: a catch-all "/" of the mux would take
	// other methods and answer 404.
	mux.HandleFunc(interactions, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed: use POST", http.StatusMethodNotAllowed)
			return
		}
		a.serveInteraction(w, r)
	})
}

func (a *Adapter) serveInteraction(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	if !discordgo.VerifyInteraction(r, a.key) || !a.fresh(r.Header.Get("X-Signature-Timestamp")) {
		a.warn.Warn(ctx, a.log, "interaction refused: bad signature or stale timestamp", "remote", r.RemoteAddr)
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	var i discordgo.Interaction
	if err := json.Unmarshal(body, &i); err != nil {
		http.Error(w, "bad interaction", http.StatusBadRequest)
		return
	}
	switch i.Type {
	case discordgo.InteractionPing:
		writeJSON(w, &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong})
		return
	case discordgo.InteractionApplicationCommand:
	default:
		http.Error(w, "unsupported interaction", http.StatusBadRequest)
		return
	}
	text, ok := askText(&i)
	if !ok {
		writeJSON(w, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Content: unknownAction, Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions()},
		})
		return
	}
	key := "discord:i:" + i.ID
	if !a.once.Begin(key) {
		a.log.InfoContext(ctx, "interaction delivered again; not answered twice", "interaction_id", i.ID)
		http.Error(w, "interaction already answered", http.StatusConflict)
		return
	}
	a.answerHTTP(w, r, &i, text, func(answered bool) { a.once.Done(key, answered) })
}

// answerHTTP answers an /ask in the HTTP response, or defers it and edits
// the answer in through the REST API when it takes longer than the defer
// time, then calls done with whether the answer was delivered. The
// answering outlives the request; Run's drain waits for it.
func (a *Adapter) answerHTTP(w http.ResponseWriter, r *http.Request, i *discordgo.Interaction, text string, done func(answered bool)) {
	ctx, cancel := a.workCtx(r.Context())
	res := make(chan reply, 1)
	ask := func() { res <- a.compose(ctx, text, nil) }
	if !a.work.goDo(ask) {
		ask() // shutting down: answer within the request
	}
	t := time.NewTimer(a.opts.deferAfter)
	defer t.Stop()
	select {
	case rep := <-res:
		cancel()
		writeJSON(w, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: responseData(rep.msg),
		})
		a.remember(i, rep, nil)
		done(true)
	case <-t.C:
		writeJSON(w, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{AllowedMentions: noMentions()},
		})
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		edit := func() {
			defer cancel()
			done(a.editOriginal(ctx, i, <-res))
		}
		if !a.work.goDo(edit) {
			edit()
		}
	}
}

// fresh reports whether the signed timestamp ts (Unix seconds) is within
// maxClockSkew of now. discordgo.VerifyInteraction does not check it, and
// without the check a captured request could be replayed for ever.
func (a *Adapter) fresh(ts string) bool {
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return false
	}
	d := a.opts.now().Sub(time.Unix(sec, 0))
	return d <= maxClockSkew && d >= -maxClockSkew
}

func writeJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(b)
}
