/**
 * Exact money, one representation for the whole of orkit: an amount is a `bigint` of picodollars (10^-12 USD).
 * Every OpenRouter price has at most 12 decimals and token counts are integers, so every cost is exact and sums
 * never drift. At rest and on the wire (records, events, JSON) an amount is its exact decimal string
 * (`formatUsd`), which `JSON.stringify` handles and a person can read; floats only where a number is shown.
 */
const DECIMALS = 12;
const SCALE = 10n ** 12n;
const DECIMAL = /^(-)?(\d+)(?:\.(\d*))?$/;
const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);

/** Picodollars per US dollar (10^12). */
export const PICO_PER_USD = SCALE;

/** Thrown for a value that is not an amount of money; the message says what an amount looks like. */
export class UsdFormatError extends TypeError {
  override readonly name = 'UsdFormatError';
}

/**
 * Parses an amount of USD (a decimal string such as `"0.0000025"`, or a finite number, read as the decimal it
 * prints as) into picodollars. Digits past the 12th decimal round up, so a cost is never undercounted.
 *
 * @example
 * parseUsd('0.000003'); // 3000000n
 * parseUsd(0.1) + parseUsd(0.2) === parseUsd('0.3'); // true
 */
export function parseUsd(value: string | number | bigint): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value !== 'number' && typeof value !== 'string')
    throw new UsdFormatError(
      `Not an amount of USD: ${value === null ? 'null' : typeof value}. Write a decimal such as "0.25" or 0.000003.`,
    );
  if (typeof value === 'number') {
    // Fast path for the amounts calls carry (under $1000): when the whole picodollars nearest to the number come
    // back as exactly this number, it prints with at most 12 decimals (below 1000 two such amounts are never the
    // same double), so it is exactly that many picodollars. Anything else takes the decimal path.
    const nearest = Math.round(value * 1e12);
    if (value >= 0 && value < 1_000 && nearest / 1e12 === value) return BigInt(nearest);
  }
  const text = typeof value === 'number' ? numberText(value) : value.trim();
  const match = DECIMAL.exec(text);
  if (!match)
    throw new UsdFormatError(
      `Not an amount of USD: '${String(value).slice(0, 40)}'. Write a decimal such as "0.25" or 0.000003.`,
    );
  const [, minus, whole = '0', fraction = ''] = match;
  let amount = BigInt(whole) * SCALE + BigInt(fraction.slice(0, DECIMALS).padEnd(DECIMALS, '0'));
  if (/[1-9]/.test(fraction.slice(DECIMALS))) amount += 1n;
  return minus ? -amount : amount;
}

/** A finite number as a plain decimal (no exponent), as short as it prints. */
function numberText(value: number): string {
  if (!Number.isFinite(value))
    throw new UsdFormatError(`Not an amount of USD: ${value}. Amounts are finite numbers.`);
  const text = String(value);
  if (!/e/i.test(text)) return text;
  // 1e-7 and 1.5e+21 print with an exponent: widen to plain digits, rounding past the last picodollar up.
  return value.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

/**
 * Formats picodollars as an exact decimal string (no exponent, no trailing zeros).
 *
 * @example
 * formatUsd(3830000000n); // '0.00383'
 */
export function formatUsd(pico: bigint): string {
  if (pico >= 0n && pico <= MAX_EXACT) {
    // Fast path in doubles, exact below 2^53 picodollars ($9,007).
    const value = Number(pico);
    const fraction = value % 1e12;
    const whole = (value - fraction) / 1e12;
    if (fraction === 0) return String(whole);
    return `${whole}.${String(fraction).padStart(DECIMALS, '0').replace(/0+$/, '')}`;
  }
  const negative = pico < 0n;
  const magnitude = negative ? -pico : pico;
  const fraction = (magnitude % SCALE).toString().padStart(DECIMALS, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${magnitude / SCALE}${fraction ? `.${fraction}` : ''}`;
}

/**
 * The nearest JS number to an amount, for showing it to a person. Keep sums in `bigint`.
 *
 * @example
 * usdToNumber(3830000000n); // 0.00383
 */
export function usdToNumber(pico: bigint | string): number {
  return Number(typeof pico === 'string' ? pico : formatUsd(pico));
}

/**
 * The exact sum of amounts given as decimal strings (records' `costUsd`), as a decimal string.
 *
 * @example
 * sumUsd([0.1, 0.2]); // '0.3' (adding the floats gives 0.30000000000000004)
 */
export function sumUsd(amounts: Iterable<string | number | bigint>): string {
  let total = 0n;
  for (const amount of amounts) total += parseUsd(amount);
  return formatUsd(total);
}
