import { expectTypeOf, test } from 'vitest';
import {
  CircuitOpenError,
  IncompleteStreamError,
  MidStreamError,
  ResilienceError,
} from './resilience-errors.js';

test('isInstance narrows to the class it is called on', () => {
  const error: unknown = undefined;
  if (CircuitOpenError.isInstance(error)) expectTypeOf(error.retryAfterMs).toEqualTypeOf<number>();
  if (MidStreamError.isInstance(error)) expectTypeOf(error.partialText).toEqualTypeOf<string>();
  if (IncompleteStreamError.isInstance(error)) expectTypeOf(error.sawContent).toEqualTypeOf<boolean>();
  if (ResilienceError.isInstance(error)) expectTypeOf(error.model).toEqualTypeOf<string>();
});
