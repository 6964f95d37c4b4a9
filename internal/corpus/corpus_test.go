package corpus_test

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	resultsbot "github.com/resultsbot/resultsbot"
	"github.com/resultsbot/resultsbot/internal/corpus"
)

// TestEmbeddedCorpus checks the invariants every consumer relies on, over
// the corpus the binary ships with.
func TestEmbeddedCorpus(t *testing.T) {
	c, errs := corpus.Load(resultsbot.Corpus())
	if len(errs) > 0 {
		t.Fatalf("Load(embedded): %v", errs)
	}
	if len(c.Docs) < 5 {
		t.Fatalf("Load(embedded): %d docs, want at least the 5 seeds", len(c.Docs))
	}
	furniture := []string{"Leave a Reply", "Special Offer Banner", "iEntry Publication", "email address will not be published", "Required fields", "truncated"}
	for _, d := range c.Docs {
		m := d.Meta
		if m.Title == "" || m.Company == "" || m.Publisher == "" || m.Published.IsZero() || m.Period.IsZero() {
			t.Errorf("%s: incomplete meta %+v", d.Path, m)
		}
		if _, ok := c.Company(m.Company); !ok {
			t.Errorf("%s: company %q not in the registry", d.Path, m.Company)
		}
		if len(d.Passages) == 0 {
			t.Errorf("%s: no passages", d.Path)
		}
		body := strings.Index(d.Raw, "\n---\n") + len("\n---\n")
		for i, p := range d.Passages {
			if p.Seq != i || p.ID != fmt.Sprintf("%s#%d", d.Path, i) || p.Doc != d.Path || p.Meta != &d.Meta {
				t.Errorf("%s: passage %d has ID %q Seq %d Doc %q", d.Path, i, p.ID, p.Seq, p.Doc)
			}
			if p.Start < body || p.End > len(d.Raw) || d.Raw[p.Start:p.End] != p.Text {
				t.Errorf("%s#%d: Raw[%d:%d] != Text %q", d.Path, i, p.Start, p.End, p.Text)
			}
			if strings.TrimSpace(p.Text) != p.Text || strings.HasPrefix(p.Text, "- ") {
				t.Errorf("%s#%d: %q not trimmed of space and bullets", d.Path, i, p.Text)
			}
			for _, f := range furniture {
				if strings.Contains(p.Text, f) {
					t.Errorf("%s#%d: boilerplate passage %q", d.Path, i, p.Text)
				}
			}
		}
	}
	if _, ok := c.Company("Alibaba Cloud"); ok {
		t.Errorf(`Company("Alibaba Cloud") found: a segment is not a company`)
	}
	for _, name := range []string{"Alibaba", "BABA", "Tencent", "Baidu", "JD.com", "PDD", "Microsoft", "Amazon", "NVIDIA"} {
		if _, ok := c.Company(name); !ok {
			t.Errorf("Company(%q) not in the registry", name)
		}
	}
}

func Example() {
	fsys := fstest.MapFS{
		"companies.yaml": {Data: []byte("- name: Alibaba Group Holding\n  short: Alibaba\n  fiscal_year_end: \"03-31\"\n")},
		"alibaba/q2.md": {Data: []byte(`---
title: Cloud growth accelerates
company: Alibaba
publisher: Example News
published: 2025-11-25
period: quarter ended 2025-09-30
---
# Cloud growth accelerates

Cloud revenue rose 34% to 39.8 billion yuan. Mr. Wu said demand in the U.S. and China was strong.

Advertisement

Leave a Reply
Great article!
`)},
	}
	c, errs := corpus.Load(fsys)
	fmt.Println("errors:", len(errs))
	d, _ := c.Doc("alibaba/q2.md")
	fmt.Println(d.Meta.Company, "|", d.Meta.Period, "|", d.Meta.FiscalYearEnd.Label(d.Meta.Period))
	for _, p := range c.Passages() {
		fmt.Printf("%s [%d:%d] %q\n", p.ID, p.Start, p.End, p.Text)
	}
	// Output:
	// errors: 0
	// Alibaba Group Holding | quarter ended 2025-09-30 | fiscal 2026 Q2
	// alibaba/q2.md#0 [138:162] "Cloud growth accelerates"
	// alibaba/q2.md#1 [164:208] "Cloud revenue rose 34% to 39.8 billion yuan."
	// alibaba/q2.md#2 [209:261] "Mr. Wu said demand in the U.S. and China was strong."
}
