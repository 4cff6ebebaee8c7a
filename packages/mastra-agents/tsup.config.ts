import { packageConfig } from '../../tooling/tsup.base.ts';

export default packageConfig({ entry: { index: 'src/index.ts', security: 'src/entry-security.ts' } });
