#!/usr/bin/env python3
"""Check the evaluation sets under testdata/ against their documents (standard library only).

Run from the project root:  python3 scripts/check-testdata.py

For every testdata/<set>/eval.json (the shape of internal/answer/testdata/eval/*.json):
  - only the known fields; every case has a question, a decline says what is missing;
  - a period, when set, is canonical ("quarter ended YYYY-MM-DD", "half year ended ...",
    "nine months ended ...", "year ended ...") and a real date;
  - every `sources` prefix names at least one document of the set;
  - every answer_has string, and at least one answer_any string, is written in a cited
    document (whitespace-normalised), so that each expectation can be checked by reading
    ("N sources agree" excepted: it describes the answer's citations).
For testdata/realistic/cases.json: each doc exists, an answerable case's gold is written in its
document, periods are canonical, and an unanswerable case has no period.
Front matter: none in corpus3; only title, company and published in tables/ and realistic/.
Prints one line per set and exits 1 on any problem.
"""
import datetime, glob, json, os, re, sys

FIELDS = {"q", "answered", "answer_has", "answer_any", "answer_lacks", "period", "company", "sources",
          "sources_lack", "missing", "known_failure", "note"}
PERIOD = re.compile(r"^(quarter|half year|nine months|year) ended (\d{4}-\d{2}-\d{2})$")
AGREE = re.compile(r"^\d+ sources agree$")
MISSING = {"company", "metric", "period", "quote", "person", "*"}
FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)

problems = []


def bad(where, msg):
    problems.append("%s: %s" % (where, msg))


def norm(s):
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ")).strip().lower()


def docs_of(root):
    out = {}
    for p in sorted(glob.glob(os.path.join(root, "**", "*"), recursive=True)):
        b = os.path.basename(p)
        if not os.path.isfile(p) or not b.endswith((".md", ".txt")) or b.startswith(("README", ".", "_")):
            continue
        out[os.path.relpath(p, root)] = open(p, encoding="utf-8").read()
    return out


def check_period(where, p):
    if not p:
        return
    m = PERIOD.match(p)
    if not m:
        bad(where, "period %r is not canonical" % p)
        return
    try:
        datetime.date.fromisoformat(m.group(2))
    except ValueError:
        bad(where, "period %r is not a date" % p)


def check_front(name, docs, allowed):
    for rel, text in docs.items():
        m = FRONT.match(text)
        if allowed is None:
            if m or text.startswith("---"):
                bad("%s/%s" % (name, rel), "has front matter")
            continue
        if not m:
            continue
        keys = {ln.split(":", 1)[0].strip() for ln in m.group(1).splitlines() if ":" in ln and not ln.startswith(" ")}
        if keys - allowed:
            bad("%s/%s" % (name, rel), "front matter keys %s beyond %s" % (sorted(keys - allowed), sorted(allowed)))


def check_eval(root):
    name = os.path.basename(root)
    docs = docs_of(root)
    f = json.load(open(os.path.join(root, "eval.json"), encoding="utf-8"))
    if set(f) - {"about", "cases"}:
        bad(name, "unknown top-level fields")
    n = answered = phr = noperiod = 0
    for i, c in enumerate(f["cases"]):
        where = "%s case %d (%s)" % (name, i, (c.get("q") or ["?"])[0])
        n += 1
        if set(c) - FIELDS:
            bad(where, "unknown fields %s" % sorted(set(c) - FIELDS))
        if not c.get("q"):
            bad(where, "no question")
        phr += len(c.get("q", []))
        if len(set(c.get("q", []))) != len(c.get("q", [])):
            bad(where, "repeated phrasing")
        check_period(where, c.get("period", ""))
        if not c.get("answered"):
            if c.get("missing") not in MISSING:
                bad(where, "decline without a valid missing")
            if c.get("answer_has") or c.get("answer_any") or c.get("period"):
                bad(where, "a decline expects a figure or a period")
            continue
        answered += 1
        if not c.get("period"):
            noperiod += 1
        srcs = c.get("sources") or []
        if not srcs:
            bad(where, "answered case without sources")
        cited = [t for rel, t in docs.items() if any(rel.startswith(s) or os.path.basename(rel).startswith(s) for s in srcs)]
        if srcs and not cited:
            bad(where, "no document matches sources %s" % srcs)
        body = norm(" ".join(cited))
        for s in c.get("answer_has", []):
            if AGREE.match(s):  # says how the answer cites, not what a document says
                continue
            if norm(s) not in body:
                bad(where, "answer_has %r is not in %s" % (s, srcs))
        if c.get("answer_any") and not any(norm(s) in body for s in c["answer_any"]):
            bad(where, "no answer_any string is in %s" % srcs)
        if not c.get("answer_has") and not c.get("answer_any"):
            bad(where, "answered case expects nothing")
    print("%-10s %3d documents, %3d cases (%d answered, %d declined), %d phrasings, %d answered without a period" % (
        name + ":", len(docs), n, answered, n - answered, phr, noperiod))
    return docs


def check_realistic(root):
    docs = docs_of(root)
    f = json.load(open(os.path.join(root, "cases.json"), encoding="utf-8"))
    per = {}
    ans = 0
    for i, c in enumerate(f["cases"]):
        where = "realistic case %d (%s)" % (i, c.get("question"))
        if set(c) - {"doc", "company", "question", "gold", "period", "answerable"}:
            bad(where, "unknown fields")
        for k in ("doc", "company", "question"):
            if not c.get(k):
                bad(where, "no " + k)
        if c.get("doc") not in docs:
            bad(where, "no document %r" % c.get("doc"))
            continue
        per[c["doc"]] = per.get(c["doc"], 0) + 1
        check_period(where, c.get("period", ""))
        if c.get("answerable"):
            ans += 1
            if not c.get("gold"):
                bad(where, "answerable without gold")
            elif norm(c["gold"]) not in norm(docs[c["doc"]]):
                bad(where, "gold %r is not in %s" % (c["gold"], c["doc"]))
        elif c.get("period") or c.get("gold"):
            bad(where, "unanswerable case with a gold or period")
    for d in docs:
        if d not in per:
            bad("realistic", "%s has no cases" % d)
    print("%-10s %3d documents, %3d cases (%d answerable, %d to decline), %d-%d per document" % (
        "realistic:", len(docs), len(f["cases"]), ans, len(f["cases"]) - ans, min(per.values() or [0]), max(per.values() or [0])))
    return docs


def main():
    if not os.path.isdir("testdata"):
        raise SystemExit("run from the project root")
    for root in sorted(glob.glob("testdata/*/eval.json")):
        root = os.path.dirname(root)
        docs = check_eval(root)
        name = os.path.basename(root)
        if name == "corpus3":
            check_front(name, docs, None)
            if os.path.exists(os.path.join(root, "companies.yaml")):
                bad(name, "has a companies.yaml")
        elif name in ("tables", "segments"):
            check_front(name, docs, {"title", "company", "published"})
    if os.path.exists("testdata/realistic/cases.json"):
        check_front("realistic", check_realistic("testdata/realistic"), {"title", "company", "published"})
    for p in problems:
        print("PROBLEM " + p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
