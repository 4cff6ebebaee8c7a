import { describe, expect, it } from 'vitest';
import { callGate, gateCall, passCallGate } from './call-gate.js';

/** A promise and the functions that settle it. */
function deferred() {
  let resolve: () => void = () => {};
  let reject: (error: Error) => void = () => {};
  const promise = new Promise<void>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

describe('call gates', () => {
  it('has no gate outside a gated call, and passing none waits for nothing', async () => {
    expect(callGate()).toBeUndefined();
    await passCallGate();
  });

  it('lets the call start at once and holds what passes the gate until every gate above has opened', async () => {
    const outer = deferred();
    const inner = deferred();
    const seen: string[] = [];
    const done = gateCall(outer.promise, () =>
      gateCall(inner.promise, async () => {
        seen.push('started');
        await passCallGate();
        seen.push('passed');
      }),
    );
    await Promise.resolve();
    expect(seen).toEqual(['started']);
    inner.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual(['started']);
    outer.resolve();
    await done;
    expect(seen).toEqual(['started', 'passed']);
  });

  it('rejects at the gate as the gate does, and a gate nobody passes leaves no unhandled rejection', async () => {
    const refused = deferred();
    refused.promise.catch(() => {}); // the layer that opened it handles its own refusal
    const passing = gateCall(refused.promise, () => passCallGate());
    refused.reject(new Error('over budget'));
    await expect(passing).rejects.toThrow('over budget');

    const outer = deferred();
    const inner = deferred();
    outer.promise.catch(() => {});
    inner.promise.catch(() => {});
    // A cache hit: the call ends without passing the (nested) gate, which is then refused.
    await gateCall(outer.promise, () => gateCall(inner.promise, async () => 'from the cache'));
    outer.reject(new Error('over budget'));
    await new Promise((resolve) => setImmediate(resolve));
  });
});
