; bnnverify export: model models/showcase.json, spec tests/golden/specs/showcase-checks.contract, contract no_request_means_wait
; satisfiable iff the contract is violated; the input variables of a model are a counterexample (see the .map.json file)
; cardinality as z3's pseudo-Boolean ((_ pbge k w1 ... wn) l1 ... ln): z3 decides it like its OPB input, where sums of
; (ite l 1 0) took z3 over 11 minutes (docs/benchmarks.md). cvc5 does not read pbge: give it --format opb's problem
; through another PB solver, or --format dimacs.
(set-logic ALL)
(set-option :produce-models true)
(declare-const v1 Bool) ; pedestrian
(declare-const v2 Bool) ; button
(declare-const v3 Bool) ; car_near
(declare-const v4 Bool) ; night
(declare-const v5 Bool) ; emergency
(declare-const v6 Bool) ; sensor_fault
(declare-const v7 Bool) ; !layer1.n0
(declare-const v8 Bool) ; layer1.n1
(declare-const v9 Bool) ; layer2.n0
(declare-const v10 Bool) ; layer2.n1
(declare-const v11 Bool) ; !layer2.n2
(declare-const v12 Bool)
(declare-const v13 Bool)
(declare-const v14 Bool) ; class=wait
(declare-const v15 Bool)
(assert (or (not v7) (not v1)))
(assert (or (not v7) (not v2)))
(assert (or v1 v2 v7))
(assert (or (not v9) (not v6)))
(assert (or (not v9) (not v7)))
(assert (or (not v9) v8))
(assert (or v6 v7 (not v8) v9))
(assert (or (not v11) v6))
(assert (or (not v11) (not v7)))
(assert (or (not v11) (not v8)))
(assert (or (not v6) v7 v8 v11))
(assert v7)
(assert (or (not v14) v12))
(assert (or (not v14) v13))
(assert (or (not v12) (not v13) v14))
(assert (or (not v15) v12))
(assert (or (not v15) v14))
(assert (or (not v12) (not v14) v15))
(assert (not v15))
(assert (= v8 ((_ pbge 3 3 1 2) (not v3) (not v4) (not v5))))
(assert (= v10 ((_ pbge 2 1 1 1) v6 (not v7) (not v8))))
(assert (= v12 ((_ pbge 3 3 2) (not v9) v10)))
(assert (= v13 ((_ pbge 2 1 4) (not v9) (not v10))))
(check-sat)
(get-model)
