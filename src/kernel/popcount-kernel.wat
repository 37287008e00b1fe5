;; Popcount kernels of the packed reference and the cycle simulator (src/kernel/popcount-kernel.ts).
;; Built into src/kernel/popcount-kernel-wasm.ts by scripts/build-kernel.ts.
;;
;; Every vector is `words` 64-bit words, LSB first (two of the reference's
;; 32-bit words, low word first). Weights are `rows` vectors back to back.
;; A call takes a batch of `n` input vectors and writes out[v·rows + r] for
;; every row r and vector v; the row loop is outside the vector loop so a
;; weight row is read once per batch while the batch stays in L1.
(module
  (memory (export "memory") 1)

  ;; out (i32) = popcount(w_r ⊕ x_v) over the row; four vectors at a time
  ;; share each weight word load (the tail of the batch one at a time).
  (func (export "xorPop") (param $w i32) (param $rows i32) (param $words i32) (param $x i32) (param $n i32) (param $out i32)
    (local $r i32) (local $v i32) (local $j i32) (local $wr i32) (local $xv i32) (local $wj i64) (local $stride i32)
    (local $q0 i64) (local $q1 i64) (local $q2 i64) (local $q3 i64) (local $o i32) (local $ostep i32)
    (local.set $stride (i32.shl (local.get $words) (i32.const 3)))
    (local.set $ostep (i32.shl (local.get $rows) (i32.const 2)))
    (block $rdone (loop $rloop
      (br_if $rdone (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $wr (i32.add (local.get $w) (i32.mul (local.get $r) (local.get $stride))))
      (local.set $v (i32.const 0))
      (local.set $xv (local.get $x))
      (local.set $o (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 2))))
      (block $v4done (loop $v4loop
        (br_if $v4done (i32.gt_u (i32.add (local.get $v) (i32.const 4)) (local.get $n)))
        (local.set $q0 (i64.const 0)) (local.set $q1 (i64.const 0)) (local.set $q2 (i64.const 0)) (local.set $q3 (i64.const 0))
        (local.set $j (i32.const 0))
        (block $jdone (loop $jloop
          (br_if $jdone (i32.ge_u (local.get $j) (local.get $stride)))
          (local.set $wj (i64.load (i32.add (local.get $wr) (local.get $j))))
          (local.set $q0 (i64.add (local.get $q0) (i64.popcnt (i64.xor (local.get $wj) (i64.load (i32.add (local.get $xv) (local.get $j)))))))
          (local.set $q1 (i64.add (local.get $q1) (i64.popcnt (i64.xor (local.get $wj) (i64.load (i32.add (i32.add (local.get $xv) (local.get $stride)) (local.get $j)))))))
          (local.set $q2 (i64.add (local.get $q2) (i64.popcnt (i64.xor (local.get $wj) (i64.load (i32.add (i32.add (local.get $xv) (i32.shl (local.get $stride) (i32.const 1))) (local.get $j)))))))
          (local.set $q3 (i64.add (local.get $q3) (i64.popcnt (i64.xor (local.get $wj) (i64.load (i32.add (i32.add (local.get $xv) (i32.mul (local.get $stride) (i32.const 3))) (local.get $j)))))))
          (local.set $j (i32.add (local.get $j) (i32.const 8)))
          (br $jloop)))
        (i32.store (local.get $o) (i32.wrap_i64 (local.get $q0)))
        (i32.store (i32.add (local.get $o) (local.get $ostep)) (i32.wrap_i64 (local.get $q1)))
        (i32.store (i32.add (local.get $o) (i32.shl (local.get $ostep) (i32.const 1))) (i32.wrap_i64 (local.get $q2)))
        (i32.store (i32.add (local.get $o) (i32.mul (local.get $ostep) (i32.const 3))) (i32.wrap_i64 (local.get $q3)))
        (local.set $o (i32.add (local.get $o) (i32.shl (local.get $ostep) (i32.const 2))))
        (local.set $xv (i32.add (local.get $xv) (i32.shl (local.get $stride) (i32.const 2))))
        (local.set $v (i32.add (local.get $v) (i32.const 4)))
        (br $v4loop)))
      (block $vdone (loop $vloop
        (br_if $vdone (i32.ge_u (local.get $v) (local.get $n)))
        (local.set $q0 (i64.const 0))
        (local.set $j (i32.const 0))
        (block $jdone1 (loop $jloop1
          (br_if $jdone1 (i32.ge_u (local.get $j) (local.get $stride)))
          (local.set $q0 (i64.add (local.get $q0) (i64.popcnt (i64.xor
            (i64.load (i32.add (local.get $wr) (local.get $j)))
            (i64.load (i32.add (local.get $xv) (local.get $j)))))))
          (local.set $j (i32.add (local.get $j) (i32.const 8)))
          (br $jloop1)))
        (i32.store (local.get $o) (i32.wrap_i64 (local.get $q0)))
        (local.set $o (i32.add (local.get $o) (local.get $ostep)))
        (local.set $xv (i32.add (local.get $xv) (local.get $stride)))
        (local.set $v (i32.add (local.get $v) (i32.const 1)))
        (br $vloop)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rloop))))

  ;; out (i32) = popcount(w_r ∧ x_v) over the row; four vectors at a time
  ;; share each weight word load (the tail of the batch one at a time).
  (func (export "andPop") (param $w i32) (param $rows i32) (param $words i32) (param $x i32) (param $n i32) (param $out i32)
    (local $r i32) (local $v i32) (local $j i32) (local $wr i32) (local $xv i32) (local $wj i64) (local $stride i32)
    (local $q0 i64) (local $q1 i64) (local $q2 i64) (local $q3 i64) (local $o i32) (local $ostep i32)
    (local.set $stride (i32.shl (local.get $words) (i32.const 3)))
    (local.set $ostep (i32.shl (local.get $rows) (i32.const 2)))
    (block $rdone (loop $rloop
      (br_if $rdone (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $wr (i32.add (local.get $w) (i32.mul (local.get $r) (local.get $stride))))
      (local.set $v (i32.const 0))
      (local.set $xv (local.get $x))
      (local.set $o (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 2))))
      (block $v4done (loop $v4loop
        (br_if $v4done (i32.gt_u (i32.add (local.get $v) (i32.const 4)) (local.get $n)))
        (local.set $q0 (i64.const 0)) (local.set $q1 (i64.const 0)) (local.set $q2 (i64.const 0)) (local.set $q3 (i64.const 0))
        (local.set $j (i32.const 0))
        (block $jdone (loop $jloop
          (br_if $jdone (i32.ge_u (local.get $j) (local.get $stride)))
          (local.set $wj (i64.load (i32.add (local.get $wr) (local.get $j))))
          (local.set $q0 (i64.add (local.get $q0) (i64.popcnt (i64.and (local.get $wj) (i64.load (i32.add (local.get $xv) (local.get $j)))))))
          (local.set $q1 (i64.add (local.get $q1) (i64.popcnt (i64.and (local.get $wj) (i64.load (i32.add (i32.add (local.get $xv) (local.get $stride)) (local.get $j)))))))
          (local.set $q2 (i64.add (local.get $q2) (i64.popcnt (i64.and (local.get $wj) (i64.load (i32.add (i32.add (local.get $xv) (i32.shl (local.get $stride) (i32.const 1))) (local.get $j)))))))
          (local.set $q3 (i64.add (local.get $q3) (i64.popcnt (i64.and (local.get $wj) (i64.load (i32.add (i32.add (local.get $xv) (i32.mul (local.get $stride) (i32.const 3))) (local.get $j)))))))
          (local.set $j (i32.add (local.get $j) (i32.const 8)))
          (br $jloop)))
        (i32.store (local.get $o) (i32.wrap_i64 (local.get $q0)))
        (i32.store (i32.add (local.get $o) (local.get $ostep)) (i32.wrap_i64 (local.get $q1)))
        (i32.store (i32.add (local.get $o) (i32.shl (local.get $ostep) (i32.const 1))) (i32.wrap_i64 (local.get $q2)))
        (i32.store (i32.add (local.get $o) (i32.mul (local.get $ostep) (i32.const 3))) (i32.wrap_i64 (local.get $q3)))
        (local.set $o (i32.add (local.get $o) (i32.shl (local.get $ostep) (i32.const 2))))
        (local.set $xv (i32.add (local.get $xv) (i32.shl (local.get $stride) (i32.const 2))))
        (local.set $v (i32.add (local.get $v) (i32.const 4)))
        (br $v4loop)))
      (block $vdone (loop $vloop
        (br_if $vdone (i32.ge_u (local.get $v) (local.get $n)))
        (local.set $q0 (i64.const 0))
        (local.set $j (i32.const 0))
        (block $jdone1 (loop $jloop1
          (br_if $jdone1 (i32.ge_u (local.get $j) (local.get $stride)))
          (local.set $q0 (i64.add (local.get $q0) (i64.popcnt (i64.and
            (i64.load (i32.add (local.get $wr) (local.get $j)))
            (i64.load (i32.add (local.get $xv) (local.get $j)))))))
          (local.set $j (i32.add (local.get $j) (i32.const 8)))
          (br $jloop1)))
        (i32.store (local.get $o) (i32.wrap_i64 (local.get $q0)))
        (local.set $o (i32.add (local.get $o) (local.get $ostep)))
        (local.set $xv (i32.add (local.get $xv) (local.get $stride)))
        (local.set $v (i32.add (local.get $v) (i32.const 1)))
        (br $vloop)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rloop))))

  ;; Bit planes of uint inputs: vector v is `words` groups of `planes`
  ;; 64-bit words (word j of plane k at (j·planes + k), so one weight word
  ;; meets all its planes in a row). out (f64, exact below 2^53) =
  ;; Σ_j Σ_k popcount(w_rj ∧ plane_kj) · 2^k, summed in i64; four vectors
  ;; at a time share each weight word load (the tail of the batch one at a
  ;; time), which matters when rows are short (a conv window of a few taps).
  (func (export "planePop") (param $w i32) (param $rows i32) (param $words i32) (param $planes i32) (param $x i32) (param $n i32) (param $out i32)
    (local $r i32) (local $v i32) (local $j i32) (local $k i32) (local $wr i32) (local $xp i32) (local $xv i32)
    (local $q i64) (local $wj i64) (local $stride i32) (local $xstride i32)
    (local $q1 i64) (local $q2 i64) (local $q3 i64) (local $sh i64) (local $o i32) (local $ostep i32) (local $xs2 i32) (local $xs3 i32)
    (local.set $stride (i32.shl (local.get $words) (i32.const 3)))
    (local.set $xstride (i32.mul (local.get $stride) (local.get $planes)))
    (local.set $xs2 (i32.shl (local.get $xstride) (i32.const 1)))
    (local.set $xs3 (i32.mul (local.get $xstride) (i32.const 3)))
    (local.set $ostep (i32.shl (local.get $rows) (i32.const 3)))
    (block $rdone (loop $rloop
      (br_if $rdone (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $wr (i32.add (local.get $w) (i32.mul (local.get $r) (local.get $stride))))
      (local.set $v (i32.const 0))
      (local.set $xv (local.get $x))
      (local.set $o (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 3))))
      (block $v4done (loop $v4loop
        (br_if $v4done (i32.gt_u (i32.add (local.get $v) (i32.const 4)) (local.get $n)))
        (local.set $q (i64.const 0)) (local.set $q1 (i64.const 0)) (local.set $q2 (i64.const 0)) (local.set $q3 (i64.const 0))
        (local.set $j (i32.const 0))
        (local.set $xp (local.get $xv))
        (block $jdone4 (loop $jloop4
          (br_if $jdone4 (i32.ge_u (local.get $j) (local.get $stride)))
          (local.set $wj (i64.load (i32.add (local.get $wr) (local.get $j))))
          (local.set $k (i32.const 0))
          (block $kdone4 (loop $kloop4
            (br_if $kdone4 (i32.ge_u (local.get $k) (local.get $planes)))
            (local.set $sh (i64.extend_i32_u (local.get $k)))
            (local.set $q (i64.add (local.get $q) (i64.shl (i64.popcnt (i64.and (local.get $wj) (i64.load (local.get $xp)))) (local.get $sh))))
            (local.set $q1 (i64.add (local.get $q1) (i64.shl (i64.popcnt (i64.and (local.get $wj) (i64.load (i32.add (local.get $xp) (local.get $xstride))))) (local.get $sh))))
            (local.set $q2 (i64.add (local.get $q2) (i64.shl (i64.popcnt (i64.and (local.get $wj) (i64.load (i32.add (local.get $xp) (local.get $xs2))))) (local.get $sh))))
            (local.set $q3 (i64.add (local.get $q3) (i64.shl (i64.popcnt (i64.and (local.get $wj) (i64.load (i32.add (local.get $xp) (local.get $xs3))))) (local.get $sh))))
            (local.set $xp (i32.add (local.get $xp) (i32.const 8)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $kloop4)))
          (local.set $j (i32.add (local.get $j) (i32.const 8)))
          (br $jloop4)))
        (f64.store (local.get $o) (f64.convert_i64_u (local.get $q)))
        (f64.store (i32.add (local.get $o) (local.get $ostep)) (f64.convert_i64_u (local.get $q1)))
        (f64.store (i32.add (local.get $o) (i32.shl (local.get $ostep) (i32.const 1))) (f64.convert_i64_u (local.get $q2)))
        (f64.store (i32.add (local.get $o) (i32.mul (local.get $ostep) (i32.const 3))) (f64.convert_i64_u (local.get $q3)))
        (local.set $o (i32.add (local.get $o) (i32.shl (local.get $ostep) (i32.const 2))))
        (local.set $xv (i32.add (local.get $xv) (i32.shl (local.get $xstride) (i32.const 2))))
        (local.set $v (i32.add (local.get $v) (i32.const 4)))
        (br $v4loop)))
      (block $vdone (loop $vloop
        (br_if $vdone (i32.ge_u (local.get $v) (local.get $n)))
        (local.set $q (i64.const 0))
        (local.set $j (i32.const 0))
        (local.set $xp (local.get $xv))
        (block $jdone (loop $jloop
          (br_if $jdone (i32.ge_u (local.get $j) (local.get $stride)))
          (local.set $wj (i64.load (i32.add (local.get $wr) (local.get $j))))
          (local.set $k (i32.const 0))
          (block $kdone (loop $kloop
            (br_if $kdone (i32.ge_u (local.get $k) (local.get $planes)))
            (local.set $q (i64.add (local.get $q)
              (i64.shl (i64.popcnt (i64.and (local.get $wj) (i64.load (local.get $xp))))
                (i64.extend_i32_u (local.get $k)))))
            (local.set $xp (i32.add (local.get $xp) (i32.const 8)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $kloop)))
          (local.set $j (i32.add (local.get $j) (i32.const 8)))
          (br $jloop)))
        (f64.store (local.get $o) (f64.convert_i64_u (local.get $q)))
        (local.set $o (i32.add (local.get $o) (local.get $ostep)))
        (local.set $xv (i32.add (local.get $xv) (local.get $xstride)))
        (local.set $v (i32.add (local.get $v) (i32.const 1)))
        (br $vloop)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rloop))))

  ;; Byte dot products of a uint input (values ≤ 255) with {0,1} weights:
  ;; the weights as byte masks (0x00 / 0xFF), `chunks` 16-byte chunks per
  ;; row (tails zero), vector v the same number of chunks of its values,
  ;; one byte each (tails zero). out (f64) = Σ_i (w_ri ∧ x_vi): v128.and,
  ;; pairs of bytes summed into u16 lanes (≤ 510 each, so a block of 128
  ;; chunks cannot overflow them), each block's u16 lanes summed into u32
  ;; lanes, the four u32 lanes added in i64 at the end (exact while a lane
  ;; stays below 2^32: the caller keeps Σ x < 2^32). Four vectors at a
  ;; time share each weight chunk load (the tail of the batch one at a time).
  (func (export "byteDot") (param $w i32) (param $rows i32) (param $chunks i32) (param $x i32) (param $n i32) (param $out i32)
    (local $r i32) (local $v i32) (local $j i32) (local $jend i32) (local $wr i32) (local $xv i32) (local $stride i32)
    (local $o i32) (local $ostep i32) (local $m v128)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $x1 i32) (local $x2 i32) (local $x3 i32)
    (local.set $stride (i32.shl (local.get $chunks) (i32.const 4)))
    (local.set $ostep (i32.shl (local.get $rows) (i32.const 3)))
    (block $rdone (loop $rloop
      (br_if $rdone (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $wr (i32.add (local.get $w) (i32.mul (local.get $r) (local.get $stride))))
      (local.set $v (i32.const 0))
      (local.set $xv (local.get $x))
      (local.set $o (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 3))))
      (block $v4done (loop $v4loop
        (br_if $v4done (i32.gt_u (i32.add (local.get $v) (i32.const 4)) (local.get $n)))
        (local.set $x1 (i32.add (local.get $xv) (local.get $stride)))
        (local.set $x2 (i32.add (local.get $x1) (local.get $stride)))
        (local.set $x3 (i32.add (local.get $x2) (local.get $stride)))
        (local.set $a0 (v128.const i64x2 0 0)) (local.set $a1 (v128.const i64x2 0 0))
        (local.set $a2 (v128.const i64x2 0 0)) (local.set $a3 (v128.const i64x2 0 0))
        (local.set $j (i32.const 0))
        (block $bdone (loop $bloop
          (br_if $bdone (i32.ge_u (local.get $j) (local.get $stride)))
          (local.set $jend (i32.add (local.get $j) (i32.const 2048)))
          (if (i32.gt_u (local.get $jend) (local.get $stride)) (then (local.set $jend (local.get $stride))))
          (local.set $s0 (v128.const i64x2 0 0)) (local.set $s1 (v128.const i64x2 0 0))
          (local.set $s2 (v128.const i64x2 0 0)) (local.set $s3 (v128.const i64x2 0 0))
          (loop $jloop
            (local.set $m (v128.load (i32.add (local.get $wr) (local.get $j))))
            (local.set $s0 (i16x8.add (local.get $s0) (i16x8.extadd_pairwise_i8x16_u (v128.and (local.get $m) (v128.load (i32.add (local.get $xv) (local.get $j)))))))
            (local.set $s1 (i16x8.add (local.get $s1) (i16x8.extadd_pairwise_i8x16_u (v128.and (local.get $m) (v128.load (i32.add (local.get $x1) (local.get $j)))))))
            (local.set $s2 (i16x8.add (local.get $s2) (i16x8.extadd_pairwise_i8x16_u (v128.and (local.get $m) (v128.load (i32.add (local.get $x2) (local.get $j)))))))
            (local.set $s3 (i16x8.add (local.get $s3) (i16x8.extadd_pairwise_i8x16_u (v128.and (local.get $m) (v128.load (i32.add (local.get $x3) (local.get $j)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br_if $jloop (i32.lt_u (local.get $j) (local.get $jend))))
          (local.set $a0 (i32x4.add (local.get $a0) (i32x4.extadd_pairwise_i16x8_u (local.get $s0))))
          (local.set $a1 (i32x4.add (local.get $a1) (i32x4.extadd_pairwise_i16x8_u (local.get $s1))))
          (local.set $a2 (i32x4.add (local.get $a2) (i32x4.extadd_pairwise_i16x8_u (local.get $s2))))
          (local.set $a3 (i32x4.add (local.get $a3) (i32x4.extadd_pairwise_i16x8_u (local.get $s3))))
          (br $bloop)))
        (f64.store (local.get $o) (call $hsum (local.get $a0)))
        (f64.store (i32.add (local.get $o) (local.get $ostep)) (call $hsum (local.get $a1)))
        (f64.store (i32.add (local.get $o) (i32.shl (local.get $ostep) (i32.const 1))) (call $hsum (local.get $a2)))
        (f64.store (i32.add (local.get $o) (i32.mul (local.get $ostep) (i32.const 3))) (call $hsum (local.get $a3)))
        (local.set $o (i32.add (local.get $o) (i32.shl (local.get $ostep) (i32.const 2))))
        (local.set $xv (i32.add (local.get $xv) (i32.shl (local.get $stride) (i32.const 2))))
        (local.set $v (i32.add (local.get $v) (i32.const 4)))
        (br $v4loop)))
      (block $vdone (loop $vloop
        (br_if $vdone (i32.ge_u (local.get $v) (local.get $n)))
        (local.set $a0 (v128.const i64x2 0 0))
        (local.set $j (i32.const 0))
        (block $bdone1 (loop $bloop1
          (br_if $bdone1 (i32.ge_u (local.get $j) (local.get $stride)))
          (local.set $jend (i32.add (local.get $j) (i32.const 2048)))
          (if (i32.gt_u (local.get $jend) (local.get $stride)) (then (local.set $jend (local.get $stride))))
          (local.set $s0 (v128.const i64x2 0 0))
          (loop $jloop1
            (local.set $s0 (i16x8.add (local.get $s0) (i16x8.extadd_pairwise_i8x16_u (v128.and
              (v128.load (i32.add (local.get $wr) (local.get $j)))
              (v128.load (i32.add (local.get $xv) (local.get $j)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br_if $jloop1 (i32.lt_u (local.get $j) (local.get $jend))))
          (local.set $a0 (i32x4.add (local.get $a0) (i32x4.extadd_pairwise_i16x8_u (local.get $s0))))
          (br $bloop1)))
        (f64.store (local.get $o) (call $hsum (local.get $a0)))
        (local.set $o (i32.add (local.get $o) (local.get $ostep)))
        (local.set $xv (i32.add (local.get $xv) (local.get $stride)))
        (local.set $v (i32.add (local.get $v) (i32.const 1)))
        (br $vloop)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rloop))))

  ;; The four u32 lanes of a, summed exactly, as f64.
  (func $hsum (param $a v128) (result f64)
    (f64.convert_i64_u (i64.add
      (i64.add (i64.extend_i32_u (i32x4.extract_lane 0 (local.get $a))) (i64.extend_i32_u (i32x4.extract_lane 1 (local.get $a))))
      (i64.add (i64.extend_i32_u (i32x4.extract_lane 2 (local.get $a))) (i64.extend_i32_u (i32x4.extract_lane 3 (local.get $a)))))))

  ;; Threshold a batch's popcounts into packed output bits (one 64-bit word per
  ;; 64 channels, vector v's words at out + v·⌈rows/64⌉·8). The accumulator
  ;; q is, for bipolar inputs (i32 popcounts): and → m, xnor → fanIn − m;
  ;; for uint bit planes (f64 sums): and → m, xnor → 2m − Σx (totals[v]).
  ;; mode[c] (u8): 0/1 a constant bit, 2 q ≥ t[c], 3 q ≤ t[c] (t f64).
  (func (export "threshold") (param $pop i32) (param $uint i32) (param $rows i32) (param $n i32) (param $fanIn i32) (param $isAnd i32)
    (param $totals i32) (param $mode i32) (param $t i32) (param $out i32)
    (local $v i32) (local $c i32) (local $m f64) (local $q f64) (local $md i32) (local $b i32) (local $word i64) (local $words i32) (local $i i32)
    (local.set $words (i32.shr_u (i32.add (local.get $rows) (i32.const 63)) (i32.const 6)))
    (block $vdone (loop $vloop
      (br_if $vdone (i32.ge_u (local.get $v) (local.get $n)))
      (local.set $c (i32.const 0))
      (local.set $word (i64.const 0))
      (block $cdone (loop $cloop
        (br_if $cdone (i32.ge_u (local.get $c) (local.get $rows)))
        (local.set $i (i32.add (i32.mul (local.get $v) (local.get $rows)) (local.get $c)))
        (if (local.get $uint)
          (then
            (local.set $m (f64.load (i32.add (local.get $pop) (i32.shl (local.get $i) (i32.const 3)))))
            (local.set $q (if (result f64) (local.get $isAnd)
              (then (local.get $m))
              (else (f64.sub (f64.add (local.get $m) (local.get $m)) (f64.load (i32.add (local.get $totals) (i32.shl (local.get $v) (i32.const 3)))))))))
          (else
            (local.set $q (f64.convert_i32_s (if (result i32) (local.get $isAnd)
              (then (i32.load (i32.add (local.get $pop) (i32.shl (local.get $i) (i32.const 2)))))
              (else (i32.sub (local.get $fanIn) (i32.load (i32.add (local.get $pop) (i32.shl (local.get $i) (i32.const 2)))))))))))
        (local.set $md (i32.load8_u (i32.add (local.get $mode) (local.get $c))))
        (local.set $b
          (if (result i32) (i32.lt_u (local.get $md) (i32.const 2))
            (then (local.get $md))
            (else (if (result i32) (i32.eq (local.get $md) (i32.const 2))
              (then (f64.ge (local.get $q) (f64.load (i32.add (local.get $t) (i32.shl (local.get $c) (i32.const 3))))))
              (else (f64.le (local.get $q) (f64.load (i32.add (local.get $t) (i32.shl (local.get $c) (i32.const 3))))))))))
        (local.set $word (i64.or (local.get $word)
          (i64.shl (i64.extend_i32_u (local.get $b)) (i64.extend_i32_u (i32.and (local.get $c) (i32.const 63))))))
        (if (i32.or (i32.eq (i32.and (local.get $c) (i32.const 63)) (i32.const 63)) (i32.eq (i32.add (local.get $c) (i32.const 1)) (local.get $rows)))
          (then
            (i64.store
              (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $v) (local.get $words)) (i32.shr_u (local.get $c) (i32.const 6))) (i32.const 3)))
              (local.get $word))
            (local.set $word (i64.const 0))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $cloop)))
      (local.set $v (i32.add (local.get $v) (i32.const 1)))
      (br $vloop))))
)
