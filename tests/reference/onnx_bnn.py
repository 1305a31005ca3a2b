#!/usr/bin/python3
"""An independent evaluation of an ONNX / QONNX BNN graph on all 2^n boolean inputs, for the ONNX importer tests.

Reads the graph with the onnx package (python3-onnx) and runs it node by node in numpy float32, each operator
written from its specification, not from bnnverify: the ONNX operators (https://onnx.ai/onnx/operators/:
MatMul, Gemm, Add, Sub, Mul, Div, Neg, Sign, BatchNormalization, Flatten, Reshape, Identity, Transpose,
Constant) and the QONNX custom operators (https://github.com/fastmachinelearning/qonnx,
docs/qonnx-custom-ops/: BipolarQuant -- y = scale * (x >= 0 ? 1 : -1); Quant -- scale * (round(clamp(x/scale +
zeropt)) - zeropt); FINN's MultiThreshold -- out_scale * #{thresholds t : x >= t} + out_bias). Debian's
python3-onnx is 1.12, which has no onnx.reference.ReferenceEvaluator (added in 1.13), hence this interpreter.

Input k is the boolean vector whose input i is bit i of k; true is +1 and false -1, or 1 and 0 when the
sidecar FILE.names.json (or --names FILE) says "inputValues": [0, 1]. Prints one line per input:
the bits (input 0 first, 1 = true), then the class (the first maximum of the output, as numpy.argmax) and
the output values with repr.  With --random N, N seeded random inputs (seed 5, each input true with
probability 1/2) instead of all 2^n.  Usage: onnx_bnn.py FILE.onnx [--names FILE] [--random N]
"""
import itertools
import json
import os
import sys

import numpy as np
import onnx
from onnx import numpy_helper


def attributes(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def round_half_even(x):
    return np.round(x)


def run(graph, feeds):
    values = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    values.update(feeds)
    f32 = np.float32
    for node in graph.node:
        a = attributes(node)
        x = [values[name] if name else None for name in node.input]
        op = node.op_type
        if op == "MatMul":
            y = np.matmul(x[0], x[1])
        elif op == "Gemm":
            A = x[0].T if a.get("transA", 0) else x[0]
            B = x[1].T if a.get("transB", 0) else x[1]
            y = f32(a.get("alpha", 1.0)) * np.matmul(A, B)
            if len(x) > 2 and x[2] is not None:
                y = y + f32(a.get("beta", 1.0)) * x[2]
        elif op == "Add":
            y = x[0] + x[1]
        elif op == "Sub":
            y = x[0] - x[1]
        elif op == "Mul":
            y = x[0] * x[1]
        elif op == "Div":
            y = x[0] / x[1]
        elif op == "Neg":
            y = -x[0]
        elif op == "Sign":
            y = np.sign(x[0])
        elif op == "Identity":
            y = x[0]
        elif op == "Transpose":
            y = np.transpose(x[0], a.get("perm"))
        elif op == "Flatten":
            axis = a.get("axis", 1)
            y = x[0].reshape(int(np.prod(x[0].shape[:axis])), -1)
        elif op == "Reshape":
            shape = [d if d != 0 else x[0].shape[i] for i, d in enumerate(x[1].astype(np.int64))]
            y = x[0].reshape(shape)
        elif op == "Constant":
            y = numpy_helper.to_array(a["value"])
        elif op == "BatchNormalization":
            scale, bias, mean, var = x[1:5]
            shape = (1, -1) + (1,) * (x[0].ndim - 2)
            eps = f32(a.get("epsilon", 1e-5))
            y = (x[0] - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + eps) * scale.reshape(shape) + bias.reshape(shape)
        elif op == "BipolarQuant":
            y = np.where(x[0] >= 0, f32(1), f32(-1)) * x[1]
        elif op == "Quant":
            scale, zeropt, bits = x[1], x[2], int(x[3])
            signed, narrow = a.get("signed", 1), a.get("narrow", 0)
            mode = a.get("rounding_mode", b"ROUND")
            mode = mode.decode() if isinstance(mode, bytes) else mode
            lo = -(2 ** (bits - 1)) + (1 if narrow else 0) if signed else 0
            hi = 2 ** (bits - 1) - 1 if signed else 2 ** bits - 1 - (1 if narrow else 0)
            q = np.clip(x[0] / scale + zeropt, lo, hi)
            q = {"ROUND": round_half_even, "CEIL": np.ceil, "FLOOR": np.floor}[mode.upper()](q)
            y = ((q - zeropt) * scale).astype(np.float32)
        elif op == "MultiThreshold":
            v, t = x[0], x[1]
            count = (v[:, :, None] >= t[None, :, :]).sum(axis=-1).astype(np.float32)
            y = f32(a.get("out_scale", 1.0)) * count + f32(a.get("out_bias", 0.0))
        else:
            raise SystemExit(f"onnx_bnn.py: no implementation of {op} (node {node.name})")
        values[node.output[0]] = np.asarray(y, dtype=np.float32) if np.asarray(y).dtype.kind == "f" else y
    return values[graph.output[0].name]


def main():
    path = sys.argv[1]
    names = path[:-len(".onnx")] + ".names.json"
    if "--names" in sys.argv:
        names = sys.argv[sys.argv.index("--names") + 1]
    values01 = False
    if os.path.exists(names):
        with open(names) as f:
            values01 = json.load(f).get("inputValues") == [0, 1]
    model = onnx.load(path)
    onnx.checker.check_model(model)
    graph = model.graph
    shape = [d.dim_value for d in graph.input[0].type.tensor_type.shape.dim]
    n = int(np.prod(shape[1:]))
    if "--random" in sys.argv:
        count = int(sys.argv[sys.argv.index("--random") + 1])
        bits = (np.random.default_rng(5).random((count, n)) < 0.5).astype(np.float32)
    else:
        bits = np.array(list(itertools.product([0, 1], repeat=n)), dtype=np.float32)[:, ::-1]
    x = bits if values01 else bits * 2 - 1
    lines = []
    for k in range(len(x)):
        out = run(graph, {graph.input[0].name: x[k].reshape(shape)}).reshape(-1)
        text = "".join("1" if b else "0" for b in bits[k].astype(int))
        lines.append(f"{text} {int(np.argmax(out))} " + " ".join(repr(float(v)) for v in out))
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
