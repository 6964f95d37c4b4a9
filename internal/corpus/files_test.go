package corpus

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/resultsbot/resultsbot/internal/convert"
)

// hangGuard bounds a load that should return at once, so that a bug fails
// the test rather than hanging it; it is not a performance assertion.
const hangGuard = 30 * time.Second

// loadGuarded runs LoadContext on another goroutine and fails the test if
// it does not return within hangGuard.
func loadGuarded(t *testing.T, ctx context.Context, fsys fs.FS, opt Options) (*Corpus, []error) {
	t.Helper()
	type result struct {
		c    *Corpus
		errs []error
	}
	done := make(chan result, 1)
	go func() {
		c, errs := LoadContext(ctx, fsys, opt)
		done <- result{c, errs}
	}()
	select {
	case r := <-done:
		return r.c, r.errs
	case <-time.After(hangGuard):
		t.Fatalf("Load did not return")
		return nil, nil
	}
}

// problems maps each problem's path to its error.
func problems(errs []error) map[string]error {
	m := map[string]error{}
	for _, err := range errs {
		var fe *FileError
		if errors.As(err, &fe) {
			m[fe.Path] = fe
		}
	}
	return m
}

func writeFile(t *testing.T, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A corpus folder holding a named pipe, links to a device and to a file
// outside it, and a link that stays inside: the pipe and the devices are
// not opened (opening a pipe blocks for ever, reading /dev/zero never
// ends), the links out are refused, each named with the reason, and the
// rest loads (issue 15, items 3 and 6).
func TestLoadSpecialFiles(t *testing.T) {
	for _, dirFS := range []struct {
		name string
		open func(t *testing.T, dir string) fs.FS
	}{
		{"os.DirFS", func(t *testing.T, dir string) fs.FS { return os.DirFS(dir) }},
		{"DirFS", func(t *testing.T, dir string) fs.FS { return DirFS(dir) }},
	} {
		t.Run(dirFS.name, func(t *testing.T) {
			outside := t.TempDir()
			secret := filepath.Join(outside, "secret.md")
			writeFile(t, secret, "The secret is 42.\n")
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "good.md"), "Good news\n\nRevenue rose 5%.\n")
			writeFile(t, filepath.Join(dir, "sub", "real.md"), "Real news\n\nProfit rose 7%.\n")
			if err := syscall.Mkfifo(filepath.Join(dir, "pipe.md"), 0o644); err != nil {
				t.Skipf("no named pipes here: %v", err)
			}
			links := map[string]string{
				"leak.md":    secret,                                                   // absolute, outside
				"up.md":      filepath.Join("..", filepath.Base(outside), "secret.md"), // relative, outside
				"zero.md":    "/dev/zero",                                              // a device
				"inside.md":  filepath.Join("sub", "real.md"),                          // stays inside: fine
				"sub/via.md": filepath.Join("..", "leak.md"),                           // inside, then out
			}
			for name, target := range links {
				if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
					t.Fatal(err)
				}
			}
			c, errs := loadGuarded(t, context.Background(), dirFS.open(t, dir), Options{})
			var paths []string
			for _, d := range c.Docs {
				paths = append(paths, d.Path)
				if strings.Contains(d.Raw, "secret") {
					t.Errorf("%s: loaded a file from outside the corpus folder", d.Path)
				}
			}
			if got, want := strings.Join(paths, " "), "good.md inside.md"; got != want {
				t.Errorf("loaded %s, want %s", got, want)
			}
			got := problems(errs)
			for name, want := range map[string]error{
				"pipe.md": ErrNotRegular, "leak.md": ErrOutside, "up.md": ErrOutside, "zero.md": ErrOutside, "sub/via.md": ErrOutside,
				"sub/real.md": ErrDuplicate,
			} {
				if err := got[name]; err == nil {
					t.Errorf("%s: no problem reported, want %v", name, want)
				} else if !errors.Is(err, want) {
					t.Errorf("%s: problem %v, want %v", name, err, want)
				} else if !strings.HasPrefix(err.Error(), name+": ") {
					t.Errorf("problem %q does not start with the file's name", err)
				}
			}
			if len(got) != 6 {
				t.Errorf("problems: %v, want six", errs)
			}
		})
	}
}

// endless is a file system of one file that says it is small but never
// ends, as a file growing while it is read would.
type endless struct{}

func (endless) Open(name string) (fs.File, error) {
	switch name {
	case ".":
		return &endlessDir{}, nil
	case "grow.md":
		return &endlessFile{}, nil
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

type endlessDir struct{ done bool }

func (d *endlessDir) Stat() (fs.FileInfo, error) { return fileInfo{name: ".", mode: fs.ModeDir}, nil }
func (d *endlessDir) Read([]byte) (int, error)   { return 0, io.EOF }
func (d *endlessDir) Close() error               { return nil }
func (d *endlessDir) ReadDir(int) ([]fs.DirEntry, error) {
	if d.done {
		return nil, io.EOF
	}
	d.done = true
	return []fs.DirEntry{fs.FileInfoToDirEntry(fileInfo{name: "grow.md"})}, nil
}

type endlessFile struct{}

func (endlessFile) Stat() (fs.FileInfo, error) { return fileInfo{name: "grow.md"}, nil }
func (endlessFile) Close() error               { return nil }
func (endlessFile) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	return len(p), nil
}

type fileInfo struct {
	name string
	mode fs.FileMode
}

func (f fileInfo) Name() string       { return f.name }
func (f fileInfo) Size() int64        { return 10 }
func (f fileInfo) Mode() fs.FileMode  { return f.mode }
func (f fileInfo) ModTime() time.Time { return time.Time{} }
func (f fileInfo) IsDir() bool        { return f.mode.IsDir() }
func (f fileInfo) Sys() any           { return nil }

// A file over the size limit is skipped and named, whether its size shows
// before it is read or only while it is read (issue 15, item 4).
func TestLoadSizeLimit(t *testing.T) {
	fsys := fstest.MapFS{
		"small.md": file("Small news\n\nRevenue rose 5%.\n"),
		"big.md":   file("Big news\n\n" + strings.Repeat("Revenue rose 5%.\n", 100)),
	}
	c, errs := loadGuarded(t, context.Background(), fsys, Options{MaxFileSize: 1000})
	if len(c.Docs) != 1 || c.Docs[0].Path != "small.md" {
		t.Errorf("loaded %d documents, want small.md alone", len(c.Docs))
	}
	if err := problems(errs)["big.md"]; !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "1000") {
		t.Errorf("big.md: problem %v, want ErrTooLarge naming the limit", err)
	}

	_, errs = loadGuarded(t, context.Background(), endless{}, Options{MaxFileSize: 1 << 20})
	if err := problems(errs)["grow.md"]; !errors.Is(err, ErrTooLarge) {
		t.Errorf("grow.md: problem %v, want ErrTooLarge", err)
	}

	if DefaultMaxFileSize < 1<<20 {
		t.Errorf("DefaultMaxFileSize = %d, want room for a long results release", DefaultMaxFileSize)
	}
}

// cancelling is a file system that cancels a context when a document is
// opened, as a SIGTERM arriving while the corpus loads would, and counts
// the documents opened.
type cancelling struct {
	fstest.MapFS
	cancel context.CancelFunc
	opened *int
}

func (c cancelling) Open(name string) (fs.File, error) {
	if strings.HasSuffix(name, ".md") {
		*c.opened++
		c.cancel()
	}
	return c.MapFS.Open(name)
}

// Cancelling the context stops loading: no file is opened after it, and
// the problems end with the context's error (issue 15, item 5).
func TestLoadCancel(t *testing.T) {
	fsys := fstest.MapFS{}
	for _, n := range []string{"a", "b", "c", "d"} {
		fsys[n+".md"] = file(n + " news\n\nRevenue rose 5%.\n")
	}
	ctx, cancel := context.WithCancel(context.Background())
	opened := 0
	_, errs := loadGuarded(t, ctx, cancelling{fsys, cancel, &opened}, Options{})
	if opened != 1 {
		t.Errorf("opened %d documents, want 1: loading went on after cancellation", opened)
	}
	if len(errs) == 0 || !errors.Is(errs[len(errs)-1], context.Canceled) {
		t.Errorf("problems %v, want context.Canceled last", errs)
	}
}

// The same document under several names is loaded once: the first name in
// path order is kept and the others are named as duplicates of it, front
// matter aside (issue 15, item 11).
func TestLoadDuplicates(t *testing.T) {
	body := "Cloud grows\n\nCloud revenue rose 34% to 39.8 billion yuan.\n"
	fsys := fstest.MapFS{
		"a/one.md":   file(body),
		"b/two.md":   file(body),
		"c/three.md": file("---\ntitle: Cloud grows\npublished: 2025-11-25\n---\n" + body),
		"d/other.md": file("Other news\n\nRevenue rose 5%.\n"),
	}
	c, errs := loadGuarded(t, context.Background(), fsys, Options{})
	var paths []string
	for _, d := range c.Docs {
		paths = append(paths, d.Path)
	}
	if got, want := strings.Join(paths, " "), "a/one.md d/other.md"; got != want {
		t.Errorf("loaded %s, want %s", got, want)
	}
	got := problems(errs)
	for _, name := range []string{"b/two.md", "c/three.md"} {
		if err := got[name]; !errors.Is(err, ErrDuplicate) || !strings.Contains(err.Error(), "a/one.md") {
			t.Errorf("%s: problem %v, want ErrDuplicate naming a/one.md", name, err)
		}
	}
	if len(errs) != 2 {
		t.Errorf("problems %v, want the two duplicates", errs)
	}
}

// Web pages and PDF files keep their converter's larger limits unless a
// limit is set; a limit set applies to every file.
func TestMaxFileSizeByType(t *testing.T) {
	for _, tt := range []struct {
		set  int64
		path string
		want int64
	}{
		{0, "a.md", DefaultMaxFileSize},
		{0, "a.TXT", DefaultMaxFileSize},
		{0, "a.html", convert.MaxHTML},
		{0, "a.pdf", convert.MaxInput},
		{1 << 20, "a.pdf", 1 << 20},
		{1 << 20, "a.md", 1 << 20},
	} {
		if got := (Options{MaxFileSize: tt.set}).maxFileSize(tt.path); got != tt.want {
			t.Errorf("Options{%d}.maxFileSize(%q) = %d, want %d", tt.set, tt.path, got, tt.want)
		}
	}
}
