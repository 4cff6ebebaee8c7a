import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { BudgetLimit } from '@orkit/observability';
import { z } from 'zod';

/** An API key as stored: its SHA-256 (hex), never the key itself. */
const storedKey = z.object({
  /** A name for the key, for logs and revocation (never secret). */
  id: z.string().min(1).max(100),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters (run `pnpm hash-key <key>`)'),
  revoked: z.boolean().default(false),
});

const usd = z.union([
  z.number().positive(),
  z.string().regex(/^\d+(\.\d+)?$/, 'must be a decimal number of USD'),
]);

const tenantSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be 1 to 64 lowercase letters, digits, - or _'),
  keys: z.array(storedKey).min(1, 'needs at least one key'),
  /** Spend limits of this tenant, per calendar window. */
  budgets: z.array(z.object({ window: z.enum(['daily', 'weekly', 'monthly']), usd })).default([]),
  /** Requests this tenant may start per window, across every replica. */
  rateLimit: z
    .object({ requests: z.number().int().positive(), windowMs: z.number().int().positive().default(60_000) })
    .optional(),
  /** The agents this tenant may call; default: all. */
  agents: z.array(z.string().min(1)).optional(),
});

const tenantsFileSchema = z.object({ tenants: z.array(tenantSchema).min(1, 'needs at least one tenant') });

/** One tenant: its hashed keys, budgets and rate limit. */
export type Tenant = z.output<typeof tenantSchema>;
/** What a tenants file holds (keys hashed). */
export type TenantsFile = z.input<typeof tenantsFileSchema>;

/** The tenants file (or object) is not valid; the message names the field and the fix. */
export class TenantsConfigError extends Error {
  override readonly name = 'TenantsConfigError';
}

/**
 * The SHA-256 of an API key, as a tenants file stores it.
 *
 * @example
 * hashKey('sk-acme-1') // '5b4c…'
 */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The answer to an API key. */
export type Authentication =
  | { readonly ok: true; readonly tenant: Tenant; readonly keyId: string }
  | { readonly ok: false; readonly reason: 'missing' | 'unknown' | 'revoked' };

/** The tenants a service knows, looked up by key hash. */
export interface TenantDirectory {
  readonly tenants: readonly Tenant[];
  authenticate(key: string | undefined): Authentication;
  /** Every tenant's budgets, as `budgetMiddleware` limits (scope `tenant`, one value each). */
  budgetLimits(): BudgetLimit[];
}

/**
 * Validates tenants (from a file's JSON or an object) and indexes their keys by hash. Duplicate tenant ids and a
 * key hash given to two tenants are refused: a key must name exactly one tenant.
 *
 * @example
 * const directory = createTenantDirectory(JSON.parse(readFileSync('tenants.json', 'utf8')));
 * directory.authenticate(request.headers.get('x-api-key') ?? undefined);
 */
export function createTenantDirectory(input: unknown, source = 'tenants'): TenantDirectory {
  const parsed = tenantsFileSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(top level)';
    throw new TenantsConfigError(
      `${source}: ${where} ${issue?.message ?? 'is invalid'}. Expected { "tenants": [{ "id", "keys": [{ "id", "sha256" }], "budgets"?, "rateLimit"?, "agents"? }] }.`,
    );
  }
  const byHash = new Map<string, { tenant: Tenant; keyId: string; revoked: boolean }>();
  const ids = new Set<string>();
  for (const tenant of parsed.data.tenants) {
    if (ids.has(tenant.id)) throw new TenantsConfigError(`${source}: tenant '${tenant.id}' is listed twice.`);
    ids.add(tenant.id);
    for (const key of tenant.keys) {
      const other = byHash.get(key.sha256);
      if (other)
        throw new TenantsConfigError(
          `${source}: key '${key.id}' of tenant '${tenant.id}' has the same hash as key '${other.keyId}' of tenant '${other.tenant.id}'; give each key to one tenant.`,
        );
      byHash.set(key.sha256, { tenant, keyId: key.id, revoked: key.revoked });
    }
  }
  const tenants = parsed.data.tenants;
  return {
    tenants,
    authenticate(key) {
      if (!key) return { ok: false, reason: 'missing' };
      const found = byHash.get(hashKey(key));
      if (!found) return { ok: false, reason: 'unknown' };
      if (found.revoked) return { ok: false, reason: 'revoked' };
      return { ok: true, tenant: found.tenant, keyId: found.keyId };
    },
    budgetLimits() {
      return tenants.flatMap((tenant) =>
        tenant.budgets.map(
          (budget): BudgetLimit => ({
            scope: 'tenant',
            value: tenant.id,
            window: budget.window,
            usd: budget.usd,
          }),
        ),
      );
    },
  };
}

/**
 * Reads a tenants file (JSON). A missing or unreadable file, bad JSON and invalid tenants each get a
 * {@link TenantsConfigError} that names the file.
 *
 * @example
 * const directory = loadTenantsFile(process.env.ORKIT_TENANTS_FILE ?? 'tenants.json');
 */
export function loadTenantsFile(path: string): TenantDirectory {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new TenantsConfigError(
      `Cannot read the tenants file ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Set ORKIT_TENANTS_FILE to a JSON file of tenants; see the service README.`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TenantsConfigError(`The tenants file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return createTenantDirectory(json, path);
}
