import type { Redis } from 'ioredis';
import { type Ledger, matches } from './ledger.js';
import type { UsageRecord } from './usage-record.js';

/**
 * A ledger in a Redis stream shared by many processes (`XADD`; ids are timestamps, so time queries are native).
 * Patches are appended as entries and applied on read.
 *
 * @example
 * const ledger = createRedisLedger({ client: new Redis(process.env.REDIS_URL) });
 */
export function createRedisLedger(options: { client: Redis; key?: string; maxEntries?: number }): Ledger {
  const key = options.key ?? 'orkit:ledger';
  const client = options.client;
  return {
    async append(record) {
      const args: Array<string | number> = options.maxEntries ? ['MAXLEN', '~', options.maxEntries] : [];
      await client.xadd(key, ...(args as []), '*', 'r', JSON.stringify(record));
    },
    async query(query = {}) {
      const from = query.from === undefined ? '-' : String(query.from);
      // Read to the end: a patch is appended after its record, possibly past \`to\`; \`matches\` applies the bound.
      const entries = await client.xrange(key, from, '+');
      const records = new Map<string, UsageRecord>();
      for (const [, fields] of entries) {
        const value = JSON.parse(fields[1] ?? '{}') as
          | UsageRecord
          | { $patch: string; fields: Partial<UsageRecord> };
        if ('$patch' in value) {
          const current = records.get(value.$patch);
          if (current) records.set(value.$patch, { ...current, ...value.fields });
        } else records.set(value.id, value);
      }
      return [...records.values()].filter((record) => matches(record, query));
    },
    async patch(id, patch) {
      await client.xadd(key, '*', 'r', JSON.stringify({ $patch: id, fields: patch }));
    },
  };
}
