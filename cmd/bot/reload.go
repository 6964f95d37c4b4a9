package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/resultsbot/resultsbot/internal/adapters/web"
	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/lexicon"
	"github.com/resultsbot/resultsbot/internal/progress"
	"github.com/resultsbot/resultsbot/internal/reload"
)

// reloader rebuilds bot serve's engine when the corpus folder changes (or
// on SIGHUP) and swaps it in: reload.Run calls build in a goroutine of its
// own, one at a time, and done in its own goroutine; the fields below the
// line are used by those alone, each build starting after the previous
// done has returned.
type reloader struct {
	m       *Main
	src     source
	fsys    fs.FS // the corpus folder, opened once
	lex     *lexicon.Lexicon
	gens    *indexGens // nil without --index
	engine  *ready     // where questions find the engine
	site    *web.Handler
	metrics *web.Metrics
	log     *slog.Logger

	// ---
	hash     string   // the served corpus's content hash
	registry []error  // its registry problems (answer.Build's)
	docs     []string // its documents' paths, sorted
	status   web.CorpusStatus
}

// rebuilt is what one build made: a new engine, or (l nil) the news that
// the files' content is what is served, with the files skipped now.
type rebuilt struct {
	l        *loaded
	problems []error
}

// started records the corpus loaded at start-up.
func (r *reloader) started(l *loaded, watching bool) {
	now := time.Now()
	r.status = web.CorpusStatus{Changed: now, Checked: now, Watching: watching}
	r.served(l)
	r.site.SetCorpus(r.status)
}

// served records l as the corpus served.
func (r *reloader) served(l *loaded) {
	r.hash, r.registry = l.Corpus.Hash, l.registry
	r.docs = r.docs[:0]
	for _, d := range l.Corpus.Docs {
		r.docs = append(r.docs, d.Path)
	}
	slices.Sort(r.docs)
	r.status.Documents, r.status.Passages, r.status.Facts = len(l.Corpus.Docs), l.passages(), len(l.Facts)
	r.status.Skipped = skippedFiles(l.Problems)
}

// build reads the corpus folder again and, unless its content is what is
// served, builds a new engine, its on-disk index in a new generation.
func (r *reloader) build(ctx context.Context) (*rebuilt, error) {
	pc := &progress.Counters{}
	stop := r.m.startProgress(pc, progress.Options{Job: "reloading", Log: r.log})
	defer stop()
	opt := loadOptions{fsys: r.fsys, lex: r.lex, progress: pc, log: r.log}
	c, problems, err := r.m.readCorpus(ctx, r.src, opt)
	if err != nil {
		return nil, err
	}
	if c.Hash == r.hash {
		return &rebuilt{problems: append(problems, r.registry...)}, nil
	}
	if r.gens != nil {
		opt.indexDir = r.gens.fresh()
	}
	l, err := r.m.build(ctx, r.src, c, problems, opt)
	if err != nil {
		if r.gens != nil {
			r.gens.remove(opt.indexDir)
		}
		return nil, err
	}
	l.indexGen = opt.indexDir
	if r.m.reloadBuilt != nil {
		r.m.reloadBuilt()
	}
	return &rebuilt{l: l, problems: l.Problems}, nil
}

// done takes a build's result: it swaps a new engine in, or records that
// the corpus is unchanged, or that the reload failed and the old corpus
// still serves.
func (r *reloader) done(res reload.Result[*rebuilt]) {
	now := time.Now()
	switch {
	case res.Err != nil && res.Superseded:
		r.metrics.Reload(web.ReloadSuperseded)
		r.log.Info("reload cancelled: a newer change supersedes it", "err", res.Err)
		return
	case res.Err != nil:
		r.metrics.Reload(web.ReloadFailed)
		r.log.Error("reload failed; still serving the previous corpus", "err", res.Err)
		r.status.LastReload = &web.ReloadStatus{At: now, Outcome: web.ReloadFailed, Error: res.Err.Error()}
		r.site.SetCorpus(r.status)
		r.notify(web.ReloadFailed)
		return
	}
	before := r.status.Skipped
	if res.Value.l == nil {
		r.status.Skipped = skippedFiles(res.Value.problems)
		r.status.Checked = now
		r.status.LastReload = &web.ReloadStatus{At: now, Outcome: web.ReloadUnchanged}
		r.logSkipped(before)
		r.metrics.Reload(web.ReloadUnchanged)
		r.log.Info("corpus reloaded: no document changed", "skipped", len(r.status.Skipped))
		r.site.SetCorpus(r.status)
		r.notify(web.ReloadUnchanged)
		return
	}
	l := res.Value.l
	if r.gens != nil {
		if err := r.gens.publish(l.indexGen); err != nil {
			// The on-disk link still names the old index, whose key no
			// longer matches: a restart rebuilds rather than trusting it.
			r.log.Warn("reload: the new index serves, but a restart will rebuild it", "err", err)
		}
	}
	oldDocs := slices.Clone(r.docs)
	r.engine.swap(l)
	r.served(l)
	r.status.Changed, r.status.Checked = now, now
	r.status.LastReload = &web.ReloadStatus{At: now, Outcome: web.ReloadChanged}
	r.logSkipped(before)
	r.metrics.Reload(web.ReloadChanged)
	added, removed := diffSorted(oldDocs, r.docs)
	r.log.Info("corpus reloaded", "documents", r.status.Documents, "passages", r.status.Passages, "facts", r.status.Facts,
		"added", listSome(added), "removed", listSome(removed), "skipped", len(r.status.Skipped))
	r.site.SetCorpus(r.status)
	r.notify(web.ReloadChanged)
}

// notify tells a test that a reload ended.
func (r *reloader) notify(outcome string) {
	if r.m.reloaded != nil {
		r.m.reloaded(outcome)
	}
}

// logSkipped warns about each file skipped now that was not before, with
// its reason, so a broken file added to the folder is named in the log.
func (r *reloader) logSkipped(before []web.SkippedFile) {
	for _, s := range r.status.Skipped {
		if !slices.Contains(before, s) {
			r.log.Warn("skipped a corpus file", "file", s.Path, "reason", s.Reason)
		}
	}
}

// skippedFiles lists problems as files and reasons: a *corpus.FileError
// names its file, anything else is listed under ".".
func skippedFiles(problems []error) []web.SkippedFile {
	out := []web.SkippedFile{}
	for _, p := range problems {
		var fe *corpus.FileError
		if errors.As(p, &fe) {
			out = append(out, web.SkippedFile{Path: fe.Path, Reason: fe.Err.Error()})
			continue
		}
		if errors.Is(p, corpus.ErrEmpty) {
			continue
		}
		out = append(out, web.SkippedFile{Path: ".", Reason: p.Error()})
	}
	return out
}

// diffSorted returns what is in b and not in a, and in a and not in b.
func diffSorted(a, b []string) (added, removed []string) {
	for _, s := range b {
		if _, found := slices.BinarySearch(a, s); !found {
			added = append(added, s)
		}
	}
	for _, s := range a {
		if _, found := slices.BinarySearch(b, s); !found {
			removed = append(removed, s)
		}
	}
	return added, removed
}

// listSome joins up to 10 names for a log line.
func listSome(names []string) string {
	if len(names) > 10 {
		return strings.Join(names[:10], ", ") + fmt.Sprintf(" and %d more", len(names)-10)
	}
	return strings.Join(names, ", ")
}

// watchIgnore returns what the corpus watcher ignores: the index folder,
// when it is inside the corpus folder, so that writing the index does not
// trigger a reload. Both paths are absolute, as the watcher's are.
func watchIgnore(indexDir string) func(string) bool {
	if indexDir == "" {
		return nil
	}
	return func(p string) bool {
		return p == indexDir || strings.HasPrefix(p, indexDir+string(filepath.Separator))
	}
}
