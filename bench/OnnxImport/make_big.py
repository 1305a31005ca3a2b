#!/usr/bin/python3
"""Writes a random MNIST-sized ONNX BNN (784-500-200-100-10: MatMul, Add, BatchNormalization, Sign; binary weights;
a binary output layer scaled by 0.37 with a real bias) for timing `bnnverify import onnx` (docs/onnx.md).
Usage: /usr/bin/python3 bench/OnnxImport/make_big.py OUT.onnx"""
import sys
import numpy as np, onnx
from onnx import helper, numpy_helper, TensorProto
rng = np.random.default_rng(1)
sizes = [784, 500, 200, 100]
nodes, inits = [], []
prev = "x"
for k, (a, b) in enumerate(zip(sizes, sizes[1:])):
    w = np.where(rng.random((a, b)) < 0.5, -1.0, 1.0).astype(np.float32)
    inits += [numpy_helper.from_array(w, f"W{k}"), numpy_helper.from_array(rng.normal(0, 1, b).astype(np.float32), f"b{k}")]
    for p, v in [("g", rng.normal(1, .5, b)), ("be", rng.normal(0, 1, b)), ("m", rng.normal(0, 5, b)), ("v", rng.uniform(1, 30, b))]:
        inits.append(numpy_helper.from_array(v.astype(np.float32), f"{p}{k}"))
    nodes += [helper.make_node("MatMul", [prev, f"W{k}"], [f"s{k}"], name=f"mm{k}"),
              helper.make_node("Add", [f"s{k}", f"b{k}"], [f"a{k}"], name=f"add{k}"),
              helper.make_node("BatchNormalization", [f"a{k}", f"g{k}", f"be{k}", f"m{k}", f"v{k}"], [f"n{k}"], name=f"bn{k}"),
              helper.make_node("Sign", [f"n{k}"], [f"h{k}"], name=f"sign{k}")]
    prev = f"h{k}"
w = (np.where(rng.random((100, 10)) < 0.5, -1.0, 1.0) * 0.37).astype(np.float32)
inits += [numpy_helper.from_array(w, "Wo"), numpy_helper.from_array(rng.normal(0, 2, 10).astype(np.float32), "bo")]
nodes += [helper.make_node("MatMul", [prev, "Wo"], ["so"], name="mmo"), helper.make_node("Add", ["so", "bo"], ["y"], name="addo")]
g = helper.make_graph(nodes, "big", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 784])], [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 10])], inits)
onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)]), sys.argv[1])
