;; Max pooling's backward for disjoint windows (stride = window), NHWC, on the wasm backend's
;; own memory: each window's dout goes to the first position (row-major) that holds the
;; window's max (x >= out there), every other position gets +0. The same routing, and the
;; same bits, as KernelPooling's elementwise formulation (src/nn/layers/kernel-pooling.ts);
;; four channels at a time, the last C mod 4 one by one. Pointers are byte offsets; dx is a
;; new buffer that this pass fills completely. Built by `npm run build:kernels`.
(module
  (import "env" "memory" (memory 0))
  (func (export "maxPoolBackward")
    (param $x i32) (param $out i32) (param $dout i32) (param $dx i32)
    (param $n i32) (param $h i32) (param $w i32) (param $c i32)
    (param $ph i32) (param $pw i32)
    (local $oh i32) (local $ow i32) (local $b i32) (local $wo i32) (local $ho i32)
    (local $pixel i32) (local $row i32) (local $vecEnd i32) (local $bytes i32)
    (local $win i32) (local $o i32) (local $k i32) (local $di i32) (local $dj i32) (local $at i32)
    (local $mv v128) (local $qv v128) (local $hit v128)
    (local $ms f32) (local $qs f32)
    (local.set $oh (i32.div_u (local.get $h) (local.get $ph)))
    (local.set $ow (i32.div_u (local.get $w) (local.get $pw)))
    (local.set $pixel (i32.shl (local.get $c) (i32.const 2)))
    (local.set $row (i32.mul (local.get $w) (local.get $pixel)))
    (local.set $vecEnd (i32.and (local.get $pixel) (i32.const -16)))
    ;; b: image, ho/wo: window row and column; win: byte offset of the window's top-left
    ;; pixel in x and dx; o: byte offset of the window's pixel in out and dout.
    (block $imagesDone (loop $images
      (br_if $imagesDone (i32.ge_u (local.get $b) (local.get $n)))
      (local.set $ho (i32.const 0))
      (block $rowsDone (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $ho) (local.get $oh)))
        (local.set $wo (i32.const 0))
        (block $colsDone (loop $cols
          (br_if $colsDone (i32.ge_u (local.get $wo) (local.get $ow)))
          (local.set $win
            (i32.add
              (i32.mul
                (i32.add (i32.mul (local.get $b) (local.get $h)) (i32.mul (local.get $ho) (local.get $ph)))
                (local.get $row))
              (i32.mul (i32.mul (local.get $wo) (local.get $pw)) (local.get $pixel))))
          (local.set $o
            (i32.mul
              (i32.add
                (i32.mul (i32.add (i32.mul (local.get $b) (local.get $oh)) (local.get $ho)) (local.get $ow))
                (local.get $wo))
              (local.get $pixel)))
          ;; Channels, four at a time.
          (local.set $k (i32.const 0))
          (block $vecDone (loop $vec
            (br_if $vecDone (i32.ge_u (local.get $k) (local.get $vecEnd)))
            (local.set $mv (v128.load (i32.add (local.get $out) (i32.add (local.get $o) (local.get $k)))))
            (local.set $qv (v128.load (i32.add (local.get $dout) (i32.add (local.get $o) (local.get $k)))))
            (local.set $di (i32.const 0))
            (block $diDone (loop $diLoop
              (br_if $diDone (i32.ge_u (local.get $di) (local.get $ph)))
              (local.set $dj (i32.const 0))
              (block $djDone (loop $djLoop
                (br_if $djDone (i32.ge_u (local.get $dj) (local.get $pw)))
                (local.set $at
                  (i32.add (local.get $win)
                    (i32.add
                      (i32.add (i32.mul (local.get $di) (local.get $row)) (i32.mul (local.get $dj) (local.get $pixel)))
                      (local.get $k))))
                ;; hit: lanes where this position holds the max (not x < out)
                (local.set $hit
                  (v128.not (f32x4.lt (v128.load (i32.add (local.get $x) (local.get $at))) (local.get $mv))))
                (v128.store (i32.add (local.get $dx) (local.get $at))
                  (v128.and (local.get $qv) (local.get $hit)))
                (local.set $qv (v128.andnot (local.get $qv) (local.get $hit)))
                (local.set $dj (i32.add (local.get $dj) (i32.const 1)))
                (br $djLoop)))
              (local.set $di (i32.add (local.get $di) (i32.const 1)))
              (br $diLoop)))
            (local.set $k (i32.add (local.get $k) (i32.const 16)))
            (br $vec)))
          ;; The last C mod 4 channels.
          (block $tailDone (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $k) (local.get $pixel)))
            (local.set $ms (f32.load (i32.add (local.get $out) (i32.add (local.get $o) (local.get $k)))))
            (local.set $qs (f32.load (i32.add (local.get $dout) (i32.add (local.get $o) (local.get $k)))))
            (local.set $di (i32.const 0))
            (block $tdiDone (loop $tdi
              (br_if $tdiDone (i32.ge_u (local.get $di) (local.get $ph)))
              (local.set $dj (i32.const 0))
              (block $tdjDone (loop $tdj
                (br_if $tdjDone (i32.ge_u (local.get $dj) (local.get $pw)))
                (local.set $at
                  (i32.add (local.get $win)
                    (i32.add
                      (i32.add (i32.mul (local.get $di) (local.get $row)) (i32.mul (local.get $dj) (local.get $pixel)))
                      (local.get $k))))
                (if (f32.lt (f32.load (i32.add (local.get $x) (local.get $at))) (local.get $ms))
                  (then (f32.store (i32.add (local.get $dx) (local.get $at)) (f32.const 0)))
                  (else
                    (f32.store (i32.add (local.get $dx) (local.get $at)) (local.get $qs))
                    (local.set $qs (f32.const 0))))
                (local.set $dj (i32.add (local.get $dj) (i32.const 1)))
                (br $tdj)))
              (local.set $di (i32.add (local.get $di) (i32.const 1)))
              (br $tdi)))
            (local.set $k (i32.add (local.get $k) (i32.const 4)))
            (br $tail)))
          (local.set $wo (i32.add (local.get $wo) (i32.const 1)))
          (br $cols)))
        (local.set $ho (i32.add (local.get $ho) (i32.const 1)))
        (br $rows)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $images)))))
