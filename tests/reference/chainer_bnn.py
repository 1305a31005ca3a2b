#!/usr/bin/python3
"""Independent float evaluation of the Chainer MNIST BNN (msakai/bnn-verification, bnn.py) with numpy.

It re-implements the original's inference from the raw .npz parameters, operation by operation in the
arrays' precision (float32), without Chainer and without bnnverify:

  x      = uint8 image cast to float32, then x *= 1/255.          (chainer.datasets.get_mnist)
  BN(x)  = gamma * ((x - avg_mean) * sqrt(1 / (avg_var + 2e-5))) + beta
           (chainer.functions.FixedBatchNormalization, numpy path; eps = L.BatchNormalization's 2e-5)
  h      = sign(BN_in(x))                                          (bnn.bin, test mode: F.sign)
  block  = sign(BN(h . sign(W).T + b))                             (bnn.Block, BinLinear)
  logits = h . sign(W_out).T + b_out                               (bnn.BNN.output_lin, a BinLinear)
  class  = numpy.argmax(logits)                                    (first maximum on ties)

Commands (output is plain text, one line per image, compared by tests/BnnVerify.Tests/Import):
  images DIR            every *.png in DIR (8-bit grey): "FILE CLASS s0 ... s9"
  random COUNT SEED     COUNT generated images: "INDEX CLASS s0 ... s9"

where s_j = sign(W_out)_j . h is the output layer's integer sum (logit_j - b_j, exact in float32).
The random images come from a counter-based splitmix64 that the C# test reproduces bit for bit
(RandomImages.cs): kind = index % 3 picks uniform grey levels, a bundled image with pixels moved by up
to 30 levels, or a sparse black-and-white image.
"""
import os
import struct
import sys
import zlib

import numpy as np

F32 = np.float32
EPS = 2e-5
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
NPZ = os.path.join(ROOT, "data", "mnist-bnn", "mnist.npz")
IMAGES = os.path.join(ROOT, "data", "mnist-bnn", "images")


def load(path=NPZ):
    d = np.load(path)
    blocks = []
    i = 0
    while "blocks/%d/lin/W" % i in d.files:
        p = "blocks/%d/" % i
        blocks.append((d[p + "lin/W"], d[p + "lin/b"], bn(d, p + "bn/")))
        i += 1
    return bn(d, "input_bn/"), blocks, (d["output_lin/W"], d["output_lin/b"])


def bn(d, p):
    return tuple(d[p + k] for k in ("gamma", "beta", "avg_mean", "avg_var"))


def fixed_bn(x, params):
    gamma, beta, mean, var = params
    var = var + EPS                      # float32 array + Python float: float32
    inv_std = np.sqrt(np.reciprocal(var))
    x_mu = x - mean
    x_mu *= inv_std
    y = gamma * x_mu
    y += beta
    return y


def sign_checked(y):
    if np.any(y == 0):
        raise SystemExit("a value is exactly 0 before a sign; chainer would feed 0 forward")
    return np.sign(y).astype(F32)


def forward(images_u8, net):
    input_bn, blocks, (w_out, b_out) = net
    x = images_u8.astype(F32)
    x *= 1 / 255.
    h = sign_checked(fixed_bn(x, input_bn))
    for w, b, params in blocks:
        h = sign_checked(fixed_bn(h.dot(np.sign(w).T) + b, params))
    sums = h.dot(np.sign(w_out).T)
    logits = sums + b_out
    assert logits.dtype == F32
    return np.argmax(logits, axis=1), sums.astype(np.int64)


def read_png_grey8(path):
    """A minimal decoder for 8-bit greyscale, non-interlaced PNGs (all the bundled images are)."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(path + ": not a PNG")
    pos, idat, width = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour != 0 or interlace != 0:
                raise SystemExit(path + ": not an 8-bit grey non-interlaced PNG")
        elif kind == b"IDAT":
            idat += body
    raw = zlib.decompress(idat)
    rows, prev = [], bytearray(width)
    for r in range(height):
        f, line = raw[r * (width + 1)], bytearray(raw[r * (width + 1) + 1:(r + 1) * (width + 1)])
        for c in range(width):
            a = line[c - 1] if c > 0 else 0
            b = prev[c]
            cc = prev[c - 1] if c > 0 else 0
            if f == 1:
                line[c] = (line[c] + a) & 255
            elif f == 2:
                line[c] = (line[c] + b) & 255
            elif f == 3:
                line[c] = (line[c] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - cc
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - cc)
                line[c] = (line[c] + (a if pa <= pb and pa <= pc else b if pb <= pc else cc)) & 255
        rows.append(bytes(line))
        prev = line
    return np.frombuffer(b"".join(rows), dtype=np.uint8)


def bundled_images():
    names = sorted(f for f in os.listdir(IMAGES) if f.endswith(".png"))
    return names, np.stack([read_png_grey8(os.path.join(IMAGES, n)) for n in names])


GOLDEN, M1, M2 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)


def splitmix(seed, counters):
    x = np.uint64(seed) + counters * GOLDEN
    z = (x ^ (x >> np.uint64(30))) * M1
    z = (z ^ (z >> np.uint64(27))) * M2
    return z ^ (z >> np.uint64(31))


def random_images(count, seed):
    _, base = bundled_images()
    out = np.zeros((count, 784), dtype=np.uint8)
    pixels = np.arange(784, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i in range(count):
            z = splitmix(seed, np.uint64(i) * np.uint64(784) + pixels + np.uint64(1))
            kind = i % 3
            if kind == 0:
                out[i] = (z % np.uint64(256)).astype(np.uint8)
            elif kind == 1:
                start = base[(i // 3) % len(base)].astype(np.int64)
                move = ((z >> np.uint64(8)) % np.uint64(61)).astype(np.int64) - 30
                chosen = (z % np.uint64(4)) == 0
                out[i] = np.clip(np.where(chosen, start + move, start), 0, 255).astype(np.uint8)
            else:
                out[i] = np.where((z % np.uint64(100)) < 20, 255, 0).astype(np.uint8)
    return out


def main(argv):
    net = load()
    if len(argv) == 2 and argv[0] == "images":
        global IMAGES
        IMAGES = argv[1]
        names, images = bundled_images()
        classes, sums = forward(images, net)
        for n, c, s in zip(names, classes, sums):
            print(n, c, " ".join(str(v) for v in s))
    elif len(argv) == 3 and argv[0] == "random":
        images = random_images(int(argv[1]), int(argv[2]))
        classes, sums = forward(images, net)
        for i, (c, s) in enumerate(zip(classes, sums)):
            print(i, c, " ".join(str(v) for v in s))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
