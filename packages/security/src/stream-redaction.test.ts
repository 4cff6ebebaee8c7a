/**
 * Streamed output is redacted whatever the chunking: for every kind of secret, over random splits of the text, the
 * client never sees the secret, and sees exactly what redacting the whole text at once gives. Text with no secret in
 * sight is released as it comes (only the last word is held).
 */
import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { streamText, wrapLanguageModel } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { guardMiddleware } from './guard-middleware.js';
import { redactSecrets } from './redact-secrets.js';

const USAGE = {
  inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 1, text: 1, reasoning: 0 },
};

/** A model that streams `pieces` as text deltas. */
function streaming(pieces: readonly string[]) {
  return new MockLanguageModelV4({
    doStream: async () => ({
      stream: new ReadableStream<LanguageModelV4StreamPart>({
        start(controller) {
          controller.enqueue({ type: 'stream-start', warnings: [] });
          controller.enqueue({ type: 'text-start', id: 't' });
          for (const delta of pieces) controller.enqueue({ type: 'text-delta', id: 't', delta });
          controller.enqueue({ type: 'text-end', id: 't' });
          controller.enqueue({
            type: 'finish',
            finishReason: { unified: 'stop', raw: 'stop' },
            usage: USAGE,
          });
          controller.close();
        },
      }),
    }),
  });
}

/** The text a client reads, delta by delta. */
async function read(pieces: readonly string[]): Promise<string[]> {
  const result = streamText({
    model: wrapLanguageModel({ model: streaming(pieces), middleware: guardMiddleware({ injection: false }) }),
    prompt: 'hi',
  });
  const out: string[] = [];
  for await (const delta of result.textStream) out.push(delta);
  return out;
}

const R = 'Zr7uQx2LmN8pVt4sKc1yHd6eWb3JfA9gTn5Ro0Ps';
// [what the text says, the secret in it]
const SECRETS: Array<[string, string]> = [
  [`Your key is sk-or-v1-${'a1B2c3D4'.repeat(8)} keep it safe.`, `sk-or-v1-${'a1B2c3D4'.repeat(8)}`],
  [`Anthropic: sk-ant-api03-${R} done`, `sk-ant-api03-${R}`],
  [`OpenAI sk-proj-${R}${R} there`, `sk-proj-${R}${R}`],
  ['aws AKIA4Q7ZK2M9TXB3HV8P ok', 'AKIA4Q7ZK2M9TXB3HV8P'],
  [`token ghp_${R.slice(0, 36)} used`, `ghp_${R.slice(0, 36)}`],
  ['slack xoxb-2048-4096-Zr7uQx2LmN8pVt4s ok', 'xoxb-2048-4096-Zr7uQx2LmN8pVt4s'],
  [
    'hook https://hooks.slack.com/services/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 end',
    'Zr7uQx2LmN8pVt4sKc1yHd6e',
  ],
  [`google AIza${R.slice(0, 35)} ok`, `AIza${R.slice(0, 35)}`],
  [`stripe sk_live_${R.slice(0, 24)} ok`, `sk_live_${R.slice(0, 24)}`],
  ['Authorization: Bearer Zr7uQx2LmN8pVt4sKc1yHd6eWb3J and more', 'Zr7uQx2LmN8pVt4sKc1yHd6eWb3J'],
  ['Connect with postgres://app:Sup3rS3cretPassw0rd@db.internal:5432/orders today.', 'Sup3rS3cretPassw0rd'],
  ['REDIS_URL=redis://:Sup3rS3cretPassw0rd@cache:6379/0 is set', 'Sup3rS3cretPassw0rd'],
  ['Set password = hunter2hunter2 in the file.', 'hunter2hunter2'],
  ['api_key: "Zr7uQx2LmN8pVt4sKc1yHd6e" in yaml', 'Zr7uQx2LmN8pVt4sKc1yHd6e'],
  [
    'Here:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAq7Zr7uQx2LmN8pVt4sKc1yHd6e\n-----END RSA PRIVATE KEY-----\nBye.',
    'MIIEowIBAAKCAQEAq7Zr7uQx2LmN8pVt4sKc1yHd6e',
  ],
  [
    `jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.${R} end`,
    `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.${R}`,
  ],
];

/** `text` cut at the given points (sorted, deduplicated). */
function split(text: string, points: readonly number[]): string[] {
  const cuts = [...new Set(points.map((point) => point % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const cut of cuts) {
    if (cut > from) pieces.push(text.slice(from, cut));
    from = Math.max(from, cut);
  }
  pieces.push(text.slice(from));
  return pieces.filter((piece) => piece.length > 0);
}

describe('stream redaction', () => {
  it.each(SECRETS)('never releases the secret in %j, however the stream is cut', async (text, secret) => {
    expect(redactSecrets(text)).not.toContain(secret);
    // Prose before and after the secret (up to 1,000 characters each), so a cut can fall anywhere relative to any
    // hold-back.
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: 200 }),
        fc.nat({ max: 200 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 12 }),
        async (before, after, points) => {
          const whole = `${'some words '.repeat(before / 2)}${text} ${'more words '.repeat(after / 2)}`;
          const out = (await read(split(whole, points))).join('');
          expect(out).not.toContain(secret);
          expect(out).toBe(redactSecrets(whole));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('releases text without secrets word by word, not a buffer at a time', async () => {
    const words = 'The parcel left the warehouse on Friday and should arrive by Tuesday afternoon.'.split(
      ' ',
    );
    const out = await read(words.map((word) => `${word} `));
    // Every delta but the last comes out as soon as the next one arrives (one word behind at most).
    expect(out.length).toBeGreaterThanOrEqual(words.length - 1);
    expect(out.join('')).toBe(`${words.join(' ')} `);
  });
});
