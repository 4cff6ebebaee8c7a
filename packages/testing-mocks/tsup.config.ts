import { packageConfig } from '../../tooling/tsup.base.ts';

export default packageConfig({
  entry: { index: 'src/index.ts', vitest: 'src/entry-vitest.ts', cli: 'src/cli.ts' },
});
