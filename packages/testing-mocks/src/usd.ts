/**
 * Exact money for the simulator: USD amounts as integers of 10^-18 USD (attodollars), so summing a million
 * charges drifts by nothing. Floats appear only where OpenRouter's JSON has them (`usage.cost`).
 *
 * `@orkit/model-selection` has its own copy on purpose: the simulator is the oracle the product's cost code is
 * tested against, and an oracle that shared that code would agree with its bugs. It also keeps this package free
 * of runtime dependencies on the product.
 */
const DECIMALS = 18;
const SCALE = 10n ** BigInt(DECIMALS);

/** Parses a decimal USD string such as `"0.0000025"` into attodollars. Throws on anything else. */
export function parseUsd(value: string): bigint {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) throw new TypeError(`Not a decimal USD amount: '${value}'. Write prices like "0.000003".`);
  const [, whole = '0', fraction = ''] = match;
  if (fraction.length > DECIMALS) throw new RangeError(`'${value}' has more than ${DECIMALS} decimals.`);
  return BigInt(whole) * SCALE + BigInt(fraction.padEnd(DECIMALS, '0'));
}

/** Formats attodollars as an exact decimal string (no exponent, no trailing zeros). */
export function formatUsd(value: bigint): string {
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const whole = magnitude / SCALE;
  const fraction = (magnitude % SCALE).toString().padStart(DECIMALS, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** The nearest JS number, as OpenRouter puts it in `usage.cost`. */
export function usdToNumber(value: bigint): number {
  return Number(formatUsd(value));
}
