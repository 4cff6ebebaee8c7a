import { faults } from './faults.js';
import type { OpenRouterSimulatorOptions } from './start-open-router-simulator.js';

/** The named scenarios the CLI and the demo share. */
export const SIMULATOR_SCENARIOS = ['calm', 'flaky', 'outage', 'chaos'] as const;

/** A named scenario. */
export type SimulatorScenario = (typeof SIMULATOR_SCENARIOS)[number];

/**
 * Options for a named scenario. `calm`: no faults. `flaky`: 15 % of attempts get 429 with `Retry-After: 1`, a 502,
 * or an SSE error before or during content. `outage`: the primary model (the catalog's first, or `primaryModel`)
 * answers 503 to everything. `chaos`: 30 % of attempts fault, every kind mixed.
 *
 * @example
 * const simulator = await startOpenRouterSimulator(simulatorScenario('flaky', { seed: 7 }));
 */
export function simulatorScenario(
  scenario: SimulatorScenario,
  options: { seed?: number; primaryModel?: string } = {},
): OpenRouterSimulatorOptions {
  const seed = options.seed ?? 1;
  switch (scenario) {
    case 'calm':
      return {};
    case 'flaky':
      return {
        chaos: {
          seed,
          rate: 0.15,
          retryAfterSeconds: 1,
          weights: {
            'rate-limit': 3,
            upstream: 1,
            'stream-error-before-content': 1,
            'stream-error-mid-stream': 1,
            'server-error': 0,
            unavailable: 0,
            'in-band': 1,
            cut: 0,
            stall: 0,
          },
        },
      };
    case 'outage':
      return {
        scripts: [
          {
            model: options.primaryModel ?? 'anthropic/claude-sonnet-5',
            steps: faults.unavailable({ retryAfterSeconds: 30 }),
          },
        ],
      };
    case 'chaos':
      return { chaos: { seed, rate: 0.3 } };
  }
}
