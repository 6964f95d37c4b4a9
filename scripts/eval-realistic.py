#!/usr/bin/env python3
"""Score the bot on testdata/realistic: results documents as users drop them in (standard library only).

The documents (fictional companies, our own words, the layouts of real releases and wire stories;
minimal front matter or none) are under testdata/realistic/{us,europe,asia,wire,other}; the cases
are testdata/realistic/cases.json:
  {"about": ..., "cases": [{"doc", "company", "question", "gold", "period", "answerable"}]}
The whole folder is one corpus, so a figure of another company can be picked up by mistake.

Run from the project root:  python3 scripts/eval-realistic.py [options]
It builds ./cmd/bot (or takes --bot PATH) and asks each question with
  bot ask --json --corpus testdata/realistic --company <company> "<question>"
two at a time.

Scoring (normalisation as in ../shared/benchmarks/tatqa/run.py, extended to currency codes glued to
numbers such as SEK42 billion or RMB2,318.4 million, and to crore and lakh):
  correct   answered, the answer's lead sentence holds the gold (a number: same figure, the scale
            word may differ or be absent; otherwise the span, case- and space-insensitive), the
            answer is not a quoted page (600 characters at most), and when the case sets a period
            the answer's `period` field equals it;
  wrong     answered otherwise (wrong figure, or right figure for the wrong period), or answered a
            question the document cannot answer;
  declined  answered false. For an unanswerable case this is the right outcome; it is counted
            under declined and also shown as "right declines".
Per-case results go to a temp file (or --out). The last line is
  realistic: correct N/M (P%), wrong K, declined D
with M all cases (N + K + D = M, plus errors when the bot failed).

usage: eval-realistic.py [--bot PATH] [--corpus DIR] [--cases FILE] [--only SET] [--jobs 1|2]
                         [--out FILE] [-v]
"""
import argparse, json, math, os, re, shutil, subprocess, sys, tempfile, unicodedata
from concurrent.futures import ThreadPoolExecutor

# ---------------------------------------------------------------- normalisation (after run.py)


def norm_text(s):
    s = unicodedata.normalize("NFKC", s or "")
    for a, b in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"'),
                 ("\u2014", "-"), ("\u2013", "-"), ("\u2212", "-"), ("\u00a0", " ")):
        s = s.replace(a, b)
    return re.sub(r"\s+", " ", s).strip().lower()


SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9,
          "b": 1e9, "trillion": 1e12, "tn": 1e12, "lakh": 1e5, "crore": 1e7}
# a currency code or symbol glued to a number ("SEK42", "RMB2,318.4", "R312") is split from it, so
# that the number is found as in run.py
GLUED = re.compile(r"(?<![A-Za-z])(RMB|CNY|SEK|NOK|DKK|CHF|EUR|USD|GBP|INR|KRW|JPY|MSEK|Rs|R)(?=\d)")
# a gold that is one figure: optional currency, sign or parentheses, the number, %, then at most
# words (scale, currency, unit) without further digits
GOLD_NUMBER = re.compile(
    r"^\s*(?P<pre>(?:[A-Za-z]{0,3}\$|[A-Z]{1,4}|Rs\.?|[$€£¥₹])?)\s*\(?\s*[-\u2212]?\s*"
    r"(?P<num>\d[\d,]*(?:\.\d+)?)\s*\)?\s*%?\s*(?P<rest>[^\d]*)$")
ANS_NUMBER = re.compile(
    r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)(?:\s*%)?"
    r"(?:\s*(thousand|million|billion|trillion|lakh|crore|mn|bn|tn|k|m|b)\b)?", re.I)


def gold_number(gold):
    m = GOLD_NUMBER.match(gold or "")
    if not m:
        return None
    v = float(m.group("num").replace(",", ""))
    words = norm_text(m.group("rest")).split()
    return v, SCALES.get(words[0], 1.0) if words else 1.0


def close(a, b):
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def has_number(text, gv, gscale):
    for m in ANS_NUMBER.finditer(GLUED.sub(r"\1 ", text)):
        digits = m.group(1).replace(",", "")
        if not digits:
            continue
        v = float(digits)
        if close(v, gv):  # same figure; scale word may differ or be absent
            return True
        sc = SCALES.get((m.group(2) or "").lower())
        if sc and gscale and close(v * sc, gv * gscale):  # same amount in another scale
            return True
    return False


def matches(text, gold):
    """Does text hold the gold answer?"""
    if not text or not gold:
        return False
    gn = gold_number(gold)
    if gn and has_number(text, *gn):
        return True
    g = norm_text(gold).rstrip(" .;,")
    return bool(g) and g in norm_text(text)


# An answer is judged on its lead sentence, and one over MAX_ANSWER characters is a quoted page.
MAX_ANSWER = 600
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"\u201d']?\s+(?=[A-Z\"\u201c])")


def lead(text):
    return _SENTENCE_END.split(text.strip(), 1)[0] if text else ""


# ---------------------------------------------------------------- running


def ask(bot, corpus, case):
    cmd = [bot, "ask", "--json", "--corpus", corpus, "--company", case["company"], case["question"]]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        return {"error": "timeout"}
    if p.returncode != 0:
        return {"error": "exit %d: %s" % (p.returncode, p.stderr.strip()[-300:])}
    try:
        return json.loads(p.stdout)
    except ValueError:
        return {"error": "bad JSON: " + p.stdout[:200]}


def set_of(case):
    return case["doc"].split("/", 1)[0] if "/" in case["doc"] else "."


def score(case, out):
    r = {"set": set_of(case), "doc": case["doc"], "company": case["company"], "question": case["question"],
         "gold": case["gold"], "period": case.get("period", ""), "answerable": bool(case["answerable"])}
    if "error" in out:
        r.update(outcome="error", error=out["error"])
        return r
    quotes = [c.get("quote", "") for c in out.get("citations") or []]
    r.update(answered=bool(out.get("answered")), answer=out.get("answer", ""), answer_period=out.get("period", ""),
             missing=out.get("missing"), cited_gold=bool(case["gold"]) and any(matches(q, case["gold"]) for q in quotes))
    if not r["answered"]:
        r["outcome"] = "declined"
    elif not r["answerable"]:
        r.update(outcome="wrong", why="answered a question the document cannot answer")
    elif len(r["answer"]) > MAX_ANSWER:
        r.update(outcome="wrong", why="a quoted page, not an answer")
    elif not matches(lead(r["answer"]), case["gold"]):
        r.update(outcome="wrong", why="the lead sentence lacks the gold")
    elif r["period"] and r["answer_period"] != r["period"]:
        r.update(outcome="wrong", why="right figure, period %r instead of %r" % (r["answer_period"], r["period"]))
    else:
        r["outcome"] = "correct"
    return r


def pct(n, d):
    return 100.0 * n / d if d else 0.0


def count(rs, outcome, answerable=None):
    return sum(r["outcome"] == outcome and (answerable is None or r["answerable"] == answerable) for r in rs)


def line(label, rs):
    n = len(rs)
    c, w, d, e = (count(rs, o) for o in ("correct", "wrong", "declined", "error"))
    a = sum(r["answerable"] for r in rs)
    u = n - a
    ud = count(rs, "declined", False)
    s = "%-10s correct %d/%d (%.1f%%), wrong %d (%.1f%%), declined %d (%.1f%%); answerable correct %d/%d, right declines %d/%d" % (
        label + ":", c, n, pct(c, n), w, pct(w, n), d, pct(d, n), c, a, ud, u)
    if e:
        s += ", errors %d" % e
    return s


def build_bot(tmp):
    if not os.path.isdir(os.path.join("cmd", "bot")):
        raise SystemExit("no ./cmd/bot here: run from the project root or pass --bot PATH")
    bot = os.path.join(tmp, "bot")
    b = subprocess.run(["go", "build", "-o", bot, "./cmd/bot"], capture_output=True, text=True)
    if b.returncode != 0:
        raise SystemExit("go build ./cmd/bot failed: " + b.stderr.strip()[-500:])
    return bot


def main(argv):
    ap = argparse.ArgumentParser(description="score the bot on testdata/realistic")
    ap.add_argument("--bot", help="bot binary (default: build ./cmd/bot from the current directory)")
    ap.add_argument("--corpus", default=os.path.join("testdata", "realistic"), help="corpus folder (default testdata/realistic)")
    ap.add_argument("--cases", help="cases file (default CORPUS/cases.json)")
    ap.add_argument("--only", help="run one set (a first-level folder: us, europe, asia, wire, other)")
    ap.add_argument("--jobs", type=int, default=2, help="parallel bot processes (1 or 2; default 2)")
    ap.add_argument("--out", help="write per-case results here (default: a new temp file)")
    ap.add_argument("-v", action="store_true", help="print every case that is not correct")
    a = ap.parse_args(argv)

    cases_file = a.cases or os.path.join(a.corpus, "cases.json")
    with open(cases_file, encoding="utf-8") as f:
        data = json.load(f)
    cases = data["cases"]
    if a.only:
        cases = [c for c in cases if set_of(c) == a.only]
    if not cases:
        raise SystemExit("no cases")

    tmp = tempfile.mkdtemp(prefix="realistic-run-")
    try:
        bot = os.path.abspath(a.bot) if a.bot else build_bot(tmp)
        jobs = max(1, min(2, a.jobs))
        with ThreadPoolExecutor(max_workers=jobs) as ex:
            outs = list(ex.map(lambda c: ask(bot, a.corpus, c), cases))
        results = [score(c, o) for c, o in zip(cases, outs)]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report(a, data, results)


def report(a, data, results):
    if a.out:
        path = os.path.abspath(a.out)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        f = open(path, "w", encoding="utf-8")
    else:
        fd, path = tempfile.mkstemp(prefix="realistic-results-", suffix=".json")
        f = os.fdopen(fd, "w", encoding="utf-8")
    with f:
        json.dump({"about": data.get("about"), "results": results}, f, ensure_ascii=False, indent=1)
        f.write("\n")

    if a.v:
        for r in results:
            if r["outcome"] == "correct":
                continue
            print("[%s %s%s] %s (%s)\n  gold: %s%s\n  bot:  %s%s" % (
                r["set"], r["outcome"], "" if r["answerable"] else ", unanswerable", r["question"], r["company"],
                r["gold"] or "-", " / " + r["period"] if r["period"] else "",
                (r.get("answer") or r.get("error") or "").replace("\n", " ")[:300],
                " / " + r["answer_period"] if r.get("answer_period") else ""))

    for s in sorted({r["set"] for r in results}):
        print(line(s, [r for r in results if r["set"] == s]))
    print(line("all", results))
    period_misses = sum(r.get("why", "").startswith("right figure, period") for r in results)
    if period_misses:
        print("wrong answers with the right figure but the wrong period: %d" % period_misses)
    print("per-case results: " + path)
    n = len(results)
    c, w, d, e = (count(results, o) for o in ("correct", "wrong", "declined", "error"))
    final = "realistic: correct %d/%d (%.1f%%), wrong %d, declined %d" % (c, n, pct(c, n), w, d)
    if e:
        final += ", errors %d" % e
    print(final)


if __name__ == "__main__":
    main(sys.argv[1:])
