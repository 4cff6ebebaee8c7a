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
}

/**
 * For records without an authoritative cost (estimated, or none: aborted and cut streams), asks OpenRouter
 * (`GET /generation?id=`) what was charged and patches the ledger. Returns how many were fixed and how many are
 * still unknown (OpenRouter publishes generation stats a few seconds after the call; run it again later).
 *
 * @example
 * setInterval(() => reconcileCosts({ ledger, apiKey: process.env.OPENROUTER_API_KEY! }), 60_000);
 */
export async function reconcileCosts(
  options: ReconcileOptions,
): Promise<{ reconciled: number; pending: number }> {
  const baseURL = (options.baseURL ?? 'https://openrouter.ai/api/v1').replace(/\/+$/, '');
  const records = await options.ledger.query(options.query);
  let reconciled = 0;
  let pending = 0;
  for (const record of records) {
    if (record.costSource === 'reported' || !record.generationId) continue;
    const response = await (options.fetch ?? globalThis.fetch)(
      `${baseURL}/generation?id=${encodeURIComponent(record.generationId)}`,
      {
        headers: { authorization: `Bearer ${options.apiKey}` },
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
    if (!response.ok) {
      pending += 1;
      continue;
    }
    const body = (await response.json()) as { data?: { total_cost?: unknown; model?: unknown } };
    if (typeof body.data?.total_cost !== 'number') {
      pending += 1;
      continue;
    }
    await options.ledger.patch(record.id, {
      costUsd: body.data.total_cost,
      costSource: 'reported',
      ...(typeof body.data.model === 'string' ? { answeredModel: body.data.model } : {}),
    });
    reconciled += 1;
  }
  return { reconciled, pending };
}
