// Package discord answers questions on Discord: mentions and direct
// messages over the gateway, and the /ask slash command over the gateway
// or the HTTP interactions endpoint. Every answer is a reply with the
// answer's text and an embed of numbered citations, within Discord's
// limits, and never pings anyone.
//
// The package imports discordgo and no other chat SDK. discordgo's
// endpoints are package-level variables; the adapter never changes them,
// and instead gives its Session an http.Client whose transport sends
// requests for discord.com to DISCORD_API_URL when that is set.
package discord

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/resultsbot/resultsbot/internal/adapters"
	"github.com/resultsbot/resultsbot/internal/answer"
	"github.com/resultsbot/resultsbot/internal/state"
)

// Name is the adapter's name in logs and metrics.
const Name = "discord"

// Intents are the gateway intents the adapter asks for: guild messages and
// direct messages, and message content, a privileged intent that must be
// switched on in the Developer Portal. When it is not, Discord refuses the
// connection (close code 4014) and the adapter connects without it:
// mentions of the bot, DMs and replies that mention it still carry their
// text.
const Intents = discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages | discordgo.IntentsMessageContent

// ErrRunning is returned by Run when the adapter is already running or has
// run: an Adapter runs once.
var ErrRunning = errors.New("discord: Run called twice")

// Defaults for the options.
const (
	DefaultDeferAfter    = 2 * time.Second
	DefaultAnswerTimeout = 2 * time.Minute
	DefaultDrainTimeout  = 10 * time.Second
	DefaultConnectWait   = time.Second // first wait after connecting fails; doubles up to maxConnectWait
	maxConnectWait       = 5 * time.Minute
	answeredTTL          = time.Hour // how long an answered message or interaction is remembered
	seenKeys             = 4096      // remembered without a store
	warnEvery            = time.Minute
)

// Option changes how New builds an Adapter.
type Option func(*options)

type options struct {
	deferAfter    time.Duration
	answerTimeout time.Duration
	drainTimeout  time.Duration
	transport     http.RoundTripper
	now           func() time.Time
	connectWait   time.Duration
	store         adapters.Store
	session       func(*discordgo.Session) // tests only
}

// WithDeferAfter sets how long /ask waits for the answer before it defers
// the response ("thinking…") and edits it in when the answer comes.
// Discord allows 3 seconds; the default is DefaultDeferAfter.
func WithDeferAfter(d time.Duration) Option { return func(o *options) { o.deferAfter = d } }

// WithAnswerTimeout bounds the time one question may take, answer and
// reply included. The default is DefaultAnswerTimeout.
func WithAnswerTimeout(d time.Duration) Option { return func(o *options) { o.answerTimeout = d } }

// WithDrainTimeout bounds how long Run waits, once its context is done,
// for replies in flight; then they are cancelled. The default is
// DefaultDrainTimeout.
func WithDrainTimeout(d time.Duration) Option { return func(o *options) { o.drainTimeout = d } }

// WithTransport sets the transport of REST calls (before the
// DISCORD_API_URL rewrite); the default is http.DefaultTransport.
func WithTransport(t http.RoundTripper) Option { return func(o *options) { o.transport = t } }

// WithConnectBackoff is the first wait before connecting to the gateway is
// tried again after Discord could not be reached or failed
// (DefaultConnectWait); each retry doubles it, up to 5 minutes.
func WithConnectBackoff(d time.Duration) Option { return func(o *options) { o.connectWait = d } }

// WithStore keeps the messages and interactions already answered in s, so
// that one delivered again (a resumed session, a replayed request), even
// after a restart when s persists, is not answered twice. The default is
// an in-memory store of the last 4,096.
func WithStore(s adapters.Store) Option { return func(o *options) { o.store = s } }

// withSession adjusts the discordgo Session before use (tests).
func withSession(f func(*discordgo.Session)) Option { return func(o *options) { o.session = f } }

// Adapter connects the engine to Discord. Its handlers are safe for
// concurrent use. Create it with New; Run it once.
type Adapter struct {
	cfg      Config
	key      ed25519.PublicKey // nil: no HTTP interactions endpoint
	answerer adapters.Answerer
	rec      adapters.Recorder
	log      *slog.Logger
	// base is the logger without the adapter attribute, for adapters.Ask,
	// which adds it to its question line.
	base    *slog.Logger
	opts    options
	s       *discordgo.Session
	threads *adapters.Threads // answer message or interaction key -> context
	once    *adapters.Once    // messages and interactions taken up, and answered
	work    tracker           // replies in flight
	running atomic.Bool
	warn    *adapters.Throttle
	// noContent is set when the gateway was joined without the message
	// content intent: a guild message's text is then empty unless it
	// mentions the bot.
	noContent atomic.Bool

	registered chan struct{} // closed once Run has tried to register /ask (tests wait on it)

	stopOnce sync.Once
	stop     chan struct{} // closed when the drain bound has passed: cancel all work

	mu    sync.Mutex
	me    string // the bot's user ID, from READY
	appID string // the application ID, from Config or READY
}

// New returns an Adapter for cfg answering through a, recording to rec and
// logging to log (rec and log may be nil). It returns an error wrapping
// ErrConfig when cfg is not Enabled or a setting is malformed. New does no
// I/O.
func New(cfg Config, a adapters.Answerer, rec adapters.Recorder, log *slog.Logger, opts ...Option) (*Adapter, error) {
	key, api, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	if a == nil {
		return nil, fmt.Errorf("%w: no Answerer", ErrConfig)
	}
	if rec == nil {
		rec = adapters.NopRecorder{}
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	o := options{
		deferAfter:    DefaultDeferAfter,
		answerTimeout: DefaultAnswerTimeout,
		drainTimeout:  DefaultDrainTimeout,
		transport:     http.DefaultTransport,
		now:           time.Now,
		connectWait:   DefaultConnectWait,
	}
	for _, opt := range opts {
		opt(&o)
	}
	if o.store == nil {
		o.store = state.NewMemory(seenKeys)
	}
	token := cfg.BotToken
	if token != "" && !strings.HasPrefix(token, "Bot ") {
		token = "Bot " + token
	}
	s, err := discordgo.New(token)
	if err != nil {
		return nil, fmt.Errorf("discord: new session: %w", err)
	}
	var rt = o.transport
	if api != nil {
		rt = rewrite{base: api, next: rt}
	}
	s.Client = &http.Client{Timeout: 30 * time.Second, Transport: rt}
	s.Identify.Intents = Intents
	s.StateEnabled = false
	// Handlers run on the gateway's reader, in order, and only take a
	// question up; the answering runs on its own goroutine (see tracker).
	s.SyncEvents = true
	if o.session != nil {
		o.session(s)
	}
	return &Adapter{
		cfg:        cfg,
		key:        key,
		answerer:   a,
		rec:        rec,
		log:        log.With("adapter", Name),
		base:       log,
		opts:       o,
		s:          s,
		threads:    adapters.NewThreads(0),
		once:       adapters.NewOnce(o.store, answeredTTL, log.With("adapter", Name)),
		warn:       adapters.NewThrottle(warnEvery),
		stop:       make(chan struct{}),
		registered: make(chan struct{}),
		appID:      cfg.ApplicationID,
	}, nil
}

// Run connects to the gateway when BotToken is set, registers /ask, and
// answers mentions, DMs and /ask until ctx is done; without a bot token it
// just waits for ctx. It then disconnects, waits for replies in flight
// (also those of the HTTP endpoint) for at most the drain timeout, cancels
// what remains, and returns nil.
//
// While Discord cannot be reached or fails, the first connection is tried
// again with backoff (1 s doubling to 5 minutes) for as long as it takes,
// and the rest of the server goes on serving. When the message content
// intent is not enabled (close code 4014), Run connects without it. It
// returns an error only when Discord refuses the bot (close code 4004,
// authentication failed, and the like, or a 401): a wrong setting is not an
// outage. Later disconnects are retried by discordgo, resuming the session
// so that no event is lost. A failed registration of /ask is logged, not
// returned. Run may be called once; a second call returns ErrRunning.
func (a *Adapter) Run(ctx context.Context) error {
	if !a.running.CompareAndSwap(false, true) {
		return ErrRunning
	}
	defer a.drain(ctx)
	if a.cfg.BotToken == "" {
		<-ctx.Done()
		return nil
	}
	for _, h := range []any{
		func(_ *discordgo.Session, r *discordgo.Ready) { a.onReady(ctx, r) },
		func(_ *discordgo.Session, m *discordgo.MessageCreate) {
			defer a.recoverEvent(ctx, "MESSAGE_CREATE")
			a.onMessage(ctx, m.Message)
		},
		func(_ *discordgo.Session, i *discordgo.InteractionCreate) {
			defer a.recoverEvent(ctx, "INTERACTION_CREATE")
			a.onInteraction(ctx, i.Interaction)
		},
		func(_ *discordgo.Session, _ *discordgo.Resumed) { a.log.InfoContext(ctx, "gateway resumed") },
		func(_ *discordgo.Session, _ *discordgo.Disconnect) { a.log.InfoContext(ctx, "gateway disconnected") },
		func(_ *discordgo.Session, r *discordgo.RateLimit) {
			a.log.WarnContext(ctx, "rate limited", "url", r.URL, "retry_after", r.RetryAfter)
		},
	} {
		defer a.s.AddHandler(h)()
	}
	if err := a.connect(ctx); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	defer a.s.Close()
	a.mu.Lock()
	appID := a.appID
	a.mu.Unlock()
	if err := a.register(ctx, appID); err != nil {
		a.log.ErrorContext(ctx, "register /ask", "guild_id", a.cfg.GuildID, "err", err)
	}
	close(a.registered)
	<-ctx.Done()
	return nil
}

// Gateway close codes that mean Discord refuses the bot as configured.
const (
	closeAuthFailed       = 4004
	closeDisallowedIntent = 4014
)

// connect opens the gateway connection, trying again with backoff while
// Discord cannot be reached or fails, and without the message content
// intent when Discord disallows it. It returns an error when Discord
// refuses the bot, and ctx's when ctx is done.
func (a *Adapter) connect(ctx context.Context) error {
	wait := a.opts.connectWait
	for {
		err := a.s.Open()
		if err == nil {
			return nil
		}
		if ce, ok := errors.AsType[*websocket.CloseError](err); ok && ce.Code == closeDisallowedIntent &&
			a.s.Identify.Intents&discordgo.IntentsMessageContent != 0 {
			a.log.WarnContext(ctx, "the Message Content intent is not enabled for this bot in the Developer Portal; "+
				"connecting without it: mentions, DMs and replies that mention the bot are answered, replies without a mention are not")
			a.s.Identify.Intents &^= discordgo.IntentsMessageContent
			a.noContent.Store(true)
			continue
		}
		err = fmt.Errorf("discord: connect to the gateway: %w", redact(err))
		if refusedBot(err) {
			return err
		}
		a.log.WarnContext(ctx, "discord: cannot reach Discord; retrying, web and other adapters keep serving", "wait", wait, "err", err)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		wait = min(2*wait, maxConnectWait)
	}
}

// refusedBot reports whether err is Discord refusing the bot as configured
// (a bad token, intents or version), which retrying cannot mend.
func refusedBot(err error) bool {
	if ce, ok := errors.AsType[*websocket.CloseError](err); ok {
		return ce.Code == closeAuthFailed || ce.Code >= 4010 && ce.Code <= 4014
	}
	if re, ok := errors.AsType[*discordgo.RESTError](err); ok && re.Response != nil {
		return re.Response.StatusCode == http.StatusUnauthorized || re.Response.StatusCode == http.StatusForbidden
	}
	return false
}

// recoverEvent keeps a panic while taking up a gateway event from ending
// the process (the handler runs on discordgo's reader): it is logged with
// its stack, and the event is dropped.
func (a *Adapter) recoverEvent(ctx context.Context, event string) {
	if v := recover(); v != nil {
		a.log.ErrorContext(ctx, "panic taking up a gateway event", "event", event, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
	}
}

// redact drops URLs from transport errors: an interaction's URL holds its
// token, and no token may reach a log or an error.
func redact(err error) error {
	if err == nil {
		return nil
	}
	if ue, ok := errors.AsType[*url.Error](err); ok && ue.URL != "" {
		return &redactedError{msg: strings.ReplaceAll(err.Error(), ue.URL, "[url]"), err: ue.Err}
	}
	return err
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// drain stops taking up new work and waits for work in flight, for at most
// the drain timeout; then it cancels the rest and waits for it to return.
func (a *Adapter) drain(ctx context.Context) {
	a.work.close()
	done := make(chan struct{})
	go func() { a.work.wait(); close(done) }()
	t := time.NewTimer(a.opts.drainTimeout)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
		a.log.WarnContext(ctx, "replies still in flight at shutdown; cancelling them")
		a.stopOnce.Do(func() { close(a.stop) })
		<-done
	}
}

// workCtx returns the context of one piece of work taken up under parent:
// it outlives parent's cancellation (a reply in flight finishes after
// shutdown begins), ends after the answer timeout, and is cancelled when
// the drain bound passes.
func (a *Adapter) workCtx(parent context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(parent), a.opts.answerTimeout)
	go func() {
		select {
		case <-a.stop:
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, cancel
}

func (a *Adapter) onReady(ctx context.Context, r *discordgo.Ready) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if r.User != nil {
		a.me = r.User.ID
	}
	if a.appID == "" && r.Application != nil {
		a.appID = r.Application.ID
	}
	a.log.InfoContext(ctx, "gateway ready", "user_id", a.me, "application_id", a.appID)
}

func (a *Adapter) botID() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.me
}

// onMessage takes up a message that asks the bot something: one that
// mentions it, a DM, or a reply to one of its answers. It ignores the bot's
// own messages, other bots' and webhooks', and messages it has taken up
// before (a resumed session may deliver one again).
func (a *Adapter) onMessage(ctx context.Context, m *discordgo.Message) {
	me := a.botID()
	if m == nil || m.Author == nil || m.Author.Bot || m.WebhookID != "" || me == "" || m.Author.ID == me {
		return
	}
	prev, isFollowUp := a.followUp(m, me)
	if m.GuildID != "" && !isFollowUp && !mentions(m, me) {
		return
	}
	if m.GuildID != "" && m.Content == "" && a.noContent.Load() {
		// Without the message content intent a reply that does not
		// mention the bot arrives without its text.
		a.log.DebugContext(ctx, "a reply without its text (no Message Content intent); not answered", "message_id", m.ID)
		return
	}
	key := "discord:m:" + m.ID
	if !a.once.Begin(key) {
		return
	}
	text := stripMention(m.Content, me)
	if !a.work.goDo(func() { a.once.Done(key, a.replyTo(ctx, m, text, prev)) }) {
		a.once.Done(key, false)
		a.log.WarnContext(ctx, "shutting down; message not answered", "message_id", m.ID)
	}
}

// followUp reports whether m replies to one of the bot's answers, and the
// context of that answer when the bot remembers it.
func (a *Adapter) followUp(m *discordgo.Message, me string) (*answer.Context, bool) {
	ref := m.MessageReference
	if ref == nil || ref.MessageID == "" {
		return nil, false
	}
	if c, ok := a.threads.Get(ref.MessageID); ok {
		return &c, true
	}
	rm := m.ReferencedMessage
	if rm == nil || rm.Author == nil || rm.Author.ID != me {
		return nil, false
	}
	// An answer to /ask is known by its interaction.
	var ids []string
	if rm.InteractionMetadata != nil {
		ids = append(ids, rm.InteractionMetadata.ID)
	}
	if rm.Interaction != nil {
		ids = append(ids, rm.Interaction.ID)
	}
	for _, id := range ids {
		if c, ok := a.threads.Get(interactionKey(id)); ok {
			return &c, true
		}
	}
	return nil, true
}

func interactionKey(id string) string { return "interaction:" + id }

// mentions reports whether m mentions the user me.
func mentions(m *discordgo.Message, me string) bool {
	for _, u := range m.Mentions {
		if u != nil && u.ID == me {
			return true
		}
	}
	return strings.Contains(m.Content, "<@"+me+">") || strings.Contains(m.Content, "<@!"+me+">")
}

// stripMention removes mentions of me from s.
func stripMention(s, me string) string {
	s = strings.ReplaceAll(s, "<@"+me+">", " ")
	s = strings.ReplaceAll(s, "<@!"+me+">", " ")
	return strings.Join(strings.Fields(s), " ")
}

// reply is a message to send and the context a follow-up to it inherits
// (nil when none).
type reply struct {
	msg message
	ctx *answer.Context
}

// compose asks the engine text (with the context of the answer it follows
// up, if any) and renders the answer; a failure becomes adapters.Sorry,
// an empty question the help text.
func (a *Adapter) compose(ctx context.Context, text string, prev *answer.Context) reply {
	if text == "" {
		return reply{msg: message{Content: help}}
	}
	q := answer.Question{Text: text, Company: a.cfg.Company}
	if prev != nil && *prev != (answer.Context{}) {
		q.Context = prev
	}
	ans, err := adapters.Ask(ctx, a.answerer, a.rec, a.base, Name, q)
	switch {
	case errors.Is(err, adapters.ErrNotReady):
		return reply{msg: message{Content: adapters.NotReady}}
	case err != nil:
		return reply{msg: message{Content: adapters.Sorry}}
	}
	r := reply{msg: render(ans, a.cfg.PublicURL)}
	if ans.Context != (answer.Context{}) {
		c := ans.Context
		r.ctx = &c
	}
	return r
}

// replyTo answers the message m asking text, as a reply to it, and reports
// whether the reply was sent.
func (a *Adapter) replyTo(ctx context.Context, m *discordgo.Message, text string, prev *answer.Context) bool {
	ctx, cancel := a.workCtx(ctx)
	defer cancel()
	r := a.compose(ctx, text, prev)
	sent, err := a.s.ChannelMessageSendComplex(m.ChannelID, &discordgo.MessageSend{
		Content:         r.msg.Content,
		Embeds:          r.msg.Embeds,
		AllowedMentions: noMentions(),
		Reference:       m.SoftReference(),
	}, discordgo.WithContext(ctx))
	if err != nil {
		a.log.ErrorContext(ctx, "send reply", "channel_id", m.ChannelID, "message_id", m.ID, "err", redact(err))
		return false
	}
	if r.ctx != nil && sent != nil && sent.ID != "" {
		a.threads.Put(sent.ID, *r.ctx)
	}
	return true
}

// tracker runs work on goroutines until closed, and waits for it.
type tracker struct {
	mu     sync.Mutex
	wg     sync.WaitGroup
	closed bool
}

// goDo runs f on a new goroutine and reports true, or reports false when
// the tracker is closed.
func (t *tracker) goDo(f func()) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return false
	}
	t.wg.Go(f)
	return true
}

func (t *tracker) close() {
	t.mu.Lock()
	t.closed = true
	t.mu.Unlock()
}

func (t *tracker) wait() { t.wg.Wait() }
