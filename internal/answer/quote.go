package answer

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/facts"
	"github.com/resultsbot/resultsbot/internal/period"
)

var (
	// quotedRE finds quoted speech of four words or more.
	quotedRE = regexp.MustCompile(`[“"]([^”"]*?\s[^”"]*?\s[^”"]*?\s[^”"]+?)[”"]`)
	// nameRoleRE finds a person named with a role: "CEO Eddie Wu",
	// "Eddie Wu, chief executive officer of Alibaba Group".
	nameRoleRE = regexp.MustCompile(`\b(?:(CEO|CFO|(?i:chief executive(?: officer)?|chief financial officer)|[Cc]hairman|[Cc]hairwoman|[Pp]resident|[Ff]ounder|co-founder)\s+((?:\p{Lu}[\p{L}'-]+\s?){2,3})|((?:\p{Lu}[\p{L}'-]+\s){1,2}\p{Lu}[\p{L}'-]+),\s+(?:the\s+)?(?:company's\s+)?(?:(?i:president|chairman|chairwoman|chair|founder|co-founder) and\s+)?((?i:chief executive(?: officer)?|chief financial officer|CEO|CFO|chairman|chairwoman|president|founder))\b)`)
)

// roleWords maps how questions name a role to how sources write it.
var roleWords = map[string][]string{
	"ceo": {"ceo", "chief executive"}, "chief executive": {"ceo", "chief executive"}, "chief executive officer": {"ceo", "chief executive"},
	"cfo": {"cfo", "chief financial"}, "chief financial officer": {"cfo", "chief financial"},
	"chairman": {"chairman", "chair"}, "chair": {"chairman", "chair"}, "chairwoman": {"chairwoman", "chair"},
	"president": {"president"}, "founder": {"founder"},
	"management": {"ceo", "cfo", "chief", "management", "executive"}, "executive": {"ceo", "cfo", "chief", "executive"}, "executives": {"ceo", "cfo", "chief", "executive"},
}

// speakerMarks returns the lower-case strings that show a passage (or the
// one before it) is the speaker's: a surname, or a role's words.
func speakerMarks(speaker string) []string {
	s := strings.ToLower(speaker)
	if w, ok := roleWords[s]; ok {
		return w
	}
	f := strings.Fields(s)
	if len(f) == 0 {
		return nil
	}
	return []string{f[len(f)-1]}
}

// answerQuote answers "what did X say about Y?" with the quoted speech
// attributed to X that best matches Y, verbatim. Quotes are found among the
// company's passages holding quoted speech (listed at New), ranked by the
// full-text relevance of the question's words, latest document first on
// ties.
func (e *Engine) answerQuote(ctx context.Context, p query, cov *coverage) (Answer, error) {
	rel, err := e.relevance(ctx, p, cov)
	if err != nil {
		return Answer{}, err
	}
	marks := speakerMarks(p.speaker)
	var want period.Period
	if p.period.any() {
		var ok bool
		if want, ok = e.docPeriod(p, cov); !ok {
			return e.decline(cov.company.Name, []string{"period"},
				fmt.Sprintf("I don't have %s results for the period you asked about.", possessive(cov.company.Short)), cov), nil
		}
	}
	var best corpus.Passage
	bestScore := -1.0
	for _, id := range e.quotes[cov.company.Name] {
		pa, ok := e.corpus.Passage(id)
		if !ok || !want.IsZero() && pa.Meta.Period != want {
			continue
		}
		context := strings.ToLower(pa.Text)
		if prev, ok := e.corpus.Passage(fmt.Sprintf("%s#%d", pa.Doc, pa.Seq-1)); ok {
			context = strings.ToLower(prev.Text) + " " + context
		}
		if len(marks) > 0 && !containsAny(context, marks) {
			continue
		}
		score := rel[id]
		if pa.Meta != nil && best.Meta != nil && score == bestScore && pa.Meta.Published.After(best.Meta.Published) {
			bestScore = -1 // a later document wins a tie
		}
		if score > bestScore {
			best, bestScore = pa, score
		}
	}
	if bestScore < 0 {
		speaker := p.speaker
		switch {
		case speaker == "":
			speaker = "anyone at " + cov.company.Short
		case roleWords[strings.ToLower(speaker)] != nil:
			speaker = possessive(cov.company.Short) + " " + roleName(speaker)
		}
		return e.decline(cov.company.Name, []string{"quote"},
			fmt.Sprintf("I don't have a quote from %s on that in my sources.", speaker), cov), nil
	}
	who := p.speaker
	if m := nameRoleRE.FindStringSubmatch(best.Text); m != nil {
		who = strings.TrimSpace(m[2] + m[3])
	} else if prev, ok := e.corpus.Passage(fmt.Sprintf("%s#%d", best.Doc, best.Seq-1)); ok {
		if m := nameRoleRE.FindStringSubmatch(prev.Text); m != nil {
			who = strings.TrimSpace(m[2] + m[3])
		}
	}
	if roleWords[strings.ToLower(who)] != nil {
		who = possessive(cov.company.Short) + " " + roleName(who)
	}
	if who == "" {
		who = possessive(cov.company.Short) + " management"
	}
	var said []string
	for _, q := range quotedRE.FindAllStringSubmatch(best.Text, -1) {
		said = append(said, "“"+strings.TrimRight(strings.TrimSpace(q[1]), ",;")+"”")
	}
	per := best.Meta.Period
	text := fmt.Sprintf("%s said, in %s results coverage for %s: %s", upperFirst(who), possessive(cov.company.Short), periodPhrase(per, cov.fye), strings.Join(said, " … "))
	return Answer{
		Answered: true, Text: text, Company: cov.company.Name, Period: per.String(), PeriodLabel: cov.fye.Label(per),
		Facts: []facts.Fact{}, Citations: e.citations([]string{best.ID}),
		Context: Context{Company: cov.company.Name, Period: per.String()},
	}, nil
}

// speakerCompany returns the only covered company whose quotes or named
// people mention the speaker's surname; "" when none or several do.
func (e *Engine) speakerCompany(speaker string) string {
	if roleWords[strings.ToLower(speaker)] != nil {
		return ""
	}
	marks := speakerMarks(speaker)
	found := ""
	for company, ids := range e.quotes {
		for _, id := range append(slices.Clone(ids), e.people[company]...) {
			pa, ok := e.corpus.Passage(id)
			if ok && containsAny(strings.ToLower(pa.Text), marks) {
				if found != "" && found != company {
					return ""
				}
				found = company
				break
			}
		}
	}
	return found
}

// roleName writes a role as answers do: "CEO", "chief financial officer".
func roleName(role string) string {
	switch r := strings.ToLower(role); r {
	case "ceo", "cfo":
		return strings.ToUpper(r)
	case "chief executive", "chief executive officer":
		return "CEO"
	case "chief financial officer":
		return "CFO"
	default:
		return r
	}
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// answerWho answers "who is the CEO?" from a person named with a role in
// the company's passages (listed at New), the latest document first.
func (e *Engine) answerWho(_ context.Context, p query, cov *coverage) (Answer, error) {
	marks := speakerMarks(p.speaker)
	var best corpus.Passage
	var bestName, bestRole string
	for _, id := range e.people[cov.company.Name] {
		pa, ok := e.corpus.Passage(id)
		if !ok || best.Meta != nil && !pa.Meta.Published.After(best.Meta.Published) {
			continue
		}
		for _, m := range nameRoleRE.FindAllStringSubmatch(pa.Text, -1) {
			role, name := m[1], m[2]
			if name == "" {
				name, role = m[3], m[4]
			}
			if len(marks) > 0 && !containsAny(strings.ToLower(role), marks) {
				continue
			}
			best, bestName, bestRole = pa, strings.TrimSpace(name), role
			break
		}
	}
	if bestName == "" {
		return e.decline(cov.company.Name, []string{"person"},
			fmt.Sprintf("My sources don't name the person you asked about at %s.", cov.company.Short), cov), nil
	}
	per := best.Meta.Period
	text := fmt.Sprintf("%s %s is %s, according to %s, on its results for %s.", possessive(cov.company.Short), roleName(bestRole), bestName, sourceName(best), periodPhrase(per, cov.fye))
	return Answer{
		Answered: true, Text: text, Company: cov.company.Name, Period: per.String(), PeriodLabel: cov.fye.Label(per),
		Facts: []facts.Fact{}, Citations: e.citations([]string{best.ID}), Context: Context{Company: cov.company.Name, Period: per.String()},
	}, nil
}

func sourceName(p corpus.Passage) string {
	if p.Meta == nil || p.Meta.Title == "" {
		return "its source"
	}
	return "“" + p.Meta.Title + "”"
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
