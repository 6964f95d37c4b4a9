package reload

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// WatchOptions configure Watch.
type WatchOptions struct {
	// Quiet is how long the folder must be quiet after a change before
	// the trigger; DefaultQuiet when 0.
	Quiet time.Duration
	// MaxDelay bounds how long a burst of changes can put the trigger
	// off; 10 × Quiet when 0.
	MaxDelay time.Duration
	// Ignore reports paths whose changes do not matter (and folders not
	// to watch); nil ignores nothing. Names starting with "." or "_" are
	// ignored anyway, as the corpus loader skips them.
	Ignore func(path string) bool
	// Log receives what the watcher does; nil discards.
	Log *slog.Logger
}

// DefaultQuiet is WatchOptions.Quiet's default.
const DefaultQuiet = time.Second

// Watcher watches a folder and its subfolders, including those created
// later, and sends on C after a change once the folder has been quiet for
// WatchOptions.Quiet (a burst of changes, as a copy of many files makes,
// sends once). C has room for one trigger: triggers not yet taken merge.
type Watcher struct {
	C <-chan struct{}

	c     chan struct{}
	fsn   *fsnotify.Watcher
	root  string
	opt   WatchOptions
	log   *slog.Logger
	limit bool // a watch could not be added: reported once
}

// Watch starts watching root and every folder under it (links to folders
// are not followed). The error is the watcher failing to start (no
// inotify, or the folder missing); a subfolder that cannot be watched is
// logged. Run delivers the triggers; Close stops the watcher.
func Watch(root string, opt WatchOptions) (*Watcher, error) {
	if opt.Quiet <= 0 {
		opt.Quiet = DefaultQuiet
	}
	if opt.MaxDelay <= 0 {
		opt.MaxDelay = 10 * opt.Quiet
	}
	log := opt.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	fsn, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	c := make(chan struct{}, 1)
	w := &Watcher{C: c, c: c, fsn: fsn, root: filepath.Clean(root), opt: opt, log: log}
	if err := fsn.Add(w.root); err != nil {
		fsn.Close()
		return nil, err
	}
	w.addTree(w.root, false)
	return w, nil
}

// Folders is how many folders are watched.
func (w *Watcher) Folders() int { return len(w.fsn.WatchList()) }

// Close stops watching; Run returns. Run closes the watcher itself when
// its context is done: Close is for a watcher that is not run.
func (w *Watcher) Close() error { return w.fsn.Close() }

// ignored reports whether changes at path are of no interest.
func (w *Watcher) ignored(path string) bool {
	if path == w.root {
		return false
	}
	if name := filepath.Base(path); strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
		return true
	}
	return w.opt.Ignore != nil && w.opt.Ignore(path)
}

// addTree watches the folders under dir (and dir itself when self).
func (w *Watcher) addTree(dir string, self bool) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil // a folder that went away, or cannot be read: the reload names it
		}
		if p == dir && !self {
			return nil
		}
		if w.ignored(p) {
			return fs.SkipDir
		}
		if err := w.fsn.Add(p); err != nil {
			if !w.limit {
				w.limit = true
				w.log.Warn("cannot watch a folder for changes; send SIGHUP to reload after changing it (on Linux, fs.inotify.max_user_watches may be too low)", "folder", p, "err", err)
			}
			return fs.SkipDir
		}
		return nil
	})
}

// Run delivers triggers on C until ctx is done; then it returns, and the
// watcher is closed.
func (w *Watcher) Run(ctx context.Context) {
	defer w.Close()
	var d debounce
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.fsn.Events:
			if !ok {
				return
			}
			if ev.Op == fsnotify.Chmod || w.ignored(ev.Name) {
				continue
			}
			w.log.Debug("corpus folder changed", "event", ev.String())
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
					w.addTree(ev.Name, true)
				}
			}
			timer.Reset(d.event(time.Now(), w.opt.Quiet, w.opt.MaxDelay))
		case err, ok := <-w.fsn.Errors:
			if !ok {
				return
			}
			// An overflow means changes were missed: reload to catch up.
			w.log.Warn("watching the corpus folder", "err", err)
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				timer.Reset(d.event(time.Now(), w.opt.Quiet, w.opt.MaxDelay))
			}
		case <-timer.C:
			d.fired()
			select {
			case w.c <- struct{}{}:
			default: // one is waiting already
			}
		}
	}
}

// debounce decides when a burst of changes fires: Quiet after the last
// change, but no later than MaxDelay after the first of the burst.
type debounce struct {
	pending bool
	first   time.Time
}

// event records a change at now and returns how long to wait before
// firing.
func (d *debounce) event(now time.Time, quiet, maxDelay time.Duration) time.Duration {
	if !d.pending {
		d.pending, d.first = true, now
	}
	return max(min(quiet, d.first.Add(maxDelay).Sub(now)), 0)
}

// fired ends the burst.
func (d *debounce) fired() { d.pending = false }
