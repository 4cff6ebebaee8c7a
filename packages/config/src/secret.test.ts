import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { loadConfig } from './load-config.js';
import { maskSecret, maskUrlCredentials, Secret, SecretMisuseError, secret } from './secret.js';

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

/** Every way a config is commonly turned into text (a Secret refuses some of them by throwing: no leak). */
function renderings(value: unknown): string[] {
  const attempt = (render: () => string) => {
    try {
      return render();
    } catch (error) {
      return (error as Error).message;
    }
  };
  return [
    JSON.stringify(value),
    inspect(value, { depth: 10, showHidden: true, getters: true }),
    attempt(() => String(value)),
    attempt(() => `${value}`),
    inspect(structuredClone(value), { depth: 10 }),
    JSON.stringify(structuredClone(value)),
  ];
}

describe('Secret', () => {
  it('masks itself in every rendering and reveals only on request', () => {
    const key = secret(`sk-or-v1-${'c'.repeat(64)}`);
    expect(key.reveal()).toBe(`sk-or-v1-${'c'.repeat(64)}`);
    expect(key.masked).toBe('sk-or-v1-…(73 chars)');
    // Text would carry the masked form where the value was meant (a header): refused, with how to read it.
    expect(() => `${key}`).toThrow(SecretMisuseError);
    expect(() => `Bearer ${key}`).toThrow(/Call \.reveal\(\) where the value leaves the process/);
    expect(() => String(key)).toThrow(SecretMisuseError);
    expect(() => `x${key}`.length).toThrow(/sk-or-v1-…\(73 chars\)/);
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
    // Malformed URLs keep their password hidden too, and so does a password with an '@' in it.
    expect(maskUrlCredentials('redis:/:pw@h')).toBe('redis:/***@h');
    expect(maskUrlCredentials('redis//:pw@h')).toBe('***@h');
    expect(maskUrlCredentials('redis:pw@h')).toBe('redis:***@h');
    expect(maskUrlCredentials(':pw@h')).toBe('***@h');
    expect(maskUrlCredentials('redis://:p@ss@h:1')).toBe('redis://***@h:1');
  });

  it('property: no password in a URL, well-formed or not, appears in the config, its errors or renderings', () => {
    // Mixed case with a digit, as passwords are: a plain word ("property") could occur in a stack trace by itself.
    const password = fc
      .stringMatching(/^[A-Za-z0-9]{8,24}$/)
      .filter((pw) => /\d/.test(pw) && /[a-z]/.test(pw) && /[A-Z]/.test(pw));
    const shapes = [
      (pw: string) => ({ REDIS_URL: `redis:/:${pw}@h` }),
      (pw: string) => ({ REDIS_URL: `redis//:${pw}@h` }),
      (pw: string) => ({ REDIS_URL: `redis:${pw}@h` }),
      (pw: string) => ({ REDIS_URL: `:${pw}@h` }),
      (pw: string) => ({ REDIS_URL: `redis://user:${pw}@cache:6379/0` }),
      (pw: string) => ({ OPENROUTER_BASE_URL: `https://user:${pw}@proxy.example/api/v1` }),
      (pw: string) => ({ OPENROUTER_BASE_URL: `https://:${pw}@proxy.example` }),
      (pw: string) => ({ LOG_ENDPOINT: `https://${pw}@logs.example/ingest` }),
      (pw: string) => ({ OPENROUTER_HTTP_REFERER: `http://u:${pw}@app.example` }),
    ];
    fc.assert(
      fc.property(password, fc.integer({ min: 0, max: shapes.length - 1 }), (pw, shape) => {
        const texts: string[] = [];
        try {
          const config = loadConfig({
            env: { OPENROUTER_API_KEY: `sk-or-v1-${'a'.repeat(64)}`, ...shapes[shape]?.(pw) },
          });
          texts.push(...renderings(config));
        } catch (error) {
          expect(ConfigError.isInstance(error)).toBe(true);
          texts.push(...renderings(error), (error as Error).message, (error as Error).stack ?? '');
          texts.push(...renderings((error as ConfigError).issues));
        }
        for (const text of texts) expect(text.includes(pw)).toBe(false);
      }),
      { numRuns: 300 },
    );
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
