package tagger

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/resultsbot/resultsbot/internal/lexicon"
)

// Change is a movement: "up 34%", "fell 13 percent", "fivefold", "triple-digit".
type Change struct {
	Text     string  `json:"text"`              // as written: "34%"
	Percent  float64 `json:"percent,omitempty"` // 34; for a multiple, (m-1)*100
	Multiple float64 `json:"multiple,omitempty"`
	// Points is a change in percentage points ("120 basis points" is 1.2),
	// as margins move; Percent is then 0.
	Points float64 `json:"points,omitempty"`
	// AtLeast is true when Percent is a lower bound: "triple-digit" is
	// Percent 100, AtLeast true.
	AtLeast bool `json:"at_least,omitempty"`
	// Amount is the change stated as money or a count: "increased $310
	// million" is a change of Amount $310 million (Text "$310 million");
	// "increased $310 million, or 28%" is the 28% change with that
	// Amount beside it.
	Amount    *Value `json:"amount,omitempty"`
	Direction string `json:"direction,omitempty"` // "up", "down", "" when unstated
	Basis     string `json:"basis,omitempty"`     // "yoy", "qoq", "vs estimates", "" when unstated
	Start     int    `json:"start"`
	End       int    `json:"end"`
}

// HasFigure reports whether a change states a figure ("34%", "fivefold",
// "triple-digit") rather than only a direction ("fell sharply").
func (c *Change) HasFigure() bool {
	return c.Percent != 0 || c.Multiple != 0 || c.Points != 0 || c.AtLeast || c.Amount != nil || strings.ContainsAny(c.Text, "0123456789")
}

// IsMove reports whether c is a movement without a figure.
func (c *Change) IsMove() bool {
	return c.Percent == 0 && c.Multiple == 0 && c.Points == 0 && !c.AtLeast && c.Amount == nil
}

// OnlyAmount reports whether c is a change stated as an amount alone:
// "increased $274 million".
func (c *Change) OnlyAmount() bool {
	return c.Amount != nil && c.Percent == 0 && c.Multiple == 0 && c.Points == 0 && !c.AtLeast
}

var (
	percentRe  = lexicon.MustCompile(`(` + numRe + `)\s?(%|(?i:percent|per cent|pct)\b)`)
	pointsRe   = lexicon.MustCompile(`(?i)(` + numRe + `)\s?(percentage points?|ppts?\b|pp\b|basis points?|bps\b)`)
	foldRe     = lexicon.MustCompile(`(?i)\b(two|three|four|five|six|seven|eight|nine|ten|\d+(?:\.\d+)?)[- ]?fold\b`)
	timesRe    = lexicon.MustCompile(`(?i)\b(\d+(?:\.\d+)?)\s?(?:x|times)\b`)
	verbMultRe = lexicon.MustCompile(`(?i)\b(doubled|tripled|trebled|quadrupled|halved|doubling|tripling|quadrupling|halving)\b`)
	digitRe    = lexicon.MustCompile(`(?i)\b(triple|double|(?:high|mid|low)[- ]single|single)[- ]digits?\b`)
	// bareMoveRe is a movement stated without a figure: "adjusted EBITA fell sharply".
	bareMoveRe = lexicon.MustCompile(`(?i)\b(fell|falling|declined|declining|dropped|plunged|plummeted|slumped|tumbled|decreased|shrank|contracted|rose|grew|increased|jumped|surged|soared|climbed|improved)\b(?:\s(sharply|materially|significantly|slightly|modestly|steeply|strongly|substantially))?`)

	upRe   = regexp.MustCompile(`(?i)\b(?:up|rose|rise[sn]?|rising|grew|grow(?:s|n|ing|th)?|increase[sd]?|increasing|jump(?:s|ed|ing)?|surge[sd]?|surging|soar(?:s|ed|ing)?|climb(?:s|ed|ing)?|gain(?:s|ed)?|higher|advance[sd]?|accelerat\w*|expan\w*|improve[sd]?|improving|rall(?:y|ied|ies)|boost\w*|beat(?:ing|s)?|top(?:ped|ping)|exceed\w*|spike[sd]?|added|adding)\b`)
	downRe = regexp.MustCompile(`(?i)\b(?:down|fell|fall(?:s|ing|en)?|decline[sd]?|declining|decrease[sd]?|decreasing|drop(?:s|ped|ping)?|slip(?:s|ped)?|slid(?:ing)?|plunge[sd]?|plunging|sank|sink(?:s|ing)?|lower|contract(?:s|ed|ion|ing)|shr[iau]nk\w*|tumble[sd]?|tumbling|slump\w*|plummet\w*|miss(?:ed|ing)?|loss|lost|decelerat\w*|slow(?:ed|ing)?|weak\w*)\b`)

	// YoY and QoQ name the basis of a change: year over year, quarter over
	// quarter.
	YoY = regexp.MustCompile(`(?i)\b(?:year[- ]over[- ]year|year[- ]on[- ]year|yoy|y/y|y-o-y|from a year (?:earlier|ago|before)|(?:compared|as compared) (?:with|to) (?:the )?(?:same|corresponding) (?:quarter|period|month)s?(?: of)?(?: (?:last|the previous|the prior|a) year|\s\d{4})?|from the (?:same|year-ago|prior-year|corresponding) (?:quarter|period)|than a year (?:earlier|ago)|annual(?:ly)?|on an annual basis)\b`)
	QoQ = regexp.MustCompile(`(?i)\b(?:quarter[- ]over[- ]quarter|quarter[- ]on[- ]quarter|qoq|q/q|q-o-q|sequential(?:ly)?|from the (?:previous|prior|preceding|last) quarter|(?:compared|as compared) (?:with|to) the (?:previous|prior|preceding|last) quarter)\b`)
	// EstimateBy ends the text before a change measured against
	// estimates: "beating expectations by".
	EstimateBy = regexp.MustCompile(`(?i)(?:expectations?|estimates?|consensus|forecasts?)\s+by\s*(?:about |around |roughly |nearly )?$`)
	estAfterRe = regexp.MustCompile(`(?i)^\s*(?:above|ahead of|below|more than|better than|higher than|lower than|short of)\s+(?:the\s+)?(?:analysts'?\s+|analyst\s+|market\s+|wall street\s+)?(?:average\s+)?(?:expectations?|estimates?|consensus|forecasts?)`)
)

var multipleWords = map[string]float64{
	"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
	"doubled": 2, "doubling": 2, "tripled": 3, "trebled": 3, "tripling": 3, "quadrupled": 4, "quadrupling": 4,
	"halved": 0.5, "halving": 0.5,
}

var digitLevels = map[string]float64{
	"triple": 100, "double": 10, "high-single": 7, "high single": 7, "mid-single": 4, "mid single": 4,
	"low-single": 1, "low single": 1, "single": 0,
}

// Changes finds the movements stated in text, a sentence: percentages
// ("34%", "13 percent"), percentage points ("120 basis points"), multiples
// ("fivefold", "doubled", "2.5x") and ranges of digits ("triple-digit").
// Each gets the direction and basis its clause states ("rose ... year over
// year", "fell ... sequentially", "beating expectations by 5%"). Offsets are
// text offsets plus base. Movements without a figure ("fell sharply") are
// not included: see Moves.
func Changes(text string, base int) []Change {
	return changesIn(text, strings.ToLower(text), base)
}

func changesIn(text, lower string, base int) []Change {
	var cs []Change
	add := func(start, end int, c Change) {
		c.Text, c.Start, c.End = text[start:end], start, end
		cs = append(cs, c)
	}
	for _, m := range pointsRe.FindAll(text, lower) {
		n, _ := parseNumber(text[m[2]:m[3]])
		unit := strings.ToLower(text[m[4]:m[5]])
		if strings.HasPrefix(unit, "b") {
			n /= 100
		}
		add(m[0], m[1], Change{Points: n})
	}
	for _, m := range percentRe.FindAll(text, lower) {
		n, _ := parseNumber(text[m[2]:m[3]])
		add(m[0], m[1], Change{Percent: n})
	}
	for _, m := range foldRe.FindAll(text, lower) {
		w := strings.ToLower(text[m[2]:m[3]])
		mult, ok := multipleWords[w]
		if !ok {
			mult, _ = strconv.ParseFloat(w, 64)
		}
		add(m[0], m[1], Change{Multiple: mult, Percent: (mult - 1) * 100})
	}
	for _, m := range timesRe.FindAll(text, lower) {
		mult, _ := strconv.ParseFloat(text[m[2]:m[3]], 64)
		add(m[0], m[1], Change{Multiple: mult, Percent: (mult - 1) * 100})
	}
	for _, m := range verbMultRe.FindAll(text, lower) {
		mult := multipleWords[strings.ToLower(text[m[2]:m[3]])]
		add(m[0], m[1], Change{Multiple: mult, Percent: (mult - 1) * 100})
	}
	for _, m := range digitRe.FindAll(text, lower) {
		w := strings.ReplaceAll(strings.ToLower(text[m[2]:m[3]]), " ", "-")
		lvl := digitLevels[w]
		if lvl == 0 {
			lvl = digitLevels[strings.ReplaceAll(w, "-", " ")]
		}
		add(m[0], m[1], Change{Percent: lvl, AtLeast: true})
	}
	cs = dropChangeOverlaps(cs)
	var cls [][2]int
	if len(cs) > 0 {
		cls = Clauses(text)
	}
	for i := range cs {
		lo := clauseStart(cls, cs[i].Start)
		if i > 0 && cs[i-1].End > lo {
			lo = cs[i-1].End
		}
		lo = max(lo, cs[i].Start-48)
		hi := clauseEnd(cls, len(text), cs[i].End)
		if i+1 < len(cs) && cs[i+1].Start < hi {
			hi = cs[i+1].Start
		}
		hi = max(min(hi, cs[i].End+60), cs[i].End)
		lo = min(lo, cs[i].Start)
		before, after := text[lo:cs[i].Start], text[cs[i].End:hi]
		c := &cs[i]
		c.Direction = direction(before, after, c)
		c.Basis = basis(before, after)
		if c.Direction == "" && i > 0 && cs[i-1].Direction != "" && cs[i].Start-(cs[i-1].End-base) < 40 && cs[i-1].Points == 0 == (c.Points == 0) {
			c.Direction = cs[i-1].Direction // "up 17% QoQ and 41% YoY", "7% to 8%"
		}
		c.Start += base
		c.End += base
	}
	return cs
}

func direction(before, after string, c *Change) string {
	if c.Multiple > 0 && c.Multiple < 1 {
		return "down"
	}
	if strings.Contains(strings.ToLower(c.Text), "doubl") || strings.Contains(strings.ToLower(c.Text), "tripl") ||
		strings.Contains(strings.ToLower(c.Text), "quadrupl") || strings.Contains(strings.ToLower(c.Text), "trebl") {
		return "up"
	}
	// the movement word nearest before the figure, else the first after it
	ups, downs := upRe.FindAllStringIndex(before, -1), downRe.FindAllStringIndex(before, -1)
	lastUp, lastDown := -1, -1
	if len(ups) > 0 {
		lastUp = ups[len(ups)-1][0]
	}
	if len(downs) > 0 {
		lastDown = downs[len(downs)-1][0]
	}
	switch {
	case lastUp > lastDown:
		return "up"
	case lastDown > lastUp:
		return "down"
	}
	if len(after) > 40 {
		after = after[:40]
	}
	u, d := upRe.FindStringIndex(after), downRe.FindStringIndex(after)
	switch {
	case u != nil && (d == nil || u[0] < d[0]):
		return "up"
	case d != nil:
		return "down"
	}
	return ""
}

func basis(before, after string) string {
	switch {
	case EstimateBy.MatchString(before) || estAfterRe.MatchString(after):
		return "vs estimates"
	case YoY.MatchString(after) || YoY.MatchString(LastWords(before, 4)):
		return "yoy"
	case QoQ.MatchString(after) || QoQ.MatchString(LastWords(before, 4)):
		return "qoq"
	}
	return ""
}

// ChangeLead ends the text before an amount that is a change, not a level:
// "increased $310 million", "up $274 million", "an increase of $2.9
// million", "fell by about €40 million"; not "increased to $1.42 billion"
// or "up to $53 billion".
var ChangeLead = regexp.MustCompile(`(?i)(?:\b(?:increase[sd]?|decrease[sd]?|rose|fell|grew|declined|climbed|jumped|dropped|improved|up|down|gained|added|expanded|widened|narrowed|reduced|lowered|raised)|\ban? (?:increase|decrease|decline|reduction|improvement|rise|drop|fall|gain)(?: in(?: [\w'’&-]+){1,5}?)? of)(?:\s+by)?\s*(?:approximately |about |nearly |almost |some |roughly |around )?$`)

// AmountChange reads an amount of text (a sentence) as a change when the
// words before it say so (ChangeLead: "increased $310 million", "up $274
// million", "an increase of $2.9 million"): a Change of that Amount, with
// its direction and basis as for percentages. ok is false for an amount
// that is a level ("increased to $1.42 billion"). Offsets are a's.
func AmountChange(text string, a Amount) (c Change, ok bool) {
	v := a.Value
	start, end := v.Start, v.End
	if start < 0 || end > len(text) || start > end {
		return Change{}, false
	}
	before := text[:start]
	m := ChangeLead.FindStringIndex(before)
	if m == nil {
		return Change{}, false
	}
	c = Change{Text: v.Text, Amount: &v, Start: v.Start, End: v.End}
	lead := before[m[0]:]
	switch {
	case downRe.MatchString(lead) || changeDownRe.MatchString(lead):
		c.Direction = "down"
	default:
		c.Direction = "up"
	}
	after := text[end:min(len(text), end+60)]
	c.Basis = basis(LastWords(before, 6), after)
	return c, true
}

// changeDownRe names a fall among ChangeLead's words that downRe lacks.
var changeDownRe = regexp.MustCompile(`(?i)\b(?:reduc\w*|narrow\w*|reduction|lowered)\b`)

// LastWords returns the last n words of s.
func LastWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		f = f[len(f)-n:]
	}
	return strings.Join(f, " ")
}

func dropChangeOverlaps(cs []Change) []Change {
	vs := make([]Value, len(cs))
	for i, c := range cs {
		vs[i] = Value{Start: c.Start, End: c.End, Number: float64(i)}
	}
	var out []Change
	for _, v := range dropOverlaps(vs) {
		out = append(out, cs[int(v.Number)])
	}
	return out
}

// HasMove reports whether text (lower is its lower case) states a movement
// without a figure, such as Moves finds.
func HasMove(text, lower string) bool {
	return bareMoveRe.MayMatch(lower) && bareMoveRe.MatchString(text)
}

// Moves finds movements stated without a figure, "adjusted EBITA fell
// sharply", as Changes with a Direction and no Percent. Offsets are text
// offsets plus base.
func Moves(text string, base int) []Change {
	return movesIn(text, strings.ToLower(text), base)
}

func movesIn(text, lower string, base int) []Change {
	var out []Change
	for _, m := range bareMoveRe.FindAll(text, lower) {
		c := Change{Text: text[m[0]:m[1]], Start: m[0] + base, End: m[1] + base}
		if downRe.MatchString(c.Text) {
			c.Direction = "down"
		} else {
			c.Direction = "up"
		}
		out = append(out, c)
	}
	return out
}

// ClauseBreak separates clauses inside a sentence: a comma, colon or
// semicolon, a dash, or a conjunction.
var ClauseBreak = regexp.MustCompile(`[;:,]\s|\s[-–—]\s|—|–|\s(?:and|while|whereas|but|although|though)\s`)

// Clauses splits a sentence into clause spans [start, end) at ClauseBreak.
func Clauses(text string) [][2]int {
	var out [][2]int
	start := 0
	for _, m := range ClauseBreak.FindAllStringIndex(text, -1) {
		out = append(out, [2]int{start, m[0]})
		start = m[1]
	}
	return append(out, [2]int{start, len(text)})
}

// clauseStart is the start of the last clause of cls starting at or
// before pos.
func clauseStart(cls [][2]int, pos int) int {
	lo := 0
	for _, c := range cls {
		if c[0] <= pos {
			lo = c[0]
		}
	}
	return lo
}

// clauseEnd is the end of the clause of cls holding pos, else n.
func clauseEnd(cls [][2]int, n, pos int) int {
	for _, c := range cls {
		if pos <= c[1] && pos >= c[0] {
			return c[1]
		}
	}
	return n
}
