/**
 * The budget tables both SQL stores share: spend per budget key and window, live reservations, ids already
 * settled or released (so a late duplicate changes nothing), and alerts already sent.
 */
export function budgetSchema(bigint: string): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS orkit_budget_spend (
      budget_key TEXT PRIMARY KEY,
      spent_pico ${bigint} NOT NULL,
      expires_at ${bigint} NOT NULL
    )`,
    `CREATE TABLE IF NOT EXISTS orkit_budget_reservations (
      budget_key TEXT NOT NULL,
      id TEXT NOT NULL,
      amount_pico ${bigint} NOT NULL,
      lease_until ${bigint} NOT NULL,
      PRIMARY KEY (budget_key, id)
    )`,
    'CREATE INDEX IF NOT EXISTS orkit_budget_reservations_id ON orkit_budget_reservations (id)',
    `CREATE TABLE IF NOT EXISTS orkit_budget_finished (
      id TEXT PRIMARY KEY,
      forget_after ${bigint} NOT NULL
    )`,
    `CREATE TABLE IF NOT EXISTS orkit_budget_alerts (
      budget_key TEXT NOT NULL,
      threshold TEXT NOT NULL,
      expires_at ${bigint} NOT NULL,
      PRIMARY KEY (budget_key, threshold)
    )`,
  ];
}
