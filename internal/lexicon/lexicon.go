// Package lexicon is the language of results reporting, as data: the metrics
// a figure can measure, the segments any company can have, the qualifiers of
// a measure (GAAP, non-GAAP, adjusted, constant currency, IFRS, organic,
// underlying), the words of the period grammar and the cue words that say
// what kind of figure a passage states or a question asks for.
//
// It is one YAML file, lexicon.yaml, embedded in the binary. Default parses
// it once at start into a *Lexicon, which is passed to whoever reads text
// (internal/tagger, internal/facts, internal/answer); nothing in this package
// is mutable package state. A Lexicon is read-only after Parse and safe for
// concurrent use; its exported fields must not be modified.
//
// The grammar that combines the words (where a cue must stand relative to a
// figure, how a quarter and a year make a period) is code, in the packages
// that read text; the words are here.
package lexicon

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed lexicon.yaml
var defaultYAML []byte

// DefaultYAML returns a copy of the embedded lexicon file.
func DefaultYAML() []byte { return bytes.Clone(defaultYAML) }

// Default parses the embedded lexicon file. It fails only if the file is
// broken, which a test guards against.
func Default() (*Lexicon, error) { return Parse(defaultYAML) }

// Metric is what a figure measures. See lexicon.yaml for each field.
type Metric struct {
	Name          string   `yaml:"name"`
	Patterns      []string `yaml:"patterns"`
	Display       string   `yaml:"display"`
	Loss          string   `yaml:"loss"`
	Abbreviations []string `yaml:"abbreviations"`
	Financial     bool     `yaml:"financial"`
	GroupOnly     bool     `yaml:"group_only"`
	Ratio         bool     `yaml:"ratio"`
	Family        string   `yaml:"family"`
	ImpliedBy     []string `yaml:"implied_by"`
	Units         []string `yaml:"units"`
	Qualifiers    []string `yaml:"qualifiers"`
	OwnWords      bool     `yaml:"own_words"`
	Plural        bool     `yaml:"plural"`
	Targets       bool     `yaml:"targets"`
	// Money says the metric's figures are money: a count is never one
	// ("shares used in the computation" are not a share price).
	Money bool `yaml:"money"`

	// Match finds the metric's patterns in a text.
	Match Pattern `yaml:"-"`
}

// Segment is a part of a company that any company can have.
type Segment struct {
	Name     string   `yaml:"name"`
	Patterns []string `yaml:"patterns"`
	Display  string   `yaml:"display"`

	Match Pattern `yaml:"-"`
}

// Qualifier says how a figure was measured: "constant currency",
// "non-GAAP".
type Qualifier struct {
	Name          string   `yaml:"name"`
	Measure       string   `yaml:"measure"`
	Patterns      []string `yaml:"patterns"`
	Asks          []string `yaml:"asks"`
	CaseSensitive bool     `yaml:"case_sensitive"`
	NotWithin     string   `yaml:"not_within"`

	Match Pattern `yaml:"-"`
	// Ask finds, in a lower-case question, the words asking for the
	// qualifier's measure: its patterns and its asks.
	Ask *regexp.Regexp `yaml:"-"`
}

// Cue is a family of words that say what kind of figure a passage states
// (Match, from patterns) or a question asks for (Ask, from asks). Either
// may be nil.
type Cue struct {
	Name     string   `yaml:"name"`
	Patterns []string `yaml:"patterns"`
	Asks     []string `yaml:"asks"`

	Match *regexp.Regexp `yaml:"-"`
	Ask   *regexp.Regexp `yaml:"-"`
}

// Periods are the words of the period grammar.
type Periods struct {
	Months   map[string]int `yaml:"months"`
	Ordinals map[string]int `yaml:"ordinals"`
	// Relative maps a relation (see the Rel* names) to its phrases.
	Relative map[string][]string `yaml:"relative"`
}

// The relations of Periods.Relative, in the order the grammar tries them.
const (
	RelLatest     = "latest"
	RelLast       = "last"
	RelPrevious   = "previous"
	RelNext       = "next"
	RelYearAgo    = "year_ago"
	RelTrailing   = "trailing"
	RelThisYear   = "this_year"
	RelYearToDate = "year_to_date"
	RelFullYear   = "full_year"
)

// Relations lists the relations Periods.Relative may hold.
var relations = []string{RelLatest, RelLast, RelPrevious, RelNext, RelYearAgo, RelTrailing, RelThisYear, RelYearToDate, RelFullYear}

// Relations returns the relations Periods.Relative may hold, in order.
func Relations() []string { return slices.Clone(relations) }

// Lexicon is the parsed lexicon file. It is read-only after Parse and safe
// for concurrent use.
type Lexicon struct {
	Metrics          []Metric          `yaml:"metrics"`
	Segments         []Segment         `yaml:"segments"`
	NotSegmentBefore []string          `yaml:"not_segment_before"`
	Qualifiers       []Qualifier       `yaml:"qualifiers"`
	Periods          Periods           `yaml:"periods"`
	Cues             []Cue             `yaml:"cues"`
	Abbreviations    map[string]string `yaml:"abbreviations"`
	Acronyms         []string          `yaml:"acronyms"`
	DisplayWords     map[string]string `yaml:"display_words"`
	// Places are regions and countries as documents and questions name
	// them: a place in a question asks for that part of a company.
	Places []string `yaml:"places"`
	// MetricModifiers are words that may stand before a metric's name
	// without naming a part of the company ("operational free cash flow",
	// "statutory profit").
	MetricModifiers []string `yaml:"metric_modifiers"`

	// PlaceMatch finds the places in a text.
	PlaceMatch Pattern `yaml:"-"`

	hash       string
	metrics    map[string]int
	segments   map[string]int
	qualifiers map[string]int
	cues       map[string]int
	units      map[string]string // unit -> the metric it implies
	abbrev     map[string]string // every question abbreviation -> expansion
	acronyms   map[string]bool
	modifiers  map[string]bool
	reporting  map[string]bool // words of metrics, qualifiers, cues, periods
	notSegment *regexp.Regexp
}

// Parse reads a lexicon file and compiles its patterns. The error names the
// entry at fault: a duplicate or empty name, a pattern that does not
// compile, a reference to a metric or qualifier that is not there.
func Parse(b []byte) (*Lexicon, error) {
	l := &Lexicon{}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(l); err != nil {
		return nil, fmt.Errorf("lexicon: %w", err)
	}
	sum := sha256.Sum256(b)
	l.hash = hex.EncodeToString(sum[:])
	if err := l.compile(); err != nil {
		return nil, fmt.Errorf("lexicon: %w", err)
	}
	return l, nil
}

func (l *Lexicon) compile() error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	compile := func(what string, alts []string, fold bool) Pattern {
		if len(alts) == 0 {
			bad("%s: no patterns", what)
			return Pattern{}
		}
		p, err := Compile(Words(alts, fold))
		if err != nil {
			bad("%s: %v", what, err)
		}
		return p
	}
	regexpOf := func(what string, alts []string) *regexp.Regexp {
		if len(alts) == 0 {
			return nil
		}
		re, err := regexp.Compile(Words(alts, true))
		if err != nil {
			bad("%s: %v", what, err)
		}
		return re
	}
	name := func(kind, n string, seen map[string]int, i int) {
		switch {
		case strings.TrimSpace(n) == "":
			bad("%s %d: no name", kind, i+1)
		case n != strings.ToLower(n) && kind != "qualifier":
			bad("%s %q: names are lower case", kind, n)
		case seen[n] != 0:
			bad("%s %q: listed twice", kind, n)
		}
		seen[n] = i + 1
	}

	l.metrics, l.units, l.abbrev = map[string]int{}, map[string]string{}, map[string]string{}
	for w, x := range l.Abbreviations {
		l.abbrev[w] = x
	}
	for i := range l.Metrics {
		m := &l.Metrics[i]
		name("metric", m.Name, l.metrics, i)
		m.Match = compile("metric "+m.Name, m.Patterns, true)
		for _, u := range m.ImpliedBy {
			if other, ok := l.units[u]; ok {
				bad("metric %q: unit %q already implies %q", m.Name, u, other)
			}
			l.units[u] = m.Name
		}
		for _, a := range m.Abbreviations {
			l.abbrev[a] = cmpOr(m.Display, m.Name)
		}
	}
	l.segments = map[string]int{}
	for i := range l.Segments {
		s := &l.Segments[i]
		name("segment", s.Name, l.segments, i)
		s.Match = compile("segment "+s.Name, s.Patterns, true)
		if _, ok := l.metrics[s.Name]; ok {
			bad("segment %q is also a metric", s.Name)
		}
	}
	l.qualifiers = map[string]int{}
	for i := range l.Qualifiers {
		q := &l.Qualifiers[i]
		name("qualifier", q.Name, l.qualifiers, i)
		q.Match = compile("qualifier "+q.Name, q.Patterns, !q.CaseSensitive)
		if q.Measure != "" {
			q.Ask = regexpOf("qualifier "+q.Name, append(slices.Clone(q.Patterns), q.Asks...))
		}
	}
	l.cues = map[string]int{}
	for i := range l.Cues {
		c := &l.Cues[i]
		name("cue", c.Name, l.cues, i)
		c.Match = regexpOf("cue "+c.Name, c.Patterns)
		c.Ask = regexpOf("cue "+c.Name+" asks", c.Asks)
		if c.Match == nil && c.Ask == nil {
			bad("cue %q: no patterns and no asks", c.Name)
		}
	}
	// References between entries.
	for _, m := range l.Metrics {
		if m.Family != "" {
			if _, ok := l.metrics[m.Family]; !ok || m.Family == m.Name {
				bad("metric %q: family %q is not another metric", m.Name, m.Family)
			}
		}
		for _, q := range m.Qualifiers {
			if _, ok := l.qualifiers[q]; !ok {
				bad("metric %q: qualifier %q is not in the lexicon", m.Name, q)
			}
		}
	}
	for _, q := range l.Qualifiers {
		if _, ok := l.qualifiers[q.NotWithin]; q.NotWithin != "" && !ok {
			bad("qualifier %q: not_within %q is not a qualifier", q.Name, q.NotWithin)
		}
	}
	for w, n := range l.Periods.Months {
		if n < 1 || n > 12 {
			bad("periods: month %q: %d is not a month", w, n)
		}
	}
	for w, n := range l.Periods.Ordinals {
		if n < 1 || n > 4 {
			bad("periods: ordinal %q: %d is not 1 to 4", w, n)
		}
	}
	for rel, phrases := range l.Periods.Relative {
		if !slices.Contains(relations, rel) {
			bad("periods: relative %q: want one of %s", rel, strings.Join(relations, ", "))
		}
		for _, p := range phrases {
			if _, err := regexp.Compile(p); err != nil {
				bad("periods: relative %q: %v", rel, err)
			}
		}
	}
	if len(l.Periods.Months) == 0 || len(l.Periods.Ordinals) == 0 {
		bad("periods: months and ordinals are required")
	}
	l.acronyms = map[string]bool{}
	for _, a := range l.Acronyms {
		l.acronyms[strings.ToLower(a)] = true
	}
	l.modifiers = map[string]bool{}
	for _, m := range l.MetricModifiers {
		l.modifiers[strings.ToLower(m)] = true
	}
	l.reporting = reportingWords(l)
	if len(l.Places) > 0 {
		var err error
		if l.PlaceMatch, err = Compile(`(?i)` + Words(l.Places, false)); err != nil {
			bad("places: %v", err)
		}
	}
	if len(l.NotSegmentBefore) > 0 {
		var err error
		l.notSegment, err = regexp.Compile(`(?i)^(?:'s)?\s` + Words(l.NotSegmentBefore, false))
		if err != nil {
			bad("not_segment_before: %v", err)
		}
	}
	return errors.Join(errs...)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// Hash identifies the lexicon file's bytes (sha256, hex). Anything built
// from the lexicon and kept (an on-disk index) records it, so that a changed
// lexicon rebuilds it.
func (l *Lexicon) Hash() string { return l.hash }

// Metric returns the metric named name, and false when there is none.
func (l *Lexicon) Metric(name string) (*Metric, bool) {
	i, ok := l.metrics[name]
	if !ok {
		return nil, false
	}
	return &l.Metrics[i-1], true
}

// Segment returns the generic segment named name, and false when there is
// none (a company's own segment, or no segment).
func (l *Lexicon) Segment(name string) (*Segment, bool) {
	i, ok := l.segments[name]
	if !ok {
		return nil, false
	}
	return &l.Segments[i-1], true
}

// Qualifier returns the qualifier named name.
func (l *Lexicon) Qualifier(name string) (*Qualifier, bool) {
	i, ok := l.qualifiers[name]
	if !ok {
		return nil, false
	}
	return &l.Qualifiers[i-1], true
}

// Cue returns the cue named name. A cue the lexicon lacks is a Cue with nil
// matchers, which match nothing.
func (l *Lexicon) Cue(name string) *Cue {
	if i, ok := l.cues[name]; ok {
		return &l.Cues[i-1]
	}
	return &Cue{Name: name}
}

// MatchString reports whether the cue's document patterns match s.
func (c *Cue) MatchString(s string) bool { return c.Match != nil && c.Match.MatchString(s) }

// AskString reports whether the cue's question words match s.
func (c *Cue) AskString(s string) bool { return c.Ask != nil && c.Ask.MatchString(s) }

// is reports whether metric name has the property f reads; an unknown
// metric has none.
func (l *Lexicon) is(name string, f func(*Metric) bool) bool {
	m, ok := l.Metric(name)
	return ok && f(m)
}

// Financial reports whether a metric is a figure of a segment's accounts.
func (l *Lexicon) Financial(name string) bool {
	return l.is(name, func(m *Metric) bool { return m.Financial })
}

// GroupOnly reports whether a metric is always the whole company's.
func (l *Lexicon) GroupOnly(name string) bool {
	return l.is(name, func(m *Metric) bool { return m.GroupOnly })
}

// Money reports whether the metric's figures are money.
func (l *Lexicon) Money(name string) bool { return l.is(name, func(m *Metric) bool { return m.Money }) }

// Ratio reports whether a metric is a level written as a percentage.
func (l *Lexicon) Ratio(name string) bool {
	return l.is(name, func(m *Metric) bool { return m.Ratio })
}

// Family returns the metric that answers for name when nothing closer
// exists, or "".
func (l *Lexicon) Family(name string) string {
	if m, ok := l.Metric(name); ok {
		return m.Family
	}
	return ""
}

// ImpliedMetric returns the metric a unit implies ("per share" -> "eps"),
// or "".
func (l *Lexicon) ImpliedMetric(unit string) string { return l.units[unit] }

// KeepsUnit reports whether metric name's own figures carry unit, so a
// figure in that unit stays name's.
func (l *Lexicon) KeepsUnit(name, unit string) bool {
	return l.is(name, func(m *Metric) bool { return slices.Contains(m.Units, unit) })
}

// Implies reports whether metric name's own name implies the qualifier
// ("adjusted ebita" is adjusted).
func (l *Lexicon) Implies(name, qualifier string) bool {
	return l.is(name, func(m *Metric) bool { return slices.Contains(m.Qualifiers, qualifier) })
}

// Measure returns the measure a qualifier belongs to ("non-GAAP" ->
// "adjusted"), or "".
func (l *Lexicon) Measure(qualifier string) string {
	if q, ok := l.Qualifier(qualifier); ok {
		return q.Measure
	}
	for _, q := range l.Qualifiers { // case-insensitively: "Non-GAAP"
		if strings.EqualFold(q.Name, qualifier) {
			return q.Measure
		}
	}
	return ""
}

// Measures lists the measures qualifiers belong to, in lexicon order.
func (l *Lexicon) Measures() []string {
	var out []string
	for _, q := range l.Qualifiers {
		if q.Measure != "" && !slices.Contains(out, q.Measure) {
			out = append(out, q.Measure)
		}
	}
	return out
}

// Display returns how an answer writes a canonical metric or segment name:
// the entry's display, else the name with display_words applied
// ("china e-commerce" -> "China e-commerce").
func (l *Lexicon) Display(name string) string {
	if m, ok := l.Metric(name); ok && m.Display != "" {
		return m.Display
	}
	if s, ok := l.Segment(name); ok && s.Display != "" {
		return s.Display
	}
	if len(l.DisplayWords) == 0 {
		return name
	}
	words := strings.Fields(name)
	for i, w := range words {
		if d, ok := l.DisplayWords[w]; ok {
			words[i] = d
		}
	}
	return strings.Join(words, " ")
}

// Loss returns how an answer names a negative figure of metric name ("net
// loss"), and false when the metric has no such name.
func (l *Lexicon) Loss(name string) (string, bool) {
	if m, ok := l.Metric(name); ok && m.Loss != "" {
		return m.Loss, true
	}
	return "", false
}

// Abbreviation returns what a question's word abbreviates ("rev" ->
// "revenue", "yoy" -> "year over year"), and false when it is not an
// abbreviation.
func (l *Lexicon) Abbreviation(word string) (string, bool) {
	x, ok := l.abbrev[word]
	return x, ok
}

// ReportingWord reports whether a lower-case word is one of the words the
// lexicon reads how a figure is measured or dated with (a qualifier's, a
// cue's, a period's, an abbreviation, an acronym, a metric modifier), not
// of its metrics, segments or places: a word a question can put before a
// metric without naming a part of a company.
func (l *Lexicon) ReportingWord(word string) bool { return l.reporting[word] }

// letterRunRE finds the words in a pattern.
var letterRunRE = regexp.MustCompile(`[a-z]{3,}`)

func reportingWords(l *Lexicon) map[string]bool {
	out := map[string]bool{}
	add := func(ss ...string) {
		for _, s := range ss {
			for _, w := range letterRunRE.FindAllString(strings.ToLower(s), -1) {
				out[w] = true
			}
		}
	}
	for _, q := range l.Qualifiers {
		add(q.Patterns...)
		add(q.Asks...)
	}
	for _, c := range l.Cues {
		add(c.Patterns...)
		add(c.Asks...)
	}
	for w := range l.Periods.Months {
		add(w)
	}
	for w := range l.Periods.Ordinals {
		add(w)
	}
	for _, ps := range l.Periods.Relative {
		add(ps...)
	}
	for k, v := range l.Abbreviations {
		add(k, v)
	}
	for _, w := range append(slices.Clone(l.MetricModifiers), l.Acronyms...) {
		out[strings.ToLower(w)] = true // whole, however short: "ai", "us"
	}
	add(l.MetricModifiers...)
	return out
}

// MetricModifier reports whether a lower-case word may stand before a
// metric's name without naming a part of the company.
func (l *Lexicon) MetricModifier(word string) bool { return l.modifiers[word] }

// Acronym reports whether a lower-case word is an acronym of results
// reporting ("eps", "gmv") rather than a company's name.
func (l *Lexicon) Acronym(word string) bool { return l.acronyms[word] }

// NotSegmentAfter reports whether the text after a segment word makes it a
// description of the company ("the e-commerce giant").
func (l *Lexicon) NotSegmentAfter(rest string) bool {
	return l.notSegment != nil && l.notSegment.MatchString(rest)
}

// Words returns the lower-case words of the lexicon's metric and segment
// names, displays and abbreviations: words a spelling corrector should know.
func (l *Lexicon) Words() []string {
	var out []string
	add := func(s string) { out = append(out, strings.Fields(strings.ToLower(s))...) }
	for _, m := range l.Metrics {
		add(m.Name)
		add(m.Display)
		add(strings.Join(m.Abbreviations, " "))
		add(m.Loss)
	}
	for _, s := range l.Segments {
		add(s.Name)
		add(s.Display)
	}
	for _, q := range l.Qualifiers {
		add(q.Name)
	}
	return out
}

// CheckSegment checks a company's own segment (a registry entry: the
// canonical key and the names the company gives it) against the lexicon.
// It returns an error when the key is a metric's name, or when the generic
// lexicon reads one of the names, whole, as another segment: the registry
// and the lexicon would then disagree on what the name means.
func (l *Lexicon) CheckSegment(key string, names []string) error {
	k := strings.ToLower(strings.TrimSpace(key))
	if k == "" {
		return errors.New("a segment with no name")
	}
	if _, ok := l.Metric(k); ok {
		return fmt.Errorf("segment %q is a metric's name in the lexicon", key)
	}
	var errs []error
	for _, n := range names {
		lower := strings.ToLower(n)
		for _, s := range l.Segments {
			if s.Name == k || !s.Match.MayMatch(lower) {
				continue
			}
			if loc := s.Match.FindStringIndex(n); loc != nil && loc[0] == 0 && loc[1] == len(n) {
				errs = append(errs, fmt.Errorf("segment %q: the lexicon reads %q as segment %q", key, n, s.Name))
			}
		}
	}
	return errors.Join(errs...)
}
