import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { loadConfig } from './load-config.js';
import { maskSecret, maskUrlCredentials, Secret, secret } from './secret.js';

const hexKey = fc
  .array(fc.constantFrom(...'0123456789abcdef'), { minLength: 64, maxLength: 64 })
  .map((chars) => `sk-or-v1-${chars.join('')}`);
/** Malformed keys too: a leak through an error message is the likeliest leak of all. */
const anyKey = fc.oneof(
  hexKey,
  hexKey.map((key) => key.slice(0, 30)),
  hexKey.map((key) => ` ${key}`),
  hexKey.map((key) => key.replace('sk-or-v1-', 'sk-or-v2-')),
  fc.string({ minLength: 12, maxLength: 80 }).filter((value) => value.trim().length >= 12),
);

/** Every way a config is commonly turned into text. */
function renderings(value: unknown): string[] {
  return [
    JSON.stringify(value),
    inspect(value, { depth: 10, showHidden: true, getters: true }),
    String(value),
    `${value}`,
    inspect(structuredClone(value), { depth: 10 }),
    JSON.stringify(structuredClone(value)),
  ];
}

describe('Secret', () => {
  it('masks itself in every rendering and reveals only on request', () => {
    const key = secret(`sk-or-v1-${'c'.repeat(64)}`);
    expect(key.reveal()).toBe(`sk-or-v1-${'c'.repeat(64)}`);
    expect(`${key}`).toBe('sk-or-v1-…(73 chars)');
    expect(JSON.stringify({ key })).toBe('{"key":"sk-or-v1-…(73 chars)"}');
    expect(inspect(key)).toBe('Secret(sk-or-v1-…(73 chars))');
    expect(structuredClone(key)).toEqual({ masked: 'sk-or-v1-…(73 chars)' });
    expect(Secret.isInstance(key)).toBe(true);
    expect(Secret.isInstance({ masked: 'x' })).toBe(false);
  });

  it('masks short or unknown values without showing any character', () => {
    expect(maskSecret('abc')).toBe('…(3 chars)');
    expect(maskSecret('sk-or-v1-abc')).toBe('sk-…(12 chars)');
    expect(maskUrlCredentials('rediss://user:pw@host:6380/1')).toBe('rediss://***@host:6380/1');
    expect(maskUrlCredentials('redis://host:6379')).toBe('redis://host:6379');
  });

  it('property: no generated key ever appears in the config, its errors or its renderings', async () => {
    await fc.assert(
      fc.asyncProperty(anyKey, fc.boolean(), async (key, asFunction) => {
        const texts: string[] = [];
        try {
          const config = loadConfig({
            env: { OPENROUTER_API_KEY: key, REDIS_URL: `redis://:${key.replace(/[^a-z0-9]/gi, 'x')}@h:1` },
            ...(asFunction ? { overrides: { apiKey: () => key } } : {}),
          });
          texts.push(...renderings(config));
          const resolved = await config.openrouter.apiKey?.resolve().catch((error: unknown) => {
            texts.push(...renderings(error), (error as Error).message, (error as Error).stack ?? '');
            return undefined;
          });
          if (resolved) texts.push(...renderings(resolved), ...renderings({ nested: { resolved } }));
        } catch (error) {
          expect(ConfigError.isInstance(error)).toBe(true);
          texts.push(...renderings(error), (error as Error).message, (error as Error).stack ?? '');
          texts.push(...renderings((error as ConfigError).issues));
        }
        for (const text of texts) {
          expect(text.includes(key.trim())).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});
