import { createHash, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { answerApi, type DashboardApiOptions, redactText } from './dashboard-api.js';
import { ObservabilityError } from './observability-errors.js';

/** Options of {@link startDashboard}. */
export interface DashboardOptions extends DashboardApiOptions {
  /** Default `127.0.0.1`. Any other address needs `token`. */
  readonly host?: string;
  /** Default 4319; `0` picks a free port. */
  readonly port?: number;
  /** Required on every request when bound beyond loopback (cookie, `Authorization: Bearer`, or `?token=` once). */
  readonly token?: string;
  /** What the page calls the ledger (e.g. its file name). Never include credentials. */
  readonly ledgerName?: string;
  /** How often the server looks for new records while a page is open. Default 1000 ms. */
  readonly pollMs?: number;
}

/** A running dashboard. */
export interface Dashboard {
  /** `http://127.0.0.1:4319` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Thrown when a dashboard cannot start as asked (e.g. a public address without a token). */
export class DashboardOptionsError extends ObservabilityError {
  override readonly name = 'DashboardOptionsError';
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const TYPES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'dashboard.js': 'text/javascript; charset=utf-8',
  'dashboard.css': 'text/css; charset=utf-8',
  'uPlot.iife.min.js': 'text/javascript; charset=utf-8',
  'uPlot.min.css': 'text/css; charset=utf-8',
};
// Nothing on the page may load from another host: the browser enforces it.
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** The page's files: built next to this module in `dist/`, or the sources and uPlot's own files when run from `src/`. */
function loadAssets(): Map<string, Buffer> {
  const built = new URL('./dashboard-page/', import.meta.url);
  const source = new URL('../dashboard-page/', import.meta.url);
  const folder = existsSync(fileURLToPath(new URL('index.html', built))) ? built : source;
  const require = createRequire(import.meta.url);
  const assets = new Map<string, Buffer>();
  for (const name of Object.keys(TYPES)) {
    const local = fileURLToPath(new URL(name, folder));
    const path = existsSync(local) ? local : require.resolve(`uplot/dist/${name}`);
    assets.set(name, readFileSync(path));
  }
  return assets;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

function tokenOf(request: IncomingMessage, url: URL): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7);
  const cookie = /(?:^|;\s*)orkit_dashboard=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
  return cookie ? decodeURIComponent(cookie) : (url.searchParams.get('token') ?? undefined);
}

function json(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8' });
  response.end(text);
}

/**
 * Serves the usage dashboard for a ledger: a page (charts with uPlot, bundled, nothing loaded from elsewhere) and
 * the JSON API it reads, which scripts can use too (`/api/summary`, `/api/series`, `/api/calls`,
 * `/api/calls/<id>`, `/api/events`, `/api/budgets`, and `/api/stream`, server-sent events when records land).
 * Every figure is computed in the ledger's database. Binds 127.0.0.1 unless told otherwise; any other address
 * needs a token, checked on every request.
 *
 * @example
 * import { startDashboard } from '@orkit/observability/dashboard';
 * import { createSqliteLedger } from '@orkit/observability/sqlite';
 * const dashboard = await startDashboard({ ledger: createSqliteLedger({ path: '.orkit/ledger.db' }), port: 0 });
 * console.log(`dashboard on ${dashboard.url}`);
 */
export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host) && !options.token)
    throw new DashboardOptionsError(
      `The dashboard binds ${host}, which other machines can reach: pass a token (--token or ORKIT_DASHBOARD_TOKEN) so every request must carry it, or bind 127.0.0.1.`,
    );
  if (options.token !== undefined && options.token.length < 16)
    throw new DashboardOptionsError(
      'The dashboard token must be at least 16 characters (e.g. `openssl rand -hex 16`).',
    );
  const expected = options.token ? digest(options.token) : undefined;
  const assets = loadAssets();
  const page = assets
    .get('index.html')
    ?.toString('utf8')
    .replaceAll('%LEDGER%', escapeHtml(redactText(options.ledgerName ?? 'ledger')));
  const clients = new Set<ServerResponse>();
  let marker: string | undefined;
  let poller: ReturnType<typeof setInterval> | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  const broadcast = (event: string, data: unknown) => {
    for (const client of clients) client.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const poll = async () => {
    try {
      const next = await options.ledger.insights.changeMarker((options.now ?? Date.now)());
      if (marker === undefined) broadcast('ready', { marker: next });
      else if (next !== marker) broadcast('change', { marker: next });
      marker = next;
    } catch (error) {
      broadcast('ledger-error', { message: redactText((error as Error).message) });
    }
  };
  const watch = (response: ServerResponse) => {
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/event-stream',
      connection: 'keep-alive',
    });
    response.write('retry: 2000\n\n');
    // `ready`: from now on, every record that lands is announced with `change`.
    if (marker !== undefined) response.write(`event: ready\ndata: ${JSON.stringify({ marker })}\n\n`);
    clients.add(response);
    response.on('close', () => {
      clients.delete(response);
      if (clients.size === 0) {
        clearInterval(poller);
        clearInterval(heartbeat);
        poller = heartbeat = undefined;
        marker = undefined;
      }
    });
    if (!poller) {
      void poll();
      poller = setInterval(() => void poll(), options.pollMs ?? 1_000);
      heartbeat = setInterval(() => {
        for (const client of clients) client.write(': still here\n\n');
      }, 15_000);
    }
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://dashboard.invalid');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      json(response, 405, {
        error: { code: 'method-not-allowed', message: 'The dashboard only answers GET.' },
      });
      return;
    }
    // A page on another site must not read a loopback dashboard through DNS rebinding.
    const hostName = (request.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    if (!expected && !LOOPBACK.has(hostName)) {
      json(response, 421, {
        error: { code: 'wrong-host', message: 'Open the dashboard at 127.0.0.1 or localhost.' },
      });
      return;
    }
    if (expected) {
      const given = tokenOf(request, url);
      if (!given || !timingSafeEqual(digest(given), expected)) {
        json(response, 401, {
          error: {
            code: 'token-required',
            message: 'Open the dashboard with ?token=<its token> (or send Authorization: Bearer).',
          },
        });
        return;
      }
      if (url.searchParams.has('token') && !url.pathname.startsWith('/api/')) {
        // Trade the token in the address for a cookie, so it does not stay in the address bar or history.
        url.searchParams.delete('token');
        response.writeHead(303, {
          ...SECURITY_HEADERS,
          location: url.pathname + url.search,
          'set-cookie': `orkit_dashboard=${encodeURIComponent(given)}; HttpOnly; SameSite=Strict; Path=/`,
        });
        response.end();
        return;
      }
    }
    if (url.pathname === '/api/stream') {
      watch(response);
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      answerApi(url.pathname.slice(5), url.searchParams, options).then(
        (answer) => json(response, answer.status, answer.body),
        (error: unknown) =>
          json(response, 500, { error: { code: 'internal', message: redactText(String(error)) } }),
      );
      return;
    }
    const name = url.pathname === '/' ? 'index.html' : url.pathname.slice(1);
    const body = name === 'index.html' ? page : assets.get(name);
    if (body === undefined || !(name in TYPES)) {
      json(response, 404, {
        error: { code: 'not-found', message: `No page '${url.pathname.slice(0, 80)}'.` },
      });
      return;
    }
    response.writeHead(200, { ...SECURITY_HEADERS, 'content-type': TYPES[name] as string });
    response.end(request.method === 'HEAD' ? undefined : body);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4319, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    async close() {
      clearInterval(poller);
      clearInterval(heartbeat);
      for (const client of clients) client.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
