;; The hot loop of the literal index (src/literal-index.ts), as WebAssembly: JavaScript spent 20 ns per character
;; on it (a charCodeAt and two bitmap reads cost about 10 ns there on this kind of machine); this does it in 4.
;; Same tables, same hashes, same answers as the JavaScript loop, which stays as the fallback and the test oracle.
;;
;; Memory, in bytes from 0 (src/literal-scan.ts writes the tables once):
;;   0x000000  bits4, bits3, bits2      3 x 2,048 u32: one bit per slot that has strings
;;   0x006000  head4, head3, head2      3 x 65,536 i32: the first string filed under each slot, or -1
;;   $tables   next, offset             per string, i32: the next string in its slot's chain; its key's offset
;;             unitStart                per string + 1, i32: where its units start in `units`
;;             units                    u16: every string's units, one after another
;;             keyWord                  per string, i32: its key as the scan packs it (the low bytes of a 4- or
;;                                      3-gram, or a pair's two units): a slot's chain is walked comparing it first
;;   text, out                          given to `scan`: the text's UTF-16 units; (string, start) pairs found
(module
  (memory (export "memory") 16)
  (global $next (mut i32) (i32.const 0))
  (global $offset (mut i32) (i32.const 0))
  (global $unitStart (mut i32) (i32.const 0))
  (global $units (mut i32) (i32.const 0))
  (global $keyWord (mut i32) (i32.const 0))
  ;; Where the last `scan` stopped: `end` when it read the whole range, else the position to resume at.
  (global $stop (export "stop") (mut i32) (i32.const 0))

  (func (export "init")
    (param $next i32) (param $offset i32) (param $unitStart i32) (param $units i32) (param $keyWord i32)
    (global.set $next (local.get $next))
    (global.set $offset (local.get $offset))
    (global.set $unitStart (local.get $unitStart))
    (global.set $units (local.get $units))
    (global.set $keyWord (local.get $keyWord)))

  ;; Whether string `id` occurs in the text at `start`, ending by `end`.
  (func $holds (param $text i32) (param $id i32) (param $start i32) (param $end i32) (result i32)
    (local $from i32) (local $length i32) (local $unit i32)
    (local.set $from (i32.load (i32.add (global.get $unitStart) (i32.shl (local.get $id) (i32.const 2)))))
    (local.set $length
      (i32.sub (i32.load (i32.add (global.get $unitStart) (i32.shl (i32.add (local.get $id) (i32.const 1)) (i32.const 2)))) (local.get $from)))
    (if (i32.gt_s (i32.add (local.get $start) (local.get $length)) (local.get $end))
      (then (return (i32.const 0))))
    (block $differs
      (loop $compare
        (br_if $differs (i32.ge_s (local.get $unit) (local.get $length)))
        (if (i32.ne
              (i32.load16_u
                (i32.add (local.get $text) (i32.shl (i32.add (local.get $start) (local.get $unit)) (i32.const 1))))
              (i32.load16_u
                (i32.add (global.get $units) (i32.shl (i32.add (local.get $from) (local.get $unit)) (i32.const 1)))))
          (then (return (i32.const 0))))
        (local.set $unit (i32.add (local.get $unit) (i32.const 1)))
        (br $compare)))
    (i32.const 1))

  ;; Every string lying whole in text[from, end), read from `resume` (from <= resume <= end): writes (id, start)
  ;; pairs of i32 at `out`, at most `cap` of them, and returns how many. When the next position's strings would
  ;; not fit, it stops before that position and sets `stop` there; otherwise `stop` is `end`. `pairs` says to
  ;; check two-unit strings at ASCII pairs too.
  (func (export "scan")
    (param $text i32) (param $from i32) (param $resume i32) (param $end i32) (param $pairs i32)
    (param $out i32) (param $cap i32) (result i32)
    (local $position i32) (local $code i32) (local $previous i32) (local $word i32) (local $slot i32)
    (local $id i32) (local $start i32) (local $count i32) (local $committed i32)
    ;; The rolling word and the previous unit, as they were at `resume`.
    (local.set $position (select (local.get $from) (i32.sub (local.get $resume) (i32.const 3))
      (i32.gt_s (local.get $from) (i32.sub (local.get $resume) (i32.const 3)))))
    (block $primed
      (loop $prime
        (br_if $primed (i32.ge_s (local.get $position) (local.get $resume)))
        (local.set $code (i32.load16_u (i32.add (local.get $text) (i32.shl (local.get $position) (i32.const 1)))))
        (local.set $word (i32.or (i32.shl (local.get $word) (i32.const 8)) (i32.and (local.get $code) (i32.const 255))))
        (local.set $previous (local.get $code))
        (local.set $position (i32.add (local.get $position) (i32.const 1)))
        (br $prime)))
    (block $done
      (loop $positions
        (br_if $done (i32.ge_s (local.get $position) (local.get $end)))
        (local.set $committed (local.get $count))
        (local.set $code (i32.load16_u (i32.add (local.get $text) (i32.shl (local.get $position) (i32.const 1)))))
        (local.set $word (i32.or (i32.shl (local.get $word) (i32.const 8)) (i32.and (local.get $code) (i32.const 255))))
        ;; 4-grams: the string's key sits `offset` units into it.
        (local.set $slot (i32.shr_u (i32.mul (local.get $word) (i32.const 0x9e3779b1)) (i32.const 16)))
        (if (i32.and
              (i32.shr_u (i32.load (i32.add (i32.const 0x000000) (i32.shl (i32.shr_u (local.get $slot) (i32.const 5)) (i32.const 2))))
                (local.get $slot))
              (i32.const 1))
          (then
            (local.set $id (i32.load (i32.add (i32.const 0x006000) (i32.shl (local.get $slot) (i32.const 2)))))
            (block $end4
              (loop $chain4
                (br_if $end4 (i32.lt_s (local.get $id) (i32.const 0)))
                (local.set $start (i32.sub (i32.sub (local.get $position) (i32.const 3))
                  (i32.load (i32.add (global.get $offset) (i32.shl (local.get $id) (i32.const 2))))))
                (if (i32.and (i32.ge_s (local.get $start) (local.get $from))
                      (if (result i32)
                        (i32.eq (local.get $word)
                          (i32.load (i32.add (global.get $keyWord) (i32.shl (local.get $id) (i32.const 2)))))
                        (then (call $holds (local.get $text) (local.get $id) (local.get $start) (local.get $end)))
                        (else (i32.const 0))))
                  (then
                    (if (i32.ge_s (local.get $count) (local.get $cap))
                      (then (global.set $stop (local.get $position)) (return (local.get $committed))))
                    (i32.store (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 3))) (local.get $id))
                    (i32.store (i32.add (local.get $out) (i32.add (i32.shl (local.get $count) (i32.const 3)) (i32.const 4)))
                      (local.get $start))
                    (local.set $count (i32.add (local.get $count) (i32.const 1)))))
                (local.set $id (i32.load (i32.add (global.get $next) (i32.shl (local.get $id) (i32.const 2)))))
                (br $chain4)))))
        ;; 3-grams.
        (local.set $slot
          (i32.shr_u (i32.mul (i32.and (local.get $word) (i32.const 0xffffff)) (i32.const 0x85ebca77)) (i32.const 16)))
        (if (i32.and (i32.and
              (i32.shr_u (i32.load (i32.add (i32.const 0x002000) (i32.shl (i32.shr_u (local.get $slot) (i32.const 5)) (i32.const 2))))
                (local.get $slot))
              (i32.const 1))
              (i32.ge_s (i32.sub (local.get $position) (i32.const 2)) (local.get $from)))
          (then
            (local.set $id (i32.load (i32.add (i32.const 0x046000) (i32.shl (local.get $slot) (i32.const 2)))))
            (local.set $start (i32.sub (local.get $position) (i32.const 2)))
            (block $end3
              (loop $chain3
                (br_if $end3 (i32.lt_s (local.get $id) (i32.const 0)))
                (if (if (result i32)
                        (i32.eq (i32.and (local.get $word) (i32.const 0xffffff))
                          (i32.load (i32.add (global.get $keyWord) (i32.shl (local.get $id) (i32.const 2)))))
                        (then (call $holds (local.get $text) (local.get $id) (local.get $start) (local.get $end)))
                        (else (i32.const 0)))
                  (then
                    (if (i32.ge_s (local.get $count) (local.get $cap))
                      (then (global.set $stop (local.get $position)) (return (local.get $committed))))
                    (i32.store (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 3))) (local.get $id))
                    (i32.store (i32.add (local.get $out) (i32.add (i32.shl (local.get $count) (i32.const 3)) (i32.const 4)))
                      (local.get $start))
                    (local.set $count (i32.add (local.get $count) (i32.const 1)))))
                (local.set $id (i32.load (i32.add (global.get $next) (i32.shl (local.get $id) (i32.const 2)))))
                (br $chain3)))))
        ;; Two-unit strings, hashed from whole units: where either unit is outside ASCII, or at every pair when
        ;; an ASCII pair is listed.
        (if (i32.or (local.get $pairs)
              (i32.or (i32.gt_u (local.get $code) (i32.const 0x7f)) (i32.gt_u (local.get $previous) (i32.const 0x7f))))
          (then
            (local.set $slot (i32.shr_u
              (i32.mul (i32.or (i32.shl (local.get $previous) (i32.const 16)) (local.get $code)) (i32.const 0xc2b2ae3d))
              (i32.const 16)))
            (if (i32.and (i32.and
              (i32.shr_u (i32.load (i32.add (i32.const 0x004000) (i32.shl (i32.shr_u (local.get $slot) (i32.const 5)) (i32.const 2))))
                (local.get $slot))
              (i32.const 1))
                  (i32.ge_s (i32.sub (local.get $position) (i32.const 1)) (local.get $from)))
              (then
                (local.set $id (i32.load (i32.add (i32.const 0x086000) (i32.shl (local.get $slot) (i32.const 2)))))
                (local.set $start (i32.sub (local.get $position) (i32.const 1)))
                (block $end2
                  (loop $chain2
                    (br_if $end2 (i32.lt_s (local.get $id) (i32.const 0)))
                    (if (if (result i32)
                        (i32.eq (i32.or (i32.shl (local.get $previous) (i32.const 16)) (local.get $code))
                          (i32.load (i32.add (global.get $keyWord) (i32.shl (local.get $id) (i32.const 2)))))
                        (then (call $holds (local.get $text) (local.get $id) (local.get $start) (local.get $end)))
                        (else (i32.const 0)))
                      (then
                        (if (i32.ge_s (local.get $count) (local.get $cap))
                          (then (global.set $stop (local.get $position)) (return (local.get $committed))))
                        (i32.store (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 3))) (local.get $id))
                        (i32.store
                          (i32.add (local.get $out) (i32.add (i32.shl (local.get $count) (i32.const 3)) (i32.const 4)))
                          (local.get $start))
                        (local.set $count (i32.add (local.get $count) (i32.const 1)))))
                    (local.set $id (i32.load (i32.add (global.get $next) (i32.shl (local.get $id) (i32.const 2)))))
                    (br $chain2)))))))
        (local.set $previous (local.get $code))
        (local.set $position (i32.add (local.get $position) (i32.const 1)))
        (br $positions)))
    (global.set $stop (local.get $end))
    (local.get $count))
)
