import { createOpenRouter } from '@openrouter/ai-sdk-provider';
import { startOpenRouterSimulator } from '@orkit/testing-mocks';
import { generateText, streamText } from 'ai';
import { afterAll, describe, expect, it } from 'vitest';
import { openDeadlines } from '../src/deadline-ticker.js';
import { ResilienceError, type ResilienceEvent, resilienceMiddleware, withFallback } from '../src/index.js';

// 400 calls in CI; `CHAOS_CALLS=2000 pnpm test:slow` for the long run. Nothing here reads the clock: deadlines are
// proven with fake timers in src/call-deadline.test.ts.
const CALLS = Number(process.env.CHAOS_CALLS ?? 400);
const DEADLINE_MS = 10_000;
const simulator = await startOpenRouterSimulator({
  chaos: { seed: 20261124, rate: 0.35, stallMs: 30, retryAfterSeconds: 0 },
});
afterAll(() => simulator.close());

describe('chaos', () => {
  it(`${CALLS} mixed calls through retry + breaker + limiter + timeouts + fallback, 35 % seeded faults`, async () => {
    const openrouter = createOpenRouter({
      baseURL: simulator.baseURL,
      apiKey: simulator.apiKey,
      compatibility: 'strict',
    });
    const events: ResilienceEvent[] = [];
    const model = withFallback(
      [
        openrouter.chat('anthropic/claude-sonnet-5'),
        openrouter.chat('openai/gpt-5.5'),
        openrouter.chat('google/gemini-3.5-flash'),
      ],
      {
        middleware: [
          resilienceMiddleware({
            retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
            breaker: { threshold: 25, openMs: 50 },
            rateLimit: { requestsPerWindow: 100_000, tokensPerWindow: 1e9, maxWaitMs: 1_000 },
            timeout: { firstChunkMs: 5_000, betweenChunksMs: 5_000, totalMs: 8_000 },
            onEvent: (event) => events.push(event),
          }),
        ],
        maxAttempts: 6,
        deadlineMs: DEADLINE_MS,
      },
    );
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const outcomes = { ok: 0, typedError: 0, midStream: 0 };
    const duplicated: string[] = [];
    const answer =
      /^Simulated answer from [\w./-]+\. You asked about "call \d+"\. Here is a short, deterministic reply for testing\.$/;
    let next = 0;
    const worker = async () => {
      while (next < CALLS) {
        const index = next++;
        try {
          if (index % 2 === 0) {
            await generateText({ model, prompt: `call ${index}`, maxRetries: 0 });
            outcomes.ok += 1;
          } else {
            const result = streamText({
              model,
              prompt: `call ${index}`,
              maxRetries: 0,
              onError: () => undefined,
            });
            let text = '';
            let failed = false;
            for await (const part of result.fullStream) {
              if (part.type === 'text-delta') text += part.text;
              if (part.type === 'error') failed = true;
            }
            if (failed) outcomes.midStream += 1;
            else {
              outcomes.ok += 1;
              if (!answer.test(text)) duplicated.push(text);
            }
          }
        } catch (error) {
          // Every failure is typed: ours, or the provider's APICallError for a non-retryable answer.
          expect(
            ResilienceError.isInstance(error) || (error as { name?: string }).name === 'AI_APICallError',
          ).toBe(true);
          outcomes.typedError += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: 40 }, worker));
    process.off('unhandledRejection', onUnhandled);

    const faults = simulator.requests.chats().filter((record) => record.outcome !== 'ok').length;
    const total = simulator.requests.chats().length;
    process.stdout.write(
      `chaos: ${CALLS} calls -> ${outcomes.ok} ok, ${outcomes.typedError} typed errors, ${outcomes.midStream} mid-stream errors; simulator saw ${total} attempts, ${faults} faulted (${((faults / total) * 100).toFixed(1)} %)\n`,
    );
    expect(outcomes.ok + outcomes.typedError + outcomes.midStream).toBe(CALLS);
    expect(faults / total).toBeGreaterThanOrEqual(0.3);
    expect(unhandled).toEqual([]);
    expect(duplicated).toEqual([]);
    expect(events.filter((event) => event.type === 'attempt')).toHaveLength(total);
    expect(outcomes.ok).toBeGreaterThan(CALLS * 0.9);
    expect(openDeadlines()).toBe(0);
    // A correctness test, not a timing one: the limit is only there to stop a hang.
  }, 600_000);
});
