import { createHmac, randomBytes } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { type CountryCode, findPhoneNumbersInText } from 'libphonenumber-js';
import { luhn, NATIONAL_ID_SCHEMES, namedBefore } from './national-ids.js';

/** The kinds of personal data {@link findPii} knows. */
export type PiiKind = 'email' | 'phone' | 'card' | 'iban' | 'ip' | 'us-ssn' | 'national-id';

/** One piece of personal data; `start`/`end` index the text (end exclusive). */
export interface PiiFinding {
  readonly kind: PiiKind;
  readonly start: number;
  readonly end: number;
  readonly value: string;
  /** For `national-id`: which scheme, e.g. `es-dni`, `it-codice-fiscale`, `fr-nir`. */
  readonly scheme?: string;
}

/** Options of {@link findPii}. */
export interface FindPiiOptions {
  /** Which kinds to look for. Default: all. */
  readonly kinds?: readonly PiiKind[];
  /**
   * Country for phone numbers written without `+` and a calling code (e.g. `'US'`, `'FR'`). Without it only
   * international numbers are found: national formats are too ambiguous to guess.
   */
  readonly defaultCountry?: CountryCode;
}

const ALL_KINDS: readonly PiiKind[] = ['card', 'iban', 'us-ssn', 'national-id', 'email', 'ip', 'phone'];

// Bounded quantifiers throughout: linear time on any input.
// Sticky: tried only where an '@' (or a ':') makes a match possible, not at every position of the text.
const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,6}\.[A-Za-z]{2,24}\b/y;
const CARD = /\b\d(?:[ -]?\d){12,18}\b/g;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g;
const SSN = /\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/g;
// Digits with phone punctuation between them, at least seven characters: where a phone number can be.
const PHONE_CANDIDATE = /[+(]?\d[\d \t()./-]{5,28}\d/g;
const IPV4 = /\b(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}\b/g;
// Not touching letters or digits on either side, so `std::vector` and `12:30:45` are not candidates.
const IPV6 = /^[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}$/;

/** [A-Za-z0-9._%+-]: a character of an e-mail's local part. */
function isLocalPart(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 46 ||
    code === 95 ||
    code === 37 ||
    code === 43 ||
    code === 45
  );
}

function isHexOrColon(code: number): boolean {
  return (code >= 48 && code <= 58) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70);
}

function isAlphanumeric(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
}

/** E-mail addresses, found from each '@': the same matches as scanning with the pattern, in linear time. */
function collectEmails(text: string, into: PiiFinding[]): void {
  let covered = 0;
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    if (at < covered) continue;
    const floor = Math.max(covered, at - 64);
    let start = at;
    while (start > floor && isLocalPart(text.charCodeAt(start - 1))) start--;
    if (start === at) continue;
    EMAIL.lastIndex = start;
    const found = EMAIL.exec(text);
    if (!found) continue;
    covered = start + found[0].length;
    // `git@github.com:org/repo.git` is an SSH remote (user@host:path), not an e-mail address.
    if (text[covered] === ':' && /[\w~/.-]/.test(text[covered + 1] ?? '')) continue;
    into.push({ kind: 'email', start, end: covered, value: found[0] });
  }
}

/** IPv6 addresses: each maximal run of hex digits and colons around a ':', not touching letters or digits. */
function collectIpv6(text: string, into: PiiFinding[]): void {
  let covered = 0;
  for (let colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', colon + 1)) {
    if (colon < covered) continue;
    let start = colon;
    while (start > 0 && isHexOrColon(text.charCodeAt(start - 1))) start--;
    let end = colon + 1;
    while (end < text.length && isHexOrColon(text.charCodeAt(end))) end++;
    covered = end;
    if (start > 0 && isAlphanumeric(text.charCodeAt(start - 1))) continue;
    if (end < text.length && isAlphanumeric(text.charCodeAt(end))) continue;
    const value = text.slice(start, end);
    if (IPV6.test(value) && value.split(':').filter(Boolean).length >= 2 && isIPv6(value))
      into.push({ kind: 'ip', start, end, value });
  }
}

function ibanValid(raw: string): boolean {
  const iban = raw.replaceAll(' ', '');
  if (iban.length < 15 || iban.length > 34) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const code = char.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : char;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

function collect(
  text: string,
  pattern: RegExp,
  kind: PiiKind,
  into: PiiFinding[],
  check: (value: string, index: number) => boolean = () => true,
): void {
  pattern.lastIndex = 0;
  for (let found = pattern.exec(text); found; found = pattern.exec(text)) {
    if (check(found[0], found.index))
      into.push({ kind, start: found.index, end: found.index + found[0].length, value: found[0] });
  }
}

/**
 * Finds personal data: e-mail addresses, phone numbers (parsed and validated by libphonenumber-js), payment card
 * numbers (Luhn-checked), IBANs (mod-97-checked), IPv4/IPv6 addresses, US social security numbers (dashed) and
 * national ids whose format can be checked (`national-id`, with the `scheme`: es-dni, it-codice-fiscale, fr-nir,
 * br-cpf, in-aadhaar, se-personnummer, uk-nino; nl-bsn, ca-sin and pl-pesel only next to their name).
 * Findings are sorted and do not overlap; checksums keep order numbers and timestamps out.
 *
 * @example
 * ```ts
 * findPii('Mail jane@example.com or call +44 20 7946 0958').map((f) => f.kind); // ['email', 'phone']
 * ```
 */
export function findPii(text: string, options: FindPiiOptions = {}): PiiFinding[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const kinds = new Set(options.kinds ?? ALL_KINDS);
  const raw: PiiFinding[] = [];
  if (kinds.has('card'))
    collect(text, CARD, 'card', raw, (value, index) => {
      const digits = value.replace(/[ -]/g, '');
      // The digits of an IBAN (even one whose checksum fails) are not a card number.
      if (/[A-Z]{2}\d{2} ?$/.test(text.slice(Math.max(0, index - 5), index))) return false;
      return digits.length >= 13 && digits.length <= 19 && luhn(digits);
    });
  if (kinds.has('iban')) collect(text, IBAN, 'iban', raw, ibanValid);
  if (kinds.has('us-ssn')) collect(text, SSN, 'us-ssn', raw);
  if (kinds.has('national-id')) {
    for (const scheme of NATIONAL_ID_SCHEMES) {
      scheme.pattern.lastIndex = 0;
      for (let found = scheme.pattern.exec(text); found; found = scheme.pattern.exec(text)) {
        if (!scheme.valid(found[0])) continue;
        if (scheme.context && !namedBefore(text, found.index, scheme.context)) continue;
        raw.push({
          kind: 'national-id',
          start: found.index,
          end: found.index + found[0].length,
          value: found[0],
          scheme: scheme.id,
        });
      }
    }
  }
  if (kinds.has('email')) collectEmails(text, raw);
  if (kinds.has('ip')) {
    // Four numbers inside a longer dotted run are an OID or a version (`1.3.6.1.4.1.311`), not an address.
    const digit = (at: number) => /\d/.test(text[at] ?? '');
    collect(
      text,
      IPV4,
      'ip',
      raw,
      (value, index) =>
        !(text[index - 1] === '.' && digit(index - 2)) &&
        !(text[index + value.length] === '.' && digit(index + value.length + 1)),
    );
    collectIpv6(text, raw);
  }
  if (kinds.has('phone')) {
    // libphonenumber-js costs 10 to 45 µs per call; it runs only on digit runs that could be a phone number.
    PHONE_CANDIDATE.lastIndex = 0;
    const phoneOptions = options.defaultCountry ? { defaultCountry: options.defaultCountry } : undefined;
    for (let candidate = PHONE_CANDIDATE.exec(text); candidate; candidate = PHONE_CANDIDATE.exec(text)) {
      // Without a default country only international numbers can match, and E.164 allows 7 to 15 digits.
      const digits = candidate[0].replace(/\D/g, '').length;
      if (digits < 7 || digits > 15 || (!phoneOptions && !candidate[0].startsWith('+'))) continue;
      const offset = candidate.index;
      for (const match of findPhoneNumbersInText(candidate[0], phoneOptions)) {
        raw.push({
          kind: 'phone',
          start: offset + match.startsAt,
          end: offset + match.endsAt,
          value: candidate[0].slice(match.startsAt, match.endsAt),
        });
      }
    }
  }

  // Earlier kinds in ALL_KINDS win an overlap (a card number also parses as a phone number).
  const rank = (kind: PiiKind) => ALL_KINDS.indexOf(kind);
  raw.sort((a, b) => a.start - b.start || rank(a.kind) - rank(b.kind));
  const findings: PiiFinding[] = [];
  for (const finding of raw) {
    const last = findings.at(-1);
    if (last && finding.start < last.end) continue;
    findings.push(finding);
  }
  return findings;
}

/** How {@link redactPii} replaces a finding. */
export type PiiMode = 'placeholder' | 'mask' | 'hash';

/** Options of {@link redactPii}. */
export interface RedactPiiOptions extends FindPiiOptions {
  /**
   * `placeholder` (default): `[EMAIL]`. `mask`: keeps the last four digits of numbers and the domain of e-mails
   * (`****1111`, `j***@example.com`). `hash`: `[EMAIL:3f9a0c1d2e4b]`, a keyed hash, so the same value maps to the
   * same token and records can still be joined.
   */
  readonly mode?: PiiMode;
  /** Key of the `hash` mode. Default: a random key per process (tokens are stable only within the process). */
  readonly hashKey?: string | Buffer;
}

const PROCESS_HASH_KEY = randomBytes(32);

/** The placeholder label of a kind: `EMAIL`, `US_SSN`, `NATIONAL_ID`. */
export function label(kind: PiiKind): string {
  return kind.toUpperCase().replaceAll('-', '_');
}

function mask(finding: PiiFinding): string {
  if (finding.kind === 'email') {
    const at = finding.value.indexOf('@');
    return `${finding.value[0] ?? ''}***${finding.value.slice(at)}`;
  }
  const visible = finding.kind === 'ip' ? 0 : 4;
  let kept = 0;
  let out = '';
  for (let index = finding.value.length - 1; index >= 0; index--) {
    const char = finding.value[index] ?? '';
    const isSeparator = ' -.:+()'.includes(char);
    if (isSeparator) out = char + out;
    else if (kept < visible && /[0-9A-Za-z]/.test(char)) {
      out = char + out;
      kept++;
    } else out = `*${out}`;
  }
  return out;
}

/**
 * Replaces the personal data {@link findPii} finds, for prompts sent to a model, logs and traces. Text without
 * personal data comes back unchanged.
 *
 * @example
 * ```ts
 * redactPii('Card 4111 1111 1111 1111, mail jane@example.com');
 * // 'Card [CARD], mail [EMAIL]'
 * redactPii('Card 4111 1111 1111 1111', { mode: 'mask' }); // 'Card **** **** **** 1111'
 * ```
 */
export function redactPii(text: string, options: RedactPiiOptions = {}): string {
  const findings = findPii(text, options);
  if (findings.length === 0) return text;
  const mode = options.mode ?? 'placeholder';
  const key = options.hashKey ?? PROCESS_HASH_KEY;
  let out = '';
  let cursor = 0;
  for (const finding of findings) {
    const replacement =
      mode === 'mask'
        ? mask(finding)
        : mode === 'hash'
          ? `[${label(finding.kind)}:${createHmac('sha256', key).update(finding.value).digest('hex').slice(0, 12)}]`
          : `[${label(finding.kind)}]`;
    out += text.slice(cursor, finding.start) + replacement;
    cursor = finding.end;
  }
  return out + text.slice(cursor);
}
