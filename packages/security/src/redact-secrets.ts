/** What kind of secret a {@link SecretFinding} is. */
export type SecretKind =
  | 'openrouter-key'
  | 'anthropic-key'
  | 'openai-key'
  | 'aws-access-key-id'
  | 'github-token'
  | 'slack-token'
  | 'slack-webhook'
  | 'google-api-key'
  | 'stripe-key'
  | 'jwt'
  | 'bearer-token'
  | 'private-key'
  | 'url-credentials'
  | 'assigned-secret';

/** One secret found in a text; `start`/`end` index the text (end exclusive). */
export interface SecretFinding {
  readonly kind: SecretKind;
  readonly start: number;
  readonly end: number;
}

/** Options of {@link findSecrets} and {@link redactSecrets}. */
export interface RedactSecretsOptions {
  /** What replaces a secret. Default: `[REDACTED:<kind>]`. */
  readonly replacement?: (finding: SecretFinding) => string;
  /**
   * Minimum Shannon entropy (bits per character) of a value assigned to a secret-looking name (`api_key=…`,
   * `"token": "…"`) for it to count. Default 3. Values of `password`-like names are redacted whatever their entropy.
   */
  readonly minEntropy?: number;
}

interface TokenPattern {
  readonly kind: SecretKind;
  readonly pattern: RegExp;
  /** Capture group holding the secret itself when the match carries context (e.g. `Bearer `). */
  readonly group?: number;
}

// Every quantifier is bounded or followed by a disjoint class, so no pattern can backtrack super-linearly.
// Vendor-specific prefixes come before the generic `sk-` pattern: the first pattern to claim a range wins.
const TOKEN_PATTERNS: readonly TokenPattern[] = [
  { kind: 'openrouter-key', pattern: /\bsk-or-(?:v\d{1,3}-)?[A-Za-z0-9]{16,128}/g },
  { kind: 'anthropic-key', pattern: /\bsk-ant-[A-Za-z0-9_-]{16,256}/g },
  { kind: 'openai-key', pattern: /\bsk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,256}/g },
  { kind: 'aws-access-key-id', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b/g },
  { kind: 'github-token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})/g },
  { kind: 'slack-token', pattern: /\bxox[abposre]-[A-Za-z0-9-]{10,255}/g },
  { kind: 'slack-webhook', pattern: /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/]{20,128}/g },
  { kind: 'google-api-key', pattern: /\bAIza[0-9A-Za-z_-]{35}/g },
  { kind: 'stripe-key', pattern: /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,128}/g },
  { kind: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{8,4096}\.eyJ[A-Za-z0-9_-]{8,8192}\.[A-Za-z0-9_-]{8,1024}/g },
  { kind: 'bearer-token', pattern: /\b[Bb]earer[ \t]{1,8}([A-Za-z0-9._~+/-]{16,4096}=*)/dg, group: 1 },
  {
    kind: 'url-credentials',
    // The user name may be empty (`redis://:password@host`).
    pattern: /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/@]{0,256}:([^\s/@]{1,256})@/dg,
    group: 1,
  },
];

// `name = value`, `name: value`, `"name": "value"`; the name contains a secret-ish word. The value is group 2.
const ASSIGNMENT =
  /(?:^|[^A-Za-z0-9])[A-Za-z0-9_.-]{0,40}?(secret|token|password|passwd|pwd|passphrase|api[_-]?key|access[_-]?key|private[_-]?key|client[_-]?secret|credentials?|auth)[A-Za-z0-9_]{0,24}["']?[ \t]{0,8}[:=][ \t]{0,8}["'`]?([^\s"'`,;]{6,512})/gi;

const PLACEHOLDER =
  /^(?:\$\{?[A-Za-z_]|process\.env|os\.environ|env\.|<[^>]*>$|\[[^\]]*\]$|\{\{|%\(|\*+$|x+$|\.{3}|(?:your|my|the)[_-]|changeme$|none$|null$|undefined$|true$|false$|redacted)/i;

const PASSWORD_NAMES = new Set(['password', 'passwd', 'pwd', 'passphrase']);

/**
 * What documentation and templates put where a secret goes: `sk-proj-XXXX…`, `ghp_xxxxxxxx…`, `xoxb-your-token`,
 * `sk-or-v1-<your-key-here>`, `${DB_PASSWORD}`, AWS's documented `…EXAMPLE` keys. A real key is random: it does not
 * spell these, and it is not one character repeated.
 */
const PLACEHOLDER_INSIDE =
  /(?:<[^>]{0,80}>|\$\{|\{\{|%\(|x{4,}|X{4,}|\*{4,}|\.{3}|…|your[-_ ]?(?:api[-_ ]?)?(?:key|token|secret|password|pass)|placeholder|example|changeme|redacted|dummy|sample)/i;

function isPlaceholder(value: string): boolean {
  if (PLACEHOLDER.test(value) || PLACEHOLDER_INSIDE.test(value)) return true;
  // After a vendor prefix, a body of one repeated character (`sk_live_0000…`) is a stand-in.
  const body = value.replace(/^[A-Za-z]{1,8}[-_](?:[A-Za-z0-9]{1,8}[-_])?/, '');
  return body.length >= 8 && new Set(body).size <= 2;
}

const PRIVATE_KEY_BEGIN = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY( BLOCK)?-----/g;

function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  const length = value.length;
  for (const count of counts.values()) {
    const p = count / length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

function privateKeys(text: string, into: SecretInContext[]): void {
  PRIVATE_KEY_BEGIN.lastIndex = 0;
  for (let found = PRIVATE_KEY_BEGIN.exec(text); found; found = PRIVATE_KEY_BEGIN.exec(text)) {
    const endMarker = text.indexOf('-----END ', found.index + found[0].length);
    if (endMarker === -1) {
      // A key cut before its end line is still a key: redact to the end of the text.
      into.push({ kind: 'private-key', start: found.index, end: text.length, matchStart: found.index });
      return;
    }
    const close = text.indexOf('-----', endMarker + 9);
    const end = close === -1 ? text.length : close + 5;
    into.push({ kind: 'private-key', start: found.index, end, matchStart: found.index });
    PRIVATE_KEY_BEGIN.lastIndex = end;
  }
}

/**
 * Finds credentials in a text: OpenRouter, OpenAI, Anthropic, AWS, GitHub, Slack, Google, Stripe keys, JWTs, bearer
 * tokens, passwords in URLs, PEM private keys, and high-entropy values assigned to secret-looking names. Findings
 * are sorted and do not overlap. Linear in the length of the text.
 *
 * @example
 * ```ts
 * findSecrets('export OPENROUTER_API_KEY=sk-or-v1-0123…');
 * // [{ kind: 'openrouter-key', start: 26, end: 99 }]
 * ```
 */
export function findSecrets(text: string, options: RedactSecretsOptions = {}): SecretFinding[] {
  return findSecretsInContext(text, options).map(({ kind, start, end }) => ({ kind, start, end }));
}

/** A finding and where the text that identifies it starts (`Bearer `, `password=`, `postgres://user:`). */
export interface SecretInContext extends SecretFinding {
  readonly matchStart: number;
}

/**
 * {@link findSecrets}, with where each finding's context starts: a stream may not cut between the two, or the
 * secret left on the far side could no longer be recognised.
 *
 * @example
 * const [first] = findSecretsInContext('Authorization: Bearer eyJhbGciOi...');
 * // first.matchStart is where "Bearer " starts, first.start where the token does
 */
export function findSecretsInContext(text: string, options: RedactSecretsOptions = {}): SecretInContext[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const minEntropy = options.minEntropy ?? 3;
  const raw: SecretInContext[] = [];
  privateKeys(text, raw);
  for (const { kind, pattern, group } of TOKEN_PATTERNS) {
    pattern.lastIndex = 0;
    for (let found = pattern.exec(text); found; found = pattern.exec(text)) {
      // Patterns with a group carry the `d` flag: the group's own indices say where the secret is.
      const range = group === undefined ? undefined : found.indices?.[group];
      if (group !== undefined && !range) continue;
      const [start, end] = range ?? [found.index, found.index + found[0].length];
      if (isPlaceholder(text.slice(start, end))) continue;
      raw.push({ kind, start, end, matchStart: found.index });
    }
  }
  ASSIGNMENT.lastIndex = 0;
  for (let found = ASSIGNMENT.exec(text); found; found = ASSIGNMENT.exec(text)) {
    const name = (found[1] ?? '').toLowerCase();
    const value = found[2] ?? '';
    if (isPlaceholder(value)) continue;
    const isPassword = PASSWORD_NAMES.has(name);
    const looksRandom = value.length >= 12 && shannonEntropy(value) >= minEntropy && /\d/.test(value);
    if (!isPassword && !looksRandom) continue;
    const start = found.index + found[0].length - value.length;
    raw.push({ kind: 'assigned-secret', start, end: start + value.length, matchStart: found.index });
  }
  raw.sort((a, b) => a.start - b.start || b.end - a.end);
  const findings: SecretInContext[] = [];
  for (const finding of raw) {
    const last = findings.at(-1);
    if (last && finding.start < last.end) {
      // Overlap: keep the earlier, more specific finding but make sure the whole union is covered.
      if (finding.end > last.end) findings[findings.length - 1] = { ...last, end: finding.end };
      continue;
    }
    findings.push(finding);
  }
  return findings;
}

/**
 * Replaces every credential {@link findSecrets} finds, for logs, traces and error messages. Text without secrets is
 * returned unchanged (the same string).
 *
 * @example
 * ```ts
 * import { jsonLinesSink } from '@orkit/observability';
 * jsonLinesSink({ path: 'llm.jsonl', redact: redactSecrets });
 * redactSecrets('Authorization: Bearer abcdef0123456789abcdef'); // 'Authorization: Bearer [REDACTED:bearer-token]'
 * ```
 */
export function redactSecrets(text: string, options: RedactSecretsOptions = {}): string {
  const findings = findSecrets(text, options);
  if (findings.length === 0) return text;
  const replace = options.replacement ?? ((finding: SecretFinding) => `[REDACTED:${finding.kind}]`);
  let out = '';
  let cursor = 0;
  for (const finding of findings) {
    out += text.slice(cursor, finding.start) + replace(finding);
    cursor = finding.end;
  }
  return out + text.slice(cursor);
}
