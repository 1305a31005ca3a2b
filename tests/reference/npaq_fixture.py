#!/usr/bin/python3
"""Writes the NPAQ / BNNQuanalyst CSV fixture of the importer tests, and its expected outputs.

A small seeded random BNN (9 binary inputs, hidden blocks of 6 and 5 neurons, 4 classes) with the
features the layout allows: pruned (0) weights, negative and zero bn_weight, real lin_bias, and output
biases two of which differ by exactly 2, so that real ties occur. It is written twice:

  tests/fixtures/npaq/tiny-neurons/  lin_weight.csv with one row per neuron (BNNQuanalyst's files)
  tests/fixtures/npaq/tiny-inputs/   lin_weight.csv with one row per input (NPAQ writes W transposed)

and tests/fixtures/npaq/tiny.expected lists, for all 512 inputs, the bits (input 0 first, 1 = +1) and the
class of an independent float64 evaluation of the layout's documented semantics:

  hidden:  +1 iff (s + lin_bias - bn_mean) / sqrt(bn_var) * bn_weight + bn_bias >= 0   (no epsilon)
  output:  argmax_j (s_j + lin_bias_j), the first maximum on ties (numpy.argmax)

Parameters are redrawn until no hidden value lies within 1e-6 of 0 (so that float64 decides exactly),
every class occurs, and at least 5 inputs have classes 0 and 1 tied at the top (class 0 must win those).
Usage: npaq_fixture.py [OUTPUT_DIR]   (default tests/fixtures/npaq)
"""
import itertools
import os
import sys

import numpy as np

SIZES = [9, 6, 5]
CLASSES = 4
OUT_BIAS = [0.25, -1.75, 0.5, -0.25]   # classes 0 and 1 tie whenever s_1 - s_0 = 2


def draw(rng):
    blocks = []
    for n_in, n_out in zip(SIZES, SIZES[1:]):
        w = rng.choice([-1.0, 1.0], size=(n_out, n_in))
        w[rng.random(size=w.shape) < 0.15] = 0.0
        gamma = rng.normal(1.0, 0.8, size=n_out)
        gamma[0] = -abs(gamma[0])
        if n_out > 4:
            gamma[4] = 0.0
        blocks.append(dict(
            lin_weight=w,
            lin_bias=np.round(rng.normal(0, 0.5, size=n_out), 4),
            bn_weight=np.round(gamma, 4),
            bn_bias=np.round(rng.normal(0, 0.7, size=n_out), 4),
            bn_mean=np.round(rng.normal(0, 1.5, size=n_out), 4),
            bn_var=np.round(rng.uniform(0.5, 6.0, size=n_out), 4)))
    w_out = rng.choice([-1.0, 1.0], size=(CLASSES, SIZES[-1]))
    return blocks, (w_out, np.array(OUT_BIAS))


def evaluate(x, net):
    """Classes of all rows of x (one input per row, values +-1), the smallest |hidden value|, and top ties of classes 0 and 1."""
    blocks, (w_out, b_out) = net
    h = x
    margin = np.inf
    for b in blocks:
        v = (h.dot(b["lin_weight"].T) + b["lin_bias"] - b["bn_mean"]) / np.sqrt(b["bn_var"]) * b["bn_weight"] + b["bn_bias"]
        live = b["bn_weight"] != 0
        if live.any():
            margin = min(margin, np.min(np.abs(v[:, live])))
        h = np.where(v >= 0, 1.0, -1.0)
    scores = h.dot(w_out.T) + b_out
    ties = (scores[:, 0] == scores[:, 1]) & (scores[:, 0] == scores.max(axis=1))
    return np.argmax(scores, axis=1), margin, int(ties.sum())


def cell(v):
    return repr(float(v)) if v != int(v) else "%.1f" % v


def write(folder, net, rows_are_neurons):
    blocks, (w_out, b_out) = net
    for k, b in enumerate(blocks + [dict(lin_weight=w_out, lin_bias=b_out)]):
        d = os.path.join(folder, "blk%d" % (k + 1) if k < len(blocks) else "out_blk")
        os.makedirs(d, exist_ok=True)
        for name, value in b.items():
            m = value if name != "lin_weight" or rows_are_neurons else value.T
            m = m.reshape(1, -1) if m.ndim == 1 else m
            with open(os.path.join(d, name + ".csv"), "w") as f:
                for row in m:
                    f.write(",".join(cell(v) for v in row) + "\n")


def main(argv):
    out = argv[0] if argv else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "npaq")
    rng = np.random.default_rng(20240613)
    inputs = np.array(list(itertools.product([0, 1], repeat=SIZES[0])), dtype=float) * 2 - 1
    while True:
        net = draw(rng)
        classes, margin, ties = evaluate(inputs, net)
        # Only a fixture that reaches every class and decides some top ties by the rule is worth testing.
        if margin > 1e-6 and len(set(classes.tolist())) == CLASSES and ties >= 5:
            break
    write(os.path.join(out, "tiny-neurons"), net, True)
    write(os.path.join(out, "tiny-inputs"), net, False)
    with open(os.path.join(out, "tiny.expected"), "w") as f:
        for x, c in zip(inputs, classes):
            f.write("".join("1" if v > 0 else "0" for v in x) + " " + str(c) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
