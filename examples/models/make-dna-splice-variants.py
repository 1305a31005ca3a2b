#!/usr/bin/env python3
"""Writes the two dna-splice variants of examples/variant.sh from models/dna-splice.json (run from the repository root)."""
import copy
import json

model = json.load(open("models/dna-splice.json"))
weights = model["layers"][0]["weights"]

flipped = copy.deepcopy(model)
j = next(i for i, w in enumerate(weights[7]) if w != 0)
flipped["layers"][0]["weights"][7][j] = -weights[7][j]
flipped["name"] = "dna-splice-neuron-7-flipped"
flipped["description"] = (f"models/dna-splice.json with one weight of hidden neuron 7 negated (input {model['inputs'][j]}, "
                          f"{weights[7][j]} -> {-weights[7][j]}); made by examples/models/make-dna-splice-variants.py. "
                          "The miter finds an input where the two disagree.")
json.dump(flipped, open("examples/models/dna-splice-neuron-7-flipped.json", "w"), indent=1)

pruned = copy.deepcopy(model)
pruned["layers"][0]["weights"][62] = [0] * len(weights[62])
pruned["name"] = "dna-splice-neuron-62-pruned"
pruned["description"] = ("models/dna-splice.json with every weight of hidden neuron 62 pruned to 0; its batch-norm gamma is "
                         "-0.0005, so the neuron was already constant. Made by examples/models/make-dna-splice-variants.py. "
                         "The miter proves the two equivalent.")
json.dump(pruned, open("examples/models/dna-splice-neuron-62-pruned.json", "w"), indent=1)
