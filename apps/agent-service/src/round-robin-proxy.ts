import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Options of {@link startRoundRobinProxy}. */
export interface RoundRobinProxyOptions {
  /** Replica base URLs, e.g. `http://127.0.0.1:4111`. */
  readonly targets: readonly string[];
  readonly port?: number;
  readonly host?: string;
  /** Largest body the proxy buffers (it needs the body to send it to the next replica). Default 2 MiB. */
  readonly maxBodyBytes?: number;
}

/** A running proxy. */
export interface RoundRobinProxy {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'te',
]);

function readBody(request: IncomingMessage, max: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        resolve('too-large');
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/**
 * A small round-robin HTTP proxy for trying replicas by hand (not a production load balancer). Each request goes to
 * the next replica; a replica that refuses the connection is skipped (the request goes to the next one). When a
 * replica dies in the middle of an event stream, the client gets one clean UI-stream `error` event and the end of
 * the stream, not a hung or silently cut connection.
 *
 * @example
 * const proxy = await startRoundRobinProxy({ targets: ['http://127.0.0.1:4111', 'http://127.0.0.1:4112'], port: 4110 });
 */
export async function startRoundRobinProxy(options: RoundRobinProxyOptions): Promise<RoundRobinProxy> {
  if (options.targets.length === 0)
    throw new RangeError('startRoundRobinProxy needs at least one target URL.');
  const targets = options.targets.map((target) => new URL(target));
  const maxBody = options.maxBodyBytes ?? 2 * 1_048_576;
  let next = 0;

  const server = createServer(async (request, response) => {
    const body = await readBody(request, maxBody).catch(() => undefined);
    if (body === undefined) return void response.destroy();
    if (body === 'too-large') {
      response.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
      return void response.end(
        JSON.stringify({
          error: { code: 'body_too_large', message: `The request body is larger than ${maxBody} bytes.` },
        }),
      );
    }
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter(([name]) => !HOP_BY_HOP.has(name) && name !== 'host'),
    );
    const start = next;
    next = (next + 1) % targets.length;
    const attempt = (index: number, tried: number) => {
      const target = targets[index % targets.length] as URL;
      const upstream = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: request.method,
          path: request.url,
          headers: {
            ...headers,
            'content-length': String(body.length),
            'x-forwarded-for': request.socket.remoteAddress ?? '',
          },
        },
        (answer) => {
          const streaming = /^text\/event-stream/.test(String(answer.headers['content-type'] ?? ''));
          const copied = Object.fromEntries(
            Object.entries(answer.headers).filter(([name]) => !HOP_BY_HOP.has(name)),
          );
          response.writeHead(answer.statusCode ?? 502, copied);
          if (streaming) response.flushHeaders();
          answer.pipe(response, { end: false });
          let ended = false;
          answer.on('end', () => {
            ended = true;
            response.end();
          });
          const died = () => {
            if (ended || response.writableEnded) return;
            ended = true;
            answer.unpipe(response);
            if (!streaming) return void response.destroy();
            const event = {
              type: 'error',
              errorText: `replica_lost: the replica serving this stream (${target.host}) stopped before the answer finished; send the message again.`,
            };
            response.end(`data: ${JSON.stringify(event)}\n\ndata: [DONE]\n\n`);
          };
          answer.on('aborted', died);
          answer.on('error', died);
          answer.on('close', died);
        },
      );
      upstream.on('error', (error: NodeJS.ErrnoException) => {
        if (response.headersSent) return;
        // Refused: nothing reached that replica, so another may take the request. (A reset is not retried: the
        // request may have reached a replica that had started the call.)
        if (tried + 1 < targets.length && error.code === 'ECONNREFUSED') return attempt(index + 1, tried + 1);
        response.writeHead(502, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            error: { code: 'no_replica', message: `No replica answered (${error.code ?? error.message}).` },
          }),
        );
      });
      response.on('close', () => {
        if (!response.writableFinished) upstream.destroy();
      });
      upstream.end(body);
    };
    attempt(start, 0);
  });
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const address = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${address.port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
