package main

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// indexGens keeps the on-disk index of bot serve --corpus DIR --index DIR
// across reloads. A reload cannot rebuild the index in DIR/bleve while
// questions are answered from it, nor rename that folder while it is open,
// so each build gets a generation folder of its own, DIR/gen-N, and
// DIR/bleve becomes a symbolic link to the current one's index,
// gen-N/bleve. The link is replaced atomically (a new link renamed over
// it) once a new index is complete, and a generation is removed once its
// index is closed. A restart, and bot index or bot ask --index DIR,
// follow the link; an index is trusted only when index.Open finds the
// corpus key it wrote last, so one left half-built by a crash is rebuilt,
// never read.
type indexGens struct {
	dir string
	log *slog.Logger

	mu        sync.Mutex
	next      int    // the next generation's number
	published string // the generation DIR/bleve points to
}

// indexLink is the name index.Open reads under its folder.
const indexLink = "bleve"

// openIndexGens prepares dir for generations and returns them with the
// folder the first load opens its index in. A DIR/bleve that is a folder
// (bot index made it, or an older bot serve) is moved into a generation
// first, while nothing has it open; a link is followed to its generation;
// generations nothing points to (a crash's leftovers) are removed.
func openIndexGens(dir string, log *slog.Logger) (*indexGens, string, error) {
	g := &indexGens{dir: dir, log: log, next: 1}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, "", fmt.Errorf("index: %w", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, "", fmt.Errorf("index: %w", err)
	}
	for _, e := range entries {
		if n, ok := genNumber(e.Name()); ok && n >= g.next {
			g.next = n + 1
		}
	}
	link := filepath.Join(dir, indexLink)
	fi, err := os.Lstat(link)
	var first string
	switch {
	case errors.Is(err, fs.ErrNotExist):
		first = g.fresh()
	case err != nil:
		return nil, "", fmt.Errorf("index: %w", err)
	case fi.Mode()&fs.ModeSymlink != 0:
		target, err := os.Readlink(link)
		gen, ok := strings.CutSuffix(filepath.ToSlash(target), "/"+indexLink)
		if _, isGen := genNumber(gen); err != nil || !ok || !isGen {
			return nil, "", fmt.Errorf("index: %s links to %q, not to a generation gen-N/%s that bot serve made: remove it", link, target, indexLink)
		}
		first = filepath.Join(dir, gen)
	case fi.IsDir():
		first = g.fresh()
		if err := os.MkdirAll(first, 0o755); err != nil {
			return nil, "", fmt.Errorf("index: %w", err)
		}
		if err := os.Rename(link, filepath.Join(first, indexLink)); err != nil {
			return nil, "", fmt.Errorf("index: moving %s into %s: %w", link, first, err)
		}
	default:
		return nil, "", fmt.Errorf("index: %s is not a folder", link)
	}
	if err := g.publish(first); err != nil {
		return nil, "", err
	}
	for _, e := range entries {
		if _, ok := genNumber(e.Name()); ok && filepath.Join(dir, e.Name()) != first {
			g.remove(filepath.Join(dir, e.Name()))
		}
	}
	return g, first, nil
}

// genNumber is N of a generation's name, gen-N.
func genNumber(name string) (int, bool) {
	s, ok := strings.CutPrefix(name, "gen-")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n > 0
}

// fresh returns a new generation folder's path; the build creates it.
func (g *indexGens) fresh() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	gen := filepath.Join(g.dir, "gen-"+strconv.Itoa(g.next))
	g.next++
	return gen
}

// publish points DIR/bleve at gen's index, atomically: a restart sees the
// old generation or the new one, never a mixture.
func (g *indexGens) publish(gen string) error {
	tmp := filepath.Join(g.dir, indexLink+".tmp")
	os.Remove(tmp)
	if err := os.Symlink(filepath.Join(filepath.Base(gen), indexLink), tmp); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(g.dir, indexLink)); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("index: %w", err)
	}
	g.mu.Lock()
	g.published = gen
	g.mu.Unlock()
	return nil
}

// remove deletes gen, unless DIR/bleve points to it. Call it once gen's
// index is closed, or its build failed.
func (g *indexGens) remove(gen string) {
	g.mu.Lock()
	current := gen == g.published
	g.mu.Unlock()
	if current || gen == "" {
		return
	}
	if err := os.RemoveAll(gen); err != nil {
		g.log.Warn("removing an old index", "dir", gen, "err", err)
	}
}
