package lexicon

import (
	"strings"
	"testing"
)

func defaultLexicon(t *testing.T) *Lexicon {
	t.Helper()
	l, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	return l
}

func TestDefault(t *testing.T) {
	l := defaultLexicon(t)
	if len(l.Metrics) < 20 || len(l.Segments) < 5 || len(l.Qualifiers) < 7 {
		t.Fatalf("Default: %d metrics, %d segments, %d qualifiers", len(l.Metrics), len(l.Segments), len(l.Qualifiers))
	}
	if h := l.Hash(); len(h) != 64 {
		t.Errorf("Hash() = %q; want 64 hex digits", h)
	}
	for _, q := range []string{"GAAP", "non-GAAP", "adjusted", "constant currency", "IFRS", "organic", "underlying"} {
		if _, ok := l.Qualifier(q); !ok {
			t.Errorf("qualifier %q missing", q)
		}
	}
	for _, rel := range Relations() {
		if len(l.Periods.Relative[rel]) == 0 {
			t.Errorf("periods: no phrases for %q", rel)
		}
	}
}

func TestLookups(t *testing.T) {
	l := defaultLexicon(t)
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"Display(eps)", l.Display("eps"), "earnings per share"},
		{"Display(revenue)", l.Display("revenue"), "revenue"},
		{"Display(ai products)", l.Display("ai products"), "AI-related product"},
		{"Display(china e-commerce)", l.Display("china e-commerce"), "China e-commerce"},
		{"Financial(revenue)", l.Financial("revenue"), true},
		{"Financial(downloads)", l.Financial("downloads"), false},
		{"GroupOnly(capex)", l.GroupOnly("capex"), true},
		{"Ratio(gross margin)", l.Ratio("gross margin"), true},
		{"Family(capex)", l.Family("capex"), "investment"},
		{"Family(investment)", l.Family("investment"), ""},
		{"ImpliedMetric(per share)", l.ImpliedMetric("per share"), "eps"},
		{"KeepsUnit(dividend, per share)", l.KeepsUnit("dividend", "per share"), true},
		{"Implies(adjusted ebita, adjusted)", l.Implies("adjusted ebita", "adjusted"), true},
		{"Measure(non-GAAP)", l.Measure("non-GAAP"), "adjusted"},
		{"Measure(Non-GAAP)", l.Measure("Non-GAAP"), "adjusted"},
		{"Measure(GAAP)", l.Measure("GAAP"), ""},
		{"Acronym(gmv)", l.Acronym("gmv"), true},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %v; want %v", tt.name, tt.got, tt.want)
		}
	}
	for word, want := range map[string]string{"rev": "revenue", "capex": "capital expenditure", "yoy": "year over year", "ni": "net income"} {
		if got, ok := l.Abbreviation(word); !ok || got != want {
			t.Errorf("Abbreviation(%q) = %q, %v; want %q", word, got, ok, want)
		}
	}
	if loss, ok := l.Loss("net income"); !ok || loss != "net loss" {
		t.Errorf("Loss(net income) = %q, %v", loss, ok)
	}
	if !l.NotSegmentAfter(" giant") || l.NotSegmentAfter(" revenue") {
		t.Errorf("NotSegmentAfter: giant %v, revenue %v", l.NotSegmentAfter(" giant"), l.NotSegmentAfter(" revenue"))
	}
	if c := l.Cue("no such cue"); c.MatchString("anything") || c.AskString("anything") {
		t.Errorf("a missing cue matches")
	}
	if !l.Cue("estimate").MatchString("beating analysts' estimates") || !l.Cue("beat").AskString("did it beat") {
		t.Errorf("cues estimate, beat do not match")
	}
}

func TestCheckSegment(t *testing.T) {
	l := defaultLexicon(t)
	tests := []struct {
		key   string
		names []string
		bad   bool
	}{
		{"cloud", []string{"Cloud Intelligence Group", "cloud computing division"}, false},
		{"china e-commerce", []string{"Taobao and Tmall Group", "China e-commerce"}, false},
		{"data center", []string{"Data Center"}, false},
		{"revenue", []string{"Revenue"}, true},
		{"marketing services", []string{"Marketing Services"}, true}, // the lexicon reads it as advertising
		{"", nil, true},
	}
	for _, tt := range tests {
		if err := l.CheckSegment(tt.key, tt.names); (err != nil) != tt.bad {
			t.Errorf("CheckSegment(%q, %q) = %v; want an error: %v", tt.key, tt.names, err, tt.bad)
		}
	}
}

func TestParseErrors(t *testing.T) {
	base := string(DefaultYAML())
	tests := []struct {
		name, edit, want string
	}{
		{"duplicate metric", "metrics:\n  - name: revenue\n    patterns: [income]\n", `"revenue": listed twice`},
		{"bad pattern", "metrics:\n  - name: ridership\n    patterns: ['rider(ship']\n", "metric ridership"},
		{"no patterns", "metrics:\n  - name: ridership\n", "ridership: no patterns"},
		{"unknown family", "metrics:\n  - name: ridership\n    patterns: [ridership]\n    family: patronage\n", `family "patronage"`},
		{"unknown field", "metrics:\n  - name: ridership\n    patterns: [ridership]\n    colour: red\n", "colour"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(strings.Replace(base, "metrics:\n", tt.edit, 1)))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Parse = %v; want an error with %q", tt.name, err, tt.want)
		}
	}
	// An added metric parses, and changes the hash.
	l, err := Parse([]byte(strings.Replace(base, "metrics:\n", "metrics:\n  - name: ridership\n    patterns: ['(?:annual )?ridership']\n", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := l.Metric("ridership"); !ok || l.Hash() == defaultLexicon(t).Hash() {
		t.Errorf("added metric: found %v, hash changed %v", ok, l.Hash() != defaultLexicon(t).Hash())
	}
}
