;; Adam's update of one parameter in one pass, on the wasm backend's own memory (imported), four
;; floats at a time. The same float32 operations in the same order as the op chain in
;; src/nn/optimizers/adam.ts (IEEE single precision, exact per lane), so the same bits:
;;   m' = m + c1 (g - m)            c1 = 1 - beta1
;;   v' = v + c2 (g g - v)          c2 = 1 - beta2
;;   p' = p - (lr m') / (sqrt(v') + eps)
;; Pointers are byte offsets into the memory; n counts floats. The outputs are new buffers.
;; Built into adam-update-wasm.ts by `npm run build:kernels`.
(module
  (import "env" "memory" (memory 0))
  (func (export "adam")
    (param $p i32) (param $g i32) (param $m i32) (param $v i32)
    (param $pOut i32) (param $mOut i32) (param $vOut i32) (param $n i32)
    (param $c1 f32) (param $c2 f32) (param $lr f32) (param $eps f32)
    (local $i i32) (local $bytes i32) (local $vecEnd i32)
    (local $gx v128) (local $mx v128) (local $vx v128)
    (local $c1x v128) (local $c2x v128) (local $lrx v128) (local $epsx v128)
    (local $gs f32) (local $ms f32) (local $vs f32)
    (local.set $bytes (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vecEnd (i32.and (local.get $bytes) (i32.const -16)))
    (local.set $c1x (f32x4.splat (local.get $c1)))
    (local.set $c2x (f32x4.splat (local.get $c2)))
    (local.set $lrx (f32x4.splat (local.get $lr)))
    (local.set $epsx (f32x4.splat (local.get $eps)))
    (block $vecDone
      (loop $vec
        (br_if $vecDone (i32.ge_u (local.get $i) (local.get $vecEnd)))
        (local.set $gx (v128.load (i32.add (local.get $g) (local.get $i))))
        (local.set $mx (v128.load (i32.add (local.get $m) (local.get $i))))
        (local.set $vx (v128.load (i32.add (local.get $v) (local.get $i))))
        (local.set $mx
          (f32x4.add (local.get $mx)
            (f32x4.mul (local.get $c1x) (f32x4.sub (local.get $gx) (local.get $mx)))))
        (local.set $vx
          (f32x4.add (local.get $vx)
            (f32x4.mul (local.get $c2x)
              (f32x4.sub (f32x4.mul (local.get $gx) (local.get $gx)) (local.get $vx)))))
        (v128.store (i32.add (local.get $mOut) (local.get $i)) (local.get $mx))
        (v128.store (i32.add (local.get $vOut) (local.get $i)) (local.get $vx))
        (v128.store (i32.add (local.get $pOut) (local.get $i))
          (f32x4.sub (v128.load (i32.add (local.get $p) (local.get $i)))
            (f32x4.div (f32x4.mul (local.get $lrx) (local.get $mx))
              (f32x4.add (f32x4.sqrt (local.get $vx)) (local.get $epsx)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $vec)))
    (block $done
      (loop $tail
        (br_if $done (i32.ge_u (local.get $i) (local.get $bytes)))
        (local.set $gs (f32.load (i32.add (local.get $g) (local.get $i))))
        (local.set $ms (f32.load (i32.add (local.get $m) (local.get $i))))
        (local.set $vs (f32.load (i32.add (local.get $v) (local.get $i))))
        (local.set $ms
          (f32.add (local.get $ms)
            (f32.mul (local.get $c1) (f32.sub (local.get $gs) (local.get $ms)))))
        (local.set $vs
          (f32.add (local.get $vs)
            (f32.mul (local.get $c2)
              (f32.sub (f32.mul (local.get $gs) (local.get $gs)) (local.get $vs)))))
        (f32.store (i32.add (local.get $mOut) (local.get $i)) (local.get $ms))
        (f32.store (i32.add (local.get $vOut) (local.get $i)) (local.get $vs))
        (f32.store (i32.add (local.get $pOut) (local.get $i))
          (f32.sub (f32.load (i32.add (local.get $p) (local.get $i)))
            (f32.div (f32.mul (local.get $lr) (local.get $ms))
              (f32.add (f32.sqrt (local.get $vs)) (local.get $eps)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $tail)))))
