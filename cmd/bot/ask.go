package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/term"

	"github.com/resultsbot/resultsbot/internal/answer"
	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/facts"
	"github.com/resultsbot/resultsbot/internal/index"
	"github.com/resultsbot/resultsbot/internal/lexicon"
	"github.com/resultsbot/resultsbot/internal/progress"
)

// loaded is a corpus made ready to answer from.
type loaded struct {
	Corpus   *corpus.Corpus
	Facts    []facts.Fact
	Index    *index.Index
	Engine   *answer.Engine
	Lexicon  *lexicon.Lexicon
	Problems []error // files that did not load, each naming the file and the reason
	// registry are the problems of Problems found in the registry by
	// answer.Build; a reload that finds the files unchanged keeps them.
	registry []error
	// indexGen is the generation folder (indexGens) of an on-disk index
	// that bot serve keeps across reloads; "" otherwise.
	indexGen string
}

func (l *loaded) Close() error { return l.Index.Close() }

// passages counts the passages of every document.
func (l *loaded) passages() int {
	n := 0
	for _, d := range l.Corpus.Docs {
		n += len(d.Passages)
	}
	return n
}

// source is where the corpus comes from and how it is read: the flags
// --corpus, --index and --max-file-size, shared by every command.
type source struct {
	dir, indexDir string
	maxFileSize   byteSize
}

// sourceFlags adds --corpus, --index (usage indexUsage) and --max-file-size
// (default from MAX_FILE_SIZE) to fset.
func (m *Main) sourceFlags(fset *flag.FlagSet, indexUsage string) (*source, error) {
	s := &source{} // a size of 0: corpus's defaults for each type
	if env := m.Getenv("MAX_FILE_SIZE"); env != "" {
		if err := s.maxFileSize.Set(env); err != nil {
			return nil, fmt.Errorf("%w: MAX_FILE_SIZE: %v", errUsage, err)
		}
	}
	fset.StringVar(&s.dir, "corpus", "", "read documents from `DIR` (recursively) instead of the embedded corpus")
	fset.StringVar(&s.indexDir, "index", "", indexUsage)
	fset.Var(&s.maxFileSize, "max-file-size", "skip corpus files larger than `SIZE`: bytes, or 512KiB, 8MiB, ... (env MAX_FILE_SIZE; default 8MiB for text, 16MiB for web pages, 64MiB for PDF files)")
	return s, nil
}

// lexicon parses Main.Lexicon, or the embedded lexicon.
func (m *Main) lexicon() (*lexicon.Lexicon, error) {
	if m.Lexicon != nil {
		return lexicon.Parse(m.Lexicon)
	}
	return lexicon.Default()
}

// load reads the lexicon and the corpus (src.dir, or the embedded one when
// it is ""), and builds the engine: facts extracted, the index opened (in
// memory, or reused in src.indexDir while the corpus, the lexicon and the
// rules are unchanged). Problems with single files, and registry segments
// the lexicon disagrees with, are returned in loaded.Problems, not as the
// error; the error is for a corpus that cannot be used at all, or for ctx
// done (loading stops at the next file or document).
func (m *Main) load(ctx context.Context, src source, log *slog.Logger) (*loaded, error) {
	return m.loadWith(ctx, src, loadOptions{log: log})
}

// loadOptions change what load reads and where it counts its progress.
type loadOptions struct {
	fsys     fs.FS              // the corpus; nil: m.corpusFS(src)
	lex      *lexicon.Lexicon   // nil: m.lexicon()
	indexDir string             // overrides src.indexDir when set
	progress *progress.Counters // nil counts nothing
	log      *slog.Logger
}

// corpusFS is the file system of src's corpus: --corpus DIR, else the
// embedded one.
func (m *Main) corpusFS(src source) fs.FS {
	if src.dir != "" {
		return m.DirFS(src.dir)
	}
	return m.Corpus
}

// loadWith is load with opt.
func (m *Main) loadWith(ctx context.Context, src source, opt loadOptions) (*loaded, error) {
	if opt.lex == nil {
		var err error
		if opt.lex, err = m.lexicon(); err != nil {
			return nil, err
		}
	}
	c, problems, err := m.readCorpus(ctx, src, opt)
	if err != nil {
		return nil, err
	}
	return m.build(ctx, src, c, problems, opt)
}

// readCorpus reads the corpus files. The error is ctx done or no document
// loading at all (the problems then say why: each bad file, then
// corpus.ErrEmpty); problems with single files are returned apart.
func (m *Main) readCorpus(ctx context.Context, src source, opt loadOptions) (*corpus.Corpus, []error, error) {
	fsys := opt.fsys
	if fsys == nil {
		fsys = m.corpusFS(src)
	}
	c, problems := corpus.LoadContext(ctx, fsys, corpus.Options{MaxFileSize: int64(src.maxFileSize), Progress: opt.progress})
	if err := ctx.Err(); err != nil {
		return nil, nil, fmt.Errorf("loading stopped: %w", err)
	}
	if c == nil || len(c.Docs) == 0 {
		return nil, nil, errors.Join(problems...)
	}
	return c, problems, nil
}

// build extracts c's facts and opens its index (answer.Build) with
// opt.lex, which must be set.
func (m *Main) build(ctx context.Context, src source, c *corpus.Corpus, problems []error, opt loadOptions) (*loaded, error) {
	lex := opt.lex
	dir := cmp.Or(opt.indexDir, src.indexDir)
	b, err := answer.Build(ctx, c, lex, answer.BuildOptions{IndexDir: dir, Log: opt.log, Progress: opt.progress})
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("loading stopped: %w", err)
		}
		return nil, err
	}
	problems = append(problems, b.Problems...)
	return &loaded{Corpus: c, Facts: b.Facts, Index: b.Index, Engine: b.Engine, Lexicon: lex, Problems: problems, registry: b.Problems}, nil
}

// failures are the problems that mean a file could not be loaded: all but
// files that are not documents (named, not a failure) and duplicates,
// which are loaded once under their first name.
func failures(problems []error) []error {
	var out []error
	for _, p := range problems {
		if !errors.Is(p, corpus.ErrDuplicate) && !errors.Is(p, corpus.ErrUnsupported) {
			out = append(out, p)
		}
	}
	return out
}

// byteSize is a size in bytes given as a number with an optional unit:
// "1048576", "512KiB", "8MiB", "1MB", "2GiB".
type byteSize int64

func (b *byteSize) String() string {
	n := int64(*b)
	for _, u := range []struct {
		name string
		size int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n >= u.size && n%u.size == 0 {
			return strconv.FormatInt(n/u.size, 10) + u.name
		}
	}
	return strconv.FormatInt(n, 10)
}

func (b *byteSize) Set(s string) error {
	t := strings.TrimSpace(s)
	num := strings.TrimRightFunc(t, unicode.IsLetter)
	unit := strings.ToLower(strings.TrimSpace(t[len(num):]))
	mult, ok := map[string]int64{"": 1, "b": 1, "k": 1 << 10, "kb": 1000, "kib": 1 << 10, "m": 1 << 20, "mb": 1000 * 1000, "mib": 1 << 20, "g": 1 << 30, "gb": 1000 * 1000 * 1000, "gib": 1 << 30}[unit]
	n, err := strconv.ParseInt(strings.TrimSpace(num), 10, 64)
	if !ok || err != nil || n <= 0 || n > (1<<62)/mult {
		return fmt.Errorf("%q is not a size: write bytes, or a number with KiB, MiB or GiB (8MiB)", s)
	}
	*b = byteSize(n * mult)
	return nil
}

func (m *Main) ask(ctx context.Context, args []string) error {
	fset := m.flags("ask", "bot ask [--corpus DIR] [--index DIR] [--json] [--explain] [--company NAME] QUESTION")
	src, err := m.sourceFlags(fset, "keep the index in `DIR` and reuse it while the corpus is unchanged")
	if err != nil {
		return err
	}
	asJSON := fset.Bool("json", false, "print the answer as one JSON object")
	company := fset.String("company", "", "the company to assume when the question names none")
	explain := fset.Bool("explain", false, "also print how the answer was chosen: the question as understood, the candidates considered and the features that decided")
	if err := parse(fset, args); err != nil {
		return err
	}
	q := strings.Join(fset.Args(), " ")
	if strings.TrimSpace(q) == "" {
		return fmt.Errorf("%w: no question (try: bot ask \"what was cloud revenue growth?\")", errUsage)
	}
	log := slog.New(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	l, err := m.load(ctx, *src, log)
	if err != nil {
		return err
	}
	defer l.Close()
	for _, p := range l.Problems {
		fmt.Fprintf(m.Stderr, "warning: skipped %v\n", p)
	}
	ans, err := l.Engine.Answer(ctx, answer.Question{Text: q, Company: *company, Explain: *explain})
	if errors.Is(err, answer.ErrEmptyQuestion) {
		return fmt.Errorf("%w: the question has no words in it", errUsage)
	}
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(m.Stdout, ans)
	}
	writePlain(m.Stdout, ans)
	return nil
}

func writeJSON(w io.Writer, ans answer.Answer) error {
	if ans.Facts == nil {
		ans.Facts = []facts.Fact{}
	}
	if ans.Citations == nil {
		ans.Citations = []answer.Citation{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(ans)
}

// writePlain prints the answer, then numbered citations:
//
//	[1] title, publisher, date, p. 4: "quote"
//	[2] title, publisher, date (table row, column "Q4 2025"):
//	    header "| (in millions) | Q4 2025 | Q4 2024 |"
//	    row    "| Revenue | $ 4,210 | $ 3,760 |"
//
// A table row's header line(s) and the row each get a line of their own,
// so that the column can be read off above the figure.
func writePlain(w io.Writer, ans answer.Answer) {
	fmt.Fprintln(w, ans.Text)
	if len(ans.Citations) > 0 {
		fmt.Fprintln(w)
	}
	for i, c := range ans.Citations {
		writeCitation(w, i+1, c)
	}
	if !ans.Answered && len(ans.Suggestions) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "You could ask:")
		for _, s := range ans.Suggestions {
			fmt.Fprintf(w, "  - %s\n", s)
		}
	}
	if ans.Explain != nil {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "How it was chosen:")
		fmt.Fprint(w, ans.Explain.String())
	}
}

// writeCitation prints citation n as writePlain shows it.
func writeCitation(w io.Writer, n int, c answer.Citation) {
	parts := []string{}
	for _, s := range []string{c.Title, c.Publisher, c.Published} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if c.Page > 0 {
		parts = append(parts, "p. "+strconv.Itoa(c.Page))
	}
	head := fmt.Sprintf("[%d] %s", n, strings.Join(parts, ", "))
	if len(c.Header) == 0 && c.Column == "" {
		fmt.Fprintf(w, "%s: %q\n", head, c.Quote)
		return
	}
	if c.Column != "" {
		fmt.Fprintf(w, "%s (table row, column %q):\n", head, c.Column)
	} else {
		fmt.Fprintf(w, "%s (table row):\n", head)
	}
	for _, h := range c.Header {
		fmt.Fprintf(w, "    header %q\n", h.Quote)
	}
	fmt.Fprintf(w, "    row    %q\n", c.Quote)
}

func (m *Main) index(ctx context.Context, args []string) error {
	fset := m.flags("index", "bot index [--corpus DIR] --index DIR")
	src, err := m.sourceFlags(fset, "build the index in `DIR` (required)")
	if err != nil {
		return err
	}
	if err := parse(fset, args); err != nil {
		return err
	}
	if src.indexDir == "" {
		return fmt.Errorf("%w: --index DIR is required", errUsage)
	}
	if fset.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %q", errUsage, fset.Args())
	}
	// Progress goes to stderr, the report below to stdout.
	pc := &progress.Counters{}
	stop := m.startProgress(pc, progress.Options{Job: "indexing", Out: m.Stderr, TTY: isTerminal(m.Stderr)})
	l, err := m.loadWith(ctx, *src, loadOptions{log: slog.New(slog.DiscardHandler), progress: pc})
	stop()
	if err != nil {
		return err
	}
	defer l.Close()
	passages := 0
	for _, d := range l.Corpus.Docs {
		passages += len(d.Passages)
	}
	state := "built"
	if !l.Index.Built() {
		state = "reused (corpus unchanged)"
	}
	fmt.Fprintf(m.Stdout, "loaded %d documents, %d passages, %d facts; index %s in %s\n",
		len(l.Corpus.Docs), passages, len(l.Facts), state, src.indexDir)
	for _, d := range l.Corpus.Docs {
		fmt.Fprintf(m.Stdout, "  %s: %d passages\n", d.Path, len(d.Passages))
	}
	if len(l.Problems) > 0 {
		fmt.Fprintf(m.Stdout, "skipped %d files:\n", len(l.Problems))
		for _, p := range l.Problems {
			fmt.Fprintf(m.Stdout, "  %v\n", p)
		}
		if failed := failures(l.Problems); len(failed) > 0 {
			return fmt.Errorf("%d files could not be loaded", len(failed))
		}
	}
	return nil
}

// startProgress shows c's progress as opt says, with Main's clock.
func (m *Main) startProgress(c *progress.Counters, opt progress.Options) (stop func()) {
	opt.Now = m.progressNow
	return progress.Start(c, opt)
}

// isTerminal reports whether w is a terminal, where progress is one line
// rewritten in place rather than a line every few seconds.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
