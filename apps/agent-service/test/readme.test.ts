/** The README's TypeScript example runs as written (from a file at the app's root, as a user's copy would). */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const app = fileURLToPath(new URL('..', import.meta.url));

it('the README example serves a custom agent and answers one call', () => {
  const readme = readFileSync(join(app, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] as string);
  expect(blocks).toHaveLength(1);
  const file = join(app, `readme-example-${process.pid}.ts`);
  writeFileSync(file, blocks[0] as string);
  try {
    const typecheck = spawnSync(
      process.execPath,
      [
        join(app, '../../node_modules/typescript/bin/tsc'),
        '--noEmit',
        '--strict',
        '--module',
        'nodenext',
        '--target',
        'es2023',
        '--skipLibCheck',
        file,
      ],
      { cwd: app, encoding: 'utf8', timeout: 120_000 },
    );
    expect(typecheck.stdout + typecheck.stderr).toBe('');
    const run = spawnSync(
      process.execPath,
      ['--disable-warning=ExperimentalWarning', '--import', 'tsx', file],
      {
        cwd: app,
        env: { PATH: process.env.PATH },
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^200 Simulated answer .* 0\.\d+\n$/);
  } finally {
    rmSync(file, { force: true });
    rmSync(join(app, '.orkit/example-ledger.db'), { force: true });
    for (const suffix of ['-wal', '-shm'])
      rmSync(join(app, `.orkit/example-ledger.db${suffix}`), { force: true });
  }
});
