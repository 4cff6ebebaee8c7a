import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NAMED_PERSONA, namedPersona } from './text-signals.js';

describe('the persona named in capitals', () => {
  it('is found before words in capitals exactly where the pattern over the whole text finds it', () => {
    const piece = fc.constantFrom(
      'act as ',
      'Acting into ',
      'you are ',
      'in character to be ',
      'the ',
      'an ',
      '"',
      '“',
      'VIOLET',
      'API',
      'DAN_2',
      ' ',
      '\n\n  ',
      'react as ',
      'x',
      'I am ',
      'Continue as ',
      '.',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 25 }), (pieces) => {
        const text = pieces.join('');
        const expected = NAMED_PERSONA.exec(text);
        const [found] = namedPersona(text);
        expect(found ? [found.start, found.end] : undefined).toEqual(
          expected ? [expected.index, expected.index + expected[0].length] : undefined,
        );
      }),
      { numRuns: 5_000 },
    );
  });
});
