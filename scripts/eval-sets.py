#!/usr/bin/env python3
"""Ask the bot every phrasing of testdata/<set>/eval.json through the CLI (standard library only).

The sets corpus3, tables and segments hold cases in the shape of internal/answer/testdata/eval/*.json;
internal/answer/eval_test.go checks them in process once they are added to evalCorpora(). This
script gives the same verdicts from the command line, for any binary, before that wiring exists:

  python3 scripts/eval-sets.py [--bot PATH] [--set corpus3|tables|segments ...] [--jobs 2] [-v]

Each phrasing is asked with `bot ask --json --corpus testdata/<set> "<q>"` (the questions name their
company). A phrasing passes when, as in eval_test.go's expect(): answered matches; the answer text
contains every answer_has string and one answer_any string and no answer_lacks string
(case-insensitive); the answer's period equals the case's period when set; the answer's company
starts with the case's company; one citation comes from a `sources` prefix and none from a
`sources_lack` prefix; a decline names the expected `missing`. A phrasing is counted as a wrong
figure when it is answered although a decline is expected, or when its answer holds an
answer_lacks string. Prints one line per set and a last line
  sets: passed N/M phrasings (P%), wrong figures K
"""
import argparse, json, os, shutil, subprocess, sys, tempfile
from concurrent.futures import ThreadPoolExecutor

SETS = ("corpus3", "tables", "segments")


def ask(bot, corpus, q):
    try:
        p = subprocess.run([bot, "ask", "--json", "--corpus", corpus, q], capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        return {"error": "timeout"}
    if p.returncode != 0:
        return {"error": "exit %d: %s" % (p.returncode, p.stderr.strip()[-300:])}
    try:
        return json.loads(p.stdout)
    except ValueError:
        return {"error": "bad JSON: " + p.stdout[:200]}


def doc_matches(doc, prefixes):
    return any(doc.startswith(p) or os.path.basename(doc).startswith(p) for p in prefixes)


def expect(c, out):
    """How out falls short of case c (empty when it passes), and whether it gave a wrong figure."""
    if "error" in out:
        return ["error: " + out["error"]], False
    if bool(out.get("answered")) != c["answered"]:
        return ["answered = %s, want %s" % (out.get("answered"), c["answered"])], bool(out.get("answered"))
    misses, wrong = [], False
    text = (out.get("answer") or "").lower()
    for s in c.get("answer_has", []):
        if s.lower() not in text:
            misses.append("answer lacks %r" % s)
    if c.get("answer_any") and not any(s.lower() in text for s in c["answer_any"]):
        misses.append("answer has none of %r" % c["answer_any"])
    for s in c.get("answer_lacks", []):
        if s.lower() in text:
            misses.append("answer has %r" % s)
            wrong = True
    if c.get("period") and out.get("period") != c["period"]:
        misses.append("period = %r, want %r" % (out.get("period"), c["period"]))
    if c.get("company"):
        got = (out.get("company") or "").lower()
        if not got.startswith(c["company"].lower()):
            misses.append("company = %r, want %r" % (out.get("company"), c["company"]))
    docs = [x.get("doc", "") for x in out.get("citations") or []]
    if c.get("sources") and not any(doc_matches(d, c["sources"]) for d in docs):
        misses.append("no citation from %r" % c["sources"])
    if c.get("sources_lack") and any(doc_matches(d, c["sources_lack"]) for d in docs):
        misses.append("cites %r" % c["sources_lack"])
    m = c.get("missing")
    if not c["answered"] and m and m != "*" and m not in (out.get("missing") or []):
        misses.append("missing = %r, want %r" % (out.get("missing"), m))
    return misses, wrong


def build_bot(tmp):
    if not os.path.isdir(os.path.join("cmd", "bot")):
        raise SystemExit("no ./cmd/bot here: run from the project root or pass --bot PATH")
    bot = os.path.join(tmp, "bot")
    b = subprocess.run(["go", "build", "-o", bot, "./cmd/bot"], capture_output=True, text=True)
    if b.returncode != 0:
        raise SystemExit("go build ./cmd/bot failed: " + b.stderr.strip()[-500:])
    return bot


def main(argv):
    ap = argparse.ArgumentParser(description="ask the bot every phrasing of testdata/<set>/eval.json")
    ap.add_argument("--bot", help="bot binary (default: build ./cmd/bot)")
    ap.add_argument("--set", action="append", choices=SETS, help="a set to run (repeatable; default all)")
    ap.add_argument("--jobs", type=int, default=2, help="parallel bot processes (1 or 2; default 2)")
    ap.add_argument("-v", action="store_true", help="print every phrasing that fails, with its first miss")
    a = ap.parse_args(argv)
    tmp = tempfile.mkdtemp(prefix="eval-sets-")
    try:
        bot = os.path.abspath(a.bot) if a.bot else build_bot(tmp)
        total = passed = wrong = 0
        for name in a.set or SETS:
            corpus = os.path.join("testdata", name)
            cases = json.load(open(os.path.join(corpus, "eval.json"), encoding="utf-8"))["cases"]
            jobs = [(c, q) for c in cases for q in c["q"]]
            with ThreadPoolExecutor(max_workers=max(1, min(2, a.jobs))) as ex:
                outs = list(ex.map(lambda j: ask(bot, corpus, j[1]), jobs))
            n = p = w = 0
            full = {}
            for (c, q), out in zip(jobs, outs):
                misses, bad = expect(c, out)
                n += 1
                p += not misses
                w += bad
                full[id(c)] = full.get(id(c), True) and not misses
                if misses and a.v:
                    print("[%s] %s\n  %s\n  bot: %s" % (name, q, misses[0], (out.get("answer") or out.get("error") or "")[:240].replace("\n", " ")))
            print("%-9s passed %d/%d phrasings (%.1f%%), cases with every phrasing passing %d/%d, wrong figures %d" % (
                name + ":", p, n, 100.0 * p / n if n else 0, sum(full.values()), len(cases), w))
            total, passed, wrong = total + n, passed + p, wrong + w
        print("sets: passed %d/%d phrasings (%.1f%%), wrong figures %d" % (passed, total, 100.0 * passed / total if total else 0, wrong))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
