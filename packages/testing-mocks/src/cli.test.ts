import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chatBody, postChat } from './raw-client.test-helper.js';

const CLI = new URL('./cli.ts', import.meta.url).pathname;
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

function run(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+\/api\/v1)\n/.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', () => reject(new Error(`exited before listening: ${stderr}`)));
  });
  // Tests of bad arguments never await `listening`; keep its rejection from counting as unhandled.
  listening.catch(() => undefined);
  return { child, exited, listening, output: () => ({ stdout, stderr }) };
}

describe('orkit-simulator CLI', () => {
  it('prints where it listens, serves the scenario and shuts down cleanly on SIGTERM', async () => {
    const cli = run(['--port', '0', '--scenario', 'outage']);
    const baseURL = await cli.listening;
    const down = await postChat(baseURL, chatBody('anthropic/claude-sonnet-5', 'x'));
    expect(down.status).toBe(503);
    const up = await postChat(baseURL, chatBody('openai/gpt-5.5', 'x'));
    expect(up.status).toBe(200);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.output().stdout).toMatch(/SIGTERM: closing after 2 requests/);
  });

  it('shuts down on SIGINT too', async () => {
    const cli = run(['--scenario', 'calm']);
    await cli.listening;
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
  });

  it.each([
    [['--scenario', 'storm'], "--scenario must be one of calm, flaky, outage, chaos, got 'storm'."],
    [['--port', 'x'], "--port must be an integer from 0 to 65535, got 'x'."],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('rejects %j with exit code 2', async (args, message) => {
    const cli = run(args);
    expect(await cli.exited).toBe(2);
    expect(cli.output().stderr).toContain(message);
  });

  it('loads a config file and reports every problem in a bad one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'orkit-sim-'));
    const good = join(dir, 'good.json');
    writeFileSync(
      good,
      JSON.stringify({
        models: [{ id: 'acme/tiny', pricing: { prompt: '0.000001', completion: '0.000002' } }],
        scripts: [{ prompt: 'ping', steps: { type: 'reply', text: 'pong' } }],
      }),
    );
    const cli = run(['--config', good]);
    const baseURL = await cli.listening;
    const body = (await (await postChat(baseURL, chatBody('acme/tiny', 'ping'))).json()) as {
      choices: Array<{ message: { content: string } }>;
    };
    expect(body.choices[0]?.message.content).toBe('pong');
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({ models: [{ id: 'nope', pricing: { prompt: 3 } }], chaos: { seed: 1, rate: 2 } }),
    );
    const failing = run(['--config', bad]);
    expect(await failing.exited).toBe(2);
    const { stderr } = failing.output();
    expect(stderr).toContain(`Invalid simulator config ${bad}:`);
    expect(stderr).toContain('models.0.id: an OpenRouter id such as "openai/gpt-5.5"');
    expect(stderr).toContain('models.0.pricing.prompt:');
    expect(stderr).toContain('chaos.rate:');
  });
});
