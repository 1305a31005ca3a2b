#!/usr/bin/env python3
# Rewrites an smt2 export with integer cardinality sums into pbge, at-least and bit-vector forms (see README.md).
import re, sys, collections
src = sys.argv[1]
base = src[:-5]
lines = open(src).read().split('\n')
gate = re.compile(r'^\(assert \(= (\S+|\(not \S+\)) \(>= \(\+ (.*) 0\) (\d+)\)\)\)$')
lit = re.compile(r'\(ite (\(not v\d+\)|v\d+) 1 0\)')
out = {k: [] for k in ['pbge','atleast','bv']}
dups = 0
for l in lines:
    m = gate.match(l)
    if not m:
        for k in out:
            ll = l
            if k == 'bv' and l.startswith('(set-logic'): ll = '(set-logic QF_BV)'
            if k in ('pbge','atleast') and l.startswith('(set-logic'): ll = '(set-logic ALL)'
            out[k].append(ll)
        continue
    o, s, kk = m.group(1), m.group(2), int(m.group(3))
    ls = lit.findall(s)
    c = collections.Counter(ls)
    if any(v > 1 for v in c.values()): dups += 1
    keys = list(c)
    out['pbge'].append(f"(assert (= {o} ((_ pbge {kk} {' '.join(str(c[x]) for x in keys)}) {' '.join(keys)})))")
    out['atleast'].append(f"(assert (= {o} ((_ at-least {kk}) {' '.join(ls)})))")
    n = len(ls); w = max(1, (n).bit_length()+0)
    if kk > n:
        out['bv'].append(f"(assert (= {o} false))"); continue
    one = f"(_ bv1 {w})"; zero = f"(_ bv0 {w})"
    terms = ' '.join(f"(ite {x} {one} {zero})" for x in ls)
    summ = terms if n == 1 else f"(bvadd {terms})"
    out['bv'].append(f"(assert (= {o} (bvuge {summ} (_ bv{kk} {w}))))")
for k, v in out.items():
    t = '\n'.join(v)
    if '(get-model)' not in t: t = t.replace('(check-sat)', '(check-sat)\n(get-model)')
    open(f"{base}.{k}.smt2", 'w').write(t)
print("gates with repeated literals:", dups, file=sys.stderr)
