import { appendFileSync } from 'node:fs';
import type { ObservabilityEventListener } from './observability-events.js';
import type { UsageRecord } from './usage-record.js';

/** Options of {@link jsonLinesSink}. */
export interface JsonLinesSinkOptions {
  /** A file path to append to; default: standard output. */
  readonly path?: string;
  /** Applied to `errorMessage` (e.g. `redactSecrets` from `@orkit/security`): error messages can quote input. */
  readonly redact?: (text: string) => string;
}

/**
 * Writes each usage record as one JSON line: an append-only log for shipping elsewhere (the ledger is SQLite or
 * PostgreSQL). Prompts and outputs are never in the record; error messages pass through `redact`. A write that
 * fails (a full disk, a path it cannot write) throws to the emitter, which counts it and reports a
 * `listener-error` event: it never fails the call, and the ledger still has the record.
 *
 * @example
 * usageMiddleware({ ledger, onEvent: jsonLinesSink({ path: 'logs/llm.jsonl', redact: redactSecrets }) });
 */
export function jsonLinesSink(options: JsonLinesSinkOptions = {}): ObservabilityEventListener {
  return function jsonLinesSinkListener(event) {
    if (event.type !== 'usage') return;
    const record: UsageRecord =
      options.redact && event.record.errorMessage
        ? { ...event.record, errorMessage: options.redact(event.record.errorMessage) }
        : event.record;
    const line = `${JSON.stringify(record)}\n`;
    if (options.path) appendFileSync(options.path, line);
    else process.stdout.write(line);
  };
}
