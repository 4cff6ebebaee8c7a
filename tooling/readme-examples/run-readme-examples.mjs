#!/usr/bin/env node
/**
 * Every TypeScript example in every README, as a user meets it: the packages packed into tarballs, installed with
 * plain npm into a fresh project outside the workspace, each example compiled with strict TypeScript (NodeNext
 * and bundler resolution) and run against the OpenRouter simulator CLI from the installed `@orkit/testing-mocks`.
 * An example that needs Redis or PostgreSQL gets `REDIS_URL` / `DATABASE_URL` (from `POSTGRES_URL`), or is skipped
 * with a message when they are not set. Examples that import vitest run under vitest.
 *
 * Usage: node tooling/readme-examples/run-readme-examples.mjs [--keep] [--reuse <dir kept before>]   (after `pnpm build`)
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const keep = process.argv.includes('--keep');
// --reuse: a project kept by an earlier run, already installed (for editing READMEs quickly).
const reuse = process.argv.includes('--reuse')
  ? process.argv[process.argv.indexOf('--reuse') + 1]
  : undefined;
const work = reuse ?? mkdtempSync(join(tmpdir(), 'orkit-readme-examples-'));
const tarballs = join(work, 'tarballs');
const project = join(work, 'project');
// npm and the examples run on the Node that runs this script (Node 22 from the repo), whatever the machine has.
const env = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}` };
const say = (line) => process.stdout.write(`readme-examples: ${line}\n`);
const run = (command, args, options = {}) =>
  execFileSync(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...options });

const packages = readdirSync(join(root, 'packages')).filter((name) => {
  const file = join(root, 'packages', name, 'package.json');
  return existsSync(file) && !JSON.parse(readFileSync(file, 'utf8')).private;
});

// 1. Pack every publishable package (pnpm rewrites workspace: ranges to versions).
if (!reuse) {
  mkdirSync(tarballs);
  mkdirSync(project);
  // The pnpm that runs this script (a JS file or pnpm's own executable), else pnpm through npx.
  const execpath = process.env.npm_execpath ?? '';
  const pnpm = !/pnpm/.test(execpath)
    ? ['npx', '-y', 'pnpm@12.21.0']
    : /\.[cm]?js$/.test(execpath)
      ? [process.execPath, execpath]
      : [execpath];
  for (const name of packages)
    run(pnpm[0], [...pnpm.slice(1), 'pack', '--pack-destination', tarballs], {
      cwd: join(root, 'packages', name),
    });
  say(`packed ${packages.length} packages into ${relative(root, tarballs) || tarballs}`);

  // 2. A fresh project outside the workspace, installed with plain npm.
  const versionOf = (name) => {
    for (const folder of [
      'packages/mastra-agents',
      'packages/observability',
      'packages/testing-mocks',
      'packages/config',
      '.',
    ]) {
      const manifest = JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8'));
      const version = manifest.devDependencies?.[name] ?? manifest.dependencies?.[name];
      if (version && !version.startsWith('workspace:')) return version;
    }
    throw new Error(`no version of ${name} in the workspace manifests`);
  };
  const dependencies = Object.fromEntries(
    readdirSync(tarballs).map((file) => [
      `@orkit/${file.replace(/^orkit-/, '').replace(/-\d+\.\d+\.\d+.*\.tgz$/, '')}`,
      `file:${join(tarballs, file)}`,
    ]),
  );
  for (const name of [
    'ai',
    '@openrouter/ai-sdk-provider',
    '@mastra/core',
    'zod',
    'ioredis',
    'pg',
    '@opentelemetry/sdk-trace',
    '@opentelemetry/exporter-trace-otlp-http',
  ])
    dependencies[name] = versionOf(name);
  const devDependencies = Object.fromEntries(
    ['typescript', '@types/node', '@types/pg', 'vitest'].map((name) => [name, versionOf(name)]),
  );
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify(
      { name: 'readme-examples', private: true, type: 'module', dependencies, devDependencies },
      null,
      2,
    ),
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: project });
  say('installed the tarballs with npm');
}
for (const file of readdirSync(project)) if (/\.ts$/.test(file)) rmSync(join(project, file));
rmSync(join(project, 'out'), { recursive: true, force: true });

// 3. The examples: every ```ts block of the root README and of each package's README.
const readmes = ['README.md', ...packages.map((name) => `packages/${name}/README.md`)];
const examples = [];
for (const readme of readmes) {
  const text = readFileSync(join(root, readme), 'utf8');
  const blocks = [...text.matchAll(/^```ts\n([\s\S]*?)^```/gm)].map((match) => match[1]);
  blocks.forEach((code, index) => {
    const base = `${readme === 'README.md' ? 'root' : readme.split('/')[1]}-${index + 1}`;
    const test = /from 'vitest'/.test(code);
    const file = `${base}${test ? '.test' : ''}.ts`;
    writeFileSync(join(project, file), code);
    examples.push({ readme, index: index + 1, file, code, test });
  });
}
say(`${examples.length} examples from ${readmes.length} READMEs`);

// 4. Strict TypeScript, both resolutions users configure.
const compilerOptions = {
  strict: true,
  target: 'ES2023',
  lib: ['ES2023', 'DOM'],
  types: ['node'],
  skipLibCheck: true,
  noUncheckedIndexedAccess: true,
};
const configs = {
  'tsconfig.nodenext.json': {
    ...compilerOptions,
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    outDir: 'out',
  },
  'tsconfig.bundler.json': {
    ...compilerOptions,
    module: 'ESNext',
    moduleResolution: 'Bundler',
    noEmit: true,
  },
};
let failed = 0;
for (const [file, options] of Object.entries(configs)) {
  writeFileSync(
    join(project, file),
    JSON.stringify({ compilerOptions: options, include: ['*.ts'] }, null, 2),
  );
  try {
    run(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '-p', file], { cwd: project });
    say(`compiled with ${file}`);
  } catch (error) {
    failed += 1;
    say(`FAILED to compile with ${file}:\n${error.stdout}${error.stderr}`);
  }
}

// 5. Run each against the simulator CLI of the installed testing-mocks.
const simulator = spawn(
  process.execPath,
  [join(project, 'node_modules/@orkit/testing-mocks/dist/cli.js'), '--port', '0'],
  {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const { baseURL, apiKey } = await new Promise((resolve, reject) => {
  let seen = '';
  simulator.on('exit', (code) =>
    reject(new Error(`the simulator exited (${code}) before listening: ${seen}`)),
  );
  simulator.stdout.on('data', (chunk) => {
    seen += chunk;
    const url = /listening on (\S+)/.exec(seen)?.[1];
    const key = /key: (\S+)/.exec(seen)?.[1];
    if (url && key) resolve({ baseURL: url, apiKey: key });
  });
});
// A stand-in OpenTelemetry collector: the OTLP example exports its spans here, and must have sent some.
const exports = [];
const collector = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    exports.push(request.url);
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
await new Promise((resolve) => collector.listen(0, '127.0.0.1', resolve));
const exampleEnv = {
  ...env,
  OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collector.address().port}`,
  OPENROUTER_API_KEY: apiKey,
  OPENROUTER_BASE_URL: baseURL,
  ...(process.env.POSTGRES_URL ? { DATABASE_URL: process.env.POSTGRES_URL } : {}),
};
for (const example of examples) {
  const name = `${example.readme} example ${example.index}`;
  const needs = [
    ...(/REDIS_URL/.test(example.code) ? ['REDIS_URL'] : []),
    ...(/DATABASE_URL/.test(example.code) ? ['DATABASE_URL'] : []),
  ].filter((variable) => !exampleEnv[variable]);
  if (needs.length) {
    if (process.env.ORKIT_REQUIRE_REDIS === '1' || process.env.ORKIT_REQUIRE_POSTGRES === '1') {
      failed += 1;
      say(`FAILED ${name}: ${needs.join(' and ')} not set`);
    } else say(`skipped ${name}: set ${needs.join(' and ')} (POSTGRES_URL for DATABASE_URL) to run it`);
    continue;
  }
  const [command, args] = example.test
    ? [process.execPath, [join(project, 'node_modules/vitest/vitest.mjs'), 'run', example.file]]
    : [
        process.execPath,
        ['--disable-warning=ExperimentalWarning', join('out', example.file.replace(/\.ts$/, '.js'))],
      ];
  try {
    const before = exports.length;
    // Asynchronously: the collector above answers on this process's event loop.
    await promisify(execFile)(command, args, {
      cwd: project,
      env: exampleEnv,
      timeout: 90_000,
      encoding: 'utf8',
    });
    if (/exporter-trace-otlp/.test(example.code) && !exports.slice(before).includes('/v1/traces'))
      throw new Error('it exported no spans to the collector');
    say(`ran ${name}`);
  } catch (error) {
    failed += 1;
    say(`FAILED ${name} (${example.file}):\n${error.stdout ?? ''}${error.stderr ?? error.message}`);
  }
}
simulator.kill();
collector.close();
if (!keep && !reuse) rmSync(work, { recursive: true, force: true });
else say(`kept ${work}`);
if (failed) {
  say(`${failed} problem(s); every README example must compile and run`);
  process.exit(1);
}
say(`all ${examples.length} README examples compiled (NodeNext and bundler) and ran`);
