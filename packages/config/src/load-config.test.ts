import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { loadConfig } from './load-config.js';
import { DEFAULT_MODEL_TIERS } from './model-tiers.js';

const KEY = `sk-or-v1-${'a1'.repeat(32)}`;

function problemsOf(env: Record<string, string>, options: Parameters<typeof loadConfig>[0] = {}): string[] {
  try {
    loadConfig({ env: { OPENROUTER_API_KEY: KEY, ...env }, ...options });
  } catch (error) {
    if (ConfigError.isInstance(error)) return error.issues.map((issue) => `${issue.problem} | ${issue.fix}`);
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('fills defaults from a minimal environment and freezes the result', () => {
    const config = loadConfig({ env: { OPENROUTER_API_KEY: KEY } });
    expect(config.openrouter.baseURL).toBe('https://openrouter.ai/api/v1');
    expect(config.models).toEqual(DEFAULT_MODEL_TIERS);
    expect(config.budgets).toEqual({ dailyUsd: undefined, weeklyUsd: undefined, monthlyUsd: undefined });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.budgets)).toBe(true);
    expect(() => {
      (config.budgets as { dailyUsd: number | undefined }).dailyUsd = 5;
    }).toThrow(TypeError);
  });

  it('reads every variable in its valid form', async () => {
    const config = loadConfig({
      env: {
        OPENROUTER_API_KEY: KEY,
        OPENROUTER_BASE_URL: 'http://127.0.0.1:4010/api/v1/',
        OPENROUTER_HTTP_REFERER: 'https://acme.example',
        OPENROUTER_X_TITLE: ' Acme Agent ',
        DEFAULT_MODEL: 'anthropic/claude-sonnet-4.5',
        FALLBACK_MODEL: 'openai/gpt-5-mini',
        FAST_MODEL: 'google/gemini-3.5-flash:nitro',
        REASONING_MODEL: 'deepseek/deepseek-r1',
        CODING_MODEL: 'qwen/qwen3-coder',
        VISION_MODEL: 'openai/gpt-5.5',
        DAILY_BUDGET: '12.50',
        WEEKLY_BUDGET: '50',
        MONTHLY_BUDGET: '150',
        LOG_ENDPOINT: 'https://logs.example.com/ingest',
        REDIS_URL: 'redis://:hunter2@127.0.0.1:6379/0',
      },
    });
    expect(config.openrouter.baseURL).toBe('http://127.0.0.1:4010/api/v1');
    expect(config.openrouter.httpReferer).toBe('https://acme.example');
    expect(config.openrouter.appTitle).toBe('Acme Agent');
    expect(config.models).toEqual({
      default: 'anthropic/claude-sonnet-4.5',
      fallback: 'openai/gpt-5-mini',
      fast: 'google/gemini-3.5-flash:nitro',
      reasoning: 'deepseek/deepseek-r1',
      coding: 'qwen/qwen3-coder',
      vision: 'openai/gpt-5.5',
    });
    expect(config.budgets).toEqual({ dailyUsd: 12.5, weeklyUsd: 50, monthlyUsd: 150 });
    expect(config.logEndpoint).toBe('https://logs.example.com/ingest');
    expect(config.redisUrl?.reveal()).toBe('redis://:hunter2@127.0.0.1:6379/0');
    expect(config.redisUrl?.masked).toBe('redis://***@127.0.0.1:6379/0');
    const key = await config.openrouter.apiKey?.resolve();
    expect(key?.reveal()).toBe(KEY);
  });

  it('treats empty variables as unset', () => {
    const config = loadConfig({ env: { OPENROUTER_API_KEY: KEY, DAILY_BUDGET: '', DEFAULT_MODEL: '' } });
    expect(config.budgets.dailyUsd).toBeUndefined();
    expect(config.models.default).toBe(DEFAULT_MODEL_TIERS.default);
  });

  it.each([
    ['abc', "DAILY_BUDGET must be a positive number of US dollars, got 'abc'."],
    ['-5', "DAILY_BUDGET must be a positive number of US dollars, got '-5'."],
    ['0', "DAILY_BUDGET must be a positive number of US dollars, got '0'."],
    ['$25', "DAILY_BUDGET must be a positive number of US dollars, got '$25'."],
    ['1,000', "DAILY_BUDGET must be a positive number of US dollars, got '1,000'."],
    ['Infinity', "DAILY_BUDGET must be a positive number of US dollars, got 'Infinity'."],
  ])('rejects DAILY_BUDGET=%s', (value, problem) => {
    expect(problemsOf({ DAILY_BUDGET: value })).toEqual([
      `${problem} | Set DAILY_BUDGET to a plain number such as 25 or 12.50 (no currency sign, no thousands separator), or unset it for no limit.`,
    ]);
  });

  it.each(['1e-320', '0.0000000000001', '5e-13'])(
    'rejects DAILY_BUDGET=%s, which would be a limit of $0',
    (value) => {
      expect(problemsOf({ DAILY_BUDGET: value })).toEqual([
        `DAILY_BUDGET is below the smallest amount orkit counts ($0.000000000001), got '${value}'; it would be a limit of $0. | Set DAILY_BUDGET to at least 0.000000000001 (a real limit is more like 5 or 0.50), or unset it for no limit.`,
      ]);
      expect(
        loadConfig({ env: { OPENROUTER_API_KEY: KEY, DAILY_BUDGET: '0.000000000001' } }).budgets.dailyUsd,
      ).toBe(1e-12);
    },
  );

  it('refuses credentials in an http URL, naming the variable and never the password', () => {
    const [problem] = problemsOf({ OPENROUTER_BASE_URL: 'https://proxy:s3cretpass@proxy.example/api/v1' });
    expect(problem).toContain('OPENROUTER_BASE_URL must not carry a user name or password');
    expect(problem).toContain("'https://***@proxy.example/api/v1'");
    expect(problem).not.toContain('s3cretpass');
  });

  it('names each budget variable in its own message', () => {
    const problems = problemsOf({ WEEKLY_BUDGET: 'x', MONTHLY_BUDGET: 'ten' });
    expect(problems.map((line) => line.split(' | ')[0])).toEqual([
      "WEEKLY_BUDGET must be a positive number of US dollars, got 'x'.",
      "MONTHLY_BUDGET must be a positive number of US dollars, got 'ten'.",
    ]);
  });

  it.each([
    [
      'sk-proj-abcdefghijklmnopqrstuvwxyz',
      'OPENROUTER_API_KEY looks like an OpenAI key (sk-…), not an OpenRouter key (got sk-proj-…(34 chars)).',
    ],
    [
      'sk-ant-api03-abcdefghijklmnop',
      'OPENROUTER_API_KEY looks like an Anthropic key (sk-ant-…), not an OpenRouter key (got sk-ant-…(29 chars)).',
    ],
    [`"${KEY}"`, 'OPENROUTER_API_KEY is wrapped in quotes (remove them) (got …(75 chars)).'],
    [
      `${KEY}\n`,
      'OPENROUTER_API_KEY has leading or trailing whitespace (often a copied newline) (got sk-or-v1-…(74 chars)).',
    ],
    [
      KEY.slice(0, 40),
      "OPENROUTER_API_KEY has 31 characters after 'sk-or-v1-', expected 64 (was it cut when copied?) (got sk-or-v1-…(40 chars)).",
    ],
    [
      `sk-or-v1-${'Z'.repeat(64)}`,
      "OPENROUTER_API_KEY has characters other than 0-9 and a-f after 'sk-or-v1-' (got sk-or-v1-…(73 chars)).",
    ],
    [
      `sk-or-v2-${'a'.repeat(64)}`,
      "OPENROUTER_API_KEY starts with 'sk-or-' but not 'sk-or-v1-' (an unknown key version) (got sk-or-…(73 chars)).",
    ],
    ['hello', "OPENROUTER_API_KEY does not start with 'sk-or-v1-' (got …(5 chars))."],
  ])('rejects a malformed key and says what is wrong (%#)', (value, problem) => {
    expect(problemsOf({ OPENROUTER_API_KEY: value })).toEqual([
      `${problem} | Copy the key from https://openrouter.ai/settings/keys; it looks like sk-or-v1-<64 hex characters>.`,
    ]);
  });

  it('reports a missing key with where to create one', () => {
    expect(() => loadConfig({ env: {} })).toThrow(
      'OPENROUTER_API_KEY is not set. Fix: Create a key at https://openrouter.ai/settings/keys and set OPENROUTER_API_KEY=sk-or-v1-… (in the environment, a .env file, or loadConfig({ overrides: { apiKey } })).',
    );
  });

  it('allows no key when requireApiKey is false, and other key formats when validation is off', () => {
    expect(loadConfig({ env: {}, requireApiKey: false }).openrouter.apiKey).toBeUndefined();
    const config = loadConfig({ env: { OPENROUTER_API_KEY: 'sim-key-1' }, validateApiKeyFormat: false });
    expect(config.openrouter.apiKey?.masked).toBe('…(9 chars)');
    expect(structuredClone(config).openrouter.apiKey).toEqual({ masked: '…(9 chars)' });
  });

  it.each([
    [
      'OPENROUTER_BASE_URL',
      'openrouter.ai/api/v1',
      "OPENROUTER_BASE_URL must be an http(s) URL, got 'openrouter.ai/api/v1'.",
      'Set OPENROUTER_BASE_URL to a full URL such as https://openrouter.ai/api/v1.',
    ],
    [
      'OPENROUTER_BASE_URL',
      'ftp://x.example',
      "OPENROUTER_BASE_URL must be an http(s) URL, got 'ftp://x.example'.",
      'Set OPENROUTER_BASE_URL to a full URL such as https://openrouter.ai/api/v1.',
    ],
    [
      'OPENROUTER_HTTP_REFERER',
      'my app',
      "OPENROUTER_HTTP_REFERER must be an http(s) URL, got 'my app'.",
      'Set OPENROUTER_HTTP_REFERER to a full URL such as https://your-app.example (your app URL, shown in OpenRouter rankings).',
    ],
    [
      'LOG_ENDPOINT',
      'logs',
      "LOG_ENDPOINT must be an http(s) URL, got 'logs'.",
      'Set LOG_ENDPOINT to a full URL such as https://logs.example.com/ingest.',
    ],
    [
      'OPENROUTER_X_TITLE',
      'Acme\r\nX-Evil: 1',
      "OPENROUTER_X_TITLE must be one line of at most 200 characters, got 'Acme\\n\\nX-Evil: 1'.",
      'Set OPENROUTER_X_TITLE to your app name, e.g. "Acme Support Agent".',
    ],
    [
      'REDIS_URL',
      'http://:pw@127.0.0.1:6379',
      "REDIS_URL must be a redis:// or rediss:// URL with a host, got 'http://***@127.0.0.1:6379'.",
      'Set REDIS_URL such as redis://127.0.0.1:6379 (or rediss://user:password@host:6380 for TLS), or unset it to keep state in memory.',
    ],
    [
      'REDIS_URL',
      'localhost:6379',
      "REDIS_URL must be a redis:// or rediss:// URL with a host, got 'localhost:6379'.",
      'Set REDIS_URL such as redis://127.0.0.1:6379 (or rediss://user:password@host:6380 for TLS), or unset it to keep state in memory.',
    ],
  ])('rejects %s=%j', (variable, value, problem, fix) => {
    expect(problemsOf({ [variable]: value })).toEqual([`${problem} | ${fix}`]);
  });

  it.each([
    'DEFAULT_MODEL',
    'FALLBACK_MODEL',
    'FAST_MODEL',
    'REASONING_MODEL',
    'CODING_MODEL',
    'VISION_MODEL',
  ])('rejects a malformed %s', (variable) => {
    expect(problemsOf({ [variable]: 'gpt4' })).toEqual([
      `${variable} must be an OpenRouter model id like 'anthropic/claude-sonnet-5' (vendor/model, optional :variant), got 'gpt4'. | Set ${variable} to an id listed at https://openrouter.ai/models, or unset it to use the default tier.`,
    ]);
  });

  it('checks model ids against a catalog through the checkModelId seam', () => {
    const checkModelId = (id: string) =>
      id === 'anthropic/claude-sonet-5'
        ? 'is not in the OpenRouter catalog (did you mean anthropic/claude-sonnet-5?).'
        : undefined;
    expect(problemsOf({ DEFAULT_MODEL: 'anthropic/claude-sonet-5' }, { checkModelId })).toEqual([
      'DEFAULT_MODEL is not in the OpenRouter catalog (did you mean anthropic/claude-sonnet-5?). | Set DEFAULT_MODEL to a model id from the catalog.',
    ]);
  });

  it('reports all problems at once in one ConfigError', () => {
    let caught: unknown;
    try {
      loadConfig({ env: { DAILY_BUDGET: 'abc', OPENROUTER_BASE_URL: 'nope', FAST_MODEL: 'x' } });
    } catch (error) {
      caught = error;
    }
    expect(ConfigError.isInstance(caught)).toBe(true);
    const error = caught as ConfigError;
    expect(error.issues.map((issue) => issue.variable)).toEqual([
      'OPENROUTER_BASE_URL',
      'FAST_MODEL',
      'DAILY_BUDGET',
      'OPENROUTER_API_KEY',
    ]);
    expect(error.message.split('\n')[0]).toBe('Invalid orkit configuration (4 problems):');
  });

  it('reads a .env file without overriding the real environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orkit-config-'));
    const file = join(dir, '.env');
    writeFileSync(
      file,
      `OPENROUTER_API_KEY=${KEY}\nDAILY_BUDGET=5\nFAST_MODEL="openai/gpt-5.4-mini"\n# comment\n`,
    );
    const config = loadConfig({ env: { DAILY_BUDGET: '7' }, envFile: file });
    expect(config.budgets.dailyUsd).toBe(7);
    expect(config.models.fast).toBe('openai/gpt-5.4-mini');
    writeFileSync(file, 'WEEKLY_BUDGET=lots\n');
    expect(() => loadConfig({ env: { OPENROUTER_API_KEY: KEY }, envFile: file })).toThrow(
      `WEEKLY_BUDGET (from ${file}) must be a positive number of US dollars, got 'lots'.`,
    );
  });

  it('reads no file, and says nothing, when envFile is true and there is no ./.env', () => {
    const directory = mkdtempSync(join(tmpdir(), 'orkit-no-env-'));
    const cwd = process.cwd();
    process.chdir(directory);
    try {
      expect(() => loadConfig({ env: { OPENROUTER_API_KEY: KEY }, envFile: true })).not.toThrow();
    } finally {
      process.chdir(cwd);
    }
  });

  it('says so when the .env file it was given is missing', () => {
    expect(() => loadConfig({ env: { OPENROUTER_API_KEY: KEY }, envFile: '/nonexistent/.env' })).toThrow(
      'The .env file /nonexistent/.env does not exist. Fix: Create it, pass the right path as envFile, or leave envFile unset to read only the environment.',
    );
  });

  it('lets code overrides win and validates them the same way', () => {
    const config = loadConfig({
      env: { OPENROUTER_API_KEY: KEY, DAILY_BUDGET: '7', FAST_MODEL: 'openai/gpt-5.4-mini' },
      overrides: { budgets: { dailyUsd: 3 }, models: { fast: 'google/gemini-3.5-flash' } },
    });
    expect(config.budgets.dailyUsd).toBe(3);
    expect(config.models.fast).toBe('google/gemini-3.5-flash');
    expect(problemsOf({}, { overrides: { budgets: { monthlyUsd: -1 } } })[0]).toMatch(
      /^MONTHLY_BUDGET \(set in code\) must be a positive number of US dollars, got '-1'\./,
    );
  });

  it('accepts a key provider function and checks each key it returns', async () => {
    const keys = [KEY, `sk-or-v1-${'b2'.repeat(32)}`, 'oops'];
    const config = loadConfig({ env: {}, overrides: { apiKey: () => keys.shift() ?? '' } });
    expect((await config.openrouter.apiKey?.resolve())?.reveal()).toBe(KEY);
    expect((await config.openrouter.apiKey?.resolve())?.reveal()).toMatch(/^sk-or-v1-b2/);
    await expect(config.openrouter.apiKey?.resolve()).rejects.toThrow(
      "The key returned by the apiKey provider does not start with 'sk-or-v1-' (got …(4 chars)).",
    );
  });
});

describe('runtime', () => {
  it('runs on the Node 22+ the package declares (the repo pins node@22 for every script)', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(22);
  });
});
