package synth

import (
	"math/rand/v2"
	"strings"
)

// Company names are built from syllables that do not make English words
// together: a consonant cluster rare at the start of English words, a vowel,
// then a closing syllable. Every generated short name has a "v", "x", "q" or
// "z" in it and is unique in its corpus; real companies the bot knows
// (corpus/companies.yaml) and the fictional ones of the golden corpora are
// rejected by name (see reserved).
var (
	onsets = []string{"Qu", "Zv", "Xa", "Vor", "Zel", "Quil", "Vex", "Kzar", "Ovr", "Tzel", "Yx", "Zor", "Vael", "Xen", "Qor", "Dzo", "Vrin", "Zaph", "Quor", "Ixv"}
	middle = []string{"a", "e", "i", "o", "u", "ae", "ia", "ou", "y", "ei"}
	codas  = []string{"vrix", "lqen", "zant", "nox", "xel", "vane", "qar", "zith", "rvex", "lvor", "xion", "zura", "vell", "qesh", "xara", "dvik", "zemo", "vast", "quen", "xoth"}
	forms  = []string{"Holdings Limited", "Technologies Inc.", "Group AG", "Systems Corporation", "Networks Ltd", "Industries plc"}
)

// reserved are names a generated company must not take: companies the bot
// knows for real, and the fictional ones its golden corpora use.
var reserved = map[string]bool{
	"alibaba": true, "tencent": true, "baidu": true, "jd.com": true, "pdd": true, "huawei": true,
	"microsoft": true, "amazon": true, "nvidia": true, "apple": true, "alphabet": true, "google": true,
	"qilvara": true, "norvane": true, "helvaris": true, "xiaomi": true, "meituan": true, "netease": true,
	"zalando": true, "xerox": true, "vivo": true, "qualcomm": true, "zoom": true, "vertex": true,
}

// nameGen yields unique short names and tickers.
type nameGen struct {
	r       *rand.Rand
	shorts  map[string]bool
	tickers map[string]bool
}

func newNameGen(r *rand.Rand) *nameGen {
	return &nameGen{r: r, shorts: map[string]bool{}, tickers: map[string]bool{}}
}

// next returns a fresh short name, a legal form and a ticker symbol.
func (g *nameGen) next() (short, form, ticker string) {
	for i := 0; ; i++ {
		s := pick(g.r, onsets) + pick(g.r, middle) + pick(g.r, codas)
		if i > 50 { // a large corpus exhausts single names: add a syllable
			s += pick(g.r, middle) + strings.ToLower(pick(g.r, codas))
		}
		low := strings.ToLower(s)
		if g.shorts[low] || reserved[low] || !strings.ContainsAny(low, "vxqz") {
			continue
		}
		g.shorts[low] = true
		return s, pick(g.r, forms), g.ticker(low)
	}
}

// ticker derives a four-letter symbol from the name, unique in the corpus.
func (g *nameGen) ticker(low string) string {
	letters := []byte{}
	for i := 0; i < len(low); i++ {
		if c := low[i]; c >= 'a' && c <= 'z' && !strings.ContainsRune("aeiou", rune(c)) {
			letters = append(letters, c-'a'+'A')
		}
	}
	for len(letters) < 4 {
		letters = append(letters, 'X')
	}
	t := string(letters[:4])
	for g.tickers[t] {
		t = string(letters[:2]) + string(rune('A'+g.r.IntN(26))) + string(rune('A'+g.r.IntN(26)))
	}
	g.tickers[t] = true
	return t
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }
