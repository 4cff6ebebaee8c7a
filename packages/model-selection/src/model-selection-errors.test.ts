import { describe, expect, it } from 'vitest';
import {
  ModelSelectionError,
  NoAffordableModelError,
  NoCapableModelError,
  RoutingOptionsError,
  UnknownModelError,
} from './model-selection-errors.js';

describe('isInstance', () => {
  const errors = [
    new UnknownModelError('acme/x', []),
    new NoAffordableModelError(0.001, undefined),
    new NoCapableModelError([]),
    new RoutingOptionsError(['provider.sort: unknown']),
  ];
  const classes = [UnknownModelError, NoAffordableModelError, NoCapableModelError, RoutingOptionsError];

  it('matches its own class only, never a sibling; the base matches all', () => {
    for (const [row, error] of errors.entries()) {
      expect(ModelSelectionError.isInstance(error)).toBe(true);
      expect(classes.map((type) => type.isInstance(error))).toEqual(
        classes.map((_, column) => column === row),
      );
    }
    expect(UnknownModelError.isInstance(new Error('UnknownModelError'))).toBe(false);
    expect(UnknownModelError.isInstance({ name: 'UnknownModelError' })).toBe(false);
    expect(ModelSelectionError.isInstance(null)).toBe(false);
  });
});
