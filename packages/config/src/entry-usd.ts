/**
 * @module
 * orkit's one money type alone (bigint picodollars, exact decimal strings): no provider, no zod, nothing to load.
 */
export { formatUsd, PICO_PER_USD, parseUsd, sumUsd, UsdFormatError, usdToNumber } from './usd.js';
