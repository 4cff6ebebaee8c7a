import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findSecrets, redactSecrets } from './redact-secrets.js';

const OPENROUTER = `sk-or-v1-${'0123456789abcdef'.repeat(4)}`;
const CASES: ReadonlyArray<readonly [string, string, string]> = [
  ['openrouter-key', `OPENROUTER_API_KEY=${OPENROUTER}`, OPENROUTER],
  [
    'anthropic-key',
    'key: sk-ant-api03-AbCdEf0123456789_AbCdEf0123456789-xyz',
    'sk-ant-api03-AbCdEf0123456789_AbCdEf0123456789-xyz',
  ],
  [
    'openai-key',
    'use sk-proj-AbCdEf0123456789AbCdEf0123456789 here',
    'sk-proj-AbCdEf0123456789AbCdEf0123456789',
  ],
  ['aws-access-key-id', 'aws AKIA4Q7ZK2M9TXB3HV8P ok', 'AKIA4Q7ZK2M9TXB3HV8P'],
  ['github-token', `token ghp_${'a1B2c3D4e5'.repeat(4)}`, `ghp_${'a1B2c3D4e5'.repeat(4)}`],
  ['slack-token', 'xoxb-1234567890-0987654321-AbCdEfGhIjKl', 'xoxb-1234567890-0987654321-AbCdEfGhIjKl'],
  [
    'slack-webhook',
    'https://hooks.slack.com/services/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',
    'https://hooks.slack.com/services/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',
  ],
  [
    'google-api-key',
    `AIza${'Sy0123456789abcdefghijklmnopqrstuvw'}`,
    `AIza${'Sy0123456789abcdefghijklmnopqrstuvw'}`,
  ],
  ['stripe-key', 'sk_live_0123456789abcdefABCDEF', 'sk_live_0123456789abcdefABCDEF'],
  [
    'jwt',
    'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJlX3ZhbHVl',
    'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJlX3ZhbHVl',
  ],
  ['bearer-token', 'Authorization: Bearer abcDEF0123456789ghiJKL', 'abcDEF0123456789ghiJKL'],
  ['url-credentials', 'redis://default:s3cr3tPass@cache:6379', 's3cr3tPass'],
  ['assigned-secret', 'db_password = "hunter2!"', 'hunter2!'],
  ['assigned-secret', '{"client_secret": "q8Zr4Lk2Vb9Xw1Tn6Jm3"}', 'q8Zr4Lk2Vb9Xw1Tn6Jm3'],
];

describe('findSecrets / redactSecrets', () => {
  it.each(CASES)('finds a %s and points at exactly the secret', (kind, text, secret) => {
    const findings = findSecrets(text);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.kind).toBe(kind);
    expect(text.slice(finding?.start, finding?.end)).toBe(secret);
    expect(redactSecrets(text)).not.toContain(secret);
    expect(redactSecrets(text)).toContain(`[REDACTED:${kind}]`);
  });

  it('redacts a PEM private key, also one cut before its end line', () => {
    const pem =
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA0Z3VS5JJcds3xfn\n-----END RSA PRIVATE KEY-----';
    expect(redactSecrets(`key:\n${pem}\ndone`)).toBe('key:\n[REDACTED:private-key]\ndone');
    expect(redactSecrets('x -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg')).toBe('x [REDACTED:private-key]');
  });

  it('leaves ordinary text, placeholders and low-entropy values alone (the same string back)', () => {
    const benign = [
      'The API key goes in OPENROUTER_API_KEY; see the docs.',
      'api_key = process.env.OPENROUTER_API_KEY',
      'token: \u0024{GITHUB_TOKEN}', // a shell-style placeholder
      'api_key="<your-key-here>"',
      'secret = xxxxxxxxxxxxxxxx',
      'author: Jane Doe, tokens: 1200',
      'Bearer of bad news',
      'a task-oriented skeleton',
    ];
    for (const text of benign) expect(redactSecrets(text)).toBe(text);
  });

  it('leaves the placeholders documentation and templates use alone', () => {
    const placeholders = [
      `OPENAI_API_KEY=sk-proj-${'X'.repeat(40)}`,
      `STRIPE_KEY=sk_live_${'x'.repeat(24)}`,
      `GITHUB_TOKEN=ghp_${'x'.repeat(36)}`,
      'SLACK_TOKEN=xoxb-your-token',
      'OPENROUTER_API_KEY=sk-or-v1-<your-key-here>',
      'DATABASE_URL=postgres://user:\u0024{DB_PASSWORD}@db:5432/app',
      'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      `STRIPE_KEY=sk_test_${'0'.repeat(24)}`,
    ];
    for (const text of placeholders) expect(redactSecrets(text)).toBe(text);
  });

  it('finds a password in a URL with an empty user name', () => {
    expect(redactSecrets('REDIS_URL=redis://:s3cr3tPassw0rd@cache:6379/0')).toBe(
      'REDIS_URL=redis://:[REDACTED:url-credentials]@cache:6379/0',
    );
  });

  it('finds several secrets in one text, sorted and without overlap', () => {
    const text = `a ${OPENROUTER} b AKIA4Q7ZK2M9TXB3HV8P c`;
    const findings = findSecrets(text);
    expect(findings.map((finding) => finding.kind)).toEqual(['openrouter-key', 'aws-access-key-id']);
    expect(redactSecrets(text)).toBe('a [REDACTED:openrouter-key] b [REDACTED:aws-access-key-id] c');
  });

  it('takes a custom replacement', () => {
    expect(redactSecrets(OPENROUTER, { replacement: () => '***' })).toBe('***');
  });

  it('never throws and never returns overlapping findings on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400, unit: 'binary' }), (text) => {
        const findings = findSecrets(text);
        for (let index = 1; index < findings.length; index++) {
          expect(findings[index]?.start).toBeGreaterThanOrEqual(findings[index - 1]?.end ?? 0);
        }
        redactSecrets(text);
      }),
    );
  });

  it('stays fast on adversarial input (no catastrophic backtracking)', () => {
    const inputs = [
      'sk-'.repeat(30_000),
      `${'a'.repeat(40)}password`.repeat(2_000),
      '-----BEGIN PRIVATE KEY-----'.repeat(3_000),
      'eyJ'.repeat(30_000),
      `${'x'.repeat(39)}_token=`.repeat(2_000),
    ];
    for (const input of inputs) {
      const started = performance.now();
      redactSecrets(input);
      // A generous bound: the point is super-linear blow-up (seconds), not a timing target.
      expect(performance.now() - started).toBeLessThan(2_000);
    }
  });
});
