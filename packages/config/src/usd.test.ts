import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatUsd, parseUsd, sumUsd, UsdFormatError, usdToNumber } from './usd.js';

describe('the money type', () => {
  it('reads decimals and numbers exactly, as the decimal a number prints as', () => {
    expect(parseUsd('0.000003')).toBe(3_000_000n);
    expect(parseUsd(0.1) + parseUsd(0.2)).toBe(parseUsd('0.3'));
    expect(parseUsd(1e-7)).toBe(100_000n);
    expect(parseUsd('12')).toBe(12_000_000_000_000n);
    expect(parseUsd('-0.5')).toBe(-500_000_000_000n);
    expect(parseUsd(25)).toBe(25_000_000_000_000n);
  });

  it('reads a number exactly as the decimal it prints as (the fast path agrees with the decimal reading)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 2_000, noNaN: true }), (value) => {
        const printed = String(value);
        fc.pre(!/e/i.test(printed));
        expect(parseUsd(value)).toBe(parseUsd(printed));
      }),
      { numRuns: 20_000 },
    );
    // Found by the property above: 14 decimals, where value * 1e12 rounds away the digits past the picodollar.
    expect(parseUsd(487.61289394551403)).toBe(parseUsd('487.61289394551403'));
    expect(parseUsd(0.000000000001000001)).toBe(2n);
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), (pico) => {
        // Every amount a number can carry with at most 12 decimals comes back to the picodollar.
        expect(parseUsd(Number(formatUsd(pico)))).toBe(pico);
      }),
    );
  });

  it('rounds digits past the picodollar up, never down', () => {
    expect(parseUsd('0.0000000000001')).toBe(1n);
    expect(parseUsd('0.0000000000010')).toBe(1n);
    expect(parseUsd('0.0000000000019')).toBe(2n);
  });

  it('refuses what is not an amount, saying what one looks like', () => {
    for (const bad of ['', 'abc', '1e-3', '$5', '1,5', Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => parseUsd(bad as string)).toThrow(UsdFormatError);
    expect(() => parseUsd('five')).toThrow('Write a decimal such as "0.25"');
  });

  it('formats and parses back to the same amount, and sums exactly where floats drift', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), (pico) => {
        expect(parseUsd(formatUsd(pico))).toBe(pico);
      }),
    );
    expect(sumUsd(['0.001146', '0.001146'])).toBe('0.002292');
    expect(sumUsd([0.1, 0.2])).toBe('0.3');
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(formatUsd(3_830_000_000n)).toBe('0.00383');
    expect(usdToNumber('0.00383')).toBe(0.00383);
  });

  it('sums many amounts exactly against an independent reference (integers of 10^-12 written as decimals)', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: 10n ** 15n }), { maxLength: 200 }), (amounts) => {
        const decimals = amounts.map((pico) => {
          const text = pico.toString().padStart(13, '0');
          return `${text.slice(0, -12)}.${text.slice(-12)}`;
        });
        expect(parseUsd(sumUsd(decimals))).toBe(amounts.reduce((sum, pico) => sum + pico, 0n));
      }),
    );
  });
});
