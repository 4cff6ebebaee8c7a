/**
 * National identity numbers whose format can be checked: a check digit or letter, a valid date, or a strict
 * prefix rule. Numbers that are only digits with a weak check (one in eleven random numbers passes) are taken only
 * next to the word that names them ("BSN", "SIN", "PESEL"), so order and invoice numbers stay out.
 */

/** One national-id scheme. */
export interface NationalIdScheme {
  /** e.g. `es-dni`, `it-codice-fiscale`. */
  readonly id: string;
  /** Global, with bounded quantifiers (linear time). */
  readonly pattern: RegExp;
  readonly valid: (value: string) => boolean;
  /** Lowercase words, one of which must appear within 40 characters before the number. */
  readonly context?: readonly string[];
}

const digitsOf = (value: string) => value.replace(/\D/g, '');

/** Whether a digit string (check digit last) passes the Luhn check (cards, SIN, personnummer). */
export function luhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

// Verhoeff's dihedral-group check (Aadhaar).
const VERHOEFF_D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VERHOEFF_P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/** Whether a digit string (check digit last) passes Verhoeff's check. */
export function verhoeff(digits: string): boolean {
  let check = 0;
  for (let index = 0; index < digits.length; index += 1) {
    const digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    check = VERHOEFF_D[check]?.[VERHOEFF_P[index % 8]?.[digit] ?? 0] ?? 0;
  }
  return check === 0;
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

function spanishId(value: string): boolean {
  const compact = value.replace('-', '');
  const letter = compact.at(-1) ?? '';
  const number = compact.slice(0, -1).replace(/^[XYZ]/, (prefix) => String('XYZ'.indexOf(prefix)));
  return DNI_LETTERS[Number(number) % 23] === letter;
}

// Codice fiscale check character: values of characters in odd and even positions (1-based).
const CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

function codiceFiscale(value: string): boolean {
  let sum = 0;
  for (let index = 0; index < 15; index += 1) {
    const code = value.charCodeAt(index);
    const position = code <= 57 ? code - 48 : code - 65;
    sum += index % 2 === 0 ? (CF_ODD[position] ?? 0) : position;
  }
  return String.fromCharCode(65 + (sum % 26)) === value[15];
}

function frenchNir(value: string): boolean {
  const compact = value.replace(/\s/g, '');
  // Corsica: département 2A and 2B count as 19 and 18 in the key.
  const body = compact.slice(0, 13).replace('2A', '19').replace('2B', '18');
  if (!/^\d{13}$/.test(body)) return false;
  const month = Number(compact.slice(3, 5));
  if (!((month >= 1 && month <= 12) || month >= 20)) return false;
  return 97 - Number(BigInt(body) % 97n) === Number(compact.slice(13));
}

function brazilianCpf(value: string): boolean {
  const digits = digitsOf(value);
  if (/^(\d)\1{10}$/.test(digits)) return false;
  for (const length of [9, 10]) {
    let sum = 0;
    for (let index = 0; index < length; index += 1)
      sum += (digits.charCodeAt(index) - 48) * (length + 1 - index);
    if (((sum * 10) % 11) % 10 !== digits.charCodeAt(length) - 48) return false;
  }
  return true;
}

function dutchBsn(value: string): boolean {
  const digits = digitsOf(value);
  let sum = 0;
  for (let index = 0; index < 8; index += 1) sum += (digits.charCodeAt(index) - 48) * (9 - index);
  sum -= digits.charCodeAt(8) - 48;
  return sum % 11 === 0 && digits !== '000000000';
}

function validDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function swedishPersonnummer(value: string): boolean {
  const digits = digitsOf(value);
  const ten = digits.length === 12 ? digits.slice(2) : digits;
  const year = digits.length === 12 ? Number(digits.slice(0, 4)) : 1900 + Number(ten.slice(0, 2));
  // Day + 60 marks a coordination number.
  const day = Number(ten.slice(4, 6)) % 60;
  return validDate(year, Number(ten.slice(2, 4)), day) && luhn(ten);
}

function polishPesel(value: string): boolean {
  const weights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
  let sum = 0;
  for (let index = 0; index < 10; index += 1) sum += (value.charCodeAt(index) - 48) * (weights[index] ?? 0);
  return (10 - (sum % 10)) % 10 === value.charCodeAt(10) - 48;
}

/** The schemes {@link findPii} looks for under the kind `national-id`. */
export const NATIONAL_ID_SCHEMES: readonly NationalIdScheme[] = [
  // Spain: DNI (8 digits and a letter) and NIE (X, Y or Z, 7 digits and a letter); the letter is mod 23.
  { id: 'es-dni', pattern: /\b[XYZ]?\d{7,8}-?[A-Z]\b/g, valid: spanishId },
  // Italy: codice fiscale, 16 characters, the last a check letter.
  {
    id: 'it-codice-fiscale',
    pattern: /\b[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z]\b/g,
    valid: codiceFiscale,
  },
  // France: NIR (social security number), 13 characters and a mod-97 key, with or without spaces.
  {
    id: 'fr-nir',
    pattern: /\b[12] ?\d{2} ?\d{2} ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2}\b/g,
    valid: frenchNir,
  },
  // Brazil: CPF as written, 000.000.000-00, two mod-11 check digits.
  { id: 'br-cpf', pattern: /\b\d{3}\.\d{3}\.\d{3}-\d{2}\b/g, valid: brazilianCpf },
  // India: Aadhaar as written, 0000 0000 0000, first digit 2-9, Verhoeff check.
  {
    id: 'in-aadhaar',
    pattern: /\b[2-9]\d{3}[ -]\d{4}[ -]\d{4}\b/g,
    valid: (value) => verhoeff(digitsOf(value)),
  },
  // Sweden: personnummer, YYMMDD-NNNN or YYYYMMDD-NNNN, a valid date and Luhn.
  { id: 'se-personnummer', pattern: /\b(?:\d{2})?\d{6}[-+]\d{4}\b/g, valid: swedishPersonnummer },
  // United Kingdom: National Insurance number; the prefix letters follow HMRC's rules.
  {
    id: 'uk-nino',
    pattern: /\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/g,
    valid: () => true,
  },
  // Netherlands: BSN, 9 digits and the eleven-check; named next to it.
  {
    id: 'nl-bsn',
    pattern: /\b\d{4}\.?\d{2}\.?\d{3}\b/g,
    valid: dutchBsn,
    context: ['bsn', 'burgerservicenummer', 'sofinummer'],
  },
  // Canada: SIN, 9 digits and Luhn; named next to it.
  {
    id: 'ca-sin',
    pattern: /\b\d{3}[ -]?\d{3}[ -]?\d{3}\b/g,
    valid: (value) => luhn(digitsOf(value)),
    context: ['sin', 'social insurance', 'nas', "numéro d'assurance sociale"],
  },
  // Poland: PESEL, 11 digits and a weighted check; named next to it.
  { id: 'pl-pesel', pattern: /\b\d{11}\b/g, valid: polishPesel, context: ['pesel'] },
];

/** Whether one of `words` appears in the 40 characters before `index`. */
export function namedBefore(text: string, index: number, words: readonly string[]): boolean {
  const before = text.slice(Math.max(0, index - 40), index).toLowerCase();
  return words.some((word) => new RegExp(`(?:^|[^\\p{L}])${word}(?:$|[^\\p{L}])`, 'u').test(before));
}
