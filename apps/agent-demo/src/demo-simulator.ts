/**
 * @module
 * The offline demo's OpenRouter simulator: the sample work's scripted answers, and the faults each scenario shows.
 */
import { loadConfig } from '@orkit/config';
import {
  faults,
  type OpenRouterSimulator,
  reply,
  type ScriptRule,
  SIMULATOR_API_KEY,
  simulatorScenario,
  startOpenRouterSimulator,
} from '@orkit/testing-mocks';
import type { DemoScenario } from './run-demo.js';
import { SAMPLE_WORK } from './sample-work.js';

/** The tiers as the environment sets them, read before the simulator exists (for scripting its faults). */
function config0() {
  return loadConfig({ env: { ...process.env, OPENROUTER_API_KEY: SIMULATOR_API_KEY } }).models;
}

/** Starts the simulator for a scenario: scripted answers for the sample work, plus the scenario's faults. */
export async function startDemoSimulator(scenarioName: DemoScenario): Promise<OpenRouterSimulator> {
  // Flaky, scripted so every run shows it: a 429 with Retry-After, then an error event inside a stream
  // before its first content; each once. Outage: the content writer's primary model answers 503.
  const flaky: ScriptRule[] =
    scenarioName === 'flaky'
      ? [
          {
            model: config0().coding,
            steps: [faults.rateLimited({ retryAfterSeconds: 1 })],
            repeat: 'none',
          },
          {
            model: config0().default,
            steps: [faults.streamError({ afterChunks: 0, code: 502, message: 'Upstream provider error' })],
            repeat: 'none',
          },
        ]
      : [];
  const scenario =
    scenarioName === 'flaky' || scenarioName === 'attack'
      ? {}
      : simulatorScenario(scenarioName, { seed: 7, primaryModel: config0().default });
  return startOpenRouterSimulator({
    ...scenario,
    scripts: [
      ...flaky,
      ...(scenario.scripts ?? []),
      ...SAMPLE_WORK.map((item) => ({
        prompt: item.prompt.slice(0, 40),
        steps: reply(item.offlineAnswer, { wordsPerChunk: 2 }),
      })),
    ],
  });
}
