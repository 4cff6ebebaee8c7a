/**
 * @module
 * The literal index's pass over a text, run as WebAssembly (src/wasm/literal-scan.wat). The JavaScript loop in
 * `literal-index.ts` costs about 20 ns per character on this kind of machine, a fifth of the detection budget;
 * the same loop compiled is about 4. Where WebAssembly cannot run (Node with `--jitless`, a runtime that forbids
 * compiling code), the index keeps its JavaScript loop: same answers, slower.
 */

import { LITERAL_SCAN_WASM } from './wasm/literal-scan-bytes.js';

/** The index's tables, as `literal-index.ts` builds them. */
export interface LiteralTables {
  readonly bits: readonly [Uint32Array, Uint32Array, Uint32Array];
  readonly heads: readonly [Int32Array, Int32Array, Int32Array];
  readonly next: Int32Array;
  readonly offset: Int32Array;
  readonly unitStart: Int32Array;
  readonly units: Uint16Array;
  /** Per string, its key as the scan packs it: the low bytes of its 4- or 3-gram, or its two units. */
  readonly keyWord: Int32Array;
}

/** Calls `record` with each string lying whole in text[from, end), in the JavaScript loop's order. */
export type RangeScanner = (
  text: string,
  from: number,
  end: number,
  pairs: boolean,
  record: (id: number, start: number) => void,
) => void;

interface ScanExports {
  readonly memory: WebAssembly.Memory;
  readonly stop: WebAssembly.Global;
  init(next: number, offset: number, unitStart: number, units: number, keyWord: number): void;
  scan(
    text: number,
    from: number,
    resume: number,
    end: number,
    pairs: number,
    out: number,
    cap: number,
  ): number;
}

// Fixed places of the bitmaps and heads (see the .wat); the per-string arrays follow.
const BITS_AT = 0x000000;
const HEADS_AT = 0x006000;
const TABLES_END = 0x0c6000;
const PAGE = 65_536;
// Pairs read back per call: a range with more strings in it is read in several calls.
const CAP = 4_096;

let compiled: WebAssembly.Module | null | undefined;
/** The compiled module, or null where this runtime cannot compile WebAssembly. */
function scanModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(
        Uint8Array.from(atob(LITERAL_SCAN_WASM), (char) => char.charCodeAt(0)),
      );
    } catch {
      // No WebAssembly here (`--jitless`, a locked-down runtime): the JavaScript loop runs instead.
      compiled = null;
    }
  }
  return compiled;
}

/** Whether the WebAssembly scanner can run in this runtime. */
export function wasmScanAvailable(): boolean {
  return scanModule() !== null;
}

/**
 * A scanner over the given tables in a WebAssembly instance of its own, or `undefined` where WebAssembly cannot
 * run. Its memory grows to hold the longest range scanned (two bytes per character) and stays at that size.
 *
 * @example
 * const scanRange = createWasmScanner(tables);
 * scanRange?.(text, 0, text.length, false, (id, start) => hits.push([id, start]));
 */
export function createWasmScanner(tables: LiteralTables): RangeScanner | undefined {
  const compiledModule = scanModule();
  if (!compiledModule) return undefined;
  const exports = new WebAssembly.Instance(compiledModule).exports as unknown as ScanExports;
  const { memory } = exports;
  const count = tables.next.length;
  const nextAt = TABLES_END;
  const offsetAt = nextAt + count * 4;
  const unitStartAt = offsetAt + count * 4;
  const unitsAt = unitStartAt + (count + 1) * 4;
  const keyWordAt = (unitsAt + tables.units.length * 2 + 3) & ~3;
  // At most one occurrence of each string starts at a position: `cap` pairs always hold one position's.
  const cap = Math.max(CAP, count);
  const outAt = (keyWordAt + count * 4 + 7) & ~7;
  const textAt = outAt + cap * 8;
  const ensure = (bytes: number) => {
    const missing = Math.ceil(bytes / PAGE) - memory.buffer.byteLength / PAGE;
    if (missing > 0) memory.grow(missing);
  };
  ensure(textAt);
  tables.bits.forEach((bits, table) => {
    new Uint32Array(memory.buffer, BITS_AT + table * 0x2000, bits.length).set(bits);
  });
  tables.heads.forEach((head, table) => {
    new Int32Array(memory.buffer, HEADS_AT + table * 0x40000, head.length).set(head);
  });
  new Int32Array(memory.buffer, nextAt, count).set(tables.next);
  new Int32Array(memory.buffer, offsetAt, count).set(tables.offset);
  new Int32Array(memory.buffer, unitStartAt, count + 1).set(tables.unitStart);
  new Uint16Array(memory.buffer, unitsAt, tables.units.length).set(tables.units);
  new Int32Array(memory.buffer, keyWordAt, count).set(tables.keyWord);
  exports.init(nextAt, offsetAt, unitStartAt, unitsAt, keyWordAt);

  // Views of the memory, made again when it grows (growing detaches the old buffer).
  let bytes = Buffer.from(memory.buffer);
  let words = new Int32Array(memory.buffer);
  return (text, from, end, pairs, record) => {
    if (end <= from) return;
    const needed = textAt + (end - from) * 2;
    if (needed > bytes.length) {
      ensure(needed);
      bytes = Buffer.from(memory.buffer);
      words = new Int32Array(memory.buffer);
    }
    // Only the range is copied; the scanner reads position p at textAt + 2 (p - from).
    bytes.write(text.slice(from, end), textAt, 'utf16le');
    const base = (textAt - from * 2) | 0;
    let resume = from;
    while (resume < end) {
      const found = exports.scan(base, from, resume, end, pairs ? 1 : 0, outAt, cap);
      for (let at = outAt >> 2, last = at + found * 2; at < last; at += 2)
        record(words[at] as number, words[at + 1] as number);
      resume = exports.stop.value as number;
    }
  };
}
