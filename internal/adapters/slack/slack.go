// Package slack answers questions asked in Slack: mentions in channels
// (answered in the mention's thread), direct messages, and a slash command
// (answered ephemerally, with a button that posts the answer to the
// channel). Answers are Block Kit messages with every citation quoted, and
// follow-ups in a thread keep the company and period of the answer before.
//
// Two ways in, either or both: Socket Mode (an app-level token; no public
// URL needed), run by Adapter.Run, and the HTTP Events API (a signing
// secret), whose routes Adapter.Register adds to a mux. Every HTTP request
// is verified (v0 HMAC, timestamp within five minutes) before anything else
// happens; Slack's retries produce one reply.
//
// The package imports slack-go and no other chat SDK.
package slack

import (
	"container/list"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"

	"github.com/resultsbot/resultsbot/internal/adapters"
	"github.com/resultsbot/resultsbot/internal/answer"
	"github.com/resultsbot/resultsbot/internal/state"
)

// Name is the adapter's name in logs and metrics.
const Name = "slack"

// ErrClosed is returned by Run when called a second time.
var ErrClosed = errors.New("slack: adapter already ran")

// api is the part of slack-go's Web API client the adapter uses.
type api interface {
	AuthTestContext(ctx context.Context) (*slack.AuthTestResponse, error)
	PostMessageContext(ctx context.Context, channelID string, options ...slack.MsgOption) (string, string, error)
}

var _ api = (*slack.Client)(nil)

// Defaults for the adapter's bounds.
const (
	defaultDrain        = 10 * time.Second // Run waits this long for replies in flight
	defaultReplyTimeout = 60 * time.Second // one question, answer and post
	defaultCommandWait  = 2500 * time.Millisecond
	defaultRetries      = 4 // retries of a post after a 429 or 5xx
	defaultBackoff      = 500 * time.Millisecond
	maxRetryWait        = 30 * time.Second
	seenEvents          = 10000 // events remembered for deduplication, without a store
	pendingPosts        = 1000  // slash answers a "Post to channel" button can still post
	// answeredTTL is how long an answered event is remembered: Slack
	// retries an event three times within about five minutes.
	answeredTTL        = time.Hour
	defaultConnectWait = time.Second     // first wait after auth.test fails
	maxConnectWait     = 5 * time.Minute // longest wait between tries
	warnEvery          = time.Minute     // at most one bad-signature warning a minute
)

// Option changes how New builds an Adapter; for tests and unusual setups.
type Option func(*options)

type options struct {
	httpClient   *http.Client
	drain        time.Duration
	replyTimeout time.Duration
	commandWait  time.Duration
	retries      int
	backoff      time.Duration
	pingInterval time.Duration
	connectWait  time.Duration
	store        adapters.Store
}

// WithHTTPClient makes the adapter call Slack (Web API, response URLs and
// Socket Mode's connection request) through c.
func WithHTTPClient(c *http.Client) Option { return func(o *options) { o.httpClient = c } }

// WithDrain bounds how long Run waits for replies in flight after its
// context is done (10 s by default).
func WithDrain(d time.Duration) Option { return func(o *options) { o.drain = d } }

// WithCommandWait is how long a slash command waits for the answer before
// it acknowledges with "Looking that up…" and sends the answer later through
// the command's response URL (2.5 s by default, inside Slack's 3 s).
func WithCommandWait(d time.Duration) Option { return func(o *options) { o.commandWait = d } }

// WithRetry sets how many times a post is retried after a 429 or a 5xx and
// the first backoff (4 and 500 ms by default). A 429's Retry-After is
// honoured when longer than the backoff, up to 30 s.
func WithRetry(retries int, backoff time.Duration) Option {
	return func(o *options) { o.retries, o.backoff = retries, backoff }
}

// WithConnectBackoff is the first wait before auth.test is tried again
// after Slack could not be reached or failed (1 s by default); each retry
// doubles it, up to 5 minutes.
func WithConnectBackoff(d time.Duration) Option { return func(o *options) { o.connectWait = d } }

// WithStore keeps the events already answered in s, so that Slack's retry
// of one after a restart is not answered again (when s persists). The
// default is an in-memory store of the last 10,000.
func WithStore(s adapters.Store) Option { return func(o *options) { o.store = s } }

// WithPingInterval is how long Socket Mode waits for Slack's ping before it
// reconnects (30 s by default).
func WithPingInterval(d time.Duration) Option { return func(o *options) { o.pingInterval = d } }

// Adapter is the Slack adapter. Its methods are safe for concurrent use.
type Adapter struct {
	cfg      Config
	answerer adapters.Answerer
	rec      adapters.Recorder
	log      *slog.Logger // with the adapter's name
	baseLog  *slog.Logger // for adapters.Ask, which adds the name itself
	opt      options
	api      api
	client   *slack.Client
	threads  *adapters.Threads
	once     *adapters.Once // events taken up, and answered
	pending  *lru[pendingPost]
	warn     *adapters.Throttle

	botUserID atomic.Value // string, set by Run once auth.test answers

	jobsMu  sync.Mutex
	jobs    sync.WaitGroup
	closing bool
	ran     bool
	abort   chan struct{} // closed when the drain bound has passed
}

// pendingPost is a slash command's answer waiting for "Post to channel",
// with the command's response URL it is posted through.
type pendingPost struct {
	question    string
	responseURL string
	msgs        []message
}

// New returns an adapter answering through a, recording to rec (nil for
// none) and logging to log (nil to discard). It returns an error wrapping
// ErrConfig when cfg lacks what the adapter needs; it does no I/O.
func New(cfg Config, a adapters.Answerer, rec adapters.Recorder, log *slog.Logger, opts ...Option) (*Adapter, error) {
	cfg, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	if a == nil {
		return nil, fmt.Errorf("%w: no answerer", ErrConfig)
	}
	if rec == nil {
		rec = adapters.NopRecorder{}
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	o := options{
		httpClient:   &http.Client{Timeout: 30 * time.Second},
		drain:        defaultDrain,
		replyTimeout: defaultReplyTimeout,
		commandWait:  defaultCommandWait,
		retries:      defaultRetries,
		backoff:      defaultBackoff,
		pingInterval: 30 * time.Second,
		connectWait:  defaultConnectWait,
	}
	for _, opt := range opts {
		opt(&o)
	}
	if o.store == nil {
		o.store = state.NewMemory(seenEvents)
	}
	sopts := []slack.Option{slack.OptionHTTPClient(o.httpClient)}
	if cfg.APIURL != "" {
		sopts = append(sopts, slack.OptionAPIURL(cfg.APIURL))
	}
	if cfg.AppToken != "" {
		sopts = append(sopts, slack.OptionAppLevelToken(cfg.AppToken))
	}
	client := slack.New(cfg.BotToken, sopts...)
	return &Adapter{
		cfg:      cfg,
		answerer: a,
		rec:      rec,
		log:      log.With("adapter", Name),
		baseLog:  log,
		opt:      o,
		api:      client,
		client:   client,
		threads:  adapters.NewThreads(0),
		once:     adapters.NewOnce(o.store, answeredTTL, log.With("adapter", Name)),
		pending:  newLRU[pendingPost](pendingPosts),
		warn:     adapters.NewThrottle(warnEvery),
		abort:    make(chan struct{}),
	}, nil
}

// Run serves Slack until ctx is done: it learns the bot's user ID
// (auth.test), then, when an app token is set, holds a Socket Mode
// connection, reconnecting when it drops. While Slack cannot be reached or
// fails (a network error, a 5xx, a 429) Run logs it and tries again with
// backoff, from 1 s doubling to 5 minutes, for as long as it takes. When
// ctx is done it stops taking questions, waits for the replies in flight
// (at most the drain bound, 10 s by default, after which they are
// cancelled) and returns nil.
//
// It returns an error when Slack refuses a token (invalid_auth and other
// answers of Slack's own): a wrong setting is not an outage. It returns
// ErrClosed when called twice. HTTP requests are served by the routes
// Register adds, whether or not Run is running; call Run anyway so that
// shutdown waits for their replies.
func (a *Adapter) Run(ctx context.Context) error {
	a.jobsMu.Lock()
	if a.ran {
		a.jobsMu.Unlock()
		return ErrClosed
	}
	a.ran = true
	a.jobsMu.Unlock()
	defer a.shutdown()

	if err := a.authTest(ctx); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	a.log.InfoContext(ctx, "slack adapter running", "socket_mode", a.cfg.AppToken != "", "http", a.cfg.SigningSecret != "")
	if a.cfg.AppToken == "" {
		<-ctx.Done()
		return nil
	}
	for wait := a.opt.connectWait; ; wait = min(2*wait, maxConnectWait) {
		err := a.runSocketMode(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if refused(err) {
			return err
		}
		a.log.WarnContext(ctx, "slack: socket mode stopped; reconnecting", "wait", wait, "err", err)
		if !sleep(ctx, wait) {
			return nil
		}
	}
}

// authTest learns the bot's user ID, retrying with backoff while Slack
// cannot be reached or fails; it returns the error when Slack refuses the
// token, and ctx's when ctx is done.
func (a *Adapter) authTest(ctx context.Context) error {
	for wait := a.opt.connectWait; ; wait = min(2*wait, maxConnectWait) {
		resp, err := a.api.AuthTestContext(ctx)
		if err == nil {
			a.botUserID.Store(resp.UserID)
			return nil
		}
		err = fmt.Errorf("slack: auth.test: %w", redact(err))
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if refused(err) {
			return err
		}
		if d, ok := retryable(err); ok && d > wait {
			wait = min(d, maxConnectWait)
		}
		a.log.WarnContext(ctx, "slack: cannot reach Slack; retrying, web and other adapters keep serving", "wait", wait, "err", err)
		if !sleep(ctx, wait) {
			return ctx.Err()
		}
	}
}

// refused reports whether err is Slack's own refusal (ok:false with an
// error such as invalid_auth), which retrying cannot mend.
func refused(err error) bool {
	_, ok := errors.AsType[slack.SlackErrorResponse](err)
	return ok
}

// sleep waits for d or for ctx, and reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// shutdown stops new work and waits for the work in flight, within the bound.
func (a *Adapter) shutdown() {
	a.jobsMu.Lock()
	a.closing = true
	a.jobsMu.Unlock()
	done := make(chan struct{})
	go func() { a.jobs.Wait(); close(done) }()
	t := time.NewTimer(a.opt.drain)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
		a.log.Warn("slack: replies still in flight after the drain bound; cancelling them", "drain", a.opt.drain)
		close(a.abort)
		<-done
	}
}

// goJob runs fn in the background with a context that outlives the
// request that started it but ends at the reply timeout or when shutdown
// gives up. It reports false, running nothing, once shutdown has begun.
func (a *Adapter) goJob(parent context.Context, fn func(ctx context.Context)) bool {
	a.jobsMu.Lock()
	if a.closing {
		a.jobsMu.Unlock()
		return false
	}
	a.jobs.Add(1)
	a.jobsMu.Unlock()
	go func() {
		defer a.jobs.Done()
		ctx, cancel := context.WithTimeout(context.WithoutCancel(parent), a.opt.replyTimeout)
		defer cancel()
		go func() {
			select {
			case <-a.abort:
				cancel()
			case <-ctx.Done():
			}
		}()
		fn(ctx)
	}()
	return true
}

// botID returns the bot's user ID once Run has learnt it, "" before. It
// never calls Slack, so an event is acknowledged whatever Slack's API is
// doing.
func (a *Adapter) botID() string {
	id, _ := a.botUserID.Load().(string)
	return id
}

// ask asks the engine through adapters.Ask, so the question is logged and
// counted once.
func (a *Adapter) ask(ctx context.Context, q answer.Question) (answer.Answer, error) {
	if q.Company == "" {
		q.Company = a.cfg.Company
	}
	return adapters.Ask(ctx, a.answerer, a.rec, a.baseLog, Name, q)
}

// post posts msgs to channel (in thread when threadTS is set), retrying
// each after a 429 or 5xx.
func (a *Adapter) post(ctx context.Context, channel, threadTS string, msgs []message) error {
	for _, m := range msgs {
		opts := []slack.MsgOption{slack.MsgOptionText(m.Text, false), slack.MsgOptionBlocks(m.Blocks...)}
		if threadTS != "" {
			opts = append(opts, slack.MsgOptionTS(threadTS))
		}
		err := a.retry(ctx, "chat.postMessage", func() error {
			_, _, err := a.api.PostMessageContext(ctx, channel, opts...)
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// respond sends a message to a slash command's or an interaction's
// response URL, retrying after a 429 or 5xx.
func (a *Adapter) respond(ctx context.Context, responseURL string, m *slack.WebhookMessage) error {
	return a.retry(ctx, "response_url", func() error {
		return slack.PostWebhookCustomHTTPContext(ctx, responseURL, a.opt.httpClient, m)
	})
}

// retry calls fn until it succeeds, fails for a reason a retry cannot
// mend, or has been retried opt.retries times. A 429 waits for its
// Retry-After (at most 30 s); a 5xx waits an exponential backoff.
func (a *Adapter) retry(ctx context.Context, what string, fn func() error) error {
	wait := a.opt.backoff
	for attempt := 0; ; attempt++ {
		err := fn()
		if err == nil {
			return nil
		}
		err = redact(err)
		d, ok := retryable(err)
		if !ok || attempt >= a.opt.retries {
			return fmt.Errorf("slack: %s: %w", what, err)
		}
		d = min(max(d, wait), maxRetryWait)
		wait *= 2
		a.log.WarnContext(ctx, "slack: retrying", "call", what, "attempt", attempt+1, "wait", d, "err", err)
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("slack: %s: %w (gave up: %w)", what, err, ctx.Err())
		case <-t.C:
		}
	}
}

// retryable reports whether err is a 429 (with its Retry-After) or a 5xx.
func retryable(err error) (time.Duration, bool) {
	if rl, ok := errors.AsType[*slack.RateLimitedError](err); ok {
		return rl.RetryAfter, true
	}
	if sc, ok := errors.AsType[slack.StatusCodeError](err); ok {
		return 0, sc.Code == http.StatusTooManyRequests || sc.Code >= 500
	}
	return 0, false
}

// redact drops URLs from transport errors: a response URL is a credential,
// and no token may reach a log or an error.
func redact(err error) error {
	if ue, ok := errors.AsType[*url.Error](err); ok {
		msg := err.Error()
		if i := strings.Index(msg, ue.URL); i >= 0 && ue.URL != "" {
			msg = msg[:i] + "[url]" + msg[i+len(ue.URL):]
		}
		return &redactedError{msg: msg, err: ue.Err}
	}
	return err
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// newKey returns a random key for a pending post.
func newKey() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// lru is a bounded map that forgets the least recently added key. It is
// safe for concurrent use.
type lru[V any] struct {
	mu    sync.Mutex
	max   int
	order *list.List
	items map[string]*list.Element
}

type lruEntry[V any] struct {
	key string
	val V
}

func newLRU[V any](max int) *lru[V] {
	return &lru[V]{max: max, order: list.New(), items: map[string]*list.Element{}}
}

// Add stores v at key and reports whether key was new.
func (l *lru[V]) Add(key string, v V) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if e, ok := l.items[key]; ok {
		e.Value.(*lruEntry[V]).val = v
		return false
	}
	l.items[key] = l.order.PushFront(&lruEntry[V]{key, v})
	for l.order.Len() > l.max {
		old := l.order.Remove(l.order.Back()).(*lruEntry[V])
		delete(l.items, old.key)
	}
	return true
}

// Take removes key and returns its value.
func (l *lru[V]) Take(key string) (V, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.items[key]
	if !ok {
		var zero V
		return zero, false
	}
	l.order.Remove(e)
	delete(l.items, key)
	return e.Value.(*lruEntry[V]).val, true
}
