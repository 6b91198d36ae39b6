#!/usr/bin/env python3
"""Checks a labelled batch against GUIDE.md's format and open-bid convention.

usage: check.py FILE.tsv [--unlabelled]   (prints problems and a label count)
"""
import collections
import sys

CATEGORIES = {"attention", "interest", "affection", "humor", "support", "help",
              "conversation", "play", "plan"}
TURNS = {"toward", "away", "against"}
HEAD = ["conversation", "line", "speaker", "gap_min", "text", "kind", "label", "answers"]


def main():
    path = sys.argv[1]
    unlabelled = "--unlabelled" in sys.argv
    head = HEAD[:5] if unlabelled else HEAD
    problems = []
    counts = collections.Counter()
    conversations = collections.OrderedDict()
    with open(path, encoding="utf-8") as f:
        rows = [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]
    if rows[0].split("\t") != head:
        problems.append(f"header must be: {chr(9).join(head)}")
    for n, row in enumerate(rows[1:], start=2):
        cols = row.split("\t")
        if len(cols) != len(head):
            problems.append(f"row {n}: {len(cols)} columns, want {len(head)}: {row[:60]}")
            continue
        conversations.setdefault(cols[0], []).append((n, cols))
    for conv, lines in conversations.items():
        open_bids = {"a": [], "b": []}  # line numbers of open bids, by speaker
        for i, (n, cols) in enumerate(lines, start=1):
            speaker, gap, text = cols[2], cols[3], cols[4]
            if cols[1] != str(i):
                problems.append(f"{conv} row {n}: line is {cols[1]}, want {i}")
            if speaker not in ("a", "b"):
                problems.append(f"{conv} row {n}: speaker {speaker!r}")
                continue
            if not gap.isdigit() or (i == 1 and gap != "0"):
                problems.append(f"{conv} row {n}: gap_min {gap!r}")
            if not text.strip():
                problems.append(f"{conv} row {n}: empty text")
            if unlabelled:
                continue
            kind, label, answers = cols[5], cols[6], cols[7]
            other = "b" if speaker == "a" else "a"
            counts[(kind, label)] += 1
            if open_bids[other]:
                if kind != "response":
                    problems.append(f"{conv} line {i}: {other} has open bids "
                                    f"{open_bids[other]}, so this is a response")
                    continue
            elif kind == "response":
                problems.append(f"{conv} line {i}: response, but {other} has no open bid")
                continue
            if kind == "response":
                if label not in TURNS:
                    problems.append(f"{conv} line {i}: turn {label!r}")
                if not answers.isdigit() or int(answers) not in open_bids[other]:
                    problems.append(f"{conv} line {i}: answers {answers!r}, open: {open_bids[other]}")
                    continue
                answered = int(answers)
                open_bids[other] = [b for b in open_bids[other] if b > answered]
            elif kind == "bid":
                if label not in CATEGORIES:
                    problems.append(f"{conv} line {i}: category {label!r}")
                if answers != "-":
                    problems.append(f"{conv} line {i}: a bid answers nothing, use -")
                open_bids[speaker].append(i)
            elif kind == "chat":
                if label != "-" or answers != "-":
                    problems.append(f"{conv} line {i}: chat has label and answers '-'")
            else:
                problems.append(f"{conv} line {i}: kind {kind!r}")
    for p in problems:
        print(p)
    total = sum(len(v) for v in conversations.values())
    print(f"{len(conversations)} conversations, {total} lines, {len(problems)} problems")
    if not unlabelled:
        for (kind, label), c in sorted(counts.items()):
            print(f"  {kind:9} {label:13} {c}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
