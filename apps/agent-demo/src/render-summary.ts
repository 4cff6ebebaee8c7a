import type { DemoSummary } from './run-demo.js';

/** The summary as a text table: one row per agent and model, then totals. */
export function renderSummary(summary: DemoSummary): string {
  const header = [
    'agent',
    'model',
    'requests',
    'failed',
    'retries',
    'fallbacks',
    'breaker',
    'cache hits',
    'tokens in/out',
    'cost USD',
  ];
  const rows = summary.rows.map((row) => [
    row.agent,
    row.model,
    String(row.requests),
    String(row.failed),
    String(row.retries),
    String(row.fallbacksAway),
    row.breaker,
    String(row.cacheHits),
    `${row.inputTokens}/${row.outputTokens}`,
    row.costUsd,
  ]);
  const widths = header.map((_, column) =>
    Math.max(...[header, ...rows].map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ');
  const where = summary.offline
    ? 'offline, on the embedded OpenRouter simulator (its answers are scripted)'
    : 'on OpenRouter';
  return [
    '',
    `Summary: scenario ${summary.scenario}, ${where}, state in ${summary.store}`,
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
    '',
    `${summary.completed} of ${summary.tasks} tasks answered; ${summary.totals.requests} model requests${summary.simulatorRequests === null ? '' : ` (the simulator saw ${summary.simulatorRequests})`}; cost $${summary.totals.costUsd}; daily budget left $${summary.totals.budgetLeftUsd} of $${summary.totals.budgetUsd}.`,
    `Ledger: ${summary.ledgerPath} (SQLite; every call above is recorded there, and the daily budget holds across runs).`,
    `Blocked injections: ${summary.blockedInjections}.`,
    `Prompt caching: ${summary.promptCaching.cacheReadTokens} input tokens read from the providers' caches, ${summary.promptCaching.cacheWriteTokens} written; saved $${summary.promptCaching.savedUsd} (the code reviewer's long guide is the cached prefix).`,
    `See these calls in a browser: ${summary.dashboardCommand}`,
    ...summary.failed.map((failure) => `Failed: ${failure.agent}: ${failure.error}`),
  ].join('\n');
}
