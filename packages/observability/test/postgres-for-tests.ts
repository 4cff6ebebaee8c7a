/** PostgreSQL for tests: `POSTGRES_URL` (CI sets it); skipped with a message without it, failed with ORKIT_REQUIRE_POSTGRES=1. */
export { postgresForTests, postgresSchema } from '@orkit/testing-mocks/vitest';
