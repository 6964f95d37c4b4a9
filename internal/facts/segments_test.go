package facts

import (
	"errors"
	"os"
	"slices"
	"testing"

	"github.com/resultsbot/resultsbot/internal/corpus"
)

// TestFindSegments reads the segments of testdata/segments, where each
// document reports business units, regions or product lines in its own
// way: headings, bold and plain lead-ins, names called segments, tables,
// lists of shares. Each company's segments are named as its documents name
// them; words of a document's structure and accounting are not segments.
func TestFindSegments(t *testing.T) {
	c, problems := corpus.Load(os.DirFS("../../testdata/segments"))
	for _, p := range problems {
		if !errors.Is(p, corpus.ErrUnsupported) { // eval.json
			t.Fatal(p)
		}
	}
	ds := FindSegments(c, testLexicon(t))
	tests := []struct {
		company string
		has     []string // keys
		lacks   []string
	}{
		{"Marlow Keane Group, Inc.", []string{"advisory", "wealth management", "asset management"}, []string{"segment results", "expenses and capital", "outlook"}},
		{"Lumora Platforms, Inc.", []string{"lumora apps", "horizon labs", "europe"}, []string{"lumora platforms", "operational highlights"}},
		{"Vexcel Semiconductor Corporation", []string{"data center", "gaming", "professional visualization", "automotive and robotics"}, nil},
		{"Nordhavn Marine AB", []string{"naval systems", "commercial vessels", "services", "europe"}, nil},
		{"Taichung Precision Manufacturing Co., Ltd.", []string{"high performance computing", "smartphone", "internet of things"}, []string{"others"}},
		{"Alpenwacht Insurance Group AG", []string{"property & casualty", "life", "asset management"}, []string{"every"}},
		{"Hanlin Commerce Group Limited", []string{"domestic marketplace", "international commerce", "logistics services"}, []string{"exchange rate information"}},
		{"Greyfield plc", []string{"food", "clothing & home", "international", "online"}, nil},
		{"Ridgeline Financial Corporation", []string{"commercial banking", "wealth & investment management"}, []string{"wealth &"}},
		{"Valdoria Foods SA", []string{"zone europe", "zone americas", "nutrition health science"}, nil},
		{"Corvid Systems, Inc.", []string{"americas", "emea", "asia pacific"}, nil},
	}
	for _, tt := range tests {
		i := slices.IndexFunc(ds.Companies, func(co corpus.Company) bool { return co.Name == tt.company })
		if i < 0 {
			t.Errorf("%s: not in the registry", tt.company)
			continue
		}
		segs := ds.Companies[i].Segments
		for _, k := range tt.has {
			if _, ok := segs[k]; !ok {
				t.Errorf("%s: no segment %q; have %v", tt.company, k, segs)
			}
		}
		for _, k := range tt.lacks {
			if _, ok := segs[k]; ok {
				t.Errorf("%s: %q is not a segment", tt.company, k)
			}
		}
	}
	// "HPC" is the document's abbreviation of its segment.
	for _, co := range ds.Companies {
		if co.Name == "Taichung Precision Manufacturing Co., Ltd." && !slices.Contains(co.Segments["high performance computing"], "HPC") {
			t.Errorf("HPC not a name of high performance computing: %v", co.Segments)
		}
	}
	if len(ds.Sections) == 0 {
		t.Error("no block sits under a segment's heading or lead-in")
	}
}
