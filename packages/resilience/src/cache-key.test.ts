import type { LanguageModelV4, LanguageModelV4CallOptions } from '@ai-sdk/provider';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cacheKey } from './cache-key.js';

const model = { provider: 'openrouter.chat', modelId: 'openai/gpt-5-mini' } as LanguageModelV4;
const user = (text: string): LanguageModelV4CallOptions => ({
  prompt: [{ role: 'user', content: [{ type: 'text', text }] }],
  temperature: 0,
});

describe('cacheKey', () => {
  it('is the same for the same call, whatever the headers or abort signal', () => {
    const a = cacheKey(model, user('hello'), undefined);
    const b = cacheKey(
      model,
      { ...user('hello'), headers: { 'x-trace': '1' }, abortSignal: new AbortController().signal },
      undefined,
    );
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ignores what Mastra and orkit stamp on calls (no provider reads them), at every level, and nothing else', () => {
    const stamped = (createdAt: string): LanguageModelV4CallOptions => ({
      prompt: [
        { role: 'system', content: 'be brief', providerOptions: { mastra: { createdAt } } },
        {
          role: 'user',
          content: [{ type: 'text', text: 'hello', providerOptions: { mastra: { createdAt } } }],
          providerOptions: { mastra: { createdAt } },
        },
      ],
      temperature: 0,
      providerOptions: { orkit: { user: createdAt }, openrouter: { usage: { include: true } } },
    });
    expect(cacheKey(model, stamped('2026-12-07T10:00:00Z'), undefined)).toBe(
      cacheKey(model, stamped('2026-12-07T10:00:01Z'), undefined),
    );
    // The provider's own namespace, beside Mastra's, still counts.
    const withCache = stamped('x');
    const other = {
      ...withCache,
      prompt: [
        withCache.prompt[0],
        {
          role: 'user',
          content: [
            {
              type: 'text',
              text: 'hello',
              providerOptions: { mastra: {}, openrouter: { cacheControl: { type: 'ephemeral' } } },
            },
          ],
        },
      ],
    } as LanguageModelV4CallOptions;
    expect(cacheKey(model, other, undefined)).not.toBe(cacheKey(model, withCache, undefined));
  });

  it('differs for every output-affecting difference: text, role, settings, model, scope', () => {
    const base = cacheKey(model, user('hello'), undefined);
    const variants = [
      cacheKey(model, user('hello!'), undefined),
      cacheKey(model, { ...user('hello'), temperature: 0.5 }, undefined),
      cacheKey(model, { ...user('hello'), seed: 1 }, undefined),
      cacheKey(model, { ...user('hello'), maxOutputTokens: 10 }, undefined),
      cacheKey(model, { ...user('hello'), stopSequences: ['x'] }, undefined),
      cacheKey(model, { ...user('hello'), responseFormat: { type: 'json' } }, undefined),
      cacheKey(model, { ...user('hello'), providerOptions: { openrouter: { models: ['a'] } } }, undefined),
      cacheKey({ ...model, modelId: 'openai/gpt-5' }, user('hello'), undefined),
      cacheKey(model, user('hello'), 'tenant-a'),
      cacheKey(
        model,
        { prompt: [{ role: 'system', content: 'hello' }], temperature: 0 } as LanguageModelV4CallOptions,
        undefined,
      ),
    ];
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
  });

  it('cannot be confused by where text is split between parts or messages', () => {
    const split = (a: string, b: string): LanguageModelV4CallOptions => ({
      prompt: [
        {
          role: 'user',
          content: [
            { type: 'text', text: a },
            { type: 'text', text: b },
          ],
        },
      ],
    });
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.string(), (a, b, c, d) => {
        fc.pre(a !== c || b !== d);
        expect(cacheKey(model, split(a, b), undefined)).not.toBe(cacheKey(model, split(c, d), undefined));
      }),
    );
  });

  it('tells apart texts that differ only in lone surrogates, long texts, and binary file data', () => {
    expect(cacheKey(model, user('\uD800'), undefined)).not.toBe(cacheKey(model, user('\uD801'), undefined));
    const long = 'x'.repeat(10_000);
    expect(cacheKey(model, user(long), undefined)).not.toBe(cacheKey(model, user(`${long}y`), undefined));
    expect(cacheKey(model, user(`${long}\uD800`), undefined)).not.toBe(
      cacheKey(model, user(`${long}\uD801`), undefined),
    );
    const file = (data: Uint8Array): LanguageModelV4CallOptions => ({
      prompt: [
        { role: 'user', content: [{ type: 'file', mediaType: 'image/png', data: { type: 'data', data } }] },
      ],
    });
    expect(cacheKey(model, file(new Uint8Array([1, 2, 3])), undefined)).not.toBe(
      cacheKey(model, file(new Uint8Array([1, 2, 4])), undefined),
    );
    expect(cacheKey(model, file(new Uint8Array([1, 2, 3])), undefined)).toBe(
      cacheKey(model, file(Buffer.from([1, 2, 3])), undefined),
    );
  });
});
