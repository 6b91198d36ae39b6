#!/usr/bin/env python3
"""Splits labelled batches into train and dev by conversation: in each batch,
every fifth conversation (the 5th, 10th, ...) goes to dev, the rest to train.
usage: split.py OUT_DIR BATCH.tsv...   (writes OUT_DIR/train.tsv, OUT_DIR/dev.tsv)"""
import os, sys

HEADER = "conversation\tline\tspeaker\tgap_min\ttext\tkind\tlabel\tanswers\n"
out_dir, batches = sys.argv[1], sys.argv[2:]
parts = {"train": [], "dev": []}
for path in batches:
    order, rows = [], {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line == HEADER or not line.strip() or line.startswith("#"):
                continue
            conv = line.split("\t", 1)[0]
            if conv not in rows:
                order.append(conv)
                rows[conv] = []
            rows[conv].append(line)
    for i, conv in enumerate(order):
        parts["dev" if i % 5 == 4 else "train"].extend(rows[conv])
for name, lines in parts.items():
    with open(os.path.join(out_dir, name + ".tsv"), "w", encoding="utf-8") as f:
        f.write(HEADER)
        f.writelines(lines)
    print(name, len(lines), "lines")
