import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { formatUsd, parseUsd } from '@orkit/config/usd';
import type { Ledger } from './ledger.js';
import type { UsageRecord } from './usage-record.js';

/** What an import did: every line is accounted for. */
export interface JsonLinesImport {
  readonly imported: number;
  readonly patched: number;
  /** Lines that were not a record or a patch (blank lines are not counted); the file keeps them. */
  readonly skipped: number;
  /** 1-based numbers of the skipped lines, for a person to look at (the first 100). */
  readonly skippedLines: readonly number[];
}

/**
 * Copies a JSON-lines ledger written by orkit 0.1 (`createFileLedger`) into a ledger, reading the file and never
 * changing it. A line that does not parse (a torn write, a stray BOM, a blank line) is skipped and counted, not
 * cut off: records after it are still imported. Records already in the target (same id) are left as they are, so
 * the import can be run again safely.
 *
 * @example
 * const ledger = createSqliteLedger({ path: '.orkit/ledger.db' });
 * const report = await importJsonLinesLedger({ path: '.orkit/ledger.jsonl', ledger });
 * console.log(`${report.imported} records, ${report.skipped} lines skipped`);
 */
export async function importJsonLinesLedger(options: {
  readonly path: string;
  readonly ledger: Ledger;
}): Promise<JsonLinesImport> {
  const lines = createInterface({
    input: createReadStream(options.path, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let imported = 0;
  let patched = 0;
  let number = 0;
  const skippedLines: number[] = [];
  let skipped = 0;
  const patches: Array<{ id: string; fields: Record<string, unknown> }> = [];
  for await (const raw of lines) {
    number += 1;
    const line = raw.replace(/^\uFEFF/, '').trim();
    if (line === '') continue;
    try {
      const value = JSON.parse(line) as Record<string, unknown>;
      if (typeof value.$patch === 'string' && typeof value.fields === 'object' && value.fields !== null) {
        patches.push({ id: value.$patch, fields: value.fields as Record<string, unknown> });
        continue;
      }
      if (typeof value.id !== 'string' || typeof value.startedAt !== 'number')
        throw new Error('not a record');
      // 0.1 wrote costs as floats; read each as the decimal it prints as.
      const record = {
        ...value,
        costUsd: formatUsd(parseUsd(value.costUsd as number | string)),
      } as UsageRecord;
      await options.ledger.append(record);
      imported += 1;
    } catch {
      skipped += 1;
      if (skippedLines.length < 100) skippedLines.push(number);
    }
  }
  for (const { id, fields } of patches) {
    const patch = { ...fields } as Record<string, unknown>;
    if (patch.costUsd !== undefined) patch.costUsd = formatUsd(parseUsd(patch.costUsd as number | string));
    await options.ledger.patch(id, patch);
    patched += 1;
  }
  return { imported, patched, skipped, skippedLines };
}
