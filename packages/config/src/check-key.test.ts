import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateText } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import { checkKey } from './check-key.js';
import { createOpenRouter } from './create-open-router.js';
import { KeyCheckError } from './errors.js';
import { loadConfig } from './load-config.js';

const KEY = `sk-or-v1-${'d4'.repeat(32)}`;
type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;
const servers: Server[] = [];

async function serve(handler: Handler): Promise<string> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => handler(request, response, body));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('checkKey', () => {
  it('returns the key limits from GET /key, sending the key as a bearer token', async () => {
    let seen: string | undefined;
    const baseURL = await serve((request, response) => {
      seen = `${request.method} ${request.url} ${request.headers.authorization}`;
      json(response, 200, {
        data: {
          label: 'sk-or-v1-d4d...',
          limit: 25,
          limit_remaining: 19.5,
          limit_reset: 'monthly',
          usage: 5.5,
          usage_daily: 0.25,
          usage_weekly: 2,
          usage_monthly: 5.5,
          is_free_tier: false,
          is_provisioning_key: false,
        },
      });
    });
    const info = await checkKey(
      loadConfig({ env: { OPENROUTER_API_KEY: KEY, OPENROUTER_BASE_URL: baseURL } }),
    );
    expect(seen).toBe(`GET /api/v1/key Bearer ${KEY}`);
    expect(info).toEqual({
      label: 'sk-or-v1-d4d...',
      limit: 25,
      limitRemaining: 19.5,
      limitReset: 'monthly',
      usage: 5.5,
      usageDaily: 0.25,
      usageWeekly: 2,
      usageMonthly: 5.5,
      isFreeTier: false,
    });
  });

  it('throws an unauthorized KeyCheckError on 401 that says how to fix it and hides the key', async () => {
    const baseURL = await serve((_request, response) =>
      json(response, 401, { error: { code: 401, message: 'User not found.' } }),
    );
    const error = await checkKey(
      loadConfig({ env: { OPENROUTER_API_KEY: KEY, OPENROUTER_BASE_URL: baseURL } }),
    ).catch((caught: unknown) => caught);
    expect(KeyCheckError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'unauthorized', statusCode: 401 });
    expect((error as Error).message).toBe(
      'OpenRouter refused the key sk-or-v1-…(73 chars) (401: User not found.). It may be revoked or mistyped: create a new one at https://openrouter.ai/settings/keys and set OPENROUTER_API_KEY.',
    );
  });

  it('throws an http KeyCheckError on other statuses and invalid-response on a foreign body', async () => {
    const failing = await serve((_request, response) =>
      json(response, 503, { error: { code: 503, message: 'down' } }),
    );
    await expect(
      checkKey(loadConfig({ env: { OPENROUTER_API_KEY: KEY, OPENROUTER_BASE_URL: failing } })),
    ).rejects.toMatchObject({ reason: 'http', statusCode: 503 });
    const foreign = await serve((_request, response) => json(response, 200, { hello: 'world' }));
    await expect(
      checkKey(loadConfig({ env: { OPENROUTER_API_KEY: KEY, OPENROUTER_BASE_URL: foreign } })),
    ).rejects.toMatchObject({ reason: 'invalid-response' });
  });

  it('throws a network KeyCheckError when nothing listens', async () => {
    const baseURL = await serve(() => undefined);
    await new Promise((resolve) => servers.pop()?.close(resolve));
    const error = await checkKey(
      loadConfig({ env: { OPENROUTER_API_KEY: KEY, OPENROUTER_BASE_URL: baseURL } }),
    ).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ reason: 'network', url: `${baseURL}/key` });
    expect((error as Error).message).toMatch(
      /^Could not reach http:\/\/127\.0\.0\.1:\d+\/api\/v1\/key \(.+\)\. Check OPENROUTER_BASE_URL/,
    );
  });

  it('throws a timeout KeyCheckError when the server stalls, and rethrows the caller abort as is', async () => {
    const baseURL = await serve(() => undefined);
    const config = loadConfig({ env: { OPENROUTER_API_KEY: KEY, OPENROUTER_BASE_URL: baseURL } });
    await expect(checkKey(config, { timeoutMs: 50 })).rejects.toMatchObject({ reason: 'timeout' });
    const controller = new AbortController();
    const pending = checkKey(config, { signal: controller.signal });
    controller.abort(new Error('user cancelled'));
    await expect(pending).rejects.toThrow('user cancelled');
  });
});

describe('createOpenRouter', () => {
  it('sends attribution headers and a key resolved per request, so rotation needs no restart', async () => {
    const seen: Array<Record<string, string | string[] | undefined>> = [];
    const baseURL = await serve((request, response) => {
      seen.push(request.headers);
      json(response, 200, {
        id: 'gen-1',
        object: 'chat.completion',
        created: 1,
        model: 'openai/gpt-5.5',
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'hi' } }],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2, cost: 0.00001 },
      });
    });
    const rotated = `sk-or-v1-${'e5'.repeat(32)}`;
    let current = KEY;
    const config = loadConfig({
      env: {
        OPENROUTER_BASE_URL: baseURL,
        OPENROUTER_HTTP_REFERER: 'https://acme.example',
        OPENROUTER_X_TITLE: 'Acme Agent',
      },
      overrides: { apiKey: () => current },
    });
    const model = createOpenRouter(config).chat('openai/gpt-5.5');
    const first = await generateText({ model, prompt: 'hi', maxRetries: 0 });
    current = rotated;
    await generateText({ model, prompt: 'hi', maxRetries: 0 });
    expect(first.text).toBe('hi');
    expect(seen.map((headers) => headers.authorization)).toEqual([`Bearer ${KEY}`, `Bearer ${rotated}`]);
    expect(seen[0]).toMatchObject({
      'http-referer': 'https://acme.example',
      'x-title': 'Acme Agent',
      'x-openrouter-title': 'Acme Agent',
    });
  });

  /** The error a call through `createOpenRouter` to `baseURL` ends with. */
  const failureAt = (baseURL: string) =>
    generateText({
      model: createOpenRouter(
        loadConfig({ env: { OPENROUTER_API_KEY: KEY, OPENROUTER_BASE_URL: baseURL } }),
      ).chat('openai/gpt-5.5'),
      prompt: 'hi',
      maxRetries: 0,
    }).catch((caught: unknown) => caught);

  it('a refused key says it is unknown or revoked and how to check it, and stays a 401 error', async () => {
    const baseURL = await serve((_request, response) =>
      json(response, 401, { error: { code: 401, message: 'User not found.' } }),
    );
    const error = await failureAt(baseURL);
    expect((error as { statusCode?: number }).statusCode).toBe(401);
    expect((error as Error).message).toContain('User not found.');
    expect((error as Error).message).toContain(
      'unknown, revoked or mistyped. Check it with checkKey(config)',
    );
    expect((error as Error).message).not.toContain('d4d4d4d4');
  });

  it('a server that does not answer is named, with what to check, and stays a retryable network error', async () => {
    const baseURL = await serve(() => undefined);
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
    const error = await failureAt(baseURL);
    expect((error as Error).message).toContain(`ECONNREFUSED): nothing answered at ${baseURL}.`);
    expect((error as Error).message).toContain('Check OPENROUTER_BASE_URL');
    expect((error as { isRetryable?: boolean }).isRetryable).toBe(true);
  });

  it('refuses to build a provider without a key', () => {
    const config = loadConfig({ env: {}, requireApiKey: false });
    expect(() => createOpenRouter(config)).toThrow(/createOpenRouter needs a key/);
  });
});
