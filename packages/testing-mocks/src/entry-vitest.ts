/**
 * @module
 * vitest helpers: one simulator per test file, reset between tests.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import {
  type OpenRouterSimulator,
  type OpenRouterSimulatorOptions,
  startOpenRouterSimulator,
} from './start-open-router-simulator.js';

/**
 * Starts the simulator once for the current test file (`beforeAll`), resets it before each test and closes it
 * after the file. The returned handle is usable inside tests and hooks.
 *
 * @example
 * import { useOpenRouterSimulator } from '@orkit/testing-mocks/vitest';
 * const simulator = useOpenRouterSimulator();
 * it('answers', async () => {
 *   const openrouter = createOpenRouter({ baseURL: simulator.baseURL, apiKey: simulator.apiKey });
 *   await generateText({ model: openrouter.chat('openai/gpt-5.5'), prompt: 'hi' });
 *   expect(simulator.requests.chats()).toHaveLength(1);
 * });
 */
export function useOpenRouterSimulator(options: OpenRouterSimulatorOptions = {}): OpenRouterSimulator {
  let current: OpenRouterSimulator | undefined;
  const running = (): OpenRouterSimulator => {
    if (!current) {
      throw new Error(
        'useOpenRouterSimulator: the simulator starts in beforeAll; use it inside tests or hooks, not at module level.',
      );
    }
    return current;
  };
  beforeAll(async () => {
    current = await startOpenRouterSimulator(options);
  });
  beforeEach(() => running().reset());
  afterAll(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    get baseURL() {
      return running().baseURL;
    },
    get port() {
      return running().port;
    },
    get apiKey() {
      return running().apiKey;
    },
    get requests() {
      return running().requests;
    },
    get models() {
      return running().models;
    },
    script: (rule) => running().script(rule),
    setChaos: (chaos) => running().setChaos(chaos),
    chargedUsd: (apiKey) => running().chargedUsd(apiKey),
    reset: () => running().reset(),
    close: () => running().close(),
  };
}

export { faults } from './faults.js';
export { mockOpenRouterModel } from './mock-open-router-model.js';
export {
  postgresForTests,
  postgresSchema,
  type RedisForTests,
  redisForTests,
} from './redis-for-tests.js';
export { reply, toolCalls } from './simulator-step.js';
export { SIMULATOR_API_KEY, startOpenRouterSimulator } from './start-open-router-simulator.js';
