#!/usr/bin/python3
"""The tic-tac-toe winner check for models/tictactoe-winner.json, written independently of the C# reference, through
the equiv line protocol: output is block-buffered and flushed at the empty line that ends each batch."""
import sys

LINES = [(0, 1, 2), (3, 4, 5), (6, 7, 8), (0, 3, 6), (1, 4, 7), (2, 5, 8), (0, 4, 8), (2, 4, 6)]

names = sys.stdin.readline().split()[1:]
outputs = sys.stdin.readline().split()[1:]
mine = [names.index(f"a{c}") for c in range(9)]
theirs = [names.index(f"h{c}") for c in range(9)]


def has_line(line, cells):
    return any(line[cells[p]] == "1" and line[cells[q]] == "1" and line[cells[r]] == "1" for p, q, r in LINES)


out = sys.stdout
for line in sys.stdin:
    if line == "\n":
        out.flush()
        continue
    bits = {"player_line": has_line(line, mine), "opponent_line": has_line(line, theirs)}
    out.write("".join("1" if bits[name] else "0" for name in outputs) + "\n")
