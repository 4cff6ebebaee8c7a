/**
 * The memory store reclaims idle keys: with per-tenant or per-user keys, memory follows the keys in use, not
 * every key ever seen. (The 10^6-key soak with heap figures is in the benchmarks.)
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from './memory-store.js';
import { DEFAULT_BREAKER_POLICY } from './resilience-options.js';

const requests = { limit: 5, windowMs: 60_000 };
const tokens = { limit: 10_000, windowMs: 60_000, estimate: 100 };
const breaker = { ...DEFAULT_BREAKER_POLICY, windowMs: 60_000 };

describe('the memory store', () => {
  it('drops every idle key once its window has passed, at a constant cost per call', () => {
    const store = createMemoryStore();
    for (let user = 0; user < 30_000; user += 1) {
      const key = `user-${user}`;
      store.admit({ key, now: user % 1_000, ticket: `t${user}`, requests, tokens, breaker });
      store.settle({ key, now: user % 1_000, ticket: `t${user}`, probe: false, outcome: 'success', breaker });
    }
    expect(store.size()).toEqual({ requestWindows: 30_000, tokenWindows: 30_000, circuits: 30_000 });
    // A minute later one busy key keeps calling: the sweep walks the idle ones away.
    for (let call = 0; call < 20_000; call += 1)
      store.admit({
        key: 'busy',
        now: 61_000 + call,
        ticket: `b${call}`,
        requests: { limit: 1e9, windowMs: 60_000 },
      });
    expect(store.size()).toEqual({ requestWindows: 1, tokenWindows: 0, circuits: 0 });
  });

  it('never drops a key still in use: its limit and its open circuit hold', () => {
    const store = createMemoryStore();
    for (let call = 0; call < 5; call += 1)
      expect(store.admit({ key: 'kept', now: call, ticket: `k${call}`, requests })).toMatchObject({
        ok: true,
      });
    const open = { ...breaker, threshold: 1, openMs: 600_000 };
    store.admit({ key: 'broken', now: 0, ticket: 'x', breaker: open });
    store.settle({ key: 'broken', now: 0, ticket: 'x', probe: false, outcome: 'failure', breaker: open });
    // Many other keys come and go while both are still within their windows.
    for (let other = 0; other < 10_000; other += 1)
      store.admit({
        key: `other-${other}`,
        now: 1_000 + other,
        ticket: `o${other}`,
        requests: { limit: 1, windowMs: 1 },
      });
    expect(store.admit({ key: 'kept', now: 59_000, ticket: 'k6', requests })).toMatchObject({
      ok: false,
      reason: 'requests',
    });
    expect(store.admit({ key: 'broken', now: 300_000, ticket: 'y', breaker: open })).toMatchObject({
      ok: false,
      reason: 'circuit-open',
    });
  });
});
