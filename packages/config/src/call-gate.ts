import { AsyncLocalStorage } from 'node:async_hooks';

type GateStorage = AsyncLocalStorage<Promise<unknown>>;

// One storage per process, whatever copies of this package are installed: a layer from one copy opens the gate a
// layer from another copy passes.
const GATES = Symbol.for('orkit.call-gate');
const holder = globalThis as { [GATES]?: GateStorage };
const gates: GateStorage = holder[GATES] ?? new AsyncLocalStorage<Promise<unknown>>();
holder[GATES] = gates;

/**
 * Runs `call` with `until` as its gate: the call may start its side-effect-free work at once (a cache lookup),
 * and a layer below that must not go further before `until` settles (before anything is sent to the provider)
 * waits for it with {@link passCallGate}. Gates nest: an inner call waits for every gate above it.
 *
 * This is how a budget reservation and a cache lookup share one Redis round trip instead of taking two in turn.
 * Only gate a call when a layer below passes the gate (`buildAgentModel` puts one right above the model chain):
 * otherwise nothing waits for `until`.
 *
 * @example
 * const reserving = store.reserve(request);
 * const result = await gateCall(reserving, () => doGenerate());
 */
export function gateCall<T>(until: Promise<unknown>, call: () => T): T {
  const outer = gates.getStore();
  if (!outer) return gates.run(until, call);
  const both = Promise.all([outer, until]);
  // Its parts are handled where they came from; a call that never passes the gate leaves no unhandled rejection.
  both.catch(() => {});
  return gates.run(both, call);
}

/**
 * The gate the current call must wait for before it reaches a provider (see {@link gateCall}), or `undefined` when
 * it has none: a synchronous check, for a model wrapper that should cost nothing on calls without a gate.
 *
 * @example
 * const gate = callGate();
 * return gate ? gate.then(() => model.doGenerate(options)) : model.doGenerate(options);
 */
export function callGate(): Promise<unknown> | undefined {
  return gates.getStore();
}

/**
 * Waits for the gates of the layers above (see {@link gateCall}); rejects as the first of them does. Resolves at
 * once when the call has no gate.
 *
 * @example
 * const passGate: LanguageModelMiddleware = {
 *   specificationVersion: 'v4',
 *   wrapGenerate: async ({ doGenerate }) => { await passCallGate(); return doGenerate(); },
 * };
 */
export async function passCallGate(): Promise<void> {
  const gate = gates.getStore();
  if (gate) await gate;
}
