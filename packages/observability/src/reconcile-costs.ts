import { formatUsd, parseUsd } from '@orkit/config/usd';
import type { Ledger, LedgerQuery } from './ledger.js';

/** Options of {@link reconcileCosts}. */
export interface ReconcileOptions {
  readonly ledger: Ledger;
  /** Default `https://openrouter.ai/api/v1`. */
  readonly baseURL?: string;
  readonly apiKey: string;
  readonly fetch?: typeof globalThis.fetch;
  readonly query?: LedgerQuery;
  readonly signal?: AbortSignal;
  /**
   * How long after a call OpenRouter may still publish its generation. A failed call whose generation is still
   * unknown after this (404, or no generation id at all) was never charged: it is settled as `uncharged` at $0
   * instead of staying pending forever. Default 1 hour.
   */
  readonly graceMs?: number;
  /** The clock, for tests. */
  readonly now?: () => number;
}

/**
 * For records without an authoritative cost (estimated, or none: aborted and cut streams), asks OpenRouter
 * (`GET /generation?id=`) what was charged and patches the ledger. Returns how many were fixed and how many are
 * still unknown (OpenRouter publishes generation stats a few seconds after the call; run it again later). Failed
 * calls with no generation after `graceMs` are settled as `uncharged` ($0), so nothing stays pending forever.
 *
 * @example
 * setInterval(() => reconcileCosts({ ledger, apiKey: process.env.OPENROUTER_API_KEY! }), 60_000);
 */
export async function reconcileCosts(
  options: ReconcileOptions,
): Promise<{ reconciled: number; uncharged: number; pending: number }> {
  const baseURL = (options.baseURL ?? 'https://openrouter.ai/api/v1').replace(/\/+$/, '');
  const records = await options.ledger.query(options.query);
  const graceMs = options.graceMs ?? 3_600_000;
  const now = (options.now ?? Date.now)();
  let reconciled = 0;
  let uncharged = 0;
  let pending = 0;
  // Only a failed call can be uncharged: a successful one was billed even if its generation is slow to appear.
  const settleUncharged = async (record: (typeof records)[number]) => {
    if (record.outcome === 'success' || now - record.startedAt < graceMs) return false;
    await options.ledger.patch(record.id, { costUsd: '0', costSource: 'uncharged' });
    uncharged += 1;
    return true;
  };
  for (const record of records) {
    if (record.costSource === 'reported' || record.costSource === 'uncharged') continue;
    if (!record.generationId) {
      if (!(await settleUncharged(record))) pending += 1;
      continue;
    }
    const response = await (options.fetch ?? globalThis.fetch)(
      `${baseURL}/generation?id=${encodeURIComponent(record.generationId)}`,
      {
        headers: { authorization: `Bearer ${options.apiKey}` },
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
    if (!response.ok) {
      await response.body?.cancel();
      if (!(response.status === 404 && (await settleUncharged(record)))) pending += 1;
      continue;
    }
    const body = (await response.json()) as { data?: { total_cost?: unknown; model?: unknown } };
    if (typeof body.data?.total_cost !== 'number') {
      pending += 1;
      continue;
    }
    await options.ledger.patch(record.id, {
      costUsd: formatUsd(parseUsd(body.data.total_cost)),
      costSource: 'reported',
      ...(typeof body.data.model === 'string' ? { answeredModel: body.data.model } : {}),
    });
    reconciled += 1;
  }
  return { reconciled, uncharged, pending };
}
