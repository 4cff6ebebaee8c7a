/**
 * The per-concern factories compose in any order under one attempt budget: only the retrying layer counts
 * attempts, so adding a breaker, a limiter, a timeout or a bulkhead never changes how many calls reach the
 * provider. Every subset and every order of the five layers (325 stacks), generate and stream.
 */
import { faults, mockOpenRouterModel } from '@orkit/testing-mocks';
import { generateText, type LanguageModelMiddleware, streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import { AttemptsExhaustedError } from './resilience-errors.js';
import {
  bulkheadMiddleware,
  circuitBreakerMiddleware,
  rateLimitMiddleware,
  retryMiddleware,
  timeoutMiddleware,
} from './resilience-middleware.js';
import { withFallback } from './with-fallback.js';

const LAYERS: Record<string, () => LanguageModelMiddleware> = {
  retry: () => retryMiddleware({ maxAttempts: 10, random: () => 0 }),
  breaker: () => circuitBreakerMiddleware({ threshold: 1_000 }),
  timeout: () => timeoutMiddleware({ totalMs: 600_000, firstChunkMs: 600_000 }),
  rateLimit: () => rateLimitMiddleware({ requestsPerWindow: 100_000 }),
  bulkhead: () => bulkheadMiddleware({ maxConcurrent: 8 }),
};

/** Every ordered arrangement of every non-empty subset of the layer names. */
function stacks(names: readonly string[]): string[][] {
  const result: string[][] = [];
  const grow = (stack: string[], left: string[]) => {
    if (stack.length) result.push(stack);
    for (const [index, name] of left.entries())
      grow([...stack, name], [...left.slice(0, index), ...left.slice(index + 1)]);
  };
  grow([], [...names]);
  return result;
}

async function providerCalls(stack: readonly string[], mode: 'generate' | 'stream') {
  let calls = 0;
  const model = withFallback(
    [
      mockOpenRouterModel({
        steps: () => {
          calls += 1;
          return faults.unavailable();
        },
      }),
    ],
    { maxAttempts: 4, middleware: stack.map((name) => (LAYERS[name] as () => LanguageModelMiddleware)()) },
  );
  let error: unknown;
  if (mode === 'generate')
    error = await generateText({ model, prompt: 'x', maxRetries: 0 }).catch((caught: unknown) => caught);
  else
    for await (const part of streamText({ model, prompt: 'x', maxRetries: 0, onError: () => undefined })
      .fullStream)
      if (part.type === 'error') error = part.error;
  return { calls, error };
}

describe('the per-concern factories under withFallback({ maxAttempts: 4 })', () => {
  const all = stacks(Object.keys(LAYERS));

  it('covers every subset in every order', () => {
    expect(all).toHaveLength(325);
  });

  it.each(['generate', 'stream'] as const)(
    '%s: 4 provider calls whenever a retry layer is in the stack, 1 otherwise, whatever else is stacked',
    async (mode) => {
      const wrong: string[] = [];
      for (const stack of all) {
        const { calls, error } = await providerCalls(stack, mode);
        const expected = stack.includes('retry') ? 4 : 1;
        const reported = AttemptsExhaustedError.isInstance(error) ? error.attempts.length : 1;
        if (calls !== expected || reported !== expected)
          wrong.push(`${stack.join(' > ')}: ${calls} calls, ${reported} attempts reported`);
      }
      expect(wrong).toEqual([]);
    },
    120_000,
  );
});
