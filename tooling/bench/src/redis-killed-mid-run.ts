import { type AddressInfo, connect, createServer, type Socket } from 'node:net';

/** What a run with Redis killed halfway showed. */
export interface OutageRun {
  /** The slowest call, in ms: with a command timeout T it should be about T. */
  readonly slowestMs: number;
  /** Calls that threw (a typed denial, when the store fails closed). */
  readonly failed: number;
  /** Calls that never settled: must be 0. */
  readonly pending: number;
}

/**
 * Runs `total` calls, 20 at a time, through a TCP proxy in front of Redis, and tears the proxy down (sockets
 * destroyed, new connections refused) halfway through: Redis "killed" with calls in flight. `connect` gets the
 * proxy's port and returns the call to make and how to close its client.
 *
 * @example
 * const run = await redisKilledMidRun({ target: process.env.REDIS_URL!, total: 400, connect: async (port) => {
 *   const client = new Redis({ port }); return { call: () => store.admit(request), close: () => client.disconnect() };
 * } });
 */
export async function redisKilledMidRun(options: {
  readonly target: string;
  readonly total: number;
  readonly connect: (port: number) => Promise<{ call: () => PromiseLike<unknown>; close: () => void }>;
}): Promise<OutageRun> {
  const { hostname, port } = new URL(options.target);
  const sockets = new Set<Socket>();
  const proxy = createServer((inbound) => {
    const outbound = connect(Number(port || 6379), hostname || '127.0.0.1');
    sockets.add(inbound).add(outbound);
    inbound.pipe(outbound).pipe(inbound);
    const drop = () => {
      inbound.destroy();
      outbound.destroy();
    };
    inbound.on('error', drop).on('close', drop);
    outbound.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  let client: { call: () => PromiseLike<unknown>; close: () => void };
  try {
    client = await options.connect((proxy.address() as AddressInfo).port);
  } catch (error) {
    proxy.close();
    throw error;
  }
  const latencies: number[] = [];
  let pending = 0;
  let failed = 0;
  const one = async () => {
    pending += 1;
    const begun = performance.now();
    try {
      await client.call();
    } catch {
      failed += 1;
    } finally {
      pending -= 1;
      latencies.push(performance.now() - begun);
    }
  };
  const running: Promise<void>[] = [];
  for (let index = 0; index < options.total; index += 1) {
    if (index === options.total / 2) {
      proxy.close();
      for (const socket of sockets) socket.destroy();
    }
    running.push(one());
    if (index % 20 === 19) await Promise.all(running.splice(0));
  }
  await Promise.all(running);
  client.close();
  return { slowestMs: Math.max(0, ...latencies), failed, pending };
}
