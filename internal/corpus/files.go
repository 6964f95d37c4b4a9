package corpus

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"

	"github.com/resultsbot/resultsbot/internal/convert"
	"github.com/resultsbot/resultsbot/internal/progress"
)

// DefaultMaxFileSize is the size limit of a Markdown or text file (and of
// the registry) when Options sets none: 8 MiB, several times the longest
// results release or article, and small enough that a file dumped into the
// corpus by mistake cannot exhaust memory (extraction holds many times a
// file's size while it works). Web pages and PDF files have their
// converter's limits by default (convert.MaxHTML, convert.MaxInput): their
// markup and fonts weigh far more than their text.
const DefaultMaxFileSize = 8 << 20

// Errors of single files, wrapped in a *FileError naming the file.
var (
	// ErrTooLarge means a file is larger than Options.MaxFileSize.
	ErrTooLarge = errors.New("too large")
	// ErrNotRegular means a file is not a regular file: a named pipe, a
	// socket or a device, which Load never opens (opening a pipe blocks
	// until something writes to it; a device may never end).
	ErrNotRegular = errors.New("not a regular file")
	// ErrOutside means a file is a symbolic link whose target is outside
	// the corpus folder (or absolute), which Load does not follow.
	ErrOutside = errors.New("symbolic link leads outside the corpus folder")
	// ErrDuplicate means a document's text (after its front matter) is the
	// same as that of a document loaded before it; it is counted once.
	ErrDuplicate = errors.New("duplicate")
)

// Options changes how LoadContext reads a corpus. The zero value is the
// defaults.
type Options struct {
	// MaxFileSize is the largest file, in bytes, that is read, of any
	// type; a larger one is skipped with ErrTooLarge. 0 means the defaults:
	// DefaultMaxFileSize for text, the converter's limit for web pages and
	// PDF files.
	MaxFileSize int64
	// Progress, when set, counts the document files as they are read
	// (progress.Reading); nil counts nothing.
	Progress *progress.Counters
}

// maxFileSize is the size limit of the file at p.
func (o Options) maxFileSize(p string) int64 {
	if o.MaxFileSize > 0 {
		return o.MaxFileSize
	}
	switch strings.ToLower(path.Ext(p)) {
	case ".html", ".htm":
		return convert.MaxHTML
	case ".pdf":
		return convert.MaxInput
	}
	return DefaultMaxFileSize
}

// DirFS returns the directory dir as a file system that, unlike
// os.DirFS, cannot be left: a symbolic link is followed only while its
// target is inside dir (os.Root enforces it at every open). Errors opening
// dir are returned by every call on the result.
func DirFS(dir string) fs.FS {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return dirError{err}
	}
	// The Root stays open for the life of the process, as the directory
	// os.DirFS names does: bot serve rereads it on every reload.
	return root.FS()
}

// dirError is a file system whose every call fails with err.
type dirError struct{ err error }

func (e dirError) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: e.err}
}

// readFile reads the corpus file name, refusing what Load must not open:
// a symbolic link leading out of fsys (ErrOutside), anything but a regular
// file (ErrNotRegular, checked before opening), and a file over max bytes
// (ErrTooLarge, checked before and while reading, so a file that lies
// about its size or grows is cut off too).
func readFile(ctx context.Context, fsys fs.FS, name string, max int64) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := checkLinks(fsys, name); err != nil {
		return nil, err
	}
	fi, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, unwrapPath(err)
	}
	if err := regular(fi, max); err != nil {
		return nil, err
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, unwrapPath(err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil { // the file opened, in case it was swapped since
		if err := regular(fi, max); err != nil {
			return nil, err
		}
	}
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, unwrapPath(err)
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%w: over the limit of %d bytes", ErrTooLarge, max)
	}
	return b, nil
}

// regular checks that fi is a regular file of at most max bytes.
func regular(fi fs.FileInfo, max int64) error {
	m := fi.Mode()
	switch {
	case m.IsRegular():
	case m&fs.ModeNamedPipe != 0:
		return fmt.Errorf("%w: a named pipe", ErrNotRegular)
	case m&fs.ModeSocket != 0:
		return fmt.Errorf("%w: a socket", ErrNotRegular)
	case m&fs.ModeDevice != 0:
		return fmt.Errorf("%w: a device", ErrNotRegular)
	case m.IsDir():
		return fmt.Errorf("%w: a directory", ErrNotRegular)
	default:
		return fmt.Errorf("%w: mode %v", ErrNotRegular, m)
	}
	if fi.Size() > max {
		return fmt.Errorf("%w: %d bytes, over the limit of %d", ErrTooLarge, fi.Size(), max)
	}
	return nil
}

// maxLinks bounds how many symbolic links one path may go through.
const maxLinks = 40

// checkLinks follows every symbolic link in name, component by component,
// and returns ErrOutside when one has an absolute target or a target that
// climbs out of fsys. A file system that cannot read links (embed.FS,
// fstest.MapFS without links) has none to check.
func checkLinks(fsys fs.FS, name string) error {
	rl, ok := fsys.(fs.ReadLinkFS)
	if !ok {
		return nil
	}
	hops := 0
	for {
		next, err := followOne(rl, name, &hops)
		if err != nil {
			return err
		}
		if next == name {
			return nil
		}
		name = next
	}
}

// followOne replaces the first symbolic link among name's components with
// its target and returns the new path; name itself when it has no link.
func followOne(rl fs.ReadLinkFS, name string, hops *int) (string, error) {
	parts := strings.Split(name, "/")
	dir := "."
	for i, part := range parts {
		p := path.Join(dir, part)
		fi, err := rl.Lstat(p)
		if err != nil {
			return "", unwrapPath(err)
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			dir = p
			continue
		}
		if *hops++; *hops > maxLinks {
			return "", fmt.Errorf("%w: more than %d links", ErrOutside, maxLinks)
		}
		target, err := rl.ReadLink(p)
		if err != nil {
			return "", unwrapPath(err)
		}
		if path.IsAbs(target) || strings.HasPrefix(target, `\`) {
			return "", fmt.Errorf("%w: %s", ErrOutside, target)
		}
		joined := path.Join(dir, target, path.Join(parts[i+1:]...))
		if joined == ".." || strings.HasPrefix(joined, "../") {
			return "", fmt.Errorf("%w: %s", ErrOutside, target)
		}
		return joined, nil
	}
	return name, nil
}

// contentKey identifies a document by its text after the front matter, so
// that copies of one document under several names, with or without front
// matter, are known as one.
func contentKey(raw string) [sha256.Size]byte {
	if _, start, _, err := splitFrontMatter(raw); err == nil {
		raw = raw[start:]
	}
	return sha256.Sum256([]byte(strings.TrimSpace(raw)))
}
