import { packageConfig } from '../../tooling/tsup.base.ts';

export default packageConfig({ entry: ['src/index.ts'] });
