import { runBenchmarks } from '@orkit/bench-harness';
import { loadConfig } from '../src/index.ts';

const env = {
  OPENROUTER_API_KEY: `sk-or-v1-${'ab'.repeat(32)}`,
  DAILY_BUDGET: '25',
  MONTHLY_BUDGET: '400',
  DEFAULT_MODEL: 'anthropic/claude-sonnet-5',
  REDIS_URL: 'redis://127.0.0.1:6379',
};

await runBenchmarks('config', [{ name: 'loadConfig (5 variables)', fn: () => loadConfig({ env }) }]);
