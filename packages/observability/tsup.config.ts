import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { packageConfig } from '../../tooling/tsup.base.ts';

const require = createRequire(import.meta.url);

/** The dashboard's page ships in `dist/dashboard-page/` with uPlot's built files (MIT, license beside them). */
async function copyDashboardPage(): Promise<void> {
  const target = 'dist/dashboard-page';
  await mkdir(target, { recursive: true });
  for (const name of ['index.html', 'dashboard.js', 'dashboard.css'])
    await copyFile(`dashboard-page/${name}`, `${target}/${name}`);
  for (const name of ['uPlot.iife.min.js', 'uPlot.min.css'])
    await copyFile(require.resolve(`uplot/dist/${name}`), `${target}/${name}`);
  await copyFile(require.resolve('uplot/LICENSE'), `${target}/uPlot.LICENSE`);
}

export default packageConfig({
  entry: {
    index: 'src/index.ts',
    redis: 'src/entry-redis.ts',
    sqlite: 'src/entry-sqlite.ts',
    postgres: 'src/entry-postgres.ts',
    dashboard: 'src/entry-dashboard.ts',
  },
  onSuccess: copyDashboardPage,
});
