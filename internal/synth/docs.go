package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/resultsbot/resultsbot/internal/period"
)

// Figures as the documents write them. Amounts are in millions of the
// company's currency.

// commas writes n with thousands separators: 86214 -> "86,214".
func commas(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func rmbM(v float64) string { return "RMB" + commas(int(math.Round(v))) + " million" }
func usdM(v float64) string { return "USD" + commas(int(math.Round(v))) + " million" }

// billions writes an amount with a currency prefix: "$8.42 billion", or
// "$560 million" under a billion.
func billions(sym string, v float64) string {
	if math.Round(v) < 1000 {
		return sym + strconv.Itoa(int(math.Round(v))) + " million"
	}
	return sym + strconv.FormatFloat(v/1000, 'f', 2, 64) + " billion"
}

// yuanB is how news writes a yuan amount: "91.56 billion yuan".
func yuanB(v float64) string { return strconv.FormatFloat(v/1000, 'f', 2, 64) + " billion yuan" }

// pct is a whole percentage without sign: "7%".
func pct(g int) string { return strconv.Itoa(abs(g)) + "%" }

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// nonzero keeps growth figures away from 0, which documents write as "flat".
func nonzero(g int) int {
	if g == 0 {
		return 1
	}
	return g
}

// amount is the company's figure v as its main document writes it.
func (co *company) amount(v float64) string {
	switch co.Style {
	case "rmb":
		return rmbM(v)
	case "usd":
		return billions("$", v)
	}
	return billions("€", v)
}

// newsAmount is the figure as the news article writes it.
func (co *company) newsAmount(v float64) string {
	switch co.Style {
	case "rmb":
		return yuanB(v)
	case "usd":
		return billions("$", v)
	}
	return billions("€", v)
}

func (co *company) yoy(s []float64, t int) int { return nonzero(growth(s, t, 4)) }
func (co *company) qoq(s []float64, t int) int { return nonzero(growth(s, t, 1)) }

func (co *company) frontMatter(b *strings.Builder, title, publisher string, published time.Time, per period.Period) {
	tickers := fmt.Sprintf("[\"%s:%s\"]", co.exchange, co.Ticker)
	if co.hk != "" {
		tickers = fmt.Sprintf("[\"%s:%s\", \"HKEX:%s\"]", co.exchange, co.Ticker, co.hk)
	}
	fmt.Fprintf(b, "---\ntitle: %s\ncompany: %s\ntickers: %s\npublisher: %s\npublished: %s\nperiod: %s\n",
		title, co.Name, tickers, publisher, published.Format(time.DateOnly), per.String())
	if co.FiscalYearEnd != "12-31" {
		fmt.Fprintf(b, "fiscal_year_end: %q\n", co.FiscalYearEnd)
	}
	b.WriteString("---\n\n")
}

// quarterTitle names the quarter as a release headline does: "September
// Quarter 2025" or "First Quarter Fiscal 2026".
func (co *company) quarterTitle(per period.Period) string {
	if co.FiscalYearEnd == "12-31" {
		return per.End.Format("January") + " Quarter " + strconv.Itoa(per.End.Year())
	}
	fy, q := co.fye.Fiscal(per)
	return []string{"", "First", "Second", "Third", "Fourth"}[q] + " Quarter Fiscal " + strconv.Itoa(fy)
}

func changeRMB(g int) string {
	if g < 0 {
		return "a decrease of " + pct(g) + " YoY"
	}
	return "an increase of " + pct(g) + " YoY"
}

func upDown(g int) string {
	if g < 0 {
		return "down " + pct(g)
	}
	return "up " + pct(g)
}

func (co *company) rmbRelease(t int, per period.Period, published time.Time) string {
	var b strings.Builder
	title := co.Name + " Announces " + co.quarterTitle(per) + " Results"
	co.frontMatter(&b, title, co.Name+" (press release)", published, per)
	rate := co.rate[t]
	both := func(v float64) string { return rmbM(v) + " (" + usdM(v/rate) + ")" }
	fmt.Fprintf(&b, "# %s\n\n", title)
	fmt.Fprintf(&b, "%s, %s -- %s (%s: %s; HKEX: %s) today announced its financial results for the quarter ended %s.\n\n",
		co.city, published.Format("January 2, 2006"), co.Name, co.exchange, co.Ticker, co.hk, per.End.Format("January 2, 2006"))
	b.WriteString("## Financial highlights\n\n")
	fmt.Fprintf(&b, "- Total revenues were %s, %s.\n", both(co.group[t]), changeRMB(co.yoy(co.group, t)))
	for k, s := range co.segs {
		fmt.Fprintf(&b, "- %s revenue was %s, %s.\n", s.displayFor(co.Short), both(co.revenue[k][t]), changeRMB(co.yoy(co.revenue[k], t)))
	}
	fmt.Fprintf(&b, "- Income from operations was %s, %s.\n", both(co.opInc[t]), changeRMB(co.yoy(co.opInc, t)))
	fmt.Fprintf(&b, "- Adjusted EBITA was %s, %s.\n", both(co.adj[t]), changeRMB(co.yoy(co.adj, t)))
	fmt.Fprintf(&b, "- Net income attributable to ordinary shareholders was %s, %s.\n", both(co.netInc[t]), changeRMB(co.yoy(co.netInc, t)))
	fmt.Fprintf(&b, "- Diluted earnings per ADS was RMB%.2f (USD%.2f).\n", co.eps[t]*8, co.eps[t]*8/rate)
	fmt.Fprintf(&b, "- Free cash flow was %s, compared with %s in the same quarter of %d.\n\n", both(co.fcf[t]), rmbM(co.fcf[t-4]), per.End.Year()-1)
	b.WriteString("## Business highlights\n\n")
	fmt.Fprintf(&b, "- %s: AI-related product revenue maintained triple-digit year-over-year growth.\n", co.segs[0].displayFor(co.Short))
	fmt.Fprintf(&b, "- Capital expenditures were %s in the quarter, mainly for AI and data center capacity.\n", both(co.capex[t]))
	fmt.Fprintf(&b, "- %s continued to invest in user experience and merchant tools.\n\n", co.segs[1].displayFor(co.Short))
	fmt.Fprintf(&b, "\"Our %s business grew as enterprise customers moved workloads into production,\" said %s, Chief Executive Officer of %s.\n\n", co.segs[0].ask, co.ceo, co.Short)
	fmt.Fprintf(&b, "\"We remain disciplined on profitability while investing for growth,\" said %s, Chief Financial Officer.\n\n", co.cfo)
	b.WriteString("## Exchange rate\n\n")
	fmt.Fprintf(&b, "This announcement contains translations of certain RMB amounts into USD at a rate of USD1.00 to RMB%.4f, the noon buying rate on %s.\n",
		rate, per.End.Format("January 2, 2006"))
	return b.String()
}

func (co *company) usdRelease(t int, per period.Period, published time.Time) string {
	var b strings.Builder
	title := co.Name + " Reports " + co.quarterTitle(per) + " Financial Results"
	co.frontMatter(&b, title, co.Name+" (press release)", published, per)
	fmt.Fprintf(&b, "# %s\n\n", title)
	fmt.Fprintf(&b, "%s, %s -- %s (%s: %s) today reported results for the quarter ended %s.\n\n",
		co.city, published.Format("January 2, 2006"), co.Name, co.exchange, co.Ticker, per.End.Format("January 2, 2006"))
	b.WriteString("## Quarter highlights\n\n")
	fmt.Fprintf(&b, "- Revenue was %s, %s quarter-over-quarter and %s year-over-year.\n",
		billions("$", co.group[t]), upDown(co.qoq(co.group, t)), upDown(co.yoy(co.group, t)))
	for k, s := range co.segs {
		form := "- %s revenue was %s, %s sequentially and %s from a year ago.\n"
		if k%2 == 1 {
			form = "- %s revenue was %s, %s QoQ and %s YoY.\n"
		}
		fmt.Fprintf(&b, form, s.displayFor(co.Short), billions("$", co.revenue[k][t]), upDown(co.qoq(co.revenue[k], t)), upDown(co.yoy(co.revenue[k], t)))
	}
	gm := 40 + float64(t%7)*1.3
	fmt.Fprintf(&b, "- GAAP gross margin was %.1f%%, up 0.8 percentage points from the prior quarter. Non-GAAP gross margin was %.1f%%.\n", gm, gm+1.8)
	fmt.Fprintf(&b, "- GAAP operating income was %s, %s QoQ. Non-GAAP operating income was %s.\n",
		billions("$", co.opInc[t]), upDown(co.qoq(co.opInc, t)), billions("$", co.adj[t]))
	fmt.Fprintf(&b, "- GAAP net income was %s, and GAAP diluted earnings per share were $%.2f, %s year-over-year.\n",
		billions("$", co.netInc[t]), co.eps[t], upDown(co.yoy(co.eps, t)))
	fmt.Fprintf(&b, "- Free cash flow was %s. Capital expenditures were %s.\n\n", billions("$", co.fcf[t]), billions("$", co.capex[t]))
	fmt.Fprintf(&b, "\"Demand for our products continues to outpace supply, and %s revenue set another record,\" said %s, President and Chief Executive Officer.\n\n",
		co.segs[0].displayFor(co.Short), co.ceo)
	b.WriteString("## Capital return\n\n")
	fmt.Fprintf(&b, "%s returned %s to shareholders through share repurchases and a quarterly dividend of $0.%02d per share.\n\n",
		co.Short, billions("$", co.fcf[t]*0.6), 10+t%20)
	b.WriteString("## Outlook for the next quarter\n\n")
	fmt.Fprintf(&b, "- Revenue is expected to be %s, plus or minus 2%%.\n", billions("$", co.group[t]*1.04))
	fmt.Fprintf(&b, "- Non-GAAP gross margin is expected to be %.1f%%, plus or minus 50 basis points.\n\n", gm+2)
	b.WriteString("## Non-GAAP measures\n\n")
	b.WriteString("Non-GAAP measures exclude stock-based compensation, acquisition-related amortization and restructuring charges. A reconciliation to the most directly comparable GAAP measures is included in the tables below.\n")
	return b.String()
}

func (co *company) eurUpdate(t int, per period.Period, published time.Time) string {
	var b strings.Builder
	_, q := co.fye.Fiscal(per)
	ord := []string{"", "first", "second", "third", "fourth"}[q]
	title := fmt.Sprintf("%s - Trading update for the %s quarter of %d", co.Name, ord, per.End.Year())
	co.frontMatter(&b, title, co.Name+" (investor relations)", published, per)
	fmt.Fprintf(&b, "# %s: Trading update for the %s quarter of %d\n\n", co.Name, ord, per.End.Year())
	fmt.Fprintf(&b, "%s, %s -- %s today published its trading update for the three months ended %s. Figures are prepared under IFRS unless stated otherwise.\n\n",
		co.city, published.Format("2 January 2006"), co.Name, per.End.Format("2 January 2006"))
	b.WriteString("## Group performance\n\n")
	g := co.yoy(co.group, t)
	fmt.Fprintf(&b, "Group revenue reached %s in the quarter, %s of %s year on year as reported and %s in constant currency.\n\n",
		billions("€", co.group[t]), incDec(g), pct(g), pct(g+int(co.ccDelta[t])))
	fmt.Fprintf(&b, "Adjusted EBITDA %s %s to %s.\n\n", roseFell(co.yoy(co.adj, t)), pct(co.yoy(co.adj, t)), billions("€", co.adj[t]))
	fmt.Fprintf(&b, "Net profit was %s, compared with %s a year earlier.\n\n", billions("€", co.netInc[t]), billions("€", co.netInc[t-4]))
	fmt.Fprintf(&b, "Basic earnings per share were €%.2f.\n\n", co.eps[t])
	b.WriteString("## Segments\n\n")
	for k, s := range co.segs {
		sg := co.yoy(co.revenue[k], t)
		fmt.Fprintf(&b, "- %s revenue %s %s in constant currency (%s reported) to %s.\n",
			s.displayFor(co.Short), grewDeclined(sg), pct(sg+int(co.ccDelta[t])), pct(sg), billions("€", co.revenue[k][t]))
	}
	b.WriteString("\n## Outlook\n\n")
	fmt.Fprintf(&b, "%s confirms its outlook for the full year: revenue growth of 7%% to 8%% in constant currency.\n\n", co.Short)
	fmt.Fprintf(&b, "\"Subscriptions and payments more than offset the weakness elsewhere,\" said chief executive %s.\n", co.ceo)
	return b.String()
}

func incDec(g int) string {
	if g < 0 {
		return "a decrease"
	}
	return "an increase"
}

func roseFell(g int) string {
	if g < 0 {
		return "fell"
	}
	return "rose"
}

func grewDeclined(g int) string {
	if g < 0 {
		return "declined"
	}
	return "grew"
}

func (co *company) news(r *rand.Rand, t int, per period.Period, published time.Time) string {
	var b strings.Builder
	seg := co.segs[0]
	sg, prev := co.yoy(co.revenue[0], t), co.yoy(co.revenue[0], t-1)
	verb := "speeds up"
	if sg < prev {
		verb = "slows"
	}
	title := fmt.Sprintf("%s's %s %s as results land", co.Short, seg.ask, verb)
	co.frontMatter(&b, title, pick(r, []string{"Eastbridge Business Wire", "Northgate Markets Daily", "Harbourline Financial News"}), published, per)
	fmt.Fprintf(&b, "# %s\n\n", title)
	city, _, _ := strings.Cut(co.city, ",")
	g := co.yoy(co.group, t)
	est := co.group[t] * (0.96 + 0.08*r.Float64())
	rev := co.newsAmount(co.group[t])
	if co.Style == "rmb" {
		rev += " (" + billions("$", co.group[t]/co.rate[t]) + ")"
	}
	ahead := "ahead of"
	if est > co.group[t] {
		ahead = "short of"
	}
	rise := "rise"
	if g < 0 {
		rise = "decline"
	}
	fmt.Fprintf(&b, "%s — %s reported a %s %s in revenue to %s for the %s quarter, %s analysts' average estimate of %s.\n\n",
		strings.ToUpper(city[:1])+strings.ToLower(city[1:]), co.Short, pct(g), rise, rev, per.End.Format("January"), ahead, co.newsAmount(est))
	trendWord := "accelerating"
	if sg < prev {
		trendWord = "slowing"
	}
	grew := "grew"
	if sg < 0 {
		grew = "shrank"
	}
	fmt.Fprintf(&b, "The company's %s %s %s from a year earlier to %s, %s from %s in the previous quarter. Analysts had expected %s revenue of %s.\n\n",
		seg.news, grew, pct(sg), co.newsAmount(co.revenue[0][t]), trendWord, pct(prev), seg.ask, co.newsAmount(co.revenue[0][t]*(0.95+0.1*r.Float64())))
	ng := co.yoy(co.netInc, t)
	if ng < 0 {
		fmt.Fprintf(&b, "Profit fell as the company kept spending on growth. Net income dropped %s to %s.\n\n", pct(ng), co.newsAmount(co.netInc[t]))
	} else {
		fmt.Fprintf(&b, "Profit improved as costs eased. Net income rose %s to %s.\n\n", pct(ng), co.newsAmount(co.netInc[t]))
	}
	move := 1 + r.Float64()*7
	dir := "rose"
	if r.IntN(3) == 0 {
		dir = "fell"
	}
	fmt.Fprintf(&b, "%s's shares %s %.1f%% to $%.2f in early trading.\n\n", co.Short, dir, move, co.price[t])
	fmt.Fprintf(&b, "Chief executive %s said customer demand \"remains far ahead of what we can supply\" and that the company \"will not slow down investment for short-term margins.\"\n", co.ceo)
	return b.String()
}

// periodPhrase is how a question names per, in one of the ways people do.
func (co *company) periodPhrase(r *rand.Rand, per period.Period) string {
	switch r.IntN(3) {
	case 0:
		return "the quarter ended " + per.End.Format("January 2, 2006")
	case 1:
		return "the " + per.End.Format("January 2006") + " quarter"
	}
	fy, q := co.fye.Fiscal(per)
	if co.FiscalYearEnd == "12-31" {
		return fmt.Sprintf("Q%d %d", q, fy)
	}
	return fmt.Sprintf("fiscal %d Q%d", fy, q)
}

// questions are the questions a company-quarter answers, with the figures
// its documents state.
func (co *company) questions(r *rand.Rand, t int, per period.Period, latest bool) []Question {
	ps := per.String()
	var out []Question
	add := func(kind, text string, want ...string) {
		out = append(out, Question{Text: text, Company: co.Name, Period: ps, Want: want, Kind: kind})
	}
	k := r.IntN(len(co.segs))
	s := co.segs[k]
	segWant := []string{co.amount(co.revenue[k][t])}
	if k == 0 {
		segWant = append(segWant, co.newsAmount(co.revenue[0][t]))
	}
	add("segment revenue", fmt.Sprintf("What was %s's %s revenue in %s?", co.Short, s.ask, co.periodPhrase(r, per)), segWant...)
	add("revenue growth yoy", fmt.Sprintf("How much did %s's revenue grow year over year in %s?", co.Short, co.periodPhrase(r, per)), pct(co.yoy(co.group, t)))
	add("net income", fmt.Sprintf("What was %s's net income in %s?", co.Short, co.periodPhrase(r, per)), co.amount(co.netInc[t]), co.newsAmount(co.netInc[t]))
	switch co.Style {
	case "usd":
		add("revenue growth qoq", fmt.Sprintf("How much did %s's revenue grow quarter over quarter in %s?", co.Short, co.periodPhrase(r, per)), pct(co.qoq(co.group, t)))
	case "eur":
		g := co.yoy(co.group, t)
		add("revenue growth constant currency", fmt.Sprintf("How much did %s's revenue grow in constant currency in %s?", co.Short, co.periodPhrase(r, per)), pct(g+int(co.ccDelta[t])))
	case "rmb":
		add("operating income", fmt.Sprintf("What was %s's income from operations in %s?", co.Short, co.periodPhrase(r, per)), co.amount(co.opInc[t]))
	}
	if latest {
		rev := co.newsAmount(co.group[t])
		add("revenue latest", fmt.Sprintf("What was %s's revenue in the latest quarter?", co.Short), co.amount(co.group[t]), rev)
	}
	return out
}
