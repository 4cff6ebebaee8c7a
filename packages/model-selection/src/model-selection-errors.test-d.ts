import { expectTypeOf, test } from 'vitest';
import { NoAffordableModelError, UnknownModelError } from './model-selection-errors.js';

test('isInstance narrows to the class it is called on', () => {
  const error: unknown = undefined;
  if (UnknownModelError.isInstance(error)) expectTypeOf(error.suggestions).toEqualTypeOf<readonly string[]>();
  if (NoAffordableModelError.isInstance(error)) expectTypeOf(error).toEqualTypeOf<NoAffordableModelError>();
});
