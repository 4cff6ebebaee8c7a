import { packageConfig } from '../../tooling/tsup.base.ts';

export default packageConfig({
  entry: {
    index: 'src/index.ts',
    tiers: 'src/entry-tiers.ts',
    usd: 'src/entry-usd.ts',
    tokens: 'src/entry-tokens.ts',
    'call-gate': 'src/entry-call-gate.ts',
    'part-pipe': 'src/entry-part-pipe.ts',
  },
});
