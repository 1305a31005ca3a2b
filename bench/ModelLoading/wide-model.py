#!/usr/bin/env python3
"""Writes a 2-input model with one N-wide hidden layer and a 2-class scores layer, minified (one line) and
pretty-printed (one value per line), to measure that loading a model is linear whatever its line layout
(docs/benchmarks.md, "Loading minified models"). Usage: wide-model.py N OUT_DIR"""
import json
import sys

n, out = int(sys.argv[1]), sys.argv[2]
model = {
    "format": "bnnverify-model", "version": 1, "name": "wide", "inputs": ["x1", "x2"],
    "layers": [
        {"kind": "dense", "weights": [[1, -1] if i % 2 else [-1, 1] for i in range(n)], "thresholds": [0] * n},
        {"kind": "dense", "activation": "scores", "weights": [[1 if (i + j) % 2 else -1 for i in range(n)] for j in range(2)]},
    ],
    "output": {"kind": "argmax", "classes": ["a", "b"]},
}
with open(f"{out}/wide-{n}-min.json", "w") as f:
    f.write(json.dumps(model, separators=(",", ":")))
with open(f"{out}/wide-{n}-pretty.json", "w") as f:
    f.write(json.dumps(model, indent=1))
