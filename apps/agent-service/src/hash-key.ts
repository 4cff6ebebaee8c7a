/**
 * `pnpm --filter @orkit/agent-service hash-key [key]`: prints a new random API key (or hashes the one given) and
 * the SHA-256 a tenants file stores for it. The key itself is shown once and stored nowhere.
 */
import { randomBytes } from 'node:crypto';
import { hashKey } from './tenants.js';

const given = process.argv[2];
const key = given ?? `ork_${randomBytes(24).toString('base64url')}`;
if (given !== undefined && given.length < 16) {
  process.stderr.write(
    'hash-key: a key shorter than 16 characters is too easy to guess; omit it to get a random one.\n',
  );
  process.exit(2);
}
process.stdout.write(
  `${given ? '' : `key:    ${key}   (give this to the tenant; it is not stored)\n`}sha256: ${hashKey(key)}\n`,
);
