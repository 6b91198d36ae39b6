#!/usr/bin/env python3
"""Cohen's kappa between two labellings of the same rows.
usage: kappa.py FIRST.tsv SECOND.tsv [--disagreements OUT.tsv]"""
import collections, sys

def rows(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for l in f:
            if l.startswith("conversation\t") or not l.strip() or l.startswith("#"): continue
            out.append(l.rstrip("\n").split("\t"))
    return out

def kappa(pairs):
    n = len(pairs)
    if n == 0: return float("nan"), 0
    agree = sum(a == b for a, b in pairs) / n
    ca = collections.Counter(a for a, _ in pairs); cb = collections.Counter(b for _, b in pairs)
    chance = sum(ca[k] * cb.get(k, 0) for k in ca) / (n * n)
    return (agree - chance) / (1 - chance) if chance < 1 else 1.0, agree

a, b = rows(sys.argv[1]), rows(sys.argv[2])
assert len(a) == len(b), (len(a), len(b))
for x, y in zip(a, b): assert x[:5] == y[:5], (x[:5], y[:5])
kind = [(x[5], y[5]) for x, y in zip(a, b)]
full = [((x[5], x[6]), (y[5], y[6])) for x, y in zip(a, b)]
bidchat = [(x[5] == "bid", y[5] == "bid") for x, y in zip(a, b) if x[5] != "response" and y[5] != "response"]
cat = [(x[6], y[6]) for x, y in zip(a, b) if x[5] == "bid" and y[5] == "bid"]
turn = [(x[6], y[6]) for x, y in zip(a, b) if x[5] == "response" and y[5] == "response"]
link = [(x[7], y[7]) for x, y in zip(a, b) if x[5] == "response" and y[5] == "response"]
for name, pairs in [("kind", kind), ("kind+label", full), ("bid vs chat", bidchat), ("category (both bid)", cat), ("turn (both response)", turn), ("answers (both response)", link)]:
    k, agree = kappa(pairs)
    print(f"{name:26} n={len(pairs):5}  agreement {agree:.3f}  kappa {k:.3f}")
if "--disagreements" in sys.argv:
    out = sys.argv[sys.argv.index("--disagreements") + 1]
    with open(out, "w", encoding="utf-8") as f:
        f.write("conversation\tline\tspeaker\tgap_min\ttext\tfirst\tsecond\n")
        for x, y in zip(a, b):
            if x[5:8] != y[5:8]:
                f.write("\t".join(x[:5] + ["/".join(x[5:8]), "/".join(y[5:8])]) + "\n")
