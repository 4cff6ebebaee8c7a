/**
 * The server side of the simulator benchmark, in its own process so load and server each get a core.
 * `--mode simulator` runs the orkit simulator; `--mode bare` a node:http server answering one static chat
 * completion (the floor any simulator pays). Reports memory over IPC on request.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { faults, reply, startOpenRouterSimulator } from '@orkit/testing-mocks';

const mode = process.argv[process.argv.indexOf('--mode') + 1];
const hundredWords = Array.from({ length: 100 }, (_, index) => `w${index}`).join(' ');

async function start(): Promise<{ baseURL: string; close: () => Promise<void> }> {
  if (mode === 'bare') {
    const body = JSON.stringify({
      id: 'gen-1',
      object: 'chat.completion',
      created: 1,
      model: 'openai/gpt-5.5',
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Hello.' } }],
      usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12, cost: 0.00011 },
    });
    const server = createServer({ keepAliveTimeout: 65_000 }, (request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      baseURL: `http://127.0.0.1:${port}/api/v1`,
      close: () => new Promise((resolve) => server.close(() => resolve())),
    };
  }
  const simulator = await startOpenRouterSimulator({
    maxRecordedRequests: 1_000,
    maxGenerations: 1_000,
    scripts: [
      {
        prompt: 'hold',
        steps: faults.stall({ ms: 60_000, keepAlive: false, afterChunks: 50, text: hundredWords }),
      },
      { prompt: 'stream', steps: reply(hundredWords) },
      { steps: reply('Hello.') },
    ],
  });
  return simulator;
}

const server = await start();
process.on('message', (message: string) => {
  if (message === 'memory') {
    (globalThis as { gc?: () => void }).gc?.();
    process.send?.({ memory: process.memoryUsage() });
  }
  if (message === 'close') void server.close().then(() => process.exit(0));
});
process.send?.({ baseURL: server.baseURL });
