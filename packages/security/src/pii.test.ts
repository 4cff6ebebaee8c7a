import { isIPv6 } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verhoeff } from './national-ids.js';
import { findPii, redactPii } from './pii.js';
import { createPiiVault } from './pii-vault.js';

describe('findPii', () => {
  it.each([
    ['email', 'write to jane.doe+work@mail.example.co.uk today', 'jane.doe+work@mail.example.co.uk'],
    ['phone', 'call +44 20 7946 0958 after 5', '+44 20 7946 0958'],
    ['card', 'card 4111 1111 1111 1111 exp 12/29', '4111 1111 1111 1111'],
    ['card', 'card 5500-0000-0000-0004', '5500-0000-0000-0004'],
    ['iban', 'IBAN GB82 WEST 1234 5698 7654 32 please', 'GB82 WEST 1234 5698 7654 32'],
    ['iban', 'to DE89370400440532013000.', 'DE89370400440532013000'],
    ['ip', 'from 203.0.113.42 at noon', '203.0.113.42'],
    ['ip', 'host 2001:db8:85a3::8a2e:370:7334 up', '2001:db8:85a3::8a2e:370:7334'],
    ['us-ssn', 'SSN 123-45-6789.', '123-45-6789'],
  ] as const)('finds a %s at the right place', (kind, text, value) => {
    const findings = findPii(text);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind, value });
    expect(text.slice(findings[0]?.start, findings[0]?.end)).toBe(value);
  });

  it('keeps checksummed kinds honest: no Luhn, no mod-97, no match', () => {
    expect(findPii('order 4111 1111 1111 1112', { kinds: ['card'] })).toEqual([]);
    expect(findPii('ref GB82 WEST 1234 5698 7654 33', { kinds: ['iban'] })).toEqual([]);
    expect(findPii('SSN 000-12-3456 and 666-12-3456')).toEqual([]);
  });

  it('leaves an IBAN with a bad checksum, an OID and an SSH remote alone', () => {
    // A valid IBAN, with its check digits broken: not an IBAN, and its digits are not a card either.
    expect(findPii('IBAN DE00 4111 1111 1111 1111 please')).toEqual([]);
    expect(findPii('OID 1.3.6.1.4.1.311.21.20 and version 10.0.19045.2364')).toEqual([]);
    expect(findPii('git clone git@github.com:orkit/orkit.git')).toEqual([]);
    // The real things still are.
    expect(findPii('IBAN DE89 3704 0044 0532 0130 00').map((found) => found.kind)).toEqual(['iban']);
    expect(findPii('from 192.168.1.20.').map((found) => found.kind)).toEqual(['ip']);
    expect(findPii('mail git@github.com: it bounced').map((found) => found.kind)).toEqual(['email']);
  });

  it('leaves code, times, versions of two parts and plain numbers alone', () => {
    for (const text of [
      'std::vector<int> v; at 12:30:45 on 2026-11-24',
      'version 2.5, order #123456, 42 items',
      'the user@ sign and a lone @mention',
    ]) {
      expect(findPii(text)).toEqual([]);
    }
  });

  it('finds national phone numbers only with a default country', () => {
    expect(findPii('call (415) 555-2671', { kinds: ['phone'] })).toEqual([]);
    expect(findPii('call (415) 555-2671', { kinds: ['phone'], defaultCountry: 'US' })).toHaveLength(1);
  });
});

describe('redactPii', () => {
  const text = 'Card 4111 1111 1111 1111, mail jane@example.com, call +44 20 7946 0958.';

  it('placeholder, mask and hash modes', () => {
    expect(redactPii(text)).toBe('Card [CARD], mail [EMAIL], call [PHONE].');
    expect(redactPii(text, { mode: 'mask' })).toBe(
      'Card **** **** **** 1111, mail j***@example.com, call +** ** **** 0958.',
    );
    const hashed = redactPii(text, { mode: 'hash', hashKey: 'k' });
    expect(hashed).toMatch(/^Card \[CARD:[0-9a-f]{12}\], mail \[EMAIL:[0-9a-f]{12}\]/);
    expect(redactPii(text, { mode: 'hash', hashKey: 'k' })).toBe(hashed);
  });

  it('returns text without personal data unchanged', () => {
    const plain = 'Nothing personal here: 3 apples, version 1.2.';
    expect(redactPii(plain)).toBe(plain);
  });

  it('a vault redacts reversibly, the same value to the same placeholder', () => {
    const vault = createPiiVault();
    const redacted = vault.redact('Email jane@example.com, cc jane@example.com and bob@example.org');
    expect(redacted).toBe('Email [EMAIL_1], cc [EMAIL_1] and [EMAIL_2]');
    expect(vault.size).toBe(2);
    expect(vault.restore('Dear [EMAIL_1], I copied [EMAIL_2]; [EMAIL_9] is unknown.')).toBe(
      'Dear jane@example.com, I copied bob@example.org; [EMAIL_9] is unknown.',
    );
  });

  it('never throws, never overlaps, on arbitrary and adversarial text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (value) => {
        const findings = findPii(value);
        for (let index = 1; index < findings.length; index++) {
          expect(findings[index]?.start).toBeGreaterThanOrEqual(findings[index - 1]?.end ?? 0);
        }
        redactPii(value, { mode: 'mask' });
      }),
    );
    for (const input of [
      'a'.repeat(100_000),
      '1 '.repeat(50_000),
      `${'a.'.repeat(30_000)}@`,
      ':'.repeat(100_000),
    ]) {
      const started = performance.now();
      redactPii(input);
      // Generous: the point is catastrophic backtracking (seconds), not a timing target.
      expect(performance.now() - started).toBeLessThan(3_000);
    }
  });

  it('finds e-mails and IPv6 addresses exactly where scanning every position with the patterns would', () => {
    // The reference: the plain global patterns the anchored scans replace.
    const email = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,6}\.[A-Za-z]{2,24}\b/g;
    const ipv6 = /(?<![0-9A-Za-z:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Za-z:])/g;
    const reference = (text: string) => [
      ...[...text.matchAll(email)]
        // user@host:path is an SSH remote, not an address.
        .filter((found) => {
          const after = found.index + found[0].length;
          return !(text[after] === ':' && /[\w~/.-]/.test(text[after + 1] ?? ''));
        })
        .map((found) => `email ${found.index} ${found[0]}`),
      ...[...text.matchAll(ipv6)]
        .filter((found) => found[0].split(':').filter(Boolean).length >= 2 && isIPv6(found[0]))
        .map((found) => `ip ${found.index} ${found[0]}`),
    ];
    const pieces = fc.constantFrom(
      'a',
      'Z',
      '9',
      '0',
      '.',
      '-',
      '_',
      '+',
      '@',
      ':',
      '::',
      ' ',
      'x.io',
      'fe80',
      'db8',
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        const ours = [
          ...findPii(text, { kinds: ['email'] }).map((found) => `email ${found.start} ${found.value}`),
          ...findPii(text, { kinds: ['ip'] })
            .filter((found) => found.value.includes(':'))
            .map((found) => `ip ${found.start} ${found.value}`),
        ];
        expect(ours).toEqual(reference(text));
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('national ids', () => {
  const nir = (body: string) => `${body}${String(97 - Number(BigInt(body) % 97n)).padStart(2, '0')}`;
  it.each([
    ['es-dni', 'DNI 12345678Z en el contrato', '12345678Z'],
    ['es-dni', 'NIE X1234567L', 'X1234567L'],
    ['it-codice-fiscale', 'codice fiscale RSSMRA85T10A562S', 'RSSMRA85T10A562S'],
    ['fr-nir', `sécu ${nir('1850578006084')} merci`, nir('1850578006084')],
    ['br-cpf', 'CPF 529.982.247-25', '529.982.247-25'],
    ['se-personnummer', 'personnummer 811218-9876', '811218-9876'],
    ['uk-nino', 'NI number AB 12 34 56 C', 'AB 12 34 56 C'],
    ['nl-bsn', 'mijn BSN is 111222333', '111222333'],
    ['ca-sin', 'SIN: 046 454 286', '046 454 286'],
    ['pl-pesel', 'PESEL 44051401359', '44051401359'],
  ])('finds %s', (scheme, text, value) => {
    expect(findPii(text, { kinds: ['national-id'] })).toMatchObject([{ kind: 'national-id', scheme, value }]);
    expect(redactPii(text)).toBe(text.replace(value, '[NATIONAL_ID]'));
  });

  it('finds an Aadhaar number only when its Verhoeff digit is right', () => {
    // Verhoeff's own test vector: 236 takes the check digit 3.
    expect([verhoeff('2363'), verhoeff('2364'), verhoeff('2633')]).toEqual([true, false, false]);
    const valid = ['2345 6789 012', '2345 6789 013', '2345 6789 014', '2345 6789 015', '2345 6789 016']
      .flatMap((prefix) => Array.from({ length: 10 }, (_, digit) => `${prefix}${digit}`))
      .filter((candidate) => findPii(`Aadhaar ${candidate}`, { kinds: ['national-id'] }).length === 1);
    expect(valid.length).toBeGreaterThan(0);
    // Exactly one check digit per prefix.
    expect(new Set(valid.map((candidate) => candidate.slice(0, -1))).size).toBe(valid.length);
  });

  it('leaves wrong check digits, unnamed weak numbers and order numbers alone', () => {
    const none = (text: string) => expect(findPii(text, { kinds: ['national-id'] })).toEqual([]);
    none('DNI 12345678A');
    none('codice fiscale RSSMRA85T10A562T');
    none('CPF 529.982.247-26');
    none('CPF 111.111.111-11');
    none('personnummer 811218-9875');
    none('order 111222333 shipped');
    none('invoice 046 454 286');
    none('tracking 44051401359');
    none('NI number QQ 12 34 56 C');
  });
});
