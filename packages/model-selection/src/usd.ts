/**
 * Exact money: USD as integers of 10^-18 USD (attodollars). Prices are decimal strings with at most 18
 * decimals, token counts are integers, so every cost is exact and sums never drift.
 */
const DECIMALS = 18;
const SCALE = 10n ** 18n;

/**
 * Parses a decimal USD string such as `"0.0000025"` into attodollars.
 *
 * @example
 * parseUsd('0.000003'); // 3000000000000n
 */
export function parseUsd(value: string): bigint {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) throw new TypeError(`Not a decimal USD amount: '${value}'. Prices look like "0.000003".`);
  const [, whole = '0', fraction = ''] = match;
  if (fraction.length > DECIMALS) throw new RangeError(`'${value}' has more than ${DECIMALS} decimals.`);
  return BigInt(whole) * SCALE + BigInt(fraction.padEnd(DECIMALS, '0'));
}

/**
 * Formats attodollars as an exact decimal string.
 *
 * @example
 * formatUsd(3830000000000000n); // '0.00383'
 */
export function formatUsd(value: bigint): string {
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const fraction = (magnitude % SCALE).toString().padStart(DECIMALS, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${magnitude / SCALE}${fraction ? `.${fraction}` : ''}`;
}

/**
 * The nearest JS number to an amount of attodollars (for display and JSON; keep sums in bigint).
 *
 * @example
 * usdToNumber(3830000000000000n); // 0.00383
 */
export function usdToNumber(value: bigint): number {
  return Number(formatUsd(value));
}

/**
 * Attodollars for a JS number of USD, exact for the decimal the number prints as.
 *
 * @example
 * usdFromNumber(0.00383); // 3830000000000000n
 */
export function usdFromNumber(value: number): bigint {
  if (!Number.isFinite(value)) throw new RangeError(`Not a finite USD amount: ${value}`);
  const negative = value < 0;
  const text = Math.abs(value).toFixed(DECIMALS);
  const amount = parseUsd(text);
  return negative ? -amount : amount;
}
