/**
 * @module
 * Call gates alone: lets a layer start a call while its own precondition (a budget reservation) is in flight, and
 * a layer further down wait for it before anything reaches the provider. No provider, no zod, nothing to load.
 */
export { callGate, gateCall, passCallGate } from './call-gate.js';
