#!/usr/bin/env python3
# Differential fuzzing of CryptoMiniSat's native BNN constraints (add_bnn_clause) through the bnnverify
# shim, against brute force. Each constraint has 2..n-1 cutoff, distinct input variables and an output
# not among its inputs (the shape CryptoMiniSatBackend passes on). Usage:
#   python3 scripts/fuzz-cms-bnn.py SEED TRIALS MODE      MODE: assump | units | none
# It prints "MODE bad B of TRIALS"; an assertion inside CryptoMiniSat aborts the whole process.
# Findings with Debian 12's CryptoMiniSat 5.11.4 are in docs/encodings.md.
import ctypes, random, sys
import os
L = ctypes.CDLL(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'native', 'cms-shim', 'build', 'libbnnverify_cms.so'))
P=ctypes.c_void_p; I=ctypes.c_int32; AP=ctypes.POINTER(ctypes.c_int32)
L.bnnv_cms_new.restype=P; L.bnnv_cms_new.argtypes=[]
L.bnnv_cms_delete.argtypes=[P]
L.bnnv_cms_new_vars.argtypes=[P,I]
L.bnnv_cms_add_clause.argtypes=[P,AP,I]
L.bnnv_cms_add_bnn.argtypes=[P,AP,I,I,I]
L.bnnv_cms_solve.argtypes=[P,AP,I,ctypes.c_double]
L.bnnv_cms_model.argtypes=[P,ctypes.POINTER(ctypes.c_uint8),I]
def arr(xs): return (ctypes.c_int32*max(1,len(xs)))(*xs)
seed, trials, mode = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
random.seed(seed)
def val(bits,c): return ((bits>>(c>>1))&1) != (c&1)
def holds(bits, cons):
    for c in cons:
        if c[0]=='c':
            if not any(val(bits,x) for x in c[1]): return False
        else:
            if val(bits,c[3]) != (sum(val(bits,x) for x in c[1]) >= c[2]): return False
    return True
bad=0
for t in range(trials):
    n=random.randint(3,10)
    cons=[]
    for _ in range(random.randint(0,6)):
        cons.append(('c',[random.randrange(2*n) for _ in range(random.randint(1,3))]))
    for _ in range(random.randint(1,4)):
        o=random.randrange(2*n)
        vs=random.sample([v for v in range(n) if v!=o>>1], random.randint(1,min(7,n-1)))
        lits=[2*v+random.randint(0,1) for v in vs]
        cons.append(('b',lits,random.randint(2,max(2,len(lits)-1)),o))
    ass=[2*v+random.randint(0,1) for v in random.sample(range(n), random.randint(0,n//2))] if mode!='none' else []
    h=L.bnnv_cms_new(); L.bnnv_cms_new_vars(h,n)
    for c in cons:
        if c[0]=='c': L.bnnv_cms_add_clause(h,arr(c[1]),len(c[1]))
        else: L.bnnv_cms_add_bnn(h,arr(c[1]),len(c[1]),c[2],c[3])
    if mode=='units':
        for a in ass: L.bnnv_cms_add_clause(h,arr([a]),1)
        r=L.bnnv_cms_solve(h,arr([]),0,0.0)
    else:
        r=L.bnnv_cms_solve(h,arr(ass),len(ass),0.0)
    allc=cons+[('c',[a]) for a in ass]
    exp=any(holds(b,allc) for b in range(1<<n))
    ok=(r==1)==exp
    if r==1:
        m=(ctypes.c_uint8*n)(); L.bnnv_cms_model(h,m,n)
        bits=sum(1<<v for v in range(n) if m[v]==1)
        if not holds(bits,allc): ok=False
    L.bnnv_cms_delete(h)
    if not ok:
        bad+=1
        if bad<3: print("BAD", r, exp, cons, ass)
print(mode, "bad", bad, "of", trials)
