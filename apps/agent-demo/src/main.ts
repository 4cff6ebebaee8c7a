/**
 * `pnpm demo [--scenario calm|flaky|outage|attack] [--json] [--ledger file]`: three preset agents on sample work
 * through the full orkit stack, recorded in a SQLite ledger. Offline on the embedded simulator without OPENROUTER_API_KEY; on OpenRouter with it.
 */
import { parseArgs } from 'node:util';
import { ConfigError } from '@orkit/config';
import { renderSummary } from './render-summary.js';
import { type DemoScenario, DemoSetupError, runDemo } from './run-demo.js';

const USAGE =
  'Usage: pnpm demo [--scenario calm|flaky|outage|attack] [--json] [--ledger .orkit/demo-ledger.db]';
let values: { scenario?: string; json?: boolean; help?: boolean; ledger?: string };
try {
  ({ values } = parseArgs({
    options: {
      scenario: { type: 'string', default: 'calm' },
      json: { type: 'boolean', default: false },
      ledger: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const scenario = values.scenario as DemoScenario;
if (!['calm', 'flaky', 'outage', 'attack'].includes(scenario)) {
  console.error(`--scenario must be calm, flaky, outage or attack, got '${values.scenario}'.\n${USAGE}`);
  process.exit(2);
}

try {
  const summary = await runDemo({
    scenario,
    ...(values.ledger ? { ledgerPath: values.ledger } : {}),
    write: values.json ? () => undefined : (text) => process.stdout.write(text),
  });
  if (values.json) console.log(JSON.stringify(summary));
  else console.log(renderSummary(summary));
  process.exit(summary.failed.length === 0 ? 0 : 1);
} catch (error) {
  if (ConfigError.isInstance(error) || error instanceof DemoSetupError) {
    console.error(`orkit demo: ${(error as Error).message}`);
    process.exit(3);
  }
  throw error;
}
