/**
 * @module
 * Shared vitest settings. Workspace packages resolve to their `src/` so tests never need a build.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/** Aliases `@orkit/<name>` (and its subpaths) to the workspace sources. */
function workspaceAliases() {
  const aliases: Array<{ find: string | RegExp; replacement: string }> = [];
  for (const name of readdirSync(join(root, 'packages'))) {
    const src = join(root, 'packages', name, 'src');
    if (!existsSync(src)) continue;
    for (const file of readdirSync(src)) {
      const match = /^entry-(.+)\.ts$/.exec(file);
      if (match) aliases.push({ find: `@orkit/${name}/${match[1]}`, replacement: join(src, file) });
    }
    aliases.push({ find: new RegExp(`^@orkit/${name}$`), replacement: join(src, 'index.ts') });
  }
  return aliases;
}

export function packageTestConfig(test: ViteUserConfig['test'] = {}) {
  return defineConfig({
    resolve: { alias: workspaceAliases() },
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      typecheck: { enabled: true, include: ['src/**/*.test-d.ts'] },
      // A guard against hangs, not a speed check: a loaded machine must not fail a correct test.
      testTimeout: process.env.ORKIT_SLOW === '1' ? 600_000 : 60_000,
      ...test,
    },
  });
}
