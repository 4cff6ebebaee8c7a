/**
 * Reserve, settle and release as PL/pgSQL functions: each is one statement, so one round trip and one implicit
 * transaction, instead of a dozen awaited queries. They take the reservation id's advisory lock (a late reserve and
 * its release never interleave) and lock the budgets' rows in key order (two calls never deadlock).
 */
export const POSTGRES_BUDGET_FUNCTIONS: readonly string[] = [
  `CREATE OR REPLACE FUNCTION orkit_budget_reserve(
     p_id TEXT, p_keys TEXT[], p_limits BIGINT[], p_expires BIGINT[], p_amount BIGINT, p_now BIGINT, p_ttl BIGINT)
   RETURNS TABLE (r_ok INTEGER, r_index INTEGER, r_spent BIGINT, r_reserved BIGINT)
   LANGUAGE plpgsql AS $$
   DECLARE
     i INTEGER;
     v_spent BIGINT;
     v_reserved BIGINT;
   BEGIN
     PERFORM pg_advisory_xact_lock(hashtext('orkit-budget:' || p_id));
     IF EXISTS (SELECT 1 FROM orkit_budget_finished f WHERE f.id = p_id) THEN
       RETURN QUERY SELECT 2, 0, 0::BIGINT, 0::BIGINT;
       RETURN;
     END IF;
     INSERT INTO orkit_budget_spend (budget_key, spent_pico, expires_at)
       SELECT k, 0, e FROM unnest(p_keys, p_expires) AS t(k, e) ORDER BY k
       ON CONFLICT DO NOTHING;
     PERFORM 1 FROM orkit_budget_spend s WHERE s.budget_key = ANY (p_keys) ORDER BY s.budget_key FOR UPDATE;
     FOR i IN 1 .. array_length(p_keys, 1) LOOP
       DELETE FROM orkit_budget_reservations r WHERE r.budget_key = p_keys[i] AND r.lease_until <= p_now;
       SELECT CASE WHEN s.expires_at > p_now THEN s.spent_pico ELSE 0 END INTO v_spent
         FROM orkit_budget_spend s WHERE s.budget_key = p_keys[i];
       SELECT COALESCE(SUM(r.amount_pico), 0) INTO v_reserved
         FROM orkit_budget_reservations r WHERE r.budget_key = p_keys[i] AND r.lease_until > p_now;
       IF v_spent + v_reserved + p_amount > p_limits[i] THEN
         RETURN QUERY SELECT 0, i, v_spent, v_reserved;
         RETURN;
       END IF;
     END LOOP;
     INSERT INTO orkit_budget_reservations (budget_key, id, amount_pico, lease_until)
       SELECT k, p_id, p_amount, p_now + p_ttl FROM unnest(p_keys) AS k
       ON CONFLICT DO NOTHING;
     RETURN QUERY SELECT 1, 0, 0::BIGINT, 0::BIGINT;
   END $$`,
  `CREATE OR REPLACE FUNCTION orkit_budget_settle(
     p_id TEXT, p_keys TEXT[], p_expires BIGINT[], p_actual BIGINT, p_now BIGINT, p_forget_after BIGINT)
   RETURNS TABLE (r_key TEXT, r_spent BIGINT)
   LANGUAGE plpgsql AS $$
   DECLARE
     v_first BOOLEAN;
   BEGIN
     PERFORM pg_advisory_xact_lock(hashtext('orkit-budget:' || p_id));
     INSERT INTO orkit_budget_finished (id, forget_after) VALUES (p_id, p_forget_after) ON CONFLICT (id) DO NOTHING;
     v_first := FOUND;
     DELETE FROM orkit_budget_reservations r WHERE r.id = p_id;
     IF v_first THEN
       INSERT INTO orkit_budget_spend AS s (budget_key, spent_pico, expires_at)
         SELECT k, p_actual, e FROM unnest(p_keys, p_expires) AS t(k, e) ORDER BY k
         ON CONFLICT (budget_key) DO UPDATE SET spent_pico = s.spent_pico + excluded.spent_pico;
       -- Now and then, forget ids past their memory and windows long over: the tables stay bounded.
       IF random() < 0.001 THEN
         DELETE FROM orkit_budget_finished f WHERE f.forget_after <= p_now;
         DELETE FROM orkit_budget_spend s WHERE s.expires_at <= p_now - 86400000;
       END IF;
     END IF;
     RETURN QUERY SELECT s.budget_key, CASE WHEN s.expires_at > p_now THEN s.spent_pico ELSE 0 END
       FROM orkit_budget_spend s WHERE s.budget_key = ANY (p_keys);
   END $$`,
  `CREATE OR REPLACE FUNCTION orkit_budget_release(p_id TEXT, p_forget_after BIGINT)
   RETURNS VOID
   LANGUAGE plpgsql AS $$
   BEGIN
     PERFORM pg_advisory_xact_lock(hashtext('orkit-budget:' || p_id));
     INSERT INTO orkit_budget_finished (id, forget_after) VALUES (p_id, p_forget_after) ON CONFLICT (id) DO NOTHING;
     DELETE FROM orkit_budget_reservations r WHERE r.id = p_id;
   END $$`,
];
