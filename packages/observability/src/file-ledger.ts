import {
  closeSync,
  existsSync,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { type Ledger, matches } from './ledger.js';
import type { UsageRecord } from './usage-record.js';

/** Options of {@link createFileLedger}. */
export interface FileLedgerOptions {
  /** The JSON-lines file; created if missing. */
  readonly path: string;
}

type Line = UsageRecord | { readonly $patch: string; readonly fields: Record<string, unknown> };

/**
 * A ledger in a local JSON-lines file: one line per record, written with one `write` call, so a crash loses at
 * most the line being written. On open, the file is read back; a torn last line (no newline, or not JSON) is cut
 * off and counted in `recovered`. Patches are appended as lines and applied on read. The embedded default.
 *
 * @example
 * const ledger = createFileLedger({ path: '.orkit/ledger.jsonl' });
 * // after a restart, today's spend is still there:
 * const today = await ledger.query({ from: startOfDay });
 */
export function createFileLedger(options: FileLedgerOptions): Ledger & { readonly recovered: number } {
  mkdirSync(dirname(options.path), { recursive: true });
  const records: UsageRecord[] = [];
  const byId = new Map<string, number>();
  let recovered = 0;
  const apply = (line: Line) => {
    if ('$patch' in line) {
      const index = byId.get(line.$patch);
      if (index !== undefined)
        records[index] = { ...(records[index] as UsageRecord), ...line.fields } as UsageRecord;
    } else {
      byId.set(line.id, records.length);
      records.push(line);
    }
  };
  if (existsSync(options.path)) {
    const text = readFileSync(options.path, 'utf8');
    let goodBytes = 0;
    let offset = 0;
    while (offset < text.length) {
      const end = text.indexOf('\n', offset);
      if (end < 0) break;
      try {
        apply(JSON.parse(text.slice(offset, end)) as Line);
        goodBytes += Buffer.byteLength(text.slice(offset, end + 1));
      } catch {
        recovered += 1;
        break;
      }
      offset = end + 1;
    }
    const fd = openSync(options.path, 'r+');
    if (fstatSync(fd).size > goodBytes) {
      if (offset < text.length && recovered === 0) recovered += 1;
      ftruncateSync(fd, goodBytes);
    }
    closeSync(fd);
  }
  const fd = openSync(options.path, 'a');
  let closed = false;
  const write = (line: Line) => {
    if (closed) throw new Error(`The file ledger ${options.path} is closed.`);
    writeSync(fd, `${JSON.stringify(line)}\n`);
  };
  return {
    append(record) {
      write(record);
      apply(record);
    },
    query: (query = {}) => records.filter((record) => matches(record, query)),
    patch(id, patch) {
      const line = { $patch: id, fields: patch };
      write(line);
      apply(line);
    },
    close() {
      if (!closed) closeSync(fd);
      closed = true;
    },
    get recovered() {
      return recovered;
    },
  };
}
