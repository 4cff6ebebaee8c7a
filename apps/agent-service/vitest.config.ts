import { packageTestConfig } from '../../tooling/vitest.base.ts';

export default packageTestConfig();
