package main

import (
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func ls(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// openIndexGens moves a folder bot index made into a generation, follows
// a link to one, removes generations nothing points to, and refuses a
// link it did not make.
func TestOpenIndexGens(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	mkdir := func(t *testing.T, dir string, names ...string) {
		for _, n := range names {
			if err := os.MkdirAll(filepath.Join(dir, n), 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
	tests := []struct {
		name      string
		setup     func(t *testing.T, dir string)
		wantFirst string
		wantLink  string
		wantLs    []string
	}{
		{"empty", func(*testing.T, string) {}, "gen-1", "gen-1/bleve", []string{"bleve"}},
		{"bot index's folder", func(t *testing.T, dir string) {
			mkdir(t, dir, "bleve/store")
		}, "gen-1", "gen-1/bleve", []string{"bleve", "gen-1"}},
		{"a link and leftovers", func(t *testing.T, dir string) {
			mkdir(t, dir, "gen-1/bleve", "gen-3/bleve", "gen-5/bleve", "other")
			if err := os.Symlink("gen-3/bleve", filepath.Join(dir, "bleve")); err != nil {
				t.Fatal(err)
			}
		}, "gen-3", "gen-3/bleve", []string{"bleve", "gen-3", "other"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			tc.setup(t, dir)
			g, first, err := openIndexGens(dir, log)
			if err != nil {
				t.Fatal(err)
			}
			if first != filepath.Join(dir, tc.wantFirst) {
				t.Errorf("first = %s, want %s", first, tc.wantFirst)
			}
			if target, _ := os.Readlink(filepath.Join(dir, "bleve")); target != filepath.FromSlash(tc.wantLink) {
				t.Errorf("bleve -> %s, want %s", target, tc.wantLink)
			}
			if got := ls(t, dir); !slices.Equal(got, tc.wantLs) {
				t.Errorf("folder holds %v, want %v", got, tc.wantLs)
			}
			// The next generation is numbered past every one seen.
			next := g.fresh()
			if _, ok := genNumber(filepath.Base(next)); !ok || slices.Contains(tc.wantLs, filepath.Base(next)) || next == first {
				t.Errorf("fresh = %s", next)
			}
			// Publishing replaces the link; the old generation can go, the
			// published one cannot.
			mkdir(t, next, "bleve")
			if err := g.publish(next); err != nil {
				t.Fatal(err)
			}
			g.remove(next)
			g.remove(first)
			if target, _ := os.Readlink(filepath.Join(dir, "bleve")); target != filepath.Join(filepath.Base(next), "bleve") {
				t.Errorf("after publish: bleve -> %s", target)
			}
			if _, err := os.Stat(next); err != nil {
				t.Errorf("the published generation was removed: %v", err)
			}
			if _, err := os.Stat(first); err == nil {
				t.Errorf("the old generation %s is still there", first)
			}
		})
	}

	dir := t.TempDir()
	if err := os.Symlink("/somewhere/else", filepath.Join(dir, "bleve")); err != nil {
		t.Fatal(err)
	}
	if _, _, err := openIndexGens(dir, log); err == nil {
		t.Error("a link bot serve did not make: no error")
	}
}
