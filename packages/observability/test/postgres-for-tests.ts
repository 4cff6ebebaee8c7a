/** PostgreSQL for tests: `POSTGRES_URL` (CI sets it); skipped with a message without it, failed with ORKIT_REQUIRE_POSTGRES=1. */
import pg from 'pg';

export async function postgresForTests(): Promise<{ url: string | undefined; skipReason: string }> {
  const url = process.env.POSTGRES_URL;
  const required = process.env.ORKIT_REQUIRE_POSTGRES === '1';
  const skip = (why: string) => {
    if (required) throw new Error(`ORKIT_REQUIRE_POSTGRES=1 but ${why}`);
    return { url: undefined, skipReason: `(skipped: ${why})` };
  };
  if (!url)
    return skip(
      'POSTGRES_URL is not set: set POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test to run these tests',
    );
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.end();
    return { url, skipReason: '' };
  } catch (error) {
    return skip(
      `PostgreSQL at POSTGRES_URL does not answer (${(error as Error).message}); start it to run these tests`,
    );
  }
}

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
