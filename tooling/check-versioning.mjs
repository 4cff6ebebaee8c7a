#!/usr/bin/env node
/**
 * A dry run of the next release's versioning: `changeset version` on a throwaway git worktree of HEAD, with the
 * changesets that are pending. It must finish without error, give every public package named by a changeset a new
 * version and a CHANGELOG entry, and keep the internal dependency ranges satisfied. The repository is not touched.
 *
 * Usage: node tooling/check-versioning.mjs
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (line) => process.stdout.write(`check-versioning: ${line}\n`);
const git = (args, cwd = root) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const manifests = (folder) =>
  Object.fromEntries(
    readdirSync(join(folder, 'packages'))
      .filter((name) => existsSync(join(folder, 'packages', name, 'package.json')))
      .map((name) => {
        const manifest = JSON.parse(readFileSync(join(folder, 'packages', name, 'package.json'), 'utf8'));
        return [manifest.name, manifest];
      }),
  );

const pending = readdirSync(join(root, '.changeset')).filter(
  (file) => file.endsWith('.md') && file !== 'README.md',
);
if (pending.length === 0) {
  say('no pending changesets: nothing to version');
  process.exit(0);
}
const named = new Set();
for (const file of pending) {
  const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(join(root, '.changeset', file), 'utf8'))?.[1] ?? '';
  for (const match of front.matchAll(/^['"]?([^'":]+)['"]?\s*:/gm)) named.add(match[1].trim());
}

const worktree = join(mkdtempSync(join(tmpdir(), 'orkit-versioning-')), 'tree');
git(['worktree', 'add', '--detach', worktree, 'HEAD']);
let failed = false;
try {
  // The pending changesets as they are now (committed or not), over the committed tree.
  for (const file of pending)
    execFileSync('cp', [join(root, '.changeset', file), join(worktree, '.changeset', file)]);
  const before = manifests(worktree);
  execFileSync(process.execPath, [join(root, 'node_modules/@changesets/cli/bin.js'), 'version'], {
    cwd: worktree,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const after = manifests(worktree);
  for (const [name, manifest] of Object.entries(after)) {
    if (manifest.private) continue;
    const bumped = manifest.version !== before[name]?.version;
    if (named.has(name) && !bumped) {
      failed = true;
      say(`FAILED: ${name} is named by a changeset but stayed at ${manifest.version}`);
    }
    if (bumped && !existsSync(join(worktree, 'packages', name.split('/')[1], 'CHANGELOG.md'))) {
      failed = true;
      say(`FAILED: ${name} was bumped without a CHANGELOG.md`);
    }
    if (bumped) say(`${name} ${before[name]?.version} -> ${manifest.version}`);
    for (const [dependency, range] of Object.entries({
      ...manifest.dependencies,
      ...manifest.peerDependencies,
    })) {
      const target = after[dependency];
      if (!target || String(range).startsWith('workspace:')) continue;
      failed = true;
      say(`FAILED: ${name} depends on ${dependency} as '${range}', not a workspace range`);
    }
  }
  const left = readdirSync(join(worktree, '.changeset')).filter(
    (file) => file.endsWith('.md') && file !== 'README.md',
  );
  if (left.length) {
    failed = true;
    say(`FAILED: changesets left after versioning: ${left.join(', ')}`);
  }
} catch (error) {
  failed = true;
  say(`FAILED: changeset version: ${error.stderr || error.message}`);
} finally {
  git(['worktree', 'remove', '--force', worktree]);
  rmSync(dirname(worktree), { recursive: true, force: true });
}
if (failed) process.exit(1);
say(
  `a version bump from ${pending.length} pending changesets works (dry run on a worktree; nothing changed here)`,
);
