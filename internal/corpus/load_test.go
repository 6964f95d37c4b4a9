package corpus

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/resultsbot/resultsbot/internal/period"
)

const testRegistry = `
- name: Alibaba Group Holding
  short: Alibaba
  aliases: [Alibaba Group, BABA]
  tickers: [NYSE:BABA, HKEX:9988]
  fiscal_year_end: "03-31"
- name: Tencent Holdings
  short: Tencent
  tickers: [HKEX:0700]
`

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

func TestLoadFrontMatter(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Meta
	}{
		{"full", "---\ntitle: Cloud grows\ncompany: Alibaba Group Holding\ntickers: [NYSE:BABA]\npublisher: WebProNews\npublished: 2025-11-25\nurl: https://example.com/a\nperiod: quarter ended 2025-09-30\n---\nRevenue rose.\n",
			Meta{Title: "Cloud grows", Company: "Alibaba Group Holding", Tickers: []string{"NYSE:BABA"}, Publisher: "WebProNews",
				Published: period.Date(2025, 11, 25), URL: "https://example.com/a", Period: period.QuarterEnding(2025, 9),
				FiscalYearEnd: period.FiscalYearEnd{Month: 3, Day: 31}}},
		{"alias becomes the registry name, tickers from registry", "---\ntitle: T\ncompany: alibaba group\n---\nText.",
			Meta{Title: "T", Company: "Alibaba Group Holding", Tickers: []string{"NYSE:BABA", "HKEX:9988"}, FiscalYearEnd: period.FiscalYearEnd{Month: 3, Day: 31}}},
		{"own fiscal year end wins", "---\ntitle: T\ncompany: Alibaba\nfiscal_year_end: \"06-30\"\n---\nText.",
			Meta{Title: "T", Company: "Alibaba Group Holding", Tickers: []string{"NYSE:BABA", "HKEX:9988"}, FiscalYearEnd: period.FiscalYearEnd{Month: 6, Day: 30}}},
		{"unknown company kept", "---\ntitle: T\ncompany: Acme Widgets\ntickers: [NYSE:ACME]\n---\nText.",
			Meta{Title: "T", Company: "Acme Widgets", Tickers: []string{"NYSE:ACME"}}},
		{"no title: first line", "---\ncompany: Tencent\n---\n\n# Tencent results\n\nText.",
			Meta{Title: "Tencent results", Company: "Tencent Holdings", Tickers: []string{"HKEX:0700"}}},
		{"quoted date and calendar-quarter period", "---\ntitle: T\npublished: \"2025-02-20\"\nperiod: 2024-Q4\n---\nText.",
			Meta{Title: "T", Published: period.Date(2025, 2, 20), Period: period.QuarterEnding(2024, 12)}},
		{"CRLF and BOM", "\uFEFF---\r\ntitle: T\r\n---\r\nText.\r\n", Meta{Title: "T"}},
		{"empty front matter", "---\n---\nHeadline\n\nText.", Meta{Title: "Headline"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, errs := Load(fstest.MapFS{"companies.yaml": file(testRegistry), "d.md": file(tt.in)})
			if len(errs) > 0 {
				t.Fatalf("Load(%q): errors %v", tt.in, errs)
			}
			got := c.Docs[0].Meta
			if !metaEqual(got, tt.want) {
				t.Errorf("Load(%q) meta\n got %+v\nwant %+v", tt.in, got, tt.want)
			}
			for _, p := range c.Docs[0].Passages {
				if strings.Contains(p.Text, "title:") || strings.Contains(p.Text, "---") {
					t.Errorf("Load(%q): passage %q comes from the front matter", tt.in, p.Text)
				}
			}
		})
	}
}

func metaEqual(a, b Meta) bool {
	return a.Title == b.Title && a.Company == b.Company && slices.Equal(a.Tickers, b.Tickers) &&
		a.Publisher == b.Publisher && a.Published.Equal(b.Published) && a.URL == b.URL &&
		a.Period == b.Period && a.FiscalYearEnd == b.FiscalYearEnd
}

func TestLoadNoFrontMatter(t *testing.T) {
	tests := []struct {
		name string
		path string
		in   string
		want Meta
	}{
		{"markdown headline, company by most mentions", "notes/2025-08-13-tencent.md",
			"# Tencent beats estimates\n\nTencent said revenue rose. Alibaba was not mentioned by Tencent.\n",
			Meta{Title: "Tencent beats estimates", Company: "Tencent Holdings", Tickers: []string{"HKEX:0700"}, Published: period.Date(2025, 8, 13)}},
		{"plain text, ticker counts", "a.txt",
			"BABA rallied\n\nShares of BABA rose after Alibaba Group results.\n",
			Meta{Title: "BABA rallied", Company: "Alibaba Group Holding", Tickers: []string{"NYSE:BABA", "HKEX:9988"}, FiscalYearEnd: period.FiscalYearEnd{Month: 3, Day: 31}}},
		{"no known company", "b.txt", "Widgets rose.\n", Meta{Title: "Widgets rose."}},
		{"word boundaries: Alibabas is not Alibaba", "c.txt", "Alibabas everywhere.", Meta{Title: "Alibabas everywhere."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, errs := Load(fstest.MapFS{"companies.yaml": file(testRegistry), tt.path: file(tt.in)})
			if len(errs) > 0 {
				t.Fatalf("Load(%q): errors %v", tt.in, errs)
			}
			if got := c.Docs[0].Meta; !metaEqual(got, tt.want) {
				t.Errorf("Load(%q) meta\n got %+v\nwant %+v", tt.in, got, tt.want)
			}
			if !c.Docs[0].Meta.Period.IsZero() {
				t.Errorf("Load(%q): period %v, want unknown", tt.in, c.Docs[0].Meta.Period)
			}
		})
	}
}

// TestLoadSkips: README files, dotfiles and _files are skipped silently;
// every other file is loaded or named as an unsupported type.
func TestLoadSkips(t *testing.T) {
	fsys := fstest.MapFS{
		"a.md":             file("A."),
		"sub/deep/b.TXT":   file("B."),
		"README.md":        file("Read me."),
		"sub/readme.txt":   file("Read me."),
		".hidden.md":       file("Hidden."),
		"_drafts/c.md":     file("Draft."),
		".git/x.md":        file("Git."),
		"sub/_notes.md":    file("Notes."),
		"logo.png":         file("\x89PNG\x00"),
		"data.csv":         file("a,b"),
		"sub/report.docx":  file("PK\x03\x04"),
		"sub/Makefile":     file("all:"),
		"sub/page.html":    file("<p>Revenue rose.</p>"),
		"sub/companies.md": file("Companies."),
	}
	c, errs := Load(fsys)
	var named []string
	for _, err := range errs {
		var fe *FileError
		if !errors.As(err, &fe) || !errors.Is(err, ErrUnsupported) {
			t.Errorf("Load: error %v, want only *FileError wrapping ErrUnsupported", err)
			continue
		}
		named = append(named, fe.Path)
	}
	slices.Sort(named)
	if want := []string{"data.csv", "logo.png", "sub/Makefile", "sub/report.docx"}; !slices.Equal(named, want) {
		t.Errorf("Load: unsupported files named %q, want %q", named, want)
	}
	var got []string
	for _, d := range c.Docs {
		got = append(got, d.Path)
	}
	want := []string{"a.md", "sub/companies.md", "sub/deep/b.TXT", "sub/page.html"}
	if !slices.Equal(got, want) {
		t.Errorf("Load(%v) docs = %q, want %q", slices.Sorted(mapKeys(fsys)), got, want)
	}
}

func mapKeys(m fstest.MapFS) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// errFS fails to open one file, as an unreadable file on disk does.
type errFS struct {
	fstest.MapFS
	bad string
}

func (f errFS) Open(name string) (fs.File, error) {
	if name == f.bad {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return f.MapFS.Open(name)
}

func (f errFS) ReadFile(name string) ([]byte, error) {
	if name == f.bad {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrPermission}
	}
	return f.MapFS.ReadFile(name)
}

func TestLoadBroken(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    error  // errors.Is target
		msg     string // in Error()
	}{
		{"bad YAML", "---\ntitle: [unclosed\n---\nText.", ErrFrontMatter, "bad.md: front matter: yaml: "},
		{"no closing line", "---\ntitle: T\nText.", ErrFrontMatter, "no closing ---"},
		{"bad published date", "---\npublished: 25/11/2025\n---\nText.", ErrFrontMatter, `published: "25/11/2025"`},
		{"bad period", "---\nperiod: Q3\n---\nText.", ErrFrontMatter, "period:"},
		{"bad currency", "---\ncurrency: yen\n---\nText.", ErrFrontMatter, "currency:"},
		{"bad fiscal year end", "---\nfiscal_year_end: spring\n---\nText.", ErrFrontMatter, "fiscal_year_end"},
		{"wrong type", "---\ntickers: {a: b}\n---\nText.", ErrFrontMatter, "yaml:"},
		{"binary", "PK\x03\x04\x00\x00binary", ErrNotText, "NUL byte at offset 4"},
		{"invalid UTF-8", "Revenue \xff\xfe rose.", ErrNotText, "invalid UTF-8 at offset 8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, errs := Load(fstest.MapFS{"bad.md": file(tt.content), "good.md": file("Revenue rose.")})
			if len(errs) != 1 {
				t.Fatalf("Load(%q): errors %v, want one", tt.content, errs)
			}
			var fe *FileError
			if !errors.As(errs[0], &fe) || fe.Path != "bad.md" {
				t.Errorf("Load(%q): error %v, want a *FileError for bad.md", tt.content, errs[0])
			}
			if !errors.Is(errs[0], tt.want) {
				t.Errorf("Load(%q): error %v, want errors.Is %v", tt.content, errs[0], tt.want)
			}
			if !strings.Contains(errs[0].Error(), tt.msg) {
				t.Errorf("Load(%q): error %q, want it to contain %q", tt.content, errs[0], tt.msg)
			}
			if len(c.Docs) != 1 || c.Docs[0].Path != "good.md" {
				t.Errorf("Load(%q): docs %v, want good.md still loaded", tt.content, c.Docs)
			}
		})
	}
}

func TestLoadUnreadable(t *testing.T) {
	fsys := errFS{MapFS: fstest.MapFS{"secret.md": file("S."), "good.md": file("G.")}, bad: "secret.md"}
	c, errs := Load(fsys)
	if len(errs) != 1 || !errors.Is(errs[0], fs.ErrPermission) || !strings.HasPrefix(errs[0].Error(), "secret.md: ") {
		t.Errorf("Load(unreadable secret.md): errors %v, want one naming secret.md wrapping fs.ErrPermission", errs)
	}
	if len(c.Docs) != 1 {
		t.Errorf("Load(unreadable secret.md): %d docs, want good.md", len(c.Docs))
	}
}

func TestLoadEmpty(t *testing.T) {
	tests := []struct {
		name string
		fsys fstest.MapFS
	}{
		{"nothing", fstest.MapFS{}},
		{"registry only", fstest.MapFS{"companies.yaml": file(testRegistry)}},
		{"only skipped files", fstest.MapFS{"README.md": file("x"), "a.pdf": file("x")}},
		{"only broken files", fstest.MapFS{"a.md": file("\x00")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, errs := Load(tt.fsys)
			if c == nil || len(errs) == 0 || !errors.Is(errs[len(errs)-1], ErrEmpty) {
				t.Errorf("Load(%v) = %v, %v; want a corpus and errors ending in ErrEmpty", tt.fsys, c, errs)
			}
		})
	}
}

func TestLoadRegistry(t *testing.T) {
	t.Run("does not parse", func(t *testing.T) {
		c, errs := Load(fstest.MapFS{"companies.yaml": file("- name: [x\n"), "a.md": file("---\ncompany: Alibaba\n---\nA.")})
		if len(errs) != 1 || !errors.Is(errs[0], ErrRegistry) || !strings.HasPrefix(errs[0].Error(), "companies.yaml: company registry: yaml: ") {
			t.Errorf("Load(bad registry): errors %v, want one ErrRegistry naming companies.yaml", errs)
		}
		if len(c.Docs) != 1 {
			t.Errorf("Load(bad registry): documents did not load")
		}
		if _, ok := c.Company("Alibaba"); !ok {
			t.Errorf("Load(bad registry): company named in front matter not listed")
		}
	})
	t.Run("bad entry kept", func(t *testing.T) {
		c, errs := Load(fstest.MapFS{"companies.yaml": file("- name: X\n  fiscal_year_end: soon\n- short: nameless\n"), "a.md": file("A.")})
		if len(errs) != 1 || !errors.Is(errs[0], ErrRegistry) {
			t.Errorf("Load(bad entries): errors %v, want one ErrRegistry", errs)
		}
		if len(c.Companies) != 1 || c.Companies[0].Name != "X" {
			t.Errorf("Load(bad entries): companies %+v, want X only", c.Companies)
		}
	})
}

func TestCompanyLookup(t *testing.T) {
	c, _ := Load(fstest.MapFS{"companies.yaml": file(testRegistry), "a.md": file("A.")})
	tests := []struct {
		in   string
		want string // "" for unknown
	}{
		{"Alibaba Group Holding", "Alibaba Group Holding"},
		{"alibaba", "Alibaba Group Holding"},
		{"  Alibaba   Group ", "Alibaba Group Holding"},
		{"BABA", "Alibaba Group Holding"},
		{"nyse:baba", "Alibaba Group Holding"},
		{"HKEX: 9988", "Alibaba Group Holding"},
		{"9988", "Alibaba Group Holding"},
		{"0700", "Tencent Holdings"},
		{"Alibaba Cloud", ""},
		{"", ""},
		{"Ali", ""},
	}
	for _, tt := range tests {
		got, ok := c.Company(tt.in)
		if ok != (tt.want != "") || got.Name != tt.want {
			t.Errorf("Company(%q) = %q, %v; want %q", tt.in, got.Name, ok, tt.want)
		}
	}
}

func TestLookups(t *testing.T) {
	c, errs := Load(fstest.MapFS{
		"b.md":   file("# B\n\nOne. Two."),
		"a/a.md": file("Alpha."),
	})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if d, ok := c.Doc("b.md"); !ok || d.Path != "b.md" {
		t.Errorf("Doc(b.md) = %v, %v", d, ok)
	}
	if _, ok := c.Doc("c.md"); ok {
		t.Errorf("Doc(c.md) found")
	}
	for _, tt := range []struct {
		id   string
		want string
	}{{"b.md#0", "B"}, {"b.md#2", "Two."}, {"a/a.md#0", "Alpha."}, {"b.md#3", ""}, {"b.md#-1", ""}, {"b.md", ""}, {"x.md#0", ""}, {"b.md#x", ""}} {
		p, ok := c.Passage(tt.id)
		if ok != (tt.want != "") || p.Text != tt.want {
			t.Errorf("Passage(%q) = %q, %v; want %q", tt.id, p.Text, ok, tt.want)
		}
	}
	var ids []string
	for _, p := range c.Passages() {
		ids = append(ids, p.ID)
	}
	if want := []string{"a/a.md#0", "b.md#0", "b.md#1", "b.md#2"}; !slices.Equal(ids, want) {
		t.Errorf("Passages() IDs = %q, want %q", ids, want)
	}
}

func TestHash(t *testing.T) {
	base := fstest.MapFS{"a.md": file("A."), "companies.yaml": file(testRegistry)}
	h0, _ := Load(base)
	h1, _ := Load(fstest.MapFS{"a.md": file("A."), "companies.yaml": file(testRegistry)})
	if h0.Hash != h1.Hash || len(h0.Hash) != 64 {
		t.Errorf("Hash not stable: %q vs %q", h0.Hash, h1.Hash)
	}
	for name, fsys := range map[string]fstest.MapFS{
		"content":  {"a.md": file("B."), "companies.yaml": file(testRegistry)},
		"path":     {"b.md": file("A."), "companies.yaml": file(testRegistry)},
		"registry": {"a.md": file("A."), "companies.yaml": file(testRegistry + "\n")},
		"new file": {"a.md": file("A."), "b.md": file("B."), "companies.yaml": file(testRegistry)},
	} {
		c, _ := Load(fsys)
		if c.Hash == h0.Hash {
			t.Errorf("Hash unchanged after a change of %s", name)
		}
	}
}

func TestPublishedIsUTCMidnight(t *testing.T) {
	c, _ := Load(fstest.MapFS{"a.md": file("---\npublished: 2025-11-25\n---\nA.")})
	p := c.Docs[0].Meta.Published
	if p.Location() != time.UTC || p.Hour() != 0 || p.Format(time.DateOnly) != "2025-11-25" {
		t.Errorf("published = %v, want 2025-11-25 midnight UTC", p)
	}
}
