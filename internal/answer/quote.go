package answer

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/resultsbot/resultsbot/internal/corpus"
	"github.com/resultsbot/resultsbot/internal/index"
)

var (
	// quotedRE finds quoted speech of four words or more.
	quotedRE = regexp.MustCompile(`[“"]([^”"]*?\s[^”"]*?\s[^”"]*?\s[^”"]+?)[”"]`)
	// nameRoleRE finds a person named with a role: "CEO Eddie Wu",
	// "Eddie Wu, chief executive officer of Alibaba Group".
	nameRoleRE = regexp.MustCompile(`\b(?:(CEO|CFO|Chief Executive(?: Officer)?|Chief Financial Officer|[Cc]hairman|[Cc]hairwoman|[Pp]resident|[Ff]ounder|co-founder)\s+((?:\p{Lu}[\p{L}'-]+\s?){2,3})|((?:\p{Lu}[\p{L}'-]+\s){1,2}\p{Lu}[\p{L}'-]+),\s+(?:the\s+)?(?:company's\s+)?(chief executive(?: officer)?|chief financial officer|CEO|CFO|chairman|chairwoman|president|founder)\b)`)
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

// answerQuote answers "what did X say about Y?" with the best-matching
// quoted speech attributed to X, verbatim.
func (e *Engine) answerQuote(ctx context.Context, p parsed, cov *coverage) (Answer, error) {
	hits, err := e.ix.Search(ctx, index.Query{Type: index.TypePassage, Company: cov.company.Name, Text: strings.Join(p.terms, " "), Limit: 100})
	if err != nil {
		return Answer{}, err
	}
	marks := speakerMarks(p.speaker)
	for _, h := range hits {
		pa, ok := e.corpus.Passage(h.ID)
		if !ok {
			continue
		}
		quotes := quotedRE.FindAllStringSubmatch(pa.Text, -1)
		if len(quotes) == 0 {
			continue
		}
		context := strings.ToLower(pa.Text)
		if prev, ok := e.corpus.Passage(fmt.Sprintf("%s#%d", pa.Doc, pa.Seq-1)); ok {
			context = strings.ToLower(prev.Text) + " " + context
		}
		if len(marks) > 0 && !containsAny(context, marks) {
			continue
		}
		who := p.speaker
		if m := nameRoleRE.FindStringSubmatch(pa.Text); m != nil {
			who = strings.TrimSpace(m[2] + m[3])
		}
		if who == "" {
			who = "Management"
		}
		var said []string
		for _, q := range quotes {
			said = append(said, "“"+strings.TrimSpace(q[1])+"”")
		}
		per := pa.Meta.Period
		text := fmt.Sprintf("%s said, in %s's results coverage for %s: %s", who, cov.company.Short, periodPhrase(per, cov.fye), strings.Join(said, " … "))
		return Answer{
			Answered: true, Text: text, Company: cov.company.Name, Period: per.String(), PeriodLabel: cov.fye.Label(per),
			Facts: nil, Citations: e.citations([]string{pa.ID}),
			Context: Context{Company: cov.company.Name, Period: per.String()},
		}, nil
	}
	speaker := p.speaker
	if speaker == "" {
		speaker = "anyone at " + cov.company.Short
	}
	return e.decline(cov.company.Name, []string{"quote"},
		fmt.Sprintf("I don't have a quote from %s on that in my sources.", speaker), cov), nil
}

// answerWho answers "who is the CEO?" from a name given with its role.
func (e *Engine) answerWho(ctx context.Context, p parsed, cov *coverage) (Answer, error) {
	hits, err := e.ix.Search(ctx, index.Query{Type: index.TypePassage, Company: cov.company.Name, Text: strings.Join(p.terms, " "), Limit: 100})
	if err != nil {
		return Answer{}, err
	}
	marks := speakerMarks(p.speaker)
	for _, h := range hits {
		pa, ok := e.corpus.Passage(h.ID)
		if !ok {
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
			name = strings.TrimSpace(name)
			text := fmt.Sprintf("%s's %s is %s, according to %s.", cov.company.Short, strings.ToLower(role), name, sourceName(pa))
			if strings.EqualFold(role, "ceo") || strings.EqualFold(role, "cfo") {
				text = fmt.Sprintf("%s's %s is %s, according to %s.", cov.company.Short, strings.ToUpper(role), name, sourceName(pa))
			}
			per := pa.Meta.Period
			return Answer{
				Answered: true, Text: text, Company: cov.company.Name, Period: per.String(), PeriodLabel: cov.fye.Label(per),
				Citations: e.citations([]string{pa.ID}), Context: Context{Company: cov.company.Name, Period: per.String()},
			}, nil
		}
	}
	return e.decline(cov.company.Name, []string{"person"},
		fmt.Sprintf("My sources don't name the person you asked about at %s.", cov.company.Short), cov), nil
}

func sourceName(p corpus.Passage) string {
	if p.Meta == nil {
		return "its source"
	}
	if p.Meta.Publisher != "" {
		return p.Meta.Publisher
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
