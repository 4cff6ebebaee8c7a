/** PostgreSQL for tests: `POSTGRES_URL` (CI sets it); skipped with a message without it, failed with ORKIT_REQUIRE_POSTGRES=1. */
import pg from 'pg';

export { postgresForTests } from '@orkit/testing-mocks/vitest';

/** A fresh schema per test file, so files running at once never see each other's rows. */
export async function postgresSchema(url: string, name: string): Promise<string> {
  const schema = `orkit_test_${name}_${process.pid}_${Date.now().toString(36)}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.end();
  const withSchema = new URL(url);
  withSchema.searchParams.set('options', `-c search_path=${schema}`);
  return withSchema.toString();
}
