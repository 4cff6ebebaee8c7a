/**
 * The AI SDK's own chat transport (what `useChat` sends and reads) against the service, and the tenants file and
 * settings a operator writes: every mistake gets a message that names the field and the fix.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startOpenRouterSimulator } from '@orkit/testing-mocks';
import { DefaultChatTransport, readUIMessageStream, type UIMessage } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceSettingsFromEnv } from '../src/run-service.js';
import { createTenantDirectory, hashKey, loadTenantsFile, TenantsConfigError } from '../src/tenants.js';
import { startInProcessService, tenant } from './service-for-tests.js';

describe('useChat clients', () => {
  const simulator = startOpenRouterSimulator({});
  let service: Awaited<ReturnType<typeof startInProcessService>>;
  beforeAll(async () => {
    service = await startInProcessService({
      simulator: await simulator,
      tenants: {
        tenants: [tenant('acme'), tenant('broke', { budgets: [{ window: 'daily', usd: '0.000001' }] })],
      },
    });
  });
  afterAll(async () => {
    await service.close();
    await (await simulator).close();
  });

  const transport = (who: string) =>
    new DefaultChatTransport<UIMessage>({
      api: `${service.url}/v1/agents/content-writer/chat`,
      headers: { authorization: `Bearer key-${who}` },
    });
  const send = (who: string, text: string) =>
    transport(who).sendMessages({
      trigger: 'submit-message',
      chatId: 'chat-1',
      messageId: undefined,
      abortSignal: undefined,
      messages: [{ id: 'u1', role: 'user', parts: [{ type: 'text', text }] }],
    });

  it("the AI SDK's chat transport reads the answer into an assistant message", async () => {
    let last: UIMessage | undefined;
    for await (const message of readUIMessageStream({ stream: await send('acme', 'A line about lamps') }))
      last = message;
    expect(last?.role).toBe('assistant');
    const text = last?.parts.map((part) => (part.type === 'text' ? part.text : '')).join('');
    expect(text).toContain('A line about lamps');
  });

  it('an HTTP error reaches the client as a rejection that carries the JSON error', async () => {
    await expect(send('broke', 'hello')).rejects.toThrow(/budget_exceeded/);
    await expect(send('nobody', 'hello')).rejects.toThrow(/key_unknown/);
  });
});

describe('tenants and settings', () => {
  const good = { id: 'acme', keys: [{ id: 'k', sha256: hashKey('secret') }] };

  it.each([
    ['no tenants', { tenants: [] }, /tenants needs at least one tenant/],
    ['a bad id', { tenants: [{ ...good, id: 'Acme Corp' }] }, /tenants\.0\.id must be 1 to 64 lowercase/],
    [
      'a plain key instead of its hash',
      { tenants: [{ ...good, keys: [{ id: 'k', sha256: 'secret' }] }] },
      /pnpm hash-key/,
    ],
    [
      'an unknown window',
      { tenants: [{ ...good, budgets: [{ window: 'hourly', usd: 1 }] }] },
      /budgets\.0\.window/,
    ],
    [
      'a negative budget',
      { tenants: [{ ...good, budgets: [{ window: 'daily', usd: -1 }] }] },
      /budgets\.0\.usd/,
    ],
    ['a tenant twice', { tenants: [good, good] }, /tenant 'acme' is listed twice/],
    [
      'one key for two tenants',
      { tenants: [good, { ...good, id: 'globex' }] },
      /same hash as key 'k' of tenant 'acme'; give each key to one tenant/,
    ],
  ])('refuses %s', (_, input, message) => {
    expect(() => createTenantDirectory(input)).toThrow(message);
    expect(() => createTenantDirectory(input)).toThrow(TenantsConfigError);
  });

  it('never keeps or prints a key, only its hash', () => {
    const directory = createTenantDirectory({ tenants: [good] });
    expect(directory.authenticate('secret')).toMatchObject({ ok: true, keyId: 'k' });
    expect(directory.authenticate('Secret')).toEqual({ ok: false, reason: 'unknown' });
    expect(JSON.stringify(directory.tenants)).not.toContain('"secret"');
  });

  it('names the file when it is missing or not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orkit-tenants-'));
    expect(() => loadTenantsFile(join(dir, 'none.json'))).toThrow(
      /Cannot read the tenants file .*none\.json \(ENOENT\)/,
    );
    writeFileSync(join(dir, 'bad.json'), '{ "tenants": [');
    expect(() => loadTenantsFile(join(dir, 'bad.json'))).toThrow(/bad\.json is not valid JSON/);
  });

  it('refuses settings that are not whole numbers', () => {
    expect(() => serviceSettingsFromEnv({ PORT: 'eighty' })).toThrow(
      /PORT must be a whole number, got 'eighty'/,
    );
    expect(() => serviceSettingsFromEnv({ ORKIT_DRAIN_MS: '-5' })).toThrow(/ORKIT_DRAIN_MS/);
    expect(serviceSettingsFromEnv({}).port).toBe(4111);
  });

  it('with a real key and no tenants file it refuses to start (the demo keys are public)', () => {
    const app = fileURLToPath(new URL('..', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: app,
      env: { PATH: process.env.PATH, OPENROUTER_API_KEY: `sk-or-v1-${'1'.repeat(64)}`, PORT: '0' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('ORKIT_TENANTS_FILE is not set');
  });
});
