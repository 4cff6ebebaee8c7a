/**
 * Measures a second opinion on the frozen sets, routed as `guardMiddleware` routes texts to it, so a team can see
 * what a judge model adds before relying on it:
 *
 *   pnpm --filter @orkit/security eval:judge --model google/gemini-3.5-flash [--routing all|uncertain] [--set 3]
 *
 * Reads OpenRouter's settings as the rest of orkit does (`OPENROUTER_API_KEY`, `OPENROUTER_BASE_URL`). With a real
 * key it spends real money: one short call (5 output tokens) per routed row, at most 314 + 128 + 146. Point
 * `OPENROUTER_BASE_URL` at the simulator for a dry run. Prints recall and false-positive rate per set, beside the
 * local detector's, and counts the judge's failures apart (a failed call keeps the local verdict, as in the guard).
 * Writes nothing.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createOpenRouter, loadConfig } from '@orkit/config';
import { createInjectionJudge, detectPromptInjection } from '../src/index.ts';
import { DEFAULT_THRESHOLD, sentToJudge } from './routing.ts';

const SETS = { '1': './frozen-set.jsonl', '2': './frozen-set-2.jsonl', '3': './frozen-set-3.jsonl' } as const;

const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    routing: { type: 'string', default: 'all' },
    set: { type: 'string', multiple: true },
    concurrency: { type: 'string', default: '4' },
    'timeout-ms': { type: 'string', default: '15000' },
  },
});
const usage = 'usage: eval:judge --model <openrouter model id> [--routing all|uncertain] [--set 1|2|3]…';
if (!values.model) throw new TypeError(`--model is required. ${usage}`);
if (values.routing !== 'all' && values.routing !== 'uncertain')
  throw new TypeError(
    `--routing must be 'all' or 'uncertain', got ${JSON.stringify(values.routing)}. ${usage}`,
  );
const sets = values.set ?? Object.keys(SETS);
for (const set of sets)
  if (!(set in SETS)) throw new TypeError(`--set must be 1, 2 or 3, got ${JSON.stringify(set)}. ${usage}`);
const concurrency = Number(values.concurrency);
const timeoutMs = Number(values['timeout-ms']);
if (!Number.isInteger(concurrency) || concurrency < 1)
  throw new TypeError(`--concurrency must be a whole number of 1 or more. ${usage}`);

const judge = createInjectionJudge({
  model: createOpenRouter(loadConfig()).chat(values.model),
  timeoutMs,
});

interface Row {
  readonly text: string;
  readonly label: 'injection' | 'benign';
  readonly position: 'user' | 'tool';
}
interface Judged {
  readonly row: Row;
  readonly local: boolean;
  readonly final: boolean;
  readonly sent: boolean;
  readonly failed: boolean;
}

async function judgeRow(row: Row): Promise<Judged> {
  const supplied = row.position === 'tool';
  const local = detectPromptInjection(row.text, { supplied }).score;
  const flagged = local >= DEFAULT_THRESHOLD;
  if (!sentToJudge(row, local, values.routing as 'uncertain' | 'all'))
    return { row, local: flagged, final: flagged, sent: false, failed: false };
  const result = await judge(row.text, { always: true, supplied });
  return {
    row,
    local: flagged,
    final: result.verdict === 'injection',
    sent: true,
    failed: result.secondOpinion?.verdict === 'unavailable',
  };
}

/** Runs `work` over `items`, `limit` at a time, in order of the results. */
async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const at = next;
      next += 1;
      results[at] = await work(items[at] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const share = (part: number, all: number) => (all === 0 ? 'n/a' : (part / all).toFixed(2));
process.stdout.write(`judge ${values.model}, routing '${values.routing}'\n`);
process.stdout.write(
  '| set | recall, local | recall, with judge | FPR, local | FPR, with judge | sent | failed |\n',
);
process.stdout.write('|---|---|---|---|---|---|---|\n');
for (const set of sets) {
  const file = SETS[set as keyof typeof SETS];
  const rows = readFileSync(new URL(file, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Row);
  const judged = await pool(rows, concurrency, judgeRow);
  const attacks = judged.filter((entry) => entry.row.label === 'injection');
  const benign = judged.filter((entry) => entry.row.label === 'benign');
  const count = (entries: readonly Judged[], pick: (entry: Judged) => boolean) => entries.filter(pick).length;
  process.stdout.write(
    `| ${set} | ${share(
      count(attacks, (entry) => entry.local),
      attacks.length,
    )} | ${share(
      count(attacks, (entry) => entry.final),
      attacks.length,
    )} | ${share(
      count(benign, (entry) => entry.local),
      benign.length,
    )} | ${share(
      count(benign, (entry) => entry.final),
      benign.length,
    )} | ${count(judged, (entry) => entry.sent)} | ${count(judged, (entry) => entry.failed)} |\n`,
  );
}
