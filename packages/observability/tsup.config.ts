import { packageConfig } from '../../tooling/tsup.base.ts';

export default packageConfig({
  entry: {
    index: 'src/index.ts',
    redis: 'src/entry-redis.ts',
    sqlite: 'src/entry-sqlite.ts',
    postgres: 'src/entry-postgres.ts',
  },
});
